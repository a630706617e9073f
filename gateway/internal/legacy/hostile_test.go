package legacy

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy/legacytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy/servicefile"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// A row dated in the future, as a compromised or misconfigured box could leave it, would stay
// the newest check-in until that date: every real report after the import would be hidden
// behind it, and Icinga would read its state. Such rows are skipped and listed.
func TestImportSkipsFutureRows(t *testing.T) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second)
	tests := []struct {
		name string
		ts   any
		skip bool
	}{
		{"ten years ahead", now.AddDate(10, 0, 0).Unix(), true},
		{"an hour ahead as REAL", float64(now.Add(time.Hour).Unix()) + 0.5, true},
		{"year 2262 as text", "9223372035", true},
		{"now", now.Unix(), false},
		{"a second ago", now.Add(-time.Second).Unix(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := mustOpenSource(t, legacytest.Create(t, legacytest.OldSchema, nil, [][]any{
				{"backup", now.Add(-time.Hour).Unix(), "CRITICAL", "old failure"},
				{"backup", tt.ts, "OK", "imported"},
			}))
			st := mustOpenStore(t)
			res, err := Import(ctx, src, st, Options{})
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			if got := len(res.Services[0].Skipped); got != map[bool]int{true: 1, false: 0}[tt.skip] {
				t.Fatalf("skipped %+v; want skip=%v", res.Services[0].Skipped, tt.skip)
			}
			if !tt.skip {
				return
			}
			if r := res.Services[0].Skipped[0].Reason; !strings.Contains(r, "future") {
				t.Errorf("reason %q does not say the time is in the future", r)
			}
			live := storage.Checkin{Service: "backup", Status: checkin.Critical, Info: "live", At: time.Now().UTC(), Kind: checkin.KindReport}
			if err := st.Add(ctx, live); err != nil {
				t.Fatal(err)
			}
			l, _, err := storagetest.Latest(ctx, st, "backup")
			if err != nil || l.Info != "live" {
				t.Errorf("Latest after a live report = %q, %v; want the live report", l.Info, err)
			}
		})
	}
}

// Info from the older database follows the rules of a live check-in: no control characters
// (the older gateway took any), valid UTF-8 (a BLOB may hold anything), and no more than a
// check-in body can carry, so that the state answer stays within what check_checkin reads.
func TestImportCleansInfo(t *testing.T) {
	ctx := context.Background()
	huge := strings.Repeat("é", 1<<20) // 2 MiB
	tests := []struct {
		name string
		info any
		want string
	}{
		{"plain", "copied 3 files", "copied 3 files"},
		{"tab and line breaks kept", "a\tb\r\nc", "a\tb\r\nc"},
		{"NUL", "a\x00b", "a\uFFFDb"},
		{"terminal escape", "\x1b]0;owned\x07red", "\uFFFD]0;owned\uFFFDred"},
		{"C1 control", "a\u0085b", "a\uFFFDb"},
		{"invalid UTF-8 in a BLOB", []byte("caf\xe9"), "caf\uFFFD"},
		{"huge", huge, huge[:maxInfoBytes-len(" [cut by the import]")] + " [cut by the import]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := mustOpenSource(t, legacytest.Create(t, legacytest.OldSchema, nil, [][]any{
				{"backup", int64(1700000000), "OK", tt.info},
			}))
			st := mustOpenStore(t)
			if _, err := Import(ctx, src, st, Options{}); err != nil {
				t.Fatalf("Import: %v", err)
			}
			l, _, err := storagetest.Latest(ctx, st, "backup")
			if err != nil {
				t.Fatal(err)
			}
			if l.Info != tt.want {
				t.Errorf("imported info = %.80q (%d bytes); want %.80q (%d bytes)", l.Info, len(l.Info), tt.want, len(tt.want))
			}
			if len(l.Info) > checkin.MaxBodyBytes {
				t.Errorf("imported info has %d bytes; want at most %d", len(l.Info), checkin.MaxBodyBytes)
			}
		})
	}
}

