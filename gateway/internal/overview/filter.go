package overview

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// MaxQueryLen is the longest search text taken, in characters; longer is a client error.
const MaxQueryLen = 200

// Filter picks services by state and by a search text.
type Filter struct {
	// States holds the states wanted; none set means every state.
	States [4]bool
	// Query is searched for in the name and the owner, ignoring letter case; "" matches all.
	Query string
	fold  string // Query in lower case
}

// ParseFilter reads a filter from the query parameters' values: states is a comma-separated
// list of state names in any letter case ("CRITICAL,WARNING"), query the search text.
func ParseFilter(states []string, query string) (Filter, error) {
	var f Filter
	for _, list := range states {
		for part := range strings.SplitSeq(list, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			s, err := checkin.ParseStatus(part)
			if err != nil {
				return Filter{}, fmt.Errorf("status: %w", err)
			}
			f.States[s] = true
		}
	}
	// Characters, as the search box's maxlength counts them, not bytes: 200 "ä" are 400 bytes.
	if !utf8.ValidString(query) || utf8.RuneCountInString(query) > MaxQueryLen {
		return Filter{}, fmt.Errorf("q: want valid UTF-8 of at most %d characters", MaxQueryLen)
	}
	f.Query = strings.TrimSpace(query)
	f.fold = strings.ToLower(f.Query)
	return f, nil
}

// AllStates reports whether the filter takes every state.
func (f Filter) AllStates() bool { return f.States == [4]bool{} }

// Wants reports whether the filter takes services in state s.
func (f Filter) Wants(s checkin.Status) bool { return f.AllStates() || (s.Valid() && f.States[s]) }

// Found reports whether the search text is in the service's name or owner, ignoring case.
func (f Filter) Found(svc *config.Service) bool {
	return f.fold == "" || containsFold(svc.Name, f.fold) || containsFold(svc.Owner, f.fold)
}

// Match reports whether a service in state s passes the whole filter.
func (f Filter) Match(svc *config.Service, s checkin.Status) bool { return f.Wants(s) && f.Found(svc) }

// StateList is the chosen states as the status parameter writes them, worst first; "" for all.
func (f Filter) StateList() string {
	var names []string
	for _, s := range Worst {
		if f.States[s] {
			names = append(names, s.String())
		}
	}
	return strings.Join(names, ",")
}

// containsFold reports whether lower (already in lower case) is in s, ignoring letter case.
// Service names are ASCII, so the usual case costs no allocation.
func containsFold(s, lower string) bool {
	if len(lower) > len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Contains(strings.ToLower(s), lower)
		}
	}
	first := lower[0]
	for i := 0; i+len(lower) <= len(s); i++ {
		if asciiLower(s[i]) != first {
			continue
		}
		j := 1
		for j < len(lower) && asciiLower(s[i+j]) == lower[j] {
			j++
		}
		if j == len(lower) {
			return true
		}
	}
	return false
}

func asciiLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
