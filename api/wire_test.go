package api_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sync"
	"testing"
)

// wireRequest is one request as it reached the test server, before any
// other handler saw it.
type wireRequest struct {
	method string
	path   string // the URL path, unescaped
	query  string // the raw query; "" when there is none
	header http.Header
	body   []byte
}

// wire records every request that reaches the test server and passes it
// on, body intact. The fixture puts it in front of everything else, so it
// sees what the client put on the wire even when a wrapper answers in the
// simulator's place.
type wire struct {
	mu   sync.Mutex
	seen []wireRequest
}

func (w *wire) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			http.Error(rw, "the test server could not read the body: "+err.Error(), http.StatusBadRequest)
			return
		}
		w.mu.Lock()
		w.seen = append(w.seen, wireRequest{method: r.Method, path: r.URL.Path, query: r.URL.RawQuery,
			header: r.Header.Clone(), body: body})
		w.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(rw, r)
	})
}

// take returns the requests recorded since the last take, in the order
// they arrived, and forgets them.
func (w *wire) take() (out []wireRequest) {
	w.mu.Lock()
	out, w.seen = w.seen, nil
	w.mu.Unlock()
	return out
}

// sent is a request the client must have sent.
type sent struct {
	method string
	// path is from the server's root; a query, if any, follows a "?" and
	// is compared as decoded values.
	path string
	// body is the JSON the request must carry, compared as decoded
	// values, so that a field's name, its type and every field present
	// count but spacing and key order do not. "" means no body.
	body string
}

// checkSent fails t unless the requests sent since the last check are
// exactly want, in order. Each must carry the fixture's bearer token and
// ask for JSON, and one with a body must say it is JSON.
func (f *fixture) checkSent(t *testing.T, want ...sent) {
	t.Helper()
	f.compareSent(t, f.wire.take(), want)
}

// checkSentAnyOrder is checkSent for requests sent concurrently, whose
// order is not defined.
func (f *fixture) checkSentAnyOrder(t *testing.T, want ...sent) {
	t.Helper()
	got := f.wire.take()
	slices.SortFunc(got, func(a, b wireRequest) int { return cmp.Compare(a.key(), b.key()) })
	want = slices.Clone(want)
	slices.SortFunc(want, func(a, b sent) int { return cmp.Compare(a.method+" "+a.path, b.method+" "+b.path) })
	f.compareSent(t, got, want)
}

// key is the request's method and path, query included, as sent.path
// spells them.
func (r wireRequest) key() string {
	if r.query == "" {
		return r.method + " " + r.path
	}
	return r.method + " " + r.path + "?" + r.query
}

func (f *fixture) compareSent(t *testing.T, got []wireRequest, want []sent) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("the client sent %d requests, want %d:\n%s", len(got), len(want), describe(got))
	}
	for i, w := range want {
		if problem := mismatch(got[i], w, "Bearer "+f.token); problem != "" {
			t.Errorf("request %d (%s %s): %s", i+1, got[i].method, got[i].path, problem)
		}
	}
}

// mismatch says how r differs from w, or returns "".
func mismatch(r wireRequest, w sent, auth string) string {
	u, err := url.Parse(w.path)
	if err != nil {
		return "the test's own path is bad: " + err.Error()
	}
	gotQuery, err := url.ParseQuery(r.query)
	switch {
	case r.method != w.method:
		return "method " + r.method + ", want " + w.method
	case r.path != u.Path:
		return "path " + r.path + ", want " + u.Path
	case err != nil || !reflect.DeepEqual(gotQuery, u.Query()):
		return "query " + r.query + ", want " + u.RawQuery
	case r.header.Get("Authorization") != auth:
		return "Authorization " + r.header.Get("Authorization") + ", want " + auth
	case r.header.Get("Accept") != "application/json":
		return "Accept " + r.header.Get("Accept") + ", want application/json"
	case w.body == "" && len(r.body) != 0:
		return "a body " + string(r.body) + ", want none"
	case w.body == "":
		return ""
	case r.header.Get("Content-Type") != "application/json":
		return "Content-Type " + r.header.Get("Content-Type") + ", want application/json"
	}
	var gotBody, wantBody any
	if err := json.Unmarshal([]byte(w.body), &wantBody); err != nil {
		return "the test's own body is not JSON: " + err.Error()
	}
	if err := json.Unmarshal(r.body, &gotBody); err != nil || !reflect.DeepEqual(gotBody, wantBody) {
		return "body " + string(r.body) + ", want " + w.body
	}
	return ""
}

func describe(reqs []wireRequest) string {
	var b bytes.Buffer
	for _, r := range reqs {
		b.WriteString("\t" + r.key())
		if len(r.body) > 0 {
			b.WriteString(" " + string(r.body))
		}
		b.WriteByte('\n')
	}
	return b.String()
}
