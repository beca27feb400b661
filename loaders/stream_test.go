package loaders

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

// Rows far apart — beyond the first rows read for recognition, in other chunks and other files — are
// still duplicates of each other, and a streamed load says exactly which rows it handed over must not
// be loaded.
func TestDuplicatesFarApartInStreamedFiles(t *testing.T) {
	dir := t.TempDir()
	lines := []string{"统一社会信用代码,期别,营业收入（万元）"}
	for i := range 2000 {
		lines = append(lines, fmt.Sprintf("%s,2022年1-12月,%d", codeN(t, i), i))
	}
	lines = append(lines,
		codeN(t, 7)+",2022年1-12月,7",    // equal to row 9: dropped
		codeN(t, 1500)+",2022年1-12月,1", // differs from row 1502: both quarantined
	)
	writeCSV(t, filepath.Join(dir, "a营业收入.csv"), "utf-8", lines...)
	writeCSV(t, filepath.Join(dir, "b营业收入.csv"), "gb18030", "统一社会信用代码,期别,营业收入（万元）",
		codeN(t, 3)+",2022年1-12月,3", codeN(t, 1999)+",2022年1-12月,5")

	b := mustLoad(t, dir, Options{})
	a := reportFor(t, b, "a营业收入.csv", "", Revenue)
	// Quarantined: rows 1502 and 2003 (code 1500), and row 2001 (code 1999, which b gives another value).
	if a.RowsRead != 2002 || a.DuplicatesDropped != 1 || a.Quarantined != 3 || a.Loaded != 1998 {
		t.Errorf("a: %+v, want 2002 read, 1 dropped, 3 quarantined, 1998 loaded", a)
	}
	bb := reportFor(t, b, "b营业收入.csv", "", Revenue)
	if bb.DuplicatesDropped != 1 || bb.Quarantined != 1 {
		t.Errorf("b: %+v, want 1 dropped (equal to a's row), 1 quarantined (differs)", bb)
	}
	var dups []string
	for _, q := range b.Quarantine {
		if q.Reason == "duplicate" {
			dups = append(dups, fmt.Sprintf("%s:%d", q.SourceFile, q.SourceRow))
		}
	}
	// In the order the rows were read.
	want := []string{"a营业收入.csv:1502", "a营业收入.csv:2001", "a营业收入.csv:2003", "b营业收入.csv:3"}
	if !slices.Equal(dups, want) {
		t.Errorf("duplicate quarantine %v, want %v", dups, want)
	}

	// The streamed load: the sink received every converted row; Excluded names the ones that did not load.
	c := &collectSink{blocks: map[Kind][][][]string{}}
	sb, err := LoadDirTo(dir, Options{}, c)
	if err != nil {
		t.Fatal(err)
	}
	if sb.Rows != nil {
		t.Errorf("LoadDirTo filled Rows")
	}
	got := c.rows(Revenue, nil)
	var excluded []string
	for _, o := range sb.Excluded[Revenue] {
		excluded = append(excluded, got[o][len(got[o])-3]+":"+got[o][len(got[o])-1])
	}
	wantEx := []string{"a营业收入.csv:1502", "a营业收入.csv:2001", "a营业收入.csv:2002", "a营业收入.csv:2003", "b营业收入.csv:2", "b营业收入.csv:3"}
	if !slices.Equal(excluded, wantEx) {
		t.Errorf("excluded %v, want %v", excluded, wantEx)
	}
	if len(got)-len(sb.Excluded[Revenue]) != len(b.Rows[Revenue]) {
		t.Errorf("sink got %d rows, %d excluded; LoadDir loads %d", len(got), len(sb.Excluded[Revenue]), len(b.Rows[Revenue]))
	}
}

// A merged range deep in a long sheet (below the rows read for recognition) still fills its cells: such
// a sheet is read whole rather than streamed.
func TestMergedDataCellsDeepInALongSheet(t *testing.T) {
	dir := t.TempDir()
	rows := [][]any{{"统一社会信用代码", "统计时点", "参保人数"}}
	for i := range 300 {
		month := any("2022-12")
		if i >= 200 && i <= 202 {
			month = nil
		}
		if i == 200 {
			month = "2022-11"
		}
		rows = append(rows, []any{codeN(t, i), month, xnum(i)})
	}
	writeXLSX(t, filepath.Join(dir, "参保.xlsx"), xsheet{name: "参保", rows: rows, merges: [][2]string{{"B202", "B204"}}})
	b := mustLoad(t, dir, Options{})
	got := rowsByPlace(b, Headcount)
	for _, r := range []string{"202", "203", "204"} {
		if m := got["参保.xlsx:参保:"+r]; m["month"] != "11" {
			t.Errorf("row %s: month %q, want 11 (filled from the merged range)", r, m["month"])
		}
	}
	if m := got["参保.xlsx:参保:205"]; m["month"] != "12" {
		t.Errorf("row 205: month %q, want 12", m["month"])
	}
}
