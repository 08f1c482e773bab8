package format

import (
	"testing"
	"time"
)

func TestRelativeTimesReadAsTheDesignShowsThem(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { x := now.Add(d); return &x }
	cases := []struct{ got, want string }{
		{Ago(at(-3*24*time.Hour), now), "3d ago"},
		{Ago(at(-90*time.Minute), now), "1h ago"},
		{Ago(at(-2*time.Second), now), "just now"},
		{Ago(at(5*time.Hour), now), "in 5h"},
		{Ago(nil, now), "—"},
		{Expiry(at(5*time.Hour), now), "in 5h"},
		{Expiry(at(-2*24*time.Hour), now), "expired 2d ago"},
		{Expiry(at(-400*24*time.Hour), now), "expired 13mo ago"},
		{Expiry(nil, now), "never"},
		{Absolute(at(0)), "2026-11-22 12:00:00 UTC"},
		{Prefix("abcdefghij", 6), "abcdef…"},
		{Prefix("", 6), "—"},
		{Scopes(" read  write "), "read write"},
		{Scopes(""), "—"},
		{Span(3 * 365 * 24 * time.Hour), "3y"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: %q, want %q", i, c.got, c.want)
		}
	}
}

func TestFewOfNamesAFewAndCountsTheRest(t *testing.T) {
	cases := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b", "c"}, "a, b, c"},
		{[]string{"a", "b", "c", "d", "e"}, "a, b, c and 2 more"},
	}
	for _, c := range cases {
		if got := FewOf(c.in, 3); got != c.want {
			t.Errorf("%q: %q, want %q", c.in, got, c.want)
		}
	}
}
