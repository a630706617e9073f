package e2e

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testfs"
)

// The database's file system turns read-only under the running gateway (as ext4 does on disk
// errors): check-ins get 503 and /alive 503 while reads still answer; after the disk is fixed
// and the gateway restarted, everything acknowledged before is there and check-ins work.
// SQLite only: it turns the file system under the database file read-only.
func TestReadOnlyFileSystem(t *testing.T) {
	fs := testfs.NewExt4(t, "16M")
	dir := t.TempDir()
	cfg, db := filepath.Join(dir, "services.json"), filepath.Join(fs.Dir, "checkins.db")
	writeFile(t, cfg, testServices)
	checkin := func(p *gatewaytest.Gateway, info string) (int, string) {
		resp, err := http.Post(p.URL+"/", "application/json",
			strings.NewReader(`{"service": "backup", "token": "secret-backup", "status": "OK", "info": "`+info+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	p := startGateway(t, cfg, db)
	if code, body := checkin(p, "before"); code != 204 {
		t.Fatalf("check-in = %d %s", code, body)
	}
	fs.Fail(t)
	if code, body := checkin(p, "during"); code != 503 || !strings.Contains(body, "not stored") {
		t.Errorf("check-in on a read-only file system = %d %s; want 503 saying it was not stored", code, body)
	}
	if code, body := get(t, p.URL+"/alive"); code != 503 || !strings.Contains(body, "database unavailable") || strings.Contains(body, fs.Dir) {
		t.Errorf("/alive on a read-only file system = %d %s; want 503 saying database unavailable, no path (details go to the log)", code, body)
	}
	if code, body := get(t, p.URL+"/report?service=backup"); code != 200 || !strings.Contains(body, `"status":"OK"`) {
		t.Errorf("state on a read-only file system = %d %s; want 200 from what is stored", code, body)
	}
	if code := p.Stop(t, syscall.SIGTERM); code != 0 {
		t.Errorf("exit code after SIGTERM on a read-only file system = %d; want 0\n%s", code, p.Stderr)
	}

	fs.Repair(t)
	p = startGateway(t, cfg, db)
	if code, body := checkin(p, "after"); code != 204 {
		t.Fatalf("check-in after the repair = %d %s; want 204", code, body)
	}
	have := storedInfos(t, p)
	if !have["before"] || !have["after"] || have["during"] {
		t.Errorf("stored after the repair: %v; want before and after, not during", have)
	}
	p.StopWant(t, syscall.SIGTERM, 0)
	integrityCheck(t, db)
}
