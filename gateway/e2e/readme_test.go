package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// docPage is one page of the documentation: README.md or a docs/*.md file.
type docPage struct {
	name string // relative to the repository's root, like "docs/api.md"
	text string
}

// docPages reads README.md and every docs/*.md, README first, the others by name.
func docPages(t *testing.T) []docPage {
	t.Helper()
	docs, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	var pages []docPage
	for _, path := range append([]string{"../../README.md"}, docs...) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, docPage{name: strings.TrimPrefix(path, "../../"), text: string(data)})
	}
	return pages
}

// curlExample is a curl command of the documentation, with continuation lines joined.
type curlExample struct {
	page, cmd string
}

// docCurls returns the curl commands in text that talk to the gateway on 127.0.0.1:5000.
func docCurls(text string) []string {
	var cmds []string
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(line, "curl ") {
			continue
		}
		cmd := line
		for strings.HasSuffix(cmd, "\\") && i+1 < len(lines) {
			i++
			cmd = strings.TrimSuffix(cmd, "\\") + " " + strings.TrimSpace(lines[i])
		}
		if strings.Contains(cmd, "127.0.0.1:5000") {
			cmds = append(cmds, cmd)
		}
	}
	return cmds
}

// readmeCurls returns the curl examples of README.md and docs/*.md, in the order a reader meets
// them: the README first.
func readmeCurls(t *testing.T) []curlExample {
	t.Helper()
	var examples []curlExample
	for _, p := range docPages(t) {
		for _, cmd := range docCurls(p.text) {
			examples = append(examples, curlExample{page: p.name, cmd: cmd})
		}
	}
	return examples
}

func TestREADMECurlsFindsExamples(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{name: "one line", text: "```sh\ncurl -s http://127.0.0.1:5000/alive\n```\n",
			want: []string{"curl -s http://127.0.0.1:5000/alive"}},
		{name: "continued", text: "  curl -s -X POST http://127.0.0.1:5000/ \\\n    -d '{}' \\\n    -w x\n",
			want: []string{"curl -s -X POST http://127.0.0.1:5000/  -d '{}'  -w x"}},
		{name: "another host", text: "curl -s https://checkin.example.org/alive\n"},
		{name: "not a command", text: "Use curl to check in: see curl http://127.0.0.1:5000/\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := docCurls(tt.text)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("docCurls(%q) = %q; want %q", tt.text, got, tt.want)
			}
		})
	}
}

// Every curl example in README.md and docs/*.md works as written against a gateway started the
// way `make run` starts it (the sample services.json), only on another port.
func TestREADMECurlExamples(t *testing.T) {
	checkintest.RequireTool(t, "curl")
	examples := readmeCurls(t)
	perPage := map[string]int{}
	for _, ex := range examples {
		perPage[ex.page]++
	}
	// The pages that show the API and the deploy steps must keep examples the test can run.
	for page, least := range map[string]int{"README.md": 3, "docs/api.md": 4} {
		if perPage[page] < least {
			t.Errorf("found %d curl examples for 127.0.0.1:5000 in %s; want at least %d", perPage[page], page, least)
		}
	}
	p := startGateway(t, "../../services.json", filepath.Join(t.TempDir(), "checkins.db"))
	httpCode := regexp.MustCompile(`(?m)^[0-9]{3}$`)
	for _, ex := range examples {
		cmd := strings.ReplaceAll(ex.cmd, "127.0.0.1:5000", p.Addr)
		out, err := exec.Command("sh", "-c", cmd+" --fail-with-body --max-time 5").CombinedOutput()
		if err != nil {
			t.Errorf("%s: example failed: %s\n%v\n%s", ex.page, ex.cmd, err, out)
			continue
		}
		if m := httpCode.Find(out); m != nil && m[0] != '2' {
			t.Errorf("%s: example answered %s: %s\n%s", ex.page, m, ex.cmd, out)
		}
	}
}

// README.md stays short enough to read through: the reference lives in docs/.
func TestREADMEFitsOnAScreen(t *testing.T) {
	const most = 260
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); n >= most {
		t.Errorf("README.md has %d lines; keep it under %d and move reference text into docs/", n, most)
	}
}
