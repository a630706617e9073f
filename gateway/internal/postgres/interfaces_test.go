package postgres

import "github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"

// The optional fast paths package overview (and metrics) find on a store by type assertion: a
// rename here would silently fall back to one query per service, so it fails to compile
// instead. The assertions live in a test file so that the engine does not import one of its
// users (overview's tests open engines through backendtest).
var (
	_ overview.Summaries = (*Store)(nil)
	_ overview.Every     = (*Store)(nil) // EverySummary: all summaries in one query
	_ overview.Several   = (*Store)(nil) // SummariesOf: a page's summaries in one query
)
