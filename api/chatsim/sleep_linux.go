//go:build linux

package chatsim

import (
	"syscall"
	"time"
)

// timerSlack is how late a Go timer may fire on Linux: the runtime waits
// for timers in epoll, whose timeout is in whole milliseconds.
const timerSlack = 2 * time.Millisecond

// preciseSleep sleeps d on this thread with nanosleep, which wakes within
// microseconds of d.
func preciseSleep(d time.Duration) {
	if d <= 0 {
		return
	}
	ts := syscall.NsecToTimespec(int64(d))
	for syscall.Nanosleep(&ts, &ts) == syscall.EINTR {
	}
}
