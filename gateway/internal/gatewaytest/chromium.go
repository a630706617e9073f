package gatewaytest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"
)

// Chromium is a headless Chromium driven through the DevTools protocol on a pipe
// (--remote-debugging-pipe: commands on its fd 3, answers and events on its fd 4), so a test
// can load pages, type into forms and click as a user does, without chromedriver.
type Chromium struct {
	t       testing.TB
	in      *os.File // commands to Chromium
	msgs    chan map[string]any
	events  []map[string]any // events read while waiting for an answer
	nextID  int
	session string
}

// StartChromium starts headless Chromium (bin, from checkintest.RequireTool) with a profile of
// the test's own and opens a blank page; it is stopped when the test ends.
func StartChromium(t testing.TB, bin string) *Chromium {
	t.Helper()
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--remote-debugging-pipe", "--user-data-dir="+t.TempDir(), "about:blank")
	cmd.ExtraFiles = []*os.File{cmdR, outW}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	cmdR.Close()
	outW.Close()
	c := &Chromium{t: t, in: cmdW, msgs: make(chan map[string]any, 64)}
	go func() {
		defer close(c.msgs)
		r := bufio.NewReader(outR)
		for {
			b, err := r.ReadBytes(0)
			if err != nil {
				return
			}
			var m map[string]any
			if json.Unmarshal(b[:len(b)-1], &m) == nil {
				c.msgs <- m
			}
		}
	}()
	t.Cleanup(func() {
		cmdW.Close()
		cancel()
		_ = cmd.Wait()
		outR.Close()
		if t.Failed() {
			log := stderr.String()
			t.Logf("chromium's stderr (its end):\n%s", log[max(0, len(log)-4000):])
		}
	})
	target := c.call("Target.createTarget", map[string]any{"url": "about:blank"})
	attached := c.call("Target.attachToTarget", map[string]any{"targetId": target["targetId"], "flatten": true})
	c.session, _ = attached["sessionId"].(string)
	c.call("Page.enable", nil)
	return c
}

// call sends a command (to the page, once attached) and returns its result.
func (c *Chromium) call(method string, params map[string]any) map[string]any {
	c.t.Helper()
	c.nextID++
	id := c.nextID
	msg := map[string]any{"id": id, "method": method, "params": params}
	if c.session != "" {
		msg["sessionId"] = c.session
	}
	b, _ := json.Marshal(msg)
	if _, err := c.in.Write(append(b, 0)); err != nil {
		c.t.Fatalf("chromium %s: %v", method, err)
	}
	for {
		m := c.read(method)
		if got, ok := m["id"].(float64); ok && int(got) == id {
			if e, ok := m["error"]; ok {
				c.t.Fatalf("chromium %s: %v", method, e)
			}
			res, _ := m["result"].(map[string]any)
			return res
		}
		if _, ok := m["method"]; ok {
			c.events = append(c.events, m)
		}
	}
}

// read returns the next message, failing the test after 30 s.
func (c *Chromium) read(waitingFor string) map[string]any {
	c.t.Helper()
	select {
	case m, ok := <-c.msgs:
		if !ok {
			c.t.Fatalf("chromium ended while waiting for %s", waitingFor)
		}
		return m
	case <-time.After(30 * time.Second):
		c.t.Fatalf("chromium: no %s in 30 s", waitingFor)
		return nil
	}
}

// waitEvent waits for the page's event method (Page.loadEventFired, say).
func (c *Chromium) waitEvent(method string) {
	c.t.Helper()
	for i, e := range c.events {
		if e["method"] == method {
			c.events = append(c.events[:i:i], c.events[i+1:]...)
			return
		}
	}
	for {
		m := c.read(method)
		if m["method"] == method {
			return
		}
		if _, ok := m["method"]; ok {
			c.events = append(c.events, m)
		}
	}
}

// Navigate loads url and waits until the page (after any redirects) has loaded.
func (c *Chromium) Navigate(url string) {
	c.t.Helper()
	c.events = nil
	c.call("Page.navigate", map[string]any{"url": url})
	c.waitEvent("Page.loadEventFired")
}

// Eval evaluates a JavaScript expression in the page and returns its value as text. DevTools
// runs it whatever the page's Content-Security-Policy says; the page's own scripts stay
// forbidden.
func (c *Chromium) Eval(expr string) string {
	c.t.Helper()
	res := c.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true})
	if ex, ok := res["exceptionDetails"]; ok {
		c.t.Fatalf("chromium: %s: %v", expr, ex)
	}
	v, _ := res["result"].(map[string]any)
	return fmt.Sprint(v["value"])
}

// Submit evaluates expr, which must start a navigation (a click on a form's button), and waits
// until the page it leads to has loaded.
func (c *Chromium) Submit(expr string) {
	c.t.Helper()
	c.events = nil
	c.Eval(expr)
	c.waitEvent("Page.loadEventFired")
}
