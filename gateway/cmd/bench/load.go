package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"strconv"
	"time"
)

// loadResult is one load run: how many requests were answered as expected and how fast.
type loadResult struct {
	requests int
	elapsed  time.Duration
	p50, p99 time.Duration
}

func (r loadResult) perSecond() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// request builds the i-th request a connection sends.
type request func(conn, i int) []byte

// runLoad keeps conns keep-alive connections busy for d, each sending one request at a time,
// and fails on any answer whose status is not want. It speaks just enough HTTP/1.1 to stay
// cheap, so that the load generator takes as little of the machine as it can.
func runLoad(addr string, conns int, d time.Duration, req request, want int) (loadResult, error) {
	all, _, err := runSplit([]string{addr}, conns, d, req, want)
	return all, err
}

func pct(sorted []time.Duration, p float64) time.Duration {
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p))]
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func worker(addr string, c int, deadline time.Time, req request, want int) ([]time.Duration, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	br := bufio.NewReaderSize(conn, 16<<10)
	lat := make([]time.Duration, 0, 1<<14)
	for i := 0; ; i++ {
		t := time.Now()
		if t.After(deadline) {
			return lat, nil
		}
		if _, err := conn.Write(req(c, i)); err != nil {
			return lat, fmt.Errorf("send: %w", err)
		}
		code, err := readResponse(br)
		if err != nil {
			return lat, fmt.Errorf("read answer: %w", err)
		}
		if code != want {
			return lat, fmt.Errorf("answer %d; want %d", code, want)
		}
		lat = append(lat, time.Since(t))
	}
}

// readResponse reads one answer (status line, headers, a Content-Length body) and returns its
// status code.
func readResponse(br *bufio.Reader) (int, error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, fmt.Errorf("malformed status line %q", line)
	}
	code, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, fmt.Errorf("malformed status line %q", line)
	}
	length := 0
	for {
		h, err := br.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if len(h) <= 2 {
			break
		}
		if k, v, ok := bytes.Cut(h, []byte(":")); ok {
			switch {
			case bytes.EqualFold(k, []byte("Content-Length")):
				if length, err = strconv.Atoi(string(bytes.TrimSpace(v))); err != nil {
					return 0, fmt.Errorf("malformed Content-Length %q", v)
				}
			case bytes.EqualFold(k, []byte("Transfer-Encoding")):
				return 0, fmt.Errorf("chunked answers are not supported")
			}
		}
	}
	if _, err := br.Discard(length); err != nil {
		return 0, err
	}
	return code, nil
}
