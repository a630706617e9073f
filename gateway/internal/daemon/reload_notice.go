package daemon

import (
	"fmt"
	"sync/atomic"
	"time"
)

// reloadNotice keeps the last configuration reload's failure for the status pages' banner, so
// that an operator who never reads the log still sees that the edited services.json is not in
// force. A successful reload clears it.
type reloadNotice struct {
	text atomic.Pointer[string]
}

// set records a reload's outcome: err nil clears the notice.
func (n *reloadNotice) set(err error, at time.Time) {
	if err == nil {
		n.text.Store(nil)
		return
	}
	msg := fmt.Sprintf("The reload of services.json at %s failed, so the gateway still runs the configuration it had before: %v",
		at.UTC().Format("2006-01-02 15:04:05 UTC"), err)
	n.text.Store(&msg)
}

// current is the banner's text, "" when the last reload succeeded (or there was none).
func (n *reloadNotice) current() string {
	if p := n.text.Load(); p != nil {
		return *p
	}
	return ""
}
