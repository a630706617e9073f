package clientaddr

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestOf(t *testing.T) {
	trusted, err := ParseTrusted("127.0.0.1, 10.0.0.0/8,::1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, remote string
		xff          []string
		fwd          []string
		want         string
	}{
		{"no proxy, no headers", "192.0.2.1:5000", nil, nil, "192.0.2.1"},
		{"untrusted peer's XFF ignored", "192.0.2.1:5000", []string{"203.0.113.9"}, nil, "192.0.2.1"},
		{"untrusted peer's Forwarded ignored", "192.0.2.1:5000", nil, []string{"for=203.0.113.9"}, "192.0.2.1"},
		{"trusted proxy without headers", "127.0.0.1:5000", nil, nil, "127.0.0.1"},
		{"trusted proxy, one hop", "127.0.0.1:5000", []string{"203.0.113.9"}, nil, "203.0.113.9"},
		{"client's own XFF is not believed", "127.0.0.1:5000", []string{"198.51.100.1, 203.0.113.9"}, nil, "203.0.113.9"},
		{"trusted hops are skipped", "127.0.0.1:5000", []string{"198.51.100.1, 203.0.113.9, 10.1.2.3"}, nil, "203.0.113.9"},
		{"several XFF lines", "127.0.0.1:5000", []string{"198.51.100.1", "203.0.113.9", "10.1.2.3"}, nil, "203.0.113.9"},
		{"all hops trusted", "127.0.0.1:5000", []string{"10.9.9.9, 10.1.2.3"}, nil, "10.9.9.9"},
		{"garbage ends the walk at the nearest trusted hop", "127.0.0.1:5000", []string{"203.0.113.9, nonsense, 10.1.2.3"}, nil, "10.1.2.3"},
		{"garbage right of the proxy", "127.0.0.1:5000", []string{"nonsense"}, nil, "127.0.0.1"},
		{"XFF with a port", "127.0.0.1:5000", []string{"203.0.113.9:4711"}, nil, "203.0.113.9"},
		{"XFF IPv6", "[::1]:5000", []string{"2001:db8::7"}, nil, "2001:db8::7"},
		{"IPv4-mapped peer", "[::ffff:127.0.0.1]:5000", []string{"203.0.113.9"}, nil, "203.0.113.9"},
		{"Forwarded", "127.0.0.1:5000", nil, []string{"for=203.0.113.9;proto=https;by=127.0.0.1"}, "203.0.113.9"},
		{"Forwarded quoted IPv6 with port", "127.0.0.1:5000", nil, []string{`for="[2001:db8:cafe::17]:4711"`}, "2001:db8:cafe::17"},
		{"Forwarded upper case, several", "127.0.0.1:5000", nil, []string{`For=198.51.100.1, FOR="203.0.113.9";proto=http`, "for=10.1.2.3"}, "203.0.113.9"},
		{"Forwarded quoted comma", "127.0.0.1:5000", nil, []string{`for="_x,y";by=a, for=203.0.113.9`}, "203.0.113.9"},
		{"Forwarded unknown", "127.0.0.1:5000", nil, []string{"for=unknown"}, "127.0.0.1"},
		{"Forwarded obfuscated, then a trusted hop", "127.0.0.1:5000", nil, []string{"for=_hidden, for=10.1.2.3"}, "10.1.2.3"},
		{"XFF wins over Forwarded", "127.0.0.1:5000", []string{"203.0.113.9"}, []string{"for=198.51.100.1"}, "203.0.113.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"X-Forwarded-For": tt.xff, "Forwarded": tt.fwd}
			got, ok := trusted.Of(tt.remote, h)
			if !ok || got.String() != tt.want {
				t.Errorf("Of(%q, %v) = %v, %v; want %s", tt.remote, h, got, ok, tt.want)
			}
		})
	}
}

// With no trusted proxies, nothing a request says changes its address.
func TestNoneTrusted(t *testing.T) {
	var none Trusted
	h := http.Header{"X-Forwarded-For": {"203.0.113.9"}, "Forwarded": {"for=203.0.113.9"}}
	if got, _ := none.Of("127.0.0.1:5000", h); got.String() != "127.0.0.1" {
		t.Errorf("Of with none trusted = %v; want 127.0.0.1", got)
	}
}

func TestParseTrusted(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"", "", ""},
		{"127.0.0.1", "127.0.0.1/32", ""},
		{"::1, 10.1.2.3/8 ,", "::1/128,10.0.0.0/8", ""},
		{"::ffff:127.0.0.1", "127.0.0.1/32", ""},
		{"localhost", "", `"localhost" is neither an address nor a network`},
		{"10.0.0.0/33", "", `"10.0.0.0/33"`},
		{"::ffff:10.0.0.0/104", "", "IPv4-mapped"},
	}
	for _, tt := range tests {
		got, err := ParseTrusted(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseTrusted(%q) = %v, %v; want an error with %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("ParseTrusted(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// Over a real connection from 127.0.0.1: a trusted peer's forwarded address replaces
// RemoteAddr; an untrusted peer's headers change nothing.
func TestMiddleware(t *testing.T) {
	tests := []struct{ trusted, xff, want string }{
		{"127.0.0.0/8", "203.0.113.9", "203.0.113.9"},
		{"127.0.0.0/8", "", "127.0.0.1:"},
		{"10.0.0.0/8", "203.0.113.9", "127.0.0.1:"},
		{"", "203.0.113.9", "127.0.0.1:"},
	}
	for _, tt := range tests {
		trusted, err := ParseTrusted(tt.trusted)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(trusted.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, r.RemoteAddr)
		})))
		req, _ := http.NewRequest("GET", srv.URL, nil)
		if tt.xff != "" {
			req.Header.Set("X-Forwarded-For", tt.xff)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		srv.Close()
		if !strings.HasPrefix(string(got), tt.want) || (tt.want == "203.0.113.9" && string(got) != tt.want) {
			t.Errorf("trusting %q, XFF %q: RemoteAddr = %q; want %q...", tt.trusted, tt.xff, got, tt.want)
		}
	}
}
