package uqudoauth

// flight is one token request, shared by every caller that needs a token
// while it runs.
type flight struct {
	done   chan struct{} // closed when result and err are set
	result *cachedToken
	err    error
}

// join returns the token request in progress, or starts one. After Close it
// returns a finished request that failed with ErrClosed.
func (s *TokenSource) join() *flight {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flight != nil {
		return s.flight
	}

	f := &flight{done: make(chan struct{})}
	if s.closed.Load() {
		f.err = ErrClosed
		close(f.done)
		return f
	}
	s.flight = f
	s.goroutines.Add(1)
	go s.run(f)
	return f
}

// run performs f, and ends it before a new token request can start.
func (s *TokenSource) run(f *flight) {
	defer s.goroutines.Done()
	f.result, f.err = s.fetch()

	s.mu.Lock()
	s.flight = nil
	s.mu.Unlock()
	close(f.done)
}

// fetch requests a token and stores it.
func (s *TokenSource) fetch() (*cachedToken, error) {
	// A request that ended just before this one started may have stored a
	// token that needs no refresh yet.
	if c := s.current.Load(); c != nil && s.clock.Now().Before(c.refreshAt) {
		return c, nil
	}

	tok, err := s.client.Token(s.life)
	if err != nil {
		if s.life.Err() != nil {
			return nil, ErrClosed
		}
		return nil, err
	}
	c := s.schedule(tok, s.clock.Now())
	s.current.Store(c)
	select {
	case s.wake <- struct{}{}:
	default:
	}
	s.logScheduled(c)
	return c, nil
}
