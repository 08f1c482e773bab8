package safetext

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileStrings are the field values the hostile-server tests put in
// every field; each must reach a terminal harmless.
var hostileStrings = map[string]string{
	"osc52 clipboard":   "\x1b]52;c;cm0gLXJmIH4K\x07name",
	"window title":      "\x1b]0;pwned\x1b\\name",
	"clear screen":      "\x1b[2J\x1b[Hname",
	"colour":            "\x1b[38;5;199mred\x1b[0m",
	"hyperlink":         "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
	"dcs":               "\x1bPq#0;2;0;0;0\x1b\\x",
	"c1 csi":            "\u009b31mred",
	"c1 osc":            "\u009d0;title\u009c",
	"bidi override":     "abc\u202edcba",
	"bidi isolate":      "\u2066admin\u2069",
	"zero width":        "ad\u200bmi\u200dn\ufeff",
	"newline row":       "name\n999\tforged\trow",
	"carriage return":   "name\rOVERWRITE",
	"bell and nul":      "a\x07b\x00c",
	"del":               "a\x7fb",
	"invalid utf8":      "a\xff\xfeb",
	"line separator":    "a\u2028b\u2029c",
	"unterminated osc":  "ok\x1b]52;c;AAAA",
	"lone esc at end":   "ok\x1b",
	"eight bit csi":     "ok\x9b2J",
	"soft hyphen":       "a\u00adb",
	"arabic letter mrk": "a\u061cb",
}

// assertSafe fails if s holds anything a terminal would act on.
func assertSafe(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("invalid UTF-8 in %q", s)
	}
	for _, r := range s {
		if IsUnsafeRune(r) || r == '\n' || r == '\t' {
			t.Fatalf("unsafe rune %U in %q", r, s)
		}
	}
}

func TestSanitizeLeavesNothingATerminalActsOn(t *testing.T) {
	for name, in := range hostileStrings {
		out := Sanitize(in, 200)
		assertSafe(t, out)
		if strings.Contains(out, "]52;") || strings.Contains(out, "]8;") || strings.Contains(out, "[2J") || strings.Contains(out, "38;5;199") {
			t.Errorf("%s: the sequence's payload survived: %q", name, out)
		}
	}
}

func TestSanitizeReplacesVisiblyAndKeepsTheText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"\x1b[38;5;199mred\x1b[0m", "�red�"},
		{"\x1b]52;c;cm0gLXJmIH4K\x07name", "�name"},
		{"abc\u202edcba", "abc�dcba"},
		{"ad\u200bmi\u200dn\ufeff", "admin"},
		{"name\n999\tforged", "name 999 forged"},
		{"  two   spaces \n", "two spaces"},
		{"a\xffb", "a�b"},
		{"Zoë 東京", "Zoë 東京"},
	} {
		if got := Sanitize(c.in, 200); got != c.want {
			t.Errorf("Sanitize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSanitizeCutsLongFieldsToTheBound(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	out := Sanitize(long, 40)
	if utf8.RuneCountInString(out) != 41 || !strings.HasSuffix(out, "…") {
		t.Fatalf("got %d runes: %q", utf8.RuneCountInString(out), out)
	}
	if got := Sanitize("exactly10!", 10); got != "exactly10!" {
		t.Errorf("a field of exactly the bound was cut: %q", got)
	}
}

func TestCheckWholeRefusesAnythingButPrintableASCII(t *testing.T) {
	if err := CheckWhole("the secret", "AbC-123._~+/="); err != nil {
		t.Fatalf("a plain secret was refused: %v", err)
	}
	for name, v := range hostileStrings {
		err := CheckWhole("the secret", v)
		if !errors.Is(err, ErrNotPrintable) {
			t.Errorf("%s: accepted", name)
			continue
		}
		if strings.Contains(err.Error(), v) {
			t.Errorf("%s: error %q quotes the value", name, err)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range hostileStrings {
		f.Add(s, 40)
	}
	f.Add(strings.Repeat("\x1b[", 500), 10)
	f.Add("", 0)
	f.Fuzz(func(t *testing.T, in string, limit int) {
		limit = limit%300 + 1
		if limit < 1 {
			limit = -limit + 1
		}
		out := Sanitize(in, limit)
		assertSafe(t, out)
		if n := utf8.RuneCountInString(out); n > limit+1 {
			t.Fatalf("%d runes out for a bound of %d", n, limit)
		}
		if Sanitize(out, limit+1) != out && !strings.HasSuffix(out, "…") {
			t.Fatalf("not idempotent: %q", out)
		}
	})
}
