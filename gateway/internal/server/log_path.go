package server

import (
	"strings"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

// pathNode is a segment of the gateway's paths and the segments that may follow it; name
// marks the segment that is a service name.
type pathNode struct {
	next map[string]*pathNode
	name *pathNode // the node after a service name, when one may follow
}

// apiPaths are the paths routes serves (the ping paths apart: ping.Redactor hides what they
// hold).
var apiPaths = &pathNode{next: map[string]*pathNode{
	"report":  {},
	"alive":   {},
	"metrics": {},
	"login":   {},
	"logout":  {},
	"status":  {name: &pathNode{}},
	"api": {next: map[string]*pathNode{"v1": {next: map[string]*pathNode{
		"checkins": {},
		"services": {name: &pathNode{next: map[string]*pathNode{"history": {}}}},
	}}}},
}}

// pathForLog makes a request's path fit for the log: a ping path through redact (which hides
// ping keys and uuids), any other up to its first segment that is not part of the gateway's
// API or not a configured service name, the rest shown as "{unknown}". A client that sends a
// token (a read token, a service's) as part of a wrong URL never has it logged.
func pathForLog(redact func(string) string, cfg func() *config.Config) func(string) string {
	return func(path string) string {
		rest := strings.TrimPrefix(path, "/")
		if rest == "ping" || strings.HasPrefix(rest, "ping/") {
			return redact(path)
		}
		if rest == "" {
			return "/"
		}
		var b strings.Builder
		node := apiPaths
		for seg := range strings.SplitSeq(rest, "/") {
			next := node.next[seg]
			if next == nil && node.name != nil && cfg().Service(seg) != nil {
				next = node.name
			}
			if next == nil {
				b.WriteString("/{unknown}")
				return b.String()
			}
			b.WriteByte('/')
			b.WriteString(seg)
			node = next
		}
		return b.String()
	}
}

// isSecret tells the gateway's own secrets: the read token, the metrics token, the ping key and
// every service's token.
func isSecret(d Deps) func(string) bool {
	return func(s string) bool {
		return s != "" && (s == d.ReadToken || s == d.MetricsToken || s == d.PingKey || d.Config().IsToken(s))
	}
}
