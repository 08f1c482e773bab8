package api

import (
	"strconv"
	"testing"
	"time"
	"unsafe"
)

// TestPlainDateAgreesWithTimeParseOnEveryDay reads every day from 1599
// to 2401, each at a time of day that varies, and also the 29th to 32nd
// of every month, in and out of leap years: plainDate takes exactly the
// dates time.Parse takes, as the same instant.
func TestPlainDateAgreesWithTimeParseOnEveryDay(t *testing.T) {
	check := func(s string) {
		t.Helper()
		want, err := time.Parse(time.RFC3339, s)
		got, ok := plainDate([]byte(s))
		if ok != (err == nil) || ok && !got.Equal(want) || ok && got.Location() != time.UTC {
			t.Fatalf("%s: plainDate %v %v, time.Parse %v %v", s, got, ok, want, err)
		}
	}
	for d, i := time.Date(1599, 1, 1, 0, 0, 0, 0, time.UTC), 0; d.Year() < 2402; d, i = d.AddDate(0, 0, 1), i+1 {
		check(d.Add(time.Duration(i%86400) * time.Second).Format("2006-01-02T15:04:05Z"))
	}
	for _, year := range []string{"1900", "2000", "2023", "2024", "2100", "0000", "9999"} {
		for _, month := range []string{"01", "02", "04", "06", "09", "11", "12"} {
			for _, day := range []string{"28", "29", "30", "31", "32", "00"} {
				check(year + "-" + month + "-" + day + "T23:59:59Z")
			}
		}
	}
}

// TestPlainStringTakesOnlyPrintableASCIIAtEveryPosition puts every byte
// value at every position of a string up to three words long: the plain
// reader takes the token exactly when the byte is printable ASCII other
// than a quote or a backslash, and then reads the string whole.
func TestPlainStringTakesOnlyPrintableASCIIAtEveryPosition(t *testing.T) {
	for c := range 256 {
		for at := range 24 {
			s := []byte("abcdefghijklmnopqrstuvwx")
			s[at] = byte(c)
			raw := []byte(`{"scopes":"` + string(s) + `"}`)
			var tok OAuthToken
			n := decodePlainToken(raw, &tok, nil)
			plain := c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
			if (n > 0) != plain || plain && (n != len(raw) || tok.Scopes != string(s)) {
				t.Fatalf("byte %#x at %d: took %d of %d bytes, scopes %q", c, at, n, len(raw), tok.Scopes)
			}
		}
	}
}

// TestListStoreKeepsOneCopyOfARepeatedValueAndNoMoreThanItsBound
// reads a value twice and gets one copy, then fills the table with
// distinct values, as a hostile reply could: it stops at sharedMax and
// the values after it are read as they were before.
func TestListStoreKeepsOneCopyOfARepeatedValueAndNoMoreThanItsBound(t *testing.T) {
	store := listStore{}
	a, _ := store.take(0, []byte("zopim-client"))
	store.take(0, []byte("another"))
	b, _ := store.take(0, []byte("zopim-client"))
	if unsafe.StringData(a) != unsafe.StringData(b) {
		t.Fatal("a repeated value was copied twice")
	}
	for i := range sharedMax + 10 {
		store.take(i%3, []byte(strconv.Itoa(i)))
	}
	if len(store.repeated) != sharedMax {
		t.Fatalf("%d values held, want at most %d", len(store.repeated), sharedMax)
	}
	if _, held := store.take(0, []byte("one more")); held {
		t.Fatal("a value past the bound was held")
	}
	raw := []byte(`{"id":1,"client_identifier":"one more","scopes":"read"}`)
	var tok OAuthToken
	if n := decodePlainToken(raw, &tok, &store); n != len(raw) || tok.ClientIdentifier != "one more" || tok.Scopes != "read" {
		t.Fatalf("past the bound: took %d of %d bytes, %+v", n, len(raw), tok)
	}
}

// TestTokensOfOneListKeepTheirOwnStringsAndDates decodes tokens one
// after another with one store, as a list is read: the strings and
// dates they share blocks for stay each token's own, however many
// tokens follow, and the block is cut, not overwritten.
func TestTokensOfOneListKeepTheirOwnStringsAndDates(t *testing.T) {
	store := listStore{}
	var toks []OAuthToken
	for i := range 3 * datesBlock {
		raw := []byte(`{"id":` + strconv.Itoa(i) + `,"access_token":"a` + strconv.Itoa(i) + `","refresh_token":"r` + strconv.Itoa(i) +
			`","create_date":"2020-01-01T00:00:00Z","expire_date":"2020-01-02T00:00:` + strconv.Itoa(10+i%50) + `Z"}`)
		var tok OAuthToken
		if n := decodePlainToken(raw, &tok, &store); n != len(raw) {
			t.Fatalf("token %d: took %d of %d bytes", i, n, len(raw))
		}
		toks = append(toks, tok)
	}
	for i, tok := range toks {
		want := time.Date(2020, 1, 2, 0, 0, 10+i%50, 0, time.UTC)
		if tok.AccessToken != "a"+strconv.Itoa(i) || tok.RefreshToken != "r"+strconv.Itoa(i) || !tok.ExpireDate.Equal(want) ||
			!tok.CreateDate.Equal(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("token %d reads %q %q %v %v", i, tok.AccessToken, tok.RefreshToken, tok.CreateDate, tok.ExpireDate)
		}
	}
}
