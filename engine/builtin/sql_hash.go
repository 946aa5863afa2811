package builtin

import (
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// hashtext and hashtextextended: PostgreSQL's hash of a text's bytes
// (hash_bytes and hash_bytes_extended, Bob Jenkins' lookup3 as
// PostgreSQL adapted it). Applications hash names into advisory lock
// keys with them (pg_advisory_xact_lock(hashtext('job:42'))), so the
// values must be PostgreSQL's to the bit: a zerodb and a PostgreSQL
// client would otherwise lock different keys for one name.

// MergeTwiceFunc is the name of the function a MERGE's translation calls
// where a target row would be updated or deleted a second time: it fails
// with PostgreSQL's error. The dot keeps SQL from calling it by name.
const MergeTwiceFunc = "zerodb.merge_twice"

func hashFuncs() []*Func {
	return []*Func{
		sqlDef(MergeTwiceFunc, 1, 1, "A MERGE's failure where a target row would be updated or deleted a second time.", resultOf(value.TypeBool),
			func(string, *Context, []value.Value) (value.Value, error) {
				return value.None, errs.New(errs.CardinalityViolation, "MERGE command cannot affect row a second time").
					WithHint("Ensure that not more than one source row matches any one target row.")
			},
			exErr(errs.CardinalityViolation, value.Int(2))),
		sqlDef("hashtext", 1, 1, "hashtext(text): PostgreSQL's 32-bit hash of the text (advisory lock keys are made of it).",
			resultOf(value.TypeInt4), func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0)
				if err != nil {
					return value.None, err
				}
				_, c := value.PGHashBytes([]byte(s[0]), 0)
				return value.Int(int64(int32(c))), nil
			},
			ex("-785388649", vs("abc")), ex("-1477818771", vs(""))),
		sqlDef("hashtextextended", 2, 2, "hashtextextended(text, seed bigint): PostgreSQL's 64-bit hash of the text with a seed.",
			resultOf(value.TypeInt8), func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0)
				if err != nil {
					return value.None, err
				}
				seed, err := value.Convert(args[1], value.TypeInt8)
				if err != nil {
					return value.None, noSQLFunc(name, args)
				}
				b, c := value.PGHashBytes([]byte(s[0]), uint64(seed.AsInt()))
				return value.Int(int64(uint64(b)<<32 | uint64(c))), nil
			},
			ex("-6747756470228489321", vs("abc"), value.Int(0)), ex("2125675926272891485", vs("abc"), value.Int(1))),
	}
}
