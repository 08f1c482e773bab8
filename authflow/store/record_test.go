package store_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"chatkeys/authflow/store"
)

func TestRecordFormattingNeverRevealsTokensOrSecret(t *testing.T) {
	t.Parallel()
	r := sampleRecord()
	holder := struct{ Login store.Record }{*r}
	outputs := map[string]string{
		"%v":          fmt.Sprintf("%v", *r),
		"%+v":         fmt.Sprintf("%+v", *r),
		"%#v":         fmt.Sprintf("%#v", *r),
		"%s":          fmt.Sprintf("%s", *r),
		"%q":          fmt.Sprintf("%q", *r),
		"pointer %v":  fmt.Sprintf("%v", r),
		"pointer %#v": fmt.Sprintf("%#v", r),
		"slice":       fmt.Sprint([]store.Record{*r}),
		"field %+v":   fmt.Sprintf("%+v", holder),
	}
	for _, format := range []string{"text", "json"} {
		var buf bytes.Buffer
		var h slog.Handler = slog.NewTextHandler(&buf, nil)
		if format == "json" {
			h = slog.NewJSONHandler(&buf, nil)
		}
		slog.New(h).Info("saved", "record", *r, "pointer", r)
		outputs["slog "+format] = buf.String()
	}
	for name, out := range outputs {
		r := sampleRecord()
		for _, secret := range []string{r.AccessToken, r.RefreshToken, r.ClientSecret, "0123456789"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s reveals %q: %s", name, secret, out)
			}
		}
	}
	if !strings.Contains(outputs["%v"], "AT-0…") || !strings.Contains(outputs["%v"], `client_id="chatkeys-cli"`) {
		t.Errorf("%%v = %s; want a token prefix and the client id", outputs["%v"])
	}
}

func TestRecordFormattingHidesShortTokensEntirely(t *testing.T) {
	t.Parallel()
	out := fmt.Sprint(store.Record{AccessToken: "abcdef", ClientSecret: "x"})
	if strings.Contains(out, "abcd") || strings.Contains(out, `"x"`) {
		t.Fatalf("%s reveals part of a short token", out)
	}
}

func TestRecordJSONKeepsEveryField(t *testing.T) {
	t.Parallel()
	r := sampleRecord()
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back store.Record
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back != *r {
		t.Fatalf("round trip = %#v", back)
	}
	if strings.Contains(string(data), "password") {
		t.Fatalf("a record has a password field: %s", data)
	}
}
