package exec

import (
	"fmt"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"slices"
	"strings"
)

// ddlIter runs a catalog change when opened (so Run reports its error)
// and yields no rows. The catalog works inside the statement's
// transaction, so DDL commits or rolls back with it.
type ddlIter struct {
	r *run
	n plan.Node
}

func (it *ddlIter) next() ([]value.Value, error) { return nil, nil }
func (it *ddlIter) close()                       {}

func (it *ddlIter) open(o outer) error {
	// The tables a statement on tables of several schemas names: their
	// schema must be there (a notice with DROP ... IF EXISTS), and the
	// role may use it.
	schema, ifExists := "", false
	switch n := it.n.(type) {
	case *plan.DropTable:
		if !n.MatView || n.Named {
			schema, ifExists = n.Schema, n.IfExists
		}
	case *plan.Truncate:
		schema = n.Schema
	case *plan.Analyze:
		schema = n.Schema
	case *plan.DropObject:
		// Not the views DROP ... CASCADE drops as dependents, which
		// need no USAGE of their schema.
		if n.Named {
			schema, ifExists = n.Schema, n.IfExists
		}
	}
	if schema != "" {
		sc, err := it.r.objectSchema(schema)
		if errs.Code(err) == errs.InvalidSchemaName {
			return it.r.skipMissing(err, ifExists, errs.InvalidSchemaName, "schema", schema)
		}
		if err != nil {
			return err
		}
		if err := schemaUsage(sc, it.r.role()); err != nil {
			return err
		}
	}
	if n, ok := it.n.(plan.ObjectSchemaNode); ok && n.ObjectSchema() != "" {
		return it.r.inObjectSchema(n.ObjectSchema(), func() error { return it.run(o) })
	}
	return it.run(o)
}

