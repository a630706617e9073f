package main

import (
	"crypto/tls"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// serve runs handler on a real 127.0.0.1 port until the test ends and returns its address.
// With cert set, it speaks TLS.
func serve(t *testing.T, handler http.Handler, cert *tls.Certificate) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if cert != nil {
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{*cert}})
	}
	// Handshake failures are the point of some tests; keep them out of the test log.
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// closedAddr is a 127.0.0.1 address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// selfSigned makes a certificate for 127.0.0.1 that is its own CA (checkintest.SelfSigned), and
// writes it as PEM to a file the plugin can take as --ca-file.
func selfSigned(t *testing.T) (tls.Certificate, string) {
	t.Helper()
	der, key := checkintest.SelfSigned(t)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, caFile
}

// answer replies with a fixed status code, content type and body.
func answer(code int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(code)
		_, _ = w.Write([]byte(body))
	}
}

// stateAt answers body as a 200 JSON state only at the exact escaped path; anything else gets
// the gateway's own 404 for an unknown endpoint, so a wrong URL shows in the output.
func stateAt(escapedPath, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.EscapedPath() != escapedPath || r.URL.RawQuery != "" {
			answer(http.StatusNotFound, "application/json", `{"error":"no such endpoint: `+r.URL.EscapedPath()+`"}`)(w, r)
			return
		}
		answer(http.StatusOK, "application/json", body)(w, r)
	}
}

// requireBearer passes requests carrying "Authorization: Bearer <token>" to next and answers
// 401 otherwise.
func requireBearer(token string, next http.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			answer(http.StatusUnauthorized, "application/json", `{"error":"missing or wrong read token"}`)(w, r)
			return
		}
		next.ServeHTTP(w, r)
	}
}

// sleeper answers nothing until the client gives up.
func sleeper(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}

// writeFile writes text to a new file in a temp dir and returns its path.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
