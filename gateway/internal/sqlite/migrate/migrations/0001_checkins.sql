-- Every check-in ever received, in arrival order (id). received_at is Unix nanoseconds, UTC.
CREATE TABLE checkins (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	service     TEXT    NOT NULL,
	status      TEXT    NOT NULL CHECK (status IN ('OK', 'WARNING', 'CRITICAL', 'UNKNOWN')),
	info        TEXT    NOT NULL DEFAULT '',
	received_at INTEGER NOT NULL
);

-- The newest check-in of a service, and its history newest first, in O(log n) whatever the
-- history's length.
CREATE INDEX checkins_service_id ON checkins (service, id);

-- The newest OK check-in of a service, for tolerate_failures.
CREATE INDEX checkins_service_status_id ON checkins (service, status, id);
