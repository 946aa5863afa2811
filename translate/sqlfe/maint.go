package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Command tags of the maintenance statements.
const (
	TagCluster = "CLUSTER"
)

// relOptions reads WITH (...) storage parameters as written; the
// catalog checks them (catalog.ValidateRelOptions).
func relOptions(defs []*pg.Node) []catalog.RelOption {
	var out []catalog.RelOption
	for _, o := range defs {
		if d := o.GetDefElem(); d != nil {
			out = append(out, catalog.RelOption{Namespace: d.Defnamespace, Name: d.Defname, Value: defElemText(d), HasValue: d.Arg != nil})
		}
	}
	return out
}

// tableRelOptions checks CREATE TABLE's (or CREATE MATERIALIZED VIEW's)
// WITH (...): a table's and its toast table's parameters, none for a
// partitioned table; oids=false is accepted and dropped, as PostgreSQL
// does.
func tableRelOptions(defs []*pg.Node, partitioned bool, p int) ([]string, error) {
	opts := relOptions(defs)
	kept := opts[:0]
	for _, o := range opts {
		if o.Namespace == "" && o.Name == "oids" {
			if on, err := optionBool(o); err != nil || on {
				return nil, errs.New(errs.FeatureNotSupported, "tables declared WITH OIDS are not supported")
			}
			continue
		}
		kept = append(kept, o)
	}
	kind, withToast := catalog.RelOptHeap, true
	if partitioned {
		kind, withToast = 0, false
	}
	out, err := catalog.ValidateRelOptions(kept, kind, withToast)
	if err != nil {
		return nil, errs.From(err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// optionBool reads a boolean option's value (a bare name is true).
func optionBool(o catalog.RelOption) (bool, error) {
	if !o.HasValue {
		return true, nil
	}
	v, err := value.ParseText(o.Value, value.Type{Kind: value.KindBool})
	return v.AsBool(), err
}

// indexRelOptions checks CREATE INDEX's WITH (...) for an index of kind
// (a trigram index's method is in its options).
func indexRelOptions(ix *catalog.Index, defs []*pg.Node) error {
	kind := catalog.RelOptBTree
	switch ix.Kind {
	case catalog.IndexGIN:
		kind = catalog.RelOptGIN
	case catalog.IndexTrgm:
		kind = catalog.RelOptGIN
		if ix.Options[catalog.IndexTrgmMethod] == "gist" {
			kind = catalog.RelOptGiST
		}
	}
	out, err := catalog.ValidateRelOptions(relOptions(defs), kind, false)
	if err != nil {
		return errs.From(err)
	}
	if len(out) > 0 {
		ix.RelOptions = out
	}
	return nil
}

// pkeyRelOptions checks the WITH (...) of a PRIMARY KEY constraint: its
// btree index's storage parameters.
func pkeyRelOptions(defs []*pg.Node) ([]string, error) {
	ix := catalog.Index{Kind: catalog.IndexBTree}
	err := indexRelOptions(&ix, defs)
	return ix.RelOptions, err
}

// alterRelOptions translates ALTER TABLE | INDEX | MATERIALIZED VIEW ...
// SET (...) and RESET (...) of storage parameters; ok is false unless
// every command is one of those.
func (tr *translator) alterRelOptions(a *pg.AlterTableStmt) (*plan.Statement, bool, error) {
	kind, tag := "table", TagAlterTable
	switch a.Objtype {
	case pg.ObjectType_OBJECT_TABLE:
	case pg.ObjectType_OBJECT_INDEX:
		kind, tag = "index", "ALTER INDEX"
	case pg.ObjectType_OBJECT_MATVIEW:
		kind, tag = "matview", "ALTER MATERIALIZED VIEW"
	default:
		return nil, false, nil
	}
	n := &plan.SetRelOptions{Kind: kind, IfExists: a.MissingOk}
	for _, c := range a.Cmds {
		cmd := c.GetAlterTableCmd()
		opts := cmd.GetDef().GetList().GetItems()
		switch cmd.GetSubtype() {
		case pg.AlterTableType_AT_SetRelOptions:
			n.Set = append(n.Set, relOptions(opts)...)
		case pg.AlterTableType_AT_ResetRelOptions:
			for _, o := range relOptions(opts) {
				if o.HasValue {
					return nil, true, errs.New(errs.SyntaxError, "RESET must not include values for parameters")
				}
				n.Reset = append(n.Reset, o.Key())
			}
		default:
			return nil, false, nil
		}
	}
	if len(a.Cmds) == 0 {
		return nil, false, nil
	}
	name, err := tr.alterName(a.Relation)
	if err != nil {
		return nil, true, err
	}
	n.Name = name
	return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: n}, true, nil
}

// cluster translates CLUSTER [VERBOSE] [table [USING index]]; the
// executor checks the names. CLUSTER of every table may not run in a
// transaction block.
func (tr *translator) cluster(c *pg.ClusterStmt) (*plan.Statement, error) {
	st := &plan.Statement{Kind: plan.StmtDDL, Tag: TagCluster}
	if c.Relation == nil {
		st.Root, st.NoBlock = &plan.Cluster{}, true
		return st, nil
	}
	name, err := tr.alterName(c.Relation)
	if err != nil {
		return nil, err
	}
	st.Root = &plan.Cluster{Table: name, Index: c.Indexname, Recluster: c.Indexname == ""}
	return st, nil
}

// alterCluster translates ALTER TABLE t CLUSTER ON index and SET WITHOUT
// CLUSTER; ok is false for other ALTER commands.
func (tr *translator) alterCluster(a *pg.AlterTableStmt) (*plan.Statement, bool, error) {
	if len(a.Cmds) != 1 || a.Objtype != pg.ObjectType_OBJECT_TABLE && a.Objtype != pg.ObjectType_OBJECT_MATVIEW {
		return nil, false, nil
	}
	cmd := a.Cmds[0].GetAlterTableCmd()
	n := &plan.Cluster{}
	switch cmd.GetSubtype() {
	case pg.AlterTableType_AT_ClusterOn:
		n.Index = cmd.Name
	case pg.AlterTableType_AT_DropCluster:
		n.Without = true
	default:
		return nil, false, nil
	}
	name, err := tr.alterName(a.Relation)
	if err != nil {
		return nil, true, err
	}
	n.Table = name
	tag := TagAlterTable
	if a.Objtype == pg.ObjectType_OBJECT_MATVIEW {
		tag = "ALTER MATERIALIZED VIEW"
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: n}, true, nil
}