func (it *ddlIter) run(outer) error {
	r := it.r
	txn, err := r.txn()
	if err != nil {
		return err
	}
	if err := r.checkDDL(it.n); err != nil {
		return err
	}
	cat := r.x.cat
	switch n := it.n.(type) {
	case *plan.CreateTable:
		_, err := it.createTable(n)
		return err
	case *plan.RefreshMatView:
		return r.refreshMatView(n)
	case *plan.DropTable:
		db, err := r.database()
		if err != nil {
			return err
		}
		with, err := r.dropWith(db, n.With)
		if err != nil {
			return err
		}
		cascaded, err := r.fkDropTable(n.Name, n.Cascade, with)
		if err != nil {
			return err
		}
		if err := r.fkDropPartition(n.Name, n.Cascade, with); err != nil {
			return err
		}
		if err := r.dropGraph(n.Name, false); err != nil {
			return err
		}
		if !n.MatView {
			if err := r.dropPartitions(db, n.Name); err != nil {
				return err
			}
			if err := r.dropInheritance(db, n.Name, with); err != nil {
				return err
			}
		}
		forget := r.forgetTable(db, n.Name)
		if n.MatView {
			err = cat.DropMatView(r.ctx, txn, db, n.Name)
		} else {
			err = cat.DropTable(r.ctx, txn, db, n.Name)
		}
		if err == nil {
			forget()
			err = r.dropOwnedSequences(n.Name, "", n.Cascade)
		}
		switch {
		case n.Hold:
			if err == nil {
				r.held = append(r.held, cascaded...)
			}
		case n.Notify || r.cascaded != nil:
			// The earlier drops' notices go out even when this table,
			// named with IF EXISTS, is missing.
			msgs := r.held
			if err == nil {
				msgs = slices.Concat(r.held, cascaded, n.Notices)
			}
			r.held = nil
			if len(msgs) > 0 && (err == nil || n.IfExists && errs.Code(err) == errs.UndefinedTable) {
				if cerr := r.cascades(msgs); err == nil {
					err = cerr
				}
			}
		}
		what := "table"
		if n.MatView {
			what = "materialized view"
		}
		return r.skipMissing(err, n.IfExists, errs.UndefinedTable, what, n.Name)
	case *plan.CreateDatabase:
		return r.createDatabase(n)
	case *plan.CreateNamespace:
		if err := r.requireSuperuser("permission denied to create namespace"); err != nil {
			return err
		}
		cons := n.Consistency
		if cons == "" {
			cons = catalog.Strong
		}
		_, err = cat.CreateNamespace(r.ctx, txn, n.Name, cons)
		return ignoreIf(err, n.IfNotExists, errs.DuplicateObject)
	case *plan.DropObject:
		return it.dropObject(n)
	case *plan.CreateIndex:
		return it.createIndex(n)
	case *plan.Analyze:
		return it.analyze(n)
	case *plan.LockTable:
		if r.env.Locks == nil {
			return errs.New(errs.FeatureNotSupported, "LOCK TABLE is not supported here")
		}
		for _, t := range n.Tables {
			if err := r.checkTableAny(t, lockTablePrivileges(n.Mode)); err != nil {
				return err
			}
		}
		for _, t := range n.Tables {
			if _, err := r.env.Locks.LockTable(r.ctx, t, n.Mode, n.NoWait); err != nil {
				return err
			}
		}
		return nil
	case *plan.AlterTable:
		return r.alterTable(n)
	case *plan.CreateFunction, *plan.CreateEnum, *plan.CreateType, *plan.CreateView:
		return it.createObject(n)
	case *plan.Truncate:
		return it.truncate(n)
	case *plan.AttachPartition:
		return r.attachDetach(n)
	case *plan.AlterInherit:
		return r.alterInherit(n)
	case *plan.AddPrimaryKey:
		return it.addPrimaryKey(n)
	case *plan.AddForeignKey:
		return r.addForeignKey(n)
	case *plan.DropConstraint:
		return r.dropConstraint(n)
	case *plan.SetConstraints:
		return r.setConstraints(n)
	case *plan.AddCheck:
		return r.addCheck(n)
	case *plan.ValidateConstraint:
		return r.validateConstraint(n)
	case *plan.CreateSchema:
		return it.createSchema(n)
	case *plan.RenameObject:
		return r.renameObject(n)
	case *plan.Skip:
		return r.notices(n.Notices)
	case *plan.MoveType:
		return r.moveType(n)
	case *plan.MoveObject:
		return r.moveObject(n)
	case *plan.ChangeOwner:
		return r.changeOwner(n)
	case *plan.SetViewOptions:
		return r.setViewOptions(n)
	case *plan.SetRelOptions:
		return r.setRelOptions(n)
	case *plan.Cluster:
		return r.cluster(n)
	case *plan.Reindex:
		return r.reindex(n)
	case *plan.CreateRole:
		return r.createRole(n)
	case *plan.AlterRole:
		return r.alterRole(n)
	case *plan.RenameRole:
		return r.renameRole(n)
	case *plan.DropRole:
		return r.dropRole(n)
	case *plan.AlterDefaultPrivileges:
		return r.alterDefaultPrivileges(n)
	case *plan.Grant:
		return r.grant(n)
	case *plan.GrantRole:
		return r.grantRole(n)
	case *plan.DropSchema:
		return it.dropSchema(n)
	case *plan.Comment:
		return r.comment(n)
	case *plan.CreateVectorIndex:
		return it.createVectorIndex(n)
	case *plan.CreateSequence:
		return it.createSequence(n)
	case *plan.AlterSequence:
		return it.alterSequence(n)
	case *plan.AlterEnum:
		return r.alterEnum(n)
	case *plan.AlterDomain:
		return r.alterDomain(n)
	case *plan.CreateTrigger, *plan.DropTrigger, *plan.EnableTrigger:
		return r.triggerDDL(n)
	case *plan.SetRowSecurity, *plan.CreatePolicy, *plan.AlterPolicy, *plan.DropPolicy:
		return r.policyDDL(n)
	case *plan.CreateStatistics, *plan.AlterStatistics, *plan.DropStatistics:
		return r.statisticsDDL(n)
	}
	return internalf("unknown DDL node %T", it.n)
}

// createTable runs a CREATE TABLE; created is false when IF NOT EXISTS
// found the name taken.
func (it *ddlIter) createTable(n *plan.CreateTable) (created bool, err error) {
	r := it.r
	txn, db, err := r.txnDatabase()
	if err != nil {
		return false, err
	}
	// The catalog assigns IDs into the descriptor; plans may be cached
	// and run again, so it gets a copy.
	t := *n.Table
	t.Indexes, t.ForeignKeys, t.ReferencedBy = nil, nil, nil
	if t.Privileges, err = r.newPrivileges(db, catalog.DefaultTables); err != nil {
		return false, err
	}
	seqs, err := r.tableSequences(&t, n.Sequences)
	if err != nil {
		return false, err
	}
	if err := r.nameStatistics(&t); err != nil {
		return false, err
	}
	for _, m := range n.Notices {
		if r.env.Notices == nil {
			break
		}
		if err := r.env.Notices.Notice(m); err != nil {
			return false, err
		}
	}
	_, err = r.x.cat.CreateTable(r.ctx, txn, db, &t)
	if err == nil && t.PartitionOf != "" {
		err = r.attachPartition(db, &t)
	}
	if err == nil && len(t.Inherits) > 0 {
		err = r.addChild(db, t.Name, t.Inherits)
	}
	if err == nil {
		err = r.createSequences(seqs)
	}
	if err == nil {
		err = it.createTableIndexes(db, t.Name, n.Table.Indexes)
	}
	if err == nil && len(n.Table.ForeignKeys) > 0 {
		err = r.createTableFKs(n.Table, &t)
	}
	return err == nil, ignoreIf(err, n.IfNotExists, errs.DuplicateTable)
}

