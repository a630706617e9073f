package writetx

// Change feed: every write transaction tells the gateways' push leader (postgres/leader) which
// services it stored check-ins of, with NOTIFY, which PostgreSQL delivers only once the
// transaction commits, and only once per service and transaction.

// Channel is the SQL expression of the NOTIFY channel of the database's check-ins: one per
// schema, so that installations sharing a database in schemas of their own do not hear each
// other. Its payload is a service's name.
const Channel = `(CASE current_schema() WHEN 'public' THEN 'checkin_stored'
	ELSE 'checkin_stored_' || left(md5(current_schema()), 16) END)`

// NotifyStored tells the channel of each service of $1.
const NotifyStored = `SELECT pg_notify(` + Channel + `, s) FROM unnest($1::text[]) AS s`
