package legacy

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy/legacytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func TestServicesBothColumnSets(t *testing.T) {
	ctx := context.Background()
	old := mustOpenSource(t, legacytest.Create(t, legacytest.OldSchema, [][]any{
		{"backup", "t1", 86400},
		{"db dump", "t2", 2592000.0}, // the web form stored days as float seconds
		{"no-timeout", "t3", nil},
		{"bad/name", "t4", 60},
		{"no-token", nil, 60},
	}, nil))
	full := mustOpenSource(t, legacytest.Create(t, legacytest.FullSchema, [][]any{
		{"backup", "t1", 86400, "alice", nil, nil, 1},
		{"disks", "t5", 86400, "bob", "SMART", nil, 0},
		{"web", "t6", 300, "bob", "HTTP", "https://example.org/", 0},
		{"half", "t7", 90.5, nil, nil, nil, 0},
		{"mail", "t8", 3600, "", "", nil, 0},
	}, nil))
	tests := []struct {
		name                 string
		src                  *Source
		wantEntries          []Entry
		wantRefused, wantUns []string
	}{
		{"three columns", old,
			[]Entry{{Name: "backup", Token: "t1", Timeout: checkin.Day}, {Name: "db dump", Token: "t2", Timeout: 30 * checkin.Day}},
			[]string{"bad/name: name not allowed", "no-timeout: timeout: missing", "no-token: no token"}, nil},
		{"all columns", full,
			[]Entry{{Name: "backup", Token: "t1", Timeout: checkin.Day, Owner: "alice"}, {Name: "mail", Token: "t8", Timeout: time.Hour}},
			[]string{"half: timeout: duration \"90.5\" is 90.500 seconds"},
			[]string{"disks: SMART disk reports are not supported", "web: HTTP checks are not supported"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svcs, err := tt.src.Services(ctx)
			if err != nil {
				t.Fatal(err)
			}
			c := Convert(svcs)
			if diff := cmp.Diff(tt.wantEntries, c.Entries); diff != "" {
				t.Errorf("Convert entries (-want +got):\n%s", diff)
			}
			checkListed(t, "refused", c.Refused, tt.wantRefused)
			checkListed(t, "unsupported", c.Unsupported, tt.wantUns)
		})
	}
}

// checkListed compares listed services with want, each "service: start of reason".
func checkListed(t *testing.T, what string, got []Listed, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s = %+v; want %d: %q", what, got, len(want), want)
		return
	}
	for i, l := range got {
		s := l.Service + ": " + l.Reason
		if !strings.HasPrefix(s, want[i]) {
			t.Errorf("%s[%d] = %q; want it to start with %q", what, i, s, want[i])
		}
	}
}

func TestReadServiceFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	single := write("services.json", `{
		"backup": {"token": "t1", "timeout": "30d", "owner": "alice"},
		"db": {"token": "t2", "timeout": "1h 30m", "owner": "bob", "colour": "red"},
		"mail": {"token": "t3", "timeout": "2 days", "owner": "bob"},
		"cron": {"token": "t4", "timeout": "1:30:00", "owner": "bob"},
		"web": {"token": "t5", "timeout": "3600", "owner": "bob"},
		"num": {"token": "t6", "timeout": 7200, "owner": "bob"},
		"soon": {"token": "t7", "timeout": "soon", "owner": "bob"},
		"nothing": {"token": "t8", "owner": "bob"},
		"disk": {"token": "t9", "timeout": "1d", "owner": "bob", "special_type": "smart"}
	}`)
	write("config/config.json", `{"ICINGA_API_URL": "not a service"}`)
	write("config/10-a.json", `{"backup": {"token": "old", "timeout": "1d", "owner": "a"}, "db": {"token": "d", "timeout": "1h", "owner": "a"}}`)
	write("config/20-b.json", `{"backup": {"token": "new", "timeout": "2 days", "owner": "b"}}`)
	write("config/notes.txt", `not json`)

	tests := []struct {
		name                 string
		path                 string
		wantEntries          []Entry
		wantRefused, wantUns []string
		wantDropped          int
	}{
		{"services.json", single, []Entry{
			{Name: "backup", Token: "t1", Timeout: 30 * checkin.Day, Owner: "alice"},
			{Name: "cron", Token: "t4", Timeout: 90 * time.Minute, Owner: "bob"},
			{Name: "db", Token: "t2", Timeout: 90 * time.Minute, Owner: "bob"},
			{Name: "mail", Token: "t3", Timeout: 2 * checkin.Day, Owner: "bob"},
			{Name: "num", Token: "t6", Timeout: 2 * time.Hour, Owner: "bob"},
			{Name: "web", Token: "t5", Timeout: time.Hour, Owner: "bob"},
		}, []string{"nothing: timeout: missing", `soon: timeout: duration "soon"`}, []string{"disk: SMART"}, 1},
		{"config folder, later files win", filepath.Join(dir, "config"), []Entry{
			{Name: "backup", Token: "new", Timeout: 2 * checkin.Day, Owner: "b"},
			{Name: "db", Token: "d", Timeout: time.Hour, Owner: "a"},
		}, nil, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svcs, dropped, err := ReadServiceFiles(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			c := Convert(svcs)
			if diff := cmp.Diff(tt.wantEntries, c.Entries); diff != "" {
				t.Errorf("entries (-want +got):\n%s", diff)
			}
			checkListed(t, "refused", c.Refused, tt.wantRefused)
			checkListed(t, "unsupported", c.Unsupported, tt.wantUns)
			if len(dropped) != tt.wantDropped {
				t.Errorf("dropped = %+v; want %d", dropped, tt.wantDropped)
			}
		})
	}
	// The refused value is shown, so the operator can find it.
	svcs, _, _ := ReadServiceFiles(single)
	for _, r := range Convert(svcs).Refused {
		if r.Service == "soon" && r.Value != `"soon"` {
			t.Errorf("refused soon: value %q; want %q", r.Value, `"soon"`)
		}
	}
}

func TestReadServiceFilesRefuses(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`["not", "an", "object"]`), 0o600)
	for _, p := range []string{bad, filepath.Join(dir, "missing.json")} {
		if _, _, err := ReadServiceFiles(p); err == nil {
			t.Errorf("ReadServiceFiles(%s) succeeded; want an error", p)
		}
	}
}

func TestRenderLoadsInOurGateway(t *testing.T) {
	existing := []byte(`{
  "keep": {"token_sha256": "` + strings.Repeat("ab", 32) + `", "timeout": "1w", "grace": "1d"},
  "backup": {"token": "ours", "timeout": "1d"}
}`)
	keep, err := ParseExisting(existing)
	if err != nil {
		t.Fatal(err)
	}
	entries := []Entry{
		{Name: "db dump", Token: "secret-1", Timeout: 90 * time.Minute, Owner: "alice"},
		{Name: "never", Token: "secret-2", Timeout: 0},
	}
	for _, hash := range []bool{false, true} {
		var out bytes.Buffer
		if err := Render(&out, keep, entries, RenderOptions{HashTokens: hash, TolerateFailures: hash}); err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Parse(out.Bytes())
		if err != nil {
			t.Fatalf("config.Parse(Render(hash=%v)) = %v\n%s", hash, err, out.String())
		}
		if diff := cmp.Diff([]string{"backup", "db dump", "keep", "never"}, cfg.Names()); diff != "" {
			t.Errorf("names (-want +got):\n%s", diff)
		}
		db := cfg.Service("db dump")
		if !db.Authorize("secret-1") || db.Timeout != 90*time.Minute || db.Owner != "alice" || db.TolerateFailures != hash {
			t.Errorf("db dump = %+v; want token secret-1, 1h30m, alice", db)
		}
		if cfg.Service("keep").Grace != checkin.Day || !cfg.Service("backup").Authorize("ours") {
			t.Error("the existing services were not kept as written")
		}
		if got := strings.Contains(out.String(), "secret-1"); got == hash {
			t.Errorf("Render(hash=%v) shows the token: %v\n%s", hash, got, out.String())
		}
		if !strings.HasPrefix(out.String(), "{\n  \"keep\"") {
			t.Errorf("Render does not keep the existing file's order first:\n%s", out.String())
		}
	}
	var empty bytes.Buffer
	if err := Render(&empty, nil, nil, RenderOptions{}); err != nil || empty.String() != "{}\n" {
		t.Errorf("Render(nothing) = %q, %v", empty.String(), err)
	}
}
