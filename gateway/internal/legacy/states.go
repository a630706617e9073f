package legacy

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Skipped is a row of states that cannot become a check-in, and why.
type Skipped struct {
	Service   string
	Timestamp string // as stored, or NULL
	Status    string // as stored, or NULL
	Reason    string
}

// StateServices lists the services that have rows in states, in name order.
func (s *Source) StateServices(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT service FROM states WHERE service IS NOT NULL ORDER BY service`)
	if err != nil {
		return nil, fmt.Errorf("list services in states: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("list services in states: %w", err)
		}
		names = append(names, name)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list services in states: %w", err)
	}
	return names, nil
}

// States reads every row of states for one service and maps it: check-ins sorted by time
// (oldest first; rows with the same time keep the table's order), and the rows that cannot be
// mapped. A bad row never stops the others.
func (s *Source) States(ctx context.Context, service string) ([]storage.Checkin, []Skipped, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT timestamp, status, info_text FROM states WHERE service = ? ORDER BY timestamp, rowid`, service)
	if err != nil {
		return nil, nil, fmt.Errorf("read states of %s: %w", service, err)
	}
	defer rows.Close()
	var out []storage.Checkin
	var skipped []Skipped
	for rows.Next() {
		var ts, status, info any
		if err := rows.Scan(&ts, &status, &info); err != nil {
			return nil, nil, fmt.Errorf("read states of %s: %w", service, err)
		}
		c, reason := MapState(service, ts, status, info)
		if reason != "" {
			skipped = append(skipped, Skipped{Service: service, Timestamp: show(ts), Status: show(status), Reason: reason})
			continue
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("read states of %s: %w", service, err)
	}
	sortByTime(out)
	return out, skipped, nil
}

// MapState turns one row of states into a check-in, or says why it cannot.
func MapState(service string, ts, status, info any) (storage.Checkin, string) {
	at, err := Timestamp(ts)
	if err != nil {
		return storage.Checkin{}, err.Error()
	}
	st, err := Status(status)
	if err != nil {
		return storage.Checkin{}, err.Error()
	}
	return storage.Checkin{Service: service, Status: st, Info: Info(info), At: at, Kind: checkin.KindReport}, ""
}

// Status reads a stored status in any letter case, with the older gateway's misspelling
// UNKOWN for UNKNOWN.
func Status(v any) (checkin.Status, error) {
	text, ok := textOf(v)
	if !ok {
		return 0, fmt.Errorf("status is %s", show(v))
	}
	text = strings.TrimSpace(text)
	if strings.EqualFold(text, "UNKOWN") {
		return checkin.Unknown, nil
	}
	st, err := checkin.ParseStatus(text)
	if err != nil {
		return 0, fmt.Errorf("unknown status %q", text)
	}
	return st, nil
}

// Info reads info_text: NULL and the older gateway's placeholder no_info are no info.
func Info(v any) string {
	text, ok := textOf(v)
	if !ok {
		if v == nil {
			return ""
		}
		return show(v) // a number stored as info: keep it as text
	}
	if text == "no_info" {
		return ""
	}
	return cleanInfo(text)
}

// maxInfoBytes is the most info an imported row keeps: no live check-in can carry more.
const maxInfoBytes = checkin.MaxBodyBytes

// cleanInfo holds imported info to the rules of a live check-in, which the older gateway did
// not have: invalid UTF-8 and control characters other than tab and line breaks become U+FFFD
// (PostgreSQL refuses both, and they would reach terminals as they are), and text beyond
// maxInfoBytes is cut (a state answer larger than the plugin reads turns Icinga's state
// UNKNOWN).
func cleanInfo(text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.Map(func(r rune) rune {
		if checkin.InfoControl(r) {
			return '\uFFFD'
		}
		return r
	}, text)
	if len(text) > maxInfoBytes {
		const cut = " [cut by the import]"
		text = strings.ToValidUTF8(text[:maxInfoBytes-len(cut)], "") + cut
	}
	return text
}

// maxUnix is the last second a check-in time can have (time.Time as Unix nanoseconds, as the
// store keeps it, ends in 2262).
const maxUnix = math.MaxInt64/int64(time.Second) - 1

// Timestamp reads a stored time: Unix seconds as INTEGER or REAL (with the fraction kept to
// the digits stored), or as text holding such a number. NULL, text that is no number, 0 (the
// older gateway's "never") and times out of range are refused.
func Timestamp(v any) (time.Time, error) {
	var text string
	switch v := v.(type) {
	case int64:
		if v <= 0 || v > maxUnix {
			return time.Time{}, fmt.Errorf("timestamp %d out of range", v)
		}
		return time.Unix(v, 0).UTC(), nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return time.Time{}, fmt.Errorf("timestamp %v is no time", v)
		}
		// The shortest decimal that reads back as v is what the older gateway stored (Python
		// writes floats the same way), so its digits are the stored precision.
		text = strconv.FormatFloat(v, 'f', -1, 64)
	default:
		t, ok := textOf(v)
		if !ok {
			return time.Time{}, fmt.Errorf("timestamp is %s", show(v))
		}
		text = strings.TrimSpace(t)
	}
	return decimalSeconds(text)
}

// decimalSeconds reads "1700000000" or "1700000000.123456" exactly, to the nanosecond.
func decimalSeconds(text string) (time.Time, error) {
	whole, frac, _ := strings.Cut(text, ".")
	bad := fmt.Errorf("timestamp %q is not Unix seconds", text)
	if whole == "" || !allDigits(whole) || !allDigits(frac) {
		return time.Time{}, bad
	}
	secs, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || secs > maxUnix {
		return time.Time{}, fmt.Errorf("timestamp %q out of range", text)
	}
	if len(frac) > 9 {
		frac = frac[:9] // beyond nanoseconds: more than the store keeps
	}
	var nanos int64
	if frac != "" {
		nanos, _ = strconv.ParseInt(frac+strings.Repeat("0", 9-len(frac)), 10, 64)
	}
	if secs == 0 && nanos == 0 {
		return time.Time{}, fmt.Errorf("timestamp %q out of range", text)
	}
	return time.Unix(secs, nanos).UTC(), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// textOf returns v as text when SQLite gave TEXT (or a BLOB).
func textOf(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case []byte:
		return string(v), true
	}
	return "", false
}

// show writes a stored value for a listing: NULL, a number, or quoted text.
func show(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return strconv.Quote(v)
	case []byte:
		return strconv.Quote(string(v))
	}
	return fmt.Sprint(v)
}

// sortByTime sorts check-ins oldest first, keeping the order of those with the same time.
func sortByTime(cs []storage.Checkin) {
	slices.SortStableFunc(cs, func(a, b storage.Checkin) int { return a.At.Compare(b.At) })
}
