package legacy

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy/legacytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// t0 is where the generated history starts (Unix 1600000000, September 2020).
var t0 = time.Unix(1600000000, 0).UTC()

// history is a generated older database and, per service, the check-ins it must become.
type history struct {
	rows    [][]any
	want    map[string][]storage.Checkin
	skipped map[string]int
}

func (h *history) add(service string, ts, status, info any, want *storage.Checkin) {
	h.rows = append(h.rows, []any{service, ts, status, info})
	if want == nil {
		h.skipped[service]++
		return
	}
	want.Service, want.Kind = service, checkin.KindReport
	h.want[service] = append(h.want[service], *want)
}

// generate fills a history with every quirk of the older gateway's states: bigRows rows for
// one service, REAL timestamps, statuses in any case, UNKOWN, NULL and no_info, duplicate
// timestamps across services, unmappable rows, and a service name our rules refuse.
func generate(bigRows int) *history {
	h := &history{want: map[string][]storage.Checkin{}, skipped: map[string]int{}}
	cases := []string{"OK", "ok", "Ok", "WARNING", "warning", "CRITICAL", "Critical", "UNKNOWN", "UNKOWN", "unkown"}
	for i := range bigRows {
		at := t0.Add(time.Duration(i) * time.Minute)
		var ts any = at.Unix()
		if i%7 == 3 { // a REAL timestamp with microseconds, as Python's time() wrote them
			at = at.Add(123456 * time.Microsecond)
			ts = float64(at.Unix()) + 0.123456
		}
		status := cases[i%len(cases)]
		st, _ := Status(status)
		var info any = fmt.Sprintf("run %d", i)
		wantInfo := info.(string)
		switch i % 11 {
		case 4:
			info, wantInfo = nil, ""
		case 5:
			info, wantInfo = "no_info", ""
		}
		h.add("big", ts, status, info, &storage.Checkin{Status: st, Info: wantInfo, At: at})
	}
	// The same moments in two services, the second written out of order.
	for i := range 50 {
		at := t0.Add(time.Duration(i) * time.Hour)
		h.add("dup-a", at.Unix(), "OK", "a", &storage.Checkin{Status: checkin.OK, Info: "a", At: at})
	}
	for i := 49; i >= 0; i-- {
		at := t0.Add(time.Duration(i) * time.Hour)
		h.add("dup-b", at.Unix(), "critical", nil, &storage.Checkin{Status: checkin.Critical, At: at})
	}
	// Rows that cannot be mapped, among good ones.
	h.add("quirks", t0.Unix(), "OK", "first", &storage.Checkin{Status: checkin.OK, Info: "first", At: t0})
	h.add("quirks", t0.Unix()+1, "PURPLE", "x", nil)
	h.add("quirks", t0.Unix()+2, nil, "x", nil)
	h.add("quirks", "garbage", "OK", "x", nil)
	h.add("quirks", "", "OK", "x", nil)
	h.add("quirks", 1600000003.5, "Warning", "no_info", &storage.Checkin{Status: checkin.Warning, At: t0.Add(3500 * time.Millisecond)})
	// A name our rules refuse: every row is listed, none imported.
	h.add("bad/name", t0.Unix(), "OK", "x", nil)
	h.add("bad/name", t0.Unix()+60, "OK", "x", nil)
	return h
}

func mustOpenStore(t testing.TB) *sqlite.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "checkins.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("sqlite.Open(%s): %v", path, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// newest returns the newest check-in and newest OK check-in of a time-ordered history, as our
// rules want them.
func newest(cs []storage.Checkin) (latest, latestOK state.Report) {
	for _, c := range cs {
		if c.Status == checkin.OK {
			latestOK = c.Report()
		}
		latest = c.Report()
	}
	return latest, latestOK
}

