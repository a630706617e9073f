// Package envflag makes kong read each flag's `env` variables through an injected getenv, and
// only through it, so that a program's run function can be tested without touching the process
// environment, and a variable set but empty means the same everywhere: not set.
package envflag

import "github.com/alecthomas/kong"

// Option makes kong take each flag's `env` variables from getenv alone. Left to itself, kong
// reads the process environment (os.LookupEnv) when it resets flags to their defaults, and
// takes a variable that is set but empty as the value "". Option moves the variable names out
// of kong's reach after the model is built, fills each flag from the first of its variables
// that getenv reports non-empty (flags given on the command line still win; an empty variable
// leaves the default), and keeps naming the variables in --help.
func Option(getenv func(string) string) kong.Option {
	envs := map[*kong.Value][]string{}
	return kong.OptionFunc(func(k *kong.Kong) error {
		for _, o := range []kong.Option{
			kong.PostBuild(func(k *kong.Kong) error { hideEnvs(k.Model.Node, envs); return nil }),
			kong.Resolvers(kong.ResolverFunc(func(_ *kong.Context, _ *kong.Path, flag *kong.Flag) (any, error) {
				for _, name := range envs[flag.Value] {
					if v := getenv(name); v != "" {
						return v, nil
					}
				}
				return nil, nil
			})),
			kong.ValueFormatter(func(v *kong.Value) string {
				names := envs[v]
				if len(names) == 0 {
					return kong.DefaultHelpValueFormatter(v)
				}
				shown, tag := *v, *v.Tag
				tag.Envs = names
				shown.Tag = &tag
				return kong.DefaultHelpValueFormatter(&shown)
			}),
		} {
			if err := o.Apply(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// hideEnvs moves the `env` names of node's flags and arguments, and its children's, into envs.
func hideEnvs(node *kong.Node, envs map[*kong.Value][]string) {
	values := append([]*kong.Value(nil), node.Positional...)
	for _, f := range node.Flags {
		values = append(values, f.Value)
	}
	for _, v := range values {
		if len(v.Tag.Envs) > 0 {
			envs[v] = v.Tag.Envs
			v.Tag.Envs = nil
		}
	}
	for _, child := range node.Children {
		hideEnvs(child, envs)
	}
}
