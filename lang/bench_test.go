package lang

import "testing"

// typicalQueries is a mix of what a session sends: point reads, writes,
// filtered comprehensions with pipelines, joins, graph traversals, schema.
var typicalQueries = []string{
	`persons.@john`,
	`persons::add(@john, { name: "John", age: 42, tags: ["a", "b"] })`,
	`persons.@john.update({ age: 44 })`,
	`[ p in persons, p.age >= 18 ] |> order_by .age desc, .name |> limit 10`,
	`[ { who: p.name, city: c.name } : p in persons, c in cities, p.home == c.id ]`,
	`persons |> group_by .city |> map |g| { city: g.key, n: g.items |> count, avg_age: g.items |> map |x| x.age |> avg }`,
	`persons.@ann -> knows{1..3} -> persons[.age > 30]`,
	`[ d in docs, d.lang == "en" ] |> nearest(.embedding, $q, 10)`,
	`table::create(@persons, { name: string assert [is_capitalized], age: int?, email: string = "", home: record(cities)? })`,
	`function adult(p: persons) -> bool { p.age >= 18 }`,
	`match v { 0 => "zero", 1..=9 => "small", [x, ..rest] => x, { kind: @dog } => "dog", _ => "other" }`,
	`transaction { let a = persons.@ann; a.update({ balance: a.balance - 10 }); persons.@bob.update({ balance: persons.@bob.balance + 10 }) }`,
}

func BenchmarkParse(b *testing.B) {
	size := 0
	for _, q := range typicalQueries {
		size += len(q)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range typicalQueries {
			if _, err := Parse(q); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkPrint(b *testing.B) {
	scripts := make([]*Script, len(typicalQueries))
	for i, q := range typicalQueries {
		s, err := Parse(q)
		if err != nil {
			b.Fatal(err)
		}
		scripts[i] = s
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range scripts {
			_ = Print(s)
		}
	}
}
