package sysview

import (
	"fmt"
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// model is the current database as PostgreSQL's catalogs describe it:
// every relation (zerodb's tables, their primary key indexes and
// secondary indexes, and the virtual relations) with OIDs and columns.
// It is computed once per scan from the catalog in the statement's
// transaction.
type model struct {
	e      *Env
	loaded bool
	rels   []relInfo
	seqs   map[string]*catalog.Sequence // the database's sequences by name
	err    error                        // of a catalog read in each
	// types caches userTypes.
	types     []userType
	typesRead bool
}

type relInfo struct {
	oid     uint32
	name    string
	nsp     uint32
	kind    byte   // relkind: 'r' table, 'i' index, 'v' view, 'S' sequence, 'm' materialized view
	rowType uint32 // pg_type OID of the row type (0 for indexes)
	// typeKey names the row type for its OIDs when not name: a table of
	// a schema other than public is "schema.name", so that its row type
	// is not public's of the same name.
	typeKey string
	am      uint32 // access method (0 for views)
	cols    []colInfo
	// For tables: their indexes' OIDs. For indexes: the table's OID.
	indexes []uint32
	parent  uint32
	table   *catalog.Table
	view    *catalog.View
	seq     *catalog.Sequence
	index   *catalog.Index // a secondary index; nil for a primary key's
	// excl is the EXCLUDE constraint an index relation stands for
	// (zerodb keeps no index for it; PostgreSQL's catalogs show one).
	excl *catalog.Exclusion
	// keyAttrs are an index's key columns as attnums of the table (0 for
	// an expression part).
	keyAttrs []int16
	// include and includeAttrs are an index's INCLUDE columns, after
	// its key columns (cols, keyAttrs) in pg_index.indkey and
	// pg_attribute.
	include      []colInfo
	includeAttrs []int16
	unique       bool
	primary      bool
	// toast is a table's toast table's OID (reltoastrelid): zerodb has
	// none, but one is shown for a table with toast.* storage
	// parameters, which PostgreSQL keeps there and psql and pg_dump
	// read from there.
	toast uint32
}

// storageOptions are the relation's storage parameters as reloptions
// lists them: a table's or materialized view's own, its toast table's,
// an index's.
func (r *relInfo) storageOptions() []string {
	if r.table == nil {
		return nil
	}
	own, toast := catalog.SplitToast(r.table.RelOptions)
	switch {
	case r.kind == 't':
		return toast
	case r.kind == 'r' || r.kind == 'm':
		return own
	case r.kind == 'i' && r.primary:
		return r.table.PKeyOptions
	case r.kind == 'i' && r.index != nil:
		return r.index.RelOptions
	}
	return nil
}

// clustered is pg_index.indisclustered: CLUSTER last named the index.
func (r *relInfo) clustered() bool {
	switch {
	case r.kind != 'i' || r.table == nil:
		return false
	case r.primary:
		return r.table.PKeyClustered
	case r.index != nil:
		return r.index.Clustered
	}
	return false
}

// replicaIdentity reports whether an index relation is its table's
// REPLICA IDENTITY USING INDEX (pg_index.indisreplident).
func (r *relInfo) replicaIdentity() bool {
	switch {
	case r.kind != 'i' || r.table == nil || r.table.ReplicaIdentity != 'i':
		return false
	case r.primary:
		return r.table.PKeyReplicaIdentity
	case r.index != nil:
		return r.index.ReplicaIdentity
	}
	return false
}

// deferrability is whether the constraint an index relation stands for
// is deferrable, and initially deferred (false for others).
func (r *relInfo) deferrability() (deferrable, deferred bool) {
	switch {
	case r.index != nil:
		return r.index.Deferrable, r.index.InitiallyDeferred
	case r.excl != nil:
		return r.excl.Deferrable, r.excl.InitiallyDeferred
	}
	return false, false
}

// comment is the relation's own COMMENT ON text ("": none): a table's,
// a materialized view's, a view's, a sequence's or a secondary index's.
func (r *relInfo) comment() string {
	switch {
	case r.kind == 'i':
		if r.index != nil {
			return r.index.Comment
		}
	case r.view != nil:
		return r.view.Comment
	case r.seq != nil:
		return r.seq.Comment
	case r.table != nil:
		return r.table.Comment
	}
	return ""
}

// stored reports whether r is a table or a materialized view: a relation
// with records, columns and a row type.
func (r *relInfo) stored() bool {
	return (r.kind == 'r' || r.kind == 'm') && r.table != nil
}

type colInfo struct {
	name   string
	t      value.Type
	domain string // the SQL domain the column was declared with
	// domainArray: the column is of the domain's array type.
	domainArray bool
	notNull     bool
	def         string // the default's SQL text; "" when there is none
	// identity is attidentity; seq names the sequence of a serial or
	// identity column.
	identity catalog.Identity
	seq      string
	// gen is a stored generated column's expression, as pg_get_expr
	// shows it (its pg_attrdef entry); def is "" then.
	gen string
	// settings are a table column's ALTER COLUMN SET settings (nil:
	// the defaults).
	settings *catalog.ColumnSettings
}

func newModel(e *Env) *model { return &model{e: e} }

func (m *model) relations() ([]relInfo, error) {
	if m.loaded {
		return m.rels, nil
	}
	if c := m.e.relations; c != nil {
		m.rels, m.seqs, m.loaded = c.rels, c.seqs, true
		return m.rels, nil
	}
	var tables []*catalog.Table
	base := m.e.baseDatabase()
	if m.e.Cat != nil && m.e.Database != nil {
		var err error
		if tables, err = m.e.Cat.Tables(m.e.Ctx, m.e.Txn, base); err != nil {
			return nil, err
		}
	}
	for _, t := range tables {
		m.addTable(t, OIDPublic)
	}
	if err := m.addTemp(); err != nil {
		return nil, err
	}
	for _, s := range m.e.userSchemas() {
		if err := m.addSchema(s, SchemaOID(s.ID)); err != nil {
			return nil, err
		}
	}
	if m.e.Cat != nil && m.e.Database != nil {
		if err := m.addViews(base, OIDPublic); err != nil {
			return nil, err
		}
	}
	if m.e.Cat != nil && m.e.Database != nil {
		seqs, err := m.e.Cat.Sequences(m.e.Ctx, m.e.Txn, base)
		if err != nil {
			return nil, err
		}
		m.seqs = make(map[string]*catalog.Sequence, len(seqs))
		for _, s := range seqs {
			m.seqs[s.Name] = s
			m.rels = append(m.rels, relInfo{oid: TableOID(s.ID), name: s.Name, nsp: OIDPublic, kind: 'S', seq: s, cols: sequenceColumns()})
		}
		if err := m.addCompositeTypes(); err != nil {
			return nil, err
		}
	}
	for i := range relations {
		r := &relations[i]
		ri := relInfo{oid: r.oid, name: r.name, nsp: schemaOID(r.schema), kind: r.kind}
		if r.kind == 'r' {
			ri.am = OIDHeapAM
		}
		for _, c := range r.cols {
			ri.cols = append(ri.cols, colInfo{name: c.name, t: c.t})
		}
		m.rels = append(m.rels, ri)
	}
	m.loaded = true
	if m.e.KeepRelations {
		m.e.relations = &loadedRelations{rels: m.rels, seqs: m.seqs}
	}
	return m.rels, nil
}

func schemaOID(schema string) uint32 {
	switch schema {
	case PgCatalog:
		return OIDPgCatalog
	case InformationSchema:
		return OIDInformationSchema
	}
	return OIDPublic
}

// addTemp adds the relations of the session's temporary schema: its
// tables and their sequences.
func (m *model) addTemp() error {
	tmp := m.e.Temp
	if m.e.Cat == nil || tmp == nil {
		return nil
	}
	return m.addSchema(tmp, TempSchemaOID(tmp.Name))
}

// addSchema adds the relations of a schema other than public (the
// temporary one, or one CREATE SCHEMA made), whose OID is nsp: its
// tables and their sequences.
func (m *model) addSchema(sc *catalog.Database, nsp uint32) error {
	tables, err := m.e.Cat.Tables(m.e.Ctx, m.e.Txn, sc)
	if err != nil {
		return err
	}
	for _, t := range tables {
		m.addTable(t, nsp)
	}
	seqs, err := m.e.Cat.Sequences(m.e.Ctx, m.e.Txn, sc)
	if err != nil {
		return err
	}
	for _, s := range seqs {
		m.rels = append(m.rels, relInfo{oid: TableOID(s.ID), name: s.Name, nsp: nsp, kind: 'S', seq: s, cols: sequenceColumns()})
	}
	return m.addViews(sc, nsp)
}

// addViews adds the views of database or schema db, whose OID is nsp.
// A view's columns are what CREATE VIEW found its query to yield
// (catalog.View.Shape): translating the query is the SQL front end's
// business.
func (m *model) addViews(db *catalog.Database, nsp uint32) error {
	views, err := m.e.Cat.Views(m.e.Ctx, m.e.Txn, db)
	if err != nil {
		return err
	}
	for _, v := range views {
		r := relInfo{oid: viewOID(nsp, v.Name), name: v.Name, nsp: nsp, kind: 'v', view: v}
		for _, c := range v.Shape {
			r.cols = append(r.cols, colInfo{name: c.Name, t: c.Type})
		}
		m.rels = append(m.rels, r)
	}
	return nil
}

// relKey names a relation within its schema.
type relKey struct {
	nsp  uint32
	name string
}

// nspOf is the pg_namespace OID of the schema whose catalog id is id
// (the database's own: public).
func (m *model) nspOf(id uint64) uint32 {
	switch {
	case m.e.Temp != nil && id == m.e.Temp.ID:
		return TempSchemaOID(m.e.Temp.Name)
	case m.e.userSchemaByOID(SchemaOID(id)) != nil:
		return SchemaOID(id)
	}
	return OIDPublic
}

// rowTypeKey is what the row type's OIDs derive from (see typeKey).
func (r *relInfo) rowTypeKey() string {
	if r.typeKey != "" {
		return r.typeKey
	}
	return r.name
}

// addTable adds table t, in the schema of OID nsp, and its indexes.
func (m *model) addTable(t *catalog.Table, nsp uint32) {
	tr := relInfo{oid: TableOID(t.ID), name: t.Name, nsp: nsp, kind: 'r', rowType: RowTypeOID(t.Name), am: OIDHeapAM, table: t}
	if t.MatView != nil {
		tr.kind = 'm'
	}
	tr.cols = tableColumns(t)
	if sc := m.e.userSchemaByOID(nsp); sc != nil {
		tr.typeKey = sc.Name + "." + t.Name
		tr.rowType = RowTypeOID(tr.typeKey)
		// A schema's sequence named as pg_dump (search_path '') needs it.
		for i := range tr.cols {
			if c := &tr.cols[i]; c.seq != "" && c.def != "" {
				c.def = "nextval(" + quoteLiteral(builtin.QuoteIdent(sc.Name)+"."+builtin.QuoteIdent(c.seq)) + "::regclass)"
			}
		}
	}
	ti := len(m.rels)
	m.rels = append(m.rels, tr)
	if _, toast := catalog.SplitToast(t.RelOptions); len(toast) > 0 {
		ts := relInfo{oid: ToastOID(t.ID), name: fmt.Sprintf("pg_toast_%d", tr.oid), nsp: OIDPgToast, kind: 't', am: OIDHeapAM, table: t}
		m.rels[ti].toast = ts.oid
		m.rels = append(m.rels, ts)
	}
	attnum := func(path []string) int16 {
		if len(path) != 1 {
			return 0
		}
		for i, c := range tr.cols {
			if c.name == path[0] {
				return int16(i + 1)
			}
		}
		return 0
	}
	if len(t.PrimaryKey) > 0 {
		ix := relInfo{oid: PKeyIndexOID(t.ID), name: t.PKeyConstraint(), nsp: nsp, kind: 'i', am: OIDBTreeAM,
			parent: tr.oid, table: t, unique: true, primary: true}
		for _, k := range t.PrimaryKey {
			n := attnum([]string{k})
			ix.keyAttrs = append(ix.keyAttrs, n)
			ix.cols = append(ix.cols, indexColumn(tr.cols, n, k))
		}
		ix.setInclude(tr.cols, t.PKeyInclude, attnum)
		m.rels[ti].indexes = append(m.rels[ti].indexes, ix.oid)
		m.rels = append(m.rels, ix)
	}
	for i := range t.Indexes {
		x := &t.Indexes[i]
		am := OIDBTreeAM
		if x.Options[catalog.IndexGINMethod] == "gist" {
			am = OIDGiSTAM // an ordered index made USING gist (ltree's)
		}
		switch x.Kind {
		case catalog.IndexHNSW:
			am = OIDHNSWAM
		case catalog.IndexGIN:
			am = OIDGINAM
			if x.Options[catalog.IndexGINMethod] == "gist" {
				am = OIDGiSTAM
			}
		case catalog.IndexTrgm:
			am = OIDGINAM
			if x.Options[catalog.IndexTrgmMethod] == "gist" {
				am = OIDGiSTAM
			}
		}
		ix := relInfo{oid: IndexOID(x.ID), name: x.Name, nsp: nsp, kind: 'i', am: am,
			parent: tr.oid, table: t, index: x, unique: x.Unique, primary: x.Primary}
		for _, p := range x.Parts {
			n := attnum(p.Path)
			if p.AsText || p.Expr != "" {
				n = 0
			}
			ix.keyAttrs = append(ix.keyAttrs, n)
			ix.cols = append(ix.cols, indexColumn(tr.cols, n, partExpr(t, p)))
		}
		ix.setInclude(tr.cols, x.Include, attnum)
		m.rels[ti].indexes = append(m.rels[ti].indexes, ix.oid)
		m.rels = append(m.rels, ix)
	}
	for i := range t.Exclusions {
		ex := &t.Exclusions[i]
		ix := relInfo{oid: ExclusionIndexOID(t.ID, ex.Name), name: ex.Name, nsp: nsp, kind: 'i', am: accessMethodOID(ex.Method),
			parent: tr.oid, table: t, excl: ex}
		for _, el := range ex.Elements {
			var n int16
			if el.Column {
				n = attnum([]string{el.Expr})
			}
			ix.keyAttrs = append(ix.keyAttrs, n)
			ix.cols = append(ix.cols, indexColumn(tr.cols, n, el.Expr))
		}
		m.rels[ti].indexes = append(m.rels[ti].indexes, ix.oid)
		m.rels = append(m.rels, ix)
	}
}

// accessMethodOID is the pg_am OID of an index access method's name.
func accessMethodOID(name string) uint32 {
	switch name {
	case "gist":
		return OIDGiSTAM
	case "hash":
		return OIDHashAM
	case "spgist":
		return OIDSPGiSTAM
	case "gin":
		return OIDGINAM
	case "hnsw":
		return OIDHNSWAM
	}
	return OIDBTreeAM
}

// indexColumn is an index's column: a copy of the table's column, or an
// expression's (named after it, typed as its text or jsonb value).
// setInclude gives index r its INCLUDE columns, of a table whose
// columns are tcols.
func (r *relInfo) setInclude(tcols []colInfo, include []string, attnum func([]string) int16) {
	for _, c := range include {
		n := attnum([]string{c})
		r.includeAttrs = append(r.includeAttrs, n)
		r.include = append(r.include, indexColumn(tcols, n, c))
	}
}

// indexCols are an index's columns as pg_attribute lists them: its key
// columns, then its INCLUDE columns.
func (r *relInfo) indexCols() []colInfo {
	if len(r.include) == 0 {
		return r.cols
	}
	return slices.Concat(r.cols, r.include)
}

// nullsNotDistinct is pg_index.indnullsnotdistinct.
func (r *relInfo) nullsNotDistinct() bool { return r.index != nil && r.index.NullsNotDistinct }

// includeClause is an index's or constraint's " INCLUDE (cols)" as
// pg_get_indexdef and pg_get_constraintdef write it ("" for none).
func (r *relInfo) includeClause() string {
	if len(r.include) == 0 {
		return ""
	}
	return " INCLUDE (" + quotedCols(r.include) + ")"
}

func indexColumn(tcols []colInfo, attnum int16, name string) colInfo {
	if attnum > 0 {
		c := tcols[attnum-1]
		return colInfo{name: c.name, t: c.t}
	}
	return colInfo{name: name, t: value.TypeText}
}

// partExpr is an index part in SQL: a column, or the path expression the
// index was made on.
func partExpr(t *catalog.Table, p catalog.IndexPart) string {
	if p.Expr != "" {
		// The stored text is what pg_get_indexdef shows for the column
		// alone: (a + b), lower(email).
		return p.Expr
	}
	if t != nil && !t.Schemafull {
		// SQL sees a schemaless table's fields inside its doc column:
		// the index is on doc -> 'field' (and a dump restores it so).
		p.Path = append([]string{"doc"}, p.Path...)
	}
	if len(p.Path) == 1 && !p.AsText {
		return builtin.QuoteIdent(p.Path[0])
	}
	var b strings.Builder
	b.WriteString(builtin.QuoteIdent(p.Path[0]))
	for i, k := range p.Path[1:] {
		if p.AsText && i == len(p.Path)-2 {
			b.WriteString(" ->> ")
		} else {
			b.WriteString(" -> ")
		}
		b.WriteString(quoteLiteral(k))
	}
	if p.AsText && len(p.Path) == 1 {
		return "(" + b.String() + ")::text"
	}
	return "(" + b.String() + ")"
}

// tableColumns are a table's columns as SQL shows them: a schemaless
// table has `id` (its key as text) and `doc` (the object); a ZQL table
// addressed by key also shows `id` first. This mirrors the SQL front
// end's view of tables (translate/sqlfe scope.go, hasKeyColumn).
func tableColumns(t *catalog.Table) []colInfo {
	if !t.Schemafull {
		return []colInfo{{name: "id", t: value.TypeText, notNull: true}, {name: "doc", t: value.TypeJSONB}}
	}
	var out []colInfo
	if t.CreatedBy == "zql" && len(t.PrimaryKey) == 0 {
		if _, _, found := t.FieldByName("id"); !found {
			out = append(out, colInfo{name: "id", t: value.TypeText, notNull: true})
		}
	}
	for i := range t.Fields {
		f := &t.Fields[i]
		c := colInfo{name: f.Name, t: f.Type, domain: f.Domain, domainArray: f.DomainArray, notNull: !f.Optional}
		for _, k := range t.PrimaryKey {
			if k == f.Name {
				c.notNull = true
			}
		}
		c.t.Optional = false
		c.identity, c.seq, c.gen, c.settings = f.Identity, f.DefaultSeq, f.Generated, f.Settings
		if f.HasDefault && f.Identity == catalog.IdentityNone {
			// An identity column's sequence is no default in
			// PostgreSQL's catalogs (attidentity says it).
			c.def = defaultExpr(f)
		}
		out = append(out, c)
	}
	return out
}

// attrDef is the expression pg_attrdef holds for c: its default's or
// its generation expression's ("": none).
func (c *colInfo) attrDef() string {
	if c.gen != "" {
		return c.gen
	}
	return c.def
}

// attGenerated is pg_attribute.attgenerated: 's' for a stored generated
// column, else empty.
func (c *colInfo) attGenerated() string {
	if c.gen != "" {
		return "s"
	}
	return ""
}

// defaultExpr is a column default in SQL, as pg_get_expr shows it.
func defaultExpr(f *catalog.Field) string {
	if f.DefaultSeq != "" {
		return "nextval(" + quoteLiteral(builtin.QuoteIdent(f.DefaultSeq)) + "::regclass)"
	}
	if f.DefaultShown != "" {
		return f.DefaultShown
	}
	if f.DefaultFunc != "" {
		name := strings.TrimPrefix(f.DefaultFunc, "sql::")
		switch name {
		case "current_user", "session_user", "current_schema", "current_catalog":
			// SQL's keywords, which take no parentheses (pg_dump's
			// DEFAULT must parse again).
			return strings.ToUpper(name)
		}
		return name + "()"
	}
	v := f.DefaultValue
	switch v.Kind() {
	case value.KindNone:
		return "NULL"
	case value.KindBool:
		// As SQL says it: the text form t/f would read as a column name.
		if v.AsBool() {
			return "true"
		}
		return "false"
	case value.KindInt, value.KindFloat, value.KindDecimal:
		if !builtin.PlainNumber(f.Type) {
			break // money and pg_lsn: quoted with their type
		}
		if s, err := value.AppendText(nil, v, f.Type); err == nil {
			if strings.HasPrefix(string(s), "-") || strings.ContainsAny(string(s), "NIa") {
				// Negative numbers, NaN and the infinities are
				// constants of the type only when quoted and cast.
				return "'" + string(s) + "'::" + typeName(f.Type)
			}
			return string(s)
		}
	}
	s, err := value.AppendText(nil, v, f.Type)
	if err != nil {
		return "NULL"
	}
	return quoteLiteral(string(s)) + "::" + typeName(f.Type)
}

// typeName is the name of t's type in a cast that parses back to it.
func typeName(t value.Type) string {
	if t.IsEnum() && t.Name != "" {
		// A schema's enum is "schema.name" (catalog.QualifiedType).
		if schema, name, ok := strings.Cut(t.Name, "."); ok {
			return builtin.QuoteIdent(schema) + "." + builtin.QuoteIdent(name)
		}
		return builtin.QuoteIdent(t.Name)
	}
	oid, _ := typeOf(t)
	if oid == value.OIDBit {
		return bitNoTypmod
	}
	name, _ := FormatType(oid, -1)
	return name
}

// bitNoTypmod is format_type's name of bit with a typmod of -1: plain
// bit would be bit(1).
const bitNoTypmod = `"bit"`

func (m *model) relByOID(oid uint32) (*relInfo, bool) {
	rels, err := m.relations()
	if err != nil {
		return nil, false
	}
	for i := range rels {
		if rels[i].oid == oid {
			return &rels[i], true
		}
	}
	return nil, false
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// each calls fn for every relation; a catalog read error is kept in
// m.err (the row functions return it).
func (m *model) each(fn func(r *relInfo)) {
	rels, err := m.relations()
	if err != nil {
		m.err = err
		return
	}
	for i := range rels {
		fn(&rels[i])
	}
}
