package synth

import (
	"testing"

	"github.com/bjgjj/awards/loaders"
)

// TestDemoLoadsWithASmallQuarantine runs the real loader on the demo: no file may fail, every sheet
// must reconcile, and only the deliberately bad rows may be quarantined.
func TestDemoLoadsWithASmallQuarantine(t *testing.T) {
	dir := demoDir(t)
	b, err := loaders.LoadDir(dir, loaders.Options{})
	if err != nil {
		t.Fatalf("the demo batch does not load: %v", err)
	}
	read := 0
	for _, r := range b.Reports {
		read += r.RowsRead
		if r.RowsRead != r.Loaded+r.Quarantined+r.SkippedTotals+r.DuplicatesDropped {
			t.Errorf("%s %s does not reconcile: %+v", r.SourceFile, r.SourceSheet, r)
		}
	}
	for _, q := range b.Quarantine {
		t.Logf("quarantined: %s %s row %d %s %q %s", q.SourceFile, q.SourceSheet, q.SourceRow, q.Column, q.RawValue, q.Reason)
	}
	if n := len(b.Quarantine); n != 4 {
		t.Errorf("%d rows quarantined, want the 4 deliberately bad ones (3 of badRows, 1 of casesHolds)", n)
	}
	if len(b.Quarantine)*100 >= read {
		t.Errorf("%d of %d rows quarantined: over 1%%", len(b.Quarantine), read)
	}
	if got, want := len(b.Rows[loaders.Enterprises]), len(DemoCodes()); got != want {
		t.Errorf("%d enterprises loaded, want %d", got, want)
	}
	for _, k := range loaders.Kinds {
		if k == loaders.Resolutions { // optional: staff's answers come back on a later night
			continue
		}
		if len(b.Rows[k]) == 0 {
			t.Errorf("no %s rows loaded", k)
		}
	}
	dups, totals := 0, 0
	for _, r := range b.Reports {
		dups += r.DuplicatesDropped
		totals += r.SkippedTotals
	}
	if dups != 1 || totals != 1 {
		t.Errorf("%d equal duplicates dropped and %d total rows skipped, want 1 and 1", dups, totals)
	}
	// the wide 千元 figures arrive in 元 with their 上年同期
	code := manifestCode(t, "D11-1", "A1", "net exactly 10亿")
	cols := loaders.Columns(loaders.OutputValue)
	found := false
	for _, r := range b.Rows[loaders.OutputValue] {
		v := map[string]string{}
		for i, c := range cols {
			v[c] = r[i]
		}
		if v["credit_code"] == code && v["year"] == "2022" && v["end_month"] == "12" {
			found = true
			if v["value_yuan"] != "7000000000.00" || v["prev_value_yuan"] != "6000000000.00" {
				t.Errorf("2022 output of %s loaded as %s (prev %s), want 7000000000.00 and 6000000000.00",
					code, v["value_yuan"], v["prev_value_yuan"])
			}
		}
	}
	if !found {
		t.Errorf("no 2022 output row loaded for %s", code)
	}
	for _, w := range b.Warnings {
		t.Logf("warning: %s", w)
	}
}
