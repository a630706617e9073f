package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// Read and metrics tokens shorter than 128 bits stop start-up with a message that says how to
// make a good one, and never shows the token.
func TestShortTokensRefused(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "services.json")
	writeFile(t, cfg, testServices)
	short, long := filepath.Join(dir, "short"), filepath.Join(dir, "long")
	writeFile(t, short, "Short-Tok-0123456789a\n") // 21 characters
	writeFile(t, long, "Long-Tok-0123456789abc\n") // 22
	tests := []struct {
		args []string
		want string // "" when start-up must pass the token check
	}{
		{[]string{"--read-token-file", short}, "--read-token-file: the token in " + short + " has 21 characters; it needs at least 22"},
		{[]string{"--metrics-token-file", short}, "--metrics-token-file: the token in " + short + " has 21"},
		{[]string{"--read-token-file", long, "--metrics-token-file", short}, "--metrics-token-file"},
		{[]string{"--read-token-file", long, "--metrics-token-file", long, "--listen", "127.0.0.1:99999"}, ""},
	}
	for _, tt := range tests {
		args := append([]string{"--config", cfg, "--db", filepath.Join(dir, "c.db"), "--listen", "127.0.0.1:0"}, tt.args...)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := run(ctx, args, func(string) string { return "" }, io.Discard, io.Discard)
		cancel()
		if tt.want == "" {
			// The bad port fails after the tokens were accepted.
			if err == nil || !strings.Contains(err.Error(), "listen") {
				t.Errorf("run(%v) = %v; want the tokens accepted and listen to fail", tt.args, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "head -c 24 /dev/urandom | base64") ||
			strings.Contains(err.Error(), "-Tok-") {
			t.Errorf("run(%v) = %v; want an error with %q and how to make a token, and no token", tt.args, err, tt.want)
		}
		if fileExists(filepath.Join(dir, "c.db")) {
			t.Fatalf("run(%v) refused its token but created the database file", tt.args)
		}
	}
}

// A ping key file that stops start-up stops it before a database file is created.
func TestBadPingKeyFileCreatesNoDatabase(t *testing.T) {
	dir := t.TempDir()
	cfg, db, key := filepath.Join(dir, "services.json"), filepath.Join(dir, "c.db"), filepath.Join(dir, "ping.key")
	writeFile(t, cfg, testServices)
	writeFile(t, key, "too-short\n")
	args := []string{"--config", cfg, "--db", db, "--listen", "127.0.0.1:0", "--ping-key-file", key}
	err := run(context.Background(), args, func(string) string { return "" }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--ping-key-file") || strings.Contains(err.Error(), "too-short") {
		t.Errorf("run with a short ping key = %v; want an error naming --ping-key-file, not the key", err)
	}
	if fileExists(db) {
		t.Error("a refused ping key file left a new database file behind")
	}
}

// --trusted-proxies (here from its variable) makes the request log show the forwarded client;
// a bad list stops start-up.
func TestTrustedProxiesFlag(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "services.json")
	writeFile(t, cfg, testServices)
	args := []string{"--config", cfg, "--db", filepath.Join(dir, "c.db"), "--log-level", "debug"}

	err := run(context.Background(), append(args, "--listen", "127.0.0.1:0", "--trusted-proxies", "127.0.0.1,proxy.example"), func(string) string { return "" }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), `--trusted-proxies: "proxy.example" is neither an address nor a network`) {
		t.Errorf("run with a host name in --trusted-proxies = %v; want an error naming it", err)
	}

	addr := checkintest.FreeAddr(t)
	env := map[string]string{"CHECKIN_TRUSTED_PROXIES": "127.0.0.0/8, ::1", "CHECKIN_LISTEN": addr}
	stderr := &checkintest.SyncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, func(k string) string { return env[k] }, io.Discard, stderr) }()
	stop := sync.OnceValue(func() error { cancel(); return <-done })
	defer stop()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if code, err := httpGet("http://" + addr + "/alive"); err == nil && code == 204 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("run did not serve /alive:\n%s", stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
	req, _ := http.NewRequest("POST", "http://"+addr+"/", strings.NewReader(`{"service": "backup", "token": "wrong", "status": "OK"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := stop(); err != nil {
		t.Errorf("run = %v", err)
	}
	log := stderr.String()
	if !strings.Contains(log, `trusted_proxies=127.0.0.0/8,::1/128`) {
		t.Errorf("the start-up line lacks the trusted proxies:\n%s", log)
	}
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, `msg="check-in rejected"`) || strings.Contains(line, "method=POST") {
			if !strings.Contains(line, "remote=203.0.113.9") {
				t.Errorf("log line %q does not name the forwarded client 203.0.113.9", line)
			}
		}
	}
	if !strings.Contains(log, `msg="check-in rejected"`) {
		t.Errorf("the log lacks the rejected check-in:\n%s", log)
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
