package envflag

import (
	"bytes"
	"strings"
	"testing"

	"github.com/alecthomas/kong"
)

type testCLI struct {
	Listen string `help:"Address to listen on." default:"127.0.0.1:5000" env:"T_LISTEN"`
	Level  string `default:"info" env:"T_OTHER,T_LEVEL"`
	Port   int    `default:"5000" env:"T_PORT"`
}

func TestOption(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		wantListen string
		wantLevel  string
		wantPort   int
	}{
		{"defaults", nil, nil, "127.0.0.1:5000", "info", 5000},
		{"from env", nil, map[string]string{"T_LISTEN": ":9", "T_LEVEL": "debug", "T_PORT": "8"}, ":9", "debug", 8},
		{"empty env ignored", nil, map[string]string{"T_LISTEN": "", "T_PORT": ""}, "127.0.0.1:5000", "info", 5000},
		{"first non-empty of several", nil, map[string]string{"T_OTHER": "", "T_LEVEL": "warn"}, "127.0.0.1:5000", "warn", 5000},
		{"flag wins", []string{"--listen", ":1"}, map[string]string{"T_LISTEN": ":9"}, ":1", "info", 5000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The process environment says otherwise, also with empty values: it must not count.
			t.Setenv("T_LISTEN", "process:1")
			t.Setenv("T_LEVEL", "error")
			t.Setenv("T_PORT", "")
			var c testCLI
			p, err := kong.New(&c, Option(func(k string) string { return tt.env[k] }))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			if c.Listen != tt.wantListen || c.Level != tt.wantLevel || c.Port != tt.wantPort {
				t.Errorf("Parse(%v) with %v = %q, %q, %d; want %q, %q, %d", tt.args, tt.env,
					c.Listen, c.Level, c.Port, tt.wantListen, tt.wantLevel, tt.wantPort)
			}
		})
	}
}

func TestOptionHelpNamesVariables(t *testing.T) {
	var c testCLI
	var out bytes.Buffer
	p, err := kong.New(&c, Option(func(string) string { return "" }), kong.Writers(&out, &out),
		kong.Exit(func(int) {}))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = p.Parse([]string{"--help"})
	for _, want := range []string{"Address to listen on ($T_LISTEN).", "($T_OTHER, $T_LEVEL)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--help lacks %q:\n%s", want, out.String())
		}
	}
}
