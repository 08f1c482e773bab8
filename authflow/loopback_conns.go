package authflow

import (
	"net"
	"net/http"
	"sync"
)

// connTracker knows which of a server's connections carry no request.
// Browsers open spare connections ahead of need (preconnect) and keep
// used ones alive; http.Server.Shutdown waits up to five seconds for a
// connection that has not sent its first request yet, which would hold
// Wait back after the login already finished. stop closes those at once
// and waits only for responses in flight.
type connTracker struct {
	mu    sync.Mutex
	conns map[net.Conn]http.ConnState
}

// observe is the servers' ConnState hook.
func (c *connTracker) observe(conn net.Conn, state http.ConnState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch state {
	case http.StateHijacked, http.StateClosed:
		delete(c.conns, conn)
	default:
		if c.conns == nil {
			c.conns = make(map[net.Conn]http.ConnState)
		}
		c.conns[conn] = state
	}
}

// closeQuiet closes every connection that is not serving a request.
func (c *connTracker) closeQuiet() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for conn, state := range c.conns {
		if state == http.StateNew || state == http.StateIdle {
			conn.Close()
		}
	}
}
