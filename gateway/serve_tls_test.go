package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testpki"
)

// Bad TLS settings stop start-up with a message naming the problem.
func TestRunTLSStartupErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	writeFile(t, good, testServices)
	ca := testpki.NewCA(t)
	cert, key := ca.Server(t, "gw")
	_, otherKey := ca.Server(t, "other")
	base := []string{"--config", good, "--db", filepath.Join(dir, "a.db"), "--listen", "127.0.0.1:0"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"cert without key", []string{"--tls-cert", cert}, "--tls-cert and --tls-key must be used together"},
		{"key without cert", []string{"--tls-key", key}, "--tls-cert and --tls-key must be used together"},
		{"missing cert file", []string{"--tls-cert", filepath.Join(dir, "none.pem"), "--tls-key", key}, "none.pem"},
		{"key of another certificate", []string{"--tls-cert", cert, "--tls-key", otherKey}, "private key does not match public key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := run(ctx, append(base, tt.args...), func(string) string { return "" }, &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run(%v) = %v; want an error mentioning %q", tt.args, err, tt.want)
			}
		})
	}
}
