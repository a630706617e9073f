-- Random secrets of this install, made once and kept: "session" signs the status page's login
-- sessions (with the read token), so that they outlive a restart and every gateway on the
-- database accepts the others' sessions.
CREATE TABLE install_secrets (
	name   text  PRIMARY KEY,
	secret bytea NOT NULL
);
