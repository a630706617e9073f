package storage

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// PrepareImport sets the service, drops ids, sorts by time (stably) and names a bad row.
func TestPrepareImport(t *testing.T) {
	rows := []Checkin{
		{ID: 7, Service: "other", Status: checkin.OK, Info: "b", At: t0.Add(time.Minute)},
		{Status: checkin.OK, Info: "a1", At: t0},
		{Status: checkin.Critical, Info: "a2", At: t0},
	}
	got, err := PrepareImport("backup", rows)
	if err != nil {
		t.Fatal(err)
	}
	var infos []string
	for _, c := range got {
		if c.Service != "backup" || c.ID != 0 {
			t.Errorf("prepared %+v; want service backup and no id", c)
		}
		infos = append(infos, c.Info)
	}
	if want := []string{"a1", "a2", "b"}; !slices.Equal(infos, want) {
		t.Errorf("PrepareImport order = %v; want %v", infos, want)
	}
	if rows[0].Service != "other" {
		t.Errorf("PrepareImport changed its input")
	}
	if _, err := PrepareImport("backup", []Checkin{rows[1], {Status: checkin.OK}}); err == nil || err.Error() != "import row 1: check-in for backup without a time" {
		t.Errorf("PrepareImport with a row without time = %v; want it named as row 1", err)
	}
}

// Skip asks the engine only about rows not newer than the newest stored check-in, and catches
// repeats within the import in memory.
func TestDedupSkip(t *testing.T) {
	stored := Checkin{Service: "s", Status: checkin.OK, Info: "old", At: t0}
	tests := []struct {
		name      string
		row       Checkin
		wantSkip  bool
		wantAsked bool
	}{
		{"equal to a stored row", stored, true, true},
		{"old, not stored", Checkin{Service: "s", Status: checkin.Warning, Info: "old", At: t0}, false, true},
		{"newer than everything stored", Checkin{Service: "s", Status: checkin.OK, Info: "new", At: t0.Add(time.Hour)}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDedup(t0, 1)
			asked := 0
			lookup := func(_ context.Context, c *Checkin) (bool, error) {
				asked++
				return c.At.Equal(stored.At) && c.Status == stored.Status && c.Info == stored.Info, nil
			}
			row := tt.row
			skip, err := d.Skip(context.Background(), &row, lookup)
			if err != nil || skip != tt.wantSkip || (asked > 0) != tt.wantAsked {
				t.Errorf("Skip(%+v) = %v, %v (asked %d); want %v, asked %v", row, skip, err, asked, tt.wantSkip, tt.wantAsked)
			}
			again := tt.row
			again.RunID, again.Duration = "other-run", time.Minute // do not count
			if skip, _ := d.Skip(context.Background(), &again, lookup); !skip {
				t.Errorf("Skip of the same row again = false; want true")
			}
		})
	}
}
