//go:build windows

package authflow

import (
	"errors"
	"syscall"
)

// wsaeaddrinuse is Winsock's "address already in use". Go's
// syscall.EADDRINUSE on Windows is an invented value that a failed
// listen never carries.
const wsaeaddrinuse = syscall.Errno(10048)

// isAddrInUse reports whether a listen failed because the port is taken.
func isAddrInUse(err error) bool {
	return errors.Is(err, wsaeaddrinuse) || errors.Is(err, syscall.EADDRINUSE)
}
