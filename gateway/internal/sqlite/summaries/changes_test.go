package summaries

import (
	"fmt"
	"slices"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

func TestChanged(t *testing.T) {
	set := func(m *Cache, names ...string) {
		for _, n := range names {
			m.Set(map[string]*storage.Tracked{n: {}})
		}
	}
	many := make([]string, changesKept+1)
	for i := range many {
		many[i] = fmt.Sprintf("svc-%d", i)
	}
	tests := []struct {
		name         string
		before       []string // set before the reader's point
		after        []string // set after it
		future       bool     // the reader's point is past the Cache's (another Cache's point)
		want         []string
		wantComplete bool
	}{
		{"nothing changed", []string{"a"}, nil, false, nil, true},
		{"from the start", nil, []string{"a", "b"}, false, []string{"a", "b"}, true},
		{"only what came after", []string{"a", "b"}, []string{"c", "a"}, false, []string{"c", "a"}, true},
		{"as many as kept", nil, many[:changesKept], false, many[:changesKept], true},
		{"more than kept", []string{"a"}, many, false, nil, false},
		{"a point the cache never reached", nil, []string{"a"}, true, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &Cache{entries: map[string]storage.Tracked{}}
			set(m, tt.before...)
			since, _ := m.Changed(0, func(string) {})
			if tt.future {
				since += 10
			}
			set(m, tt.after...)
			var got []string
			next, complete := m.Changed(since, func(s string) { got = append(got, s) })
			if complete != tt.wantComplete || !slices.Equal(got, tt.want) {
				t.Errorf("Changed = %d names %.3v, complete %v; want %d names %.3v, complete %v", len(got), got, complete, len(tt.want), tt.want, tt.wantComplete)
			}
			if want := uint64(len(tt.before) + len(tt.after)); next != want {
				t.Errorf("Changed's next point = %d; want %d", next, want)
			}
		})
	}
}