func (it *ddlIter) dropObject(n *plan.DropObject) error {
	r := it.r
	txn, err := r.txn()
	if err != nil {
		return err
	}
	switch n.Kind {
	case "db", "database":
		cur, err := r.namespaceName()
		if err != nil {
			return err
		}
		// "ns/db" names a database of another namespace, as in use: the
		// only way to empty a namespace from outside it.
		ns, name := catalog.SplitDatabaseName(n.Name, cur)
		if d := r.env.Database; d != nil && ns == cur && d.Name == name {
			return errs.New(errs.ObjectInUse, "cannot drop the currently open database")
		}
		d, err := r.x.cat.Database(r.ctx, txn, ns, name)
		if err == nil {
			if err := r.requireDatabaseOwner(d, n.Name); err != nil {
				return err
			}
		}
		if err = r.x.cat.DropDatabase(r.ctx, txn, ns, name); err == nil && d != nil && r.x.Stats != nil {
			r.x.Stats.ForgetHome(d.ID)
		}
		if errs.Code(err) == errs.InvalidSchemaName {
			// The namespace named is missing: so is the database.
			return r.skipMissing(err, n.IfExists, errs.InvalidSchemaName, "database", n.Name)
		}
		return r.skipMissing(err, n.IfExists, errs.InvalidCatalogName, "database", n.Name)
	case "namespace", "ns":
		if err := r.requireSuperuser("permission denied to drop namespace"); err != nil {
			return err
		}
		err = r.x.cat.DropNamespace(r.ctx, txn, n.Name)
		return ignoreIf(err, n.IfExists, errs.InvalidSchemaName)
	case "table", "edge":
		db, err := r.database()
		if err != nil {
			return err
		}
		if _, err := r.fkDropTable(n.Name, false, nil); err != nil {
			return err
		}
		if err := r.dropGraph(n.Name, n.Kind == "edge"); err != nil {
			return ignoreIf(err, n.IfExists, errs.UndefinedTable)
		}
		forget := r.forgetTable(db, n.Name)
		err = r.x.cat.DropTable(r.ctx, txn, db, n.Name)
		if err == nil {
			forget()
			err = r.dropOwnedSequences(n.Name, "", false)
		}
		return r.skipMissing(err, n.IfExists, errs.UndefinedTable, "table", n.Name)
	case "index":
		db, err := r.database()
		if err != nil {
			return err
		}
		if tmp := r.env.Temp; tmp != nil && tmp != db {
			// pg_temp comes first in the search path: an index of a
			// temporary table is dropped in its schema.
			if _, _, err := r.x.cat.FindIndex(r.ctx, txn, tmp, n.Name); err == nil {
				db = tmp
			}
		}
		t, ix, err := r.x.cat.FindIndexOrPKey(r.ctx, txn, db, n.Name)
		if err == nil && (ix == nil || ix.Constraint) {
			// PostgreSQL's dependency of a constraint's index on it.
			return errs.New(codeDependentObjects, "cannot drop index %s because constraint %s on table %s requires it", n.Name, n.Name, t.Name).
				WithHint("You can drop constraint %s on table %s instead.", n.Name, t.Name)
		}
		if err == nil {
			if err := r.fkIndexInUse(t, ix); err != nil {
				return err
			}
		}
		if _, err = r.x.cat.DropIndex(r.ctx, txn, db, n.Name); err == nil && ix != nil && r.x.Stats != nil {
			r.x.Stats.ForgetIndex(ix.ID)
		}
		return r.skipMissing(err, n.IfExists, errs.UndefinedObject, "index", n.Name)
	case "sequence":
		return r.dropSequence(n.Name, n.IfExists, n.Cascade)
	case "view":
		db, err := r.database()
		if err != nil {
			return err
		}
		err = r.x.cat.DropView(r.ctx, txn, db, n.Name)
		if err == nil {
			err = r.cascades(n.Notices)
		}
		return r.skipMissing(err, n.IfExists, errs.UndefinedTable, "view", n.Name)
	case "domain":
		return r.dropDomain(n)
	case "function", "enum", "type":
		db, err := r.database()
		if err != nil {
			return err
		}
		missing := errs.UndefinedObject
		switch n.Kind {
		case "function":
			if n.CheckUse {
				if err := r.dropAggregatesUsing(db, n); err != nil {
					return err
				}
			}
			err = r.x.cat.DropFunction(r.ctx, txn, db, n.Name)
			if err == nil {
				err = r.cascades(n.Notices)
			}
			if n.CheckUse {
				// SQL's DROP FUNCTION, with PostgreSQL's notice.
				if n.Missing != "" && n.IfExists && errs.Code(err) == errs.UndefinedFunction {
					return r.notices([]string{n.Missing})
				}
				return r.skipMissing(err, n.IfExists, errs.UndefinedFunction, "function", n.Name)
			}
			missing = errs.UndefinedFunction
		case "enum":
			if err := r.cascades(n.Notices); err != nil {
				return err
			}
			if n.CheckUse {
				// SQL's DROP TYPE drops a domain too, as PostgreSQL's does.
				if def, derr := r.x.cat.TypeDef(r.ctx, txn, db, n.Name); derr == nil && def.Domain != nil {
					return r.dropDomain(n)
				} else if derr == nil && (def.Range != nil || def.MultirangeOf != "") {
					return r.dropRangeType(n, db, def)
				} else if derr == nil && def.Type.IsComposite() {
					if err = r.typeInUse(n); err == nil {
						err = r.x.cat.DropTypeDef(r.ctx, txn, db, n.Name)
					}
					return err
				}
			}
			if err = r.enumInUse(n); err == nil {
				err = r.x.cat.DropEnum(r.ctx, txn, db, n.Name)
			}
			if n.CheckUse {
				return r.skipMissing(err, n.IfExists, errs.UndefinedObject, "type", n.Name)
			}
		default:
			err = r.x.cat.DropTypeDef(r.ctx, txn, db, n.Name)
		}
		return ignoreIf(err, n.IfExists, missing)
	}
	return errs.New(errs.FeatureNotSupported, "dropping a %s is not supported yet", n.Kind)
}

