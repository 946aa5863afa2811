package keys

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"pgregory.net/rapid"
)

// dbKeys builds one key of every kind that lives in a database's range.
func dbKeys(t *rapid.T, ns, db uint64) [][]byte {
	name := rapid.String().Draw(t, "name")
	table := rapid.Uint64().Draw(t, "table")
	out := [][]byte{
		DatabasePrefix(nil, ns, db),
		CatalogPrefix(nil, ns, db),
		TablesPrefix(nil, ns, db),
		TableKey(nil, ns, db, name),
		TablePrefix(nil, ns, db, table),
		FunctionKey(nil, ns, db, name),
		EnumKey(nil, ns, db, name),
		TypeKey(nil, ns, db, name),
		LargeObjectKey(nil, ns, db, uint32(table)),
		LargeObjectPageKey(nil, ns, db, uint32(table), table),
	}
	k, err := RecordKey(nil, ns, db, table, keyValue(t))
	if err != nil {
		t.Fatalf("RecordKey: %v", err)
	}
	return append(out, k)
}

func keyValue(t *rapid.T) value.Value {
	switch rapid.IntRange(0, 2).Draw(t, "key kind") {
	case 0:
		return value.Int(rapid.Int64().Draw(t, "int key"))
	case 1:
		return value.String(rapid.String().Draw(t, "string key"))
	default:
		return value.Symbol(rapid.String().Draw(t, "symbol key"))
	}
}

func systemKeys(t *rapid.T) [][]byte {
	name := rapid.String().Draw(t, "sys name")
	ns := rapid.Uint64().Draw(t, "sys ns")
	return [][]byte{
		FormatVersionKey(nil),
		SequenceKey(nil, name),
		UserKey(nil, name),
		NamespaceKey(nil, name),
		DatabaseNameKey(nil, ns, name),
	}
}

func inSpan(k, start, end []byte) bool {
	return bytes.Compare(start, k) <= 0 && bytes.Compare(k, end) < 0
}

// TestLayout checks the property DROP DATABASE and moving a database rely
// on: every key of a database sorts inside its DatabaseSpan, so the keys
// of two databases (catalog and records alike) never interleave, and no
// system key falls into any database's range.
func TestLayout(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		nsA, dbA := rapid.Uint64().Draw(t, "nsA"), rapid.Uint64().Draw(t, "dbA")
		nsB, dbB := rapid.Uint64().Draw(t, "nsB"), rapid.Uint64().Draw(t, "dbB")
		if nsA == nsB && dbA == dbB {
			t.Skip("same database")
		}
		startA, endA := DatabaseSpan(nsA, dbA)
		startB, endB := DatabaseSpan(nsB, dbB)
		nsStartA, nsEndA := Span(NamespacePrefix(nil, nsA))
		keysA, keysB := dbKeys(t, nsA, dbA), dbKeys(t, nsB, dbB)
		for _, k := range keysA {
			if !inSpan(k, startA, endA) {
				t.Fatalf("%s outside its database span", Pretty(k))
			}
			if !inSpan(k, nsStartA, nsEndA) {
				t.Fatalf("%s outside its namespace span", Pretty(k))
			}
			if inSpan(k, startB, endB) {
				t.Fatalf("%s inside the span of database %d/%d", Pretty(k), nsB, dbB)
			}
		}
		for _, k := range keysB {
			if !inSpan(k, startB, endB) || inSpan(k, startA, endA) {
				t.Fatalf("%s misplaced", Pretty(k))
			}
		}
		// Disjoint spans with every key inside its own span imply that
		// sorted, the keys of A and B form two separate runs.
		if !(bytes.Compare(endA, startB) <= 0 || bytes.Compare(endB, startA) <= 0) {
			t.Fatalf("database spans overlap: %s..%s and %s..%s", Pretty(startA), Pretty(endA), Pretty(startB), Pretty(endB))
		}
		for _, k := range systemKeys(t) {
			if inSpan(k, startA, endA) || inSpan(k, startB, endB) {
				t.Fatalf("system key %s inside a database span", Pretty(k))
			}
			if !bytes.HasPrefix(k, SystemPrefix(nil)) {
				t.Fatalf("system key %s outside the system prefix", Pretty(k))
			}
		}
	})
}

