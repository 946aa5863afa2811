// Package golden is the test helper behind the translators' golden files:
// it splits case files, renders each file through the caller's function
// and compares the result with the .golden file beside it (or rewrites
// it). It imports nothing of zerodb and is used only by tests.
package golden
