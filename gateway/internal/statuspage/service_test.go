package statuspage

import (
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

func TestRules(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		svc  config.Service
		want string
	}{
		{config.Service{Timeout: 2 * day, Grace: 2 * day}, "WARNING after 2 days, CRITICAL after 4 days without a check-in."},
		{config.Service{Timeout: time.Hour, Grace: 0}, "CRITICAL after 1 hour without a check-in."},
		{config.Service{Timeout: 0, Grace: day}, "Never overdue: the newest check-in stands however old it is."},
		{config.Service{Timeout: day, Grace: day, TolerateFailures: true},
			"WARNING after 1 day, CRITICAL after 2 days without a check-in.|A WARNING or CRITICAL check-in shows as OK while an OK one is no older than 1 day."},
	}
	for _, tt := range tests {
		if got := strings.Join(rules(&tt.svc), "|"); got != tt.want {
			t.Errorf("rules(%+v) = %q; want %q", tt.svc, got, tt.want)
		}
	}
}
