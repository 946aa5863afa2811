package sqlfe

import (
	"errors"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

func TestCheckNesting(t *testing.T) {
	rep := strings.Repeat
	deep := 3 * maxNesting
	tests := []struct {
		name string
		text string
		deep bool
	}{
		{"short", "select 1+1", false},
		{"operator chain", "select " + rep("1+", deep) + "1", true},
		{"concatenation", "select " + rep("'a'||", deep) + "'a'", true},
		{"json path", "select d" + rep("->'a'", deep) + " from t", true},
		{"casts", "select 1" + rep("::int", deep), true},
		{"unions", rep("select 1 union ", deep) + "select 1", true},
		{"joins", "select * from t" + rep(" join t using (a)", deep), true},
		{"collations", "select 'a'" + rep(" collate \"C\"", deep), true},
		{"chain inside calls", "select " + rep("f(1+", deep/2) + "1" + rep(")", deep/2), true},
		{"chain across statements is not one", rep("select 1+1+1;", deep), false},
		{"and chain is flat", "select " + rep("true and ", deep) + "true", false},
		{"or chain is flat", "select * from t where " + rep("a = 1 or ", deep) + "a = 2", false},
		{"in list", "select 1 in (" + rep("1,", deep) + "1)", false},
		{"values rows", "insert into t values " + rep("(1+1, 'x'), ", deep) + "(1, 'y')", false},
		{"operators in a string", "select '" + rep("1+", deep) + "'", false},
		{"operators in an escape string", "select E'\\'" + rep("1+", deep) + "'", false},
		{"operators in a dollar quote", "select $q$" + rep("1+", deep) + "$q$", false},
		{"operators in a quoted identifier", "select 1 as \"" + rep("1+", deep) + "\"", false},
		{"operators in comments", "select 1 -- " + rep("1+", deep) + "\n/* " + rep("1+", deep) + " */", false},
		{"prefix operators", "select " + rep("+", deep) + "1", true},
		{"prefix minus and plus", "select " + rep("+-", deep/2) + "1", true},
		{"one long operator is one link", "select 1 " + rep("@+", deep) + " 1", false},
		{"parameters are no quotes", "select $1" + rep("+$1", deep), true},
		{"unterminated string is the parser's", "select 1" + rep("+1", maxNesting/2) + "'" + rep("1+", deep), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkNesting(tt.text)
			if !tt.deep {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *errs.Error
			if !errors.As(err, &e) || e.Code != errs.StatementTooComplex {
				t.Fatalf("got %v, want 54001", err)
			}
		})
	}
}

// TestSplitDeepChains runs chains deep enough to overflow the parser's C
// stack (or its tree's decoding) through Split: each must be refused with
// 54001, never crash the process.
func TestSplitDeepChains(t *testing.T) {
	for _, n := range []int{1000, 5500, 20000, 100000} {
		for _, unit := range []string{"1+", "'a'||", "1::int+"} {
			text := "select " + strings.Repeat(unit, n) + "1"
			_, err := Split(text)
			if n == 1000 {
				if err != nil {
					t.Fatalf("%d×%q: %v", n, unit, err)
				}
				continue
			}
			var e *errs.Error
			if !errors.As(err, &e) || e.Code != errs.StatementTooComplex {
				t.Fatalf("%d×%q: got %v, want 54001", n, unit, err)
			}
		}
	}
}

// FuzzSplitRepeated feeds Split a unit repeated up to tens of thousands
// of times between a prefix and a suffix, the shape of every statement
// that nests deeply: it must answer with an error or statements, never
// crash.
func FuzzSplitRepeated(f *testing.F) {
	f.Add("select ", "1+", "1", uint16(30000))
	f.Add("select ", "(", ")", uint16(20000))
	f.Add("select ", "case when true then ", "1 end", uint16(3000))
	f.Add("", "select 1 union ", "select 1", uint16(30000))
	f.Add("select * from t", " join t using (a)", "", uint16(30000))
	f.Add("select ", "-", "1", uint16(30000))
	f.Add("select ", "not ", "true", uint16(30000))
	f.Fuzz(func(t *testing.T, prefix, unit, suffix string, n uint16) {
		if len(prefix)+len(unit)*int(n)+len(suffix) > 1<<20 {
			return
		}
		text := prefix + strings.Repeat(unit, int(n)) + suffix
		if _, err := Split(text); err != nil {
			checkError(t, text, err)
		}
	})
}
