package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/alecthomas/kong"

	"github.com/checkin-gateway/checkin-gateway/plugin/internal/client"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
	"github.com/checkin-gateway/checkin-gateway/shared/envflag"
	"github.com/checkin-gateway/checkin-gateway/shared/verdict"
)

// version is stamped in by the build (-ldflags "-X main.version=...").
var version = "dev"

// prefix starts every result line.
const prefix = verdict.Prefix

// cli is the command line: the older plugin's flags (--service, --protocol, --host, --port) and
// new ones. Every flag can also come from the environment variable it names; a variable set but
// empty counts as unset. run reads them through its getenv only.
type cli struct {
	Service       string           `help:"Service name, as in the gateway's services.json." required:"" env:"CHECKIN_SERVICE"`
	Protocol      string           `help:"http or https." default:"http" enum:"http,https" env:"CHECKIN_PROTOCOL"`
	Host          string           `help:"Gateway host name or address." default:"127.0.0.1" env:"CHECKIN_HOST"`
	Port          int              `help:"Gateway port." default:"5000" env:"CHECKIN_PORT"`
	URL           string           `name:"url" help:"Gateway base URL, like https://gw.example.org:5000/prefix; replaces --protocol, --host and --port." env:"CHECKIN_URL"`
	Timeout       string           `help:"Time allowed for the whole request: 10s, 1m, or seconds." default:"10s" env:"CHECKIN_TIMEOUT"`
	CAFile        string           `name:"ca-file" help:"PEM file of the CA certificates to trust for https." env:"CHECKIN_CA_FILE"`
	Insecure      bool             `help:"Do not check the gateway's TLS certificate." env:"CHECKIN_INSECURE"`
	ReadTokenFile string           `name:"read-token-file" help:"File holding a token sent as 'Authorization: Bearer <token>'." env:"CHECKIN_READ_TOKEN_FILE"`
	Version       kong.VersionFlag `help:"Print the version and exit."`
}

// exitRequest carries kong's exit (after --help or --version) out of the parser.
type exitRequest int

// run is the whole plugin: it prints one result line and returns the exit code, always 0..3.
func run(args []string, getenv func(string) string, stdout io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			if req, ok := p.(exitRequest); ok {
				code = 0
				if req != 0 {
					code = unknown(stdout, fmt.Sprintf("usage: command line parser exited with code %d (see check_checkin --help)", int(req)))
				}
				return
			}
			code = unknown(stdout, fmt.Sprintf("internal error: %v", p))
		}
	}()
	var c cli
	parser, err := kong.New(&c,
		kong.Name("check_checkin"),
		kong.Description("Icinga/Nagios plugin: reports a service's state as checkin-gateway sees it.\n"+
			"Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN."),
		kong.Vars{"version": "check_checkin " + version},
		kong.Writers(stdout, stdout),
		kong.Exit(func(code int) { panic(exitRequest(code)) }),
		envflag.Option(getenv),
	)
	if err != nil {
		return unknown(stdout, fmt.Sprintf("internal error: build command line: %v", err))
	}
	if _, err := parser.Parse(args); err != nil {
		return unknown(stdout, fmt.Sprintf("usage: %v (see check_checkin --help)", err))
	}
	opts, err := c.options()
	if err != nil {
		return unknown(stdout, fmt.Sprintf("usage: %v (see check_checkin --help)", err))
	}
	if opts.Token, err = readToken(c.ReadTokenFile); err != nil {
		return unknown(stdout, err.Error())
	}
	cl, err := client.New(opts)
	if err != nil {
		return unknown(stdout, err.Error())
	}
	ctx, cancel := context.WithTimeout(context.Background(), opts.Timeout)
	defer cancel()
	st, err := cl.State(ctx, c.Service)
	if err != nil {
		return unknown(stdout, err.Error())
	}
	return verdict.Of(c.Service, st).Write(stdout, prefix)
}

func unknown(w io.Writer, msg string) int {
	return verdict.Result{Status: checkin.Unknown, Summary: msg}.Write(w, prefix)
}

// options checks the flags kong cannot check and turns them into client options.
func (c *cli) options() (client.Options, error) {
	o := client.Options{CAFile: c.CAFile, Insecure: c.Insecure, UserAgent: "check_checkin/" + version}
	var err error
	if o.Timeout, err = parseTimeout(c.Timeout); err != nil {
		return o, err
	}
	if c.Service == "" {
		return o, fmt.Errorf("--service must not be empty")
	}
	if o.Base, err = c.baseURL(); err != nil {
		return o, err
	}
	return o, nil
}

// readToken reads the bearer token from --read-token-file; no file, no token. The token itself
// never appears in a message.
func readToken(path string) (string, error) {
	token, err := checkin.ReadTokenFile(path)
	switch {
	case errors.Is(err, checkin.ErrTokenFileEmpty) || errors.Is(err, checkin.ErrTokenFileLines):
		return "", errors.New("--read-token-file: want the token alone on one line; the file is empty or holds several lines")
	case err != nil:
		return "", fmt.Errorf("read --read-token-file: %w", err)
	}
	return token, nil
}

// baseURL is --url when given, else protocol://host:port.
func (c *cli) baseURL() (*url.URL, error) {
	if c.URL == "" {
		if c.Port < 1 || c.Port > 65535 {
			return nil, fmt.Errorf("--port %d: want 1 to 65535", c.Port)
		}
		if c.Host == "" {
			return nil, fmt.Errorf("--host must not be empty")
		}
		host := strings.TrimSuffix(strings.TrimPrefix(c.Host, "["), "]")
		return &url.URL{Scheme: c.Protocol, Host: net.JoinHostPort(host, strconv.Itoa(c.Port))}, nil
	}
	u, err := url.Parse(c.URL)
	if err != nil {
		return nil, fmt.Errorf("--url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("--url %s: want an http:// or https:// URL", u.Redacted())
	}
	if u.Host == "" {
		return nil, fmt.Errorf("--url %s: no host", u.Redacted())
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("--url %s: a base URL takes no query or fragment", u.Redacted())
	}
	return u, nil
}

// parseTimeout reads Go durations ("10s", "1m30s", "500ms") and services.json ones ("10", "2m").
func parseTimeout(text string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(text))
	if err != nil {
		d, err = checkin.ParseDuration(text)
	}
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("--timeout %q: want a positive duration like 10s", text)
	}
	return d, nil
}
