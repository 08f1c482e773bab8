package authflow

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The listener's life: binding, the deadline, cancel and Close, each of
// which must leave the port free.

func TestTheDeadlineEndsTheLoginWithErrTimeoutAndFreesThePort(t *testing.T) {
	l := listen(t, "", 100*time.Millisecond)
	port := portOf(l)
	if _, err := waitResult(t, l); !errors.Is(err, ErrTimeout) {
		t.Fatalf("err %v, want ErrTimeout", err)
	}
	again, err := Listen(ListenerConfig{RedirectURI: "http://127.0.0.1:" + port, State: testState})
	if err != nil {
		t.Fatalf("listening again on the port: %v", err)
	}
	again.Close()
}

func TestTheDeadlineFreesThePortEvenWhenNobodyWaits(t *testing.T) {
	l := listen(t, "", 50*time.Millisecond)
	port := portOf(l)
	deadline := time.Now().Add(5 * time.Second)
	for !portIsFree(port) {
		if time.Now().After(deadline) {
			t.Fatal("the port is still taken after the deadline")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := waitResult(t, l); !errors.Is(err, ErrTimeout) {
		t.Fatalf("err %v, want ErrTimeout", err)
	}
}

func TestCancellingTheContextEndsWaitAndFreesThePortAtOnce(t *testing.T) {
	l := listen(t, "", 0)
	port := portOf(l)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := l.Wait(ctx)
		done <- err
	}()
	time.Sleep(20 * time.Millisecond) // let Wait block
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("Wait did not return after the cancel")
	}
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Errorf("Wait took %v to return after the cancel", took)
	}
	if !portIsFree(port) {
		t.Fatal("the port is still taken after Wait returned")
	}
}

func TestCloseIsIdempotentAndEndsWaitAtOnce(t *testing.T) {
	l := listen(t, "", 0)
	port := portOf(l)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if !portIsFree(port) {
		t.Fatal("the port is still taken after Close")
	}
	if _, err := waitResult(t, l); !errors.Is(err, errListenerClosed) {
		t.Fatalf("err %v", err)
	}
}

func TestWaitReturnsTheSameOutcomeWhenCalledAgain(t *testing.T) {
	l := listen(t, "", 0)
	get(t, l, "/callback?code=abc&state="+testState)
	for range 2 {
		if res, err := waitResult(t, l); err != nil || res.Code != "abc" {
			t.Fatalf("%v %v", res, err)
		}
	}
}

func TestABusyPortIsAPortInUseErrorNamingThePortAndTheFix(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	_, err = Listen(ListenerConfig{RedirectURI: fmt.Sprintf("http://localhost:%d", port), State: testState})
	var busy *PortInUseError
	if !errors.As(err, &busy) || busy.Port != port {
		t.Fatalf("err %v, want a PortInUseError for %d", err, port)
	}
	want := fmt.Sprintf("port %d is in use: close the program using it, or register another redirect URL on the client and set redirect_uri", port)
	if err.Error() != want {
		t.Fatalf("err %q\nwant %q", err, want)
	}
}

func TestTheListenerBindsOnlyLoopbackAddressesOnOnePort(t *testing.T) {
	l := listen(t, "http://localhost:0", 0)
	port := portOf(l)
	for _, a := range l.Addrs() {
		host, p, _ := net.SplitHostPort(a)
		if (host != "127.0.0.1" && host != "::1") || p != port {
			t.Fatalf("bound %s; the redirect's port is %s", a, port)
		}
	}
	if l.Addrs()[0] != "127.0.0.1:"+port {
		t.Fatalf("addrs %v, want 127.0.0.1 first", l.Addrs())
	}
}

func TestTheRedirectURIKeepsItsSpellingWithTheRealPort(t *testing.T) {
	l := listen(t, "http://localhost:0", 0)
	if got, want := l.RedirectURI(), "http://localhost:"+portOf(l); got != want {
		t.Fatalf("redirect %q, want %q", got, want)
	}
	if r := get(t, l, "/?code=x&state="+testState); r.status != http.StatusOK {
		t.Fatalf("the root path is not served: %d", r.status)
	}
	fixed := "http://127.0.0.1:" + portOf(l) + "/callback"
	l.Close()
	l2 := listen(t, fixed, 0)
	if l2.RedirectURI() != fixed {
		t.Fatalf("redirect %q, want %q", l2.RedirectURI(), fixed)
	}
}

func TestARedirectURIWithAPathIsServedOnThatPathOnly(t *testing.T) {
	l := listen(t, "http://localhost:0/oauth/callback", 0)
	if !strings.HasSuffix(l.RedirectURI(), "/oauth/callback") {
		t.Fatalf("redirect %q", l.RedirectURI())
	}
	for _, p := range []string{"/?code=x&state=" + testState, "/oauth?code=x&state=" + testState, "/callback?code=x&state=" + testState} {
		if r := get(t, l, p); r.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, r.status)
		}
	}
	if r := get(t, l, "/oauth/callback?code=x&state="+testState); r.status != http.StatusOK {
		t.Fatalf("the redirect path: %d", r.status)
	}
	if res, err := waitResult(t, l); err != nil || res.Code != "x" {
		t.Fatalf("%v %v", res, err)
	}
}

func TestAnIPv6RedirectURIIsServedOnIPv6(t *testing.T) {
	if ln, err := net.Listen("tcp", "[::1]:0"); err != nil {
		t.Skip("no IPv6 loopback here")
	} else {
		ln.Close()
	}
	l := listen(t, "http://[::1]:0/cb", 0)
	if !strings.HasPrefix(l.Addrs()[0], "[::1]:") || !strings.HasPrefix(l.RedirectURI(), "http://[::1]:") {
		t.Fatalf("addrs %v redirect %s", l.Addrs(), l.RedirectURI())
	}
	if r := get(t, l, "/cb?code=x&state="+testState); r.status != http.StatusOK {
		t.Fatalf("%d", r.status)
	}
}

func TestListenRefusesWhatItCannotServeSafely(t *testing.T) {
	for _, bad := range []string{
		"", "localhost:8080", "https://localhost:0", "http://example.com:0", "http://0.0.0.0:0", "http://[::]:0",
		"http://127.0.0.2:0", "http://app.localhost:0", "http://localhost:0/#frag", "http://user:pw@localhost:0",
		"http://localhost:99999", "http://localhost:0" + relayPath, "ftp://localhost:0", "http:///callback",
	} {
		if l, err := Listen(ListenerConfig{RedirectURI: bad, State: testState}); err == nil {
			l.Close()
			t.Errorf("%q accepted", bad)
		} else if strings.Contains(err.Error(), "pw") {
			t.Errorf("%q: the error shows the password: %v", bad, err)
		}
	}
	if l, err := Listen(ListenerConfig{RedirectURI: "http://127.0.0.1:0"}); err == nil {
		l.Close()
		t.Error("a listener without a state was started")
	}
}

func TestWaitReturnsPromptlyDespiteASpareBrowserConnection(t *testing.T) {
	l := listen(t, "", 0)
	spare, err := net.Dial("tcp", l.Addrs()[0]) // as a browser's preconnect: no request yet
	if err != nil {
		t.Fatal(err)
	}
	defer spare.Close()
	if r := get(t, l, "/callback?code=abc&state="+testState); r.status != http.StatusOK {
		t.Fatalf("%d", r.status)
	}
	start := time.Now()
	if _, err := waitResult(t, l); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > time.Second {
		t.Fatalf("Wait took %v: it waited on a connection that never sent a request", took)
	}
}
