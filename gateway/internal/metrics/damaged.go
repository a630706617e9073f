package metrics

import "bufio"

// famDBDamaged is written for a store that can tell (the SQLite file's watch); PostgreSQL
// checks its own files.
var famDBDamaged = family{"checkin_database_damaged", "1 once the database file was found shrunk, its header overwritten or reported corrupt while the gateway ran (check-ins get 503 until a restart), else 0."}

// damageTeller is a store that knows whether its file was damaged under it.
type damageTeller interface{ Damaged() bool }

// writeDamaged writes checkin_database_damaged when the store can tell.
func writeDamaged(w *bufio.Writer, st Store) {
	d, ok := st.(damageTeller)
	if !ok {
		return
	}
	writeHead(w, famDBDamaged)
	writeValue(w, famDBDamaged.name, "", "", boolText(d.Damaged()))
}
