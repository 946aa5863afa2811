package session

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/errs"
)

// guc is one run-time parameter of the catalog (gucs): what PostgreSQL's
// pg_settings says of it, and zerodb's default.
type guc struct {
	name     string // canonical spelling, as SHOW ALL and ParameterStatus report it
	typ      gucType
	unit     string // pg_settings' unit: the base unit of an integer or real ("" none)
	ctx      gucContext
	min, max float64 // integer and real parameters
	enum     []string
	def      string // the value as pg_settings' setting shows it
	flags    gucFlag
	cat      string
	desc     string
}

type gucType uint8

const (
	typeBool gucType = iota
	typeInt
	typeReal
	typeString
	typeEnum
)

// vartype is pg_settings' name of the type.
func (t gucType) vartype() string {
	return [...]string{"bool", "integer", "real", "string", "enum"}[t]
}

// gucContext is when a parameter may change, as PostgreSQL's GucContext.
type gucContext uint8

const (
	ctxInternal gucContext = iota
	ctxPostmaster
	ctxSighup
	ctxSuperuserBackend
	ctxBackend
	ctxSuperuser
	ctxUser
)

func (c gucContext) String() string {
	return [...]string{"internal", "postmaster", "sighup", "superuser-backend", "backend", "superuser", "user"}[c]
}

type gucFlag uint8

const (
	gucReport     gucFlag = 1 << iota // sent in ParameterStatus
	gucNoResetAll                     // RESET ALL and DISCARD ALL leave it
	gucNoShowAll                      // not in SHOW ALL or pg_settings
)

// lookupGUC finds a catalog parameter by its lower-cased name.
func lookupGUC(lower string) *guc {
	i, ok := slices.BinarySearchFunc(gucs[:], lower, func(g guc, name string) int {
		return compareFold(g.name, name)
	})
	if !ok {
		return nil
	}
	return &gucs[i]
}

// compareFold compares a with the lower-cased b as if a were lower-cased
// too, without allocating.
func compareFold(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		c := a[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != b[i] {
			if c < b[i] {
				return -1
			}
			return 1
		}
	}
	return len(a) - len(b)
}

// customGUC is the catalog entry of a dotted parameter no extension of
// zerodb defines: a string anyone may set, which SHOW ALL and
// pg_settings leave out, as PostgreSQL's placeholders.
func customGUC(name string) *guc {
	return &guc{name: name, typ: typeString, ctx: ctxUser, flags: gucNoShowAll, cat: "Customized Options"}
}

// contextError is PostgreSQL's refusal to change g now (SET, RESET,
// set_config), nil when the session may. superuser is whether the
// session's user is one.
func (g *guc) contextError(superuser bool) error {
	switch g.ctx {
	case ctxInternal:
		return errs.New(errs.CantChangeRuntimeParam, "parameter %q cannot be changed", g.name)
	case ctxPostmaster:
		return errs.New(errs.CantChangeRuntimeParam, "parameter %q cannot be changed without restarting the server", g.name)
	case ctxSighup:
		return errs.New(errs.CantChangeRuntimeParam, "parameter %q cannot be changed now", g.name)
	case ctxSuperuserBackend, ctxBackend:
		return errs.New(errs.CantChangeRuntimeParam, "parameter %q cannot be set after connection start", g.name)
	case ctxSuperuser:
		if !superuser {
			return errs.New(errs.InsufficientPrivilege, "permission denied to set parameter %q", g.name)
		}
	}
	return nil
}

