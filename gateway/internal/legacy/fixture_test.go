package legacy

import (
	"context"
	"testing"
)

// mustOpenSource opens path with Open and closes it with the test.
func mustOpenSource(t testing.TB, path string) *Source {
	t.Helper()
	src, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { src.Close() })
	return src
}
