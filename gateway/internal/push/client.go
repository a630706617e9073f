package push

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// ClientOptions say how to reach Icinga's API.
type ClientOptions struct {
	URL      string // https://icinga.example.org:5665, without a path
	User     string // the ApiUser
	Password string
	// CAFile is the PEM file of Icinga's CA (its /var/lib/icinga2/certs/ca.crt); Insecure
	// skips the check instead, for a lab only.
	CAFile   string
	Insecure bool
	// Conns bounds the connections to Icinga, each kept alive between pushes.
	Conns int
	// Timeout bounds one request.
	Timeout time.Duration
}

// Client sends check results to Icinga's API, one per request (Icinga has no bulk call), over
// at most Conns keep-alive TLS connections.
type Client struct {
	endpoint string // the process-check-result URL
	user     string
	password string
	http     *http.Client
}

// NewClient checks the options and builds the client; it opens no connection yet.
func NewClient(o ClientOptions) (*Client, error) {
	u, err := url.Parse(o.URL)
	if err != nil {
		return nil, fmt.Errorf("icinga url: %w", err)
	}
	switch {
	case u.Scheme != "https":
		return nil, fmt.Errorf("icinga url %s: want https:// (Icinga's API speaks only TLS)", u.Redacted())
	case u.Host == "":
		return nil, fmt.Errorf("icinga url %s: no host", u.Redacted())
	case u.User != nil:
		return nil, errors.New("icinga url: put the user in --icinga-user and the password in --icinga-password-file, not in the URL")
	case strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("icinga url %s: want only scheme, host and port, like https://icinga.example.org:5665", u.Redacted())
	}
	if o.User == "" || o.Password == "" {
		return nil, errors.New("icinga push needs a user and a password file")
	}
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: o.Insecure}
	if !o.Insecure {
		if o.CAFile == "" {
			return nil, errors.New("icinga push needs --icinga-ca-file (Icinga's CA certificate)")
		}
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("icinga ca file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("icinga ca file %s: no PEM certificate in it", o.CAFile)
		}
		tlsConfig.RootCAs = pool
	}
	conns := max(o.Conns, 1)
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	transport := &http.Transport{
		TLSClientConfig:     tlsConfig,
		MaxConnsPerHost:     conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: timeout,
		ForceAttemptHTTP2:   false, // Icinga speaks HTTP/1.1
	}
	return &Client{
		endpoint: u.Scheme + "://" + u.Host + "/v1/actions/process-check-result",
		user:     o.User, password: o.Password,
		http: &http.Client{Transport: transport, Timeout: timeout},
	}, nil
}

// Close closes the idle connections.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// Result is one check result for one Service.
type Result struct {
	Object   string   // "HOST!SERVICE"
	Exit     int      // 0..3
	Output   string   // the plugin's text, without perfdata
	Perf     []string // perfdata items
	TTL      time.Duration
	CheckSrc string // shown as the result's check_source
}

// Outcome is what became of a push, the label of checkin_icinga_pushes_total.
type Outcome string

// The outcomes.
const (
	OK            Outcome = "ok"             // Icinga took it
	Refused       Outcome = "refused"        // Icinga answered, but not with success: retried later
	Unreachable   Outcome = "unreachable"    // no answer: connection, TLS or timeout
	UnknownObject Outcome = "unknown_object" // Icinga has no such Service (or may not show it to us)
)

// errThisObject marks a refusal that concerns only the Service pushed to: the others go on.
var errThisObject = errors.New("icinga refused the result for this service")

// Send pushes r. The error, nil for OK, explains any other outcome in words fit for a log (never
// with the password).
func (c *Client) Send(ctx context.Context, r Result) (Outcome, error) {
	body := map[string]any{
		"type":          "Service",
		"service":       r.Object,
		"exit_status":   r.Exit,
		"plugin_output": r.Output,
		"check_source":  r.CheckSrc,
		// No execution_start: Icinga 2.13 silently drops a result older than its current one.
	}
	if len(r.Perf) > 0 {
		body["performance_data"] = r.Perf
	}
	if r.TTL > 0 {
		body["ttl"] = r.TTL.Seconds()
	}
	b, err := json.Marshal(body)
	if err != nil {
		return Refused, fmt.Errorf("encode check result: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(b))
	if err != nil {
		return Refused, fmt.Errorf("build request: %w", err)
	}
	req.SetBasicAuth(c.user, c.password)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return Unreachable, fmt.Errorf("icinga api: %w", err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return Unreachable, fmt.Errorf("icinga api: read answer: %w", err)
	}
	return judge(resp.StatusCode, answer)
}

// judge reads Icinga's answer: {"results":[{"code":200,"status":"..."}]} or
// {"error":404,"status":"No objects found."}.
func judge(code int, answer []byte) (Outcome, error) {
	var a struct {
		Results []struct {
			Code   float64 `json:"code"`
			Status string  `json:"status"`
		} `json:"results"`
		Status string `json:"status"`
	}
	_ = json.Unmarshal(answer, &a) // a body that is not Icinga's JSON still has its HTTP code
	status := a.Status
	if len(a.Results) > 0 {
		status = a.Results[0].Status
	}
	switch {
	case code == http.StatusOK && strings.HasPrefix(status, "Ignoring passive check result for unreachable object"):
		// The gateway's Host is DOWN in Icinga: the result is dropped. Retried until it counts.
		return Refused, fmt.Errorf("icinga ignored the result: %s", status)
	case code == http.StatusOK:
		return OK, nil
	case code == http.StatusNotFound:
		return UnknownObject, fmt.Errorf("icinga api: HTTP 404: %s", oneLine(status, answer))
	case code == http.StatusBadRequest || code == http.StatusForbidden || code == http.StatusConflict:
		// About this Service (passive checks disabled, a value Icinga refuses), not Icinga as a whole.
		return Refused, fmt.Errorf("%w: HTTP %d: %s", errThisObject, code, oneLine(status, answer))
	default:
		return Refused, fmt.Errorf("icinga api: HTTP %d: %s", code, oneLine(status, answer))
	}
}

// oneLine is Icinga's status message, or the start of its answer.
func oneLine(status string, answer []byte) string {
	if status == "" {
		status = string(answer)
	}
	status = strings.Join(strings.Fields(status), " ")
	if len(status) > 200 {
		status = strings.ToValidUTF8(status[:200], "") + "..."
	}
	return status
}