func TestImportKeepsEveryCheckinAndState(t *testing.T) {
	ctx := context.Background()
	h := generate(100_000)
	src := mustOpenSource(t, legacytest.Create(t, legacytest.FullSchema, nil, h.rows))
	st := mustOpenStore(t)

	res, err := Import(ctx, src, st, Options{})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	wantServices := []string{"bad/name", "big", "dup-a", "dup-b", "quirks"}
	var gotServices []string
	for _, r := range res.Services {
		gotServices = append(gotServices, r.Service)
		want := h.want[r.Service]
		if r.Imported != len(want) || r.Mapped != len(want) || len(r.Skipped) != h.skipped[r.Service] {
			t.Errorf("%s: imported %d of %d, skipped %d; want %d, %d, %d", r.Service, r.Imported, r.Mapped,
				len(r.Skipped), len(want), len(want), h.skipped[r.Service])
		}
		if len(want) == 0 {
			continue
		}
		if first, last := slices.MinFunc(want, byTime).At, slices.MaxFunc(want, byTime).At; !r.First.Equal(first) || !r.Last.Equal(last) {
			t.Errorf("%s: first %v, last %v; want %v, %v", r.Service, r.First, r.Last, first, last)
		}
	}
	if strings.Join(gotServices, ",") != strings.Join(wantServices, ",") {
		t.Errorf("services = %v; want %v", gotServices, wantServices)
	}

	for service, want := range h.want {
		want = slices.Clone(want)
		slices.SortStableFunc(want, byTime)
		got, err := storagetest.History(ctx, st, service, len(want)+10)
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(got) // History is newest first
		if len(got) != len(want) {
			t.Fatalf("%s: %d check-ins in our history; want %d", service, len(got), len(want))
		}
		for i := range want {
			g, w := got[i], want[i]
			if !g.At.Equal(w.At) || g.Status != w.Status || g.Info != w.Info || g.Kind != checkin.KindReport {
				t.Fatalf("%s: check-in %d = %v %v %q; want %v %v %q", service, i, g.At, g.Status, g.Info, w.At, w.Status, w.Info)
			}
		}
		// The state our rules give, before (from the older database's rows) and after (from
		// our store), at moments that exercise every rule.
		wantLatest, wantOK := newest(want)
		l, ok, err := storagetest.Latest(ctx, st, service)
		if err != nil {
			t.Fatal(err)
		}
		for _, tolerate := range []bool{false, true} {
			svc := &config.Service{Name: service, Timeout: checkin.Day, Grace: config.DefaultGrace(checkin.Day), TolerateFailures: tolerate}
			for _, after := range []time.Duration{time.Second, 2 * checkin.Day / 3, 25 * time.Hour, 3 * checkin.Day} {
				now := wantLatest.At.Add(after)
				before := state.Evaluate(svc, state.History{Latest: wantLatest, LatestOK: wantOK}, now)
				got := state.Evaluate(svc, state.History{Latest: l.Report(), LatestOK: ok.Report()}, now)
				if got != before {
					t.Errorf("%s at +%v (tolerate %v): state after import %+v; before %+v", service, after, tolerate, got, before)
				}
			}
		}
	}

	// A second run adds nothing, and says so.
	again, err := Import(ctx, src, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, imported, _ := again.Totals(); imported != 0 {
		t.Errorf("second Import added %d check-ins; want 0", imported)
	}
	var out bytes.Buffer
	if err := WriteSummary(&out, again, 5); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Nothing new", "bad/name at", "service name not allowed", `quirks at "garbage"`, "table smart ignored"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
}

func byTime(a, b storage.Checkin) int { return a.At.Compare(b.At) }

// Check-ins our gateway already has that are newer than the older database's stay the newest.
func TestImportKeepsOurNewerCheckins(t *testing.T) {
	ctx := context.Background()
	src := mustOpenSource(t, legacytest.Create(t, legacytest.OldSchema, nil, [][]any{
		{"backup", t0.Unix(), "OK", "old ok"},
		{"backup", t0.Unix() + 60, "CRITICAL", "old failure"},
	}))
	st := mustOpenStore(t)
	ours := []storage.Checkin{
		{Service: "backup", Status: checkin.Warning, Info: "ours", At: t0.Add(time.Hour)},
		{Service: "backup", Status: checkin.OK, Info: "ours ok", At: t0.Add(2 * time.Hour)},
	}
	for _, c := range ours {
		if err := st.Add(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Import(ctx, src, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, imported, _ := res.Totals(); imported != 2 {
		t.Errorf("imported %d; want 2", imported)
	}
	l, ok, err := storagetest.Latest(ctx, st, "backup")
	if err != nil {
		t.Fatal(err)
	}
	if l.Info != "ours ok" || ok.Info != "ours ok" {
		t.Errorf("Latest = %q, newest OK %q; want ours (\"ours ok\") for both", l.Info, ok.Info)
	}
	hist, err := storagetest.History(ctx, st, "backup", 10)
	if err != nil {
		t.Fatal(err)
	}
	var infos []string
	for _, c := range hist {
		infos = append(infos, c.Info)
	}
	if want := "ours ok,ours,old failure,old ok"; strings.Join(infos, ",") != want {
		t.Errorf("History = %q; want %q", infos, want)
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	ctx := context.Background()
	h := generate(100)
	src := mustOpenSource(t, legacytest.Create(t, legacytest.FullSchema, nil, h.rows))
	st := mustOpenStore(t)
	res, err := Import(ctx, src, st, Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	mapped, imported, _ := res.Totals()
	if mapped == 0 || imported != 0 {
		t.Errorf("dry run: mapped %d, imported %d; want some mapped, none imported", mapped, imported)
	}
	if got, err := storagetest.History(ctx, st, "big", 1); err != nil || len(got) != 0 {
		t.Errorf("History after a dry run = %v, %v; want nothing", got, err)
	}
}
