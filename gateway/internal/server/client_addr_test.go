package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/clientaddr"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// viaProxy starts a reverse proxy on 127.0.0.1 in front of the gateway at target. Like nginx
// with $proxy_add_x_forwarded_for, it appends the address of each client connection to
// X-Forwarded-For, and connects to the gateway from 127.0.0.1.
func viaProxy(t *testing.T, target string) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httptest.NewServer(httputil.NewSingleHostReverseProxy(u))
	t.Cleanup(proxy.Close)
	return proxy.URL
}

func trust(list string) func(*Deps) {
	return func(d *Deps) {
		var err error
		if d.TrustedProxies, err = clientaddr.ParseTrusted(list); err != nil {
			panic(err)
		}
	}
}

// Through a trusted reverse proxy, one client guessing tokens for a service refuses no one
// else: not another client's service, not the same service from another address.
func TestOneClientNeverLocksOutOthers(t *testing.T) {
	backendtest.Each(t, testOneClientNeverLocksOutOthers)
}

func testOneClientNeverLocksOutOthers(t *testing.T, b backendtest.Backend) {
	logs := &checkintest.SyncBuffer{}
	f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) {
		d.AuthFailLimit, d.AuthFailWindow = 10, time.Minute
		trust("127.0.0.1")(d)
		logTo(logs, slog.LevelDebug)(d)
	})
	proxy := viaProxy(t, f.url)
	attacker, laptop, backup := clientFrom("127.0.0.2"), clientFrom("127.0.0.3"), clientFrom("127.0.0.4")
	// The attacker also claims the others' addresses; the proxy appends its real one.
	spoof := http.Header{"X-Forwarded-For": {"127.0.0.4"}, "Forwarded": {"for=127.0.0.3"}}
	refused := 0
	for i := 0; i < 200; i++ { // 200 in a minute
		f.clock.Add(300 * time.Millisecond)
		code, body, _ := sendFrom(t, attacker, "POST", proxy+"/", checkinJSON("backup", fmt.Sprint("guess-", i)), spoof)
		switch {
		case code == http.StatusTooManyRequests:
			refused++
		case code != http.StatusUnauthorized:
			t.Fatalf("guess %d = %d %s; want 401 or 429", i, code, body)
		}
		if i%5 != 0 {
			continue
		}
		if code, body, _ := postFrom(t, laptop, proxy+"/", checkinJSON("laptop", "secret-laptop")); code != 204 {
			t.Fatalf("after %d guesses, laptop's check-in = %d %s; want 204", i+1, code, body)
		}
		if code, body, _ := postFrom(t, backup, proxy+"/", checkinJSON("backup", "secret-backup")); code != 204 {
			t.Fatalf("after %d guesses, backup's check-in from another address = %d %s; want 204", i+1, code, body)
		}
	}
	if refused != 190 {
		t.Errorf("the guessing client got %d answers 429; want 190 (all after the first 10)", refused)
	}
	log := logs.String()
	if refusals := grepLines(log, "client refused"); len(refusals) != 1 || !strings.Contains(refusals[0], "client=127.0.0.2 service=backup") {
		t.Errorf("refusal log lines = %q; want one, for 127.0.0.2 and backup", refusals)
	}
	for _, want := range []string{`msg="check-in rejected" reason="wrong token" service=backup remote=127.0.0.2 `,
		`msg=request method=POST path=/ status=204 `, ` remote=127.0.0.3 `} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q: the client's address must reach it", want)
		}
	}
	if strings.Contains(log, "remote=127.0.0.1") {
		t.Errorf("the log names the proxy's address as a client")
	}
}

// A right read token always passes: wrong ones, from the same address or through the same
// proxy, never block it, and non-Bearer headers are not counted as guesses.
func TestReadTokenNeverBlocksTheRightOne(t *testing.T) {
	backendtest.Each(t, testReadTokenNeverBlocksTheRightOne)
}

