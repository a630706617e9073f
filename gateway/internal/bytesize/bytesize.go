// Package bytesize reads sizes as the flags and services.json write them: "64MiB", "1 GiB",
// "500MB" or a whole number of bytes.
package bytesize

import (
	"fmt"
	"strconv"
	"strings"
)

// byteUnits are the units Parse takes, longest first so that "MiB" is not read as "B".
var byteUnits = []struct {
	suffix string
	factor int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"B", 1},
}

// Parse reads a size: a whole number of bytes, or one with a unit (KiB, MiB, GiB, TiB, or
// KB, MB, GB, TB, powers of 1000), as in "64MiB" or "1 GiB".
func Parse(s string) (int64, error) {
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
