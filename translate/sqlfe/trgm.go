package sqlfe

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// pg_trgm's operators on text, and the functions behind them: the
// matches compare with a threshold setting, read when the statement
// runs (current_setting), so a SET between executions of a cached
// plan takes effect.

// trgmOperators maps each operator to its function and, for the
// matches, the threshold setting it compares with.
var trgmOperators = map[string]struct{ fn, setting string }{
	"%":     {"similarity_op", trgmSimilarityThreshold},
	"<%":    {"word_similarity_op", trgmWordThreshold},
	"%>":    {"word_similarity_commutator_op", trgmWordThreshold},
	"<<%":   {"strict_word_similarity_op", trgmStrictThreshold},
	"%>>":   {"strict_word_similarity_commutator_op", trgmStrictThreshold},
	"<->":   {"similarity_dist", ""},
	"<<->":  {"word_similarity_dist_op", ""},
	"<->>":  {"word_similarity_dist_commutator_op", ""},
	"<<<->": {"strict_word_similarity_dist_op", ""},
	"<->>>": {"strict_word_similarity_dist_commutator_op", ""},
}

// The settings of pg_trgm's thresholds.
const (
	trgmSimilarityThreshold = "pg_trgm.similarity_threshold"
	trgmWordThreshold       = "pg_trgm.word_similarity_threshold"
	trgmStrictThreshold     = "pg_trgm.strict_word_similarity_threshold"
)

// trgmMatchSetting is the threshold setting of a function behind a
// match operator, which SQL may also call by name with two arguments.
func trgmMatchSetting(fn string) (string, bool) {
	for _, o := range trgmOperators {
		if o.fn == fn && o.setting != "" {
			return o.setting, true
		}
	}
	return "", false
}

// trgmOp translates a pg_trgm operator between strings (text, varchar,
// citext, or a literal beside one, or two literals). ok=false leaves
// the operator to others (% of numbers, <-> of vectors).
func (tr *translator) trgmOp(op string, l, r texpr, p int) (texpr, bool, error) {
	o, found := trgmOperators[op]
	if !found {
		return texpr{}, false, nil
	}
	text := func(x texpr) bool { return !x.unknown && categoryOf(x.t) == catString && !x.t.Array }
	switch {
	case text(l) && (text(r) || r.unknown), l.unknown && text(r):
	case l.unknown && r.unknown:
		// Two literals are text, PostgreSQL's preferred category:
		// '[1,2]' <-> '[3,4]' is a trigram distance there too.
	default:
		return texpr{}, false, nil
	}
	x, err := tr.trgmCall(o.fn, []texpr{l, r}, p)
	return x, true, err
}

// trgmCall calls a pg_trgm function, giving a match function its
// threshold setting as the third argument.
func (tr *translator) trgmCall(fn string, args []texpr, p int) (texpr, error) {
	for i := range args {
		if args[i].unknown {
			var err error
			if args[i], err = tr.coerce(args[i], value.TypeText); err != nil {
				return texpr{}, err
			}
		}
	}
	if setting, ok := trgmMatchSetting(fn); ok && len(args) == 2 {
		name := texpr{e: &plan.Const{At: at(p), V: value.String(setting)}, t: value.TypeText}
		limit, err := tr.call("current_setting", []texpr{name}, p)
		if err != nil {
			return texpr{}, err
		}
		args = append(args, limit)
	}
	return tr.call(fn, args, p)
}

// trgmLimitCall translates pg_trgm's deprecated set_limit(real), which
// sets pg_trgm.similarity_threshold and returns it, and show_limit().
func (tr *translator) trgmLimitCall(name string, args []texpr, p int) (texpr, bool, error) {
	setting := texpr{e: &plan.Const{At: at(p), V: value.String(trgmSimilarityThreshold)}, t: value.TypeText}
	var x texpr
	var err error
	switch {
	case name == "show_limit" && len(args) == 0:
		x, err = tr.call("current_setting", []texpr{setting}, p)
	case name == "set_limit" && len(args) == 1:
		var limit texpr
		if limit, err = tr.coerce(args[0], value.TypeFloat4); err != nil {
			return texpr{}, true, err
		}
		if limit, err = tr.cast(limit, value.TypeText, p); err != nil {
			return texpr{}, true, err
		}
		local := texpr{e: &plan.Const{At: at(p), V: value.Bool(false)}, t: value.TypeBool}
		x, err = tr.call("set_config", []texpr{setting, limit, local}, p)
	default:
		return texpr{}, false, nil
	}
	if err != nil {
		return texpr{}, true, err
	}
	x, err = tr.cast(x, value.TypeFloat4, p)
	return x, true, err
}
