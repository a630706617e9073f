package pgtest

import "testing"

// skipShort skips a test that needs a PostgreSQL cluster under -short: starting one takes
// seconds, too long for the inner loop. `make test` runs them.
func skipShort(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("needs a PostgreSQL cluster: skipped under -short")
	}
}
