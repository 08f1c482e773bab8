package ui

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"chatkeys/api"
)

// validateRedirectURI applies Zendesk's rule for redirect URLs: absolute,
// and https unless the host is this machine.
func validateRedirectURI(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" {
		return fmt.Errorf("%s is not an absolute URL (like https://app.example.com/callback)", raw)
	}
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && api.IsLoopbackHost(u.Hostname()):
		return nil
	case u.Scheme == "http":
		return fmt.Errorf("%s must use https (plain http only for localhost)", raw)
	}
	return fmt.Errorf("%s must be an https URL", raw)
}

// splitRedirects reads one URL per line (spaces also separate).
func splitRedirects(text string) []string {
	return strings.Fields(text)
}

// validateRedirects checks every line and requires at least one URL.
func validateRedirects(text string) error {
	list := splitRedirects(text)
	if len(list) == 0 {
		return errors.New("add at least one redirect URL, e.g. http://localhost:8080")
	}
	var problems []string
	for _, u := range list {
		if err := validateRedirectURI(u); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

func validateName(name string) error {
	if strings.TrimSpace(name) == "" {
		return errors.New("a name is required: users see it on the consent page")
	}
	return nil
}

func validateScopes(scopes []string) error {
	if len(scopes) == 0 {
		return errors.New("choose read, write or both")
	}
	return nil
}

// errString is a constant error message.
type errString string

func (e errString) Error() string { return string(e) }
