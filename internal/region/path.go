package region

import "strings"

// CodeOf is the last code of a materialized path: its region's own code.
func CodeOf(path string) string {
	parts := strings.Split(strings.TrimSuffix(path, "/"), "/")
	return parts[len(parts)-1]
}

// Head is the path of the region n levels from the root on path's line
// (Head(p, 2) is its county, Head(p, 3) its township); path itself when it
// is no deeper.
func Head(path string, n int) string {
	parts := strings.SplitAfter(path, "/")
	return strings.Join(parts[:min(n, len(parts))], "")
}
