package db

// Subtree is the SQL condition "column lies in the subtree whose materialized
// path is path", written as a range so that a plain B-tree index serves it on
// both engines (path columns are binary-collated). Paths are region codes
// joined and ended by "/", so "~" sorts after every character they contain.
func Subtree(column, path string) (cond string, args []any) {
	return column + " >= ? AND " + column + " < ?", []any{path, path + "~"}
}

// Lineage is path and every path above it, from the root down: the regions
// a row at path counts in, or is reachable from.
func Lineage(path string) []string {
	var out []string
	for i := range len(path) {
		if path[i] == '/' {
			out = append(out, path[:i+1])
		}
	}
	return out
}

// ForUpdate is the row-lock clause for a SELECT that must serialise writers.
// SQLite has none and needs none: its IMMEDIATE transactions already do.
func (d Dialect) ForUpdate() string {
	if d == Postgres {
		return " FOR UPDATE"
	}
	return ""
}