// dropAggregatesUsing refuses to drop the function n names while an
// aggregate of its schema uses it as its transition or final function
// (2BP01), or with CASCADE drops those aggregates first, as
// PostgreSQL's dependencies do. An aggregate names its functions as
// written, so one in another schema naming this one by a qualified name
// is not found.
func (r *run) dropAggregatesUsing(db *catalog.Database, n *plan.DropObject) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	f, err := r.x.cat.Function(r.ctx, txn, db, n.Name)
	if err != nil {
		return nil // DropFunction reports it
	}
	fs, err := r.x.cat.Functions(r.ctx, txn, db)
	if err != nil {
		return err
	}
	names := func(s string) bool { return s != "" && (s == n.Name || strings.HasSuffix(s, "."+n.Name)) }
	for _, g := range fs {
		if a := g.Aggregate; a == nil || !names(a.TransFn) && !names(a.FinalFn) {
			continue
		}
		if !n.Cascade {
			return errs.New(errs.DependentObjectsStillExist, "cannot drop function %s because other objects depend on it", f.Signature()).
				WithDetail("function %s depends on function %s", g.Signature(), f.Signature()).
				WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
		}
		if err := r.x.cat.DropFunction(r.ctx, txn, db, g.Name); err != nil {
			return err
		}
	}
	return nil
}

// skipMissing is ignoreIf for DROP ... IF EXISTS of an object of kind
// what (table, database, ...): a missing one is no error but PostgreSQL's
// notice `<what> "<name>" does not exist, skipping`.
func (r *run) skipMissing(err error, ifExists bool, code, what, name string) error {
	if err != nil && !ifExists && errs.Code(err) == code && errs.From(err).Message == `relation "`+name+`" does not exist` {
		// The catalog's lookup says relation; PostgreSQL's DROP names
		// the kind it was asked to drop.
		e := *errs.From(err)
		e.Message = what + ` "` + name + `" does not exist`
		return &e
	}
	if err == nil || !ifExists || errs.Code(err) != code {
		return ignoreIf(err, false, code)
	}
	return r.notices([]string{what + ` "` + name + `" does not exist, skipping`})
}

// notices sends the NOTICEs msgs (none when the run has no receiver).
func (r *run) notices(msgs []string) error {
	if r.env.Notices == nil {
		return nil
	}
	for _, m := range msgs {
		if err := r.env.Notices.Notice(errs.Notice{Severity: "NOTICE", Code: errs.SuccessfulCompletion, Message: m}); err != nil {
			return err
		}
	}
	return nil
}

