package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"strings"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/icingaplace"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/jsonscan"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/rawservice"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ratelimit"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/readfile"
)

// LoadFile reads and validates services.json at path.
func LoadFile(path string) (*Config, error) { return ReloadFile(nil, path) }

// ReloadFile reads and validates services.json at path again, taking over from prev (the
// configuration in force, or nil) each service written as before (see Reparse).
func ReloadFile(prev *Config, path string) (*Config, error) {
	data, err := readfile.Regular(path, MaxFileBytes) // bounded: a FIFO or a hung file system must not block reloads
	if errors.Is(err, readfile.ErrTooLarge) {
		err = checkFileSize(MaxFileBytes + 1)
	}
	if err != nil {
		return nil, fmt.Errorf("read services file %s: %w", path, err)
	}
	if err := checkFileSize(len(data)); err != nil {
		return nil, fmt.Errorf("read services file %s: %w", path, err)
	}
	c, err := Reparse(prev, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Parse validates the contents of a services.json. Its errors name the service and the field,
// or the line and column of malformed JSON. A UTF-8 byte-order mark, as some Windows editors
// write, is skipped.
func Parse(data []byte) (*Config, error) { return Reparse(nil, data) }

// Reparse is Parse for a new version of the file prev was read from (nil: none): each service
// whose settings are written byte for byte as in prev keeps prev's parsed Service, so a reload
// of 100,000 services decodes only the ones that changed. Services are never changed once
// parsed, so the two configurations can share them.
func Reparse(prev *Config, data []byte) (*Config, error) {
	if err := checkFileSize(len(data)); err != nil {
		return nil, err
	}
	if isUTF16(data) {
		return nil, errors.New("services.json is UTF-16; save it as UTF-8")
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var services []*Service
	if prev != nil {
		services = make([]*Service, 0, prev.Len()+16) // a reload mostly keeps the count
	}
	// ValidName's conversion does not escape: no copy of each name.
	ok := jsonscan.Split(data, func(name []byte) bool { return ValidName(string(name)) }, func(e jsonscan.Entry) bool {
		h := settingsHash(e.Raw)
		if old := prev.unchanged(e.Name, h); old != nil {
			services = append(services, old)
			return true
		}
		s, err := decodeService(string(e.Name), e.Raw)
		if err != nil {
			return false // parseStream words the error as for the whole file
		}
		s.settings = h
		services = append(services, s)
		return true
	})
	if !ok {
		return parseStream(data)
	}
	c := New(services...)
	for i := 1; i < len(c.names); i++ {
		if c.names[i] == c.names[i-1] {
			return parseStream(data) // names the service defined twice
		}
	}
	if _, err := indexPingUUIDs(services); err != nil {
		return nil, err
	}
	return c, nil
}

// decodeService decodes and checks one service's settings object.
func decodeService(name string, raw []byte) (*Service, error) {
	if r, ok := rawservice.DecodeFlat(raw); ok {
		return newService(name, &r)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	var r rawservice.Settings
	if err := dec.Decode(&r); err != nil {
		return nil, err
	}
	if dec.InputOffset() != int64(len(raw)) {
		return nil, errors.New("data after the settings")
	}
	return newService(name, &r)
}

// settingsHash identifies a service's settings as written. It is never 0, which marks a
// Service whose settings were not hashed.
func settingsHash(raw []byte) uint64 { return maphash.Bytes(settingsSeed, raw) | 1 }

var settingsSeed = maphash.MakeSeed()

// unchanged returns c's service name when its settings hash to h, else nil.
func (c *Config) unchanged(name []byte, h uint64) *Service {
	if c == nil {
		return nil
	}
	if i, ok := c.place[string(name)]; ok && c.list[i].settings == h {
		return c.list[i]
	}
	return nil
}

// parseStream parses the file with one encoding/json decoder, service by service. It takes
// what jsonscan.Split does not (escapes in names, keys in other letter case) and words every error.
func parseStream(data []byte) (*Config, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := expectDelim(dec, data, '{'); err != nil {
		return nil, err
	}
	var services []*Service
	seen := make(map[string]bool)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntaxError(data, dec, err)
		}
		name := tok.(string) // object keys are always strings
		if seen[name] {
			return nil, fmt.Errorf("service %q: defined twice", name)
		}
		seen[name] = true
		if !ValidName(name) {
			return nil, fmt.Errorf("service %q: invalid name: use %s", name, NameRule)
		}
		// One decoder reads every service straight into its fields: a decoder per service
		// made a reload of 100,000 services take seconds.
		var r rawservice.Settings
		start := dec.InputOffset() // before the colon
		if err := dec.Decode(&r); err != nil {
			if isSyntaxError(err) {
				return nil, syntaxError(data, dec, err)
			}
			return nil, fmt.Errorf("service %q: %w", name, fieldError(err))
		}
		s, err := newService(name, &r)
		if err != nil {
			return nil, fmt.Errorf("service %q: %w", name, err)
		}
		// The settings as written, for Reparse: from the object's brace to its end.
		raw := data[start:dec.InputOffset()]
		if i := bytes.IndexByte(raw, '{'); i >= 0 && raw[len(raw)-1] == '}' {
			s.settings = settingsHash(raw[i:])
		}
		services = append(services, s)
	}
	if err := expectDelim(dec, data, '}'); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%s: unexpected data after the services object", position(data, dec.InputOffset()))
	}
	if _, err := indexPingUUIDs(services); err != nil {
		return nil, err
	}
	return New(services...), nil
}

// isUTF16 reports whether data is UTF-16 text: it starts with a UTF-16 byte-order mark, or one
// of its first two bytes is NUL, which JSON in UTF-8 never holds but UTF-16 has in every ASCII
// character.
func isUTF16(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return true
	}
	return len(data) >= 2 && (data[0] == 0 || data[1] == 0)
}

