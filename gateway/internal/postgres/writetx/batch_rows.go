package writetx

import "github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"

// batchRows holds check-ins column by column, as insertCheckins takes them.
type batchRows struct {
	id, at, duration                   []int64
	service, status, info, kind, runID []string
}

func (b *batchRows) reset() {
	b.id, b.at, b.duration = b.id[:0], b.at[:0], b.duration[:0]
	b.service, b.status, b.info, b.kind, b.runID = b.service[:0], b.status[:0], b.info[:0], b.kind[:0], b.runID[:0]
}

func (b *batchRows) add(c *storage.Checkin) {
	b.id = append(b.id, c.ID)
	b.service = append(b.service, c.Service)
	b.status = append(b.status, c.Status.String())
	b.info = append(b.info, c.Info)
	b.at = append(b.at, c.At.UTC().UnixNano())
	b.kind = append(b.kind, c.Kind.String())
	b.runID = append(b.runID, c.RunID)
	b.duration = append(b.duration, int64(c.Duration))
}

func (b *batchRows) len() int { return len(b.id) }
