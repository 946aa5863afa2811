package exec

import (
	"bytes"
	"hash/maphash"
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// truncate empties the tables of a TRUNCATE. All are looked up before
// any is emptied, so a missing one changes nothing.
func (it *ddlIter) truncate(n *plan.Truncate) error {
	r := it.r
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	tables := make([]*catalog.Table, len(n.Tables))
	for i, name := range n.Tables {
		if tables[i], err = r.x.cat.Table(r.ctx, txn, db, name); err != nil {
			return err
		}
		if r.tracksAdjacency(tables[i]) {
			return errs.New(errs.FeatureNotSupported, "TRUNCATE of table %q, which has graph edges, is not supported", name)
		}
		if err := fkTruncate(tables[i], n.Tables); err != nil {
			return err
		}
	}
	for _, t := range tables {
		if err := r.x.cat.TruncateTable(r.ctx, txn, db, t); err != nil {
			return err
		}
	}
	return nil
}

// txnDatabase is the statement's transaction and database, which every
// catalog change needs.
func (r *run) txnDatabase() (kv.Txn, *catalog.Database, error) {
	txn, err := r.txn()
	if err != nil {
		return nil, nil, err
	}
	db, err := r.database()
	if err != nil {
		return nil, nil, err
	}
	return txn, db, nil
}

// rekeyChunk is how many records addPrimaryKey reads before rewriting
// them: the scan must not run while its own range is written.
const rekeyChunk = 4096

// addPrimaryKey makes n.Key the primary key of a table that has none:
// each record moves from its generated key to the key its columns give
// (PostgreSQL's errors: 23502 when a column holds NULL, 23505 when two
// records share a key), and the key columns become NOT NULL. It all
// happens in the statement's transaction, so a failure changes nothing.
//
// Records are read a chunk at a time from a cursor that only moves
// forward; a record already moved may be met again further on, and is
// recognized by its key being the one its columns give. Every key given
// out is remembered (by hash; a hit is confirmed in the store): below
// the current chunk there is nothing else (the records there have all
// moved or stayed), so only a new key at or after the chunk, or one
// whose hash was seen, must be looked up. Generated keys sort
// after numbers, so re-keying by an int column reads nothing.
func (it *ddlIter) addPrimaryKey(n *plan.AddPrimaryKey) error {
	r := it.r
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	t, err := r.x.cat.Table(r.ctx, txn, db, n.Table)
	if err != nil {
		return err
	}
	if len(t.PrimaryKey) > 0 {
		return errs.New("42P16", "multiple primary keys for table %q are not allowed", t.Name)
	}
	if !t.Schemafull {
		return errs.New(errs.FeatureNotSupported, "table %q has no columns to key by: a schemaless table is keyed by its id", t.Name)
	}
	nt := *t
	nt.Fields = slices.Clone(t.Fields)
	nt.PrimaryKey = slices.Clone(n.Key)
	for _, col := range n.Key {
		f, _, ok := nt.FieldByName(col)
		if !ok {
			return errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", col, t.Name)
		}
		f.Optional = false
	}
	kt := keyType(&nt)
	prefix, err := r.tablePrefix(nil, t)
	if err != nil {
		return err
	}
	derived := r.hasDerived(t)
	type rec struct {
		kl, vl int
		k, v   []byte
	}
	var (
		chunk  []rec
		arena  []byte
		newKey []byte
	)
	start, end := keys.Span(prefix)
	cursor := bytes.Clone(start)
	var given givenKeys
	given.seed = r.hashSeed()
	for {
		chunk, arena = chunk[:0], arena[:0]
		iter := txn.Scan(r.ctx, cursor, end, false)
		for len(chunk) < rekeyChunk && iter.Next() {
			// One arena per chunk; the records are cut from it once it
			// has stopped growing.
			arena = append(append(arena, iter.Key()...), iter.Value()...)
			chunk = append(chunk, rec{kl: len(iter.Key()), vl: len(iter.Value())})
		}
		err := iter.Err()
		if cerr := iter.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return errs.From(err)
		}
		if len(chunk) == 0 {
			break
		}
		off := 0
		for i := range chunk {
			kl, vl := chunk[i].kl, chunk[i].vl
			chunk[i].k = arena[off : off+kl : off+kl]
			chunk[i].v = arena[off+kl : off+kl+vl : off+kl+vl]
			off += kl + vl
		}
		for _, c := range chunk {
			if err := r.tick(); err != nil {
				return err
			}
			ov, err := value.Decode(c.v)
			if err != nil {
				return errs.From(err)
			}
			if ov.Kind() != value.KindObject {
				return errs.New(errs.DataCorrupted, "record of table %q is not an object", t.Name)
			}
			pk, err := pkKey(&nt, ov.AsObject())
			if err != nil {
				if errs.Code(err) == errs.NotNullViolation {
					return errs.New(errs.NotNullViolation, "column %q of relation %q contains null values", nullColumn(&nt, ov.AsObject()), t.Name)
				}
				return err
			}
			nk, ok := normalizeKey(pk, kt)
			if !ok {
				return typeMismatch(0, "%s is not a valid key for table %q", pk.String(), t.Name)
			}
			if newKey, err = value.AppendKey(append(newKey[:0], prefix...), nk); err != nil {
				return err
			}
			seen := given.seen(newKey)
			if bytes.Equal(newKey, c.k) {
				// Moved already, or keyed so from the start.
				given.add(newKey)
				continue
			}
			exists := false
			if seen || bytes.Compare(newKey, chunk[0].k) >= 0 {
				if _, exists, err = txn.Get(r.ctx, newKey); err != nil {
					return errs.From(err)
				}
			}
			if exists {
				return errs.New(errs.UniqueViolation, "could not create unique index %q", t.Name+"_pkey").
					WithDetail("Key (%s)=(%s) is duplicated.", strings.Join(nt.PrimaryKey, ", "), keyText(nk))
			}
			given.add(newKey)
			if err := txn.Put(newKey, c.v); err != nil {
				return errs.From(err)
			}
			if err := txn.Delete(c.k); err != nil {
				return errs.From(err)
			}
			if derived {
				_, _, _, oldKey, err := keys.DecodeRecordKey(c.k)
				if err != nil {
					return err
				}
				if err := r.recordChanged(t, oldKey, ov, value.None, 0); err != nil {
					return err
				}
				if err := r.recordChanged(&nt, nk, value.None, ov, 0); err != nil {
					return err
				}
			}
		}
		cursor = append(append(cursor[:0], chunk[len(chunk)-1].k...), 0)
	}
	return r.x.cat.AlterTable(r.ctx, txn, db, &nt)
}