// cascades sends the "drop cascades to ..." notices msgs of the objects
// a DROP ... CASCADE drops along as PostgreSQL does: one alone, several
// as one notice that counts them and lists them in its detail.
func (r *run) cascades(msgs []string) error {
	if r.cascaded != nil {
		*r.cascaded = append(*r.cascaded, msgs...)
		return nil
	}
	if len(msgs) < 2 || r.env.Notices == nil {
		return r.notices(msgs)
	}
	return r.env.Notices.Notice(errs.Notice{Severity: "NOTICE", Code: errs.SuccessfulCompletion,
		Message: fmt.Sprintf("drop cascades to %d other objects", len(msgs)), Detail: strings.Join(msgs, "\n")})
}

// replacesShape checks that CREATE OR REPLACE VIEW's new columns keep
// the old ones, as PostgreSQL requires (42P16): the same names and types
// in the same places, new columns only after them.
func replacesShape(old, shape []catalog.ViewColumn) error {
	if old == nil || shape == nil {
		return nil // a view made before its shape was kept
	}
	if len(shape) < len(old) {
		return errs.New(errs.InvalidTableDefinition, "cannot drop columns from view")
	}
	for i, o := range old {
		n := shape[i]
		if n.Name != o.Name {
			return errs.New(errs.InvalidTableDefinition, "cannot change name of view column %q to %q", o.Name, n.Name).
				WithHint("Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.")
		}
		if n.Type.OID() != o.Type.OID() || n.Type.TypeModifier() != o.Type.TypeModifier() {
			return errs.New(errs.InvalidTableDefinition, "cannot change data type of view column %q from %s to %s", o.Name, o.Type.SQLName(), n.Type.SQLName())
		}
	}
	return nil
}

func ignoreIf(err error, ok bool, code string) error {
	if err == nil {
		return nil
	}
	if ok && errs.Code(err) == code {
		return nil
	}
	return errs.From(err)
}

func (r *run) database() (*catalog.Database, error) {
	if r.env.Database == nil {
		return nil, errs.New(errs.InvalidCatalogName, "no database selected")
	}
	return r.env.Database, nil
}

func (r *run) namespaceName() (string, error) {
	if r.env.Namespace == nil {
		return "", errs.New(errs.InvalidSchemaName, "no namespace selected")
	}
	return r.env.Namespace.Name, nil
}

// createObject stores a stored function, an enum or a named type. The
// catalog fills in the descriptor's database; plans may be cached and run
// again, so it gets a copy.
func (it *ddlIter) createObject(n plan.Node) error {
	r := it.r
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	cat := r.x.cat
	switch n := n.(type) {
	case *plan.CreateFunction:
		f := *n.Function
		if old, err := cat.Function(r.ctx, txn, db, f.Name); err == nil {
			f.Privileges = old.Privileges // a replaced function keeps its owner and grants
		} else if f.Privileges, err = r.newPrivileges(db, catalog.DefaultFunctions); err != nil {
			return err
		}
		if n.SQL {
			return ignoreIf(cat.CreateFunction(r.ctx, txn, db, &f, n.Replace), false, "")
		}
		return ignoreIf(cat.PutFunction(r.ctx, txn, db, &f), false, "")
	case *plan.CreateEnum:
		e := *n.Enum
		e.Owner = r.creator()
		return ignoreIf(cat.CreateEnum(r.ctx, txn, db, &e), false, "")
	case *plan.CreateType:
		t := *n.Type
		if n.Replace {
			return r.replaceComposite(&t)
		}
		t.Owner = r.creator()
		if n.Multirange != nil {
			m := *n.Multirange
			m.Owner = t.Owner
			if err := cat.CreateTypeDef(r.ctx, txn, db, &t); err != nil {
				return err
			}
			return cat.CreateTypeDef(r.ctx, txn, db, &m)
		}
		return ignoreIf(cat.CreateTypeDef(r.ctx, txn, db, &t), false, "")
	case *plan.CreateView:
		v := *n.View
		if old, err := cat.View(r.ctx, txn, db, v.Name); err == nil && n.Replace {
			if err := replacesShape(old.Shape, v.Shape); err != nil {
				return err
			}
			v.Privileges = old.Privileges // OR REPLACE keeps the owner and grants
		} else if v.Privileges, err = r.newPrivileges(db, catalog.DefaultTables); err != nil {
			return err
		}
		if n.Notice != "" && r.env.Notices != nil {
			if err := r.env.Notices.Notice(errs.Notice{Severity: "NOTICE", Code: errs.SuccessfulCompletion, Message: n.Notice}); err != nil {
				return err
			}
		}
		return ignoreIf(cat.PutView(r.ctx, txn, db, &v, n.Replace), false, "")
	}
	return internalf("unknown DDL node %T", n)
}
