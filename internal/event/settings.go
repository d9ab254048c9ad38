package event

// Settings tune the workflow's queries; a zero field takes its default.
type Settings struct {
	// ManyCases is from how many cases a list's page walks the newest ones
	// off an index rather than sorting every case the filter selects (see
	// newestFirst)
	ManyCases int
}

// DefaultManyCases is Settings.ManyCases's default.
const DefaultManyCases = 2000

func (s Settings) withDefaults() Settings {
	if s.ManyCases <= 0 {
		s.ManyCases = DefaultManyCases
	}
	return s
}