func testReadTokenNeverBlocksTheRightOne(t *testing.T, b backendtest.Backend) {
	const readTok = "read-Secret-0123456789abcdef"
	f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) {
		d.ReadToken, d.AuthFailLimit, d.AuthFailWindow = readTok, 3, time.Minute
		trust("127.0.0.1")(d)
	})
	proxy := viaProxy(t, f.url)
	attacker, icinga, fresh := clientFrom("127.0.0.2"), clientFrom("127.0.0.3"), clientFrom("127.0.0.5")
	bearer := func(tok string) http.Header { return http.Header{"Authorization": {"Bearer " + tok}} }
	guesses := 0
	for _, base := range []string{f.url, proxy} { // directly, then through the proxy
		for i := 0; i < 20; i++ {
			code, _, _ := sendFrom(t, attacker, "GET", base+"/api/v1/services/backup", "", bearer(fmt.Sprint("guess-", i)))
			if want := map[bool]int{true: 401, false: 429}[guesses < 3]; code != want {
				t.Fatalf("wrong read token %d to %s = %d; want %d", i, base, code, want)
			}
			for _, c := range []*http.Client{attacker, icinga} {
				if code, body, _ := sendFrom(t, c, "GET", base+"/api/v1/services/backup", "", bearer(readTok)); code != 200 {
					t.Fatalf("right read token during the guessing = %d %s; want 200", code, body)
				}
			}
			guesses++
		}
	}
	// A header without a scheme, or Basic without a password, is no guess: a clear 401, not
	// counted. (Basic with a password is the read token's other form: login_auth_test.go.)
	for i := 0; i < 10; i++ {
		auth := map[bool]string{true: "Basic dXNlcg==", false: "guess-without-scheme"}[i%2 == 0]
		code, body, hdr := sendFrom(t, fresh, "GET", proxy+"/status", "", http.Header{"Authorization": {auth}})
		if code != 401 || !strings.Contains(body, "not Bearer") || !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Bearer") {
			t.Fatalf("Authorization %q = %d %s; want 401 saying it is not Bearer", auth, code, body)
		}
	}
	if code, _, _ := sendFrom(t, fresh, "GET", proxy+"/status", "", bearer("guess")); code != 401 {
		t.Errorf("first wrong Bearer after 10 headers without a token = %d; want 401, not 429", code)
	}
}

// Forwarding headers from an untrusted peer change nothing: a client cannot escape its
// refusal, nor get another client refused, by naming addresses.
func TestUntrustedForwardingHeadersChangeNothing(t *testing.T) {
	backendtest.Each(t, testUntrustedForwardingHeadersChangeNothing)
}

func testUntrustedForwardingHeadersChangeNothing(t *testing.T, b backendtest.Backend) {
	for _, trusted := range []string{"", "10.0.0.0/8, 127.0.0.9"} {
		t.Run("trusting "+trusted, func(t *testing.T) {
			f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) {
				d.AuthFailLimit, d.AuthFailWindow = 3, time.Minute
				trust(trusted)(d)
			})
			attacker, victim := clientFrom("127.0.0.2"), clientFrom("127.0.0.3")
			for i := 0; i < 6; i++ {
				fake := fmt.Sprintf("198.51.100.%d", i)
				hdr := http.Header{"X-Forwarded-For": {fake}, "Forwarded": {"for=" + fake}, "X-Real-Ip": {fake}}
				code, _, _ := sendFrom(t, attacker, "POST", f.url+"/", checkinJSON("backup", "guess"), hdr)
				if want := map[bool]int{true: 401, false: 429}[i < 3]; code != want {
					t.Errorf("guess %d claiming to be %s = %d; want %d", i, fake, code, want)
				}
			}
			// The victim claiming the attacker's address is still itself.
			hdr := http.Header{"X-Forwarded-For": {"127.0.0.2"}, "Forwarded": {"for=127.0.0.2"}}
			if code, body, _ := sendFrom(t, victim, "POST", f.url+"/", checkinJSON("backup", "secret-backup"), hdr); code != 204 {
				t.Errorf("check-in naming the refused address = %d %s; want 204", code, body)
			}
		})
	}
}
