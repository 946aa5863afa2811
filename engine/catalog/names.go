package catalog

import "strings"

// SplitQualified splits a possibly qualified, possibly quoted relation
// name written as text ('s', 'public.s', '"S"') as PostgreSQL's regclass
// input does: unquoted parts are lower-cased. The SQL front end and the
// catalog functions (nextval('s'), 'x'::regclass) read names so.
func SplitQualified(s string) (schema, name string) {
	var parts []string
	var cur strings.Builder
	quoted, inQuotes := false, false
	flush := func() {
		p := cur.String()
		if !quoted {
			p = strings.ToLower(strings.TrimSpace(p))
		}
		parts = append(parts, p)
		cur.Reset()
		quoted = false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inQuotes && c == '"' && i+1 < len(s) && s[i+1] == '"':
			cur.WriteByte('"')
			i++
		case c == '"':
			inQuotes = !inQuotes
			quoted = true
		case c == '.' && !inQuotes:
			flush()
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	if len(parts) == 1 {
		return "", parts[0]
	}
	return parts[len(parts)-2], parts[len(parts)-1]
}
