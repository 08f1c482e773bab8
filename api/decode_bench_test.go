package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// BenchmarkDecodeTokens decodes a list of 100,000 tokens, the size of a
// large account, through the same path as OAuthTokens.All: item by item,
// as the bytes arrive.
func BenchmarkDecodeTokens(b *testing.B) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	list := make([]OAuthToken, 100_000)
	for i := range list {
		created, expires := now.Add(-time.Duration(i)*time.Minute), now.Add(10*time.Hour)
		list[i] = OAuthToken{
			ID: int64(i + 1), AccessToken: fmt.Sprintf("%064d", i), AgentID: 100000200 + int64(i%7),
			ClientIdentifier: fmt.Sprintf("client%045d", i%5), CreateDate: &created, ExpireDate: &expires,
			RefreshToken: fmt.Sprintf("r%063d", i), Scopes: "read write", TokenType: "Bearer",
		}
	}
	body, err := json.Marshal(list)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		l := &listReader[OAuthToken]{each: func(*OAuthToken) error { n++; return nil }}
		if err := l.decodeReply(bytes.NewReader(body)); err != nil || n != len(list) {
			b.Fatal(err)
		}
	}
}
