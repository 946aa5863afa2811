package builtin

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"strings"

	"github.com/google/uuid"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Digests: PostgreSQL's sha224/sha256/sha384/sha512(bytea), pgcrypto's
// digest(data, type) and hmac(data, key, type), and uuid-ossp's
// uuid_generate_v4(). The extensions are built in: CREATE EXTENSION
// "uuid-ossp" or pgcrypto only has to succeed (translate/sqlfe).

// digests are the algorithms digest and hmac take, by pgcrypto's names.
var digests = map[string]func() hash.Hash{
	"md5": md5.New, "sha1": sha1.New, "sha224": sha256.New224, "sha256": sha256.New,
	"sha384": sha512.New384, "sha512": sha512.New,
}

// digestInput is a bytea argument's bytes (a text one's UTF-8 bytes:
// PostgreSQL's untyped literals become bytea here).
func digestInput(name string, args []value.Value, i int) ([]byte, error) {
	switch v := args[i]; v.Kind() {
	case value.KindBytes, value.KindString:
		return []byte(v.AsString()), nil
	}
	return nil, noSQLFunc(name, args)
}

func digestAlgorithm(args []value.Value, i int) (func() hash.Hash, error) {
	name := strings.ToLower(args[i].AsString())
	h, ok := digests[name]
	if !ok || args[i].Kind() != value.KindString {
		return nil, errs.New(errs.InvalidParameterValue, "Cannot use \"%s\": No such hash algorithm", args[i].AsString())
	}
	return h, nil
}

func shaDef(name string, h func() hash.Hash, example string) *Func {
	return sqlDef(name, 1, 1, name+"(bytea): the "+strings.ToUpper(name)+" digest.", resultOf(value.TypeBytea),
		func(name string, _ *Context, args []value.Value) (value.Value, error) {
			b, err := digestInput(name, args, 0)
			if err != nil {
				return value.None, err
			}
			d := h()
			d.Write(b)
			return value.Bytes(d.Sum(nil)), nil
		},
		ex(example, vs("abc")))
}

