package checkintest

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
)

func TestFreeAddrAndPortCanBeListenedOn(t *testing.T) {
	for _, addr := range []string{FreeAddr(t), fmt.Sprintf("127.0.0.1:%d", FreePort(t))} {
		if !strings.HasPrefix(addr, "127.0.0.1:") {
			t.Errorf("free address %q; want one on 127.0.0.1", addr)
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Errorf("listen on free address %s: %v", addr, err)
			continue
		}
		ln.Close()
	}
}

func TestSyncBufferKeepsConcurrentWrites(t *testing.T) {
	var b SyncBuffer
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				fmt.Fprint(&b, "x")
				_ = b.String()
			}
		})
	}
	wg.Wait()
	if got := len(b.String()); got != 800 {
		t.Errorf("len(String()) = %d; want 800", got)
	}
}

func TestRequireToolFindsAnInstalledProgram(t *testing.T) {
	if path := RequireTool(t, "sh"); path == "" {
		t.Errorf(`RequireTool(t, "sh") = ""; want its path`)
	}
}
