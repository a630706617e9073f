package main

import "testing"

func TestBaseURL(t *testing.T) {
	tests := []struct {
		name    string
		c       cli
		want    string
		wantErr string
	}{
		{"defaults", cli{Protocol: "http", Host: "127.0.0.1", Port: 5000}, "http://127.0.0.1:5000", ""},
		{"https", cli{Protocol: "https", Host: "gw.example.org", Port: 8443}, "https://gw.example.org:8443", ""},
		{"ipv6", cli{Protocol: "http", Host: "::1", Port: 5000}, "http://[::1]:5000", ""},
		{"ipv6 bracketed", cli{Protocol: "http", Host: "[::1]", Port: 5000}, "http://[::1]:5000", ""},
		{"url wins", cli{Protocol: "http", Host: "ignored", Port: 1, URL: "https://gw.example.org/checkin/"}, "https://gw.example.org/checkin/", ""},
		{"port 0", cli{Protocol: "http", Host: "h", Port: 0}, "", "--port 0: want 1 to 65535"},
		{"empty host", cli{Protocol: "http", Port: 5000}, "", "--host must not be empty"},
		{"url without scheme", cli{URL: "gw:5000"}, "", "--url gw:5000: want an http:// or https:// URL"},
		{"url without host", cli{URL: "http:///x"}, "", "--url http:///x: no host"},
		{"url with query", cli{URL: "http://gw/?a=b"}, "", "--url http://gw/?a=b: a base URL takes no query or fragment"},
		{"password hidden", cli{URL: "ftp://user:secret@gw/"}, "", "--url ftp://user:xxxxx@gw/: want an http:// or https:// URL"},
	}
	for _, tt := range tests {
		u, err := tt.c.baseURL()
		got, gotErr := "", ""
		if u != nil {
			got = u.String()
		}
		if err != nil {
			gotErr = err.Error()
		}
		if got != tt.want || gotErr != tt.wantErr {
			t.Errorf("%s: baseURL() = %q, %q; want %q, %q", tt.name, got, gotErr, tt.want, tt.wantErr)
		}
	}
}

func TestParseTimeout(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"10s", "10s"}, {"500ms", "500ms"}, {"1m30s", "1m30s"}, {"10", "10s"}, {"2m", "2m0s"}, {" 5 ", "5s"},
		{"0", ""}, {"-1s", ""}, {"soon", ""}, {"", ""},
	}
	for _, tt := range tests {
		d, err := parseTimeout(tt.in)
		got := ""
		if err == nil {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("parseTimeout(%q) = %v, %v; want %q", tt.in, d, err, tt.want)
		}
	}
}
