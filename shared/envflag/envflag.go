// Package envflag lets kong read each flag's `env` variables through an injected getenv, so that
// a program's run function can be tested without touching the process environment.
package envflag

import "github.com/alecthomas/kong"

// Resolver returns a kong resolver that fills a flag from the first of its `env` variables that
// getenv reports as set and non-empty. Flags given on the command line still win.
func Resolver(getenv func(string) string) kong.Resolver {
	return kong.ResolverFunc(func(_ *kong.Context, _ *kong.Path, flag *kong.Flag) (any, error) {
		for _, name := range flag.Tag.Envs {
			if v := getenv(name); v != "" {
				return v, nil
			}
		}
		return nil, nil
	})
}
