package checkin

// InfoControl reports whether r is a control character a check-in's info may not carry: every
// C0 and C1 control and DEL, but tab, line feed and carriage return. A check-in holding one is
// refused; a ping's body and an imported row have it replaced by U+FFFD.
func InfoControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f || (r >= 0x80 && r < 0xa0)
}

// HasInfoControl reports whether s holds a character InfoControl names.
func HasInfoControl(s string) bool {
	for _, r := range s {
		if InfoControl(r) {
			return true
		}
	}
	return false
}
