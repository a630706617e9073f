package metrics

import (
	"bufio"
	"strconv"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// famStampedAhead counts the services whose newest report is stamped in the future: the
// gateway's clock stepped back after it. Such a service goes overdue that much later, once
// (see docs/security.md); its next check-in replaces the report whatever its stamp.
var famStampedAhead = family{"checkin_services_stamped_ahead", "Services whose newest report is stamped more than a minute after now (the clock stepped back since); they go overdue that much later."}

// stampedAhead reports whether res's newest report lies more than storage.MaxClockSkew after now.
func stampedAhead(res state.Result, now time.Time) bool {
	return !res.Latest.None() && res.Latest.At.Sub(now) > storage.MaxClockSkew
}

func writeStampedAhead(w *bufio.Writer, n int) {
	writeHead(w, famStampedAhead)
	writeValue(w, famStampedAhead.name, "", "", strconv.Itoa(n))
}
