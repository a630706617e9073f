-- Random secrets of this install, made once and kept: "session" signs the status page's login
-- sessions (with the read token), so that they outlive a restart.
CREATE TABLE install_secrets (
	name   TEXT PRIMARY KEY,
	secret BLOB NOT NULL
);
