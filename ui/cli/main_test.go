package cli

import (
	"os"
	"testing"

	"github.com/zalando/go-keyring"
)

// TestMain swaps go-keyring's OS backend for its in-memory mock, so that
// no test here can read or write the real keyring even if it forgets to
// inject one (the harnesses inject their own).
func TestMain(m *testing.M) {
	keyring.MockInit()
	os.Exit(m.Run())
}
