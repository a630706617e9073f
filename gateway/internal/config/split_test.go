package config

import (
	"bytes"
	"reflect"
	"testing"
)

// splitSeeds are files split takes, and files it leaves to the decoder.
var splitSeeds = []string{
	`{"laptop": {"token": "secret", "timeout": "2d"}, "backup": {"token": "s2", "timeout": 2764800, "grace": "2d", "owner": "ops"}}`,
	"\xef\xbb\xbf {\n\t\"a b\" : {\"token\": \"x\", \"timeout\": 0} \r\n}\n",
	`{}`,
	` { } `,
	`{"a": {"token": "x", "timeout": 1}, "a": {"token": "y", "timeout": 1}}`,
	`{"a": {"Token": "x", "TIMEOUT": 1}}`,
	`{"a\u0062": {"token": "x", "timeout": 1}}`,
	`{"a": {"token": "x}", "timeout": 1, "owner": "\"{[\\"}}`,
	`{"a": {"token": "x", "timeout": 1, "icinga": {"host": "h", "groups": ["g"], "vars": {"a": [1, "b", {"c": true}]}}}}`,
	`{"a": {"token": "x", "timeout": 1, "icinga": {"groups": ["g"}]}}`,
	`{"a": {"token": "x", "timeout": 1}} x`,
	`{"a": {"token": "x", "timeout": 1}`,
	`{"a": {"token": "x", "timeout": 1},}`,
	`{"a": null}`,
	`{"a": []}`,
	`{"a": {"token": "x", "timeout": 1, "token": "y"}}`,
	`{"a": {"token": "x", "timeout": 1} "b": {"token": "x", "timeout": 1}}`,
	`{"a": {"token": "x", "timeout": 1}, "b": {"token": "x", "timeout": "1q"}}`,
	`{"a": {"token": "x", "timeout": 1, "ping_uuid": "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b"}, "b": {"token": "x", "timeout": 1, "ping_uuid": "3F2B8C1E-5D4A-4E6F-9A7B-1C2D3E4F5A6B"}}`,
	`{"a": {"token": "x", "schedule": "0 2 * * *", "tz": "Europe/Berlin"}}`,
	`{"a": {"token": "x", "timeout": 1}}{}`,
	`{"a": {"token": "x", "timeout": 1e400}}`,
	"{\"a\": {\"token\": \"x\x01\", \"timeout\": 1}}",
	`{"a": {"token": "x", "timeout": 01}}`,
	`{"a": {"token": "x", "timeout": -0}}`,
	`{"a": {"token": "x", "timeout": -}}`,
	`{"a": {"token": "x", "timeout": 1.5}}`,
	`{"a": {"token": "x", "timeout": 0, "grace": 1e3}}`,
	`{"a": {"token": "x", "timeout": 0, "ping": truex}}`,
	`{"a": {"token": "x", "timeout": 0, "ping": nul}}`,
	`{"a": {"token": null, "timeout": null, "owner": null, "ping": null, "icinga": null}}`,
	`{"a": {"token": 1, "timeout": 0}}`,
	`{"a": {"token": "x", "timeout": 0, "tolerate_failures": "yes"}}`,
	`{"a": {"token": "x", "timeout": true}}`,
	`{"a": {"token": "x", "timeout": 0, "owner": "Jörg"}}`,
	"{\"a\": {\"token\": \"x\", \"timeout\": 0, \"owner\": \"J\xf6rg\"}}",
	`{"a": {"token": "x", "timeout": 0, "owner": "a\u00f6"}}`,
	`{"a": {"token": "x", "timeout": 0,}}`,
	`{"a": {"token": "x" "timeout": 0}}`,
	`{"a": {}}`,
	`{"a": { }}`,
	`{"a": {"token": "x", "timeout": "1d", "token_sha256": "ab"}}`,
	`{"a": {"token_sha256": "9fb25e8c9ccd5835be65786aa233d416dab596c058c786127ce2adb9e53181f8", "timeout": 0, "tolerate_failures": true, "ping": false, "ping_methods": "post"}}`,
	`{"a": {"token": "x", "schedule": "@daily", "tz": "UTC", "max_runtime": 600, "grace": "1h"}}`,
	`{"a": {"token": "x", "timeout": 0, "nope": 1}}`,
}

