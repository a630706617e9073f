package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The database file is deleted, or replaced as a restore with mv does, under the running
// gateway: from then on check-ins get 503 instead of a 204 for a write that would vanish at the
// next start, /alive says 503 "database unavailable" without a path, and the log says what
// happened. SQLite only: it deletes and replaces the database file.
func TestDatabaseFileGone(t *testing.T) {
	for _, how := range []string{"deleted", "replaced"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			cfg, db := filepath.Join(dir, "services.json"), filepath.Join(dir, "checkins.db")
			writeFile(t, cfg, testServices)
			p := startGateway(t, cfg, db)
			body := func(info string) string {
				return fmt.Sprintf(`{"service": "backup", "token": "secret-backup", "status": "OK", "info": %q}`, info)
			}
			if code := post(t, p.URL+"/", body("before")); code != 204 {
				t.Fatalf("check-in = %d; want 204", code)
			}
			switch how {
			case "deleted":
				if err := os.Remove(db); err != nil {
					t.Fatal(err)
				}
			case "replaced":
				restored := filepath.Join(dir, "restored.db")
				writeFile(t, restored, "")
				if err := os.Rename(restored, db); err != nil {
					t.Fatal(err)
				}
			}
			deadline := time.Now().Add(5 * time.Second)
			code := post(t, p.URL+"/", body("after"))
			for code == 204 && time.Now().Before(deadline) {
				time.Sleep(100 * time.Millisecond)
				code = post(t, p.URL+"/", body("after"))
			}
			if code != 503 {
				t.Errorf("check-in after the file was %s = %d; want 503", how, code)
			}
			if code, body := get(t, p.URL+"/alive"); code != 503 || strings.TrimSpace(body) != `{"error":"database unavailable"}` {
				t.Errorf("/alive after the file was %s = %d %s; want 503 {\"error\":\"database unavailable\"}", how, code, body)
			}
			if logs := p.Stderr.String(); !strings.Contains(logs, "level=ERROR") || !strings.Contains(logs, "checkins.db") {
				t.Errorf("log after the file was %s says nothing of it:\n%s", how, logs)
			}
		})
	}
}
