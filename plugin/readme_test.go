package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeShowsShippedConfig keeps the README's Icinga section equal to deploy/icinga2/, the
// files TestIcinga loads: each file must appear in it whole, in a code block.
func TestReadmeShowsShippedConfig(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range shippedConfig {
		conf, err := os.ReadFile(filepath.Join("../deploy/icinga2", name))
		if err != nil {
			t.Fatal(err)
		}
		block := "`" + name + "`:\n\n```\n" + string(conf) + "```\n"
		if !strings.Contains(string(readme), block) {
			t.Errorf("README.md does not show deploy/icinga2/%s as shipped; copy the file into its code block", name)
		}
	}
}
