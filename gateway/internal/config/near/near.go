// Package near finds the configured service a name sent by a client is a typo of, so that a
// refusal's log line may name it: anything not that close may be a token.
package near

import (
	"strings"
	"unicode/utf8"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

// maxNearDistance is how many letters a sent name may have added, dropped or changed and still
// be taken for a typo of a configured one.
const maxNearDistance = 2

// Name returns the configured service whose name the unknown name is a typo of, "" when there is
// none: the same name in another letter case, or one at most maxNearDistance edits away (and
// at most a third of the configured name's length, so a short name like "db" matches only by
// case). Only a name this close to a configured one may be logged: anything else sent in the
// service field may be a token.
func Name(c *config.Config, name string) string {
	if name == "" || !utf8.ValidString(name) {
		return ""
	}
	best, bestDist := "", maxNearDistance+1
	for _, known := range c.Names() {
		if strings.EqualFold(name, known) {
			return known
		}
		limit := min(maxNearDistance, utf8.RuneCountInString(known)/3)
		if d := editDistance(name, known, limit); d <= limit && d < bestDist {
			best, bestDist = known, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b in runes, or limit+1 as soon as it
// is sure to exceed limit: most names differ in length by more than limit and cost nothing.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if diff := len(ra) - len(rb); diff > limit || -diff > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
