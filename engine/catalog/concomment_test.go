package catalog

import "testing"

func TestLiveConstraintComments(t *testing.T) {
	tb := &Table{Name: "t", PrimaryKey: []string{"id"},
		Indexes:     []Index{{Name: "t_v_key", Unique: true, Constraint: true}, {Name: "t_w_idx"}},
		Checks:      []Check{{Name: "t_c_check"}},
		ForeignKeys: []ForeignKey{{Name: "t_p_fkey"}},
		ConstraintComments: map[string]string{"t_pkey": "a", "t_v_key": "b", "t_w_idx": "index, not a constraint",
			"t_c_check": "c", "t_p_fkey": "d", "gone": "e", "t_empty": ""}}
	got := liveConstraintComments(tb)
	want := map[string]string{"t_pkey": "a", "t_v_key": "b", "t_c_check": "c", "t_p_fkey": "d"}
	if len(got) != len(want) {
		t.Fatalf("liveConstraintComments = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("liveConstraintComments[%q] = %q, want %q", k, got[k], v)
		}
	}
	if liveConstraintComments(&Table{Name: "t"}) != nil {
		t.Error("a table without comments has some")
	}
}