// Parse, which splits the file and decodes each service apart (most without encoding/json),
// accepts and refuses exactly what the decoder of the whole file (parseStream) does, with the
// same services, the same hashes of their settings (so that a reload after a file read by
// either finds them unchanged) and the same errors.
func FuzzSplitParsesAsTheStream(f *testing.F) {
	for _, s := range splitSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Parse(data)
		if isUTF16(data) {
			return // refused before either
		}
		want, wantErr := parseStream(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("Parse(%q) error = %v; the whole-file decoder says %v", data, err, wantErr)
		}
		if err != nil {
			return
		}
		if !reflect.DeepEqual(hashes(got), hashes(want)) {
			t.Fatalf("Reparse(%q) hashes the settings as %x; Parse as %x", data, hashes(got), hashes(want))
		}
		if !reflect.DeepEqual(withoutHashes(got), withoutHashes(want)) {
			t.Fatalf("Parse(%q) = %+v; the whole-file decoder gives %+v", data, got.Services(), want.Services())
		}
	})
}

func hashes(c *Config) []uint64 {
	var out []uint64
	for _, s := range c.Services() {
		out = append(out, s.settings)
	}
	return out
}

func withoutHashes(c *Config) []Service {
	var out []Service
	for _, s := range c.Services() {
		cp := *s
		cp.settings = 0
		out = append(out, cp)
	}
	return out
}

// A reload keeps the parsed Service of each service written as before and parses the others.
func TestReparseKeepsUnchangedServices(t *testing.T) {
	const before = `{"a": {"token": "x", "timeout": "1d"}, "b": {"token": "x", "timeout": "1d"}, "c": {"token": "x", "timeout": "1d"}}`
	prev, err := Parse([]byte(before))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		file     string
		wantKept map[string]bool
	}{
		{"same file", before, map[string]bool{"a": true, "b": true, "c": true}},
		{"one changed", `{"a": {"token": "x", "timeout": "1d"}, "b": {"token": "x", "timeout": "2d"}, "c": {"token": "x", "timeout": "1d"}}`, map[string]bool{"a": true, "c": true}},
		{"space changed", `{"a": {"token": "x",  "timeout": "1d"}, "b": {"token": "x", "timeout": "1d"}, "c": {"token": "x", "timeout": "1d"}}`, map[string]bool{"b": true, "c": true}},
		{"added and removed", "{\n\"c\": {\"token\": \"x\", \"timeout\": \"1d\"},\n\"d\": {\"token\": \"x\", \"timeout\": \"1d\"}}", map[string]bool{"c": true}},
		{"renamed", `{"x": {"token": "x", "timeout": "1d"}}`, map[string]bool{}},
		{"keys in other letter case", `{"a": {"Token": "x", "timeout": "1d"}, "b": {"token": "x", "timeout": "1d"}}`, map[string]bool{"b": true}},
		{"decoded by the whole-file decoder", `{"\u0061": {"token": "x", "timeout": "1d"}, "b": {"token": "x", "timeout": "1d"}}`, map[string]bool{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, err := Reparse(prev, []byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			fresh, err := Parse([]byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(withoutHashes(next), withoutHashes(fresh)) {
				t.Errorf("Reparse = %+v; want what Parse gives, %+v", next.Services(), fresh.Services())
			}
			for _, s := range next.Services() {
				if kept := s == prev.Service(s.Name); kept != tt.wantKept[s.Name] {
					t.Errorf("service %s kept its parsed Service = %v; want %v", s.Name, kept, tt.wantKept[s.Name])
				}
			}
		})
	}
}
