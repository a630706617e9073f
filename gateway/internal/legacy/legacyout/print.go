// Package legacyout writes what import-legacy tells the operator: the older gateway's services
// as our services.json, merged with ours or not, with what was not carried over, the tokens
// that differ from ours, and the services whose history came over unlisted.
package legacyout

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy"
)

// Options are import-legacy's flags for printing services.
type Options struct {
	Config     string // our services.json: services it has are left out; "" for none
	Merge      bool   // print the whole of Config, then the new services
	HashTokens bool   // print token_sha256 instead of the token
	Tolerate   bool   // set tolerate_failures on every printed service
	PreferOld  bool   // with Merge: the older gateway's token where ours differs
}

// PrintServices writes the services.json of conv to stdout, and everything not carried over to
// stderr, so that `> services.new.json` gets a file our gateway loads.
func PrintServices(stdout, stderr io.Writer, conv legacy.Conversion, o Options) error {
	var ours *legacy.Existing
	var ourCfg *config.Config
	if o.Config != "" {
		data, err := os.ReadFile(o.Config)
		if err != nil {
			return fmt.Errorf("--config: %w", err)
		}
		if ourCfg, err = config.Parse(data); err != nil {
			return fmt.Errorf("--config %s: %w", o.Config, err)
		}
		if ours, err = legacy.ParseExisting(data); err != nil {
			return fmt.Errorf("--config %s: %w", o.Config, err)
		}
	}
	var add []legacy.Entry
	var present []string
	for _, e := range conv.Entries {
		if ours.Has(e.Name) {
			present = append(present, e.Name)
			continue
		}
		add = append(add, e)
	}
	var conflicts bytes.Buffer
	if ourCfg != nil {
		if err := tokenConflicts(&conflicts, conv, ourCfg, ours, o.Config, o.PreferOld, o.HashTokens); err != nil {
			return err
		}
	}
	keep := ours
	if !o.Merge {
		keep = nil
	}
	var out bytes.Buffer
	if err := legacy.Render(&out, keep, add, legacy.RenderOptions{HashTokens: o.HashTokens, TolerateFailures: o.Tolerate}); err != nil {
		return err
	}
	if _, err := config.Parse(out.Bytes()); err != nil {
		return fmt.Errorf("the converted services.json does not load: %w", err)
	}
	writeNotCarried(stderr, conv, present, o.Config, len(add))
	_, _ = conflicts.WriteTo(stderr)
	_, err := stdout.Write(out.Bytes())
	return err
}

// writeNotCarried lists on w what the operator must look at before installing the file.
func writeNotCarried(w io.Writer, conv legacy.Conversion, present []string, ours string, added int) {
	noun := "services"
	if added == 1 {
		noun = "service"
	}
	fmt.Fprintf(w, "%d %s converted.\n", added, noun)
	for _, name := range present {
		fmt.Fprintf(w, "already in %s, left as it is there: %s\n", ours, legacy.Printable(name))
	}
	list := func(title string, items []legacy.Listed) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(w, "%s:\n", title)
		for _, l := range items {
			if l.Value != "" {
				fmt.Fprintf(w, "  %s (%s): %s\n", legacy.Printable(l.Service), legacy.Printable(l.Value), legacy.Printable(l.Reason))
			} else {
				fmt.Fprintf(w, "  %s: %s\n", legacy.Printable(l.Service), legacy.Printable(l.Reason))
			}
		}
	}
	list("Not converted, fix and run again", conv.Refused)
	list("Not supported", conv.Unsupported)
	list("Settings left out", conv.Dropped)
}
