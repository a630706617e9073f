package jsonscan

import (
	"bytes"
	"testing"
)

func TestSplit(t *testing.T) {
	anyKey := func([]byte) bool { return true }
	tests := []struct {
		name, data string
		valid      func([]byte) bool
		want       []string // key=value pairs, when ok
		ok         bool
	}{
		{"empty object", " {\n} ", anyKey, nil, true},
		{"two members", `{"a": {"x": 1}, "b":{"y":{"z":[1,"}"]}}}`, anyKey, []string{`a={"x": 1}`, `b={"y":{"z":[1,"}"]}}`}, true},
		{"escaped brace in a string", `{"a": {"x": "\"}"}}`, anyKey, []string{`a={"x": "\"}"}`}, true},
		{"escape in a key", `{"a\u0041": {}}`, anyKey, nil, false},
		{"key refused", `{"a": {}}`, func(k []byte) bool { return !bytes.Equal(k, []byte("a")) }, nil, false},
		{"value not an object", `{"a": 1}`, anyKey, nil, false},
		{"trailing text", `{"a": {}} x`, anyKey, nil, false},
		{"not an object", `[]`, anyKey, nil, false},
		{"unterminated", `{"a": {"x": 1}`, anyKey, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, ok := Split([]byte(tt.data), tt.valid)
			if ok != tt.ok {
				t.Fatalf("Split(%s) ok = %v; want %v", tt.data, ok, tt.ok)
			}
			if !ok {
				return // the entries are not to be used
			}
			var got []string
			for _, e := range entries {
				got = append(got, string(e.Name)+"="+string(e.Raw))
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Split(%s) = %q; want %q", tt.data, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("Split(%s)[%d] = %q; want %q", tt.data, i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestValueEnd(t *testing.T) {
	tests := []struct {
		value string
		end   int // -1: refused
	}{
		{`"plain"`, 7}, {`"é"`, 4}, {`"a\"b"`, -1}, {"\"\x01\"", -1}, {"\"\xff\"", -1},
		{`0`, 1}, {`-12,`, 3}, {`-`, -1}, {`1.5`, 1}, {`true}`, 4}, {`false`, 5}, {`null`, 4},
		{`nul`, -1}, {`{}`, -1}, {``, -1},
	}
	for _, tt := range tests {
		end, ok := ValueEnd([]byte(tt.value), 0)
		if !ok {
			end = -1
		}
		if end != tt.end {
			t.Errorf("ValueEnd(%q) = %d, %v; want %d", tt.value, end, ok, tt.end)
		}
	}
}
