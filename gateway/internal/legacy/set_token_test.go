package legacy

import "testing"

func TestSetToken(t *testing.T) {
	const hashOfNew = "11507a0e2f5e69d5dfa40a62a1bd7b6ee57e6bcd85c67c9b8431b36fff21c437"
	tests := []struct {
		name, raw string
		hash      bool
		want      string
	}{
		{"token in place", `{"timeout": "1d", "token": "old", "owner": "x"}`, false, `{"timeout": "1d", "token": "new", "owner": "x"}`},
		{"hash replaces a token", `{"token": "old", "timeout": "1d"}`, true, `{"token_sha256": "` + hashOfNew + `", "timeout": "1d"}`},
		{"token replaces a hash", `{"token_sha256": "ab", "timeout": 60}`, false, `{"token": "new", "timeout": 60}`},
		{"ping-only gets one", `{"timeout": "1d", "ping_uuid": "u"}`, false, `{"token": "new", "timeout": "1d", "ping_uuid": "u"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ParseExisting([]byte(`{"s": ` + tt.raw + `}`))
			if err != nil {
				t.Fatal(err)
			}
			if err := e.SetToken("s", "new", tt.hash); err != nil {
				t.Fatal(err)
			}
			if got := string(e.Raw["s"]); got != tt.want {
				t.Errorf("SetToken(%s) = %s; want %s", tt.raw, got, tt.want)
			}
		})
	}
}