// parse reads val as a value of g's type, as PostgreSQL's
// parse_and_validate_value does, and returns it as pg_settings' setting
// column spells it (integers in the base unit, reals as %g, booleans
// on/off, an enum's canonical value).
func (g *guc) parse(val string) (string, error) {
	switch g.typ {
	case typeBool:
		b, ok := parseBool(val)
		if !ok {
			return "", errs.New(errs.InvalidParameterValue, "parameter %q requires a Boolean value", g.name)
		}
		if b {
			return "on", nil
		}
		return "off", nil
	case typeInt, typeReal:
		f, hint, ok := g.parseNumber(val, g.typ == typeInt)
		if !ok {
			return "", g.invalid(val).WithHint("%s", hint)
		}
		if f < g.min || f > g.max {
			return "", errs.New(errs.InvalidParameterValue, "%s%s is outside the valid range for parameter %q (%s .. %s)",
				g.number(f), g.spacedUnit(), g.name, g.number(g.min), g.number(g.max))
		}
		return g.number(f), nil
	case typeEnum:
		if v, ok := g.enumValue(val); ok {
			return v, nil
		}
		return "", g.invalid(val).WithHint("Available values: %s.", strings.Join(g.enum, ", "))
	}
	return val, nil
}

func (g *guc) invalid(val string) *errs.Error {
	return errs.New(errs.InvalidParameterValue, "invalid value for parameter %q: %q", g.name, val)
}

// spacedUnit is the unit as a range error writes it after the value.
func (g *guc) spacedUnit() string {
	if g.unit == "" {
		return ""
	}
	return " " + g.unit
}

// enumValue matches val with one of g's values case-insensitively. As
// PostgreSQL's hidden aliases: the levels' "debug" is debug2, and an
// enum with on and off takes every spelling of a boolean for them.
func (g *guc) enumValue(val string) (string, bool) {
	for _, e := range g.enum {
		if strings.EqualFold(e, val) {
			return e, true
		}
	}
	if strings.EqualFold(val, "debug") && slices.Contains(g.enum, "debug2") {
		return "debug2", true
	}
	if slices.Contains(g.enum, "on") && slices.Contains(g.enum, "off") {
		switch strings.ToLower(val) {
		case "true", "yes", "1":
			return "on", true
		case "false", "no", "0":
			return "off", true
		}
	}
	return "", false
}

// parseBool is PostgreSQL's parse_bool: true, false, yes, no and any
// prefix of them, on, off (two letters at least), 1 and 0, in any case.
func parseBool(val string) (bool, bool) {
	v := strings.ToLower(val)
	if v == "" {
		return false, false
	}
	prefix := func(word string) bool { return strings.HasPrefix(word, v) }
	switch {
	case prefix("true"), prefix("yes"), v == "1":
		return true, true
	case prefix("false"), prefix("no"), v == "0":
		return false, true
	case len(v) >= 2 && prefix("on"):
		return true, true
	case len(v) >= 2 && prefix("off"):
		return false, true
	}
	return false, false
}

// unitScale is how many of a family's smallest unit (bytes, or
// microseconds) one unit is.
type unitScale struct {
	name  string
	scale float64
	time  bool
}

// gucUnits are the units values may be given in, largest first in each
// family as PostgreSQL's conversion tables (which pick the first unit
// that divides a value evenly when showing it). Unit names are
// case-sensitive, as in PostgreSQL.
var gucUnits = [...]unitScale{
	{"TB", 1 << 40, false}, {"GB", 1 << 30, false}, {"MB", 1 << 20, false}, {"kB", 1 << 10, false}, {"B", 1, false},
	{"d", 86400e6, true}, {"h", 3600e6, true}, {"min", 60e6, true}, {"s", 1e6, true}, {"ms", 1e3, true}, {"us", 1, true},
}

// baseScale is the size of g's base unit ("8kB" is a block).
func (g *guc) baseScale() (float64, bool) {
	if g.unit == "8kB" {
		return 8192, false
	}
	for _, u := range gucUnits {
		if u.name == g.unit {
			return u.scale, u.time
		}
	}
	return 0, false
}

