package postgres

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ dsn, want string }{
		{"postgres://app:s3cret@db.example/checkins?sslmode=require", "postgres://app:xxxxx@db.example/checkins?sslmode=require"},
		{"postgresql://app@db/checkins", "postgresql://app@db/checkins"},
		{"postgres://db/checkins?password=s3cret&sslmode=disable", "postgres://db/checkins?password=xxxxx&sslmode=disable"},
		{"postgres://app:p%40ss%2Fw0rd@db:5433/x", "postgres://app:xxxxx@db:5433/x"},
		{"postgres://app:s3cret@db/x?PASSWORD=s3cret", "postgres://app:xxxxx@db/x?PASSWORD=xxxxx"},
		{"postgres://app:s3cret@[bad/x", "postgres://xxxxx"},
		{"postgres:app:s3cret", "postgres://xxxxx"},
		{"%zz:s3cret", "xxxxx"},
	} {
		got := Redact(tc.dsn)
		if got != tc.want {
			t.Errorf("Redact(%q) = %q; want %q", tc.dsn, got, tc.want)
		}
		if strings.Contains(got, "s3cret") || strings.Contains(got, "p%40ss") {
			t.Errorf("Redact(%q) = %q still holds the password", tc.dsn, got)
		}
	}
}
