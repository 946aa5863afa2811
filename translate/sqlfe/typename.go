package sqlfe

/*
#include <stdlib.h>
#include <stddef.h>

// libpg_query's public C API (pg_query.h), which pg_query_go links into
// every binary that parses SQL but does not wrap with parse options: the
// layouts are that header's.
typedef struct {
	char *message;
	char *funcname;
	char *filename;
	int lineno;
	int cursorpos;
	char *context;
} PgQueryError;
typedef struct {
	size_t len;
	char *data;
} PgQueryProtobuf;
typedef struct {
	PgQueryProtobuf parse_tree;
	char *stderr_buffer;
	PgQueryError *error;
} PgQueryProtobufParseResult;

PgQueryProtobufParseResult pg_query_parse_protobuf_opts(const char *input, int parser_options);
void pg_query_free_protobuf_parse_result(PgQueryProtobufParseResult result);

// PG_QUERY_PARSE_TYPE_NAME, the grammar's RAW_PARSE_TYPE_NAME mode.
enum { parseTypeNameMode = 1 };
*/
import "C"

import (
	"strings"
	"unicode/utf8"
	"unsafe"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/errs"
)

// TypeName reads a type name as PostgreSQL's typeStringToTypeName does
// for regtypein and to_regtype: with the grammar's type-name mode, so a
// name it does not take fails with the parser's own error (42601 and
// CONTEXT invalid type name, 22023 for float(p) out of range), and a
// SETOF or empty one with 42601 invalid type name. names are the name's parts as
// the grammar gives them (int is pg_catalog.int4, a quoted "char" is
// char, float(24) is pg_catalog.float4); typmods tells whether the name
// has type modifiers, array whether it has array bounds. The errors
// carry no position: PostgreSQL's point at the literal, the call's.
func TypeName(text string) (names []string, typmods, array bool, err error) {
	invalid := errs.New(errs.SyntaxError, `invalid type name "%s"`, text)
	if strings.TrimFunc(text, func(r rune) bool { return r < utf8.RuneSelf && isSpace(byte(r)) }) == "" {
		return nil, false, false, invalid
	}
	if err := checkTypeNameSyntax(text); err != nil {
		return nil, false, false, err
	}
	// The type-name mode's tree does not come back through pg_query's
	// output, which writes statements; the same name as a cast's target
	// parses to the same TypeName.
	res, err := pg.Parse("SELECT NULL::" + text)
	if err != nil || len(res.Stmts) != 1 {
		return nil, false, false, invalid
	}
	sel := res.Stmts[0].GetStmt().GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 {
		return nil, false, false, invalid
	}
	rt := sel.TargetList[0].GetResTarget()
	tc := rt.GetVal().GetTypeCast()
	if rt.GetName() != "" || tc == nil || tc.TypeName == nil || tc.TypeName.Setof || tc.TypeName.PctType {
		return nil, false, false, invalid
	}
	for _, n := range tc.TypeName.Names {
		names = append(names, n.GetString_().GetSval())
	}
	return names, len(tc.TypeName.Typmods) > 0, len(tc.TypeName.ArrayBounds) > 0, nil
}

// checkTypeNameSyntax parses text in the grammar's type-name mode.
func checkTypeNameSyntax(text string) error {
	if _, err := newSource(text); err != nil {
		return errs.From(err).WithoutPos()
	}
	if err := checkNesting(text); err != nil {
		return err
	}
	cs := C.CString(text)
	defer C.free(unsafe.Pointer(cs))
	res := C.pg_query_parse_protobuf_opts(cs, C.parseTypeNameMode)
	defer C.pg_query_free_protobuf_parse_result(res)
	if res.error == nil {
		return nil
	}
	msg := C.GoString(res.error.message)
	e := &errs.Error{Code: parserErrorCode(msg), Message: msg}
	return e.WithWhere(`invalid type name "%s"`, text)
}
