package daemon

import "testing"

// Addresses of the HOST:PORT form pass checkListenAddress.
func TestListenAddressAcceptsHostPort(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:5000", ":5000", "[::1]:5000", "localhost:0"} {
		if err := checkListenAddress(ok); err != nil {
			t.Errorf("checkListenAddress(%q) = %v; want nil", ok, err)
		}
	}
}
