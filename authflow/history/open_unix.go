//go:build unix

package history

import (
	"os"
	"syscall"
)

// openAppend opens path for appending, creating it 0600, without
// following a final symbolic link and without blocking on a FIFO.
// Reading is allowed too, to look at the last byte.
func openAppend(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o600)
}

// openRead opens path for reading, with openAppend's care.
func openRead(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
}
