package uqudoauth

// Names that only the tests of package uqudoauth_test use.

// MinRenewAge is how old a token must be before a 401 replaces it.
const MinRenewAge = minRenewAge

// Waiters returns the number of callers waiting for a token request.
func (s *TokenSource) Waiters() int { return int(s.waiters.Load()) }
