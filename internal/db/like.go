package db

import "strings"

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// Contains is the SQL condition "any of columns contains text", case-blind
// for Latin letters on both engines (SQLite's LIKE is, PostgreSQL's is not),
// with text's own % and _ taken literally. It scans: use it to narrow a set
// an index already chose.
func Contains(text string, columns ...string) (cond string, args []any) {
	like := "%" + likeEscaper.Replace(strings.ToLower(text)) + "%"
	parts := make([]string, len(columns))
	for i, c := range columns {
		parts[i] = "LOWER(" + c + `) LIKE ? ESCAPE '\'`
		args = append(args, like)
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}
