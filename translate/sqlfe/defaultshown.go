package sqlfe

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

// shownDefault is the text pg_get_expr shows for a column's DEFAULT n
// (translated to x, before its conversion to the column type col) when
// PostgreSQL takes it from how the statement wrote the default rather
// than from the value the column gets (catalog.Field.DefaultShown); ""
// when the stored value or function says it all.
//
// PostgreSQL keeps a default's constant with the literal's own type and
// hides the implicit cast to the column's type: 3 in a numeric(10,2)
// column shows 3, a quoted '1' in a bigint one '1'::bigint, -1 in a real
// one '-1'::integer. Tools that compare a schema with the catalog
// (drizzle-kit, knex's columnInfo, Alembic) read that text. The SQL
// keywords CURRENT_TIMESTAMP and its kin stay keywords.
func shownDefault(n *pg.Node, x texpr, col value.Type) string {
	if f := n.GetSqlvalueFunction(); f != nil {
		return sqlValueKeyword(f)
	}
	c, ok := x.e.(*plan.Const)
	if !ok || c.V.IsSQLNull() || !builtin.PlainNumber(col) {
		return ""
	}
	v, t := c.V, x.t
	if x.unknown {
		// A quoted literal is a constant of the column's type, read
		// without the column's modifier ('3' in numeric(10,2) is 3).
		t = col
		t.Precision, t.Scale = 0, 0
		var err error
		if v, err = value.Convert(v, t); err != nil {
			return ""
		}
	}
	if !builtin.PlainNumber(t) {
		return ""
	}
	text, err := builtin.NumberConstSQL(v, t)
	if err != nil {
		return ""
	}
	return text
}

// sqlValueKeyword is how PostgreSQL deparses a date and time SQL value
// function: its keyword, with the precision when given. "" for the
// others (current_user and the like, whose text the catalog derives).
func sqlValueKeyword(f *pg.SQLValueFunction) string {
	switch f.Op {
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_DATE, pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME,
		pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP, pg.SQLValueFunctionOp_SVFOP_LOCALTIME,
		pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:
		return strings.ToUpper(sqlValueFunctionName(f.Op))
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N, pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N,
		pg.SQLValueFunctionOp_SVFOP_LOCALTIME_N, pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
		return strings.ToUpper(sqlValueFunctionName(f.Op)) + "(" + strconv.Itoa(int(f.Typmod)) + ")"
	}
	return ""
}
