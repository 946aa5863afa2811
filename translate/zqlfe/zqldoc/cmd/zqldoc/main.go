package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/translate/zqlfe/zqldoc"
)

func main() {
	doc := flag.String("doc", "docs/zql.md", "the document to update in place")
	flag.Parse()
	if err := run(*doc); err != nil {
		fmt.Fprintln(os.Stderr, "zqldoc:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := zqldoc.Splice(string(b), zqldoc.Library(builtin.NewRegistry()))
	if err != nil {
		return err
	}
	if out == string(b) {
		return nil
	}
	return os.WriteFile(path, []byte(out), 0o644)
}
