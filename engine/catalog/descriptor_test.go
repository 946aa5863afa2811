package catalog

import (
	"bytes"
	"reflect"
	"strconv"
	"sync"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"pgregory.net/rapid"
)

// storableKinds are the kinds a field type may have.
var storableKinds = []value.Kind{
	value.KindAny, value.KindNone, value.KindBool, value.KindInt, value.KindFloat,
	value.KindDecimal, value.KindString, value.KindSymbol, value.KindRecordID,
	value.KindDatetime, value.KindDuration, value.KindUUID, value.KindBytes,
	value.KindRegex, value.KindRange, value.KindVector, value.KindList,
	value.KindTuple, value.KindObject, value.KindBits,
}

func genType(depth int) *rapid.Generator[value.Type] {
	return rapid.Custom(func(t *rapid.T) value.Type {
		typ := value.Type{
			Kind:       rapid.SampledFrom(storableKinds).Draw(t, "kind"),
			Width:      value.IntWidth(rapid.IntRange(int(value.I64), int(value.U64)).Draw(t, "width")),
			FloatBits:  rapid.SampledFrom([]uint8{0, 32, 64}).Draw(t, "float bits"),
			WithTZ:     rapid.Bool().Draw(t, "tz"),
			MaxLen:     rapid.IntRange(0, 1<<20).Draw(t, "max len"),
			Varchar:    rapid.Bool().Draw(t, "varchar"),
			BPChar:     rapid.Bool().Draw(t, "bpchar"),
			Precision:  rapid.IntRange(0, 1000).Draw(t, "precision"),
			Scale:      rapid.IntRange(-1000, 1000).Draw(t, "scale"),
			Dims:       rapid.IntRange(0, 4096).Draw(t, "dims"),
			Table:      rapid.String().Draw(t, "table"),
			Name:       rapid.String().Draw(t, "type name"),
			JSON:       rapid.Bool().Draw(t, "json"),
			Optional:   rapid.Bool().Draw(t, "optional"),
			VarBit:     rapid.Bool().Draw(t, "varbit"),
			CIText:     rapid.Bool().Draw(t, "citext"),
			Hstore:     rapid.Bool().Draw(t, "hstore"),
			Identifier: rapid.Bool().Draw(t, "identifier"),
		}
		if depth > 0 && rapid.Bool().Draw(t, "has elem") {
			e := genType(depth-1).Draw(t, "elem")
			typ.Elem = &e
		}
		// nil (any object) and empty (the empty shape) both occur.
		if depth > 0 && rapid.Bool().Draw(t, "has fields") {
			n := rapid.IntRange(0, 3).Draw(t, "object fields")
			typ.Fields = make([]value.Field, n)
			for i := range typ.Fields {
				typ.Fields[i] = value.Field{Name: rapid.String().Draw(t, "object field"), Type: genType(depth-1).Draw(t, "object field type")}
			}
		}
		return typ
	})
}

func genDefault() *rapid.Generator[value.Value] {
	return rapid.Custom(func(t *rapid.T) value.Value {
		switch rapid.IntRange(0, 5).Draw(t, "default kind") {
		case 0:
			return value.None
		case 1:
			return value.Int(rapid.Int64().Draw(t, "int"))
		case 2:
			return value.IntW(int64(rapid.Int16().Draw(t, "i16")), value.I16)
		case 3:
			return value.String(rapid.String().Draw(t, "string"))
		case 4:
			return value.Bool(rapid.Bool().Draw(t, "bool"))
		default:
			return value.Float(rapid.Float64().Draw(t, "float"))
		}
	})
}

func optStrings(t *rapid.T, label string) []string {
	return nilIfEmpty(rapid.SliceOfN(rapid.String(), 0, 3).Draw(t, label))
}

