package servicehistory

import (
	"hash/maphash"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxShownInfo is the most of an info a row of a status page shows (the list's rows and a
// service's history). An info may hold 64 KiB, and a service's page has up to historyRows
// rows: in full, one page was 30 MB of HTML and held some 100 MB while it was sent, so that
// fifty clients that ask for it and never read took 5 GB. The whole text stays in the
// history API; the service's own state at the top of its page is shown in full.
const maxShownInfo = 2 << 10

// CutInfo is info as a row shows it: the whole of it up to maxShownInfo bytes, else its first
// maxShownInfo bytes (whole characters), copied so that the long text can be freed, and a note
// of its length.
func CutInfo(info string) string {
	if len(info) <= maxShownInfo {
		return info
	}
	n := maxShownInfo
	for n > 0 && !utf8.RuneStart(info[n]) {
		n--
	}
	return strings.Clone(info[:n]) + " … (cut: " + strconv.Itoa(len(info)) + " bytes in all; the history API has the whole text)"
}

// infoSeed keys the sums that tell infos apart once they are cut.
var infoSeed = maphash.MakeSeed()

// infoSum is a fingerprint of the whole info, so that check-ins whose infos differ only after
// the cut are not folded into one row.
func infoSum(info string) uint64 { return maphash.String(infoSeed, info) }
