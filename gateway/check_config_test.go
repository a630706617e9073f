package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/alecthomas/kong"
)

// utf16LE is s in UTF-16, little endian with a byte-order mark, as Notepad once saved it.
func utf16LE(s string) string {
	out := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return string(out)
}

// check-config accepts what serve accepts and refuses what serve refuses, with serve's message.
func TestCheckConfig(t *testing.T) {
	dir := t.TempDir()
	sample, err := filepath.Abs(filepath.Join("..", "services.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		services   string // written to a file; empty means the file is missing
		file       string // use this file instead
		wantErr    string // contained in the error; empty for a valid file
		wantStdout string // with FILE for the file's path
		wantWarn   []string
	}{
		{name: "valid", services: testServices, wantStdout: "FILE: valid, 1 service\n"},
		{name: "shipped sample", file: sample, wantStdout: "FILE: valid, 3 services\n",
			wantWarn: []string{"service=laptop-update", "service=monthly-backup", "service=nightly-backup"}},
		{name: "no services", services: "{}", wantStdout: "FILE: valid, 0 services\n",
			wantWarn: []string{"configures no service"}},
		{name: "with UTF-8 byte-order mark", services: "\xef\xbb\xbf" + testServices, wantStdout: "FILE: valid, 1 service\n"},
		{name: "missing", wantErr: "no such file"},
		{name: "malformed", services: "{\n \"backup\": {\"token\": \"x\", \"timeout\": 1,}\n}", wantErr: "line 2, column"},
		{name: "unknown key", services: `{"backup": {"token": "x", "timeout": 1, "tmeout": 2}}`, wantErr: `service "backup": unknown field "tmeout"`},
		{name: "UTF-16", services: utf16LE(testServices), wantErr: "services.json is UTF-16; save it as UTF-8"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = filepath.Join(dir, strings.Repeat("x", i+1)+".json")
				if tt.services != "" {
					writeFile(t, file, tt.services)
				}
			}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), []string{"check-config", "--config", file}, func(string) string { return "" }, &stdout, &stderr)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("check-config = %v; want an error mentioning %q", err, tt.wantErr)
				}
				// serve refuses to start with the very same message.
				serveErr := run(context.Background(), []string{"serve", "--config", file, "--db", filepath.Join(t.TempDir(), "c.db"),
					"--listen", "127.0.0.1:0"}, func(string) string { return "" }, &bytes.Buffer{}, &bytes.Buffer{})
				if serveErr == nil || serveErr.Error() != err.Error() {
					t.Errorf("serve = %v; check-config = %v; want the same message", serveErr, err)
				}
				if stdout.Len() > 0 {
					t.Errorf("check-config printed %q for an invalid file", stdout.String())
				}
				return
			}
			if err != nil {
				t.Fatalf("check-config = %v; want nil", err)
			}
			if want := strings.ReplaceAll(tt.wantStdout, "FILE", file); stdout.String() != want {
				t.Errorf("check-config printed %q; want %q", stdout.String(), want)
			}
			warnings := regexp.MustCompile(`(?m)^.*level=WARN.*$`).FindAllString(stderr.String(), -1)
			if len(warnings) != len(tt.wantWarn) {
				t.Errorf("check-config logged %d warnings; want %d:\n%s", len(warnings), len(tt.wantWarn), stderr.String())
			}
			for _, w := range tt.wantWarn {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("check-config's warnings lack %q:\n%s", w, stderr.String())
				}
			}
			if strings.Contains(stderr.String(), "change-me") {
				t.Errorf("check-config logged a token:\n%s", stderr.String())
			}
		})
	}
}

// `checkin-gateway --help` lists every command on one line of its own and tells where serve's
// flags are.
func TestHelpListsEveryCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, func(string) string { return "" }, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	help := stdout.String()
	parser, err := kong.New(&cli{})
	if err != nil {
		t.Fatal(err)
	}
	commands := parser.Model.Leaves(true)
	if len(commands) < 4 {
		t.Fatalf("the command line has %d commands; want at least 4", len(commands))
	}
	for _, cmd := range commands {
		line := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(cmd.Name) + ` {2,}(.*)$`).FindStringSubmatch(help)
		if line == nil || line[1] != cmd.Help {
			t.Errorf("--help has no line %q followed by its help %q:\n%s", cmd.Name, cmd.Help, help)
		}
	}
	for _, l := range strings.Split(help, "\n") {
		if len(l) > 100 {
			t.Errorf("--help line longer than 100 characters: %q", l)
		}
	}
	if !strings.Contains(help, `"checkin-gateway serve --help"`) {
		t.Errorf("--help does not say how to see serve's flags:\n%s", help)
	}
	// serve's own help lists its flags.
	stdout.Reset()
	if err := run(context.Background(), []string{"serve", "--help"}, func(string) string { return "" }, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"--listen", "--config", "--db", "--tls-cert"} {
		if !strings.Contains(stdout.String(), flag) {
			t.Errorf("serve --help lacks %s:\n%s", flag, stdout.String())
		}
	}
}

// check-config reads the ping key file as serve does at start (flag or CHECKIN_PING_KEY_FILE,
// which the unit's ExecReload passes), so a key that would stop the next start is found before.
func TestCheckConfigPingKeyFile(t *testing.T) {
	const key = "pk-secret-0123456789abcdef"
	dir := t.TempDir()
	services := filepath.Join(dir, "services.json")
	writeFile(t, services, testServices)
	keyFile := func(name, content string, mode os.FileMode) string {
		path := filepath.Join(dir, name)
		writeFile(t, path, content)
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := keyFile("good.key", key+"\n", 0o640)
	short := keyFile("short.key", "pk-secret-short\n", 0o600)
	exposed := keyFile("open.key", key+"\n", 0o644)
	missing := filepath.Join(dir, "missing.key")
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantErr  []string // all in the error; none for a valid key
		wantWarn string   // in the log; "" for no warning
	}{
		{"no key file", nil, nil, nil, ""},
		{"good key", []string{"--ping-key-file", good}, nil, nil, ""},
		{"good key from the environment", nil, map[string]string{"CHECKIN_PING_KEY_FILE": good}, nil, ""},
		{"short key", []string{"--ping-key-file", short}, nil, []string{"--ping-key-file", short, "at least 22"}, ""},
		{"short key from the environment", nil, map[string]string{"CHECKIN_PING_KEY_FILE": short}, []string{"--ping-key-file", "at least 22"}, ""},
		{"missing file", []string{"--ping-key-file", missing}, nil, []string{"--ping-key-file", missing, "no such file"}, ""},
		{"readable by everyone", []string{"--ping-key-file", exposed}, nil, nil, "every user of this host can read the ping key file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"check-config", "--config", services}, tt.args...)
			err := run(context.Background(), args, func(k string) string { return tt.env[k] }, &stdout, &stderr)
			if tt.wantErr == nil && err != nil {
				t.Fatalf("check-config %q = %v; want nil", tt.args, err)
			}
			if tt.wantErr != nil && err == nil {
				t.Fatalf("check-config %q = nil; want an error", tt.args)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("check-config %q = %v; want it to contain %q", tt.args, err, w)
				}
			}
			if warned := strings.Contains(stderr.String(), "level=WARN msg=\"every user"); warned != (tt.wantWarn != "") {
				t.Errorf("check-config %q logged:\n%s\nwant a warning %v", tt.args, stderr.String(), tt.wantWarn != "")
			}
			if out := stdout.String() + stderr.String() + fmt.Sprint(err); strings.Contains(out, "pk-secret") {
				t.Errorf("check-config shows the ping key: %s", out)
			}
		})
	}
}
