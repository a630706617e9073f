// Package reads is the conformance suite's part on reading: history pages, marks, the
// services held.
package reads

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/kit"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// HistoryPages is a part of storagetest.Exercise.
func HistoryPages(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	ctx := context.Background()
	// 250 check-ins (more than one read chunk), then older ones imported after them: pages
	// follow time, not arrival.
	for i := 50; i < 300; i++ {
		kit.MustAdd(t, s, kit.Report("a", checkin.OK, fmt.Sprint(i), i))
	}
	var old []storage.Checkin
	for i := range 50 {
		old = append(old, kit.Report("", checkin.OK, fmt.Sprint(i), i))
	}
	if _, err := s.Import(ctx, "a", old); err != nil {
		t.Fatal(err)
	}
	kit.MustAdd(t, s, kit.Report("b", checkin.OK, "other service", 500))

	for _, limit := range []int{1, 7, 100, 120, 299, 300, 1000} {
		t.Run(fmt.Sprint("limit ", limit), func(t *testing.T) {
			var got []string
			before := int64(0)
			for pages := 0; ; pages++ {
				page, err := s.HistoryPage(ctx, "a", limit, before)
				if err != nil {
					t.Fatal(err)
				}
				if len(page) > limit {
					t.Fatalf("page of %d; want at most %d", len(page), limit)
				}
				// The streaming form yields the same page.
				var streamed []storage.Checkin
				for c, err := range s.HistorySeq(ctx, "a", limit, before) {
					if err != nil {
						t.Fatal(err)
					}
					streamed = append(streamed, c)
				}
				if !slices.Equal(streamed, page) {
					t.Fatalf("HistorySeq(limit %d, before %d) differs from HistoryPage", limit, before)
				}
				got = append(got, kit.Infos(page)...)
				if len(page) < limit || pages > 400 {
					break
				}
				before = page[len(page)-1].ID
			}
			if len(got) != 300 {
				t.Fatalf("pages held %d check-ins; want 300", len(got))
			}
			for i, info := range got {
				if info != fmt.Sprint(299-i) {
					t.Fatalf("check-in %d of the pages = %s; want %d", i, info, 299-i)
				}
			}
		})
	}
	b := kit.MustHistory(t, s, "b", 1)
	a := kit.MustHistory(t, s, "a", 1)
	for _, tt := range []struct {
		name   string
		before int64
	}{
		{"another service's id", b[0].ID},
		{"an id never given", a[0].ID + 1000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if page, err := s.HistoryPage(ctx, "a", 10, tt.before); !errors.Is(err, storage.ErrUnknownCursor) {
				t.Errorf("HistoryPage(before %d) = %d check-ins, %v; want ErrUnknownCursor", tt.before, len(page), err)
			}
		})
	}
}

// Check-ins of the same time page by id, none lost or repeated at page ends.
func HistoryPagesSameTime(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	ctx := context.Background()
	for i := range 25 {
		kit.MustAdd(t, s, kit.Report("a", checkin.OK, fmt.Sprint(i), 0))
	}
	var got []string
	before := int64(0)
	for range 10 {
		page, err := s.HistoryPage(ctx, "a", 4, before)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, kit.Infos(page)...)
		if len(page) < 4 {
			break
		}
		before = page[len(page)-1].ID
	}
	want := make([]string, 25)
	for i := range want {
		want[i] = fmt.Sprint(24 - i)
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages of 4 = %v; want %v", got, want)
	}
}

// HistorySeqStopsEarly is a part of storagetest.Exercise.
func HistorySeqStopsEarly(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	for i := range 30 {
		kit.MustAdd(t, s, kit.Report("a", checkin.OK, fmt.Sprint(i), i))
	}
	n := 0
	for c, err := range s.HistorySeq(context.Background(), "a", 1000, 0) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 {
			if c.Info != "27" {
				t.Errorf("third check-in = %q; want 27", c.Info)
			}
			break
		}
	}
	// The store is not left holding anything: it still answers.
	if h := kit.MustHistory(t, s, "a", 1); h[0].Info != "29" {
		t.Errorf("newest = %+v; want 29", h[0])
	}
}
