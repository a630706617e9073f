package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
)

// transportError turns a failed round trip into one line that says what went wrong where, and
// what to try.
func (c *Client) transportError(err error) *Error {
	var (
		dnsErr    *net.DNSError
		netErr    net.Error
		verifyErr *tls.CertificateVerificationError
		recordErr tls.RecordHeaderError
		alertErr  tls.AlertError
		unknownCA x509.UnknownAuthorityError
		hostErr   x509.HostnameError
		invalid   x509.CertificateInvalidError
	)
	switch {
	case errors.As(err, &dnsErr):
		reason := dnsErr.Err
		if dnsErr.IsNotFound {
			reason = "no such host"
		}
		return &Error{Kind: DNS, Msg: fmt.Sprintf("cannot resolve the gateway's host name %s: %s", dnsErr.Name, reason)}
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return &Error{Kind: Timeout, Msg: fmt.Sprintf("no answer from the gateway at %s within %v (--timeout)", c.where(), c.timeout)}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &Error{Kind: Unreachable, Msg: fmt.Sprintf("cannot reach the gateway at %s: connection refused (is checkin-gateway running and listening there?)", c.where())}
	case errors.As(err, &verifyErr):
		return c.tlsError(verifyErr.Err.Error() + "; trust its CA with --ca-file, or skip the check with --insecure")
	case errors.As(err, &unknownCA), errors.As(err, &hostErr), errors.As(err, &invalid):
		return c.tlsError(innermost(err) + "; trust its CA with --ca-file, or skip the check with --insecure")
	case errors.As(err, &recordErr), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return c.tlsError("the server does not speak TLS (try --protocol http)")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &Error{Kind: Unreachable, Msg: fmt.Sprintf("the gateway at %s closed the connection without an answer", c.where())}
	case errors.As(err, &alertErr):
		return c.tlsError("the server refused the handshake: " + alertErr.Error())
	}
	return &Error{Kind: Unreachable, Msg: fmt.Sprintf("cannot reach the gateway at %s: %s", c.where(), innermost(err))}
}

func (c *Client) tlsError(reason string) *Error {
	return &Error{Kind: TLS, Msg: fmt.Sprintf("TLS failure with the gateway at %s: %s", c.where(), reason)}
}

// innermost drops the wrappers ("Get \"http://...\": dial tcp ...:") that repeat what the
// message says already, keeping the cause.
func innermost(err error) string {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Err != nil {
		err = opErr.Err
	}
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}
