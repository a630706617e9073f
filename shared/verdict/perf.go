package verdict

import (
	"strconv"
	"strings"
)

// Perf is one performance data item. Warn, Crit, Min and Max are written as given; empty ones
// stay empty, as the plugin guidelines allow.
type Perf struct {
	Label string
	Value float64
	Unit  string
	Warn  string
	Crit  string
	Min   string
	Max   string
}

// String writes label=value[unit];warn;crit;min;max, dropping empty trailing fields and quoting
// the label when it holds a space, '=' or a quote.
func (p Perf) String() string {
	var b strings.Builder
	b.WriteString(quoteLabel(p.Label))
	b.WriteString("=")
	b.WriteString(strconv.FormatFloat(p.Value, 'f', -1, 64))
	b.WriteString(p.Unit)
	fields := []string{p.Warn, p.Crit, p.Min, p.Max}
	last := len(fields)
	for last > 0 && fields[last-1] == "" {
		last--
	}
	for _, f := range fields[:last] {
		b.WriteString(";")
		b.WriteString(f)
	}
	return b.String()
}

// quoteLabel puts a label in single quotes when it needs them; a quote inside is doubled.
// Characters that would break the line or the perfdata ('|', control characters) become '_'.
func quoteLabel(label string) string {
	label = strings.Map(func(r rune) rune {
		if r == '|' || r < ' ' || r == 0x7f {
			return '_'
		}
		return r
	}, label)
	if label == "" {
		return "''"
	}
	if !strings.ContainsAny(label, " ='") {
		return label
	}
	return "'" + strings.ReplaceAll(label, "'", "''") + "'"
}
