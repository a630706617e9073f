package storage

import (
	"context"
	"fmt"
	"iter"
	"math"
)

// HistoryChunk is how many check-ins a history read fetches per query: it holds a reader's
// connection only while it reads them, not while its caller writes them to a slow client, and
// keeps at most that many infos (up to 64 KiB each) in memory per reader.
const HistoryChunk = 20

// HistoryReader is what an engine queries for a history, newest first by time then id.
type HistoryReader interface {
	// CursorAt returns the time (Unix nanoseconds) of the check-in id of service; found is
	// false when there is none.
	CursorAt(ctx context.Context, service string, id int64) (at int64, found bool, err error)
	// HistoryChunk returns up to n check-ins of service that come before (at, id), newest
	// first.
	HistoryChunk(ctx context.Context, service string, at, id int64, n int) ([]Checkin, error)
}

// HistorySeq yields up to limit check-ins of a service, newest first, starting after the
// check-in with id before (the last one of the previous page; 0 starts at the newest), reading
// HistoryChunk rows per query, so a caller can encode a long page without holding it in
// memory. It stops at the first error, which it yields; ErrUnknownCursor when before names no
// check-in of the service.
func HistorySeq(ctx context.Context, r HistoryReader, service string, limit int, before int64) iter.Seq2[Checkin, error] {
	return func(yield func(Checkin, error) bool) {
		at, id := int64(math.MaxInt64), int64(math.MaxInt64)
		if before != 0 {
			cursor, found, err := r.CursorAt(ctx, service, before)
			if err != nil {
				yield(Checkin{}, fmt.Errorf("read history of %s: %w", service, err))
				return
			}
			if !found {
				yield(Checkin{}, ErrUnknownCursor)
				return
			}
			at, id = cursor, before
		}
		for limit > 0 {
			n := min(limit, HistoryChunk)
			chunk, err := r.HistoryChunk(ctx, service, at, id, n)
			if err != nil {
				yield(Checkin{}, err)
				return
			}
			for _, c := range chunk {
				if !yield(c, nil) {
					return
				}
			}
			if len(chunk) < n {
				return
			}
			limit -= len(chunk)
			last := chunk[len(chunk)-1]
			at, id = last.At.UnixNano(), last.ID
		}
	}
}

// Collect gathers what a HistorySeq yields.
func Collect(seq iter.Seq2[Checkin, error]) ([]Checkin, error) {
	var out []Checkin
	for c, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
