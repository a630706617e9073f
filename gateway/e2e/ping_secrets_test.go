package e2e

import (
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// Pings in every form a path can take, right and wrong, with and without the read token: the
// ping uuid and the ping key appear neither in the log (at debug level) nor on any page, in
// the state, the history or /metrics.
func TestPingSecretsNeverShown(t *testing.T) {
	const (
		uuid    = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b"
		offUUID = "9d9d9d9d-aaaa-4bbb-8ccc-dddddddddddd"
		wrong   = "11111111-2222-4333-8444-555555555555"
		key     = "pk_0123456789abcdefghijKL"
		readTok = "Read-Tok-91bc-0123456789abcdef"
	)
	dir := t.TempDir()
	cfg, db := filepath.Join(dir, "services.json"), filepath.Join(dir, "checkins.db")
	keyFile, readFile := filepath.Join(dir, "ping-key"), filepath.Join(dir, "read-token")
	writeFile(t, cfg, `{"backup": {"token": "t", "timeout": "1d", "owner": "ops", "ping_uuid": "`+uuid+`"},
		"quiet": {"token": "t", "timeout": "1d", "ping_uuid": "`+offUUID+`", "ping": false}}`)
	writeFile(t, keyFile, key+"\n")
	writeFile(t, readFile, readTok+"\n")
	p := startGateway(t, cfg, db, "--ping-key-file", keyFile, "--read-token-file", readFile,
		"--log-level", "debug", "--auth-fail-limit", "3")

	zipped := gatewaytest.Gzipped(t, "compressed output")
	paths := []string{
		"/ping/" + uuid, "/ping/" + strings.ToUpper(uuid) + "/fail", "/ping/" + uuid + "/", "/ping/" + uuid + "/3?rid=r1",
		"/ping/" + strings.ReplaceAll(uuid, "-", "%2D"), "/ping/%2F" + uuid, "/ping/" + uuid + "%2Ffail",
		"/ping//" + uuid, "//ping/" + uuid, "/ping/./" + uuid, "/ping/x/../" + uuid, "/PING/" + uuid, "/" + uuid,
		"/ping/{" + uuid + "}", "/ping/" + strings.ReplaceAll(uuid, "-", ""), "/ping/" + uuid + "%00",
		"/ping/" + uuid + "/-1", "/ping/" + uuid + "/256", "/ping/" + uuid + "?rid=a&rid=b", "/ping/" + uuid + "?create=1",
		"/ping/" + offUUID, "/ping/" + wrong, "/ping/" + wrong + "/fail",
		"/ping/" + key + "/backup", "/ping/" + key + "/backup/start?rid=r2", "/ping/" + key + "/quiet", "/ping/" + key + "/nosuch",
		"/ping/" + strings.ToLower(key) + "/backup", "/ping/" + key + "//backup", "/" + key + "/backup", "/ping%2F" + key + "/backup",
	}
	for _, path := range paths {
		for _, auth := range []string{"", "Authorization: Bearer " + readTok + "\r\n"} {
			send(t, p.Addr, "POST "+path+" HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n"+auth+"Content-Length: 2\r\n\r\nok")
			send(t, p.Addr, "GET "+path+" HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n"+auth+"\r\n")
		}
	}
	send(t, p.Addr, "POST /ping/"+uuid+" HTTP/1.1\r\nHost: gw\r\nConnection: close\r\nContent-Encoding: gzip\r\n"+
		"Content-Length: "+strconv.Itoa(len(zipped))+"\r\n\r\n"+zipped)
	send(t, p.Addr, "POST /ping/"+uuid+" HTTP/1.1\r\nHost: gw\r\nConnection: close\r\nExpect: 100-continue\r\nContent-Length: 10000000\r\n\r\n")

	var pages strings.Builder
	for _, path := range []string{"/status", "/status?q=backup", "/status/backup", "/api/v1/services", "/api/v1/services/backup",
		"/api/v1/services/backup/history", "/metrics"} {
		code, body, _ := send(t, p.Addr, "GET "+path+" HTTP/1.1\r\nHost: gw\r\nConnection: close\r\nAccept: text/html\r\n"+
			"Authorization: Bearer "+readTok+"\r\n\r\n")
		if code != 200 {
			t.Errorf("GET %s = %d; want 200", path, code)
		}
		pages.WriteString(body)
	}
	if !strings.Contains(pages.String(), "compressed output") {
		t.Errorf("the history lacks the gzip ping's output")
	}
	p.StopWant(t, syscall.SIGTERM, 0)
	log := p.Stderr.String()
	for _, want := range []string{"{uuid}", "{ping-key}", "read refused", `reason="unknown ping target"`, `msg="ping stored"`} {
		if !strings.Contains(log, want) {
			t.Fatalf("the log lacks %s, so this test checks less than it should:\n%s", want, log)
		}
	}
	for _, secret := range []string{uuid, strings.ReplaceAll(uuid, "-", ""), offUUID, wrong, key} {
		if strings.Contains(strings.ToLower(log), strings.ToLower(secret)) {
			t.Errorf("the log shows %s:\n%s", secret, log)
		}
		if strings.Contains(strings.ToLower(pages.String()), strings.ToLower(secret)) {
			t.Errorf("a page shows %s", secret)
		}
	}
}
