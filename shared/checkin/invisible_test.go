package checkin

import "testing"

func TestShowInvisible(t *testing.T) {
	tests := []struct{ in, want string }{
		{"All OK", "All OK"},
		{"", ""},
		{"\u202EKO llA", `\u202EKO llA`},
		{"a\u200Bb\u200Cc\u200Dd\u2060e\uFEFF", `a\u200Bb\u200Cc\u200Dd\u2060e\uFEFF`},
		{"\u2066x\u2069 \u200E\u200F\u061C", `\u2066x\u2069 \u200E\u200F\u061C`},
		{"tag\U000E0041", `tag\U000E0041`},
		{"soft\u00ADhyphen", `soft\u00ADhyphen`},
		{"filler\u3164", `filler\u3164`},
		{"tab\tline\nkeep ü € 日本 \u2028", "tab\tline\nkeep ü € 日本 \u2028"},
		{`already \u202E text`, `already \u202E text`},
	}
	for _, tt := range tests {
		if got := ShowInvisible(tt.in); got != tt.want {
			t.Errorf("ShowInvisible(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
