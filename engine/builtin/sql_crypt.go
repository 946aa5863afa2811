package builtin

import (
	"crypto/md5"
	"crypto/rand"
	"strconv"
	"strings"

	//lint:ignore SA1019 bcrypt is Blowfish by definition; the deprecation is of Blowfish as a cipher for new data.
	"golang.org/x/crypto/blowfish"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// pgcrypto's password hashing: crypt(password, salt) and gen_salt(type
// [, rounds]), for the two algorithms applications use with it today,
// Blowfish (bcrypt, "$2a$") and MD5-crypt ("$1$"). The traditional DES
// and extended DES ones are 0A000: they keep 8 characters of a password
// and no one should choose them now.
//
// bcrypt is written out here over golang.org/x/crypto/blowfish because
// x/crypto/bcrypt hashes only with a salt of its own choosing, and
// crypt must hash with the salt the stored hash carries
// (WHERE pw = crypt($1, pw)). The cipher itself, the part that is easy
// to get subtly wrong, stays the library's.

// cryptAlphabet is the "./0-9A-Za-z" alphabet of crypt's salts and MD5
// hashes; bcryptAlphabet bcrypt's, the same characters in other order.
const (
	cryptAlphabet  = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	bcryptAlphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

// bcryptDefaultCost and the bounds are pgcrypto's for gen_salt('bf').
const (
	bcryptDefaultCost = 6
	bcryptMinCost     = 4
	bcryptMaxCost     = 31
)

func cryptFuncs() []*Func {
	return []*Func{
		sqlDef("crypt", 2, 2, "crypt(password, salt): the password's hash in the salt's algorithm, Blowfish ($2a$) or MD5 ($1$) (pgcrypto); crypt(password, hash) = hash checks a password.", resultOf(value.TypeText),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].Kind() != value.KindString || args[1].Kind() != value.KindString {
					return value.None, noSQLFunc(name, args)
				}
				h, err := cryptHash([]byte(args[0].AsString()), args[1].AsString())
				if err != nil {
					return value.None, err
				}
				return value.String(h), nil
			},
			ex(`"$2a$06$0123456789abcdefghijkeQqXhNjHJxAKFHrsdZLg6kOvzeWw9IQW"`, vs("secret"), vs("$2a$06$0123456789abcdefghijkl")),
			ex(`"$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"`, vs("password"), vs("$1$saltsalt")),
			exErr(errs.FeatureNotSupported, vs("pw"), vs("ab"))),
		sqlDef("gen_salt", 1, 2, "gen_salt(type [, rounds]): a random salt for crypt: bf (Blowfish, rounds = log2 of the iterations, 4–31, default 6) or md5 (pgcrypto).", resultOf(value.TypeText),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				if args[0].Kind() != value.KindString || len(args) > 1 && args[1].Kind() != value.KindInt {
					return value.None, noSQLFunc(name, args)
				}
				rounds := int64(-1)
				if len(args) > 1 {
					rounds = args[1].AsInt()
				}
				s, err := genSalt(strings.ToLower(args[0].AsString()), rounds)
				if err != nil {
					return value.None, err
				}
				return value.String(s), nil
			},
			exErr(errs.InvalidParameterValue, vs("sha3"))),
	}
}

