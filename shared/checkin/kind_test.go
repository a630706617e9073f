package checkin

import "testing"

func TestKindText(t *testing.T) {
	for _, k := range []Kind{KindReport, KindStart, KindLog} {
		b, err := k.MarshalText()
		if err != nil {
			t.Fatalf("MarshalText(%v): %v", k, err)
		}
		var back Kind
		if err := back.UnmarshalText(b); err != nil || back != k {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", b, back, err, k)
		}
	}
	if _, err := Kind(9).MarshalText(); err == nil {
		t.Error("MarshalText(Kind(9)) succeeded; want an error")
	}
	var k Kind
	if err := k.UnmarshalText([]byte("START")); err == nil {
		t.Error(`UnmarshalText("START") succeeded; want an error (names are lower case)`)
	}
}

func TestValidRunID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"", false},
		{"a", true},
		{"3f2504e0-4f89-41d3-9a0c-0305e82c3301", true},
		{"run_1", false},
		{"run 1", false},
		{string(make([]byte, 65)), false},
		{"ABC-def-123", true},
	}
	for _, tt := range tests {
		if got := ValidRunID(tt.id); got != tt.want {
			t.Errorf("ValidRunID(%q) = %v; want %v", tt.id, got, tt.want)
		}
	}
}
