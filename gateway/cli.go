package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/alecthomas/kong"

	"github.com/checkin-gateway/checkin-gateway/shared/envflag"
)

// cli is the command line. Every flag can also come from the environment variable it names; a
// variable set but empty counts as unset. run reads them through its getenv only.
type cli struct {
	LogLevel  string           `help:"Least level to log: debug, info, warn, error." default:"info" enum:"debug,info,warn,error" env:"CHECKIN_LOG_LEVEL"`
	LogFormat string           `help:"Log format: text or json." default:"text" enum:"text,json" env:"CHECKIN_LOG_FORMAT"`
	Version   kong.VersionFlag `help:"Print the version and exit."`

	// Each help is one short line: `checkin-gateway --help` lists them in two columns.
	Serve         serveCmd         `cmd:"" default:"withargs" help:"Run the gateway (the default command)."`
	CheckConfig   checkConfigCmd   `cmd:"" name:"check-config" help:"Check services.json and exit: 0 when valid, 1 when not."`
	IcingaConfig  icingaConfigCmd  `cmd:"" name:"icinga-config" help:"Print Icinga 2 objects for the services in services.json."`
	HashToken     hashTokenCmd     `cmd:"" name:"hash-token" help:"Print the SHA-256 of a token read from standard input."`
	Schedule      scheduleCmd      `cmd:"" help:"Print the next run times of a cron expression."`
	ImportLegacy  importLegacyCmd  `cmd:"" name:"import-legacy" help:"Import history and services from the older Python gateway."`
	NewUUID       newUUIDCmd       `cmd:"" name:"new-uuid" help:"Print a random UUID for ping_uuid in services.json."`
	MigrateStore  migrateStoreCmd  `cmd:"" name:"migrate-store" help:"Copy the history from a SQLite file to PostgreSQL."`
	RenameService renameServiceCmd `cmd:"" name:"rename-service" help:"Move a service's history to a new name."`
	Healthcheck   healthcheckCmd   `cmd:"" help:"Exit 0 when a running gateway's /alive answers, else 1."`
}

// helpFooter ends `checkin-gateway --help`, which lists the commands but not serve's flags.
const helpFooter = `Run "checkin-gateway serve --help" for the gateway's flags (listen address, services file,
database, TLS, read tokens, limits); each has an environment variable too.`

// printHelp is kong's help in compact form (one line per command), with helpFooter at the top
// level.
func printHelp(options kong.HelpOptions, ctx *kong.Context) error {
	options.Compact = true
	if err := kong.DefaultHelpPrinter(options, ctx); err != nil {
		return err
	}
	if ctx.Selected() == nil {
		_, err := fmt.Fprintf(ctx.Stdout, "\n%s\n", helpFooter)
		return err
	}
	return nil
}

// errExit carries a kong exit request (after --help or --version) out of the parser.
type errExit int

func (e errExit) Error() string { return fmt.Sprintf("exit %d", int(e)) }

// run parses the command line and runs the chosen command until ctx ends, with the process's
// standard input.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return runWithInput(ctx, args, os.Stdin, getenv, stdout, stderr)
}

// runWithInput is run with stdin given.
func runWithInput(ctx context.Context, args []string, stdin io.Reader, getenv func(string) string, stdout, stderr io.Writer) error {
	c, kctx, err := parse(args, getenv, stdout, stderr)
	if err != nil || kctx == nil {
		return err
	}
	g := &globals{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, logger: newLogger(stderr, c.LogLevel, c.LogFormat)}
	kctx.BindTo(ctx, (*context.Context)(nil))
	return kctx.Run(g)
}

// parse reads the command line, and each flag's variable from getenv alone (never from the
// process environment). After --help or --version it returns no context and no error.
func parse(args []string, getenv func(string) string, stdout, stderr io.Writer) (_ *cli, _ *kong.Context, err error) {
	var c cli
	parser, err := kong.New(&c,
		kong.Name("checkin-gateway"),
		kong.Description("Takes check-ins over HTTP and tells Icinga each service's state."),
		kong.Vars{"version": version},
		kong.Writers(stdout, stderr),
		kong.Help(printHelp),
		kong.Exit(func(code int) { panic(errExit(code)) }),
		envflag.Option(getenv),
	)
	if err != nil {
		return nil, nil, fmt.Errorf("build command line: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			code, ok := p.(errExit)
			if !ok {
				panic(p)
			}
			if code != 0 {
				err = fmt.Errorf("exit %d", int(code))
			}
		}
	}()
	kctx, err := parser.Parse(args)
	if err != nil {
		return nil, nil, err
	}
	return &c, kctx, nil
}
