package checkinreq

import (
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// FuzzParseFlatJSON checks that whenever the fast path accepts a body, the general decoder
// accepts it too with the same fields. `go test` runs the seeds; `go test -fuzz` explores.
func FuzzParseFlatJSON(f *testing.F) {
	for _, seed := range []string{
		`{"service": "backup", "token": "secret-backup", "status": "OK", "info": "done"}`,
		` {"service_name":"backup","token":"t","status":"ok"} `,
		`{"service": "backup", "token": "t", "status": "OK", "info": null}`,
		`{"service": "backup", "token": "t", "status": null}`,
		`{"service": "backup", "token": "t", "status": "OK", "status": "CRITICAL"}`,
		`{"service": "backup", "x": "1", "x": "2", "token": "t", "status": "OK"}`,
		`{"service": "backup", "token": "t", "status": "OK", "info": "a\nb"}`,
		`{"service": "backup", "token": "t", "status": "OK", "n": 5}`,
		`{"service": "backup", "token": 123}`,
		`{"service": "ü ✓", "token": "t", "status": "OK", "info": "tab	in"}`,
		`{"service": "backup",}`,
		`{"service": "backup"} x`,
		`{}`, `{`, `}`, ``, `[]`, `"OK"`, `{"a":nul}`, `{"a":nullx}`, `{"a" "b"}`,
		"{\"info\": \"raw\x01control\"}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if !utf8.Valid(body) {
			return // decodeCheckin rejects it before parsing
		}
		fast, ok := parseFlatJSON(body)
		if !ok {
			return
		}
		slow, err := parseJSONTokens(body)
		if err != nil {
			t.Fatalf("parseFlatJSON(%q) accepted; the general decoder says %v", body, err)
		}
		if diff := cmp.Diff(slow, fast, cmp.AllowUnexported(checkinFields{})); diff != "" {
			t.Errorf("parseFlatJSON(%q) differs from the general decoder (-general +fast):\n%s", body, diff)
		}
	})
}

// TestParseFlatJSONTakesCommonBodies makes sure the fast path is really taken for what
// clients send, so that the benchmark measures it.
func TestParseFlatJSONTakesCommonBodies(t *testing.T) {
	for _, body := range []string{
		`{"service": "backup", "token": "secret-backup", "status": "OK", "info": "42 GB in 13 min"}`,
		`{"service_name": "backup", "token": "secret-backup", "status": "critical"}`,
	} {
		if _, ok := parseFlatJSON([]byte(body)); !ok {
			t.Errorf("parseFlatJSON(%s) fell back to the general decoder", body)
		}
	}
}
