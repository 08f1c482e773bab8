//go:build !unix

package privfile

import "os"

// openNoFollow opens path for reading; Read checks what was opened.
func openNoFollow(path string) (*os.File, error) { return os.Open(path) }
