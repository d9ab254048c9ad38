package event

// SetManyCases sets how many cases make a page walk the newest ones, and
// gives a func that puts it back.
func SetManyCases(n int) func() {
	old := manyCases
	manyCases = n
	return func() { manyCases = old }
}
