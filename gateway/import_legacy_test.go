package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy/legacytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// importLegacy runs `checkin-gateway import-legacy args...` and returns its output.
func importLegacy(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = runWithInput(context.Background(), append([]string{"import-legacy"}, args...), strings.NewReader(""),
		func(string) string { return "" }, &out, &errOut)
	return out.String(), errOut.String(), err
}

// olderDatabase is a database.sqlite of the older gateway's last version.
func olderDatabase(t *testing.T) string {
	return legacytest.Create(t, legacytest.FullSchema, [][]any{
		{"backup", "secret-backup", 86400, "alice", nil, nil, 1},
		{"db dump", "secret-db", 2592000.0, "bob", nil, nil, 0},
		{"disks", "secret-disks", 86400, "bob", "SMART", nil, 0},
		{"web", "secret-web", 300, "bob", "HTTP", "https://example.org/", 0},
		{"bad/name", "secret-bad", 60, "bob", nil, nil, 0},
	}, [][]any{
		{"backup", int64(1700000000), "OK", "fine"},
		{"backup", 1700000060.25, "unkown", "no_info"},
		{"backup", int64(1700000120), "GREEN", "x"},
		{"db dump", int64(1700000000), "critical", nil},
	})
}

// TestImportLegacyHistory imports into either engine through --db, as serve reads it: with
// CHECKIN_DB=postgres://... set for the gateway, an import lands in PostgreSQL too.
func TestImportLegacyHistory(t *testing.T) { backendtest.Each(t, testImportLegacyHistory) }

