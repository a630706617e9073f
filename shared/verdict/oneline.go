package verdict

import (
	"strings"
	"unicode"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// OneLine makes text safe for a plugin's first line: its lines are trimmed and joined with
// " / ", empty ones dropped; other control characters (tabs included) become a space, runs of
// spaces shrink to one, '|' (which would start perfdata) becomes '/', invalid UTF-8 becomes
// U+FFFD, and invisible formatting characters (bidi overrides, zero-width spaces) are shown as
// escapes such as \u202E (see checkin.ShowInvisible).
func OneLine(text string) string {
	text = checkin.ShowInvisible(strings.ToValidUTF8(text, "\uFFFD"))
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
