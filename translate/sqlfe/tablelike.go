package sqlfe

import (
	"maps"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/errs"
)

// PostgreSQL's CREATE TABLE ... (LIKE source INCLUDING ...) options
// (TableLikeOption).
const (
	likeComments    = 1 << 0
	likeConstraints = 1 << 2
	likeDefaults    = 1 << 3
	likeGenerated   = 1 << 4
	likeIdentity    = 1 << 5
	likeIndexes     = 1 << 6
	likeStatistics  = 1 << 7
)

// tableLike adds to t the columns of the table LIKE names, with NOT NULL,
// and what its INCLUDING options ask for: defaults (a serial column's
// nextval of the source's sequence, as in PostgreSQL), identity (a new
// sequence of its own, with default options), generated expressions,
// CHECK constraints, comments, and indexes (the primary key through
// setPK; unique constraints and other indexes renamed for t as
// PostgreSQL names them), and extended statistics (named for t by the
// executor). Storage and compression options have nothing to copy in
// zerodb.
func (tr *translator) tableLike(t *catalog.Table, lc *pg.TableLikeClause, setPK func([]string, int) error) ([]*catalog.Sequence, error) {
	p := tr.pos(lc.Relation.Location)
	src, err := tr.table(lc.Relation)
	if err != nil {
		return nil, err
	}
	if !src.Schemafull {
		return nil, unsupported(p, "LIKE a schemaless table")
	}
	opts := lc.Options
	var seqs []*catalog.Sequence
	for _, sf := range src.Fields {
		f := catalog.Field{Name: sf.Name, Type: sf.Type, Optional: sf.Optional, Domain: sf.Domain, DomainArray: sf.DomainArray}
		if _, _, dup := t.FieldByName(f.Name); dup {
			return nil, errAt(codeDuplicateColumn, p, "column %q specified more than once", f.Name)
		}
		switch {
		case sf.Identity != catalog.IdentityNone:
			if opts&likeIdentity != 0 {
				seq, err := tr.columnSequence(&f, t.Name, nil, true, p)
				if err != nil {
					return nil, err
				}
				f.Identity = sf.Identity
				seqs = append(seqs, seq)
			}
		case sf.Generated != "":
			if opts&likeGenerated != 0 {
				f.Generated = sf.Generated
			}
		case sf.HasDefault && opts&likeDefaults != 0:
			f.HasDefault, f.DefaultValue, f.DefaultFunc, f.DefaultShown, f.DefaultSeq, f.DefaultExpr = true, sf.DefaultValue, sf.DefaultFunc, sf.DefaultShown, sf.DefaultSeq, sf.DefaultExpr
		}
		if opts&likeComments != 0 {
			f.Comment = sf.Comment
		}
		t.Fields = append(t.Fields, f)
	}
	if opts&likeConstraints != 0 {
		for _, c := range src.Checks {
			if hasCheck(t, c.Name) {
				return nil, errAt(errs.DuplicateObject, p, "constraint \"%s\" for relation \"%s\" already exists", c.Name, t.Name)
			}
			t.Checks = append(t.Checks, c)
		}
	}
	if opts&likeStatistics != 0 {
		for _, st := range src.Statistics {
			st.Name, st.Owner, st.Target = "", "", nil
			if opts&likeComments == 0 {
				st.Comment = ""
			}
			t.Statistics = append(t.Statistics, st)
		}
	}
	if opts&likeIndexes == 0 {
		return seqs, nil
	}
	if len(src.PrimaryKey) > 0 {
		if err := setPK(src.PrimaryKey, p); err != nil {
			return nil, err
		}
		t.PKeyInclude = src.PKeyInclude
	}
	for _, six := range src.Indexes {
		if six.Kind != catalog.IndexBTree {
			return nil, unsupported(p, "LIKE ... INCLUDING INDEXES of a "+string(six.Kind)+" index")
		}
		ix := catalog.Index{Kind: six.Kind, Method: six.Method, Unique: six.Unique, Constraint: six.Constraint, Deferrable: six.Deferrable, InitiallyDeferred: six.InitiallyDeferred, Primary: six.Primary,
			NullsNotDistinct: six.NullsNotDistinct, Parts: six.Parts, Include: six.Include, Where: six.Where, WhereCols: six.WhereCols, Options: maps.Clone(six.Options), RelOptions: six.RelOptions}
		delete(ix.Options, catalog.IndexStatRows)
		delete(ix.Options, catalog.IndexStatDistinct)
		cols := make([]string, len(six.Parts))
		for i, part := range six.Parts {
			cols[i] = "expr"
			if part.Expr == "" {
				cols[i] = strings.Join(part.Path, "_")
			}
		}
		cols = indexColumnNames(append(cols, six.Include...))
		suffix := "idx"
		if six.Constraint {
			suffix = "key"
		}
		base := defaultIndexName(t.Name, cols, suffix)
		if six.Primary {
			base = t.Name + "_pkey"
		}
		ix.Name = base
		for i := 1; ; i++ {
			if _, taken := t.IndexByName(ix.Name); !taken {
				break
			}
			ix.Name = base + strconv.Itoa(i)
		}
		t.Indexes = append(t.Indexes, ix)
	}
	// EXCLUDE constraints come with the indexes (PostgreSQL's are
	// indexes), named for the new table.
	for _, sx := range src.Exclusions {
		ex := sx
		parts := make([]string, len(ex.Elements))
		for i, el := range ex.Elements {
			parts[i] = "expr"
			if el.Column {
				parts[i] = el.Expr
			}
		}
		base := t.Name + "_" + strings.Join(parts, "_") + "_excl"
		ex.Name = base
		for i := 1; t.ConstraintOrIndex(ex.Name); i++ {
			ex.Name = base + strconv.Itoa(i)
		}
		t.Exclusions = append(t.Exclusions, ex)
	}
	return seqs, nil
}
