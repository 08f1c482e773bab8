package config

import (
	"fmt"
	"strings"
	"time"
)

// MinRefresh is the shortest auto-refresh interval a profile may set:
// each refresh lists the clients and the tokens, two requests against an
// account limit of about 200 a minute that every other chatkeys and
// integration of the account shares.
const MinRefresh = 10 * time.Second

// ParseRefresh reads a profile's auto-refresh interval, a duration such
// as "30s" or "2m"; "" is none.
func ParseRefresh(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not an interval: give a duration such as \"30s\" or \"2m\"", s)
	}
	if d < MinRefresh {
		return 0, fmt.Errorf("%q is too often: each refresh makes two requests against the account's rate limit (about 200 a minute), so give %s or more", s, MinRefresh)
	}
	return d, nil
}
