package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// renameServiceCmd moves a service's history to a new name, for renaming a service in
// services.json without losing its history. With SQLite the gateway must be stopped (the file
// is locked while it runs); with PostgreSQL the gateways may keep running.
type renameServiceCmd struct {
	storeFlags
	From string `arg:"" help:"The service's old name."`
	To   string `arg:"" help:"Its new name: one without check-ins."`
}

// serviceRenamer is what renaming needs of the database; both engines have it.
type serviceRenamer interface {
	RenameService(ctx context.Context, from, to string) (int, error)
}

// Run moves the history and says what to do next.
func (c *renameServiceCmd) Run(ctx context.Context, g *globals) error {
	for _, name := range []string{c.From, c.To} {
		if !config.ValidName(name) {
			return fmt.Errorf("%q is no service name: 1 to 128 letters, digits, spaces and . _ - : @", name)
		}
	}
	if c.From == c.To {
		return errors.New("the old and the new name are the same")
	}
	if !c.DB.IsPostgres() {
		path, err := c.DB.SQLitePath()
		if err != nil {
			return err
		}
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("--db %s: %w (give the gateway's database)", path, err)
		}
	}
	st, err := c.openStore(ctx, g.logger)
	if err != nil {
		return err
	}
	defer st.Close()
	r, ok := st.(serviceRenamer)
	if !ok {
		return errors.New("this database cannot rename services") // both engines can
	}
	moved, err := r.RenameService(ctx, c.From, c.To)
	if errors.Is(err, storage.ErrRenameTaken) {
		return fmt.Errorf("%q already has check-ins in %s; nothing moved (histories are never mixed)", c.To, c.DB.LogValue().String())
	}
	if err != nil {
		return err
	}
	if moved == 0 {
		fmt.Fprintf(g.stdout, "%q has no check-ins in %s: nothing to move\n", c.From, c.DB.LogValue().String())
		return nil
	}
	fmt.Fprintf(g.stdout, "moved %d check-ins of %q to %q; rename the service in services.json too, then start the gateway (or send it SIGHUP)\n",
		moved, c.From, c.To)
	return nil
}
