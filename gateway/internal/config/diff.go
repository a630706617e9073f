package config

import (
	"fmt"
	"strings"
)

// diffLogLimit is how many names of each kind a reload's log line shows.
const diffLogLimit = 20

// Changes are the services a new configuration added, removed and changed, each list in
// lexical order.
type Changes struct {
	Added, Removed, Changed []string
}

// Diff compares two configurations. A service is changed when its settings are not written
// as before (a reformatted service counts); old may be nil (a first load).
func Diff(old, cur *Config) Changes {
	var c Changes
	var oldNames []string
	if old != nil {
		oldNames = old.names
	}
	i, j := 0, 0
	for i < len(oldNames) || j < len(cur.names) {
		switch {
		case j == len(cur.names) || (i < len(oldNames) && oldNames[i] < cur.names[j]):
			c.Removed = append(c.Removed, oldNames[i])
			i++
		case i == len(oldNames) || cur.names[j] < oldNames[i]:
			c.Added = append(c.Added, cur.names[j])
			j++
		default:
			if a, b := old.list[i], cur.list[j]; a != b && (a.settings == 0 || a.settings != b.settings) {
				c.Changed = append(c.Changed, cur.names[j])
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
