//go:build !unix

package history

import "os"

// openAppend opens path for appending, creating it 0600; what was opened
// is checked after.
func openAppend(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
}

// openRead opens path for reading; what was opened is checked after.
func openRead(path string) (*os.File, error) { return os.Open(path) }
