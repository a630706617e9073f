package config

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// utf16Bytes encodes s as UTF-16 in the byte order given, with a byte-order mark when bom is set.
func utf16Bytes(s string, order binary.AppendByteOrder, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xfeff}, units...)
	}
	var out []byte
	for _, u := range units {
		out = order.AppendUint16(out, u)
	}
	return out
}

const encodedServices = `{"backup": {"token": "tëst", "timeout": "1d"}}`

func TestParseUTF8ByteOrderMark(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"without mark", encodedServices},
		{"with mark", "\xef\xbb\xbf" + encodedServices},
		{"with mark and leading blank lines", "\xef\xbb\xbf\r\n\r\n" + encodedServices},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatalf("Parse(%q) = %v; want it to load", tt.in, err)
			}
			if s := c.Service("backup"); s == nil || !s.Authorize("tëst") {
				t.Errorf("Parse(%q): service backup missing or its token is not tëst", tt.in)
			}
		})
	}
}

// With a byte-order mark, malformed JSON is still reported at the line and column an editor shows.
func TestParseUTF8ByteOrderMarkKeepsPositions(t *testing.T) {
	in := "{\n  \"a\": {\"token\": \"t\",\n   \"timeout\": 1,}\n}"
	for _, data := range []string{in, "\xef\xbb\xbf" + in} {
		_, err := Parse([]byte(data))
		if err == nil || !strings.Contains(err.Error(), "line 3, column 17") {
			t.Errorf("Parse(%q) = %v; want an error at line 3, column 17", data, err)
		}
	}
}

func TestParseUTF16(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
	}{
		{"little endian with mark", utf16Bytes(encodedServices, binary.LittleEndian, true)},
		{"big endian with mark", utf16Bytes(encodedServices, binary.BigEndian, true)},
		{"little endian without mark", utf16Bytes(encodedServices, binary.LittleEndian, false)},
		{"big endian without mark", utf16Bytes(encodedServices, binary.BigEndian, false)},
		{"little endian, blank line first", utf16Bytes("\r\n"+encodedServices, binary.LittleEndian, false)},
		{"only a mark", utf16Bytes("", binary.LittleEndian, true)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in)
			if err == nil || err.Error() != "services.json is UTF-16; save it as UTF-8" {
				t.Errorf("Parse(% x) = %v; want \"services.json is UTF-16; save it as UTF-8\"", tt.in[:min(4, len(tt.in))], err)
			}
		})
	}
}

func TestLoadFileUTF16NamesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "services.json")
	if err := os.WriteFile(path, utf16Bytes(encodedServices, binary.LittleEndian, true), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(path)
	if want := path + ": services.json is UTF-16; save it as UTF-8"; err == nil || err.Error() != want {
		t.Errorf("LoadFile = %v; want %q", err, want)
	}
}