// Names and table names from the older database reach the operator's terminal in the import's
// summary: one holding a line break could forge a line ("Imported ..."), an escape sequence
// could drive the terminal. They are shown quoted instead.
func TestSummaryQuotesHostileNames(t *testing.T) {
	ctx := context.Background()
	evil := "x\x1b]0;owned\x07\nImported 999 check-ins of 9 services.\u202e"
	path := legacytest.Create(t, legacytest.OldSchema, nil, [][]any{
		{evil, int64(1700000000), "OK", "x"},
		{"backup", int64(1700000000), "OK", "x"},
	})
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE "evil` + "\x1b[2J\nNotes:" + `" (x)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	src := mustOpenSource(t, path)
	res, err := Import(ctx, src, mustOpenStore(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteSummary(&out, res, 0); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if strings.ContainsAny(text, "\x1b\x07\u202e") || strings.Contains(text, "\nImported 999") || strings.Contains(text, "\nNotes:\n  table evil\n") {
		t.Errorf("summary passes a hostile name through:\n%s", text)
	}
	if !strings.Contains(text, strconv.Quote(evil)) {
		t.Errorf("summary does not show the name quoted:\n%s", text)
	}
}

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"backup", "backup"},
		{"db dump", "db dump"},
		{"ünïcödé ✓", "ünïcödé ✓"},
		{"a\nb", `"a\nb"`},
		{"\x1b[2J", `"\x1b[2J"`},
		{"\u202eKO", `"\u202eKO"`},
		{"caf\xe9", `"caf\xe9"`},
		{"tab\there", `"tab\there"`},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %s; want %s", tt.in, got, tt.want)
		}
	}
}

// A config/ folder copied from the older gateway's box may hold a FIFO or a link to a device
// under a *.json name; reading one would wait or grow forever. Such files, and files larger
// than any services file, are refused with their name.
func TestReadServiceFilesRefusesSpecialFiles(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, path string)
	}{
		{"FIFO", func(t *testing.T, path string) {
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}},
		{"link to /dev/zero", func(t *testing.T, path string) {
			if err := os.Symlink("/dev/zero", path); err != nil {
				t.Fatal(err)
			}
		}},
		{"huge file", func(t *testing.T, path string) {
			body := `{"backup": {"token": "t", "timeout": 60, "pad": "` + strings.Repeat("x", servicefile.MaxFileBytes) + `"}}`
			if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "a.json"), []byte(`{"backup": {"token": "t", "timeout": 60}}`), 0o600); err != nil {
				t.Fatal(err)
			}
			tt.setup(t, filepath.Join(dir, "b.json"))
			done := make(chan error, 1)
			go func() { _, _, err := ReadServiceFiles(dir); done <- err }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "b.json") {
					t.Errorf("ReadServiceFiles = %v; want an error naming b.json", err)
				}
			case <-time.After(5 * time.Second):
				// Unblock a reader stuck on the FIFO, so the test ends.
				if f, err := os.OpenFile(filepath.Join(dir, "b.json"), os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					f.Close()
				}
				t.Fatal("ReadServiceFiles still reading after 5 s")
			}
		})
	}
}

// The older database's schema may compute a column for every row: a generated info_text of
// hundreds of megabytes per row would take the import hours and gigabytes. Values beyond
// maxValueBytes stop the import with SQLite's error instead.
func TestImportRefusesHugeComputedValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "database.sqlite")
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`CREATE TABLE states (service VARCHAR NOT NULL, timestamp INTEGER, status VARCHAR,
		info_text TEXT GENERATED ALWAYS AS (printf('%.*c', 2 * 16777216, 'x')) VIRTUAL);
		INSERT INTO states (service, timestamp, status) VALUES ('backup', 1700000000, 'OK'), ('backup', 1700000060, 'OK')`)
	db.Close()
	if err != nil {
		t.Skipf("this SQLite has no generated columns: %v", err)
	}
	src := mustOpenSource(t, path)
	_, err = Import(context.Background(), src, mustOpenStore(t), Options{})
	if err == nil || !strings.Contains(err.Error(), "too big") {
		t.Errorf("Import = %v; want SQLite's \"string or blob too big\"", err)
	}
}
