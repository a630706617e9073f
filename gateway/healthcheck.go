package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
)

// healthcheckCmd asks a running gateway's /alive and exits 0 when it answers 2xx, 1 otherwise:
// a health check for containers, whose image has no shell and no curl. It reads the same
// CHECKIN_LISTEN and CHECKIN_TLS_CERT as the gateway, so in a container it needs no flags.
type healthcheckCmd struct {
	Listen  string        `help:"The gateway's --listen address; a wildcard host (0.0.0.0, ::) is asked on loopback." default:"127.0.0.1:5000" env:"CHECKIN_LISTEN"`
	TLSCert string        `help:"The gateway's --tls-cert: ask over HTTPS and accept only this certificate." env:"CHECKIN_TLS_CERT" type:"path"`
	Timeout time.Duration `help:"Longest wait for the answer." default:"5s" env:"CHECKIN_HEALTHCHECK_TIMEOUT"`
}

// Run asks /alive once.
func (h *healthcheckCmd) Run(ctx context.Context, g *globals) error {
	url, client, err := h.target()
	if err != nil {
		return usageError{err}
	}
	ctx, cancel := context.WithTimeout(ctx, h.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return usageError{fmt.Errorf("healthcheck: %w", err)}
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("healthcheck: %s answered %s", url, resp.Status)
	}
	_, err = fmt.Fprintf(g.stdout, "alive: %s answered %s\n", url, resp.Status)
	return err
}

// target is the /alive URL to ask and the client to ask it with.
func (h *healthcheckCmd) target() (string, *http.Client, error) {
	host, port, err := net.SplitHostPort(h.Listen)
	if err != nil {
		return "", nil, fmt.Errorf("healthcheck: --listen %q: use HOST:PORT, e.g. 127.0.0.1:5000", h.Listen)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	transport := &http.Transport{DisableKeepAlives: true}
	scheme := "http"
	if h.TLSCert != "" {
		leaf, err := firstCertificate(h.TLSCert)
		if err != nil {
			return "", nil, err
		}
		scheme = "https"
		transport.TLSClientConfig = pinned(leaf)
	}
	url := scheme + "://" + net.JoinHostPort(host, port) + "/alive"
	return url, &http.Client{Transport: transport, CheckRedirect: noRedirects}, nil
}

// firstCertificate is the DER bytes of the first certificate in a PEM file.
func firstCertificate(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("healthcheck: read --tls-cert: %w", err)
	}
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil, fmt.Errorf("healthcheck: --tls-cert %s holds no PEM certificate", path)
		}
		if block.Type == "CERTIFICATE" {
			return block.Bytes, nil
		}
	}
}

// pinned trusts exactly the gateway's own certificate, whatever names it carries: the health
// check asks over loopback, where the certificate's names (the gateway's public ones) never
// match.
func pinned(leaf []byte) *tls.Config {
	return &tls.Config{
		InsecureSkipVerify: true, // replaced by the comparison below
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 || !bytes.Equal(cs.PeerCertificates[0].Raw, leaf) {
				return errors.New("the gateway's certificate is not the one in --tls-cert")
			}
			return nil
		},
	}
}

// noRedirects makes a redirect an answer of its own (3xx), not a request elsewhere.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
