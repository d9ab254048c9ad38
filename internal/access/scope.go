package access

import "strings"

// Scope is a region's materialized path — its codes from the root down, each
// followed by "/" ("140900000000/140902000000/") — taken as the subtree it
// heads: the rows a caller may see, or a region a row counts in. The empty
// Scope is no region; it covers every path, so a caller without a region is
// refused before its scope is used.
type Scope string

// Level is a region's depth in the tree: City is the root.
type Level int

// Levels, top down.
const (
	City Level = iota + 1
	County
	Township
	Village
	Grid
)

var levelNames = [...]string{City: "city", County: "county", Township: "township", Village: "village", Grid: "grid"}

// String is the level's name as regions spell it; "" beyond the five.
func (l Level) String() string {
	if l < City || l > Grid {
		return ""
	}
	return levelNames[l]
}

// Level is the depth of the region at s (0 for the empty scope).
func (s Scope) Level() Level { return Level(strings.Count(string(s), "/")) }

// Covers reports whether path lies in the subtree s (s itself included).
func (s Scope) Covers(path string) bool { return strings.HasPrefix(path, string(s)) }

// Subtree is the SQL condition "column lies in s", written as a range so that
// a plain B-tree index serves it on both engines (path columns are
// binary-collated). Paths are codes joined and ended by "/", so "~" sorts
// after every character they contain.
func (s Scope) Subtree(column string) (cond string, args []any) {
	return column + " >= ? AND " + column + " < ?", []any{string(s), string(s) + "~"}
}

// Lineage is s and every path above it, from the root down: the regions a row
// at s counts in, or is reachable from.
func (s Scope) Lineage() []string {
	var out []string
	for i := range len(s) {
		if s[i] == '/' {
			out = append(out, string(s[:i+1]))
		}
	}
	return out
}

// Head is the path of the region at level n on s's line (Head(County) is its
// county, Head(Township) its township); s itself when it is no deeper.
func (s Scope) Head(n Level) Scope {
	if n <= 0 {
		return ""
	}
	for i := range len(s) {
		if s[i] == '/' {
			if n--; n <= 0 {
				return s[:i+1]
			}
		}
	}
	return s
}

// County is the path of s's county, or "" when s is above county level.
func (s Scope) County() Scope {
	if s.Level() < County {
		return ""
	}
	return s.Head(County)
}

// Code is s's own region code, the last on its path ("" for the empty scope).
func (s Scope) Code() string {
	t := strings.TrimSuffix(string(s), "/")
	return t[strings.LastIndexByte(t, '/')+1:]
}

// Child is the path of s's child region with code.
func (s Scope) Child(code string) Scope { return s + Scope(code) + "/" }
