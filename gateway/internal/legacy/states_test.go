package legacy

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy/legacytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func TestMapState(t *testing.T) {
	at := func(sec, nsec int64) time.Time { return time.Unix(sec, nsec).UTC() }
	tests := []struct {
		name              string
		ts, status, info  any
		wantAt            time.Time
		wantStatus        checkin.Status
		wantInfo, wantErr string
	}{
		{"integer time", int64(1700000000), "OK", "fine", at(1700000000, 0), checkin.OK, "fine", ""},
		{"real time keeps microseconds", 1700000000.123456, "ok", "x", at(1700000000, 123456000), checkin.OK, "x", ""},
		{"real time keeps the digits stored", 1700000000.1, "OK", "x", at(1700000000, 100000000), checkin.OK, "x", ""},
		{"text time", "1700000000.5", "OK", "x", at(1700000000, 500000000), checkin.OK, "x", ""},
		{"lower case", int64(1700000001), "critical", "x", at(1700000001, 0), checkin.Critical, "x", ""},
		{"mixed case", int64(1700000001), "Warning", "x", at(1700000001, 0), checkin.Warning, "x", ""},
		{"misspelt UNKOWN", int64(1700000001), "UNKOWN", "x", at(1700000001, 0), checkin.Unknown, "x", ""},
		{"misspelt unkown", int64(1700000001), "unkown", "x", at(1700000001, 0), checkin.Unknown, "x", ""},
		{"UNKNOWN", int64(1700000001), "UNKNOWN", "x", at(1700000001, 0), checkin.Unknown, "x", ""},
		{"NULL info", int64(1700000001), "OK", nil, at(1700000001, 0), checkin.OK, "", ""},
		{"no_info", int64(1700000001), "OK", "no_info", at(1700000001, 0), checkin.OK, "", ""},
		{"info as bytes", int64(1700000001), "OK", []byte("b"), at(1700000001, 0), checkin.OK, "b", ""},
		{"NULL time", nil, "OK", "x", time.Time{}, 0, "", "timestamp is NULL"},
		{"word time", "yesterday", "OK", "x", time.Time{}, 0, "", "not Unix seconds"},
		{"empty time", "", "OK", "x", time.Time{}, 0, "", "not Unix seconds"},
		{"zero time", int64(0), "OK", "x", time.Time{}, 0, "", "out of range"},
		{"negative time", int64(-5), "OK", "x", time.Time{}, 0, "", "out of range"},
		{"negative real time", -5.5, "OK", "x", time.Time{}, 0, "", "not Unix seconds"},
		{"far future", int64(1) << 40, "OK", "x", time.Time{}, 0, "", "out of range"},
		{"unknown status", int64(1700000001), "GREEN", "x", time.Time{}, 0, "", `unknown status "GREEN"`},
		{"NULL status", int64(1700000001), nil, "x", time.Time{}, 0, "", "status is NULL"},
		{"number status", int64(1700000001), int64(0), "x", time.Time{}, 0, "", "status is 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, reason := MapState("backup", tt.ts, tt.status, tt.info)
			if tt.wantErr != "" {
				if !strings.Contains(reason, tt.wantErr) {
					t.Fatalf("MapState(%v, %v) reason = %q; want one with %q", tt.ts, tt.status, reason, tt.wantErr)
				}
				return
			}
			if reason != "" || !c.At.Equal(tt.wantAt) || c.Status != tt.wantStatus || c.Info != tt.wantInfo || c.Service != "backup" {
				t.Errorf("MapState(%v, %v, %v) = %+v, %q; want %v %v %q", tt.ts, tt.status, tt.info, c, reason, tt.wantAt, tt.wantStatus, tt.wantInfo)
			}
		})
	}
}

func TestStatesOrderAndSkips(t *testing.T) {
	path := legacytest.Create(t, legacytest.OldSchema, nil, [][]any{
		{"backup", 1700000003.25, "OK", "c"},
		{"backup", int64(1700000001), "ok", nil},
		{"backup", "garbage", "OK", "bad time"},
		{"backup", int64(1700000002), "PURPLE", "bad status"},
		{"backup", 1700000000.5, "UNKOWN", "no_info"},
		{"other", int64(1700000001), "OK", "same time, other service"},
	})
	src := mustOpenSource(t, path)
	ctx := context.Background()
	names, err := src.StateServices(ctx)
	if err != nil || strings.Join(names, ",") != "backup,other" {
		t.Fatalf("StateServices = %v, %v; want backup,other", names, err)
	}
	rows, skipped, err := src.States(ctx, "backup")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range rows {
		got = append(got, c.At.Format("05.000")+" "+c.Status.String()+" "+c.Info)
	}
	want := []string{"20.500 UNKNOWN ", "21.000 OK ", "23.250 OK c"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("States(backup) = %q; want %q", got, want)
	}
	if len(skipped) != 2 {
		t.Fatalf("skipped = %+v; want 2 rows", skipped)
	}
	for _, k := range skipped {
		if k.Service != "backup" || k.Reason == "" {
			t.Errorf("skipped row %+v: want service and reason", k)
		}
	}
}
