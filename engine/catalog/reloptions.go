package catalog

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// RelOptKind is the kind of relation a storage parameter (a reloption,
// WITH (...) of CREATE TABLE, CREATE INDEX, CREATE MATERIALIZED VIEW, and
// ALTER ... SET) applies to; PostgreSQL 15's RELOPT_KIND_*.
type RelOptKind uint8

const (
	RelOptHeap  RelOptKind = 1 << iota // tables and materialized views
	RelOptToast                        // their toast tables: "toast." options
	RelOptBTree
	RelOptGIN
	RelOptGiST
	RelOptHash
	RelOptBRIN
	RelOptSPGiST
)

// IndexRelOptKind is the kind of storage parameters index ix takes (a
// primary key's, nil, is a btree); ok is false for an hnsw index, whose
// WITH (...) are settings of its own (Index.Options).
func IndexRelOptKind(ix *Index) (kind RelOptKind, ok bool) {
	if ix == nil {
		return RelOptBTree, true
	}
	switch ix.Kind {
	case IndexGIN:
		if ix.Method == MethodGiST {
			return RelOptGiST, true
		}
		return RelOptGIN, true
	case IndexTrgm:
		if ix.Options[IndexTrgmMethod] == "gist" {
			return RelOptGiST, true
		}
		return RelOptGIN, true
	case IndexHNSW:
		return 0, false
	}
	switch ix.Method {
	case MethodHash:
		return RelOptHash, true
	case MethodBRIN:
		return RelOptBRIN, true
	case MethodGiST:
		return RelOptGiST, true
	case MethodSPGiST:
		return RelOptSPGiST, true
	}
	return RelOptBTree, true
}

// RelOption is one storage parameter as written: Namespace is "toast"
// for toast.name, Value the text of its argument (HasValue false for a
// bare name, which is true).
type RelOption struct {
	Namespace, Name, Value string
	HasValue               bool
}

// Key is the option's name as reloptions list it: toast.name for a toast
// option.
func (o RelOption) Key() string {
	if o.Namespace != "" {
		return o.Namespace + "." + o.Name
	}
	return o.Name
}

type relOptType uint8

const (
	relOptBool relOptType = iota
	relOptInt
	relOptReal
	relOptEnum
)

// relOptDef is one parameter of PostgreSQL 15's reloptions.c.
type relOptDef struct {
	kinds    RelOptKind
	typ      relOptType
	min, max float64
	enum     []string // the accepted words of an enum
	detail   string   // an enum's hint at its values
}

const intMax = math.MaxInt32

// relOptDefs are PostgreSQL 15's storage parameters. zerodb keeps them,
// shows them and dumps them, and acts on none: it has no heap pages to
// fill, no vacuum and no toast.
func relOptDefs(name string) (relOptDef, bool) {
	const heap, both = RelOptHeap, RelOptHeap | RelOptToast
	vacuumCleanup := []string{"auto", "on", "off", "true", "false", "yes", "no", "1", "0"}
	onOffAuto := []string{"on", "off", "auto"}
	d, ok := map[string]relOptDef{
		"fillfactor":                            {kinds: heap | RelOptBTree | RelOptGiST | RelOptHash | RelOptSPGiST, typ: relOptInt, min: 10, max: 100},
		"toast_tuple_target":                    {kinds: heap, typ: relOptInt, min: 128, max: 8160},
		"parallel_workers":                      {kinds: heap, typ: relOptInt, min: 0, max: 1024},
		"user_catalog_table":                    {kinds: heap, typ: relOptBool},
		"autovacuum_analyze_threshold":          {kinds: heap, typ: relOptInt, min: 0, max: intMax},
		"autovacuum_analyze_scale_factor":       {kinds: heap, typ: relOptReal, min: 0, max: 100},
		"autovacuum_enabled":                    {kinds: both, typ: relOptBool},
		"autovacuum_vacuum_threshold":           {kinds: both, typ: relOptInt, min: 0, max: intMax},
		"autovacuum_vacuum_insert_threshold":    {kinds: both, typ: relOptInt, min: -1, max: intMax},
		"autovacuum_vacuum_cost_limit":          {kinds: both, typ: relOptInt, min: 1, max: 10000},
		"autovacuum_freeze_min_age":             {kinds: both, typ: relOptInt, min: 0, max: 1000000000},
		"autovacuum_multixact_freeze_min_age":   {kinds: both, typ: relOptInt, min: 0, max: 1000000000},
		"autovacuum_freeze_max_age":             {kinds: both, typ: relOptInt, min: 100000, max: 2000000000},
		"autovacuum_multixact_freeze_max_age":   {kinds: both, typ: relOptInt, min: 10000, max: 2000000000},
		"autovacuum_freeze_table_age":           {kinds: both, typ: relOptInt, min: 0, max: 2000000000},
		"autovacuum_multixact_freeze_table_age": {kinds: both, typ: relOptInt, min: 0, max: 2000000000},
		"log_autovacuum_min_duration":           {kinds: both, typ: relOptInt, min: -1, max: intMax},
		"autovacuum_vacuum_cost_delay":          {kinds: both, typ: relOptReal, min: 0, max: 100},
		"autovacuum_vacuum_scale_factor":        {kinds: both, typ: relOptReal, min: 0, max: 100},
		"autovacuum_vacuum_insert_scale_factor": {kinds: both, typ: relOptReal, min: 0, max: 100},
		"vacuum_index_cleanup":                  {kinds: both, typ: relOptEnum, enum: vacuumCleanup, detail: `Valid values are "on", "off", and "auto".`},
		"vacuum_truncate":                       {kinds: both, typ: relOptBool},
		"deduplicate_items":                     {kinds: RelOptBTree, typ: relOptBool},
		"vacuum_cleanup_index_scale_factor":     {kinds: RelOptBTree, typ: relOptReal, min: 0, max: 1e10},
		"fastupdate":                            {kinds: RelOptGIN, typ: relOptBool},
		"gin_pending_list_limit":                {kinds: RelOptGIN, typ: relOptInt, min: 64, max: intMax / 1024},
		"pages_per_range":                       {kinds: RelOptBRIN, typ: relOptInt, min: 1, max: 131072},
		"autosummarize":                         {kinds: RelOptBRIN, typ: relOptBool},
		"buffering":                             {kinds: RelOptGiST, typ: relOptEnum, enum: onOffAuto, detail: `Valid values are "on", "off", and "auto".`},
	}[name]
	return d, ok
}

