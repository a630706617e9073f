package writetx

import "github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"

// batchRows holds check-ins column by column, as insertCheckins takes them.
type batchRows struct {
	id, at, duration                   []int64
	service, status, info, kind, runID []string
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
