package catalog

import (
	"encoding/json"
	"fmt"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// A descriptor is the stored form of a catalog object:
//
//	byte 0     descriptor format version (descVersion)
//	byte 1     kind of object (descNamespace, descDatabase, ...)
//	byte 2...  JSON of the wire struct of that kind
//
// JSON keeps descriptors readable in a key dump and lets later versions add
// fields without a migration; decoding cost does not matter because the
// hot path is served from the descriptor cache. The wire structs below are
// separate from the API structs so that renaming a Go field or reordering
// value.Kind constants never changes what is on disk: kinds and int widths
// are stored by name.
const descVersion byte = 1

const (
	descNamespace byte = 'N'
	descDatabase  byte = 'D'
	descTable     byte = 'T'
	descUser      byte = 'U'
)

type namespaceDesc struct {
	ID          uint64 `json:"id"`
	Name        string `json:"name"`
	Consistency string `json:"consistency"`
}

type databaseDesc struct {
	ID        uint64    `json:"id"`
	Namespace uint64    `json:"namespace"`
	Name      string    `json:"name"`
	Owner     string    `json:"owner,omitempty"`
	Parent    uint64    `json:"parent,omitempty"`
	ACL       []ACLItem `json:"acl,omitempty"`
	Comment   string    `json:"comment,omitempty"`
	// DefaultACLs are ALTER DEFAULT PRIVILEGES' entries.
	DefaultACLs []DefaultACL `json:"default_acls,omitempty"`
}

type tableDesc struct {
	ID         uint64 `json:"id"`
	Database   uint64 `json:"database"`
	Name       string `json:"name"`
	Schemafull bool   `json:"schemafull,omitempty"`
	// Fields has no omitempty: nil (schemaless) and empty (a schemafull
	// table without columns) must stay distinct.
	Fields       []fieldDesc       `json:"fields"`
	PrimaryKey   []string          `json:"primary_key,omitempty"`
	PKeyName     string            `json:"pkey_name,omitempty"`
	CreatedBy    string            `json:"created_by,omitempty"`
	Indexes      []indexDesc       `json:"indexes,omitempty"`
	Edge         *edgeDesc         `json:"edge,omitempty"`
	Checks       []Check           `json:"checks,omitempty"`
	Exclusions   []Exclusion       `json:"exclusions,omitempty"`
	ForeignKeys  []ForeignKey      `json:"foreign_keys,omitempty"`
	ReferencedBy []string          `json:"referenced_by,omitempty"`
	Comment      string            `json:"comment,omitempty"`
	ConComments  map[string]string `json:"constraint_comments,omitempty"`
	MatView      *MatView          `json:"matview,omitempty"`
	Stats        *TableStats       `json:"stats,omitempty"`
	OnCommit     string            `json:"on_commit,omitempty"`
	Triggers     []Trigger         `json:"triggers,omitempty"`
	RowSecurity  bool              `json:"row_security,omitempty"`
	ForceRLS     bool              `json:"force_row_security,omitempty"`
	Policies     []Policy          `json:"policies,omitempty"`
	Partitioned  *PartitionKey     `json:"partitioned,omitempty"`
	Partitions   []string          `json:"partitions,omitempty"`
	PartitionOf  string            `json:"partition_of,omitempty"`
	Bound        *PartitionBound   `json:"bound,omitempty"`
	Inherits     []string          `json:"inherits,omitempty"`
	Children     []string          `json:"children,omitempty"`
	RelOptions   []string          `json:"reloptions,omitempty"`
	PKeyOptions  []string          `json:"pkey_reloptions,omitempty"`
	PKClustered  bool              `json:"pkey_clustered,omitempty"`
	PKInclude    []string          `json:"pkey_include,omitempty"`
	ReplIdent    byte              `json:"replica_identity,omitempty"`
	PKReplIdent  bool              `json:"pkey_replica_identity,omitempty"`
	Statistics   []Statistic       `json:"statistics,omitempty"`
	Privileges
}

type edgeDesc struct {
	From []string `json:"from,omitempty"`
	To   []string `json:"to,omitempty"`
}

type indexDesc struct {
	ID   uint64 `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Method: a btree-kind index's access method (Index.Method).
	Method string `json:"method,omitempty"`
	Unique bool   `json:"unique,omitempty"`
	// Constraint: the index of a UNIQUE constraint (Index.Constraint).
	Constraint bool `json:"constraint,omitempty"`
	// Deferrable, InitiallyDeferred: a DEFERRABLE UNIQUE constraint's
	// index (Index.Deferrable).
	Deferrable        bool `json:"deferrable,omitempty"`
	InitiallyDeferred bool `json:"initially_deferred,omitempty"`
	// Primary: a DEFERRABLE PRIMARY KEY's index (Index.Primary).
	Primary bool              `json:"primary,omitempty"`
	Comment string            `json:"comment,omitempty"`
	Parts   []indexPartDesc   `json:"parts"`
	Options map[string]string `json:"options,omitempty"`
	// Where, WhereCols: a partial index's predicate (Index.Where).
	Where      string   `json:"where,omitempty"`
	WhereCols  []string `json:"where_cols,omitempty"`
	RelOptions []string `json:"reloptions,omitempty"`
	Clustered  bool     `json:"clustered,omitempty"`
	ReplIdent  bool     `json:"replica_identity,omitempty"`
	Include    []string `json:"include,omitempty"`
	// NullsNotDistinct: Index.NullsNotDistinct.
	NullsNotDistinct bool `json:"nulls_not_distinct,omitempty"`
}

type indexPartDesc struct {
	Path   []string `json:"path"`
	Expr   string   `json:"expr,omitempty"`
	Cols   []string `json:"cols,omitempty"`
	AsText bool     `json:"as_text,omitempty"`
	Desc   bool     `json:"desc,omitempty"`
}

type fieldDesc struct {
	Name       string   `json:"name"`
	Type       typeDesc `json:"type"`
	Optional   bool     `json:"optional,omitempty"`
	HasDefault bool     `json:"has_default,omitempty"`
	// Default is value.Encode of DefaultValue (base64 in JSON), absent
	// when DefaultValue is none.
	Default      []byte   `json:"default,omitempty"`
	DefaultFunc  string   `json:"default_func,omitempty"`
	DefaultShown string   `json:"default_shown,omitempty"`
	DefaultSeq   string   `json:"default_seq,omitempty"`
	DefaultExpr  string   `json:"default_expr,omitempty"`
	Identity     string   `json:"identity,omitempty"`
	Generated    string   `json:"generated,omitempty"`
	Asserts      []string `json:"asserts,omitempty"`
	Comment      string   `json:"comment,omitempty"`
	Domain       string   `json:"domain,omitempty"`
	DomainArray  bool     `json:"domain_array,omitempty"`
	// Settings: Field.Settings.
	Settings *ColumnSettings `json:"settings,omitempty"`
	InhCount int             `json:"inh_count,omitempty"`
	NotLocal bool            `json:"not_local,omitempty"`
}

type typeDesc struct {
	Kind      string `json:"kind"`
	Width     string `json:"width,omitempty"`
	FloatBits uint8  `json:"float_bits,omitempty"`
	WithTZ    bool   `json:"with_tz,omitempty"`
	MaxLen    int    `json:"max_len,omitempty"`
	Varchar   bool   `json:"varchar,omitempty"`
	// BPChar is SQL char(n). Columns declared char(n) before it existed
	// were stored as varchar(n) (MaxLen alone) and stay so.
	BPChar    bool      `json:"bpchar,omitempty"`
	Precision int       `json:"precision,omitempty"`
	Scale     int       `json:"scale,omitempty"`
	Dims      int       `json:"dims,omitempty"`
	Elem      *typeDesc `json:"elem,omitempty"`
	// Fields is a pointer so that nil (any object) and empty (the empty
	// object shape) stay distinct while omitempty keeps other kinds short.
	Fields   *[]objectFieldDesc `json:"fields,omitempty"`
	Table    string             `json:"table,omitempty"`
	Name     string             `json:"name,omitempty"`
	JSON     bool               `json:"json,omitempty"`
	Optional bool               `json:"optional,omitempty"`
	Array    bool               `json:"array,omitempty"`
	Date     bool               `json:"date,omitempty"`
	// TimePrec is value.Type's: time(p)'s precision plus one.
	TimePrec int8 `json:"time_prec,omitempty"`
	// IntervalTypmod is value.Type's (interval day to second, interval(p)).
	IntervalTypmod int32 `json:"interval_typmod,omitempty"`
	// Search is value.Type's: tsvector (1) or tsquery (2).
	Search uint8 `json:"search,omitempty"`
	// Range is value.Type's: the range type (value.RangeKind).
	Range uint8 `json:"range,omitempty"`
	// Net is value.Type's: the network address type (value.NetKind).
	Net uint8 `json:"net,omitempty"`
	// Geo is value.Type's: the geometric type (value.GeoKind).
	Geo uint8 `json:"geo,omitempty"`
	// VarBit is value.Type's: bit varying among the bit strings.
	VarBit bool `json:"varbit,omitempty"`
	// CIText is value.Type's: the citext extension's type.
	CIText bool `json:"citext,omitempty"`
	// Hstore is value.Type's: the hstore extension's type.
	Hstore bool `json:"hstore,omitempty"`
	// Ltree is value.Type's: the ltree extension's types.
	Ltree uint8 `json:"ltree,omitempty"`
	// Identifier is value.Type's: the name type.
	Identifier bool `json:"identifier,omitempty"`
	// XML is value.Type's: the xml type.
	XML bool `json:"xml,omitempty"`
	// LSN is value.Type's: pg_lsn.
	LSN bool `json:"lsn,omitempty"`
	// Money is value.Type's: money.
	Money bool `json:"money,omitempty"`
	// Multirange is value.Type's: a multirange (a list of ranges).
	Multirange bool `json:"multirange,omitempty"`
	// Oid marks a column of SQL type oid (value.TypeOid, whose RegOID
	// is the one a stored type may have).
	Oid bool `json:"oid,omitempty"`
}

type objectFieldDesc struct {
	Name string   `json:"name"`
	Type typeDesc `json:"type"`
}

// userDesc stores a role's attributes so that a user stored before they
// existed (root) reads back as it was: able to log in, no limit.
type userDesc struct {
	Name       string       `json:"name"`
	Verifier   string       `json:"verifier"`
	Namespace  string       `json:"namespace,omitempty"`
	Superuser  bool         `json:"superuser,omitempty"`
	NoLogin    bool         `json:"nologin,omitempty"`
	CreateDB   bool         `json:"createdb,omitempty"`
	CreateRole bool         `json:"createrole,omitempty"`
	NoInherit  bool         `json:"noinherit,omitempty"`
	ConnLimit  *int32       `json:"connlimit,omitempty"`
	ValidUntil *int64       `json:"validuntil,omitempty"`
	MemberOf   []Membership `json:"memberof,omitempty"`
}

// kindNames maps value kinds to their stored names and back. Only kinds
// that can be a field type are listed; KindFunc is never stored.
var kindNames = [...]struct {
	kind value.Kind
	name string
}{
	{value.KindAny, "any"},
	{value.KindNone, "none"},
	{value.KindBool, "bool"},
	{value.KindInt, "int"},
	{value.KindFloat, "float"},
	{value.KindDecimal, "decimal"},
	{value.KindString, "string"},
	{value.KindSymbol, "symbol"},
	{value.KindRecordID, "record"},
	{value.KindDatetime, "datetime"},
	{value.KindTime, "time"},
	{value.KindTimeTZ, "timetz"},
	{value.KindDuration, "duration"},
	{value.KindUUID, "uuid"},
	{value.KindBytes, "bytes"},
	{value.KindRegex, "regex"},
	{value.KindRange, "range"},
	{value.KindVector, "vector"},
	{value.KindList, "list"},
	{value.KindTuple, "tuple"},
	{value.KindObject, "object"},
	{value.KindSQLRange, "sqlrange"},
	{value.KindNet, "net"},
	{value.KindGeo, "geo"},
	{value.KindBits, "bits"},
	{value.KindComposite, "composite"},
}

var widthNames = [...]struct {
	width value.IntWidth
	name  string
}{
	{value.I64, "i64"},
	{value.I8, "i8"},
	{value.I16, "i16"},
	{value.I32, "i32"},
	{value.U8, "u8"},
	{value.U16, "u16"},
	{value.U32, "u32"},
	{value.U64, "u64"},
}

func corrupt(what string, err error) error {
	return errs.Wrap(errs.DataCorrupted, err, "catalog: corrupt "+what+" descriptor")
}

// encodeDesc frames the JSON of a wire struct.
func encodeDesc(kind byte, v any) ([]byte, error) {
	buf := []byte{descVersion, kind}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("catalog: encode descriptor: %w", err)
	}
	return append(buf, b...), nil
}

// decodeDesc checks the frame and unmarshals the JSON into v.
func decodeDesc(b []byte, kind byte, what string, v any) error {
	if len(b) < 2 {
		return corrupt(what, fmt.Errorf("%d bytes", len(b)))
	}
	if b[0] != descVersion {
		return corrupt(what, fmt.Errorf("unknown format version %d", b[0]))
	}
	if b[1] != kind {
		return corrupt(what, fmt.Errorf("kind %q, want %q", b[1], kind))
	}
	if err := json.Unmarshal(b[2:], v); err != nil {
		return corrupt(what, err)
	}
	return nil
}

func encodeNamespace(ns *Namespace) ([]byte, error) {
	return encodeDesc(descNamespace, namespaceDesc{ID: ns.ID, Name: ns.Name, Consistency: string(ns.Consistency)})
}

func decodeNamespace(b []byte) (*Namespace, error) {
	var d namespaceDesc
	if err := decodeDesc(b, descNamespace, "namespace", &d); err != nil {
		return nil, err
	}
	return &Namespace{ID: d.ID, Name: d.Name, Consistency: Consistency(d.Consistency)}, nil
}

func encodeDatabase(db *Database) ([]byte, error) {
	if err := checkUTF8(db.Comment); err != nil {
		return nil, err
	}
	return encodeDesc(descDatabase, databaseDesc{ID: db.ID, Namespace: db.Namespace, Name: db.Name, Owner: db.Owner, Parent: db.Parent, ACL: db.ACL, Comment: db.Comment, DefaultACLs: db.DefaultACLs})
}

func decodeDatabase(b []byte) (*Database, error) {
	var d databaseDesc
	if err := decodeDesc(b, descDatabase, "database", &d); err != nil {
		return nil, err
	}
	return &Database{ID: d.ID, Namespace: d.Namespace, Name: d.Name, Owner: d.Owner, Parent: d.Parent, ACL: d.ACL, Comment: d.Comment, DefaultACLs: d.DefaultACLs}, nil
}

func encodeUser(u *User) ([]byte, error) {
	if err := checkUTF8(u.Name, u.Verifier, u.Namespace); err != nil {
		return nil, err
	}
	d := userDesc{Name: u.Name, Verifier: u.Verifier, Namespace: u.Namespace, Superuser: u.Superuser,
		NoLogin: !u.CanLogin, CreateDB: u.CreateDB, CreateRole: u.CreateRole, NoInherit: u.NoInherit, ValidUntil: u.ValidUntil,
		MemberOf: u.MemberOf}
	for _, m := range u.MemberOf {
		if err := checkUTF8(m.Role, m.Grantor); err != nil {
			return nil, err
		}
	}
	if u.ConnLimit >= 0 {
		d.ConnLimit = &u.ConnLimit
	}
	return encodeDesc(descUser, d)
}

func decodeUser(b []byte) (*User, error) {
	var d userDesc
	if err := decodeDesc(b, descUser, "user", &d); err != nil {
		return nil, err
	}
	u := &User{Name: d.Name, Verifier: d.Verifier, Namespace: d.Namespace, Superuser: d.Superuser,
		CanLogin: !d.NoLogin, CreateDB: d.CreateDB, CreateRole: d.CreateRole, NoInherit: d.NoInherit, ConnLimit: -1, ValidUntil: d.ValidUntil,
		MemberOf: d.MemberOf}
	if d.ConnLimit != nil {
		u.ConnLimit = *d.ConnLimit
	}
	if len(u.MemberOf) == 0 {
		u.MemberOf = nil // as written
	}
	return u, nil
}

// liveConstraintComments is t's constraint comments of the constraints
// it has: a dropped constraint's comment goes with it.
func liveConstraintComments(t *Table) map[string]string {
	var out map[string]string
	for name, c := range t.ConstraintComments {
		if c != "" && t.HasConstraint(name) {
			if out == nil {
				out = make(map[string]string, len(t.ConstraintComments))
			}
			out[name] = c
		}
	}
	return out
}

func encodeTable(t *Table) ([]byte, error) {
	if err := checkUTF8(t.Name, t.CreatedBy); err != nil {
		return nil, err
	}
	for _, c := range t.ConstraintComments {
		if err := checkUTF8(c); err != nil {
			return nil, err
		}
	}
	if err := checkUTF8(t.PrimaryKey...); err != nil {
		return nil, err
	}
	if err := checkUTF8(t.ReferencedBy...); err != nil {
		return nil, err
	}
	for _, fk := range t.ForeignKeys {
		if err := checkUTF8(append(append([]string{fk.Name, fk.RefTable}, fk.Columns...), fk.RefColumns...)...); err != nil {
			return nil, err
		}
	}
	d := tableDesc{
		ID:           t.ID,
		Database:     t.Database,
		Name:         t.Name,
		Schemafull:   t.Schemafull,
		PrimaryKey:   t.PrimaryKey,
		PKeyName:     t.PKeyName,
		CreatedBy:    t.CreatedBy,
		Checks:       t.Checks,
		Exclusions:   t.Exclusions,
		ForeignKeys:  t.ForeignKeys,
		ReferencedBy: t.ReferencedBy,
		Comment:      t.Comment,
		ConComments:  liveConstraintComments(t),
		OnCommit:     t.OnCommit,
		Triggers:     t.Triggers,
		RowSecurity:  t.RowSecurity,
		ForceRLS:     t.ForceRowSecurity,
		Policies:     t.Policies,
		Partitioned:  t.Partitioned,
		Partitions:   t.Partitions,
		PartitionOf:  t.PartitionOf,
		Bound:        t.Bound,
		Inherits:     t.Inherits,
		Children:     t.Children,
		RelOptions:   t.RelOptions,
		PKeyOptions:  t.PKeyOptions,
		PKClustered:  t.PKeyClustered,
		PKInclude:    t.PKeyInclude,
		ReplIdent:    t.ReplicaIdentity,
		PKReplIdent:  t.PKeyReplicaIdentity,
		Statistics:   t.Statistics,
		Privileges:   t.Privileges,
	}
	if err := checkUTF8(t.Comment); err != nil {
		return nil, err
	}
	for _, st := range t.Statistics {
		if err := checkUTF8(append([]string{st.Name, st.Owner, st.Comment}, st.Columns...)...); err != nil {
			return nil, err
		}
		for _, e := range st.Exprs {
			if err := checkUTF8(e.Expr); err != nil {
				return nil, err
			}
		}
	}
	if t.MatView != nil {
		if err := checkUTF8(t.MatView.Query); err != nil {
			return nil, err
		}
		mv := *t.MatView
		d.MatView = &mv
	}
	if t.Stats != nil {
		st := *t.Stats
		d.Stats = &st
	}
	if t.Edge != nil {
		if err := checkUTF8(append(append([]string(nil), t.Edge.From...), t.Edge.To...)...); err != nil {
			return nil, err
		}
		d.Edge = &edgeDesc{From: t.Edge.From, To: t.Edge.To}
	}
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		if err := checkUTF8(ix.Name); err != nil {
			return nil, err
		}
		if err := checkUTF8(append([]string{ix.Where}, ix.WhereCols...)...); err != nil {
			return nil, err
		}
		id := indexDesc{ID: ix.ID, Name: ix.Name, Kind: string(ix.Kind), Unique: ix.Unique, Constraint: ix.Constraint, Comment: ix.Comment, Options: ix.Options,
			Where: ix.Where, WhereCols: ix.WhereCols, Deferrable: ix.Deferrable, InitiallyDeferred: ix.InitiallyDeferred, Primary: ix.Primary,
			RelOptions: ix.RelOptions, Clustered: ix.Clustered, Include: ix.Include, NullsNotDistinct: ix.NullsNotDistinct, ReplIdent: ix.ReplicaIdentity, Method: ix.Method}
		for _, p := range ix.Parts {
			if err := checkUTF8(append(p.Path, p.Expr)...); err != nil {
				return nil, err
			}
			id.Parts = append(id.Parts, indexPartDesc(p))
		}
		d.Indexes = append(d.Indexes, id)
	}
	if t.Fields != nil {
		d.Fields = make([]fieldDesc, len(t.Fields))
		for i := range t.Fields {
			f := &t.Fields[i]
			if err := checkUTF8(f.Name, f.DefaultFunc, f.DefaultShown, f.DefaultSeq, f.DefaultExpr, f.Generated, f.Comment); err != nil {
				return nil, err
			}
			if err := checkUTF8(f.Asserts...); err != nil {
				return nil, err
			}
			typ, err := typeToDesc(f.Type)
			if err != nil {
				return nil, fmt.Errorf("catalog: field %q: %w", f.Name, err)
			}
			d.Fields[i] = fieldDesc{
				Name:         f.Name,
				Type:         typ,
				Optional:     f.Optional,
				HasDefault:   f.HasDefault,
				DefaultFunc:  f.DefaultFunc,
				DefaultShown: f.DefaultShown,
				DefaultSeq:   f.DefaultSeq,
				DefaultExpr:  f.DefaultExpr,
				Identity:     string(f.Identity),
				Generated:    f.Generated,
				Asserts:      f.Asserts,
				Comment:      f.Comment,
				Domain:       f.Domain,
				DomainArray:  f.DomainArray,
				Settings:     f.Settings,
				InhCount:     f.InhCount,
				NotLocal:     f.NotLocal,
			}
			if !f.DefaultValue.IsSQLNull() { // a jsonb null default is kept
				d.Fields[i].Default = value.Encode(nil, f.DefaultValue)
			}
		}
	}
	return encodeDesc(descTable, d)
}

func decodeTable(b []byte) (*Table, error) {
	var d tableDesc
	if err := decodeDesc(b, descTable, "table", &d); err != nil {
		return nil, err
	}
	t := &Table{
		ID:                  d.ID,
		Database:            d.Database,
		Name:                d.Name,
		Schemafull:          d.Schemafull,
		PrimaryKey:          nilIfEmpty(d.PrimaryKey),
		PKeyName:            d.PKeyName,
		CreatedBy:           d.CreatedBy,
		Checks:              d.Checks,
		Exclusions:          d.Exclusions,
		ForeignKeys:         d.ForeignKeys,
		ReferencedBy:        nilIfEmpty(d.ReferencedBy),
		Comment:             d.Comment,
		ConstraintComments:  d.ConComments,
		MatView:             d.MatView,
		Stats:               d.Stats,
		OnCommit:            d.OnCommit,
		Triggers:            d.Triggers,
		RowSecurity:         d.RowSecurity,
		ForceRowSecurity:    d.ForceRLS,
		Policies:            d.Policies,
		Partitioned:         d.Partitioned,
		Partitions:          nilIfEmpty(d.Partitions),
		PartitionOf:         d.PartitionOf,
		Bound:               d.Bound,
		Inherits:            nilIfEmpty(d.Inherits),
		Children:            nilIfEmpty(d.Children),
		RelOptions:          nilIfEmpty(d.RelOptions),
		PKeyOptions:         nilIfEmpty(d.PKeyOptions),
		PKeyClustered:       d.PKClustered,
		PKeyInclude:         nilIfEmpty(d.PKInclude),
		ReplicaIdentity:     d.ReplIdent,
		PKeyReplicaIdentity: d.PKReplIdent,
		Statistics:          d.Statistics,
		Privileges:          d.Privileges,
	}
	if d.Edge != nil {
		t.Edge = &EdgeSpec{From: nilIfEmpty(d.Edge.From), To: nilIfEmpty(d.Edge.To)}
	}
	for _, id := range d.Indexes {
		switch IndexKind(id.Kind) {
		case IndexBTree, IndexHNSW, IndexGIN, IndexTrgm:
		default:
			return nil, corrupt("table", fmt.Errorf("index %q has unknown kind %q", id.Name, id.Kind))
		}
		ix := Index{ID: id.ID, Name: id.Name, Kind: IndexKind(id.Kind), Unique: id.Unique, Constraint: id.Constraint, Comment: id.Comment, Options: id.Options,
			Where: id.Where, WhereCols: id.WhereCols, Deferrable: id.Deferrable, InitiallyDeferred: id.InitiallyDeferred, Primary: id.Primary,
			RelOptions: nilIfEmpty(id.RelOptions), Clustered: id.Clustered, Include: nilIfEmpty(id.Include), NullsNotDistinct: id.NullsNotDistinct, ReplicaIdentity: id.ReplIdent, Method: id.Method}
		if len(ix.Options) == 0 {
			ix.Options = nil
		}
		for _, p := range id.Parts {
			ix.Parts = append(ix.Parts, IndexPart(p))
		}
		t.Indexes = append(t.Indexes, ix)
	}
	if d.Fields != nil {
		t.Fields = make([]Field, len(d.Fields))
		for i := range d.Fields {
			fd := &d.Fields[i]
			typ, err := typeFromDesc(&fd.Type)
			if err != nil {
				return nil, corrupt("table", fmt.Errorf("field %q: %w", fd.Name, err))
			}
			f := Field{
				Name:         fd.Name,
				Type:         typ,
				Optional:     fd.Optional,
				HasDefault:   fd.HasDefault,
				DefaultFunc:  fd.DefaultFunc,
				DefaultShown: fd.DefaultShown,
				DefaultSeq:   fd.DefaultSeq,
				DefaultExpr:  fd.DefaultExpr,
				Identity:     Identity(fd.Identity),
				Generated:    fd.Generated,
				Asserts:      nilIfEmpty(fd.Asserts),
				Comment:      fd.Comment,
				Domain:       fd.Domain,
				DomainArray:  fd.DomainArray,
				Settings:     fd.Settings,
				InhCount:     fd.InhCount,
				NotLocal:     fd.NotLocal,
			}
			if fd.Default != nil {
				if f.DefaultValue, err = value.Decode(fd.Default); err != nil {
					return nil, corrupt("table", fmt.Errorf("default of field %q: %w", fd.Name, err))
				}
			}
			t.Fields[i] = f
		}
	}
	return t, nil
}

// nilIfEmpty normalizes slices whose emptiness carries no meaning, so a
// descriptor decodes to one canonical Table.
func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

func typeToDesc(t value.Type) (typeDesc, error) {
	if err := checkUTF8(t.Table, t.Name); err != nil {
		return typeDesc{}, err
	}
	d := typeDesc{
		FloatBits: t.FloatBits,
		WithTZ:    t.WithTZ,
		MaxLen:    t.MaxLen,
		Varchar:   t.Varchar,
		BPChar:    t.BPChar,
		Precision: t.Precision,
		Scale:     t.Scale,
		Dims:      t.Dims,
		Table:     t.Table,
		Name:      t.Name,
		JSON:      t.JSON,
		Optional:  t.Optional,
		Array:     t.Array,
		Date:      t.Date,
		TimePrec:  t.TimePrec,

		IntervalTypmod: t.IntervalTypmod,
		Search:         uint8(t.Search),
		Range:          uint8(t.Range),
		Net:            uint8(t.Net),
		Geo:            uint8(t.Geo),
		VarBit:         t.VarBit,
		CIText:         t.CIText,
		Hstore:         t.Hstore,
		Ltree:          uint8(t.Ltree),
		Identifier:     t.Identifier,
		XML:            t.XML,
		LSN:            t.LSN,
		Money:          t.Money,
		Multirange:     t.Multirange,
		Oid:            t.RegOID == value.OIDOid,
	}
	for _, k := range kindNames {
		if k.kind == t.Kind {
			d.Kind = k.name
			break
		}
	}
	if d.Kind == "" {
		return d, errs.New(errs.InvalidParameterValue, "catalog: type of kind %v cannot be stored", t.Kind)
	}
	// The zero width is i64; storing it explicitly for ints only keeps the
	// descriptors of other kinds short.
	if t.Width != value.I64 || t.Kind == value.KindInt {
		for _, w := range widthNames {
			if w.width == t.Width {
				d.Width = w.name
				break
			}
		}
		if d.Width == "" {
			return d, errs.New(errs.InvalidParameterValue, "catalog: unknown integer width %d", t.Width)
		}
	}
	if t.Elem != nil {
		e, err := typeToDesc(*t.Elem)
		if err != nil {
			return d, err
		}
		d.Elem = &e
	}
	if t.Fields != nil {
		fs := make([]objectFieldDesc, len(t.Fields))
		for i, f := range t.Fields {
			if err := checkUTF8(f.Name); err != nil {
				return d, err
			}
			ft, err := typeToDesc(f.Type)
			if err != nil {
				return d, err
			}
			fs[i] = objectFieldDesc{Name: f.Name, Type: ft}
		}
		d.Fields = &fs
	}
	return d, nil
}

func typeFromDesc(d *typeDesc) (value.Type, error) {
	t := value.Type{
		FloatBits: d.FloatBits,
		WithTZ:    d.WithTZ,
		MaxLen:    d.MaxLen,
		Varchar:   d.Varchar,
		BPChar:    d.BPChar,
		Precision: d.Precision,
		Scale:     d.Scale,
		Dims:      d.Dims,
		Table:     d.Table,
		Name:      d.Name,
		JSON:      d.JSON,
		Optional:  d.Optional,
		Array:     d.Array,
		Date:      d.Date,
		TimePrec:  d.TimePrec,

		IntervalTypmod: d.IntervalTypmod,
		Search:         value.TextSearch(d.Search),
		Range:          value.RangeKind(d.Range),
		Net:            value.NetKind(d.Net),
		Geo:            value.GeoKind(d.Geo),
		VarBit:         d.VarBit,
		CIText:         d.CIText,
		Hstore:         d.Hstore,
		Ltree:          value.LtreeKind(d.Ltree),
		Identifier:     d.Identifier,
		XML:            d.XML,
		LSN:            d.LSN,
		Money:          d.Money,
		Multirange:     d.Multirange,
	}
	if d.Oid {
		t.RegOID = value.OIDOid
	}
	found := false
	for _, k := range kindNames {
		if k.name == d.Kind {
			t.Kind, found = k.kind, true
			break
		}
	}
	if !found {
		return t, fmt.Errorf("unknown type kind %q", d.Kind)
	}
	if d.Width != "" {
		found = false
		for _, w := range widthNames {
			if w.name == d.Width {
				t.Width, found = w.width, true
				break
			}
		}
		if !found {
			return t, fmt.Errorf("unknown integer width %q", d.Width)
		}
	}
	if d.Elem != nil {
		e, err := typeFromDesc(d.Elem)
		if err != nil {
			return t, err
		}
		t.Elem = &e
	}
	if d.Fields != nil {
		t.Fields = make([]value.Field, len(*d.Fields))
		for i := range *d.Fields {
			f := &(*d.Fields)[i]
			ft, err := typeFromDesc(&f.Type)
			if err != nil {
				return t, err
			}
			t.Fields[i] = value.Field{Name: f.Name, Type: ft}
		}
	}
	return t, nil
}
