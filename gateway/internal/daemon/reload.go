package daemon

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/diff"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/oversights"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/tlscert"
)

// reloadOnHUP re-reads services.json, and the TLS files when certs is not nil, on SIGHUP. An
// invalid file leaves the old configuration or certificate in force. Each configuration
// reload's outcome goes to record, and a failure to notice, for the status pages. The returned function stops listening for the signal.
func (c Config) reloadOnHUP(ctx context.Context, log *slog.Logger, current *atomic.Pointer[config.Config],
	record func(ok bool, at time.Time), notice *reloadNotice, certs *tlscert.Certificate) func() {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-done:
				return
			case <-hup:
				reloadTLS(log, certs)
				old := current.Load()
				cfg, err := config.ReloadFile(old, c.Config)
				now := time.Now()
				record(err == nil, now)
				notice.set(err, now)
				if err != nil {
					log.Error("reload failed; keeping the old configuration", "err", err)
					continue
				}
				current.Store(cfg)
				go returnGarbage()
				oversights.Find(cfg).Log(log, c.Config)
				log.Info("configuration reloaded", append([]any{"services", cfg.Len()}, diff.Services(old, cfg).LogArgs()...)...)
			}
		}
	}()
	return func() { signal.Stop(hup); close(done) }
}

// reloadTLS re-reads the TLS certificate and key, keeping the old ones when the new files are bad.
func reloadTLS(log *slog.Logger, certs *tlscert.Certificate) {
	if certs == nil {
		return
	}
	if err := certs.Reload(); err != nil {
		log.Error("TLS reload failed; keeping the old certificate", "err", err)
		return
	}
	log.Info("TLS certificate reloaded", "not_after", certs.NotAfter().UTC().Format(time.RFC3339))
}
