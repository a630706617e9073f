package main

import (
	"encoding/json"
	"fmt"
	"os"
)

// services is a services file as written by writeServices: settings by service name.
type services map[string]map[string]any

// readServices reads a services file written by writeServices.
func readServices(path string) (services, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s services
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return s, nil
}

// write writes the services file to path.
func (s services) write(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// variant writes to dst the services of the file src, each changed by edit, plus extra; so
// that a row with other settings keeps the same names and tokens as the others.
func variant(src, dst string, edit func(settings map[string]any), extra services) error {
	s, err := readServices(src)
	if err != nil {
		return err
	}
	if edit != nil {
		for _, settings := range s {
			edit(settings)
		}
	}
	for name, settings := range extra {
		s[name] = settings
	}
	return s.write(dst)
}
