package chatsim

const alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomString returns n alphanumerics from the seeded generator. The
// simulator's values are predictable from the seed by design: they are
// demo and test credentials on loopback, never real ones. Callers hold mu.
func (s *Sim) randomString(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphanumerics[s.rng.IntN(len(alphanumerics))]
	}
	return string(b)
}

// Lengths of generated values, as in the seeds' examples.
const (
	identifierLen   = 50
	secretLen       = 64
	secretPrefixLen = 8
	tokenLen        = 64
	codeLen         = 20
)
