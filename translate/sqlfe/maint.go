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
	TagReindex = "REINDEX"
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

// indexRelOptions checks CREATE INDEX's WITH (...) for index ix (not an
// hnsw index: createIndex reads those).
func indexRelOptions(ix *catalog.Index, defs []*pg.Node) error {
	kind, _ := catalog.IndexRelOptKind(ix)
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
		if ok, err := addRelOptions(n, c.GetAlterTableCmd()); !ok || err != nil {
			return nil, err != nil, err
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

// addRelOptions adds the parameters of ALTER command cmd to n when it
// is a SET (...) or RESET (...), or accepts its SET TABLESPACE (ok is
// false for other commands).
func addRelOptions(n *plan.SetRelOptions, cmd *pg.AlterTableCmd) (ok bool, _ error) {
	opts := cmd.GetDef().GetList().GetItems()
	switch cmd.GetSubtype() {
	case pg.AlterTableType_AT_SetRelOptions:
		n.Set = append(n.Set, relOptions(opts)...)
	case pg.AlterTableType_AT_SetTableSpace:
		// Every relation is in pg_default already (tablespace.go).
		return true, checkTablespace(cmd.Name)
	case pg.AlterTableType_AT_ResetRelOptions:
		for _, o := range relOptions(opts) {
			if o.HasValue {
				return true, errs.New(errs.SyntaxError, "RESET must not include values for parameters")
			}
			n.Reset = append(n.Reset, o.Key())
		}
	default:
		return false, nil
	}
	return true, nil
}

// cluster translates CLUSTER [VERBOSE] [table [USING index]]; the
// executor checks the names. CLUSTER of every table may not run in a
// transaction block.
func (tr *translator) cluster(c *pg.ClusterStmt) (*plan.Statement, error) {
	st := &plan.Statement{Kind: plan.StmtDDL, Tag: TagCluster}
	if c.Relation == nil {
		st.Root, st.NoBlock = &plan.Cluster{}, TagCluster
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
	n, ok := clusterCmd(a.Cmds[0].GetAlterTableCmd())
	if !ok {
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

// clusterCmd is ALTER command cmd when it is CLUSTER ON or SET WITHOUT
// CLUSTER (ok is false for other commands); its table is the caller's
// to set.
func clusterCmd(cmd *pg.AlterTableCmd) (n *plan.Cluster, ok bool) {
	switch cmd.GetSubtype() {
	case pg.AlterTableType_AT_ClusterOn:
		return &plan.Cluster{Alter: true, Index: cmd.Name}, true
	case pg.AlterTableType_AT_DropCluster:
		return &plan.Cluster{Alter: true, Without: true}, true
	}
	return nil, false
}

// reindex translates REINDEX [(options)] INDEX | TABLE | SCHEMA |
// DATABASE | SYSTEM [CONCURRENTLY] name. CONCURRENTLY, and the forms of
// many tables, may not run in a transaction block, as in PostgreSQL.
func (tr *translator) reindex(s *pg.ReindexStmt) (*plan.Statement, error) {
	n := &plan.Reindex{}
	for _, o := range s.Params {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "verbose":
		case "concurrently":
			on, err := optionBool(catalog.RelOption{Name: d.Defname, Value: defElemText(d), HasValue: d.Arg != nil})
			if err != nil {
				return nil, errs.New(errs.SyntaxError, "concurrently requires a Boolean value")
			}
			n.Concurrently = on
		case "tablespace":
			if err := checkTablespace(defElemText(d)); err != nil {
				return nil, err
			}
		default:
			return nil, errAt(errs.SyntaxError, tr.pos(d.Location), "unrecognized REINDEX option %q", d.Defname)
		}
	}
	st := &plan.Statement{Kind: plan.StmtDDL, Tag: TagReindex, Root: n}
	switch s.Kind {
	case pg.ReindexObjectType_REINDEX_OBJECT_INDEX, pg.ReindexObjectType_REINDEX_OBJECT_TABLE:
		n.Kind = "index"
		if s.Kind == pg.ReindexObjectType_REINDEX_OBJECT_TABLE {
			n.Kind = "table"
		}
		name, err := tr.alterName(s.Relation)
		if err != nil {
			return nil, err
		}
		n.Name = name
	case pg.ReindexObjectType_REINDEX_OBJECT_SCHEMA:
		n.Kind, n.Name, st.NoBlock = "schema", s.Name, "REINDEX SCHEMA"
	case pg.ReindexObjectType_REINDEX_OBJECT_DATABASE:
		n.Kind, n.Name, st.NoBlock = "database", s.Name, "REINDEX DATABASE"
	case pg.ReindexObjectType_REINDEX_OBJECT_SYSTEM:
		if n.Concurrently {
			return nil, errs.New(errs.FeatureNotSupported, "cannot reindex system catalogs concurrently")
		}
		n.Kind, n.Name, st.NoBlock = "system", s.Name, "REINDEX SYSTEM"
	default:
		return nil, unsupported(tr.stmt.stmtPos(), "this REINDEX")
	}
	if n.Concurrently {
		st.NoBlock = "REINDEX CONCURRENTLY"
	}
	return st, nil
}
