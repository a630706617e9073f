package main

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

func TestPerItem(t *testing.T) {
	tests := []struct {
		name string
		t    cpuTicks
		n    int
		want string
	}{
		{"a second each over 10,000", cpuTicks{postgres: 100, gateways: 50}, 10_000, "PostgreSQL 100 µs, gateways 50 µs"},
		{"nothing stored", cpuTicks{postgres: 100}, 0, "nothing stored"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.t.perItem(tt.n); got != tt.want {
				t.Errorf("perItem(%d) = %q; want %q", tt.n, got, tt.want)
			}
		})
	}
}

func TestParseStat(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		want    procCPU
		wantErr bool
	}{
		{"postgres backend", "1200 (postgres) S 1123 1200 1200 0 -1 4194560 90 0 0 0 310 45 7 2 20 0 1 0 7634 2 3",
			procCPU{ppid: 1123, utime: 310, stime: 45, cutime: 7, cstime: 2}, false},
		{"name with spaces and parentheses", "42 (a (b) c) R 1 42 42 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0",
			procCPU{ppid: 1, utime: 5, stime: 6}, false},
		{"no name", "42 R 1 42", procCPU{}, true},
		{"cut short", "42 (x) R 1 42 42 0 -1 0 0 0 0 0 5", procCPU{}, true},
		{"not a number", "42 (x) R 1 42 42 0 -1 0 0 0 0 0 five 6 0 0 20 0 1 0", procCPU{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStat([]byte(tt.line))
			if (err != nil) != tt.wantErr || (!tt.wantErr && got != tt.want) {
				t.Errorf("parseStat(%q) = %+v, %v; want %+v, error %v", tt.line, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestParseMachine(t *testing.T) {
	tests := []struct {
		name               string
		text               string
		wantTotal, wantIdl int64
		wantErr            bool
	}{
		{"guest time not counted twice", "cpu  100 10 50 800 40 0 5 3 9 0\ncpu0 1 2 3 4 5 6 7 8 9 0\n", 1008, 840, false},
		{"a core's line first", "cpu0 1 2 3 4 5 6 7 8\n", 0, 0, true},
		{"too few fields", "cpu  1 2 3\n", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			total, idle, err := parseMachine([]byte(tt.text))
			if total != tt.wantTotal || idle != tt.wantIdl || (err != nil) != tt.wantErr {
				t.Errorf("parseMachine(%q) = %d, %d, %v; want %d, %d, error %v", tt.text, total, idle, err, tt.wantTotal, tt.wantIdl, tt.wantErr)
			}
		})
	}
}

func TestCPUShares(t *testing.T) {
	tests := []struct {
		name string
		t    cpuTicks
		want string
	}{
		{"busy machine", cpuTicks{postgres: 40, gateways: 30, bench: 10, machine: 100, idle: 5},
			"PostgreSQL 40%, gateways 30%, load generator 10%, other programs 15%, idle 5%"},
		{"nothing measured", cpuTicks{}, "no CPU time measured"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.t.String(); got != tt.want {
				t.Errorf("String() = %q; want %q", got, tt.want)
			}
		})
	}
}

// sampleCPU finds this program's own time, and the time of a server's children by their
// parent: here this test stands for the postmaster, and a shell spinning for its backend.
func TestSampleCPU(t *testing.T) {
	spin := func(d time.Duration) {
		for start := time.Now(); time.Since(start) < d; {
		}
	}
	a, err := sampleCPU(0, nil)
	if err != nil {
		t.Fatal(err)
	}
	spin(100 * time.Millisecond)
	b, err := sampleCPU(0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := b.sub(a); d.bench <= 0 || d.machine < d.bench || d.postgres != 0 {
		t.Errorf("sampleCPU over a busy loop: %+v; want this program's time, within the machine's", d)
	}

	child := exec.Command("sh", "-c", "end=$(($(date +%s) + 2)); while [ $(date +%s) -lt $end ]; do :; done")
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	c, err := sampleCPU(os.Getpid(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Wait(); err != nil {
		t.Fatal(err)
	}
	if d := c.sub(b); d.postgres <= d.bench {
		t.Errorf("a spinning child of the \"postmaster\": %+v; want its time counted beyond the parent's own", d)
	}
}