// TestNameOrder checks that scans of a name prefix list entries in name
// order and that no name's key is a prefix of another's (so a scan of one
// table's records never reaches into a table whose name extends it).
func TestNameOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := rapid.String().Draw(t, "a"), rapid.String().Draw(t, "b")
		ka, kb := TableKey(nil, 1, 2, a), TableKey(nil, 1, 2, b)
		if got, want := bytes.Compare(ka, kb), strings.Compare(a, b); got != want {
			t.Fatalf("compare(%q, %q) = %d, keys compare %d", a, b, want, got)
		}
		if a != b && (bytes.HasPrefix(ka, kb) || bytes.HasPrefix(kb, ka)) {
			t.Fatalf("key of %q and of %q are prefixes", a, b)
		}
		if !bytes.HasPrefix(ka, TablesPrefix(nil, 1, 2)) {
			t.Fatalf("table key outside the tables prefix")
		}
	})
}

func TestRecordKeyRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ns, db, table := rapid.Uint64().Draw(t, "ns"), rapid.Uint64().Draw(t, "db"), rapid.Uint64().Draw(t, "table")
		k := keyValue(t)
		key, err := RecordKey(nil, ns, db, table, k)
		if err != nil {
			t.Fatal(err)
		}
		gotNS, gotDB, gotTable, gotK, err := DecodeRecordKey(key)
		if err != nil {
			t.Fatalf("DecodeRecordKey(%s): %v", Pretty(key), err)
		}
		if gotNS != ns || gotDB != db || gotTable != table || !sameKey(gotK, k) {
			t.Fatalf("got %d/%d/%d/%v, want %d/%d/%d/%v", gotNS, gotDB, gotTable, gotK, ns, db, table, k)
		}
		gotK, err = DecodeRecordKeyIn(TablePrefix(nil, ns, db, table), key)
		if err != nil || !sameKey(gotK, k) {
			t.Fatalf("DecodeRecordKeyIn: %v, %v", gotK, err)
		}
		if _, err := DecodeRecordKeyIn(TablePrefix(nil, ns, db, table+1), key); err == nil {
			t.Fatalf("DecodeRecordKeyIn accepted another table's prefix")
		}
	})
}

// sameKey compares key values by their encoding: a string and a symbol
// with the same text are one key and decode as the symbol.
func sameKey(a, b value.Value) bool {
	ka, err1 := value.AppendKey(nil, a)
	kb, err2 := value.AppendKey(nil, b)
	return err1 == nil && err2 == nil && bytes.Equal(ka, kb)
}

func TestDecodeRecordKeyRejects(t *testing.T) {
	for _, key := range [][]byte{
		nil,
		{Version},
		FormatVersionKey(nil),
		DatabasePrefix(nil, 1, 2),
		TableKey(nil, 1, 2, "t"),
		TablePrefix(nil, 1, 2, 3),
		append(TablePrefix(nil, 1, 2, 3), 0xff, 0xff, 0xff),
	} {
		if _, _, _, _, err := DecodeRecordKey(key); err == nil {
			t.Errorf("DecodeRecordKey(%s) succeeded", Pretty(key))
		}
	}
}

func TestPretty(t *testing.T) {
	rec, err := RecordKey(nil, 1, 2, 7, value.Int(42))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		key  []byte
		want string
	}{
		{FormatVersionKey(nil), "/sys/format"},
		{SequenceKey(nil, "table"), `/sys/seq/"table"`},
		{UserKey(nil, "ann"), `/sys/user/"ann"`},
		{NamespaceKey(nil, "default"), `/sys/namespace/"default"`},
		{DatabaseNameKey(nil, 1, "main"), `/sys/database/1/"main"`},
		{DatabasePrefix(nil, 1, 2), "/db/1/2"},
		{TableKey(nil, 1, 2, "t"), `/db/1/2/catalog/table/"t"`},
		{FunctionKey(nil, 1, 2, "f"), `/db/1/2/catalog/function/"f"`},
		{EnumKey(nil, 1, 2, "color"), `/db/1/2/catalog/enum/"color"`},
		{TypeKey(nil, 1, 2, "point"), `/db/1/2/catalog/type/"point"`},
		{TablePrefix(nil, 1, 2, math.MaxUint64), "/db/1/2/record/18446744073709551615"},
		{rec, "/db/1/2/record/7/" + value.Int(42).String()},
		{LargeObjectKey(nil, 1, 2, 16384), "/db/1/2/largeobject/16384"},
		{LargeObjectPageKey(nil, 1, 2, 16384, 3), "/db/1/2/largeobject-page/16384/3"},
		{[]byte{0x02, 'x'}, "/?0278"},
	} {
		if got := Pretty(tc.key); got != tc.want {
			t.Errorf("Pretty(%x) = %s, want %s", tc.key, got, tc.want)
		}
	}
}

