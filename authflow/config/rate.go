package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Rate is a limit of N requests per span.
type Rate struct {
	N   int
	Per time.Duration
}

// ParseRate reads a rate as N, N/min, N/s, N/h or N/<duration> (such as
// 50/10s): N requests per that span, a bare N per minute. 0, or "",
// means none.
func ParseRate(s string) (Rate, error) {
	if strings.TrimSpace(s) == "" {
		return Rate{}, nil
	}
	n, per, err := parseRate(s)
	return Rate{n, per}, err
}

func parseRate(s string) (n int, per time.Duration, err error) {
	count, span, found := strings.Cut(strings.TrimSpace(s), "/")
	n, err = strconv.Atoi(strings.TrimSpace(count))
	if err != nil || n < 0 {
		return 0, 0, fmt.Errorf("%q is not a rate: give N, N/min or N/<duration> such as 50/10s", s)
	}
	per = time.Minute
	if found {
		switch span = strings.TrimSpace(span); span {
		case "s", "sec":
			per = time.Second
		case "m", "min":
			per = time.Minute
		case "h":
			per = time.Hour
		default:
			if per, err = time.ParseDuration(span); err != nil || per <= 0 {
				return 0, 0, fmt.Errorf("%q is not a rate: the span after / must be a duration such as 10s or min", s)
			}
		}
	}
	return n, per, nil
}
