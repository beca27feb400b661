package pipeline

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestDecideLeavesNoWorkingTables: stage 325 drops every working table of the decision stages, so their
// memory is free for the marts and the workbooks (a new working table must be added to its list).
func TestDecideLeavesNoWorkingTables(t *testing.T) {
	b := newBatch(t)
	b.db.SetMaxOpenConns(1) // TEMP tables belong to the connection Decide used
	c := b.ent("91110108MA00000001", ent{industry: "3911"})
	b.scale(c, 2021, 2022)
	b.fig("output_value", c, 2022, 12, "2000000000", "1000000000")
	b.decide(time.Time{})
	rows, err := b.db.Query(`SELECT table_name FROM duckdb_tables() WHERE temporary ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var left []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		left = append(left, n)
	}
	if len(left) > 0 {
		t.Errorf("working tables left after deciding (add them to sql/325_release_working_tables.sql): %v", left)
	}
}

// TestDecisionSourcesFollowTheStagesRules: for each way a figure can be on record — its period's own row,
// the 上年同期 the next period's row reported, both — decision_sources names the row the decision stages
// took it from (rules.md "Years and periods"; sql/230, sql/250).
func TestDecisionSourcesFollowTheStagesRules(t *testing.T) {
	b := newBatch(t)
	type src struct {
		Row    int
		Column string
	}
	want := map[string]src{}
	row := func() int { return b.n }

	// A: D11 figures in the wide layout: the P rows carry the 上年同期, which prev comes from even though
	// R's own rows hold the same values.
	a := b.ent("91110108MA0000000A", ent{industry: "3911"})
	b.scale(a, 2021, 2022)
	b.fig("output_value", a, 2021, 12, "1000000000", "")
	b.fig("output_value", a, 2022, 12, "2000000000", "1000000000")
	want[a+" D11-1 cur"], want[a+" D11-1 prev"] = src{row(), "value_yuan"}, src{row(), "prev_value_yuan"}
	want[a+" D10-3 cur"] = src{row() - 1, "value_yuan"} // R's own annual row; no R−1 figure, so no prev
	b.fig("output_value", a, 2021, 3, "300000000", "")
	rQ1 := row()
	b.fig("output_value", a, 2022, 3, "500000000", "")
	want[a+" D11-2 cur"], want[a+" D11-2 prev"] = src{row(), "value_yuan"}, src{rQ1, "value_yuan"}
	b.heads(a, 100, -1)
	want[a+" D11-1 headcount_prev"] = src{row(), "persons"}
	b.heads(a, -1, 120)
	want[a+" D11-1 headcount_cur"] = src{row(), "persons"}

	// B: D10-3 with R's own annual row (cur) carrying the 上年同期 of R−1 (prev).
	bb := b.ent("91110108MA0000000B", ent{industry: "3911"})
	b.scale(bb, 2021)
	b.fig("output_value", bb, 2020, 12, "80000000", "")
	b.fig("output_value", bb, 2021, 12, "120000000", "90000000")
	want[bb+" D10-3 cur"], want[bb+" D10-3 prev"] = src{row(), "value_yuan"}, src{row(), "prev_value_yuan"}
	want[bb+" D11-1 prev"] = src{row(), "value_yuan"} // no P row reports a 上年同期: R's own row

	// C: D10-3 without R's own row: cur is the 上年同期 reported with P; prev is R−1's own row.
	cc := b.ent("91110108MA0000000C", ent{industry: "3911"})
	b.scale(cc, 2021)
	b.fig("output_value", cc, 2020, 12, "70000000", "")
	want[cc+" D10-3 prev"] = src{row(), "value_yuan"}
	b.fig("output_value", cc, 2022, 12, "150000000", "110000000")
	want[cc+" D10-3 cur"], want[cc+" D11-1 cur"] = src{row(), "prev_value_yuan"}, src{row(), "value_yuan"}
	want[cc+" D11-1 prev"] = src{row(), "prev_value_yuan"}

	b.decide(time.Time{})
	rows, err := b.db.Query(`SELECT credit_code || ' ' || rule_id || ' ' || figure, source_row, source_column,
		coalesce(value_yuan, persons) = CASE figure WHEN 'cur' THEN d.cur_value WHEN 'prev' THEN d.prev_value
		                                             WHEN 'headcount_cur' THEN d.headcount_cur ELSE d.headcount_prev END
		FROM decision_sources s JOIN decisions d USING (credit_code, rule_id)`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]src{}
	for rows.Next() {
		var k string
		var s src
		var same bool
		if err := rows.Scan(&k, &s.Row, &s.Column, &same); err != nil {
			t.Fatal(err)
		}
		if !same {
			t.Errorf("%s: the source's value is not the decision's", k)
		}
		got[k] = s
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decision_sources (-want +got):\n%s", diff)
	}
}
