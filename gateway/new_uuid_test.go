package main

import (
	"bytes"
	"context"
	"regexp"
	"testing"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n$`)

func TestNewUUIDPrintsDistinctVersion4UUIDs(t *testing.T) {
	seen := make(map[string]bool)
	for range 50 {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), []string{"new-uuid"}, func(string) string { return "" }, &stdout, &stderr); err != nil {
			t.Fatalf("new-uuid: %v\n%s", err, stderr.String())
		}
		out := stdout.String()
		if !uuidV4.MatchString(out) {
			t.Fatalf("new-uuid printed %q; want one lower-case version 4 UUID and a line break", out)
		}
		if seen[out] {
			t.Fatalf("new-uuid printed %q twice", out)
		}
		seen[out] = true
	}
}
