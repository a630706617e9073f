package postgres

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// EverySummary and SummariesOf give, in one query, what Summary gives for each service that
// checked in (and SummariesOf asked for): the newest report, the newest OK one, the last run's
// duration and an open run.
func TestEverySummaryMatchesSummary(t *testing.T) {
	s := mustOpen(t, pgtest.Start(t))
	ctx := context.Background()
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	for _, c := range []storage.Checkin{
		{Service: "backup", Status: checkin.OK, Info: "fine", At: at(0)},
		{Service: "backup", Status: checkin.Critical, Info: "disk full", At: at(1)},
		{Service: "timed", Kind: checkin.KindStart, Status: checkin.OK, RunID: "r1", At: at(2)},
		{Service: "timed", Status: checkin.OK, Info: "done", RunID: "r1", At: at(5)},
		{Service: "running", Kind: checkin.KindStart, Status: checkin.OK, RunID: "r2", At: at(3)},
		{Service: "logged", Kind: checkin.KindLog, Status: checkin.OK, Info: "a note", At: at(4)},
	} {
		mustAdd(t, s, c)
	}
	all := []string{"backup", "timed", "running", "logged", "silent"}
	some := map[string]storage.Summary{}
	asked := []string{"running", "silent", "backup"}
	if err := s.SummariesOf(ctx, asked, func(name string, sum storage.Summary) { some[name] = sum }); err != nil {
		t.Fatal(err)
	}
	for _, name := range all {
		want, err := s.Summary(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		sum, ok := some[name]
		switch {
		case name == "silent" || !slices.Contains(asked, name):
			if ok {
				t.Errorf("SummariesOf(%q) gave %q: %+v", asked, name, sum)
			}
		case !ok:
			t.Errorf("SummariesOf(%q) left out %q", asked, name)
		case !reflect.DeepEqual(sum, want):
			t.Errorf("%s: SummariesOf gave %+v, Summary %+v", name, sum, want)
		}
	}
	got := map[string]storage.Summary{}
	if err := s.EverySummary(ctx, func(name string, sum storage.Summary) { got[name] = sum }); err != nil {
		t.Fatal(err)
	}
	for _, name := range all {
		want, err := s.Summary(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		sum, ok := got[name]
		if name == "silent" {
			if ok {
				t.Errorf("EverySummary gave %q, which never checked in: %+v", name, sum)
			}
			continue
		}
		if !ok {
			t.Errorf("EverySummary left out %q", name)
			continue
		}
		if !reflect.DeepEqual(sum, want) {
			t.Errorf("%s: EverySummary gave %+v, Summary %+v", name, sum, want)
		}
	}
	if got["backup"].Latest.Status != checkin.Critical || got["backup"].LatestOK.Info != "fine" {
		t.Errorf("backup: %+v, want the CRITICAL report newest and the OK one kept", got["backup"])
	}
	if got["timed"].LastDuration != 3*time.Minute || got["running"].RunID != "r2" {
		t.Errorf("runs: timed %+v, running %+v; want a 3 min run and r2 open", got["timed"], got["running"])
	}
}