// genSalt is gen_salt: rounds < 0 takes the algorithm's default.
func genSalt(kind string, rounds int64) (string, error) {
	random := make([]byte, 16)
	if _, err := rand.Read(random); err != nil {
		return "", errs.Wrap(errs.InternalError, err, "gen_salt")
	}
	switch kind {
	case "bf":
		if rounds < 0 {
			rounds = bcryptDefaultCost
		}
		if rounds < bcryptMinCost || rounds > bcryptMaxCost {
			return "", errs.New(errs.InvalidParameterValue, "gen_salt: Incorrect number of rounds")
		}
		return "$2a$" + twoDigits(int(rounds)) + "$" + bcryptBase64(random), nil
	case "md5":
		if rounds >= 0 {
			// pgcrypto's MD5-crypt has a fixed iteration count.
			return "", errs.New(errs.InvalidParameterValue, "gen_salt: Incorrect number of rounds")
		}
		salt := make([]byte, 8)
		for i := range salt {
			salt[i] = cryptAlphabet[random[i]&63]
		}
		return "$1$" + string(salt), nil
	case "des", "xdes":
		return "", errs.New(errs.FeatureNotSupported, "feature not supported: gen_salt('%s'): the DES algorithms; use bf", kind)
	}
	return "", errs.New(errs.InvalidParameterValue, "gen_salt: Unknown salt algorithm")
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// cryptHash is crypt: the algorithm is the salt's prefix, and a whole
// stored hash works as the salt (only its salt part is read).
func cryptHash(password []byte, salt string) (string, error) {
	switch {
	case strings.HasPrefix(salt, "$2a$"), strings.HasPrefix(salt, "$2b$"), strings.HasPrefix(salt, "$2y$"):
		return bcryptHash(password, salt)
	case strings.HasPrefix(salt, "$1$"):
		return md5Crypt(password, salt[3:]), nil
	case strings.HasPrefix(salt, "$2"):
		return "", errs.New(errs.InvalidParameterValue, "invalid salt")
	}
	return "", errs.New(errs.FeatureNotSupported, "feature not supported: crypt with a DES salt; use gen_salt('bf')")
}

// bcryptMagic is the text bcrypt encrypts 64 times with the expensive
// key schedule.
var bcryptMagic = []byte("OrpheanBeholderScryDoubt")

// bcryptHash is crypt-blowfish: "$2a$NN$" + 22 characters of salt +
// 31 of hash. As in pgcrypto, the password's bytes after the 72nd are
// ignored.
func bcryptHash(password []byte, salt string) (string, error) {
	if len(salt) < 29 || salt[6] != '$' {
		return "", errs.New(errs.InvalidParameterValue, "invalid salt")
	}
	cost, err := strconv.Atoi(salt[4:6])
	if err != nil || cost < bcryptMinCost || cost > bcryptMaxCost {
		return "", errs.New(errs.InvalidParameterValue, "invalid salt")
	}
	rawSalt, ok := bcryptDecode(salt[7:29], 16)
	if !ok {
		return "", errs.New(errs.InvalidParameterValue, "invalid salt")
	}
	key := append(append(make([]byte, 0, len(password)+1), password...), 0)
	if len(key) > 72 {
		key = key[:72]
	}
	c, err := blowfish.NewSaltedCipher(key, rawSalt)
	if err != nil {
		return "", errs.Wrap(errs.InternalError, err, "crypt")
	}
	for i := uint64(0); i < 1<<uint(cost); i++ {
		blowfish.ExpandKey(key, c)
		blowfish.ExpandKey(rawSalt, c)
	}
	text := append([]byte(nil), bcryptMagic...)
	for i := 0; i < len(text); i += 8 {
		for range 64 {
			c.Encrypt(text[i:i+8], text[i:i+8])
		}
	}
	// The 24th byte of the cipher text is not part of the hash (23
	// bytes make the 31 characters), as in every bcrypt.
	return salt[:7] + bcryptBase64(rawSalt) + bcryptBase64(text[:23]), nil
}

// bcryptBase64 is bcrypt's base64: its alphabet, no padding.
func bcryptBase64(b []byte) string {
	var out []byte
	for i := 0; i < len(b); i += 3 {
		var n uint32
		k := min(3, len(b)-i)
		for j := range k {
			n |= uint32(b[i+j]) << (16 - 8*j)
		}
		for j := range k + 1 {
			out = append(out, bcryptAlphabet[n>>(18-6*j)&63])
		}
	}
	return string(out)
}

// bcryptDecode reads n bytes from bcrypt's base64.
func bcryptDecode(s string, n int) ([]byte, bool) {
	var out []byte
	for i := 0; i < len(s) && len(out) < n; i += 4 {
		var v uint32
		k := min(4, len(s)-i)
		for j := range k {
			d := strings.IndexByte(bcryptAlphabet, s[i+j])
			if d < 0 {
				return nil, false
			}
			v |= uint32(d) << (18 - 6*j)
		}
		for j := 0; j < k-1 && len(out) < n; j++ {
			out = append(out, byte(v>>(16-8*j)))
		}
	}
	return out, len(out) == n
}

// md5Crypt is the FreeBSD MD5-crypt of pgcrypto's "$1$": up to 8
// characters of salt (ending at '$'), 1000 rounds.
func md5Crypt(password []byte, salt string) string {
	if i := strings.IndexByte(salt, '$'); i >= 0 {
		salt = salt[:i]
	}
	if len(salt) > 8 {
		salt = salt[:8]
	}
	const magic = "$1$"
	alt := md5.New()
	alt.Write(password)
	alt.Write([]byte(salt))
	alt.Write(password)
	altSum := alt.Sum(nil)

	ctx := md5.New()
	ctx.Write(password)
	ctx.Write([]byte(magic + salt))
	for n := len(password); n > 0; n -= 16 {
		ctx.Write(altSum[:min(n, 16)])
	}
	for n := len(password); n > 0; n >>= 1 {
		if n&1 != 0 {
			ctx.Write([]byte{0})
		} else {
			ctx.Write(password[:1])
		}
	}
	sum := ctx.Sum(nil)
	for i := range 1000 {
		r := md5.New()
		if i&1 != 0 {
			r.Write(password)
		} else {
			r.Write(sum)
		}
		if i%3 != 0 {
			r.Write([]byte(salt))
		}
		if i%7 != 0 {
			r.Write(password)
		}
		if i&1 != 0 {
			r.Write(sum)
		} else {
			r.Write(password)
		}
		sum = r.Sum(nil)
	}
	out := []byte(magic + salt + "$")
	put := func(v uint32, n int) {
		for ; n > 0; n-- {
			out = append(out, cryptAlphabet[v&63])
			v >>= 6
		}
	}
	for _, t := range [][3]int{{0, 6, 12}, {1, 7, 13}, {2, 8, 14}, {3, 9, 15}, {4, 10, 5}} {
		put(uint32(sum[t[0]])<<16|uint32(sum[t[1]])<<8|uint32(sum[t[2]]), 4)
	}
	put(uint32(sum[11]), 2)
	return string(out)
}
