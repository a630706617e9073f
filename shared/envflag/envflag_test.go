package envflag

import (
	"testing"

	"github.com/alecthomas/kong"
)

func TestResolver(t *testing.T) {
	type cli struct {
		Listen string `default:"127.0.0.1:5000" env:"T_LISTEN"`
		Level  string `default:"info" env:"T_OTHER,T_LEVEL"`
	}
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		wantListen string
		wantLevel  string
	}{
		{"defaults", nil, nil, "127.0.0.1:5000", "info"},
		{"from env", nil, map[string]string{"T_LISTEN": ":9", "T_LEVEL": "debug"}, ":9", "debug"},
		{"empty env ignored", nil, map[string]string{"T_LISTEN": ""}, "127.0.0.1:5000", "info"},
		{"flag wins", []string{"--listen", ":1"}, map[string]string{"T_LISTEN": ":9"}, ":1", "info"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c cli
			p, err := kong.New(&c, kong.Resolvers(Resolver(func(k string) string { return tt.env[k] })))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			if c.Listen != tt.wantListen || c.Level != tt.wantLevel {
				t.Errorf("Parse(%v) with %v = %q, %q; want %q, %q", tt.args, tt.env, c.Listen, c.Level, tt.wantListen, tt.wantLevel)
			}
		})
	}
}
