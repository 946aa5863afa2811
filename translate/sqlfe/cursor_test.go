package sqlfe

import (
	"testing"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// TestCursorStatements translates DECLARE, FETCH, MOVE and CLOSE: the
// options, directions and counts the session gets, and PostgreSQL's
// errors for the declarations it refuses.
func TestCursorStatements(t *testing.T) {
	for _, tc := range []struct {
		sql  string
		want plan.Cursor
		kind plan.StmtKind
		tag  string
		// code and msg: the error instead.
		code, msg string
	}{
		{sql: "DECLARE c CURSOR FOR SELECT id FROM users", want: plan.Cursor{Name: "c"}, kind: plan.StmtDeclare, tag: "DECLARE CURSOR"},
		{sql: "DECLARE c BINARY SCROLL CURSOR WITH HOLD FOR SELECT 1", want: plan.Cursor{Name: "c", Scroll: true, Hold: true, Binary: true}, kind: plan.StmtDeclare, tag: "DECLARE CURSOR"},
		{sql: "DECLARE c NO SCROLL CURSOR WITHOUT HOLD FOR VALUES (1)", want: plan.Cursor{Name: "c", NoScroll: true}, kind: plan.StmtDeclare, tag: "DECLARE CURSOR"},
		{sql: "FETCH c", want: plan.Cursor{Name: "c", Count: 1}, kind: plan.StmtFetch, tag: "FETCH"},
		{sql: "FETCH PRIOR FROM c", want: plan.Cursor{Name: "c", Direction: plan.FetchBackward, Count: 1}, kind: plan.StmtFetch, tag: "FETCH"},
		{sql: "FETCH LAST IN c", want: plan.Cursor{Name: "c", Direction: plan.FetchAbsolute, Count: -1}, kind: plan.StmtFetch, tag: "FETCH"},
		{sql: "FETCH BACKWARD ALL c", want: plan.Cursor{Name: "c", Direction: plan.FetchBackward, Count: plan.FetchAll}, kind: plan.StmtFetch, tag: "FETCH"},
		{sql: "MOVE RELATIVE -3 c", want: plan.Cursor{Name: "c", Direction: plan.FetchRelative, Count: -3, Move: true}, kind: plan.StmtFetch, tag: "MOVE"},
		{sql: "CLOSE c", want: plan.Cursor{Name: "c"}, kind: plan.StmtCloseCursor, tag: "CLOSE CURSOR"},
		{sql: "CLOSE ALL", want: plan.Cursor{}, kind: plan.StmtCloseCursor, tag: "CLOSE CURSOR ALL"},
		{sql: "DECLARE c SCROLL NO SCROLL CURSOR FOR SELECT 1", code: errs.InvalidCursorDefinition, msg: "cannot specify both SCROLL and NO SCROLL"},
		{sql: "DECLARE c ASENSITIVE INSENSITIVE CURSOR FOR SELECT 1", code: errs.InvalidCursorDefinition, msg: "cannot specify both ASENSITIVE and INSENSITIVE"},
		{sql: "DECLARE c CURSOR WITH HOLD FOR SELECT * FROM users FOR NO KEY UPDATE", code: errs.FeatureNotSupported, msg: "DECLARE CURSOR WITH HOLD ... FOR NO KEY UPDATE is not supported"},
		{sql: "DECLARE c SCROLL CURSOR FOR SELECT * FROM users FOR SHARE", code: errs.FeatureNotSupported, msg: "DECLARE SCROLL CURSOR ... FOR SHARE is not supported"},
		{sql: "DECLARE c INSENSITIVE CURSOR FOR SELECT * FROM users FOR KEY SHARE", code: errs.FeatureNotSupported, msg: "DECLARE INSENSITIVE CURSOR ... FOR KEY SHARE is not supported"},
		{sql: "DECLARE c CURSOR FOR WITH d AS (DELETE FROM users RETURNING id) SELECT * FROM d", code: errs.FeatureNotSupported, msg: "DECLARE CURSOR must not contain data-modifying statements in WITH"},
		{sql: "DECLARE c CURSOR FOR SELECT 1 INTO t", code: errs.SyntaxError, msg: "SELECT ... INTO is not allowed here"},
	} {
		st, err := translateOne(t, tc.sql)
		if tc.code != "" {
			if e := errs.From(err); err == nil || e.Code != tc.code || e.Message != tc.msg {
				t.Errorf("%s: error %v, want %s %q", tc.sql, err, tc.code, tc.msg)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.sql, err)
			continue
		}
		if st.Kind != tc.kind || st.Tag != tc.tag || st.Cursor == nil || *st.Cursor != tc.want || st.ReturnsRows {
			t.Errorf("%s: %s %q %+v (returns rows %v), want %s %q %+v", tc.sql, st.Kind, st.Tag, st.Cursor, st.ReturnsRows, tc.kind, tc.tag, tc.want)
		}
		if st.Kind == plan.StmtDeclare && (st.Root == nil || len(st.Columns) == 0) {
			t.Errorf("%s: no query", tc.sql)
		}
	}
}
