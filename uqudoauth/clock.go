package uqudoauth

import "time"

// Clock is the source of time of a [TokenSource]: it reads the current time
// and creates the timers that schedule background refreshes and retries.
// Tests replace it with a fake clock that they advance by hand.
type Clock interface {
	// Now returns the current time.
	Now() time.Time

	// NewTimer returns a timer that sends the current time on its channel
	// once d has elapsed.
	NewTimer(d time.Duration) Timer
}

// Timer is a single-use timer created by a [Clock].
type Timer interface {
	// C returns the channel on which the timer sends the time when it
	// fires.
	C() <-chan time.Time

	// Stop prevents the timer from firing. It reports whether it stopped
	// the timer, false when the timer had already fired or been stopped.
	Stop() bool
}

// systemClock is the default Clock: the time and the timers of package
// time.
type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTimer(d time.Duration) Timer {
	return systemTimer{time.NewTimer(d)}
}

type systemTimer struct {
	timer *time.Timer
}

func (t systemTimer) C() <-chan time.Time { return t.timer.C }

func (t systemTimer) Stop() bool { return t.timer.Stop() }
