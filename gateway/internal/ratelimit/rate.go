package ratelimit

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Rate is how many check-ins and pings a service may have stored: Burst at once, then one
// every Every. The zero Rate has no limit.
type Rate struct {
	Every time.Duration // 0: no limit
	Burst int
	text  string // as written, for messages
}

// Default is the limit of a service that sets none, unless --rate says otherwise: a
// client sending far more than it needs is cut off long before it fills the disk, while a
// run's start and finish, their retries and a burst of manual tests all pass.
var Default = Rate{Every: time.Second, Burst: 60, text: "1/s burst 60"}

// minBurst is the least burst a rate may have: a run sends a start and a finish.
const minBurst = 2

// Rule says in words what Parse takes, for error messages.
const Rule = `want "N/PERIOD" or "N/PERIOD burst B" (like "1/s", "10/m burst 20", "100/1h"; burst 60 when not given, at least 2) or "off"`

// Parse reads a rate as services.json's "rate" and --rate write it: "1/s burst 60",
// "10/m" (burst 60), "100/1h", or "off" for no limit.
func Parse(text string) (Rate, error) {
	s := strings.TrimSpace(text)
	if s == "off" {
		return Rate{text: "off"}, nil
	}
	burst := Default.Burst
	if head, b, ok := strings.Cut(s, " burst "); ok {
		n, err := strconv.Atoi(strings.TrimSpace(b))
		if err != nil || n < minBurst || n > 1_000_000 {
			return Rate{}, fmt.Errorf("invalid rate %q: burst must be a whole number from %d (a run's start and finish) to 1000000", text, minBurst)
		}
		s, burst = strings.TrimSpace(head), n
	}
	count, period, ok := strings.Cut(s, "/")
	n, err := strconv.Atoi(strings.TrimSpace(count))
	if !ok || err != nil || n < 1 {
		return Rate{}, fmt.Errorf("invalid rate %q: %s", text, Rule)
	}
	period = strings.TrimSpace(period)
	if period != "" && period[0] >= 'a' && period[0] <= 'z' {
		period = "1" + period // "10/m" is 10 per 1m
	}
	d, err := checkin.ParseDuration(period)
	if err != nil || d <= 0 {
		return Rate{}, fmt.Errorf("invalid rate %q: the period after / must be a duration like s, m, h, 1d: %s", text, Rule)
	}
	every := d / time.Duration(n)
	if every < time.Millisecond {
		return Rate{}, fmt.Errorf("invalid rate %q: at most 1000 a second", text)
	}
	if len(period) == 2 && period[0] == '1' {
		period = period[1:] // "10/m", as most write it
	}
	return Rate{Every: every, Burst: burst, text: fmt.Sprintf("%d/%s burst %d", n, period, burst)}, nil
}

// Off reports whether the rate sets no limit.
func (r Rate) Off() bool { return r.Every <= 0 }

// String is the rate as services.json writes it.
func (r Rate) String() string {
	if r.Off() {
		return "off"
	}
	if r.text != "" {
		return r.text
	}
	return fmt.Sprintf("1/%s burst %d", r.Every, r.Burst)
}
