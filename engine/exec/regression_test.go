package exec

import (
	"math"
	"testing"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// TestRegression checks the state of corr, covar_* and regr_* against
// what PostgreSQL 15 returns for the same (Y, X) pairs.
func TestRegression(t *testing.T) {
	pairs := func(ps ...[2]float64) regression {
		var rg regression
		for _, p := range ps {
			if err := rg.add(p[0], p[1]); err != nil {
				t.Fatal(err)
			}
		}
		return rg
	}
	line := pairs([2]float64{1, 2}, [2]float64{2, 4.5}, [2]float64{3.5, 5})
	flat := pairs([2]float64{10, 1}, [2]float64{10, 1})
	for _, c := range []struct {
		rg   regression
		f    plan.AggFunc
		want string
	}{
		{line, plan.AggCorr, "0.8858920666876038"},
		{line, plan.AggRegrSlope, "0.6935483870967742"},
		{line, plan.AggRegrIntercept, "-0.4919354838709677"},
		{line, plan.AggCovarSamp, "1.7916666666666665"},
		{line, plan.AggRegrCount, "3"},
		{flat, plan.AggCorr, "null"},
		{flat, plan.AggRegrR2, "null"},
		{flat, plan.AggCovarPop, "0"},
		{pairs([2]float64{1, 1}), plan.AggCovarSamp, "null"},
		{regression{}, plan.AggRegrCount, "0"},
		{regression{}, plan.AggRegrSxx, "null"},
		{pairs([2]float64{math.Inf(1), 1}, [2]float64{1, 2}), plan.AggCovarPop, "NaN"},
	} {
		got := c.rg.result(c.f)
		js := string(value.AppendJSON(nil, got))
		if got.Kind() == value.KindFloat && math.IsNaN(got.AsFloat()) {
			js = "NaN"
		}
		if js != c.want {
			t.Errorf("aggregate %d of %+v = %s, want %s", c.f, c.rg, js, c.want)
		}
	}
	var rg regression
	_ = rg.add(1e308, 1e308)
	if err := rg.add(-1e308, -1e308); errs.Code(err) != errs.NumericValueOutOfRange {
		t.Errorf("overflow: %v", err)
	}
}