func digestFuncs() []*Func {
	fs := []*Func{
		shaDef("sha224", sha256.New224, `"Iwl9IjQF2CKGQqR3vaJVsyqtvOS9oLP342ydpw=="`),
		shaDef("sha256", sha256.New, `"ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="`),
		shaDef("sha384", sha512.New384, `"ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"`),
		shaDef("sha512", sha512.New, `"3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw=="`),
		sqlDef("digest", 2, 2, "digest(data, type): the digest of text or bytea by md5, sha1, sha224, sha256, sha384 or sha512 (pgcrypto).", resultOf(value.TypeBytea),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				b, err := digestInput(name, args, 0)
				if err != nil {
					return value.None, err
				}
				h, err := digestAlgorithm(args, 1)
				if err != nil {
					return value.None, err
				}
				d := h()
				d.Write(b)
				return value.Bytes(d.Sum(nil)), nil
			},
			ex(`"ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="`, vs("abc"), vs("sha256")),
			exErr(errs.InvalidParameterValue, vs("abc"), vs("sha3"))),
		sqlDef("hmac", 3, 3, "hmac(data, key, type): the HMAC of text or bytea with the key, by a digest() algorithm (pgcrypto).", resultOf(value.TypeBytea),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				b, err := digestInput(name, args, 0)
				if err != nil {
					return value.None, err
				}
				k, err := digestInput(name, args, 1)
				if err != nil {
					return value.None, err
				}
				h, err := digestAlgorithm(args, 2)
				if err != nil {
					return value.None, err
				}
				m := hmac.New(h, k)
				m.Write(b)
				return value.Bytes(m.Sum(nil)), nil
			},
			ex(`"nBluMtwBdfhvSxy4konWYZ3mvuaZ5MN45oMJ7Zehpqs="`, vs("abc"), vs("key"), vs("sha256"))),
		sqlDef("encode", 2, 2, "encode(bytea, format): the bytes as text in format hex, base64 or escape.", resultOf(value.TypeText),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].Kind() != value.KindBytes || args[1].Kind() != value.KindString {
					return value.None, noSQLFunc(name, args)
				}
				b := []byte(args[0].AsString())
				switch strings.ToLower(args[1].AsString()) {
				case "hex":
					return value.String(hex.EncodeToString(b)), nil
				case "base64":
					return value.String(base64Lines(b)), nil
				case "escape":
					return value.String(escapeBytes(b)), nil
				}
				return value.None, errs.New(errs.InvalidParameterValue, "unrecognized encoding: \"%s\"", args[1].AsString())
			},
			ex(`"616263"`, value.Bytes([]byte("abc")), vs("hex")), ex(`"YWJj"`, value.Bytes([]byte("abc")), vs("base64")),
			exErr(errs.InvalidParameterValue, value.Bytes([]byte("abc")), vs("rot13"))).
			withParams(value.TypeBytea, value.TypeText), // encode('abc', 'hex') reads its literal as bytea
		sqlDef("decode", 2, 2, "decode(text, format): the bytes text in format hex, base64 or escape stands for.", resultOf(value.TypeBytea),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].Kind() != value.KindString || args[1].Kind() != value.KindString {
					return value.None, noSQLFunc(name, args)
				}
				s := args[0].AsString()
				switch strings.ToLower(args[1].AsString()) {
				case "hex":
					return hexDecode(s)
				case "base64":
					b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
					if err != nil {
						return value.None, errs.New(errs.InvalidParameterValue, "invalid base64 end sequence")
					}
					return value.Bytes(b), nil
				case "escape":
					// bytea's escape input format (its \x hex form aside).
					return value.Convert(value.String(s), value.TypeBytea)
				}
				return value.None, errs.New(errs.InvalidParameterValue, "unrecognized encoding: \"%s\"", args[1].AsString())
			},
			ex(`"YWJj"`, vs("616263"), vs("hex")), ex(`"YWJj"`, vs("YWJj"), vs("base64")),
			exErr(errs.InvalidParameterValue, vs("zz"), vs("hex"))),
		sqlDef("uuid_generate_v4", 0, 0, "uuid_generate_v4(): a random (version 4) uuid (uuid-ossp).", resultOf(value.TypeUUID),
			func(string, *Context, []value.Value) (value.Value, error) {
				u, err := uuid.NewRandom()
				if err != nil {
					return value.None, errs.Wrap(errs.InternalError, err, "uuid_generate_v4")
				}
				return value.UUID(u), nil
			},
			ex("<uuid>")),
	}
	fs[len(fs)-1].Pure = false
	return fs
}

// Extension is a PostgreSQL extension whose functions zerodb builds in.
type Extension struct {
	Name, Version string
	OID           uint32 // pg_extension's
	// Comment is the extension's description, as its control file gives
	// it to PostgreSQL (psql \dx shows it; pg_dump writes it).
	Comment string
	// Trusted: a role without superuser may create it (the control
	// file's trusted); Relocatable: its objects may move to another
	// schema (plpgsql's are pg_catalog's).
	Trusted, Relocatable bool
}

