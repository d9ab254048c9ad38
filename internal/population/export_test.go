package population

// SetFewRows sets below how many rows an age range's page is read off the
// birth index, and gives a func that puts it back.
func SetFewRows(n int) func() {
	old := fewRows
	fewRows = n
	return func() { fewRows = old }
}
