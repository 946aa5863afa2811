package session

import (
	"strings"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

func TestDetectLanguage(t *testing.T) {
	tests := []struct {
		text string
		want Language
	}{
		{"select 1", LangSQL},
		{"SELECT 1", LangSQL},
		{"  \n\tSelect * from t", LangSQL},
		{"select*from t", LangSQL},
		{"select", LangSQL},
		{"select;", LangSQL},
		{"-- comment\nselect 1", LangSQL},
		{"/* a /* nested */ comment */ insert into t values (1)", LangSQL},
		{"// zql comment\nselect 1", LangSQL},
		{"((select 1))", LangSQL},
		{"with x as (select 1) select * from x", LangSQL},
		{"create table t (a int)", LangSQL},
		{"BEGIN", LangSQL},
		{"begin;", LangSQL},
		{"commit", LangSQL},
		{"set zerodb.language = 'zql'", LangSQL},
		{"show server_version", LangSQL},
		{"values(1)", LangSQL},
		{"select--x\n1", LangSQL},
		{"", LangSQL},
		{"   ", LangSQL},
		{"-- only a comment", LangSQL},
		{"IMPORT FOREIGN SCHEMA s FROM SERVER srv INTO public", LangSQL},
		{"import  foreign\n schema s from server srv into public", LangSQL},
		// ZQL
		{"table::create(@persons)", LangZQL},
		{"persons::add(@john, { name: \"John\" })", LangZQL},
		{"[ p in persons, p.age > 18 ]", LangZQL},
		{"persons.@john", LangZQL},
		{"let x = 1", LangZQL},
		{"import score", LangZQL},
		{"import foreign", LangZQL},
		{"use db.@shop", LangZQL},
		{"transaction { persons.@a.update({ n: 1 }) }", LangZQL},
		{"remove persons.@john", LangZQL},
		{"1 + 2", LangZQL},
		{"(1 + 2)", LangZQL},
		{"\"hello\"", LangZQL},
		{"persons |> count", LangZQL},
		{"values.x", LangZQL},
		{"update.x", LangZQL},
		{"select_all(persons)", LangZQL},
		{"// comment\npersons", LangZQL},
		{"delete::thing()", LangZQL},
		{"end|>count", LangZQL},
		{"@red", LangZQL},
		// SQL lead words that are ZQL builtins too: their calls are ZQL.
		{"values({ a: 1, b: 2 })", LangZQL},
		{"values ( { a: 1 } )", LangZQL},
		{"values/* c */({ a: 1 })", LangZQL},
		{"values { a: 1 }", LangZQL},
		{"values([1, 2])", LangZQL},
		{"table(persons.@john)", LangZQL},
		{"TABLE (persons.@john)", LangZQL},
		{"values (1), (2)", LangSQL},
		{"values ((1))", LangSQL},
		{"table t", LangSQL},
		{"select (1)", LangSQL},
	}
	for _, tt := range tests {
		if got := DetectLanguage(tt.text); got != tt.want {
			t.Errorf("DetectLanguage(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestAsSQL(t *testing.T) {
	for text, want := range map[string]string{
		"select 1":                         "select 1",
		"// c\nselect 1":                   "-- c\nselect 1",
		" // a\n/* // b */ //c\n select 1": " -- a\n/* // b */ --c\n select 1",
		"// only":                          "-- only",
		"select 1 // not a prefix":         "select 1 // not a prefix",
		"-- c\nselect '//'":                "-- c\nselect '//'",
		"":                                 "",
	} {
		if got := asSQL(text); got != want {
			t.Errorf("asSQL(%q) = %q, want %q", text, got, want)
		}
	}
}

func FuzzDetectLanguage(f *testing.F) {
	for _, s := range []string{"select 1", "/* /* */", "--", "table::create(@x)", "(((", "/*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = DetectLanguage(s)
	})
}

func TestIsLanguageSetting(t *testing.T) {
	for text, want := range map[string]bool{
		"SET zerodb.language = 'auto'":    true,
		"  set   zerodb.language to sql":  true,
		"-- c\nset zerodb.language='zql'": true,
		"set search_path = x":             false,
		"persons":                         false,
		"settings.@x":                     false,
	} {
		if got := isLanguageSetting(text); got != want {
			t.Errorf("isLanguageSetting(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestHintSQLTypo(t *testing.T) {
	unknown := errs.New(errs.UndefinedFunction, "function \"SELEC\" does not exist")
	for text, want := range map[string]string{
		"SELEC 1":               "SELECT",
		"  insrt into t":        "INSERT",
		"UPDAET t set a = 1":    "UPDATE",
		"persons |> count":      "",
		"selection(persons)":    "",
		"crate table t (a int)": "CREATE",
	} {
		got := errs.From(hintSQLTypo(text, unknown)).Hint
		if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
			t.Errorf("hintSQLTypo(%q) hint = %q, want mention of %q", text, got, want)
		}
	}
}
