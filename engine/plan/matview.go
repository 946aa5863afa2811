package plan

// RefreshMatView empties materialized view Name and marks it populated
// or not (REFRESH MATERIALIZED VIEW [WITH NO DATA]). With data it is the
// Prepare of the Insert that writes the view's query's rows.
type RefreshMatView struct {
	Name      string
	Populated bool
}

// Columns implements Node.
func (n *RefreshMatView) Columns() []Column { return zeroCols }
