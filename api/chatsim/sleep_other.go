//go:build !linux

package chatsim

import "time"

// timerSlack is 0 where no finer sleep than a timer's is used.
const timerSlack = 0

// preciseSleep is not needed where timerSlack is 0: the timer has
// already waited the whole latency.
func preciseSleep(time.Duration) {}
