// Command zqldoc regenerates the builtin library section of the ZQL
// language reference (docs/zql.md) from engine/builtin's documentation:
//
//	go run ./translate/zqlfe/zqldoc/cmd/zqldoc -doc docs/zql.md
//
// `go generate ./translate/zqlfe` runs it.
//
// It imports engine/builtin and translate/zqlfe/zqldoc only.
package main
