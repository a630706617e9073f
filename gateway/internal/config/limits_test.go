package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStringFieldLimit(t *testing.T) {
	long := strings.Repeat("x", MaxStringBytes+1)
	var tests []parseErrorCase
	for _, field := range []string{"owner", "schedule", "tz", "ping_methods", "rate"} {
		tests = append(tests, parseErrorCase{field, `{"svc": {"token": "t", "timeout": 60, "` + field + `": "` + long + `"}}`,
			[]string{`service "svc"`, "field " + field, "4096", "4 KiB"}})
	}
	tests = append(tests,
		parseErrorCase{"token", `{"svc": {"token": "` + long + `", "timeout": 60}}`, []string{`service "svc"`, "field token", "4 KiB"}},
		// An escape sends the service through encoding/json: the same check there.
		parseErrorCase{"owner with escape", `{"svc": {"token": "t", "timeout": 60, "owner": "\n` + long + `"}}`, []string{`service "svc"`, "field owner"}},
		parseErrorCase{"icinga", `{"svc": {"token": "t", "timeout": 60, "icinga": {"display_name": "` + strings.Repeat("y", 70<<10) + `"}}}`,
			[]string{`service "svc"`, "field icinga"}},
	)
	checkParseErrors(t, tests)

	ok := strings.Repeat("x", MaxStringBytes)
	if _, err := Parse([]byte(`{"svc": {"token": "t", "timeout": 60, "owner": "` + ok + `"}}`)); err != nil {
		t.Errorf("owner of exactly %d bytes: %v; want it taken", MaxStringBytes, err)
	}
}

// A file over MaxFileBytes is refused, before it is read whole; the configuration read before
// stays as it was, for the reload to keep.
func TestFileSizeLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "services.json")
	if err := os.WriteFile(path, []byte(`{"backup": {"token": "t", "timeout": "1d"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	old, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Valid JSON throughout: many services of long owners.
	var b strings.Builder
	b.WriteString("{")
	owner := strings.Repeat("o", 4000)
	for i := 0; b.Len() <= MaxFileBytes; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"s%06d": {"token": "t", "timeout": 60, "owner": "%s"}`, i, owner)
	}
	b.WriteString("}")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = ReloadFile(old, path)
	if err == nil || !strings.Contains(err.Error(), "larger than 16 MiB") || !strings.Contains(err.Error(), path) {
		t.Errorf("ReloadFile of %d bytes = %v; want an error naming the file and the 16 MiB limit", b.Len(), err)
	}
	if _, err := Parse([]byte(b.String())); err == nil || !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Errorf("Parse of %d bytes = %v; want the 16 MiB limit", b.Len(), err)
	}
	if old.Len() != 1 || old.Service("backup") == nil {
		t.Errorf("the old configuration changed: %v", old.Names())
	}
}
