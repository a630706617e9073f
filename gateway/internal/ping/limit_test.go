package ping

import (
	"net/http"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
)

func TestPingLimiterAnswers429ToWrongTargetsOnly(t *testing.T) {
	backendtest.Each(t, testPingLimiterAnswers429ToWrongTargetsOnly)
}

func testPingLimiterAnswers429ToWrongTargetsOnly(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b, testKey)
	for i := range 3 {
		if code, _, _ := f.do(t, "GET", "/ping/"+otherUUID, "", ""); code != 404 {
			t.Fatalf("wrong ping %d = %d; want 404", i+1, code)
		}
	}
	code, body, hdr := f.do(t, "GET", "/ping/"+otherUUID, "", "")
	if code != 429 || hdr.Get("Retry-After") != "42" || !strings.Contains(body, "42 seconds") {
		t.Errorf("wrong ping after the limit = %d %q, Retry-After %q; want 429, 42", code, body, hdr.Get("Retry-After"))
	}
	if code, body, _ := f.do(t, "GET", "/ping/"+backupUUID, "", ""); code != 200 || body != "OK" {
		t.Errorf("right ping after the limit = %d %q; want 200 OK (a right uuid is never refused)", code, body)
	}
	if got := f.limiter.fails["127.0.0.1"]; got != 3 {
		t.Errorf("failures counted = %d; want 3 (refused ones are not counted again)", got)
	}
	assertNoSecrets(t, f.logs.String())
}

func TestPingLogsNameTheServiceNeverTheURL(t *testing.T) {
	backendtest.Each(t, testPingLogsNameTheServiceNeverTheURL)
}

func testPingLogsNameTheServiceNeverTheURL(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b, testKey)
	f.do(t, "GET", "/ping/"+testKey+"/backup/fail", "", "")
	f.do(t, "GET", "/ping/"+backupUUID+"/300", "", "")
	f.do(t, "GET", "/ping/"+otherUUID, "", "")
	f.do(t, "GET", "/ping/"+offUUID, "", "")
	f.do(t, "GET", "/ping/"+testKey+"/quiet", "", "")
	logs := f.logs.String()
	offLine := `reason="pings are off for this service (\"ping\": false)" service=quiet`
	if n := strings.Count(logs, offLine); n != 2 {
		t.Errorf("logs have %d lines with %q; want 2 (by uuid and by slug):\n%s", n, offLine, logs)
	}
	for _, want := range []string{`msg="ping stored" service=backup`, `reason="unknown ping target"`, `service=backup`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
	assertNoSecrets(t, logs)
}

func assertNoSecrets(t *testing.T, logs string) {
	t.Helper()
	for _, secret := range []string{backupUUID, postUUID, offUUID, otherUUID, testKey, "pk_0123456789"} {
		if strings.Contains(strings.ToLower(logs), strings.ToLower(secret)) {
			t.Errorf("logs show the secret %s:\n%s", secret, logs)
		}
	}
}

func TestRedactPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/ping/" + backupUUID, "/ping/{uuid}"},
		{"/ping/" + backupUUID + "/fail", "/ping/{uuid}/fail"},
		{"/ping/" + testKey + "/backup/start", "/ping/{ping-key}/backup/start"},
		{"/ping/wrong", "/ping/{ping-key}"},
		{"/ping/", "/ping/"},
		{"/api/v1/services/backup", "/api/v1/services/backup"},
		// pings sent to a wrong address: the uuid or key must not reach the log either
		{"/ping//" + backupUUID, "/ping//{uuid}"},
		{"//ping/" + backupUUID + "/fail", "//ping/{uuid}/fail"},
		{"/ping/./" + testKey + "/backup", "/ping/./{ping-key}/backup"},
		{"/ping/x/../" + backupUUID, "/ping/{ping-key}/../{uuid}"},
		{"/PING/" + backupUUID, "/PING/{uuid}"},
		{"/Ping/" + testKey + "/backup", "/Ping/{ping-key}/backup"},
		{"/" + backupUUID, "/{uuid}"},
		{"/" + strings.ToUpper(backupUUID) + "/fail", "/{uuid}/fail"},
		{"/ping/ping/" + backupUUID, "/ping/{ping-key}/{uuid}"},
		{"/status/{" + backupUUID + "}", "/status/{uuid}"},
		{"/api/v1/services/" + strings.ReplaceAll(backupUUID, "-", ""), "/api/v1/services/{uuid}"},
		{"/hc/urn:uuid:" + backupUUID, "/hc/{uuid}"},
		{"/status/ping", "/status/ping"},
		{"/status/backup-2026-11-30", "/status/backup-2026-11-30"},
	}
	for _, tt := range tests {
		if got := RedactPath(tt.in); got != tt.want {
			t.Errorf("RedactPath(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestRedactorHidesTheKey: the ping key is hidden wherever it stands, in any letter case, when
// the redactor knows it.
func TestRedactorHidesTheKey(t *testing.T) {
	redact := Redactor(testKey)
	tests := []struct{ in, want string }{
		{"/" + testKey + "/backup", "/{ping-key}/backup"},
		{"/api/" + strings.ToLower(testKey) + "/backup/fail", "/api/{ping-key}/backup/fail"},
		{"/x" + testKey, "/{ping-key}"},
		{"/ping/" + testKey + "/backup", "/ping/{ping-key}/backup"},
		{"/status/backup", "/status/backup"},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("Redactor(key)(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestPingWhileTheStoreIsClosed: a ping the database cannot take is 503, which curl --retry
// and runitor retry, and nothing claims it was stored.
func TestPingWhileTheStoreIsClosed(t *testing.T) { backendtest.Each(t, testPingWhileTheStoreIsClosed) }

func testPingWhileTheStoreIsClosed(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b, testKey)
	if err := f.store.Close(); err != nil {
		t.Fatal(err)
	}
	code, body, hdr := f.do(t, "POST", "/ping/"+backupUUID+"/fail", "text/plain", "x")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "shutting down") || hdr.Get("Ping-Body-Limit") != "" {
		t.Errorf("ping to a closed store = %d %q; want 503 saying the gateway is shutting down", code, body)
	}
}
