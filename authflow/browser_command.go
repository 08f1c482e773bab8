package authflow

import (
	"errors"
	"os"
	"strings"
)

var errBrowserQuote = errors.New("$BROWSER has an unclosed quote")

// browserCommand splits $BROWSER into a command and its arguments the
// way gh does, with shell quoting rules: BROWSER='"/mnt/c/Program
// Files/Firefox/firefox.exe" -new-tab'. A value that is, as a whole, the
// path of an executable file is taken as one word, so an unquoted path
// with spaces (common under WSL) works too.
func browserCommand(launcher string) ([]string, error) {
	launcher = strings.TrimSpace(launcher)
	if fi, err := os.Stat(launcher); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
		return []string{launcher}, nil
	}
	words, err := shellWords(launcher)
	if err != nil {
		return nil, err
	}
	if len(words) == 0 {
		return nil, errors.New("$BROWSER names no command")
	}
	return words, nil
}

// shellWords splits s into words as a POSIX shell would, without any
// expansion: blanks separate words; single quotes keep everything; double
// quotes keep everything but a backslash before " \ $ or `; a backslash
// outside quotes keeps the next character.
func shellWords(s string) ([]string, error) {
	var (
		words   []string
		word    strings.Builder
		inWord  bool
		quote   byte // 0, '\'' or '"'
		escaped bool
	)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			word.WriteByte(c)
			escaped = false
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				word.WriteByte(c)
			}
		case quote == '"':
			switch {
			case c == '"':
				quote = 0
			case c == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0:
				i++
				word.WriteByte(s[i])
			default:
				word.WriteByte(c)
			}
		case c == '\\':
			escaped, inWord = true, true
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	if quote != 0 || escaped {
		return nil, errBrowserQuote
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, nil
}
