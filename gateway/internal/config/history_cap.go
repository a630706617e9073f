package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// byteUnits are the units ParseBytes takes, longest first so that "MiB" is not read as "B".
var byteUnits = []struct {
	suffix string
	factor int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"B", 1},
}

// ParseBytes reads a size: a whole number of bytes, or one with a unit (KiB, MiB, GiB, TiB, or
// KB, MB, GB, TB, powers of 1000), as in "64MiB" or "1 GiB".
func ParseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	factor := int64(1)
	for _, u := range byteUnits {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, factor = strings.TrimSpace(rest), u.factor
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q: want bytes as a whole number, or with a unit as in \"64MiB\"", s)
	}
	if n > 0 && factor > (1<<62)/n {
		return 0, fmt.Errorf("invalid size %q: too large", s)
	}
	return n * factor, nil
}

// historyMaxBytes reads history_max_bytes: bytes as a JSON number, or a string ParseBytes
// takes. nil when services.json does not set it (--history-max-bytes applies).
func historyMaxBytes(raw json.RawMessage) (*int64, error) {
	if raw == nil || string(raw) == "null" {
		return nil, nil
	}
	var s string
	if bytes.HasPrefix(raw, []byte(`"`)) {
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("field history_max_bytes: %w", err)
		}
	} else {
		s = string(raw)
	}
	n, err := ParseBytes(s)
	if err != nil {
		return nil, fmt.Errorf("field history_max_bytes: %w", err)
	}
	return &n, nil
}
