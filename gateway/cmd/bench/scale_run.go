package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// runScale measures the scale section at each of the comma-separated service counts and
// prints its table; an empty list skips it.
func runScale(bin, dir, counts string) (bool, error) {
	if counts == "" {
		return true, nil
	}
	var rs []scaleResult
	for part := range strings.SplitSeq(counts, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 100 {
			return false, fmt.Errorf("-scale: %q is no service count of 100 or more", part)
		}
		r, err := scale(bin, dir, n)
		if err != nil {
			return false, fmt.Errorf("scale %d: %w", n, err)
		}
		rs = append(rs, r)
	}
	fmt.Printf("\nScale: services with 2 check-ins each, 1 in 100 CRITICAL; medians of 3 starts, 3 reloads, 9 page and list GETs, 5 scrapes\n\n")
	return printScale(os.Stdout, rs), nil
}
