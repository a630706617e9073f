package verdict

import (
	"strings"
	"testing"
)

// A cut that falls inside the escape of an invisible character drops the unfinished escape: the
// line never ends in half of one, such as "\u20".
func TestShortInfoEndsOnWholeEscape(t *testing.T) {
	tests := []struct {
		name, char, escape string
	}{
		{"zero width space", "\u200b", `\u200B`},
		{"language tag", "\U000E0001", `\U000E0001`},
	}
	for _, tt := range tests {
		for into := range len(tt.escape) + 2 {
			info := strings.Repeat("x", maxInfoBytes-into) + strings.Repeat(tt.char, 20)
			got, ok := strings.CutSuffix(shortInfo(info), " ... [cut]")
			if !ok {
				t.Fatalf("%s, cut %d bytes into the escapes: not marked [cut]", tt.name, into)
			}
			rest := strings.TrimLeft(got, "x")
			for strings.HasPrefix(rest, tt.escape) {
				rest = rest[len(tt.escape):]
			}
			if rest != "" {
				t.Errorf("%s, cut %d bytes into the escapes: ends in %q; want whole escapes only", tt.name, into, got[max(0, len(got)-24):])
			}
			if len(got) < maxInfoBytes-len(tt.escape) {
				t.Errorf("%s, cut %d bytes into the escapes: %d bytes kept; want at least %d", tt.name, into, len(got), maxInfoBytes-len(tt.escape))
			}
		}
	}
}
