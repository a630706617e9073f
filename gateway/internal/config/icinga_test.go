package config

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/icingaplace"
)

func TestParseIcinga(t *testing.T) {
	tests := []struct {
		name, icinga string
		want         *icingaplace.Settings
	}{
		{"none", ``, nil},
		{"null", `, "icinga": null`, nil},
		{"empty", `, "icinga": {}`, &icingaplace.Settings{}},
		{"all keys", `, "icinga": {"host": "laptop-1", "display_name": "Nightly update ($ 100%)", "groups": ["laptops", "ops team"],
			"vars": {"team": "ops", "prio": 2, "ratio": -0.5, "paged": false, "os": ["debian", 12, true], "checkin_timeout": "30s"}}`,
			&icingaplace.Settings{Host: "laptop-1", DisplayName: "Nightly update ($ 100%)", Groups: []string{"laptops", "ops team"},
				Vars: map[string]any{"team": "ops", "prio": json.Number("2"), "ratio": json.Number("-0.5"), "paged": false,
					"os": []any{"debian", json.Number("12"), true}, "checkin_timeout": "30s"}}},
		{"host names Icinga takes", `, "icinga": {"host": "db-1.example.org/ü $x"}`, &icingaplace.Settings{Host: "db-1.example.org/ü $x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(`{"a": {"token": "t", "timeout": 1` + tt.icinga + `}}`))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, c.Service("a").Icinga); diff != "" {
				t.Errorf("Icinga mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseIcingaErrors(t *testing.T) {
	tests := []struct {
		name, icinga string
		want         string // with `service "a": ` before it
	}{
		{"not an object", `"laptop-1"`, `field icinga: want an object`},
		{"unknown key", `{"hostname": "x"}`, `field icinga: unknown key "hostname"`},
		{"key in other case", `{"Host": "x"}`, `field icinga: unknown key "Host"`},
		{"host type", `{"host": 5}`, `field icinga.host: want a string, got number`},
		{"host empty", `{"host": ""}`, `field icinga.host: must not be empty`},
		{"host with !", `{"host": "a!b"}`, `field icinga.host: "a!b": Icinga object names cannot hold !`},
		{"host with line break", `{"host": "a\nb"}`, `field icinga.host: "a\nb": Icinga object names here cannot hold line breaks`},
		{"display name empty", `{"display_name": ""}`, `field icinga.display_name: want a non-empty text on one line`},
		{"display name two lines", `{"display_name": "a\nb"}`, `field icinga.display_name: want a non-empty text on one line`},
		{"groups not an array", `{"groups": "laptops"}`, `field icinga.groups: want an array of group names, got string`},
		{"group not a string", `{"groups": ["a", 1]}`, `field icinga.groups`},
		{"group with !", `{"groups": ["ok", "x!y"]}`, `field icinga.groups[1]: "x!y": Icinga object names cannot hold !`},
		{"vars not an object", `{"vars": ["a"]}`, `field icinga.vars: want an object of custom variables, got array`},
		{"var name with dot", `{"vars": {"a.b": 1}}`, `field icinga.vars: invalid name "a.b"`},
		{"var name empty", `{"vars": {"": 1}}`, `field icinga.vars: invalid name ""`},
		{"reserved var", `{"vars": {"checkin_url": "http://x"}}`, `field icinga.vars.checkin_url: icinga-config sets this one`},
		{"null var", `{"vars": {"team": null}}`, `field icinga.vars.team: want a string, a number, true, false or an array of them`},
		{"object var", `{"vars": {"team": {"name": "ops"}}}`, `field icinga.vars.team: want a string, a number`},
		{"nested array", `{"vars": {"os": ["a", ["b"]]}}`, `field icinga.vars.os: item 1: want a string, a number, true or false`},
		{"exponent", `{"vars": {"n": 1e3}}`, `field icinga.vars.n: number 1e3: write it without an exponent`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(`{"a": {"token": "t", "timeout": 1, "icinga": ` + tt.icinga + `}}`))
			want := `service "a": ` + tt.want
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Parse with icinga %s = %v; want an error containing %q", tt.icinga, err, want)
			}
		})
	}
}