func testImportLegacyHistory(t *testing.T, b backendtest.Backend) {
	src := olderDatabase(t)
	db := b.DB(t)
	if b.Name == backendtest.SQLite.Name {
		db = filepath.Join(filepath.Dir(db), "data", "checkins.db")
	}

	out, _, err := importLegacy(t, "--from", src, "--db", db, "--dry-run")
	if err != nil {
		t.Fatalf("--dry-run: %v", err)
	}
	if !strings.Contains(out, "Dry run: nothing was written") {
		t.Errorf("--dry-run output:\n%s", out)
	}
	if _, err := os.Stat(db); b.Name == backendtest.SQLite.Name && !os.IsNotExist(err) {
		t.Errorf("--dry-run created %s: %v", db, err)
	}

	out, _, err = importLegacy(t, "--from", src, "--db", db)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	for _, want := range []string{
		"SERVICE", "backup", "2023-11-14T22:13:20Z", "2023-11-14T22:14:20.25Z",
		"Imported 3 check-ins of 2 services", `backup at 1700000120, status "GREEN": unknown status "GREEN"`,
		"table smart ignored", "start the gateway with --retention 0",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = importLegacy(t, "--from", src, "--db", db)
	if err != nil || !strings.Contains(out, "Nothing new: all 3 check-ins were already imported") {
		t.Errorf("second import = %v:\n%s", err, out)
	}
	if strings.Contains(out, "secret") {
		t.Errorf("the summary shows a token:\n%s", out)
	}
	got, err := storagetest.History(context.Background(), b.OpenAt(t, db), "backup", 10)
	if err != nil || len(got) != 2 {
		t.Fatalf("backup's history in %s = %d rows, %v; want the 2 imported", b.Name, len(got), err)
	}
}

func TestImportLegacyPrintServices(t *testing.T) {
	src := olderDatabase(t)
	ours := filepath.Join(t.TempDir(), "services.json")
	if err := os.WriteFile(ours, []byte(`{"backup": {"token": "ours", "timeout": "2d"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		args      []string
		wantNames []string
		wantHash  bool
	}{
		{"tolerating, as the older gateway did", []string{"--tolerate-failures"}, []string{"backup", "db dump"}, false},
		{"all", nil, []string{"backup", "db dump"}, false},
		{"ours lacks", []string{"--config", ours}, []string{"db dump"}, false},
		{"merged", []string{"--config", ours, "--merge"}, []string{"backup", "db dump"}, false},
		{"hashed", []string{"--hash-tokens"}, []string{"backup", "db dump"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, err := importLegacy(t, append([]string{"--from", src, "--print-services"}, tt.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := config.Parse([]byte(out))
			if err != nil {
				t.Fatalf("printed services.json does not load: %v\n%s", err, out)
			}
			if got := strings.Join(cfg.Names(), ","); got != strings.Join(tt.wantNames, ",") {
				t.Errorf("services = %s; want %v", got, tt.wantNames)
			}
			db := cfg.Service("db dump")
			if !db.Authorize("secret-db") || db.Timeout != 30*checkin.Day || db.Owner != "bob" {
				t.Errorf("db dump = %+v; want its token, 30d, bob", db)
			}
			if strings.Contains(out, "secret-db") == tt.wantHash {
				t.Errorf("token in the output: %v; want %v", !tt.wantHash, tt.wantHash)
			}
			for _, want := range []string{"disks (SMART): SMART disk reports are not supported", "web (HTTP): HTTP checks are not supported", "bad/name: name not allowed"} {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			if got, want := db.TolerateFailures, strings.HasPrefix(tt.name, "tolerating"); got != want {
				t.Errorf("db dump tolerate_failures = %v; want %v", got, want)
			}
			if tt.name == "merged" && !cfg.Service("backup").Authorize("ours") {
				t.Error("--merge did not keep our own backup service")
			}
		})
	}
}

func TestImportLegacyFromConfig(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "config")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"config.json": `{"ICINGA_API_URL": "x"}`,
		"a.json":      `{"backup": {"token": "t1", "timeout": "1h 30m", "owner": "alice"}, "soon": {"token": "t2", "timeout": "soon", "owner": "bob"}}`,
		"b.json":      `{"db": {"token": "t3", "timeout": "2 days", "owner": "bob"}, "cron": {"token": "t4", "timeout": "1:30:00", "owner": "bob"}}`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out, errOut, err := importLegacy(t, "--from-config", dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse([]byte(out))
	if err != nil {
		t.Fatalf("printed services.json does not load: %v\n%s", err, out)
	}
	if got := strings.Join(cfg.Names(), ","); got != "backup,cron,db" {
		t.Errorf("services = %s; want backup,cron,db", got)
	}
	if !strings.Contains(errOut, `soon ("soon"): timeout: duration "soon"`) {
		t.Errorf("stderr does not list the unconvertible timeout with service and value:\n%s", errOut)
	}
}

func TestImportLegacyRefuses(t *testing.T) {
	src := olderDatabase(t)
	tests := []struct {
		args    []string
		wantErr string
	}{
		{nil, "--from is required"},
		{[]string{"--from", src, "--from-config", src}, "not both"},
		{[]string{"--from", src, "--print-services", "--merge"}, "--merge needs --config"},
		{[]string{"--from", filepath.Join(t.TempDir(), "missing.sqlite")}, "no such file"},
		{[]string{"--from", src, "--print-services", "--config", src}, "--config"},
	}
	for _, tt := range tests {
		_, _, err := importLegacy(t, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("import-legacy %q = %v; want an error with %q", tt.args, err, tt.wantErr)
		}
	}
}

// The retention note names serve's real default.
func TestDefaultRetentionIsServes(t *testing.T) {
	field, _ := reflect.TypeOf(serveCmd{}).FieldByName("Retention")
	d, err := checkin.ParseDuration(field.Tag.Get("default"))
	if err != nil || d != defaultRetention || field.Tag.Get("default") != defaultRetentionText {
		t.Errorf("serve's --retention default = %v, %v; import-legacy assumes %v", d, err, defaultRetention)
	}
}

// A services file from the older gateway's box names services as it likes; what cannot be
// converted is listed on stderr, where a name holding an escape sequence or a line break is
// shown quoted rather than passed to the terminal.
func TestImportLegacyFromConfigQuotesHostileNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "services.json")
	body := `{"x\u001b[2J\nfine: ok": {"token": "t1", "timeout": 60}, "web": {"token": "t2", "timeout": 60, "special_type": "HTTP\u001b]0;owned\u0007"}}`
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, err := importLegacy(t, "--from-config", path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(errOut, "\x1b\x07") || strings.Contains(errOut, "\nfine: ok") {
		t.Errorf("stderr passes a hostile name through:\n%q", errOut)
	}
	if !strings.Contains(errOut, `"x\x1b[2J\nfine: ok"`) {
		t.Errorf("stderr does not show the refused name quoted:\n%s", errOut)
	}
}
