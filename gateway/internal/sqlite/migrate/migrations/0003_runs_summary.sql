-- Runs and log entries: what a check-in is (kind), the run it belongs to (run_id, as the client
-- sent it, '' for none) and, on a report that closed a run, the run's length in nanoseconds.
ALTER TABLE checkins ADD COLUMN kind TEXT NOT NULL DEFAULT 'report'
	CHECK (kind IN ('report', 'start', 'log'));
ALTER TABLE checkins ADD COLUMN run_id TEXT NOT NULL DEFAULT '';
ALTER TABLE checkins ADD COLUMN duration_ns INTEGER NOT NULL DEFAULT 0;

-- History is in time order (then id): imported check-ins carry their own, older times. The
-- index holds the rowid (id) after received_at, so "newest first" and paging need no sort.
DROP INDEX IF EXISTS checkins_service_id;
CREATE INDEX checkins_service_at ON checkins (service, received_at);

-- One row per service that has check-ins, kept current by the writer in the transaction of each
-- batch: the newest report and the newest OK report (ids into checkins, 0 for none) and the
-- length of the newest run that finished. State queries and start-up read this table only, so
-- they cost the same however long and whatever shape a service's history has.
CREATE TABLE service_summary (
	service          TEXT    PRIMARY KEY,
	latest_id        INTEGER NOT NULL DEFAULT 0,
	latest_ok_id     INTEGER NOT NULL DEFAULT 0,
	last_duration_ns INTEGER NOT NULL DEFAULT 0,
	-- time and id of the report that finished that run: an older imported run never displaces it
	duration_at      INTEGER NOT NULL DEFAULT 0,
	duration_id      INTEGER NOT NULL DEFAULT 0,
	-- time of the service's newest check-in of any kind: an import needs to look for stored
	-- duplicates only of rows not newer than this
	newest_at        INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Runs that started and have not finished yet: start_id is the start check-in's id.
CREATE TABLE open_runs (
	start_id   INTEGER PRIMARY KEY,
	service    TEXT    NOT NULL,
	run_id     TEXT    NOT NULL,
	started_at INTEGER NOT NULL
);
CREATE INDEX open_runs_service ON open_runs (service, started_at);
CREATE INDEX open_runs_service_run ON open_runs (service, run_id, started_at);

-- Every existing check-in is a report: fill the summary once from the history.
INSERT INTO service_summary (service, latest_id, latest_ok_id, newest_at)
SELECT s.service,
	(SELECT id FROM checkins c WHERE c.service = s.service
		ORDER BY received_at DESC, id DESC LIMIT 1),
	coalesce((SELECT id FROM checkins c WHERE c.service = s.service AND c.status = 'OK'
		ORDER BY received_at DESC, id DESC LIMIT 1), 0),
	(SELECT max(received_at) FROM checkins c WHERE c.service = s.service)
FROM (SELECT DISTINCT service FROM checkins) s;
