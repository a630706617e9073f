package legacy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// SetToken replaces the token of the service name (token or token_sha256, whichever it has)
// with token, written as token_sha256 when hash is set. The service's other settings stay as
// written, in their order.
func (e *Existing) SetToken(name, token string, hash bool) error {
	raw, ok := e.Raw[name]
	if !ok {
		return fmt.Errorf("service %q: not in the file", name)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("service %q: want a JSON object", name)
	}
	key, value := "token", token
	if hash {
		sum := sha256.Sum256([]byte(token))
		key, value = "token_sha256", hex.EncodeToString(sum[:])
	}
	var b bytes.Buffer
	b.WriteString("{")
	write := func(k string, v []byte) {
		if b.Len() > 1 {
			b.WriteString(", ")
		}
		kj, _ := json.Marshal(k)
		b.Write(kj)
		b.WriteString(": ")
		b.Write(v)
	}
	vj, _ := json.Marshal(value)
	written := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("service %q: %w", name, err)
		}
		k, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("service %q: %w", name, err)
		}
		if k == "token" || k == "token_sha256" {
			if !written {
				write(key, vj)
				written = true
			}
			continue
		}
		write(k, v)
	}
	if !written {
		// A ping-only service: the token goes first.
		rest := b.Bytes()[1:]
		b = *bytes.NewBufferString("{")
		write(key, vj)
		if len(rest) > 0 {
			b.WriteString(", ")
			b.Write(rest)
		}
	}
	b.WriteString("}")
	e.Raw[name] = json.RawMessage(b.Bytes())
	return nil
}
