package config

import (
	"testing"
	"time"
)

func TestServiceRate(t *testing.T) {
	c, err := Parse([]byte(`{"a": {"token": "t", "timeout": 60, "rate": "10/m burst 5"}, "b": {"token": "t", "timeout": 60},
		"c": {"token": "t", "timeout": 60, "rate": "off", "owner": "escaped\u00e9"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if r := c.Service("a").Rate; r == nil || r.Every != 6*time.Second || r.Burst != 5 {
		t.Errorf("a's rate = %v; want 10/m burst 5", r)
	}
	if r := c.Service("b").Rate; r != nil {
		t.Errorf("b's rate = %v; want nil (the gateway's default)", r)
	}
	if r := c.Service("c").Rate; r == nil || !r.Off() {
		t.Errorf("c's rate = %v; want off", r)
	}
	checkParseErrors(t, []parseErrorCase{
		{"bad rate", `{"a": {"token": "t", "timeout": 60, "rate": "often"}}`, []string{`service "a"`, "field rate", `"often"`, "10/m"}},
		{"burst 1", `{"a": {"token": "t", "timeout": 60, "rate": "1/h burst 1"}}`, []string{`service "a"`, "field rate", "start and finish"}},
		{"number", `{"a": {"token": "t", "timeout": 60, "rate": 5}}`, []string{`service "a"`, "field rate", "a string"}},
	})
}
