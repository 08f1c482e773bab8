package authflow

import (
	"errors"
	"reflect"
	"testing"
)

func TestShellWordsSplitsBrowserLikeAShell(t *testing.T) {
	cases := map[string][]string{
		"wslview":                          {"wslview"},
		"  firefox   --new-tab ":           {"firefox", "--new-tab"},
		`"/mnt/c/Program Files/ff.exe" -x`: {"/mnt/c/Program Files/ff.exe", "-x"},
		`'/a b/c' 'd''e'`:                  {"/a b/c", "de"},
		`/a\ b/c`:                          {"/a b/c"},
		`"say \"hi\" \n"`:                  {`say "hi" \n`},
		`''`:                               {""},
		"":                                 nil,
	}
	for in, want := range cases {
		got, err := shellWords(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %q %v, want %q", in, got, err, want)
		}
	}
	for _, in := range []string{`"open`, `'open`, `trailing\`} {
		if _, err := shellWords(in); !errors.Is(err, errBrowserQuote) {
			t.Errorf("%q: %v", in, err)
		}
	}
}
