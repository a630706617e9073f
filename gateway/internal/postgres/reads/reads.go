// Package reads holds the PostgreSQL engine's reads on the readers' pool: a page of a
// service's history, its marks for the timeline, the services held, and the summaries (one
// service's, several, or all). The engine's methods call them.
package reads

import "github.com/jackc/pgx/v5/pgxpool"

// Reader runs the reads on Pool, the readers' pool.
type Reader struct{ Pool *pgxpool.Pool }
