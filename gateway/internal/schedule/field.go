package schedule

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// field describes one of the five fields: its name in error messages, its range and its
// names (months and days of the week).
type field struct {
	name     string
	min, max int
	names    []string // names[i] is the value min+i; nil when the field has none
}

var (
	minuteField = field{name: "minute", min: 0, max: 59}
	hourField   = field{name: "hour", min: 0, max: 23}
	domField    = field{name: "day of month", min: 1, max: 31}
	monthField  = field{name: "month", min: 1, max: 12,
		names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}}
	// Day of the week runs 0..7: 0 and 7 are both Sunday.
	dowField = field{name: "day of week", min: 0, max: 7,
		names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"}}
)

// parseList reads a comma-separated list of terms into a bit set of values. Each term is *,
// N, N-M, or one of those followed by /STEP; N/STEP means N to the field's maximum.
func (f field) parseList(s string) (uint64, error) {
	var bits uint64
	for term := range strings.SplitSeq(s, ",") {
		b, err := f.parseTerm(term)
		if err != nil {
			return 0, err
		}
		bits |= b
	}
	return bits, nil
}

func (f field) parseTerm(term string) (uint64, error) {
	if term == "" {
		return 0, errors.New("empty list item")
	}
	rng, stepText, hasStep := strings.Cut(term, "/")
	step := 1
	if hasStep {
		n, err := strconv.Atoi(stepText)
		if err != nil || n < 1 || !isDigits(stepText) {
			return 0, fmt.Errorf("step %q: want a whole number of at least 1", stepText)
		}
		step = n
	}
	var lo, hi int
	switch {
	case rng == "*":
		lo, hi = f.min, f.max
	case strings.Contains(rng, "-"):
		a, b, _ := strings.Cut(rng, "-")
		var err error
		if lo, err = f.value(a); err != nil {
			return 0, err
		}
		if hi, err = f.value(b); err != nil {
			return 0, err
		}
		if hi < lo {
			return 0, fmt.Errorf("range %q runs backwards", rng)
		}
	default:
		var err error
		if lo, err = f.value(rng); err != nil {
			return 0, err
		}
		hi = lo
		if hasStep {
			hi = f.max
		}
	}
	var bits uint64
	for v := lo; v <= hi; v += step {
		bits |= 1 << v
	}
	return bits, nil
}

// value reads one number or name of the field.
func (f field) value(s string) (int, error) {
	for i, n := range f.names {
		if strings.EqualFold(s, n) {
			return f.min + i, nil
		}
	}
	if !isDigits(s) {
		if f.names != nil {
			return 0, fmt.Errorf("%q is neither a number from %d to %d nor a name like %s", s, f.min, f.max, f.names[1])
		}
		return 0, fmt.Errorf("%q is not a number from %d to %d", s, f.min, f.max)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < f.min || n > f.max {
		return 0, fmt.Errorf("%s is out of range %d to %d", s, f.min, f.max)
	}
	return n, nil
}

func isDigits(s string) bool {
	if s == "" || len(s) > 4 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
