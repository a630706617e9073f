package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

func TestScheduleCommand(t *testing.T) {
	_, neverRuns := config.ParseSchedule("0 0 30 2 *", "UTC")
	_, badZone := config.ParseSchedule("0 2 * * *", "Europe/Atlantis")
	tests := []struct {
		name    string
		args    []string
		want    string // the whole output
		wantErr string // the whole message; the exit status is then 2
	}{
		{name: "monthly in Berlin", args: []string{"schedule", "0 2 1 * *", "--tz", "Europe/Berlin", "--from", "2026-10-15T00:00:00Z", "-n", "3"},
			want: "2026-11-01T02:00:00+01:00\n2026-12-01T02:00:00+01:00\n2027-01-01T02:00:00+01:00\n"},
		{name: "strictly after --from", args: []string{"schedule", "@daily", "--from", "2026-01-01T00:00:00Z", "-n", "2"},
			want: "2026-01-02T00:00:00Z\n2026-01-03T00:00:00Z\n"},
		{name: "fields as separate arguments", args: []string{"schedule", "30", "18", "*", "*", "MON-FRI", "--tz", "America/New_York", "--from", "2026-10-30T12:00:00-04:00", "--count", "2"},
			want: "2026-10-30T18:30:00-04:00\n2026-11-02T18:30:00-05:00\n"},
		{name: "a time in the spring gap", args: []string{"schedule", "15 2 * * *", "--tz", "Australia/Lord_Howe", "--from", "2026-10-03T12:00:00+10:30", "-n", "2"},
			want: "2026-10-04T02:30:00+11:00\n2026-10-05T02:15:00+11:00\n"},
		{name: "ten by default", args: []string{"schedule", "0 * * * *", "--from", "2026-01-01T00:00:00Z"},
			want: "2026-01-01T01:00:00Z\n2026-01-01T02:00:00Z\n2026-01-01T03:00:00Z\n2026-01-01T04:00:00Z\n2026-01-01T05:00:00Z\n" +
				"2026-01-01T06:00:00Z\n2026-01-01T07:00:00Z\n2026-01-01T08:00:00Z\n2026-01-01T09:00:00Z\n2026-01-01T10:00:00Z\n"},
		{name: "never runs", args: []string{"schedule", "0 0 30 2 *"}, wantErr: neverRuns.Error()},
		{name: "unknown zone", args: []string{"schedule", "0 2 * * *", "--tz", "Europe/Atlantis"}, wantErr: badZone.Error()},
		{name: "bad field", args: []string{"schedule", "0 2 * * funday"}, wantErr: `field schedule: "0 2 * * funday": day of week field: "funday" is neither a number from 0 to 7 nor a name like MON`},
		{name: "bad --from", args: []string{"schedule", "@daily", "--from", "yesterday"}, wantErr: `--from "yesterday": want an RFC 3339 time like 2026-12-01T02:00:00+01:00`},
		{name: "bad -n", args: []string{"schedule", "@daily", "-n", "0"}, wantErr: "-n: want at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, func(string) string { return "" }, &stdout, &stderr)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr || exitCode(err) != 2 {
					t.Errorf("run(%q) = %v; want exit 2 with %q", tt.args, err, tt.wantErr)
				}
				if stdout.Len() > 0 {
					t.Errorf("printed despite the error:\n%s", stdout.String())
				}
				return
			}
			if err != nil {
				t.Fatalf("run(%q) = %v\n%s", tt.args, err, stderr.String())
			}
			if stdout.String() != tt.want {
				t.Errorf("run(%q) printed\n%s\nwant\n%s", tt.args, stdout.String(), tt.want)
			}
		})
	}
}

func TestExitCodeOfOtherErrors(t *testing.T) {
	for _, args := range [][]string{{"schedule"}, {"schedule", "@daily", "--no-such-flag"}, {"icinga-config", "--config", "/nonexistent/services.json"}} {
		err := run(context.Background(), args, func(string) string { return "" }, &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || exitCode(err) != 1 {
			t.Errorf("run(%q) = %v, exit status %d; want an error with exit status 1", args, err, exitCode(err))
		}
	}
}

func TestScheduleCommandFromNow(t *testing.T) {
	before := time.Now()
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"schedule", "* * * * *", "-n", "1"}, func(string) string { return "" }, &stdout, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	got, err := time.Parse(time.RFC3339, strings.TrimSpace(stdout.String()))
	if err != nil || !got.After(before) || got.After(before.Add(time.Minute)) {
		t.Errorf("schedule '* * * * *' -n 1 printed %q; want the next minute after %s", stdout.String(), before)
	}
}
