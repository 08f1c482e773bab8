package api

import "testing"

func TestAnErrorBodyThatSanitisesToNothingSaysSo(t *testing.T) {
	for _, body := range []string{"\u200b\u200d\ufeff", `{"error":"\u200b","description":" \u2060 "}`, "\u2060\u00ad"} {
		_, msg, _ := parseErrorBody(502, "", []byte(body))
		if msg != "(empty error body)" {
			t.Errorf("body %q: message %q", body, msg)
		}
	}
}
