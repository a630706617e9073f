package storage

import (
	"errors"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func TestValidate(t *testing.T) {
	ok := Checkin{Service: "backup", Status: checkin.OK, At: t0}
	tests := []struct {
		name    string
		change  func(*Checkin)
		wantErr bool
	}{
		{"complete", func(*Checkin) {}, false},
		{"no service", func(c *Checkin) { c.Service = "" }, true},
		{"bad status", func(c *Checkin) { c.Status = checkin.Status(99) }, true},
		{"bad kind", func(c *Checkin) { c.Kind = checkin.KindLog + 1 }, true},
		{"bad run id", func(c *Checkin) { c.RunID = "no spaces allowed" }, true},
		{"no time", func(c *Checkin) { c.At = time.Time{} }, true},
		{"negative duration", func(c *Checkin) { c.Duration = -time.Second }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.change(&c)
			if err := c.Validate(); (err != nil) != tt.wantErr {
				t.Errorf("Validate(%+v) = %v; want error %v", c, err, tt.wantErr)
			}
		})
	}
}

func TestTrackedStored(t *testing.T) {
	report := func(id int64, at time.Time, st checkin.Status, dur time.Duration) Checkin {
		return Checkin{ID: id, Service: "s", Status: st, At: at, Duration: dur}
	}
	tests := []struct {
		name                 string
		stored               []Checkin
		wantLatest, wantOKID int64
		wantDuration         time.Duration
	}{
		{"newer report wins", []Checkin{report(1, t0, checkin.OK, 0), report(2, t0.Add(time.Second), checkin.Critical, 0)}, 2, 1, 0},
		{"same time: higher id wins", []Checkin{report(5, t0, checkin.OK, 0), report(4, t0, checkin.OK, 0)}, 5, 5, 0},
		{"older import does not displace", []Checkin{report(1, t0, checkin.Warning, 2*time.Second), report(2, t0.Add(-time.Hour), checkin.OK, time.Minute)}, 1, 2, 2 * time.Second},
		{"starts and logs never count", []Checkin{{ID: 1, Service: "s", At: t0, Kind: checkin.KindStart}, {ID: 2, Service: "s", At: t0, Kind: checkin.KindLog}}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sum Tracked
			for _, c := range tt.stored {
				sum.Stored(c)
			}
			if sum.Latest.ID != tt.wantLatest || sum.LatestOK.ID != tt.wantOKID || sum.LastDuration != tt.wantDuration {
				t.Errorf("Stored(%v) = latest %d, ok %d, duration %v; want %d, %d, %v", tt.stored,
					sum.Latest.ID, sum.LatestOK.ID, sum.LastDuration, tt.wantLatest, tt.wantOKID, tt.wantDuration)
			}
		})
	}
}

func TestTrackedOpened(t *testing.T) {
	tests := []struct {
		name        string
		latestAt    time.Time
		start       time.Time
		wantStale   bool
		wantRunning time.Time
	}{
		{"after the newest report", t0, t0.Add(time.Minute), false, t0.Add(time.Minute)},
		{"before the newest report", t0, t0.Add(-time.Minute), true, t0.Add(-time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum := Tracked{Summary: Summary{Latest: Checkin{ID: 1, At: tt.latestAt}}}
			stale := sum.Opened(Checkin{ID: 2, At: tt.start, Kind: checkin.KindStart, RunID: "r"})
			if stale != tt.wantStale || !sum.RunningSince.Equal(tt.wantRunning) {
				t.Errorf("Opened(%v) = stale %v, running since %v; want %v, %v", tt.start, stale, sum.RunningSince, tt.wantStale, tt.wantRunning)
			}
		})
	}
}

func TestMigrations(t *testing.T) {
	tests := []struct {
		name    string
		files   []string
		want    []int
		wantErr bool
	}{
		{"in order", []string{"m/0002_b.sql", "m/0001_a.sql", "m/notes.txt"}, []int{1, 2}, false},
		{"no number", []string{"m/0001_a.sql", "m/first.sql"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tt.files {
				fsys[f] = &fstest.MapFile{Data: []byte("SELECT 1;")}
			}
			var got []int
			err := ApplyMigrations(fsys, "m", func(m Migration) error { got = append(got, m.Version); return nil })
			if (err != nil) != tt.wantErr || !tt.wantErr && !slices.Equal(got, tt.want) {
				t.Errorf("ApplyMigrations(%v) = %v, %v; want %v, error %v", tt.files, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestPingErrorMatchesUnavailable(t *testing.T) {
	if !errors.Is(ErrPing, ErrUnavailable) {
		t.Errorf("errors.Is(ErrPing, ErrUnavailable) = false; want true")
	}
	var h Health
	if !h.Failing(true) || h.Failing(true) || !h.Failing(false) {
		t.Errorf("Failing does not report each change of a failing spell exactly once")
	}
}