// ValidateRelOptions checks opts as storage parameters of a relation of
// kind (toast.* ones too where withToast) as PostgreSQL does, all with
// 22023 and its messages, and returns them as reloptions lists them:
// name=value in the order written (a bare name is name=true).
func ValidateRelOptions(opts []RelOption, kind RelOptKind, withToast bool) ([]string, error) {
	out := make([]string, 0, len(opts))
	seen := map[string]bool{}
	for _, o := range opts {
		k := kind
		switch o.Namespace {
		case "":
		case "toast":
			if !withToast {
				return nil, errs.New(errs.InvalidParameterValue, "unrecognized parameter namespace %q", o.Namespace)
			}
			k = RelOptToast
		default:
			return nil, errs.New(errs.InvalidParameterValue, "unrecognized parameter namespace %q", o.Namespace)
		}
		v := o.Value
		if !o.HasValue {
			v = "true"
		}
		def, ok := relOptDefs(o.Name)
		if !ok || def.kinds&k == 0 {
			return nil, errs.New(errs.InvalidParameterValue, "unrecognized parameter %q", o.Name)
		}
		if seen[o.Key()] {
			return nil, errs.New(errs.InvalidParameterValue, "parameter %q specified more than once", o.Name)
		}
		seen[o.Key()] = true
		if err := def.check(o.Name, v); err != nil {
			return nil, err
		}
		out = append(out, o.Key()+"="+v)
	}
	return out, nil
}

// check is parse_one_reloption's check of v.
func (d relOptDef) check(name, v string) error {
	switch d.typ {
	case relOptBool:
		if _, err := value.ParseText(v, value.Type{Kind: value.KindBool}); err != nil {
			return errs.New(errs.InvalidParameterValue, "invalid value for boolean option %q: %s", name, v)
		}
	case relOptEnum:
		if !slices.ContainsFunc(d.enum, func(e string) bool { return strings.EqualFold(e, v) }) {
			return errs.New(errs.InvalidParameterValue, "invalid value for enum option %q: %s", name, v).WithDetail("%s", d.detail)
		}
	case relOptInt, relOptReal:
		// PostgreSQL reads both with strtod; an integer is rounded.
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if d.typ == relOptInt {
			f = math.RoundToEven(f)
		}
		if err != nil || math.IsNaN(f) || (d.typ == relOptInt && (f > math.MaxInt32 || f < math.MinInt32)) {
			kind := "integer"
			if d.typ == relOptReal {
				kind = "floating point"
			}
			return errs.New(errs.InvalidParameterValue, "invalid value for %s option %q: %s", kind, name, v)
		}
		if f < d.min || f > d.max {
			e := errs.New(errs.InvalidParameterValue, "value %s out of bounds for option %q", v, name)
			if d.typ == relOptInt {
				return e.WithDetail("Valid values are between \"%d\" and \"%d\".", int64(d.min), int64(d.max))
			}
			return e.WithDetail("Valid values are between \"%f\" and \"%f\".", d.min, d.max)
		}
	}
	return nil
}

// MergeRelOptions is ALTER ... SET (set) and RESET (reset, keys) over
// reloptions old: an option set or reset loses its old value, the ones
// set follow the ones kept, as PostgreSQL orders them.
func MergeRelOptions(old, set, reset []string) []string {
	gone := map[string]bool{}
	for _, k := range reset {
		gone[k] = true
	}
	for _, s := range set {
		gone[RelOptionKey(s)] = true
	}
	var out []string
	for _, o := range old {
		if !gone[RelOptionKey(o)] {
			out = append(out, o)
		}
	}
	out = append(out, set...)
	if len(out) == 0 {
		return nil
	}
	return out
}

// RelOptionKey is the name of a name=value reloption.
func RelOptionKey(opt string) string {
	k, _, _ := strings.Cut(opt, "=")
	return k
}

// SplitToast parts reloptions into a relation's own and its toast
// table's (without the "toast." prefix), as PostgreSQL keeps them in two
// pg_class rows.
func SplitToast(opts []string) (own, toast []string) {
	for _, o := range opts {
		if rest, ok := strings.CutPrefix(o, "toast."); ok {
			toast = append(toast, rest)
		} else {
			own = append(own, o)
		}
	}
	return own, toast
}
