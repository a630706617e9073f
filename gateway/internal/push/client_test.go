package push

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testpki"
)

// fakeIcinga is a real HTTPS server on 127.0.0.1 that answers process-check-result as Icinga
// would for the edge cases a real Icinga cannot be made to produce on demand (5xx, a slow
// answer). It records what it was sent.
type fakeIcinga struct {
	url, caFile string

	mu      sync.Mutex
	answers []int // HTTP codes to answer in turn; 200 when used up
	got     []map[string]any
	auth    []string
	during  func() // called while each request is handled, before the answer; nil for none
}

func newFakeIcinga(t *testing.T, answers ...int) *fakeIcinga {
	t.Helper()
	ca := testpki.NewCA(t)
	certFile, keyFile := ca.Server(t, "icinga")
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeIcinga{caFile: ca.CertFile, answers: answers}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

func (f *fakeIcinga) serve(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	b, _ := io.ReadAll(r.Body)
	_ = json.Unmarshal(b, &body)
	user, pw, _ := r.BasicAuth()
	f.mu.Lock()
	f.got = append(f.got, body)
	f.auth = append(f.auth, user+":"+pw)
	code := http.StatusOK
	if len(f.answers) > 0 {
		code, f.answers = f.answers[0], f.answers[1:]
	}
	during := f.during
	f.mu.Unlock()
	if during != nil {
		during()
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.URL.Path != "/v1/actions/process-check-result":
		w.WriteHeader(http.StatusNotFound)
	case code == http.StatusOK:
		_, _ = io.WriteString(w, `{"results":[{"code":200.0,"status":"Successfully processed check result for object 'gw!x'."}]}`)
	case code == http.StatusNotFound:
		w.WriteHeader(code)
		_, _ = io.WriteString(w, `{"error":404.0,"status":"No objects found."}`)
	default:
		w.WriteHeader(code)
		_, _ = io.WriteString(w, `{"error":500.0,"status":"something broke"}`)
	}
}

func (f *fakeIcinga) requests() []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]map[string]any(nil), f.got...)
}

func TestNewClientRefusesBadOptions(t *testing.T) {
	tests := []struct {
		name string
		o    ClientOptions
		want string
	}{
		{"http", ClientOptions{URL: "http://icinga:5665", User: "u", Password: "p", Insecure: true}, "want https://"},
		{"password in the URL", ClientOptions{URL: "https://u:secret@icinga:5665", User: "u", Password: "p", Insecure: true}, "not in the URL"},
		{"a path", ClientOptions{URL: "https://icinga:5665/v1", User: "u", Password: "p", Insecure: true}, "want only scheme, host and port"},
		{"no password", ClientOptions{URL: "https://icinga:5665", User: "u", Insecure: true}, "password file"},
		{"no CA", ClientOptions{URL: "https://icinga:5665", User: "u", Password: "p"}, "--icinga-ca-file"},
		{"CA file missing", ClientOptions{URL: "https://icinga:5665", User: "u", Password: "p", CAFile: "/nonexistent/ca.crt"}, "icinga ca file"},
	}
	for _, tt := range tests {
		_, err := NewClient(tt.o)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: NewClient = %v; want an error with %q", tt.name, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: the error shows the password: %v", tt.name, err)
		}
	}
}

// Send posts one result by the Service's name, with the ttl and without execution_start, over
// TLS checked against the CA file; another CA's certificate is refused unless insecure.
func TestClientSend(t *testing.T) {
	f := newFakeIcinga(t)
	c, err := NewClient(ClientOptions{URL: f.url, User: "push", Password: "pw", CAFile: f.caFile})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := Result{Object: "gw!backup", Exit: 1, Output: "CHECKIN WARNING - late", Perf: []string{"age=5s;;;0"}, TTL: 90 * time.Second, CheckSrc: "gw1"}
	if o, err := c.Send(context.Background(), r); o != OK || err != nil {
		t.Fatalf("Send = %v, %v; want ok", o, err)
	}
	got := f.requests()[0]
	want := map[string]any{"type": "Service", "service": "gw!backup", "exit_status": 1.0, "plugin_output": "CHECKIN WARNING - late",
		"performance_data": []any{"age=5s;;;0"}, "ttl": 90.0, "check_source": "gw1"}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("sent %s; want %s", gotJSON, wantJSON)
	}
	if f.auth[0] != "push:pw" {
		t.Errorf("basic auth %q; want push:pw", f.auth[0])
	}

	other := testpki.NewCA(t)
	c2, err := NewClient(ClientOptions{URL: f.url, User: "push", Password: "pw", CAFile: other.CertFile})
	if err != nil {
		t.Fatal(err)
	}
	if o, err := c2.Send(context.Background(), r); o != Unreachable || err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("Send to a server of another CA = %v, %v; want unreachable, a certificate error", o, err)
	}
	c3, err := NewClient(ClientOptions{URL: f.url, User: "push", Password: "pw", Insecure: true})
	if err != nil {
		t.Fatal(err)
	}
	if o, err := c3.Send(context.Background(), r); o != OK {
		t.Errorf("insecure Send = %v, %v; want ok", o, err)
	}
}

// judge reads Icinga's answers: a result ignored for an unreachable object, or a 5xx, is a
// refusal of Icinga as a whole; 400/403 concern one Service; 404 is an unknown object.
func TestJudge(t *testing.T) {
	tests := []struct {
		code    int
		answer  string
		want    Outcome
		oneOnly bool
	}{
		{200, `{"results":[{"code":200.0,"status":"Successfully processed check result for object 'a!b'."}]}`, OK, false},
		{200, `{"results":[{"code":200.0,"status":"Ignoring passive check result for unreachable object 'a!b'."}]}`, Refused, false},
		{404, `{"error":404.0,"status":"No objects found."}`, UnknownObject, false},
		{403, `{"results":[{"code":403.0,"status":"Passive checks are disabled for object 'a!b'."}]}`, Refused, true},
		{400, `{"results":[{"code":400.0,"status":"Parameter 'exit_status' is required."}]}`, Refused, true},
		{401, `<h1>Unauthorized. Please check your user credentials.</h1>`, Refused, false},
		{503, `{"results":[{"code":503.0,"status":"Could not process check result: the object is inactive."}]}`, Refused, false},
		{500, `not json`, Refused, false},
	}
	for _, tt := range tests {
		got, err := judge(tt.code, []byte(tt.answer))
		if got != tt.want || (got == OK) != (err == nil) || errors.Is(err, errThisObject) != tt.oneOnly {
			t.Errorf("judge(%d, %s) = %v, %v; want %v (this Service only: %v)", tt.code, tt.answer, got, err, tt.want, tt.oneOnly)
		}
	}
}
