package leader

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres/writetx"
)

// Leader elects, among the gateways sharing a database, the one that pushes to Icinga, and
// tells it what every gateway stores. Each gateway keeps one connection of its own for it and
// tries to take a session advisory lock on it; the gateway that holds the lock LISTENs to the
// check-ins' channel (writetx.Channel) on the same connection. The lock lives as long as that
// session: when the leader dies, or its connection or the server does, PostgreSQL frees it and
// another gateway takes it at its next try. Losing the connection ends the leadership and the
// LISTEN together, so no leader ever runs without hearing the others.
type Leader struct {
	cfg   *pgx.ConnConfig
	dsn   string        // redacted
	retry time.Duration // between tries to take the lock
	check time.Duration // how often the leader proves its connection alive
	log   *slog.Logger
}

// tryLock takes the lock of the database's check-ins (one per schema, as the channel) when it
// is free; the first key is the gateway's own.
const tryLock = `SELECT pg_try_advisory_lock(20813, ('x' || left(md5(current_schema()), 8))::bit(32)::int), ` + writetx.Channel

// Option changes how New sets a Leader up.
type Option func(*Leader)

// WithTiming sets how often a gateway tries to take the lock (default 1s) and how often
// the leader checks its connection (default 1s; a check may take as long again).
func WithTiming(retry, check time.Duration) Option {
	return func(l *Leader) { l.retry, l.check = retry, check }
}

// New prepares the election on the database at dsn; Lead takes part in it.
func New(dsn string, log *slog.Logger, opts ...Option) (*Leader, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("%w %s: %w", postgres.ErrBadURL, postgres.Redact(dsn), err)
	}
	cfg.RuntimeParams["application_name"] = "checkin-gateway push leader"
	// A leader cut off by the network: the server ends its session, and frees the lock, within
	// about 10s instead of the system's default two hours.
	cfg.RuntimeParams["tcp_keepalives_idle"] = "4"
	cfg.RuntimeParams["tcp_keepalives_interval"] = "2"
	cfg.RuntimeParams["tcp_keepalives_count"] = "3"
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 5 * time.Second
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &Leader{cfg: cfg, dsn: postgres.Redact(dsn), retry: time.Second, check: time.Second, log: log}
	for _, opt := range opts {
		opt(l)
	}
	return l, nil
}

// Lead takes part in the election until ctx ends. Whenever this gateway holds the lock, it runs
// term with a context that ends as soon as the lock may be lost (term must return then), and
// hands stored the name of each service any gateway stores a check-in of meanwhile. A term
// starts only once the LISTEN is in place: what term reads at its start is at least as new as
// anything stored before, and everything after comes through stored.
func (l *Leader) Lead(ctx context.Context, term func(ctx context.Context), stored func(service string)) {
	var conn *pgx.Conn // kept between tries while it works
	defer func() { closeConn(conn) }()
	failing, following := false, false
	for ctx.Err() == nil {
		var err error
		var led bool
		if conn == nil {
			if conn, err = pgx.ConnectConfig(ctx, l.cfg); err != nil {
				conn, err = nil, fmt.Errorf("connect: %w", err)
			}
		}
		if conn != nil {
			if led, err = l.try(ctx, conn, term, stored); led || err != nil {
				// After a term the session ends, and its lock and LISTEN with it.
				closeConn(conn)
				conn = nil
			}
		}
		switch {
		case ctx.Err() != nil:
			return
		case err != nil && !failing:
			l.log.Warn("icinga push: cannot take part in the leader election; trying again every second", "db", l.dsn, "err", err)
			failing = true
		case err == nil && failing:
			l.log.Info("icinga push: leader election reachable again", "db", l.dsn)
			failing = false
		}
		if err == nil && !led && !following {
			l.log.Info("icinga push: another gateway on this database pushes; this one takes over should it stop", "db", l.dsn)
		}
		following = err == nil && !led
		t := time.NewTimer(l.retry)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// closeConn ends conn's session, which frees its lock; nil is left alone.
func closeConn(conn *pgx.Conn) {
	if conn == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = conn.Close(ctx)
}

// try tries the lock once on conn and, when it got it, runs a term until the connection fails
// or ctx ends; led says it did. The error says the database could not be asked.
func (l *Leader) try(ctx context.Context, conn *pgx.Conn, term func(context.Context), stored func(string)) (led bool, err error) {
	var got bool
	var channel string
	qctx, cancel := context.WithTimeout(ctx, l.check)
	err = conn.QueryRow(qctx, tryLock).Scan(&got, &channel)
	cancel()
	if err != nil || !got {
		return false, wrap("try the push leader lock", err)
	}
	qctx, cancel = context.WithTimeout(ctx, l.check)
	_, err = conn.Exec(qctx, "LISTEN "+pgx.Identifier{channel}.Sanitize())
	cancel()
	if err != nil {
		return true, fmt.Errorf("listen to %s: %w", channel, err)
	}
	tctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { term(tctx) })
	defer wg.Wait()
	defer stop()
	err = l.listen(tctx, conn, stored)
	if ctx.Err() == nil {
		l.log.Warn("icinga push: lost the database connection that makes this gateway the leader; another gateway may push now", "db", l.dsn, "err", err)
	}
	return true, nil
}

// listen hands on the notifications until ctx ends or the connection fails, and proves the
// connection alive every l.check, notifications or not.
func (l *Leader) listen(ctx context.Context, conn *pgx.Conn, stored func(string)) error {
	nextCheck := time.Now().Add(l.check)
	for {
		wctx, cancel := context.WithDeadline(ctx, nextCheck)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		if n != nil {
			stored(n.Payload)
		}
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil && !pgconn.Timeout(err):
			return err
		case err == nil:
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, l.check)
		err = conn.Ping(pctx)
		cancel()
		if err != nil {
			return fmt.Errorf("check the leader connection: %w", err)
		}
		nextCheck = time.Now().Add(l.check)
	}
}

// wrap is err with what was done, or nil.
func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}
