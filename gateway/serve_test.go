package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

const testServices = `{"backup": {"token": "secret-backup", "timeout": "1d"}}`

// run's errors for bad start-up input: each names the problem, and nothing is served.
func TestRunStartupErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	writeFile(t, good, testServices)
	bad := filepath.Join(dir, "bad.json")
	writeFile(t, bad, "{\n \"backup\": {\"token\": \"x\", \"timeout\": 1,}\n}")
	unknownKey := filepath.Join(dir, "unknown.json")
	writeFile(t, unknownKey, `{"backup": {"token": "x", "timeout": 1, "tmeout": 2}}`)
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"missing config", []string{"--config", filepath.Join(dir, "none.json")}, nil, "no such file"},
		{"malformed config", []string{"--config", bad}, nil, "line 2, column"},
		{"unknown key", []string{"--config", unknownKey}, nil, `service "backup": unknown field "tmeout"`},
		{"config from env", nil, map[string]string{"CHECKIN_CONFIG": bad}, "line 2"},
		{"bad listen", []string{"--config", good, "--db", filepath.Join(dir, "a.db"), "--listen", "127.0.0.1:99999"}, nil, "listen"},
		{"bad log level", []string{"--log-level", "loud"}, nil, "log-level"},
		{"unknown flag", []string{"--nope"}, nil, "unknown flag"},
		{"bad retention", []string{"--config", good, "--retention", "5x"}, nil, `--retention: invalid duration "5x"`},
		{"bad retention from env", []string{"--config", good}, map[string]string{"CHECKIN_RETENTION": "-1d"}, "--retention"},
		{"negative retention keep", []string{"--config", good, "--retention-keep=-1"}, nil, "--retention-keep: must be 0 or more"},
		{"bad metrics services", []string{"--config", good, "--metrics-services=some"}, nil, "--metrics-services"},
		{"bad metrics services from env", []string{"--config", good}, map[string]string{"CHECKIN_METRICS_SERVICES": "most"}, "metrics-services"},
		{"retention keep from env", []string{"--config", good}, map[string]string{"CHECKIN_RETENTION_KEEP": "many"}, "retention-keep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			// Never the default 127.0.0.1:5000, which `make run` may hold while `make test` runs.
			getenv := func(k string) string {
				if v, ok := tt.env[k]; ok || k != "CHECKIN_LISTEN" {
					return v
				}
				return "127.0.0.1:0"
			}
			err := run(ctx, tt.args, getenv, &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run(%v) = %v; want an error mentioning %q", tt.args, err, tt.want)
			}
		})
	}
}

func TestRunVersionAndHelp(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"--help"}} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), args, func(string) string { return "" }, &stdout, &stderr); err != nil {
			t.Errorf("run(%v) = %v; want nil", args, err)
		}
		if stdout.Len() == 0 {
			t.Errorf("run(%v) printed nothing", args)
		}
	}
}

// run serves until its context ends, reading its flags from getenv.
func TestRunServesUntilCancelled(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "services.json")
	writeFile(t, cfg, testServices)
	addr := checkintest.FreeAddr(t)
	env := map[string]string{"CHECKIN_LISTEN": addr, "CHECKIN_CONFIG": cfg, "CHECKIN_DB": filepath.Join(dir, "x", "c.db"), "CHECKIN_LOG_FORMAT": "json",
		"CHECKIN_RETENTION": "30d", "CHECKIN_RETENTION_KEEP": "5"}
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, nil, func(k string) string { return env[k] }, &bytes.Buffer{}, &stderr) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if resp, err := httpGet("http://" + addr + "/alive"); err == nil && resp == 204 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("run did not serve /alive")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after cancel = %v; want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return after cancel")
	}
	if !strings.HasPrefix(stderr.String(), `{"time"`) {
		t.Errorf("CHECKIN_LOG_FORMAT=json was not used: %s", stderr.String())
	}
}