// parseNumber is PostgreSQL's parse_int (integer) and parse_real: a
// number (an integer in decimal, hex or octal, or a float), then
// optionally a unit of g's family, converted to g's base unit (a
// fraction of the unit rounded to the next smaller unit); an integer is
// rounded. On failure hint is PostgreSQL's hint ("" none).
func (g *guc) parseNumber(val string, integer bool) (f float64, hint string, ok bool) {
	s := strings.TrimLeft(val, " \t\n\r\f\v")
	num, rest := splitNumber(s)
	if num == "" {
		return 0, "", false
	}
	if n, err := strconv.ParseInt(num, 0, 64); err == nil && integer {
		f = float64(n)
	} else if f, err = strconv.ParseFloat(num, 64); err != nil || math.IsNaN(f) {
		return 0, "", false
	}
	rest = strings.TrimSpace(rest)
	if rest != "" {
		base, isTime := g.baseScale()
		if base == 0 {
			return 0, "", false
		}
		unitsHint := `Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".`
		if isTime {
			unitsHint = `Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".`
		}
		i := slices.IndexFunc(gucUnits[:], func(u unitScale) bool { return u.name == rest && u.time == isTime })
		if i < 0 {
			return 0, unitsHint, false
		}
		f *= gucUnits[i].scale / base
		if i+1 < len(gucUnits) && gucUnits[i+1].time == isTime {
			next := gucUnits[i+1].scale / base
			f = math.RoundToEven(f/next) * next
		}
	}
	if integer {
		f = math.RoundToEven(f)
		if f > math.MaxInt32 || f < math.MinInt32 {
			return 0, "Value exceeds integer range.", false
		}
	}
	return f, "", true
}

// splitNumber splits the longest prefix of s that C's strtod (or strtol
// with base 0) would read from the rest.
func splitNumber(s string) (num, rest string) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if strings.HasPrefix(strings.ToLower(s[i:]), "0x") {
		j := i + 2
		for j < len(s) && strings.IndexByte("0123456789abcdefABCDEF", s[j]) >= 0 {
			j++
		}
		if j > i+2 {
			return s[:j], s[j:]
		}
	}
	digits := func(j int) int {
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		return j
	}
	j := digits(i)
	if j < len(s) && s[j] == '.' {
		j = digits(j + 1)
	}
	if j == i || s[i:j] == "." {
		return "", s
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if e := digits(k); e > k {
			j = e
		}
	}
	return s[:j], s[j:]
}

// show is a value (as pg_settings' setting column has it) as SHOW and
// current_setting print it: a positive integer or real with a unit in
// the largest unit that divides it evenly, as PostgreSQL's _ShowOption.
func (g *guc) show(val string) string {
	if g.octal() {
		return g.setting(val)
	}
	// The TCP settings' show hooks print the number alone.
	if g.unit == "" || (g.typ != typeInt && g.typ != typeReal) || strings.HasPrefix(g.name, "tcp_") {
		return val
	}
	f, err := strconv.ParseFloat(val, 64)
	base, isTime := g.baseScale()
	if err != nil || f <= 0 || base == 0 {
		return val
	}
	var last unitScale
	for _, u := range gucUnits {
		if u.time != isTime {
			continue
		}
		last = u
		mult := u.scale / base
		if g.typ == typeInt {
			if mult <= 1 || math.Mod(f, mult) == 0 {
				return strconv.FormatInt(int64(f/mult), 10) + u.name
			}
			continue
		}
		if r := f / mult; math.Abs(math.RoundToEven(r)/r-1) <= 1e-8 {
			return gucReal(r) + u.name
		}
	}
	return gucReal(f/(last.scale/base)) + last.name
}

// octal reports the file modes PostgreSQL shows in octal (their show
// hooks).
func (g *guc) octal() bool {
	switch g.name {
	case "data_directory_mode", "log_file_mode", "unix_socket_permissions":
		return true
	}
	return false
}

// setting is a value as pg_settings' setting column shows it: the value
// in the base unit, a file mode in octal.
func (g *guc) setting(val string) string {
	if g.octal() {
		if n, err := strconv.ParseInt(val, 10, 64); err == nil {
			return fmt.Sprintf("%04o", n)
		}
	}
	return val
}

// gucReal is C's %g of f, which PostgreSQL shows real parameters with
// (Go's 'g' writes the exponent as C does, with two digits at least).
func gucReal(f float64) string { return strconv.FormatFloat(f, 'g', 6, 64) }

// number spells a value of an integer or real parameter as
// pg_settings does (its setting, min_val and max_val).
func (g *guc) number(f float64) string {
	if g.typ == typeInt {
		return strconv.FormatInt(int64(f), 10)
	}
	return gucReal(f)
}
