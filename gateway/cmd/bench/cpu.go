package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// cpuTicks is CPU time in clock ticks, as /proc counts it, split by who spent it.
type cpuTicks struct {
	postgres, gateways, bench int64 // the server and its backends; the gateways; this program
	machine, idle             int64 // every core's time, and the idle part of it (iowait included)
}

func (a cpuTicks) sub(b cpuTicks) cpuTicks {
	return cpuTicks{a.postgres - b.postgres, a.gateways - b.gateways, a.bench - b.bench, a.machine - b.machine, a.idle - b.idle}
}

func (a cpuTicks) add(b cpuTicks) cpuTicks {
	return cpuTicks{a.postgres + b.postgres, a.gateways + b.gateways, a.bench + b.bench, a.machine + b.machine, a.idle + b.idle}
}

// String words the shares of the machine's time: what PostgreSQL, the gateways and the load
// generator took, what other programs took, and what was left idle.
func (a cpuTicks) String() string {
	if a.machine <= 0 {
		return "no CPU time measured"
	}
	share := func(t int64) float64 { return 100 * float64(t) / float64(a.machine) }
	others := a.machine - a.idle - a.postgres - a.gateways - a.bench
	return fmt.Sprintf("PostgreSQL %.0f%%, gateways %.0f%%, load generator %.0f%%, other programs %.0f%%, idle %.0f%%",
		share(a.postgres), share(a.gateways), share(a.bench), share(max(others, 0)), share(a.idle))
}

// clockTick is the unit of CPU times in /proc (USER_HZ, 100 a second on Linux).
const clockTick = 10 * time.Millisecond

// perItem words the CPU time PostgreSQL and the gateways spent on each of n items.
func (a cpuTicks) perItem(n int) string {
	if n <= 0 {
		return "nothing stored"
	}
	each := func(t int64) string {
		return fmt.Sprintf("%.0f µs", float64(time.Duration(t)*clockTick)/float64(n)/float64(time.Microsecond))
	}
	return fmt.Sprintf("PostgreSQL %s, gateways %s", each(a.postgres), each(a.gateways))
}

// procCPU is one process's times from /proc/<pid>/stat.
type procCPU struct {
	ppid                         int
	utime, stime, cutime, cstime int64
}

// parseStat reads the fields of a /proc/<pid>/stat line that sampleCPU needs. The command name
// in parentheses may hold spaces and parentheses, so the fields are counted from the last ')'.
func parseStat(line []byte) (procCPU, error) {
	i := bytes.LastIndexByte(line, ')')
	if i < 0 {
		return procCPU{}, fmt.Errorf("malformed stat line %q", line)
	}
	f := bytes.Fields(line[i+1:]) // f[0] is field 3 (state)
	if len(f) < 15 {
		return procCPU{}, fmt.Errorf("short stat line %q", line)
	}
	var p procCPU
	var err error
	num := func(field int) int64 {
		v, e := strconv.ParseInt(string(f[field-3]), 10, 64)
		if e != nil && err == nil {
			err = fmt.Errorf("stat field %d: %w", field, e)
		}
		return v
	}
	p.ppid = int(num(4))
	p.utime, p.stime, p.cutime, p.cstime = num(14), num(15), num(16), num(17)
	return p, err
}

// parseMachine reads the first line of /proc/stat: every core's time, and the idle part.
func parseMachine(b []byte) (total, idle int64, err error) {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	f := bytes.Fields(line)
	if len(f) < 9 || string(f[0]) != "cpu" {
		return 0, 0, fmt.Errorf("malformed /proc/stat line %q", line)
	}
	// user nice system idle iowait irq softirq steal; guest time is already in user.
	for k := 1; k <= 8; k++ {
		v, err := strconv.ParseInt(string(f[k]), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc/stat: %w", err)
		}
		total += v
		if k == 4 || k == 5 {
			idle += v
		}
	}
	return total, idle, nil
}

// sampleCPU reads the CPU time spent so far by the PostgreSQL server whose postmaster is pgPid
// (the postmaster, its children, and the children that already exited, which the postmaster's
// children's times hold; the children are in sessions of their own, so the process group does
// not find them), by the gateways, by this program and by the machine.
func sampleCPU(pgPid int, gateways []int) (cpuTicks, error) {
	var t cpuTicks
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return t, err
	}
	if t.machine, t.idle, err = parseMachine(b); err != nil {
		return t, err
	}
	if t.bench, err = procTicks("self"); err != nil {
		return t, err
	}
	for _, pid := range gateways {
		v, err := procTicks(strconv.Itoa(pid))
		if err != nil {
			return t, err
		}
		t.gateways += v
	}
	if pgPid == 0 {
		return t, nil
	}
	postmaster := fmt.Sprintf("/proc/%d/stat", pgPid)
	paths, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range paths {
		line, err := os.ReadFile(path)
		if err != nil {
			continue // the process exited meanwhile
		}
		p, err := parseStat(line)
		switch {
		case err != nil:
		case path == postmaster:
			t.postgres += p.utime + p.stime + p.cutime + p.cstime
		case p.ppid == pgPid:
			t.postgres += p.utime + p.stime
		}
	}
	return t, nil
}

// procTicks is the user and system time of one process.
func procTicks(pid string) (int64, error) {
	line, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0, err
	}
	p, err := parseStat(line)
	if err != nil {
		return 0, err
	}
	return p.utime + p.stime, nil
}
