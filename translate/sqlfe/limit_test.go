package sqlfe

import "testing"

// TestFetchWithTies checks FETCH FIRST ... WITH TIES: the limit carries
// the ORDER BY keys and a NULL count is 2201W.
func TestFetchWithTies(t *testing.T) {
	checkPlans(t, []planCase{
		{"SELECT name FROM users ORDER BY age FETCH FIRST 2 ROWS WITH TIES", "Limit 2 with ties", ""},
		{"SELECT age FROM users UNION SELECT 1 ORDER BY 1 DESC FETCH FIRST 1 ROW WITH TIES", "with ties\n", ""},
		{"SELECT name FROM users ORDER BY age FETCH FIRST 2 ROWS ONLY", "Limit 2\n", ""},
		{"SELECT name FROM users ORDER BY age FETCH FIRST NULL ROWS WITH TIES", "", codeInvalidRowCountFetch},
	})
}
