-- The store's identity: a random id made once, when the schema is created or upgraded, and
-- never changed; every gateway on the database (and schema) reads the same one. It is no
-- secret: it labels checkin_push_leader, so that Prometheus can tell the gateways that share
-- one database from those that do not.
CREATE TABLE store_id (
	one int  PRIMARY KEY CHECK (one = 1),
	id  text NOT NULL
);
INSERT INTO store_id (one, id) VALUES (1, left(md5(random()::text || clock_timestamp()::text || pg_backend_pid()::text), 16));
