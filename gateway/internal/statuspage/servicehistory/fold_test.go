package servicehistory

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// fold folds a whole history, as a page does its first rows.
func fold(hist []storage.Checkin) []Row {
	var rows []Row
	for _, c := range hist {
		rows, _ = foldInto(rows, c, len(hist))
	}
	for i := range rows {
		rows[i].sum = 0 // compared apart
	}
	return rows
}

func TestFold(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	c := func(min int, s checkin.Status, info string) storage.Checkin {
		return storage.Checkin{Status: s, Info: info, At: t0.Add(time.Duration(min) * time.Minute)}
	}
	got := fold([]storage.Checkin{c(5, checkin.OK, "a"), c(4, checkin.OK, "a"), c(3, checkin.OK, "b"),
		c(2, checkin.Warning, "b"), c(1, checkin.OK, "a"), c(0, checkin.OK, "a")})
	want := []Row{
		{checkin.KindReport, checkin.OK, "a", t0.Add(4 * time.Minute), t0.Add(5 * time.Minute), 2, 0},
		{checkin.KindReport, checkin.OK, "b", t0.Add(3 * time.Minute), t0.Add(3 * time.Minute), 1, 0},
		{checkin.KindReport, checkin.Warning, "b", t0.Add(2 * time.Minute), t0.Add(2 * time.Minute), 1, 0},
		{checkin.KindReport, checkin.OK, "a", t0, t0.Add(time.Minute), 2, 0},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("fold = %v; want %v", got, want)
	}
	start := storage.Checkin{Kind: checkin.KindStart, Status: checkin.OK, Info: "a", At: t0}
	if got := fold([]storage.Checkin{c(1, checkin.OK, "a"), start}); len(got) != 2 || got[1].Kind != checkin.KindStart {
		t.Errorf("fold(report, start with the same status and info) = %v; want two rows, the start as such", got)
	}
	long := strings.Repeat("x", maxShownInfo)
	if got := fold([]storage.Checkin{c(1, checkin.OK, long+"a"), c(0, checkin.OK, long+"b")}); len(got) != 2 {
		t.Errorf("fold(two infos that differ after the cut) = %d rows; want 2", len(got))
	}
	if fold(nil) != nil {
		t.Errorf("fold(nil) is not empty")
	}
}
