package sysview

import (
	"math"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// PostgreSQL's large objects: the lo_* functions over the pages the
// catalog keeps (catalog/largeobject.go), and the descriptors lo_open
// hands out, which live for the session's transaction.

// The modes of lo_open (libpq-fs.h).
const (
	InvWrite = 0x20000
	InvRead  = 0x40000
)

// LargeObjectDescs are a session's open large object descriptors
// (lo_open's), numbered as PostgreSQL numbers them: the lowest free
// slot. The session closes them all when its transaction ends (End).
type LargeObjectDescs struct {
	fds []*loDesc
}

// loDesc is one open descriptor: the object, whether it was opened for
// writing, and its offset.
type loDesc struct {
	oid   uint32
	write bool
	off   int64
}

// End closes every descriptor: PostgreSQL closes them at the end of the
// transaction that opened them, whether it commits or not.
func (d *LargeObjectDescs) End() {
	if d != nil && len(d.fds) > 0 {
		clear(d.fds)
		d.fds = d.fds[:0]
	}
}

func (d *LargeObjectDescs) open(oid uint32, write bool) int {
	desc := &loDesc{oid: oid, write: write}
	for i, f := range d.fds {
		if f == nil {
			d.fds[i] = desc
			return i
		}
	}
	d.fds = append(d.fds, desc)
	return len(d.fds) - 1
}

func (d *LargeObjectDescs) get(fd int64) (*loDesc, error) {
	if fd < 0 || fd >= int64(len(d.fds)) || d.fds[fd] == nil {
		return nil, errs.New(errs.UndefinedObject, "invalid large-object descriptor: %d", fd)
	}
	return d.fds[fd], nil
}

// forget closes the descriptors of an unlinked object, as lo_unlink
// does in PostgreSQL.
func (d *LargeObjectDescs) forget(oid uint32) {
	for i, f := range d.fds {
		if f != nil && f.oid == oid {
			d.fds[i] = nil
		}
	}
}

// largeObjectProcs are the pg_proc OIDs of the large object functions,
// PostgreSQL's own: libpq looks them up by name and calls them by OID
// over the protocol's FunctionCall message, and drivers (JDBC) ask for
// these numbers.
var largeObjectProcs = map[string]uint32{
	"lo_open": 952, "lo_close": 953, "loread": 954, "lowrite": 955, "lo_lseek": 956,
	"lo_creat": 957, "lo_tell": 958, "lo_unlink": 964, "lo_truncate": 1004, "lo_create": 715,
	"lo_lseek64": 3170, "lo_tell64": 3171, "lo_truncate64": 3172, "lo_import": 764,
	"lo_export": 765, "lo_from_bytea": 3457, "lo_get": 3458, "lo_put": 3460,
}

// FunctionByOID is the name of the function a FunctionCall message
// names by its pg_proc OID: the large object functions (libpq's lo_*
// calls), or any other function pg_proc lists in pg_catalog.
func FunctionByOID(oid uint32) (string, bool) {
	for name, o := range largeObjectProcs {
		if o == oid {
			return name, true
		}
	}
	for i := range funcs {
		if procOID(PgCatalog, funcs[i].Name) == oid {
			return funcs[i].Name, true
		}
	}
	return "", false
}

// largeObjectParams are the types of the large object functions'
// parameters, as PostgreSQL declares them.
func largeObjectParams(name string) []value.Type {
	i4, i8, b := value.TypeInt4, value.TypeInt8, value.TypeBytea
	switch name {
	case "lo_open":
		return []value.Type{tOID, i4}
	case "lo_close", "lo_tell", "lo_tell64", "lo_creat":
		return []value.Type{i4}
	case "loread":
		return []value.Type{i4, i4}
	case "lowrite":
		return []value.Type{i4, b}
	case "lo_lseek":
		return []value.Type{i4, i4, i4}
	case "lo_lseek64":
		return []value.Type{i4, i8, i4}
	case "lo_truncate":
		return []value.Type{i4, i4}
	case "lo_truncate64":
		return []value.Type{i4, i8}
	case "lo_create", "lo_unlink":
		return []value.Type{tOID}
	case "lo_get":
		return []value.Type{tOID, i8, i4}
	case "lo_put":
		return []value.Type{tOID, i8, b}
	case "lo_from_bytea":
		return []value.Type{tOID, b}
	case "lo_import":
		return []value.Type{value.TypeText, tOID}
	case "lo_export":
		return []value.Type{tOID, value.TypeText}
	}
	return nil
}

func largeObjectFuncs() []Func {
	i4 := value.TypeInt4
	return []Func{
		{"lo_creat", 1, 1, true, tOID, func(e *Env, _ []value.Value) (value.Value, error) { return loCreate(e, 0, "lo_creat") }},
		{"lo_create", 1, 1, true, tOID, func(e *Env, a []value.Value) (value.Value, error) {
			oid, err := oidArg(a[0])
			if err != nil {
				return value.None, err
			}
			return loCreate(e, oid, "lo_create")
		}},
		{"lo_unlink", 1, 1, true, i4, loUnlink},
		{"lo_open", 2, 2, true, i4, loOpen},
		{"lo_close", 1, 1, true, i4, func(e *Env, a []value.Value) (value.Value, error) {
			d, fd, _, err := loFD(e, a[0])
			if err != nil {
				return value.None, err
			}
			d.fds[fd] = nil
			return value.IntW(0, value.I32), nil
		}},
		{"loread", 2, 2, true, value.TypeBytea, loRead},
		{"lowrite", 2, 2, true, i4, loWrite},
		{"lo_lseek", 3, 3, true, i4, loSeek("lo_lseek", math.MaxInt32)},
		{"lo_lseek64", 3, 3, true, tInt8, loSeek("", math.MaxInt64)},
		{"lo_tell", 1, 1, true, i4, loTell("lo_tell", math.MaxInt32)},
		{"lo_tell64", 1, 1, true, tInt8, loTell("", math.MaxInt64)},
		{"lo_truncate", 2, 2, true, i4, loTruncate},
		{"lo_truncate64", 2, 2, true, i4, loTruncate},
		{"lo_get", 1, 3, true, value.TypeBytea, loGet},
		{"lo_put", 3, 3, true, voidType, loPut},
		{"lo_from_bytea", 2, 2, true, tOID, loFromBytea},
		{"lo_import", 1, 2, true, tOID, loServerFile("lo_import")},
		{"lo_export", 2, 2, true, i4, loServerFile("lo_export")},
	}
}

// loReadOnly refuses fn in a read-only transaction, as PostgreSQL's
// PreventCommandIfReadOnly.
func loReadOnly(e *Env, fn string) error {
	if e.ReadOnly {
		return errs.New(errs.ReadOnlySQLTransaction, "cannot execute %s in a read-only transaction", fn)
	}
	return nil
}

// loDatabase is the database whose large objects a call reaches.
func loDatabase(e *Env) (*catalog.Database, error) {
	db := e.baseDatabase()
	if db == nil || e.Cat == nil {
		return nil, errs.New(errs.ObjectNotInPrerequisite, "large objects need a database")
	}
	if db.Temporary() {
		// DDL of a temporary table runs in the session's temporary
		// schema, whose range goes with the session: an object made
		// there would vanish.
		return nil, errs.New(errs.FeatureNotSupported, "large object functions in DDL of temporary tables are not supported")
	}
	return db, nil
}

// loDescs is the session's descriptor table.
func loDescs(e *Env) (*LargeObjectDescs, error) {
	s, err := e.session()
	if err != nil {
		return nil, err
	}
	return s.LargeObjects(), nil
}

func intArg(v value.Value) (int64, error) {
	if v.Kind() != value.KindInt {
		c, err := value.Convert(v, value.TypeInt8)
		if err != nil {
			return 0, err
		}
		v = c
	}
	return v.AsInt(), nil
}

// loFD finds the open descriptor an argument names.
func loFD(e *Env, v value.Value) (*LargeObjectDescs, int64, *loDesc, error) {
	d, err := loDescs(e)
	if err != nil {
		return nil, 0, nil, err
	}
	fd, err := intArg(v)
	if err != nil {
		return nil, 0, nil, err
	}
	desc, err := d.get(fd)
	return d, fd, desc, err
}

// loCompat is lo_compat_privileges: on, large objects skip their
// privilege checks, as before PostgreSQL 9.0.
func loCompat(e *Env) bool {
	if e.Session == nil {
		return false
	}
	v, _ := e.Session.Setting("lo_compat_privileges")
	return v == "on"
}

// loCheck opens the large object oid for reading, and for writing when
// write is set: it must exist, and the current role needs SELECT, and
// UPDATE to write, as PostgreSQL's inv_open checks.
func loCheck(e *Env, oid uint32, write bool) (*catalog.LargeObject, error) {
	db, err := loDatabase(e)
	if err != nil {
		return nil, err
	}
	lo, err := e.Cat.LargeObject(e.Ctx, e.Txn, db, oid)
	if err != nil {
		return nil, err
	}
	if e.Role == nil || loCompat(e) {
		return lo, nil
	}
	need := []catalog.ACLMode{catalog.PrivSelect}
	if write {
		need = append(need, catalog.PrivUpdate)
	}
	for _, p := range need {
		if !lo.Has(e.Role.Privs, p, catalog.LargeObjectPrivileges) {
			return nil, errs.New(errs.InsufficientPrivilege, "permission denied for large object %d", oid)
		}
	}
	return lo, nil
}

func loCreate(e *Env, oid uint32, fn string) (value.Value, error) {
	if err := loReadOnly(e, fn+"()"); err != nil {
		return value.None, err
	}
	db, err := loDatabase(e)
	if err != nil {
		return value.None, err
	}
	owner := ""
	if e.Session != nil {
		owner = e.Session.User()
	}
	oid, err = e.Cat.CreateLargeObject(e.Ctx, e.Txn, db, oid, owner)
	return value.Int(int64(oid)), err
}

func loUnlink(e *Env, a []value.Value) (value.Value, error) {
	oid, err := oidArg(a[0])
	if err != nil {
		return value.None, err
	}
	if err := loReadOnly(e, "lo_unlink()"); err != nil {
		return value.None, err
	}
	db, err := loDatabase(e)
	if err != nil {
		return value.None, err
	}
	lo, err := e.Cat.LargeObject(e.Ctx, e.Txn, db, oid)
	if err != nil {
		return value.None, err
	}
	if e.Role != nil && !loCompat(e) && !e.Role.HasPrivsOf(lo.OwnerName()) {
		return value.None, errs.New(errs.InsufficientPrivilege, "must be owner of large object %d", oid)
	}
	if e.Session != nil {
		e.Session.LargeObjects().forget(oid)
	}
	if err := e.Cat.DropLargeObject(e.Txn, db, oid); err != nil {
		return value.None, err
	}
	return value.IntW(1, value.I32), nil
}

func loOpen(e *Env, a []value.Value) (value.Value, error) {
	oid, err := oidArg(a[0])
	if err != nil {
		return value.None, err
	}
	mode, err := intArg(a[1])
	if err != nil {
		return value.None, err
	}
	write := mode&InvWrite != 0
	if mode&(InvWrite|InvRead) == 0 {
		return value.None, errs.New(errs.InvalidParameterValue, "invalid flags for opening a large object: %d", mode)
	}
	if write {
		if err := loReadOnly(e, "lo_open(INV_WRITE)"); err != nil {
			return value.None, err
		}
	}
	d, err := loDescs(e)
	if err != nil {
		return value.None, err
	}
	if _, err := loCheck(e, oid, write); err != nil {
		return value.None, err
	}
	return value.IntW(int64(d.open(oid, write)), value.I32), nil
}

func loRead(e *Env, a []value.Value) (value.Value, error) {
	_, _, desc, err := loFD(e, a[0])
	if err != nil {
		return value.None, err
	}
	n, err := intArg(a[1])
	if err != nil {
		return value.None, err
	}
	b, err := loReadAt(e, desc.oid, desc.off, n)
	if err != nil {
		return value.None, err
	}
	desc.off += int64(len(b))
	return value.Bytes(b), nil
}

func loReadAt(e *Env, oid uint32, off, n int64) ([]byte, error) {
	db, err := loDatabase(e)
	if err != nil {
		return nil, err
	}
	return e.Cat.ReadLargeObject(e.Ctx, e.Txn, db, oid, off, n)
}

// loWritable is the descriptor fd's object when it was opened for
// writing.
func loWritable(e *Env, fdArg value.Value) (*loDesc, *catalog.Database, error) {
	_, fd, desc, err := loFD(e, fdArg)
	if err != nil {
		return nil, nil, err
	}
	if !desc.write {
		return nil, nil, errs.New(errs.ObjectNotInPrerequisite, "large object descriptor %d was not opened for writing", fd)
	}
	db, err := loDatabase(e)
	return desc, db, err
}

func loWrite(e *Env, a []value.Value) (value.Value, error) {
	desc, db, err := loWritable(e, a[0])
	if err != nil {
		return value.None, err
	}
	if err := loReadOnly(e, "lowrite()"); err != nil {
		return value.None, err
	}
	data := a[1].AsString()
	if err := e.Cat.WriteLargeObject(e.Ctx, e.Txn, db, desc.oid, desc.off, []byte(data)); err != nil {
		return value.None, err
	}
	desc.off += int64(len(data))
	return value.IntW(int64(len(data)), value.I32), nil
}

// loResult is n as a function's result: lo_lseek's and lo_tell's
// int4 (fn names the function in the range error), their 64-bit forms'
// int8 (fn empty).
func loResult(fn string, fd, n, limit int64) (value.Value, error) {
	if n > limit {
		return value.None, errs.New(errs.NumericValueOutOfRange, "%s result out of range for large-object descriptor %d", fn, fd)
	}
	if fn == "" {
		return value.Int(n), nil
	}
	return value.IntW(n, value.I32), nil
}

func loSeek(fn string, limit int64) func(e *Env, a []value.Value) (value.Value, error) {
	return func(e *Env, a []value.Value) (value.Value, error) {
		_, fd, desc, err := loFD(e, a[0])
		if err != nil {
			return value.None, err
		}
		off, err := intArg(a[1])
		if err != nil {
			return value.None, err
		}
		whence, err := intArg(a[2])
		if err != nil {
			return value.None, err
		}
		switch whence {
		case 0: // SEEK_SET
		case 1: // SEEK_CUR
			off += desc.off
		case 2: // SEEK_END
			db, err := loDatabase(e)
			if err != nil {
				return value.None, err
			}
			size, err := e.Cat.LargeObjectSize(e.Ctx, e.Txn, db, desc.oid)
			if err != nil {
				return value.None, err
			}
			off += size
		default:
			return value.None, errs.New(errs.InvalidParameterValue, "invalid whence setting: %d", whence)
		}
		if off < 0 || off > catalog.MaxLargeObjectSize {
			return value.None, errs.New(errs.InvalidParameterValue, "invalid large object seek target: %d", off)
		}
		desc.off = off
		return loResult(fn, fd, off, limit)
	}
}

func loTell(fn string, limit int64) func(e *Env, a []value.Value) (value.Value, error) {
	return func(e *Env, a []value.Value) (value.Value, error) {
		_, fd, desc, err := loFD(e, a[0])
		if err != nil {
			return value.None, err
		}
		return loResult(fn, fd, desc.off, limit)
	}
}

func loTruncate(e *Env, a []value.Value) (value.Value, error) {
	desc, db, err := loWritable(e, a[0])
	if err != nil {
		return value.None, err
	}
	n, err := intArg(a[1])
	if err != nil {
		return value.None, err
	}
	if err := loReadOnly(e, "lo_truncate()"); err != nil {
		return value.None, err
	}
	if err := e.Cat.TruncateLargeObject(e.Ctx, e.Txn, db, desc.oid, n); err != nil {
		return value.None, err
	}
	return value.IntW(0, value.I32), nil
}

// loGet is lo_get(oid) and lo_get(oid, offset, length).
func loGet(e *Env, a []value.Value) (value.Value, error) {
	if len(a) == 2 {
		return value.None, errs.New(errs.UndefinedFunction, "function lo_get(oid, bigint) does not exist")
	}
	oid, err := oidArg(a[0])
	if err != nil {
		return value.None, err
	}
	off, n := int64(0), int64(math.MaxInt64)
	if len(a) == 3 {
		if off, err = intArg(a[1]); err != nil {
			return value.None, err
		}
		if n, err = intArg(a[2]); err != nil {
			return value.None, err
		}
		if n < 0 {
			return value.None, errs.New(errs.InvalidParameterValue, "requested length cannot be negative")
		}
	}
	if _, err := loCheck(e, oid, false); err != nil {
		return value.None, err
	}
	if off < 0 || off > catalog.MaxLargeObjectSize {
		return value.None, errs.New(errs.InvalidParameterValue, "invalid large object seek target: %d", off)
	}
	b, err := loReadAt(e, oid, off, n)
	if err != nil {
		return value.None, err
	}
	// A varlena holds at most 1 GB: PostgreSQL refuses a bigger read.
	if len(a) == 1 && len(b) > 1<<30-1-4 {
		return value.None, errs.New(errs.ProgramLimitExceeded, "large object read request is too large")
	}
	return value.Bytes(b), nil
}

func loPut(e *Env, a []value.Value) (value.Value, error) {
	oid, err := oidArg(a[0])
	if err != nil {
		return value.None, err
	}
	off, err := intArg(a[1])
	if err != nil {
		return value.None, err
	}
	if err := loReadOnly(e, "lo_put()"); err != nil {
		return value.None, err
	}
	if _, err := loCheck(e, oid, true); err != nil {
		return value.None, err
	}
	if off < 0 || off > catalog.MaxLargeObjectSize {
		return value.None, errs.New(errs.InvalidParameterValue, "invalid large object seek target: %d", off)
	}
	db, err := loDatabase(e)
	if err != nil {
		return value.None, err
	}
	return void, e.Cat.WriteLargeObject(e.Ctx, e.Txn, db, oid, off, []byte(a[2].AsString()))
}

func loFromBytea(e *Env, a []value.Value) (value.Value, error) {
	oid, err := oidArg(a[0])
	if err != nil {
		return value.None, err
	}
	if err := loReadOnly(e, "lo_from_bytea()"); err != nil {
		return value.None, err
	}
	v, err := loCreate(e, oid, "lo_from_bytea")
	if err != nil {
		return value.None, err
	}
	db, err := loDatabase(e)
	if err != nil {
		return value.None, err
	}
	return v, e.Cat.WriteLargeObject(e.Ctx, e.Txn, db, uint32(v.AsInt()), 0, []byte(a[1].AsString()))
}

// loServerFile is the server-side lo_import and lo_export, which read
// and write files of the server's machine. PostgreSQL lets only
// superusers (and roles granted EXECUTE) call them; zerodb does not
// reach into its host's files at all: a server's files are not the
// client's, and a network database that writes files where its process
// may is a hole. Clients use the client-side forms (psql's \lo_import,
// libpq's lo_import), which stream over lo_open and lowrite.
func loServerFile(fn string) func(e *Env, a []value.Value) (value.Value, error) {
	return func(e *Env, a []value.Value) (value.Value, error) {
		if e.Role != nil {
			return value.None, errs.New(errs.InsufficientPrivilege, "permission denied for function %s", fn)
		}
		return value.None, errs.New(errs.FeatureNotSupported, "server-side %s is not supported: use the client's (psql's \\%s, libpq's %s)", fn, fn, fn)
	}
}

// largeObjectMetadata is pg_largeobject_metadata: every large object of
// the database with its owner's OID and access list.
func largeObjectMetadata(m *model, out *rowSet) error {
	los, err := m.largeObjects()
	if err != nil || len(los) == 0 {
		return err
	}
	for _, lo := range los {
		out.add(int64(lo.OID), int64(RoleOID(lo.OwnerName())), aclValue(lo.ACL))
	}
	return nil
}

// largeObjectData is pg_largeobject: every page of every large object,
// which only superusers may read, as in PostgreSQL.
func largeObjectData(m *model, out *rowSet) error {
	if m.e.Role != nil {
		return errs.New(errs.InsufficientPrivilege, "permission denied for table pg_largeobject")
	}
	db, err := loDatabase(m.e)
	if err != nil {
		return nil
	}
	return m.e.Cat.LargeObjectPages(m.e.Ctx, m.e.Txn, db, func(oid uint32, page uint64, data []byte) {
		out.add(int64(oid), value.IntW(int64(page), value.I32), value.Bytes(data))
	})
}

func (m *model) largeObjects() ([]*catalog.LargeObject, error) {
	db, err := loDatabase(m.e)
	if err != nil {
		return nil, nil
	}
	return m.e.Cat.LargeObjects(m.e.Ctx, m.e.Txn, db)
}

// largeObjectComment is obj_description(oid, 'pg_largeobject').
func largeObjectComment(e *Env, v value.Value) (value.Value, error) {
	oid, err := oidArg(v)
	if err != nil {
		return value.None, err
	}
	db, err := loDatabase(e)
	if err != nil {
		return value.None, nil
	}
	lo, err := e.Cat.LargeObject(e.Ctx, e.Txn, db, oid)
	if err != nil || lo.Comment == "" {
		return value.None, nil
	}
	return value.String(lo.Comment), nil
}

// FunctionResultOID is the PostgreSQL type OID of what the function
// name returns, as a FunctionCall's binary result must be laid out:
// lo_creat's and the others' oid is 4 bytes where zerodb's OID values
// are bigints.
func FunctionResultOID(f *Func) uint32 {
	switch f.Name {
	case "lo_creat", "lo_create", "lo_import", "lo_from_bytea":
		return value.OIDOid
	case "lo_put":
		return oidVoid
	}
	return f.Result.OID()
}

// aclDefault is acldefault of an object of owner (an OID) whose
// privileges of its kind are all: the access list its NULL stands for.
func aclDefault(e *Env, owner value.Value, all catalog.ACLMode) (value.Value, error) {
	oid, err := oidArg(owner)
	if err != nil {
		return value.None, err
	}
	name, err := newModel(e).roleName(oid)
	if name == "" || err != nil {
		return value.None, err
	}
	if acl, ok := aclValue(catalog.ACLDefault(name, all)).(value.Value); ok {
		return acl, nil
	}
	return value.None, nil
}
