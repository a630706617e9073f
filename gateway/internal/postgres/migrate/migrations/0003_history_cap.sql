-- What the per-service history size cap (history_max_bytes) deleted: how many check-ins in all
-- and when it last deleted some (Unix nanoseconds, UTC), for the status page and the API.
CREATE TABLE history_cap_pruned (
	service   text   PRIMARY KEY,
	pruned_at bigint NOT NULL,
	pruned    bigint NOT NULL
);
