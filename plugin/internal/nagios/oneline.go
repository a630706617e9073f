package nagios

import (
	"strings"
	"unicode"
)

// OneLine makes text safe for a plugin's first line: its lines are trimmed and joined with
// " / ", empty ones dropped; other control characters (tabs included) become a space, runs of
// spaces shrink to one, '|' (which would start perfdata) becomes '/', and invalid UTF-8 becomes
// U+FFFD.
func OneLine(text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	var b strings.Builder
	b.Grow(len(text))
	pendingSpace, pendingBreak := false, false
	for _, r := range text {
		switch {
		case r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029:
			pendingBreak = true
			continue
		case r == '|':
			r = '/'
		case unicode.IsControl(r) || unicode.IsSpace(r):
			pendingSpace = true
			continue
		}
		if b.Len() > 0 {
			switch {
			case pendingBreak:
				b.WriteString(" / ")
			case pendingSpace:
				b.WriteByte(' ')
			}
		}
		pendingSpace, pendingBreak = false, false
		b.WriteRune(r)
	}
	return b.String()
}
