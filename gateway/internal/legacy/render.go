package legacy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy/servicefile"
)

// Existing is a services.json of this gateway, its services in the file's order, each kept as
// written.
type Existing struct {
	Names []string
	Raw   map[string]json.RawMessage
}

// Has reports whether the file has the service.
func (e *Existing) Has(name string) bool {
	if e == nil {
		return false
	}
	_, ok := e.Raw[name]
	return ok
}

// ParseExisting reads the services of a services.json in order. It checks only the JSON
// shape; config.Parse checks the rest.
func ParseExisting(data []byte) (*Existing, error) {
	e := &Existing{Raw: map[string]json.RawMessage{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("want one JSON object of services")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("malformed JSON: %w", err)
		}
		name := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("service %q: %w", name, err)
		}
		if _, dup := e.Raw[name]; !dup {
			e.Names = append(e.Names, name)
		}
		e.Raw[name] = raw
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("malformed JSON: %w", err)
	}
	return e, nil
}

// entryJSON is an Entry as services.json writes it.
type entryJSON struct {
	Token       string `json:"token,omitempty"`
	TokenSHA256 string `json:"token_sha256,omitempty"`
	Timeout     string `json:"timeout"`
	Owner       string `json:"owner,omitempty"`
	Tolerate    bool   `json:"tolerate_failures,omitempty"`
}

// RenderOptions say how Render writes the entries.
type RenderOptions struct {
	// HashTokens writes token_sha256 instead of the token.
	HashTokens bool
	// TolerateFailures sets tolerate_failures, the older gateway's behaviour.
	TolerateFailures bool
}

// Render writes a services.json: first the services of keep (may be nil) as they were
// written, then entries in their order, as opt says.
func Render(w io.Writer, keep *Existing, entries []Entry, opt RenderOptions) error {
	var b bytes.Buffer
	b.WriteString("{")
	first := true
	add := func(name string, value []byte) error {
		if !first {
			b.WriteString(",")
		}
		first = false
		key, _ := json.Marshal(name)
		b.WriteString("\n  ")
		b.Write(key)
		b.WriteString(": ")
		var ind bytes.Buffer
		if err := json.Indent(&ind, value, "  ", "  "); err != nil {
			return fmt.Errorf("service %q: %w", name, err)
		}
		b.Write(ind.Bytes())
		return nil
	}
	if keep != nil {
		for _, name := range keep.Names {
			if err := add(name, keep.Raw[name]); err != nil {
				return err
			}
		}
	}
	for _, e := range entries {
		v := entryJSON{Timeout: servicefile.FormatDuration(e.Timeout), Owner: e.Owner, Tolerate: opt.TolerateFailures}
		if opt.HashTokens {
			sum := sha256.Sum256([]byte(e.Token))
			v.TokenSHA256 = hex.EncodeToString(sum[:])
		} else {
			v.Token = e.Token
		}
		value, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("service %q: %w", e.Name, err)
		}
		if err := add(e.Name, value); err != nil {
			return err
		}
	}
	if !first {
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	_, err := w.Write(b.Bytes())
	return err
}
