package builtin

import (
	"regexp"

	"github.com/zerodb/zerodb/engine/value"
)

// citextFuncs are the citext extension's replace and split_part, which
// the SQL front end calls for a citext first argument. PostgreSQL's are
// SQL functions over regexp_replace and regexp_split_to_array with the
// other argument quoted into a pattern and the flag i, so they follow
// those functions' rules (an empty from matches between every
// character; a field beyond the last, or n < 1, is NULL); they are
// built the same way here.
func citextFuncs() []*Func {
	text := resultOf(value.TypeText)
	return []*Func{
		sqlDef("citext_replace", 3, 3, "citext's replace(citext, from, to): every occurrence of from, whatever its case, replaced by to.", text,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0, 1, 2)
				if err != nil {
					return value.None, err
				}
				return regexpReplace(name, c, []value.Value{value.String(s[0]), value.String(regexp.QuoteMeta(s[1])), value.String(s[2]), value.String("gi")})
			}, ex(`"xbx"`, vs("AbA"), vs("a"), vs("x"))),
		sqlDef("citext_split_part", 3, 3, "citext's split_part(citext, delimiter, n): the n-th field, the delimiter matched whatever its case; NULL when there is none.", text,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				s, n, err := sqlStringsInt(name, args)
				if err != nil {
					return value.None, err
				}
				re, _, err := c.sqlRegex(regexp.QuoteMeta(s[1]), "i")
				if err != nil {
					return value.None, err
				}
				parts := regexpSplit(s[0], re)
				if n < 1 || n > int64(len(parts)) {
					return value.None, nil
				}
				return parts[n-1], nil
			}, ex(`"b"`, vs("aXbxc"), vs("x"), vi4(2)), ex(`null`, vs("a"), vs("x"), vi4(3))),
	}
}