func expectDelim(dec *json.Decoder, data []byte, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return syntaxError(data, dec, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		if want == '{' {
			return fmt.Errorf("%s: the file must hold one JSON object of services, like {\"backup\": {\"token\": \"...\", \"timeout\": \"1d\"}}", position(data, dec.InputOffset()))
		}
		return fmt.Errorf("%s: expected %q", position(data, dec.InputOffset()), string(want))
	}
	return nil
}

// isSyntaxError reports whether err is malformed JSON rather than a wrong field.
func isSyntaxError(err error) bool {
	var syn *json.SyntaxError
	return errors.As(err, &syn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// newService checks one service's settings as read from services.json.
func newService(name string, r *rawservice.Settings) (*Service, error) {
	s := &Service{Name: name}
	if err := checkStrings(r); err != nil {
		return nil, err
	}
	switch {
	case r.Token != nil && r.TokenSHA256 != nil:
		return nil, errors.New("field token: set token or token_sha256, not both")
	case r.TokenSHA256 != nil:
		if err := s.setTokenHash(*r.TokenSHA256); err != nil {
			return nil, fmt.Errorf("field token_sha256: %w", err)
		}
	case r.Token == nil && r.PingUUID != nil && (r.Ping == nil || *r.Ping):
		// A ping-only service: pinged by its ping_uuid, no check-in takes it.
	case r.Token == nil:
		return nil, errors.New("field token: missing (every service needs a token, or a ping_uuid for a ping-only service)")
	case *r.Token == "":
		return nil, errors.New("field token: must not be empty")
	default:
		s.WithToken(*r.Token)
	}
	if err := parseTiming(s, r); err != nil {
		return nil, err
	}
	var err error
	s.Grace = defaultGrace(s)
	if r.Grace != nil {
		if s.Grace, err = durationField(r.Grace); err != nil {
			return nil, fmt.Errorf("field grace: %w", err)
		}
	}
	if r.TolerateFailures != nil {
		s.TolerateFailures = *r.TolerateFailures
	}
	if r.Owner != nil {
		s.Owner = *r.Owner
	}
	if s.Icinga, err = icingaplace.Parse(r.Icinga); err != nil {
		return nil, err
	}
	if s.Ping, err = parsePing(r.PingUUID, r.Ping, r.PingMethods); err != nil {
		return nil, err
	}
	if r.Rate != nil {
		rate, err := ratelimit.Parse(*r.Rate)
		if err != nil {
			return nil, fmt.Errorf("field rate: %w", err)
		}
		s.Rate = &rate
	}
	if s.HistoryMaxBytes, err = historyMaxBytes(r.HistoryMaxBytes); err != nil {
		return nil, err
	}
	return s, nil
}

func syntaxError(data []byte, dec *json.Decoder, err error) error {
	offset := dec.InputOffset()
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		// A Decoder counts a value's offsets from where the value began; a whole-file
		// Unmarshal gives the offset in the file.
		if errors.As(json.Unmarshal(data, new(any)), &syn) {
			offset = syn.Offset
		}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%s: malformed JSON: unexpected end of file", position(data, int64(len(data))))
	}
	return fmt.Errorf("%s: malformed JSON: %s", position(data, offset), strings.TrimPrefix(err.Error(), "json: "))
}

// position turns a byte offset into "line L, column C", both counted from 1.
func position(data []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int64(len(before)-bytes.LastIndexByte(before, '\n')-1) + 1
	if col > 1 {
		col-- // the offset is just past the offending byte
	}
	return fmt.Sprintf("line %d, column %d", line, col)
}