func genTable() *rapid.Generator[*Table] {
	return rapid.Custom(func(t *rapid.T) *Table {
		tbl := &Table{
			ID:         rapid.Uint64().Draw(t, "id"),
			Database:   rapid.Uint64().Draw(t, "database"),
			Name:       rapid.String().Draw(t, "name"),
			Schemafull: rapid.Bool().Draw(t, "schemafull"),
			PrimaryKey: optStrings(t, "primary key"),
			CreatedBy:  rapid.SampledFrom([]string{"", "sql", "zql"}).Draw(t, "created by"),
		}
		if n := rapid.IntRange(0, 2).Draw(t, "foreign keys"); n > 0 {
			for range n {
				action := rapid.SampledFrom([]FKAction{"", FKNoAction, FKRestrict, FKCascade, FKSetNull, FKSetDefault})
				tbl.ForeignKeys = append(tbl.ForeignKeys, ForeignKey{
					Name:       rapid.String().Draw(t, "fk name"),
					Columns:    rapid.SliceOfN(rapid.String(), 1, 3).Draw(t, "fk columns"),
					RefTable:   rapid.String().Draw(t, "fk table"),
					RefColumns: rapid.SliceOfN(rapid.String(), 1, 3).Draw(t, "fk ref columns"),
					OnDelete:   action.Draw(t, "on delete"),
					OnUpdate:   action.Draw(t, "on update"),
				})
			}
		}
		tbl.ReferencedBy = optStrings(t, "referenced by")
		tbl.Inherits, tbl.Children = optStrings(t, "inherits"), optStrings(t, "children")
		for range rapid.IntRange(0, 2).Draw(t, "statistics") {
			st := Statistic{Name: rapid.String().Draw(t, "stat name"), Kinds: rapid.SampledFrom([]string{"dfm", "d", "fme", "e"}).Draw(t, "kinds"),
				Columns: optStrings(t, "stat columns"), Owner: rapid.String().Draw(t, "stat owner"), Comment: rapid.String().Draw(t, "stat comment")}
			for range rapid.IntRange(0, 2).Draw(t, "stat exprs") {
				st.Exprs = append(st.Exprs, StatExpr{Expr: rapid.String().Draw(t, "stat expr"), Cols: optStrings(t, "stat expr cols")})
			}
			if rapid.Bool().Draw(t, "stat target") {
				n := rapid.IntRange(0, 10000).Draw(t, "target")
				st.Target = &n
			}
			tbl.Statistics = append(tbl.Statistics, st)
		}
		if rapid.Bool().Draw(t, "analyzed") {
			tbl.Stats = &TableStats{Rows: rapid.Int64Min(0).Draw(t, "rows")}
		}
		if rapid.Bool().Draw(t, "edge table") {
			tbl.Edge = &EdgeSpec{From: optStrings(t, "edge from"), To: optStrings(t, "edge to")}
		}
		// nil (schemaless) and empty (schemafull without columns) both occur.
		if rapid.Bool().Draw(t, "has fields") {
			n := rapid.IntRange(0, 5).Draw(t, "fields")
			tbl.Fields = make([]Field, n)
			for i := range tbl.Fields {
				tbl.Fields[i] = Field{
					Name:         rapid.String().Draw(t, "field name"),
					Type:         genType(2).Draw(t, "field type"),
					Optional:     rapid.Bool().Draw(t, "optional"),
					HasDefault:   rapid.Bool().Draw(t, "has default"),
					DefaultValue: genDefault().Draw(t, "default"),
					DefaultFunc:  rapid.SampledFrom([]string{"", "now", "uuid"}).Draw(t, "default func"),
					Generated:    rapid.SampledFrom([]string{"", "(a * 2)", "lower(s)"}).Draw(t, "generated"),
					Asserts:      optStrings(t, "asserts"),
					InhCount:     rapid.IntRange(0, 3).Draw(t, "inh count"),
					NotLocal:     rapid.Bool().Draw(t, "not local"),
				}
			}
		}
		return tbl
	})
}

