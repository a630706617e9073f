package checkin

import (
	"fmt"
	"strings"
	"unicode"
)

// ShowInvisible returns text with every invisible formatting character written as a visible
// escape, \u202E or \U000E0041: bidirectional overrides and marks, zero-width spaces and
// joiners, the byte order mark, tag characters (Unicode's "format" category) and the blank
// Hangul fillers. A report's info may hold them by accident or to deceive: U+202E makes
// "KO llA" read "All OK". Pages and plugin output show info through this function.
func ShowInvisible(text string) string {
	i := strings.IndexFunc(text, invisible)
	if i < 0 {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 8)
	b.WriteString(text[:i])
	for _, r := range text[i:] {
		switch {
		case !invisible(r):
			b.WriteRune(r)
		case r <= 0xFFFF:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			fmt.Fprintf(&b, `\U%08X`, r)
		}
	}
	return b.String()
}

// invisible reports whether r shows nothing, or changes how the text around it is shown.
func invisible(r rune) bool {
	switch r {
	case 0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0: // combining grapheme joiner, Hangul fillers
		return true
	}
	return r > 0x7F && unicode.Is(unicode.Cf, r)
}
