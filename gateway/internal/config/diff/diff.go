// Package diff says what a reload of services.json changed: the services added, removed and
// changed, for its log line.
package diff

import (
	"fmt"
	"strings"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

// diffLogLimit is how many names of each kind a reload's log line shows.
const diffLogLimit = 20

// Changes are the services a new configuration added, removed and changed, each list in
// lexical order.
type Changes struct {
	Added, Removed, Changed []string
}

// Services compares two configurations. A service is changed when its settings are not
// written as before (a reformatted service counts); old may be nil (a first load).
func Services(old, cur *config.Config) Changes {
	var c Changes
	var oldNames []string
	if old != nil {
		oldNames = old.Names()
	}
	curNames := cur.Names()
	i, j := 0, 0
	for i < len(oldNames) || j < len(curNames) {
		switch {
		case j == len(curNames) || (i < len(oldNames) && oldNames[i] < curNames[j]):
			c.Removed = append(c.Removed, oldNames[i])
			i++
		case i == len(oldNames) || curNames[j] < oldNames[i]:
			c.Added = append(c.Added, curNames[j])
			j++
		default:
			if !old.Services()[i].SameSettings(cur.Services()[j]) {
				c.Changed = append(c.Changed, curNames[j])
			}
			i++
			j++
		}
	}
	return c
}

// LogArgs are slog key/value pairs for a reload's log line: added, removed and changed, each
// the names separated by ", " (no name has a comma), at most diffLogLimit, then how many
// more; only those with any.
func (c Changes) LogArgs() []any {
	var args []any
	for _, kind := range []struct {
		key   string
		names []string
	}{{"added", c.Added}, {"removed", c.Removed}, {"changed", c.Changed}} {
		if len(kind.names) > 0 {
			args = append(args, kind.key, listNames(kind.names, diffLogLimit))
		}
	}
	return args
}

// listNames lists up to limit names and says how many more there are.
func listNames(names []string, limit int) string {
	var b strings.Builder
	for i, n := range names[:min(len(names), limit)] {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(n)
	}
	if len(names) > limit {
		fmt.Fprintf(&b, " and %d more", len(names)-limit)
	}
	return b.String()
}
