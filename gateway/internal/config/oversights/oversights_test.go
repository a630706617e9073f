package oversights

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestFindOversights(t *testing.T) {
	tests := []struct {
		name     string
		services string
		want     Found
	}{
		{"own tokens", `{"a": {"token": "s3cret", "timeout": 1}}`, Found{}},
		{"no services", `{}`, Found{NoServices: true}},
		{"sample tokens", `{
			"z": {"token": "change-me-laptop", "timeout": 1},
			"a": {"token": "change-me-monthly", "timeout": 1},
			"m": {"token": "mine", "timeout": 1},
			"b": {"token_sha256": "` + sha256Hex("change-me-nightly") + `", "timeout": 1}}`,
			Found{SampleTokens: []string{"a", "b", "z"}}},
		{"similar but own token", `{"a": {"token": "change-me-laptop2", "timeout": 1}}`, Found{}},
		{"sample ping uuids", `{
			"z": {"token": "t", "timeout": 1, "ping_uuid": "5A0E8D3C-7B1F-4C29-9E4D-2F6A8B1C3D5E"},
			"a": {"token": "t", "timeout": 1, "ping_uuid": "00000000-0000-0000-0000-000000000000"},
			"m": {"token": "t", "timeout": 1, "ping_uuid": "aab22f1c-7f6c-4534-b067-83f1887f9f94"},
			"n": {"token": "t", "timeout": 1}}`,
			Found{SampleUUIDs: []string{"a", "z"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Parse([]byte(tt.services))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, Find(c)); diff != "" {
				t.Errorf("Find mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// Every token in the shipped services.json and in the README is known as a sample, so a copy
// of either is caught.
func TestSampleTokensCoverShippedFiles(t *testing.T) {
	data, err := os.ReadFile("../../../../services.json")
	if err != nil {
		t.Fatal(err)
	}
	var shipped map[string]struct{ Token string }
	if err := json.Unmarshal(data, &shipped); err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	tokens := regexp.MustCompile(`change-me[A-Za-z0-9-]*`).FindAllString(string(readme), -1)
	for _, s := range shipped {
		tokens = append(tokens, s.Token)
	}
	for _, token := range tokens {
		if !slices.Contains(sampleTokens, token) {
			t.Errorf("token %q of the shipped files is not in sampleTokens", token)
		}
	}
	c, err := config.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if got := Find(c).SampleTokens; len(got) != len(shipped) {
		t.Errorf("Find(shipped services.json).SampleTokens = %v; want all %d services", got, len(shipped))
	}
}

func TestOversightsLog(t *testing.T) {
	tests := []struct {
		name string
		o    Found
		want []string // lines, in order
	}{
		{"none", Found{}, nil},
		{"no services", Found{NoServices: true}, []string{
			`level=WARN msg="services.json configures no service; every check-in will be refused" config=/etc/s.json`}},
		{"sample tokens", Found{SampleTokens: []string{"a", "b c"}}, []string{
			`level=WARN msg="service still uses a sample token from the shipped services.json; give it a token of its own" service=a config=/etc/s.json`,
			`level=WARN msg="service still uses a sample token from the shipped services.json; give it a token of its own" service="b c" config=/etc/s.json`}},
		{"sample ping uuids", Found{SampleUUIDs: []string{"a"}}, []string{
			`level=WARN msg="service's ping_uuid is an example from the documentation; give it its own (checkin-gateway new-uuid prints one)" service=a config=/etc/s.json`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{
				ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
					if a.Key == slog.TimeKey {
						return slog.Attr{}
					}
					return a
				},
			}))
			tt.o.Log(log, "/etc/s.json")
			got := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
			if buf.Len() == 0 {
				got = nil
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Log mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// Every ping uuid shown in docs/pings.md, and the example in the ping_uuid error message, is
// known as a sample, so a copy of either is caught.
func TestSampleUUIDsCoverDocs(t *testing.T) {
	doc, err := os.ReadFile("../../../../docs/pings.md")
	if err != nil {
		t.Fatal(err)
	}
	uuid := regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	found := uuid.FindAllString(string(doc), -1)
	if len(found) == 0 {
		t.Fatal("docs/pings.md shows no ping uuid; the test looks in the wrong place")
	}
	_, msg := config.Parse([]byte(`{"a": {"token": "t", "timeout": 1, "ping_uuid": "x"}}`))
	found = append(found, uuid.FindAllString(msg.Error(), -1)...)
	for _, u := range found {
		if !slices.Contains(sampleUUIDHashes, sha256.Sum256([]byte(strings.ToLower(u)))) {
			t.Errorf("ping uuid %s of the docs is not in sampleUUIDs", u)
		}
	}
}
