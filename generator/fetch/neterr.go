package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"syscall"
)

// ErrNetwork is a failure to reach a host at all: its name did not
// resolve, the connection was refused or cut, TLS failed, or it timed
// out. errors.As with *NetError gives which.
var ErrNetwork = errors.New("network")

// NetError says how reaching Host failed, in one line: "network: DNS
// lookup of example.org failed (no such host)".
type NetError struct {
	Kind string // "DNS lookup", "connection", "TLS", "timeout"
	Host string
	Err  error
}

func (e *NetError) Error() string {
	switch e.Kind {
	case "DNS lookup":
		return fmt.Sprintf("network: DNS lookup of %s failed (%s)", e.Host, cause(e.Err))
	case "timeout":
		return fmt.Sprintf("network: %s did not answer in time", e.Host)
	case "TLS":
		return fmt.Sprintf("network: TLS with %s failed (%s)", e.Host, cause(e.Err))
	}
	return fmt.Sprintf("network: could not connect to %s (%s)", e.Host, cause(e.Err))
}

func (e *NetError) Unwrap() []error { return []error{ErrNetwork, e.Err} }

// classify returns err as a *NetError when it is a network-level failure
// to reach host, and err unchanged otherwise. A cancelled context is not
// a network failure.
func classify(host string, err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, ErrForbiddenTarget) {
		return err
	}
	var ne *NetError
	if errors.As(err, &ne) {
		return err
	}
	var dns *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var recErr tls.RecordHeaderError
	var nerr net.Error
	switch {
	case errors.As(err, &dns):
		return &NetError{Kind: "DNS lookup", Host: host, Err: err}
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr), errors.As(err, &recErr):
		return &NetError{Kind: "TLS", Host: host, Err: err}
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &nerr) && nerr.Timeout():
		return &NetError{Kind: "timeout", Host: host, Err: err}
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EHOSTUNREACH),
		errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.ECONNABORTED):
		return &NetError{Kind: "connection", Host: host, Err: err}
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return &NetError{Kind: "connection", Host: host, Err: err}
	}
	return err
}

// cause is the innermost message of err: "no such host", "connection
// refused", without the layers that repeat the address.
func cause(err error) string {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return dns.Err
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno.Error()
	}
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err.Error()
		}
		err = u
	}
}
