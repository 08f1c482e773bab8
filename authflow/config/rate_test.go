package config_test

import (
	"strings"
	"testing"
	"time"

	"chatkeys/authflow/config"
)

func TestParseRateReadsACountPerSpan(t *testing.T) {
	good := map[string]config.Rate{
		"":        {},
		"0":       {0, time.Minute},
		"200":     {200, time.Minute},
		"200/min": {200, time.Minute},
		"50/10s":  {50, 10 * time.Second},
		"5/s":     {5, time.Second},
		" 7 / h ": {7, time.Hour},
	}
	for in, want := range good {
		if got, err := config.ParseRate(in); err != nil || got != want {
			t.Errorf("%q: %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"fast", "-1", "5/", "5/0s", "5/-3s", "5/week", "1.5/s"} {
		if _, err := config.ParseRate(bad); err == nil || !strings.Contains(err.Error(), "not a rate") {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}

func TestARateComesFromTheFlagThenTheEnvironmentThenTheProfile(t *testing.T) {
	file := fileWith("default", config.Profile{Subdomain: "acme", Rate: "100/min"})
	s, err := config.Resolve(file, config.Overrides{}, env(nil))
	if err != nil || s.Rate != (config.Rate{100, time.Minute}) {
		t.Fatalf("profile: %+v, %v", s.Rate, err)
	}
	s, err = config.Resolve(file, config.Overrides{}, env(map[string]string{"CHATKEYS_RATE": "10/s"}))
	if err != nil || s.Rate != (config.Rate{10, time.Second}) {
		t.Fatalf("environment: %+v, %v", s.Rate, err)
	}
	s, err = config.Resolve(file, config.Overrides{Rate: "3/10s"}, env(map[string]string{"CHATKEYS_RATE": "10/s"}))
	if err != nil || s.Rate != (config.Rate{3, 10 * time.Second}) {
		t.Fatalf("flag: %+v, %v", s.Rate, err)
	}
	if _, err := config.Resolve(file, config.Overrides{}, env(map[string]string{"CHATKEYS_RATE": "lots"})); err == nil || !strings.Contains(err.Error(), "CHATKEYS_RATE") {
		t.Fatalf("a bad rate: %v, want it to name CHATKEYS_RATE", err)
	}
}