// FuzzDecode checks that the key decoders never panic on garbage.
func FuzzDecode(f *testing.F) {
	f.Add(TableKey(nil, 1, 2, "t"))
	f.Add(TablePrefix(nil, 1, 2, 3))
	f.Add(DatabaseNameKey(nil, 1, "main"))
	f.Add([]byte{Version, tagDatabase, 0, 0})
	f.Fuzz(func(t *testing.T, key []byte) {
		_ = Pretty(key)
		_, _, _, _, _ = DecodeRecordKey(key)
		_, _ = DecodeRecordKeyIn(TablePrefix(nil, 1, 2, 3), key)
	})
}

func TestIsSchema(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  []byte
		want bool
	}{
		{"table", TableKey(nil, 3, 4, "t"), true},
		{"function", FunctionKey(nil, 3, 4, "f"), true},
		{"tables prefix", TablesPrefix(nil, 3, 4), true},
		{"user", UserKey(nil, "u"), true},
		{"namespace", NamespaceKey(nil, "n"), true},
		{"database name", DatabaseNameKey(nil, 3, "d"), true},
		{"sequence", SequenceKey(nil, "table"), false},
		{"database prefix", DatabasePrefix(nil, 3, 4), true},
		{"short", NamespacePrefix(nil, 3), false},
		{"record", append(DatabasePrefix(nil, 3, 4), tagRecord, 1), false},
		{"index", append(DatabasePrefix(nil, 3, 4), tagIndex, 1), false},
		{"empty", nil, false},
		{"other version", []byte{Version + 1, tagSystem, sysUser}, false},
	} {
		if got := IsSchema(tc.key); got != tc.want {
			t.Errorf("%s: IsSchema(%x) = %v, want %v", tc.name, tc.key, got, tc.want)
		}
	}
}

func TestIsRecordKey(t *testing.T) {
	rec, err := RecordKey(nil, 1, 2, 3, value.Int(7))
	if err != nil {
		t.Fatal(err)
	}
	idx := IndexPrefix(nil, 1, 2, 3)
	for _, c := range []struct {
		name string
		key  []byte
		want bool
	}{
		{"record", rec, true},
		{"table prefix alone", TablePrefix(nil, 1, 2, 3), false},
		{"index entry", append(idx, 0x10), false},
		{"adjacency", append(GraphPrefix(nil, 1, 2, 3), 0x10, 'o'), false},
		{"table descriptor", TableKey(nil, 1, 2, "t"), false},
		{"system", UserKey(nil, "root"), false},
		{"empty", nil, false},
	} {
		if got := IsRecordKey(c.key); got != c.want {
			t.Errorf("%s: IsRecordKey = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestIsCatalogKey(t *testing.T) {
	rk, err := RecordKey(nil, 1, 2, 3, value.Int(7))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		key  []byte
		want bool
	}{
		{"table descriptor", TableKey(nil, 1, 2, "t"), true},
		{"catalog prefix", CatalogPrefix(nil, 1, 2), true},
		{"user", UserKey(nil, "root"), true},
		{"namespace", NamespaceKey(nil, "ns"), true},
		{"record", rk, false},
		{"database prefix", DatabasePrefix(nil, 1, 2), false},
		{"empty", nil, false},
	} {
		if got := IsCatalogKey(tc.key); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
