package reports

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bjgjj/awards/loaders"
)

// TestReturnedReviewSheetLoadsAsResolutions fills in the 待复核 sheet as staff would and loads it back
// with the loaders: the rows with a 结论 become resolutions of their pair, the others are not read.
func TestReturnedReviewSheetLoadsAsResolutions(t *testing.T) {
	f, _ := writeWith(t, sampleData(), Write)
	for _, s := range f.GetSheetList() {
		if s != SheetReview {
			if err := f.DeleteSheet(s); err != nil {
				t.Fatal(err)
			}
		}
	}
	l := readList(t, f, SheetReview)
	fill := map[string][]any{
		"91110108MA01FFFF6T": {"同意", 1000, "张三", "2023-02-01", "关联企业波动已核实"},
		"91110105MA02KKKK1A": {"不同意", nil, "李四", "2023-02-02", nil},
	}
	conclusion := column(t, l.headers, "结论")
	for i, r := range l.rows {
		if v, ok := fill[r[2]]; ok {
			if err := f.SetSheetRow(SheetReview, cellName(conclusion+1, i+3), &v); err != nil {
				t.Fatal(err)
			}
		}
	}
	dir := t.TempDir()
	if err := f.SaveAs(filepath.Join(dir, "复核结论.xlsx")); err != nil {
		t.Fatal(err)
	}
	b, err := loaders.LoadDir(dir, loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cols := loaders.Columns(loaders.Resolutions)
	get := func(row []string, name string) string { return row[slices.Index(cols, name)] }
	var got []string
	for _, r := range b.Rows[loaders.Resolutions] {
		got = append(got, get(r, "credit_code")+" "+get(r, "rule_id")+" "+get(r, "conclusion")+" "+
			get(r, "confirmed_amount_yuan")+" "+get(r, "reviewer")+" "+get(r, "reviewed_on"))
	}
	slices.Sort(got)
	want := []string{
		"91110105MA02KKKK1A D10-3 不同意  李四 2023-02-02",
		"91110108MA01FFFF6T D11-1 同意 10000000.00 张三 2023-02-01",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resolutions read back (-want +got):\n%s\nquarantined: %+v", diff, b.Quarantine)
	}
	// Nothing else on the sheet reads as a resolution: at most the unfilled review lines, which the
	// loader skips or holds back for their empty 结论, never a note or a title.
	for _, q := range b.Quarantine {
		if q.Column != "结论" || q.RawValue != "" || q.CreditCode == "" {
			t.Errorf("row %d read as a bad resolution: %s %q (%s)", q.SourceRow, q.Column, q.RawValue, q.Reason)
		}
	}
}
