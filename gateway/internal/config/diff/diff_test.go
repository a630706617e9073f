package diff

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

func TestDiff(t *testing.T) {
	old := `{"backup": {"token": "t1", "timeout": "1d"}, "db": {"token": "t2", "timeout": "1h"},
		"mail queue": {"token": "t3", "timeout": "1h"}, "web": {"token": "t4", "timeout": "1h"}}`
	tests := []struct {
		name string
		cur  string
		want Changes
	}{
		{"the same", old, Changes{}},
		{"one added, one removed, two changed",
			`{"backup": {"token": "t1", "timeout": "2d"}, "db": {"token": "t2", "timeout": "1h"},
			"mail queue": {"token": "new", "timeout": "1h"}, "zeta": {"token": "t5", "timeout": "1h"}}`,
			Changes{Added: []string{"zeta"}, Removed: []string{"web"}, Changed: []string{"backup", "mail queue"}}},
		{"all removed", `{}`, Changes{Removed: []string{"backup", "db", "mail queue", "web"}}},
		{"renamed", strings.Replace(old, `"db"`, `"database"`, 1), Changes{Added: []string{"database"}, Removed: []string{"db"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev := mustParse(t, old)
			// Reparse, as a reload does (unchanged services are shared), and Parse alone.
			for how, cur := range map[string]*config.Config{"reparse": mustReparse(t, prev, tt.cur), "parse": mustParse(t, tt.cur)} {
				if diff := cmp.Diff(tt.want, Services(prev, cur)); diff != "" {
					t.Errorf("%s: Services (-want +got):\n%s", how, diff)
				}
			}
		})
	}
	if got := Services(nil, mustParse(t, old)); len(got.Added) != 4 {
		t.Errorf("Services from nil = %+v; want all 4 added", got)
	}
}

func TestChangesLogArgs(t *testing.T) {
	var many []string
	for i := range 25 {
		many = append(many, fmt.Sprintf("svc-%02d", i))
	}
	got := Changes{Added: many, Changed: []string{"mail queue"}}.LogArgs()
	want := []any{"added", "svc-00, svc-01, svc-02, svc-03, svc-04, svc-05, svc-06, svc-07, svc-08, svc-09, " +
		"svc-10, svc-11, svc-12, svc-13, svc-14, svc-15, svc-16, svc-17, svc-18, svc-19 and 5 more",
		"changed", "mail queue"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LogArgs (-want +got):\n%s", diff)
	}
	if got := (Changes{}).LogArgs(); len(got) != 0 {
		t.Errorf("LogArgs of no changes = %v; want none", got)
	}
}

func mustParse(t *testing.T, s string) *config.Config { return mustReparse(t, nil, s) }

func mustReparse(t *testing.T, prev *config.Config, s string) *config.Config {
	t.Helper()
	c, err := config.Reparse(prev, []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return c
}
