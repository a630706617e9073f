// Package client asks checkin-gateway for a service's state over HTTP(S), and explains every
// way that can fail in one line a sysadmin can act on.
package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Options say how to reach the gateway.
type Options struct {
	// Base is the gateway's base URL; a path in it is kept as a prefix.
	Base *url.URL
	// Timeout bounds the whole request, answer included.
	Timeout time.Duration
	// CAFile names a PEM file of certificates to trust instead of the system's.
	CAFile string
	// Insecure skips the TLS certificate check.
	Insecure bool
	// Token, when set, is sent as "Authorization: Bearer <token>".
	Token string
	// UserAgent names the program in requests.
	UserAgent string
}

// Client reads service states from one gateway.
type Client struct {
	base    *url.URL
	http    *http.Client
	timeout time.Duration
	token   string
	agent   string
}

// New builds a client; it fails only when the CA file cannot be used.
func New(o Options) (*Client, error) {
	tlsConf := &tls.Config{InsecureSkipVerify: o.Insecure} //nolint:gosec // the operator asked for it
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("read --ca-file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--ca-file %s holds no PEM certificate", o.CAFile)
		}
		tlsConf.RootCAs = pool
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.TLSClientConfig = tlsConf
	return &Client{
		base:    o.Base,
		http:    &http.Client{Transport: transport, Timeout: o.Timeout},
		timeout: o.Timeout,
		token:   o.Token,
		agent:   o.UserAgent,
	}, nil
}

// stateURL is {base}/api/v1/services/{name}, the name path-escaped. A path cannot carry the
// names "." and ".." (clients and proxies resolve them as steps, and escaped they no longer
// match), so those two are asked for as {base}/report?service={name}, which answers the same.
func (c *Client) stateURL(name string) string {
	base := strings.TrimSuffix(c.base.String(), "/")
	if name == "." || name == ".." {
		return base + "/report?" + url.Values{"service": {name}}.Encode()
	}
	return base + "/api/v1/services/" + url.PathEscape(name)
}

// where names the gateway in messages, without any password the URL may hold.
func (c *Client) where() string { return c.base.Redacted() }

// get sends the request for a service's state. Transport failures come back as *Error.
func (c *Client) get(ctx context.Context, name string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.stateURL(name), nil)
	if err != nil {
		return nil, &Error{Kind: Malformed, Msg: fmt.Sprintf("cannot build a request for the gateway at %s: %v", c.where(), err)}
	}
	req.Header.Set("Accept", "application/json")
	if c.agent != "" {
		req.Header.Set("User-Agent", c.agent)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.transportError(err)
	}
	return resp, nil
}

// Kind sorts failures, so callers and tests can tell them apart without reading the words.
type Kind int

// The ways a query can fail.
const (
	Unreachable   Kind = iota // connection refused or reset, no route, anything else on the way
	DNS                       // the host name does not resolve
	TLS                       // handshake or certificate failure
	Timeout                   // no complete answer in time
	NotConfigured             // 404: the gateway does not know the service
	HTTPStatus                // any other answer than 200
	Malformed                 // 200, but not a state the plugin can read
)

// Error is a failed query; Msg is one line meant for the operator.
type Error struct {
	Kind Kind
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// IsKind reports whether err is an *Error of the given kind.
func IsKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}
