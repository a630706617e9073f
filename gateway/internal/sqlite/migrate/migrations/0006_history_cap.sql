-- What the per-service history size cap (history_max_bytes) deleted: how many check-ins in all
-- and when it last deleted some (Unix nanoseconds, UTC), for the status page and the API.
CREATE TABLE history_cap_pruned (
	service   TEXT    PRIMARY KEY,
	pruned_at INTEGER NOT NULL,
	pruned    INTEGER NOT NULL
) WITHOUT ROWID;
