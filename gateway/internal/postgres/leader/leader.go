package leader

import (
	"context"
	"errors"
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
//
// A leader that hangs (SIGSTOP, a frozen VM) while its TCP connection stays open would keep
// the lock for ever; so its connection sets idle_session_timeout, which makes PostgreSQL end
// the session of a gateway that stopped talking, and a healthy leader sends a heartbeat every
// check. Its term pushes only under a Lease, which lapses before the server's timeout does.
type Leader struct {
	cfg   *pgx.ConnConfig
	dsn   string        // redacted
	retry time.Duration // between tries to take the lock
	check time.Duration // how often the leader proves its connection alive (its heartbeat)
	idle  time.Duration // the connection's idle_session_timeout: the server's limit of a hang
	now   func() time.Time
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

// WithIdleTimeout sets after how long without a heartbeat PostgreSQL ends a gateway's election
// session (default 5s); it must be at least four checks. The lease lapses two checks earlier.
func WithIdleTimeout(idle time.Duration) Option {
	return func(l *Leader) { l.idle = idle }
}

// Term is what a gateway does while it leads: it pushes, each push only while lease.Wait says
// the lease is held, until ctx ends. It returns the services whose push may have reached
// Icinga after the lease lapsed (one sent before a hang and answered after it): Lead announces
// them on the check-ins' channel, so that whichever gateway leads then pushes them again.
type Term func(ctx context.Context, lease *Lease) (late []string)

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
	l := &Leader{cfg: cfg, dsn: postgres.Redact(dsn), retry: time.Second, check: time.Second,
		idle: 5 * time.Second, now: time.Now, log: log}
	for _, opt := range opts {
		opt(l)
	}
	if l.idle < 4*l.check {
		return nil, fmt.Errorf("push leader: idle timeout %v is shorter than four heartbeats of %v", l.idle, l.check)
	}
	return l, nil
}

// leaseBound is how long a heartbeat keeps the lease: two checks less than the server waits
// before it ends an idle session, and at least two checks, so a healthy leader never lapses.
func (l *Leader) leaseBound() time.Duration { return l.idle - 2*l.check }

// Lead takes part in the election until ctx ends. Whenever this gateway holds the lock, it runs
// term with a context that ends as soon as the lock may be lost (term must return then), and
// hands stored the name of each service any gateway stores a check-in of meanwhile. A term
// starts only once the LISTEN is in place: what term reads at its start is at least as new as
// anything stored before, and everything after comes through stored.
func (l *Leader) Lead(ctx context.Context, term Term, stored func(service string)) {
	var conn *pgx.Conn // kept between tries while it works
	defer func() { closeConn(conn) }()
	var late []string // pushes of an ended term to announce again
	failing, following := false, false
	for ctx.Err() == nil {
		var err error
		var led bool
		if conn == nil {
			conn, err = l.connect(ctx)
		}
		if conn != nil && len(late) > 0 {
			if err = l.announce(ctx, conn, late); err == nil {
				late = nil
			}
		}
		if conn != nil && err == nil {
			var ended []string
			if led, ended, err = l.try(ctx, conn, term, stored); led || err != nil {
				// After a term the session ends, and its lock and LISTEN with it.
				closeConn(conn)
				conn = nil
			}
			late = append(late, ended...)
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

// connect opens the election's connection and sets its idle_session_timeout. PostgreSQL older
// than 14 has none: the gateway then still leads, but a hung leader keeps the lock until its
// connection closes, which the log says once per connection.
func (l *Leader) connect(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, l.cfg)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	qctx, cancel := context.WithTimeout(ctx, l.check)
	defer cancel()
	_, err = conn.Exec(qctx, `SELECT set_config('idle_session_timeout', $1, false)`, fmt.Sprint(l.idle.Milliseconds()))
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42704" { // undefined_object
		l.log.Warn("icinga push: PostgreSQL has no idle_session_timeout (it came with version 14): a hung push leader keeps the lead until its connection closes", "db", l.dsn)
		return conn, nil
	}
	if err != nil {
		closeConn(conn)
		return nil, fmt.Errorf("set idle_session_timeout: %w", err)
	}
	return conn, nil
}

// announce tells the check-ins' channel of services again, as a write transaction does, so
// that the gateway leading now pushes them (see Term).
func (l *Leader) announce(ctx context.Context, conn *pgx.Conn, services []string) error {
	qctx, cancel := context.WithTimeout(ctx, l.check)
	defer cancel()
	if _, err := conn.Exec(qctx, writetx.NotifyStored, services); err != nil {
		return fmt.Errorf("announce services pushed late: %w", err)
	}
	l.log.Warn("icinga push: some results may have reached Icinga after this gateway stopped leading; the leader pushes them again",
		"db", l.dsn, "services", len(services))
	return nil
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
// or ctx ends; led says it did, late is what the term returned. The error says the database
// could not be asked.
func (l *Leader) try(ctx context.Context, conn *pgx.Conn, term Term, stored func(string)) (led bool, late []string, err error) {
	var got bool
	var channel string
	sent := l.now()
	qctx, cancel := context.WithTimeout(ctx, l.check)
	err = conn.QueryRow(qctx, tryLock).Scan(&got, &channel)
	cancel()
	if err != nil || !got {
		return false, nil, wrap("try the push leader lock", err)
	}
	qctx, cancel = context.WithTimeout(ctx, l.check)
	_, err = conn.Exec(qctx, "LISTEN "+pgx.Identifier{channel}.Sanitize())
	cancel()
	if err != nil {
		return true, nil, fmt.Errorf("listen to %s: %w", channel, err)
	}
	lease := newLease(l.leaseBound(), l.now, sent)
	tctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { late = term(tctx, lease) })
	err = l.listen(tctx, conn, lease, stored)
	lease.lose()
	stop()
	wg.Wait()
	if ctx.Err() == nil {
		l.log.Warn("icinga push: lost the database connection that makes this gateway the leader; another gateway may push now", "db", l.dsn, "err", err)
	}
	return true, late, nil
}

// listen hands on the notifications until ctx ends or the connection fails, and sends a
// heartbeat every l.check, notifications or not, which renews lease and keeps the server's
// idle_session_timeout from ending the session.
func (l *Leader) listen(ctx context.Context, conn *pgx.Conn, lease *Lease, stored func(string)) error {
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
		sent := l.now()
		pctx, cancel := context.WithTimeout(ctx, l.check)
		err = conn.Ping(pctx)
		cancel()
		if err != nil {
			return fmt.Errorf("check the leader connection: %w", err)
		}
		lease.renew(sent)
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
