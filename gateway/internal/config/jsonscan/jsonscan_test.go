package jsonscan

import (
	"bytes"
	"fmt"
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
			var got []string
			ok := Split([]byte(tt.data), tt.valid, func(e Entry) bool {
				got = append(got, string(e.Name)+"="+string(e.Raw))
				return true
			})
			if ok != tt.ok {
				t.Fatalf("Split(%s) ok = %v; want %v", tt.data, ok, tt.ok)
			}
			if !ok {
				return // the entries are not to be used
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

// TestSplitStops checks that each's false ends the scan there and refuses the data, so that a
// caller giving up on one member (a value it cannot decode) is sent to encoding/json.
func TestSplitStops(t *testing.T) {
	var seen []string
	ok := Split([]byte(`{"a": {}, "b": {}, "c": {}}`), func([]byte) bool { return true }, func(e Entry) bool {
		seen = append(seen, string(e.Name))
		return string(e.Name) != "b"
	})
	if ok || len(seen) != 2 {
		t.Errorf("Split stopped at b: ok = %v, saw %q; want false after a and b", ok, seen)
	}
}

// TestSplitBuildsNoList checks that Split hands members over without gathering them: a list
// of 100,000 members made a reload fault in megabytes of fresh memory (310 ms in make bench,
// 150-225 ms without it).
func TestSplitBuildsNoList(t *testing.T) {
	var doc bytes.Buffer
	doc.WriteString("{")
	for i := range 1000 {
		if i > 0 {
			doc.WriteString(",\n")
		}
		fmt.Fprintf(&doc, `"service-%04d": {"token": "t-%d", "timeout": "1h"}`, i, i)
	}
	doc.WriteString("}")
	data := doc.Bytes()
	anyKey := func([]byte) bool { return true }
	n := 0
	count := func(Entry) bool { n++; return true }
	allocs := testing.AllocsPerRun(10, func() {
		if !Split(data, anyKey, count) {
			t.Fatal("Split refused the document")
		}
	})
	if allocs != 0 || n != 11*1000 {
		t.Errorf("Split of 1,000 members: %v allocations a run, %d members in 11 runs; want 0 and 11000", allocs, n)
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
