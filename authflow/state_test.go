package authflow

import (
	"encoding/base64"
	"testing"
)

func TestNewStateIs256RandomBitsInBase64URL(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		s, err := NewState()
		if err != nil {
			t.Fatal(err)
		}
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || len(b) != 32 {
			t.Fatalf("%q: %d bytes, %v", s, len(b), err)
		}
		if seen[s] {
			t.Fatal("a state came twice")
		}
		seen[s] = true
	}
}

func TestStatesEqualOnlyForTheSameNonEmptyState(t *testing.T) {
	cases := []struct {
		got, want string
		equal     bool
	}{
		{"abc", "abc", true},
		{"abd", "abc", false},
		{"ab", "abc", false},
		{"abcd", "abc", false},
		{"ABC", "abc", false},
		{"", "abc", false},
		{"", "", false}, // a listener without a state accepts nothing
	}
	for _, c := range cases {
		if statesEqual(c.got, c.want) != c.equal {
			t.Errorf("statesEqual(%q, %q) != %v", c.got, c.want, c.equal)
		}
	}
}
