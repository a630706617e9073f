package sqlite

import "github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"

// The optional fast paths package overview finds on a store by type assertion: a rename here
// would silently fall back to evaluating every service on every pass, so it fails to compile
// instead. The assertions live in a test file because overview's own tests open SQLite stores:
// the engine importing overview would make that an import cycle, and an engine should not
// depend on its users anyway.
var (
	_ overview.Summaries = (*Store)(nil)
	_ overview.Changes   = (*Store)(nil) // SummariesChanged, from the in-memory summaries
)