// TestDecodeTableBeforeGenerated: descriptors stored before generated
// columns existed (no "generated" member) still decode, with no field
// generated, and a generated field is written so that an older reader's
// JSON decoding would merely ignore it.
func TestDecodeTableBeforeGenerated(t *testing.T) {
	old := append([]byte{descVersion, descTable}, `{"id":7,"database":1,"name":"t","schemafull":true,"fields":[{"name":"a","type":{"kind":"int","width":"i32"},"optional":true},{"name":"b","type":{"kind":"int","width":"i32"},"optional":true}],"created_by":"sql"}`...)
	tbl, err := decodeTable(old)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if len(tbl.Fields) != 2 || tbl.HasGenerated() {
		t.Fatalf("decoded %#v", tbl.Fields)
	}
	tbl.Fields[1].Generated = "(a * 2)"
	b, err := encodeTable(tbl)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"generated":"(a * 2)"`)) {
		t.Fatalf("encoded %s", b)
	}
	got, err := decodeTable(b)
	if err != nil || !got.HasGenerated() || got.Fields[1].Generated != "(a * 2)" {
		t.Fatalf("round trip: %v %#v", err, got)
	}
}

// TestTableRoundTrip: decode(encode(t)) == t for every storable table.
func TestTableRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		want := genTable().Draw(t, "table")
		b, err := encodeTable(want)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		got, err := decodeTable(b)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round trip:\ngot  %#v\nwant %#v", got, want)
		}
		// Encoding is deterministic, which the byte-keyed cache relies on
		// for its hit rate (not for correctness).
		if b2, _ := encodeTable(got); !bytes.Equal(b, b2) {
			t.Fatalf("re-encoding differs:\n%s\n%s", b, b2)
		}
	})
}

func TestOtherRoundTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ns := &Namespace{ID: rapid.Uint64().Draw(t, "id"), Name: rapid.String().Draw(t, "name"),
			Consistency: rapid.SampledFrom([]Consistency{Strong, Eventual}).Draw(t, "consistency")}
		db := &Database{ID: rapid.Uint64().Draw(t, "id"), Namespace: rapid.Uint64().Draw(t, "ns"), Name: rapid.String().Draw(t, "name")}
		u := &User{Name: rapid.String().Draw(t, "name"), Verifier: rapid.String().Draw(t, "verifier"),
			Namespace: rapid.String().Draw(t, "namespace"), Superuser: rapid.Bool().Draw(t, "superuser")}
		roundTrip(t, ns, encodeNamespace, decodeNamespace)
		roundTrip(t, db, encodeDatabase, decodeDatabase)
		roundTrip(t, u, encodeUser, decodeUser)
	})
}

func roundTrip[T any](t *rapid.T, want *T, enc func(*T) ([]byte, error), dec func([]byte) (*T, error)) {
	b, err := enc(want)
	if err != nil {
		t.Fatalf("encode %T: %v", want, err)
	}
	got, err := dec(b)
	if err != nil {
		t.Fatalf("decode %T: %v", want, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip: got %+v, want %+v", got, want)
	}
}

func TestDecodeRejects(t *testing.T) {
	good, err := encodeTable(&Table{ID: 1, Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	ns, err := encodeNamespace(&Namespace{ID: 1, Name: "n"})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{
		"empty":        nil,
		"one byte":     {descVersion},
		"bad version":  append([]byte{descVersion + 1}, good[1:]...),
		"wrong kind":   ns,
		"bad json":     append(bytes.Clone(good[:2]), "{"...),
		"unknown kind": append(bytes.Clone(good[:2]), `{"fields":[{"name":"a","type":{"kind":"frob"}}]}`...),
		"bad width":    append(bytes.Clone(good[:2]), `{"fields":[{"name":"a","type":{"kind":"int","width":"i7"}}]}`...),
	} {
		if _, err := decodeTable(b); errs.Code(err) != errs.DataCorrupted {
			t.Errorf("%s: got %v, want XX001", name, err)
		}
	}
}

// FuzzDecodeTable: the descriptor decoder never panics, and whatever it
// accepts re-encodes to an equivalent descriptor.
func FuzzDecodeTable(f *testing.F) {
	for _, tbl := range []*Table{
		{ID: 1, Database: 2, Name: "events"},
		{ID: 3, Database: 2, Name: "persons", Schemafull: true, PrimaryKey: []string{"id"}, Fields: []Field{
			{Name: "id", Type: value.TypeInt8},
			{Name: "tags", Type: value.Type{Kind: value.KindList, Elem: &value.TypeText}, Optional: true},
			{Name: "pt", Type: value.Type{Kind: value.KindObject, Fields: []value.Field{{Name: "x", Type: value.TypeFloat8}}}},
			{Name: "n", Type: value.TypeInt4, HasDefault: true, DefaultValue: value.Int(7)},
		}},
	} {
		b, err := encodeTable(tbl)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{descVersion, descTable, '{', '}'})
	f.Add([]byte{descVersion, descTable, 'n', 'u', 'l', 'l'})
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzRoundTrip(t, b, decodeTable, encodeTable, tablesEqual)
	})
}

// fuzzRoundTrip checks that a descriptor decode accepts re-encodes to one
// that decodes alike.
func fuzzRoundTrip[T any](t *testing.T, b []byte, decode func([]byte) (T, error), encode func(T) ([]byte, error), equal func(a, b T) bool) {
	d, err := decode(b)
	if err != nil {
		return
	}
	b2, err := encode(d)
	if err != nil {
		// Decoding accepts text that is not valid UTF-8 (JSON replaces
		// it); nothing else may fail to re-encode.
		if errs.Code(err) == invalidByteSeq {
			return
		}
		t.Fatalf("decoded %+v but cannot re-encode: %v", d, err)
	}
	d2, err := decode(b2)
	if err != nil {
		t.Fatalf("re-encoded descriptor does not decode: %v", err)
	}
	if !equal(d, d2) {
		t.Fatalf("not stable:\n%+v\n%+v", d, d2)
	}
}

func TestDescCache(t *testing.T) {
	c := newDescCache[*Table](4)
	decodes := 0
	dec := func(b []byte) (*Table, error) {
		decodes++
		return &Table{Name: string(b)}, nil
	}
	key := func(i int) []byte { return []byte(strconv.Itoa(i)) }
	first, _ := c.get(key(0), dec)
	for i := range 100 {
		got, err := c.get(key(i%10), dec)
		if err != nil || got.Name != strconv.Itoa(i%10) {
			t.Fatalf("get(%d) = %+v, %v", i%10, got, err)
		}
		// Key 0 is hot: promoted on every turn, it never leaves.
		if hot, _ := c.get(key(0), dec); hot != first {
			t.Fatalf("hot entry was evicted")
		}
		if n := c.len(); n > 2*4 {
			t.Fatalf("cache holds %d entries, bound 8", n)
		}
	}
	before := decodes
	for range 10 {
		c.get(key(0), dec)
	}
	if decodes != before {
		t.Fatalf("hits decoded again")
	}
	// A failed decode is not cached.
	_, err := c.get([]byte("bad"), func([]byte) (*Table, error) { return nil, errs.New(errs.DataCorrupted, "bad") })
	if err == nil {
		t.Fatal("decode error lost")
	}
	if got, _ := c.get([]byte("bad"), dec); got == nil || got.Name != "bad" {
		t.Fatalf("failed decode was cached: %+v", got)
	}
}

func TestDescCacheConcurrent(t *testing.T) {
	c := newDescCache[*Table](8)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				k := strconv.Itoa((i * (g + 1)) % 37)
				got, err := c.get([]byte(k), func(b []byte) (*Table, error) { return &Table{Name: string(b)}, nil })
				if err != nil || got.Name != k {
					t.Errorf("get(%s) = %+v, %v", k, got, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// FuzzDecodeUser: the user descriptor decoder (memberships included)
// never panics, and whatever it accepts re-encodes to the same user.
func FuzzDecodeUser(f *testing.F) {
	until := int64(42)
	for _, u := range []*User{
		{Name: "root", Superuser: true, CanLogin: true, ConnLimit: -1},
		{Name: "ann", Verifier: "v", Namespace: "t1", NoInherit: true, ConnLimit: 3, ValidUntil: &until,
			MemberOf: []Membership{{Role: "staff", Grantor: "root", Admin: true}, {Role: "readers"}}},
	} {
		b, err := encodeUser(u)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{descVersion, descUser, '{', '}'})
	f.Add(append([]byte{descVersion, descUser}, `{"memberof":[]}`...))
	f.Add([]byte{descVersion, descUser, 'n', 'u', 'l', 'l'})
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzRoundTrip(t, b, decodeUser, encodeUser, func(a, b *User) bool { return reflect.DeepEqual(a, b) })
	})
}