// nullColumn is the first key column of t that obj lacks.
func nullColumn(t *catalog.Table, obj *value.Object) string {
	for _, col := range t.PrimaryKey {
		if v, _ := obj.Get(col); v.IsNone() {
			return col
		}
	}
	return t.PrimaryKey[0]
}

// givenKeys remembers the keys ADD PRIMARY KEY has given out, to tell
// when a new key may collide with one (seen; a hit is confirmed in the
// store). While the keys come in ascending order (re-keying by a column
// that grows with the load order, as pgbench_accounts.aid does) only the
// last one is kept: a larger key cannot have been given. From the first
// key out of order on, keys are remembered by hash, and any key not above
// the largest of the ascending run counts as seen.
type givenKeys struct {
	seed      maphash.Seed
	ascending bool // the keys so far ascend (set by the first add)
	started   bool
	last      []byte // the largest key of the ascending run
	hashes    map[uint64]struct{}
}

func (g *givenKeys) seen(key []byte) bool {
	if !g.started {
		return false
	}
	if bytes.Compare(key, g.last) <= 0 {
		return true
	}
	if g.ascending {
		return false
	}
	_, ok := g.hashes[maphash.Bytes(g.seed, key)]
	return ok
}

func (g *givenKeys) add(key []byte) {
	switch {
	case !g.started:
		g.started, g.ascending = true, true
		g.last = append(g.last[:0], key...)
		return
	case g.ascending && bytes.Compare(key, g.last) > 0:
		g.last = append(g.last[:0], key...)
		return
	case g.ascending:
		g.ascending = false
		g.hashes = map[uint64]struct{}{}
	}
	g.hashes[maphash.Bytes(g.seed, key)] = struct{}{}
}
