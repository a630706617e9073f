package servicefile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// appConfigFile is the older gateway's own settings file in its config/ folder; it holds no
// services.
const appConfigFile = "config.json"

// Read reads the older gateway's services from its services.json, or from a
// config/ folder of *.json files merged in name order (a service in a later file replaces the
// one of the same name before it). Settings other than token, timeout and owner are listed in
// the returned Dropped list; special_type marks the service unsupported.
func Read(path string) ([]Service, []Listed, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, fmt.Errorf("older gateway's services: %w", err)
	}
	files := []string{path}
	if fi.IsDir() {
		if files, err = filepath.Glob(filepath.Join(path, "*.json")); err != nil {
			return nil, nil, fmt.Errorf("list %s: %w", path, err)
		}
		sort.Strings(files)
	}
	byName := map[string]Service{}
	dropped := map[string][]Listed{}
	var order []string
	for _, f := range files {
		if fi.IsDir() && filepath.Base(f) == appConfigFile {
			continue
		}
		data, err := readFile(f)
		if err != nil {
			return nil, nil, fmt.Errorf("read older gateway's services: %w", err)
		}
		svcs, drops, err := parseServiceFile(data)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, s := range svcs {
			if _, seen := byName[s.Name]; !seen {
				order = append(order, s.Name)
			}
			byName[s.Name] = s
			dropped[s.Name] = drops[s.Name]
		}
	}
	sort.Strings(order)
	out := make([]Service, 0, len(order))
	var drops []Listed
	for _, name := range order {
		out = append(out, byName[name])
		drops = append(drops, dropped[name]...)
	}
	return out, drops, nil
}

// MaxFileBytes is the largest services file read: thousands of services fit in a fraction.
const MaxFileBytes = 16 << 20

// readFile reads a regular file of at most MaxFileBytes. A folder copied from another box may
// hold a FIFO or a link to a device under a *.json name, which would block or never end.
func readFile(path string) ([]byte, error) {
	fi, err := os.Stat(path) // before opening: opening a FIFO waits for a writer
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%s)", path, fi.Mode().Type())
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("%s is larger than %d MiB: not a services file", path, MaxFileBytes>>20)
	}
	return data, nil
}

// parseServiceFile reads one services file of the older gateway: {"name": {"token": ...,
// "timeout": ..., "owner": ...}, ...}.
func parseServiceFile(data []byte) ([]Service, map[string][]Listed, error) {
	var raw map[string]map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, nil, fmt.Errorf("want a JSON object of services, each an object of settings: %w", err)
	}
	var out []Service
	dropped := map[string][]Listed{}
	for name, fields := range raw {
		s := Service{Name: name}
		for key, value := range fields {
			v := jsonValue(value)
			switch strings.ToLower(key) {
			case "token":
				s.Token, _ = v.(string)
			case "timeout":
				s.Timeout = v
			case "owner":
				s.Owner, _ = v.(string)
			case "special_type":
				s.SpecialType, _ = v.(string)
			default:
				dropped[name] = append(dropped[name], Listed{Service: name, Value: key + "=" + string(value),
					Reason: "setting " + key + " has no counterpart here and is left out"})
			}
		}
		sort.Slice(dropped[name], func(i, j int) bool { return dropped[name][i].Value < dropped[name][j].Value })
		out = append(out, s)
	}
	return out, dropped, nil
}

// jsonValue decodes one setting: a string, a number as int64 or float64, anything else as
// its JSON text (which Convert then refuses with the value shown).
func jsonValue(raw json.RawMessage) any {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return string(raw)
	}
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return n
		}
		if f, err := v.Float64(); err == nil {
			return f
		}
		return v.String()
	case nil:
		return nil
	}
	return []byte(raw) // []byte is shown quoted, so the listing shows the JSON as written
}
