package e2e

import (
	"bytes"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// After a run that used tokens, token hashes and Authorization headers, good and bad, none of
// them appears in the log (at debug level), in any answer's body or headers, or on any page.
func TestSecretsNeverShown(t *testing.T) {
	dir := t.TempDir()
	cfg, db := filepath.Join(dir, "services.json"), filepath.Join(dir, "checkins.db")
	readFile, metricsFile := filepath.Join(dir, "read-token"), filepath.Join(dir, "metrics-token")
	const (
		plainTok   = "Plain-Tok-7f3a"
		hashedTok  = "secret-backup" // stored as secretBackupHash
		readTok    = "Read-Tok-91bc-0123456789abcdef"
		metricsTok = "Metrics-Tok-c4d2-0123456789abcdef"
		guess      = "Guess-Tok-5e6f"
	)
	writeFile(t, cfg, `{"plain": {"token": "`+plainTok+`", "timeout": "1d"},
		"hashed": {"token_sha256": "`+secretBackupHash+`", "timeout": "1d"}}`)
	writeFile(t, readFile, readTok+"\n")
	writeFile(t, metricsFile, metricsTok)
	p := startGateway(t, cfg, db, "--read-token-file", readFile, "--metrics-token-file", metricsFile,
		"--log-level", "debug", "--auth-fail-limit", "3")

	var seen bytes.Buffer // every answer, headers and body
	// A browser without the token is sent to the login page (303): that answer is checked too.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(method, path, auth, body string) int {
		req, _ := http.NewRequest(method, p.URL+path, strings.NewReader(body))
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		req.Header.Set("Accept", "text/html")
		req.Header.Set("Content-Type", "application/json")
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		resp.Header.Write(&seen)
		io.Copy(&seen, resp.Body)
		return resp.StatusCode
	}
	checkin := func(service, token string) string {
		return `{"service": "` + service + `", "token": "` + token + `", "status": "OK", "info": "run"}`
	}
	if code := do("POST", "/", "", checkin("plain", plainTok)); code != 204 {
		t.Fatalf("check-in with the plain token = %d", code)
	}
	if code := do("POST", "/", "", checkin("hashed", hashedTok)); code != 204 {
		t.Fatalf("check-in with the hashed token = %d", code)
	}
	for _, body := range []string{checkin("plain", guess), checkin("hashed", plainTok), checkin("nosuch", hashedTok),
		checkin("plain", secretBackupHash), `{"service": "plain", "token": "` + guess + `", "status": "FINE"}`} {
		do("POST", "/", "Bearer "+readTok, body)
	}
	if code := do("GET", "/report?service=plain", "", ""); code != 401 && code != 303 {
		t.Errorf("state without the read token = %d; want 401, or 303 to the login page", code)
	}
	if code := do("GET", "/report?service=plain", "Bearer "+readTok, ""); code != 200 {
		t.Errorf("state with the read token from --read-token-file = %d; want 200", code)
	}
	for _, path := range []string{"/", "/status", "/status/plain", "/report?service=plain", "/api/v1/services",
		"/api/v1/services/hashed/history", "/metrics", "/alive", "/nowhere"} {
		for _, auth := range []string{"", "Bearer " + readTok, "Bearer " + metricsTok, "Bearer " + guess, "Basic " + readTok, readTok} {
			do("GET", path, auth, "")
		}
	}
	p.StopWant(t, syscall.SIGTERM, 0)
	log := p.Stderr.String()
	if !strings.Contains(log, "check-in rejected") || !strings.Contains(log, "read refused") {
		t.Fatalf("the log lacks the rejections, so this test checks nothing:\n%s", log)
	}
	for _, secret := range []string{plainTok, hashedTok, readTok, metricsTok, guess, secretBackupHash,
		strings.ToLower(secretBackupHash[:16]), strings.ToUpper(secretBackupHash[:16])} {
		if strings.Contains(log, secret) {
			t.Errorf("the log shows secret %q:\n%s", secret, log)
		}
		if strings.Contains(seen.String(), secret) {
			t.Errorf("an answer shows secret %q", secret)
		}
	}
}
