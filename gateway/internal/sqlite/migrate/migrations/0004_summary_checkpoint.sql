-- service_summary is a checkpoint from now on: the writer stores the summaries that changed about
-- once a second (and when the gateway stops), not in every batch, and notes here the highest
-- check-in id they cover. At start-up the check-ins after it are read through the same rules,
-- so after a crash the summaries come back exactly as if every batch had written them.
CREATE TABLE summary_checkpoint (
	one        INTEGER PRIMARY KEY CHECK (one = 1),
	checkin_id INTEGER NOT NULL
);

-- Until now every batch wrote the summaries: they cover every stored check-in.
INSERT INTO summary_checkpoint (one, checkin_id) SELECT 1, coalesce(max(id), 0) FROM checkins;
