package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseValid(t *testing.T) {
	c, err := Parse([]byte(`{
		"laptop":  {"token": "secret", "timeout": "2d"},
		"backup":  {"token": "secret2", "timeout": 2764800, "grace": "2d", "owner": "ops"},
		"archive": {"token": "secret3", "timeout": 0},
		"db dump@host:1": {"token": "x", "timeout": "3600", "tolerate_failures": true},
		"hashed": {"token_sha256": "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b", "timeout": "1w"}
	}`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got := strings.Join(c.Names(), ","); got != "archive,backup,db dump@host:1,hashed,laptop" {
		t.Errorf("Names() = %s", got)
	}
	tests := []struct {
		name             string
		timeout, grace   time.Duration
		tolerate         bool
		owner, goodToken string
	}{
		{"laptop", 48 * time.Hour, 12 * time.Hour, false, "", "secret"},
		{"backup", 32 * 24 * time.Hour, 48 * time.Hour, false, "ops", "secret2"},
		{"archive", 0, 12 * time.Hour, false, "", "secret3"},
		{"db dump@host:1", time.Hour, 12 * time.Hour, true, "", "x"},
		{"hashed", 7 * 24 * time.Hour, 7 * 24 * time.Hour / 9, false, "", "secret"},
	}
	for _, tt := range tests {
		s := c.Service(tt.name)
		if s == nil {
			t.Fatalf("Service(%q) = nil", tt.name)
		}
		if s.Timeout != tt.timeout || s.Grace != tt.grace || s.TolerateFailures != tt.tolerate || s.Owner != tt.owner {
			t.Errorf("Service(%q) = %+v; want timeout %v grace %v tolerate %v owner %q", tt.name, s, tt.timeout, tt.grace, tt.tolerate, tt.owner)
		}
		if !s.Authorize(tt.goodToken) || s.Authorize(tt.goodToken+"x") || s.Authorize("") {
			t.Errorf("Service(%q).Authorize gives wrong answers", tt.name)
		}
	}
	if c.Service("nope") != nil {
		t.Errorf("Service(nope) != nil")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []parseErrorCase{
		{"unknown key", `{"a": {"token": "t", "timeout": 1, "timout": 2}}`, []string{`service "a"`, `unknown field "timout"`}},
		{"bad duration", `{"a": {"token": "t", "timeout": "2x"}}`, []string{`service "a"`, "field timeout", `unknown unit`}},
		{"bad grace", `{"a": {"token": "t", "timeout": 1, "grace": "soon"}}`, []string{`service "a"`, "field grace"}},
		{"negative", `{"a": {"token": "t", "timeout": -1}}`, []string{"field timeout", "negative"}},
		{"fraction", `{"a": {"token": "t", "timeout": 1.5}}`, []string{"field timeout", "whole seconds"}},
		{"bool timeout", `{"a": {"token": "t", "timeout": true}}`, []string{"field timeout"}},
		{"missing token", `{"a": {"timeout": 1}}`, []string{`service "a"`, "field token", "missing"}},
		{"empty token", `{"a": {"token": "", "timeout": 1}}`, []string{"field token", "empty"}},
		{"token type", `{"a": {"token": 5, "timeout": 1}}`, []string{"field token", "want a string"}},
		{"both tokens", `{"a": {"token": "x", "token_sha256": "00", "timeout": 1}}`, []string{"not both"}},
		{"bad hash", `{"a": {"token_sha256": "abc", "timeout": 1}}`, []string{"field token_sha256", "64 hexadecimal"}},
		{"missing timeout", `{"a": {"token": "t"}}`, []string{"field timeout", "missing"}},
		{"tolerate type", `{"a": {"token": "t", "timeout": 1, "tolerate_failures": "yes"}}`, []string{"field tolerate_failures", "true or false"}},
		{"duplicate", `{"a": {"token": "t", "timeout": 1}, "a": {"token": "u", "timeout": 2}}`, []string{`service "a"`, "defined twice"}},
		{"bad name", `{"a/b": {"token": "t", "timeout": 1}}`, []string{`service "a/b"`, "invalid name"}},
		{"long name", `{"` + strings.Repeat("n", 129) + `": {"token": "t", "timeout": 1}}`, []string{"invalid name"}},
		{"not an object", `["a"]`, []string{"line 1, column 1", "one JSON object"}},
		{"service not an object", `{"a": "t"}`, []string{`service "a"`, "want an object"}},
		{"malformed", "{\n  \"a\": {\"token\": \"t\",\n   \"timeout\": 1,}\n}", []string{"line 3, column 17", "malformed JSON"}},
		{"truncated", "{\"a\": {\"token\": \"t\"", []string{"unexpected end"}},
		{"trailing", `{} {}`, []string{"unexpected data"}},
		{"empty file", ``, []string{"unexpected end"}},
	}
	checkParseErrors(t, tests)
}

func TestLoadFileNamesPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "services.json")
	if err := os.WriteFile(path, []byte(`{"a": {}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("LoadFile = %v; want an error naming %s", err, path)
	}
	if _, err := LoadFile(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Errorf("LoadFile(missing) succeeded")
	}
}

func TestSampleServicesFile(t *testing.T) {
	c, err := LoadFile("../../../services.json")
	if err != nil {
		t.Fatalf("the sample services.json does not load: %v", err)
	}
	if c.Len() < 3 {
		t.Errorf("sample has %d services; want at least 3", c.Len())
	}
}

// parseErrorCase is a services.json that Parse must refuse, with words its error must hold.
type parseErrorCase struct {
	name, in string
	want     []string // all must appear in the error
}

// checkParseErrors runs Parse on each case and checks that it fails naming every wanted word.
func checkParseErrors(t *testing.T, tests []parseErrorCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil {
				t.Fatalf("Parse(%q) succeeded; want error", tt.in)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Parse(%q) = %v; want it to mention %q", tt.in, err, w)
				}
			}
		})
	}
}
