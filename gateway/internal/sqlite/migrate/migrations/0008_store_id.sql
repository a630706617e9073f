-- The store's identity: a random id made once, when the database is created or upgraded, and
-- never changed. It is no secret: it labels checkin_push_leader, so that Prometheus can tell
-- the gateways that share one database from those that do not. A copy of the file keeps it.
CREATE TABLE store_id (
	one INTEGER PRIMARY KEY CHECK (one = 1),
	id  TEXT    NOT NULL
);
INSERT INTO store_id (one, id) VALUES (1, lower(hex(randomblob(8))));
