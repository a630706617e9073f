package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeShowsShippedConfig keeps the documentation's copies of deploy/icinga2/ equal to the
// files TestIcinga loads: each file must appear whole, in a code block, in README.md or a
// docs/*.md page (docs/icinga.md shows them all).
func TestReadmeShowsShippedConfig(t *testing.T) {
	docs, err := filepath.Glob("../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, path := range append([]string{"../README.md"}, docs...) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(data)
	}
	for _, name := range shippedConfig {
		conf, err := os.ReadFile(filepath.Join("../deploy/icinga2", name))
		if err != nil {
			t.Fatal(err)
		}
		block := "`" + name + "`:\n\n```\n" + string(conf) + "```\n"
		if !strings.Contains(all.String(), block) {
			t.Errorf("neither README.md nor docs/*.md shows deploy/icinga2/%s as shipped; copy the file into its code block in docs/icinga.md", name)
		}
	}
}