// Extensions are the extensions CREATE EXTENSION accepts (it has nothing
// to install) and pg_extension lists.
func Extensions() []Extension {
	return []Extension{
		{Name: "plpgsql", Version: "1.0", OID: 13670, Comment: "PL/pgSQL procedural language", Trusted: true, Relocatable: false},
		{Name: "pgcrypto", Version: "1.3", OID: 13671, Comment: "cryptographic functions", Trusted: true, Relocatable: true},
		{Name: "uuid-ossp", Version: "1.1", OID: 13672, Comment: "generate universally unique identifiers (UUIDs)", Trusted: true, Relocatable: true},
		// pgvector: the vector type, its operators and hnsw indexes
		// (docs/vectors.md says which of its parts).
		{Name: "vector", Version: "0.8.0", OID: 13673, Comment: "vector data type and ivfflat and hnsw access methods", Trusted: false, Relocatable: true},
		// citext: the case-insensitive text type (docs/sql.md, Extensions).
		{Name: "citext", Version: "1.6", OID: 13674, Comment: "data type for case-insensitive character strings", Trusted: true, Relocatable: true},
		// pg_trgm: trigram similarity (docs/sql.md, Extensions).
		{Name: "pg_trgm", Version: "1.6", OID: 13675, Comment: "text similarity measurement and index searching based on trigrams", Trusted: true, Relocatable: true},
		// fuzzystrmatch: levenshtein, soundex, metaphone (docs/sql.md, Extensions).
		{Name: "fuzzystrmatch", Version: "1.1", OID: 13676, Comment: "determine similarities and distance between strings", Trusted: true, Relocatable: true},
		// pg_stat_statements: statement statistics (docs/sql.md,
		// Statistics).
		{Name: "pg_stat_statements", Version: "1.10", OID: 13677, Comment: "track planning and execution statistics of all SQL statements executed", Trusted: false, Relocatable: true},
		// btree_gist: GiST operator classes for scalar types, which
		// EXCLUDE USING gist (room WITH =, ...) needs in PostgreSQL;
		// zerodb checks EXCLUDE constraints without an index, so there
		// is nothing to install (docs/sql.md, EXCLUDE constraints).
		{Name: "btree_gist", Version: "1.7", OID: 13678, Comment: "support for indexing common datatypes in GiST", Trusted: true, Relocatable: true},
		// hstore: maps of text keys to text values (docs/sql.md,
		// Extensions).
		{Name: "hstore", Version: "1.8", OID: 13679, Comment: "data type for storing sets of (key, value) pairs", Trusted: true, Relocatable: true},
		// ltree: label paths and their queries (docs/sql.md,
		// Extensions).
		{Name: "ltree", Version: "1.2", OID: 13680, Comment: "data type for hierarchical tree-like structures", Trusted: true, Relocatable: true},
	}
}

// base64Lines is PostgreSQL's base64 output: lines of 76 characters.
func base64Lines(b []byte) string {
	s := base64.StdEncoding.EncodeToString(b)
	var out strings.Builder
	for len(s) > 76 {
		out.WriteString(s[:76])
		out.WriteByte('\n')
		s = s[76:]
	}
	out.WriteString(s)
	return out.String()
}

// escapeBytes is encode(b, 'escape'): a zero byte and the bytes from
// 0x80 as \ooo, a backslash doubled, the rest as they are.
func escapeBytes(b []byte) string {
	var out strings.Builder
	for _, c := range b {
		switch {
		case c == '\\':
			out.WriteString(`\\`)
		case c == 0 || c >= 0x80:
			out.WriteString(`\`)
			out.WriteByte('0' + c>>6)
			out.WriteByte('0' + c>>3&7)
			out.WriteByte('0' + c&7)
		default:
			out.WriteByte(c)
		}
	}
	return out.String()
}

// hexDecode is decode(s, 'hex') with PostgreSQL's errors: white space
// between bytes is skipped.
func hexDecode(s string) (value.Value, error) {
	out := make([]byte, 0, len(s)/2)
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			i++
			continue
		}
		hi, err := hex.DecodeString(s[i:min(i+2, len(s))])
		switch {
		case err == nil && len(hi) == 1:
			out = append(out, hi[0])
			i += 2
		case i+1 >= len(s) && isHexDigit(c):
			return value.None, errs.New(errs.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
		case !isHexDigit(c):
			return value.None, errs.New(errs.InvalidParameterValue, "invalid hexadecimal digit: \"%c\"", c)
		default:
			return value.None, errs.New(errs.InvalidParameterValue, "invalid hexadecimal digit: \"%c\"", s[i+1])
		}
	}
	return value.Bytes(out), nil
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
