package db

// ForUpdate is the row-lock clause for a SELECT that must serialise writers.
// SQLite has none and needs none: its IMMEDIATE transactions already do.
func (d Dialect) ForUpdate() string {
	if d == Postgres {
		return " FOR UPDATE"
	}
	return ""
}
