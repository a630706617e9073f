package listen

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A busy HTTP/2 connection (TLS), never without a request under way, does not hold up the
// stop: Shutdown ends it gracefully, and requests in flight are answered.
func TestDrainHTTP2(t *testing.T) {
	// busy is closed once the clients below keep the connection busy: five requests arrived.
	var arrived atomic.Int64
	busy := make(chan struct{})
	var busyOnce sync.Once
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if arrived.Add(1) >= 5 { // the first request, then the clients'
			busyOnce.Do(func() { close(busy) })
		}
		time.Sleep(100 * time.Millisecond) // a slow request
		w.WriteHeader(http.StatusNoContent)
	}))
	d := NewDrainer(ts.Listener)
	ts.Listener = d.Listener()
	ts.Config.ConnState = d.Track
	ts.EnableHTTP2 = true
	ts.StartTLS()
	defer ts.Close()

	client := ts.Client()
	resp, err := client.Get(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 {
		t.Fatalf("test client spoke HTTP/%d; want 2", resp.ProtoMajor)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() { // keep the one HTTP/2 connection busy
			defer wg.Done()
			time.Sleep(time.Duration(i) * 25 * time.Millisecond)
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := client.Get(ts.URL)
				if err != nil {
					return
				}
				resp.Body.Close()
				if resp.StatusCode >= 500 {
					t.Errorf("answer during the stop = %d", resp.StatusCode)
				}
			}
		}()
	}
	select {
	case <-busy:
	case <-time.After(10 * time.Second):
		t.Fatal("the clients' requests did not arrive within 10s")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := d.Stop(ctx, ts.Config); err != nil {
		t.Errorf("stop with a busy HTTP/2 connection = %v; want nil before the deadline", err)
	}
	close(stop)
	wg.Wait()
}

// slowFailListener returns Accept's errors late, as a busy machine may: Serve is then still
// running when Shutdown starts.
type slowFailListener struct{ net.Listener }

func (l slowFailListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		time.Sleep(100 * time.Millisecond)
	}
	return c, err
}

// Stopping never fails on its own listener: the drainer closes it to stop accepting, and
// Shutdown closes it again when Serve has not returned yet ("use of closed network
// connection" made a clean SIGTERM exit 1).
func TestDrainStopWhileServeIsReturning(t *testing.T) {
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	d := NewDrainer(slowFailListener{ts.Listener})
	srv := ts.Config
	srv.ConnState = d.Track
	served := make(chan error, 1)
	go func() { served <- srv.Serve(d.Listener()) }()
	resp, err := http.Get("http://" + ts.Listener.Addr().String()) // Serve is accepting
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := d.Stop(ctx, srv); err != nil {
		t.Errorf("stop = %v; want nil", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
		t.Errorf("Serve = %v; want ErrServerClosed or net.ErrClosed", err)
	}
}
