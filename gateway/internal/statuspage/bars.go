package statuspage

import (
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/timeline"
)

// barSlots is the timeline's resolution: it is drawn 1000 units wide, and never needs more than
// one bar per unit.
const barSlots = 1000

// bar is one span of the timeline, placed on a barSlots wide drawing.
type bar struct {
	X, W  float64
	Class string
	Title string
}

// bars draws spans over [from, to]. A span too short to see still gets 2 units. When there are
// more spans than a page should carry, each of the barSlots slots shows the worst state seen in
// it, so a short CRITICAL is never hidden by its neighbours.
func bars(spans []timeline.Span, from, to time.Time) []bar {
	scale := barSlots / float64(to.Sub(from))
	place := func(s timeline.Span, start, end time.Time) bar {
		b := bar{X: float64(start.Sub(from)) * scale, W: max(float64(end.Sub(start))*scale, 2), Class: "none", Title: "no check-in yet"}
		if !s.None {
			b.Class, b.Title = statusClass(s.Status), s.Status.String()
		}
		b.Title += fmt.Sprintf(" from %s to %s", localTime(start, to), localTime(end, to))
		return b
	}
	var out []bar
	if len(spans) <= barSlots/4 {
		for _, s := range spans {
			out = append(out, place(s, s.From, s.To))
		}
		return out
	}
	slot := to.Sub(from) / barSlots
	worst := make([]int, barSlots) // index into spans of the worst span in each slot
	for i := range worst {
		worst[i] = -1
	}
	for i, s := range spans {
		first, last := int(s.From.Sub(from)/slot), int((s.To.Sub(from)-1)/slot)
		for k := max(first, 0); k <= min(last, barSlots-1); k++ {
			if worst[k] < 0 || rank(s) < rank(spans[worst[k]]) {
				worst[k] = i
			}
		}
	}
	for k := 0; k < barSlots; {
		end := k + 1
		for end < barSlots && worst[end] >= 0 && worst[k] >= 0 && rank(spans[worst[end]]) == rank(spans[worst[k]]) {
			end++
		}
		if worst[k] >= 0 {
			out = append(out, place(spans[worst[k]], from.Add(time.Duration(k)*slot), from.Add(time.Duration(end)*slot)))
		}
		k = end
	}
	return out
}

// rank orders spans worst first, as the status page does; no check-in at all ranks last.
func rank(s timeline.Span) int {
	if s.None {
		return len(severity)
	}
	return severity[s.Status]
}
