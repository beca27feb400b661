package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/bjgjj/awards/loaders"
	"github.com/bjgjj/awards/reports"
)

var updateWorkbooks = flag.Bool("update-workbooks", false, "rewrite testdata/workbooks/*.txt from the demo's workbooks")

// The demo's three workbooks, as published in OUT.
var demoBooks = []string{reports.FileName(2022), reports.PublicFileName(2022), reports.PaymentFileName(2022)}

// TestDemoWorkbooksMatchTheirGoldenLayout reads every sheet of the demo's three workbooks back and
// compares it with testdata/workbooks: every cell, the hidden columns, the widths, the print titles,
// the page header and footer. The run id and the run's date and time are masked: they are the only
// things two runs on the same inputs may differ in. Run with -update-workbooks after a deliberate
// change and read the diff.
func TestDemoWorkbooksMatchTheirGoldenLayout(t *testing.T) {
	out := demoRun(t)
	for _, name := range demoBooks {
		t.Run(name, func(t *testing.T) {
			got := dumpWorkbook(t, filepath.Join(out, name))
			golden := filepath.Join("testdata", "workbooks", strings.TrimSuffix(name, ".xlsx")+".txt")
			if *updateWorkbooks {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update-workbooks to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				os.WriteFile(golden+".FAIL", []byte(got), 0o644)
				t.Errorf("%s differs from %s (written to %s.FAIL) (-want +got):\n%s", name, golden, golden, diff)
			}
		})
	}
}

// Every workbook the run writes carries the mark by which the loaders know it when it comes back into
// the input folder, and names only sheets they know as the program's own (loaders/ownbook.go): a sheet
// missing from loaders.OwnSheetNames would stop the next run that reads the returned 奖励名单.
func TestDemoWorkbooksAreKnownAsTheProgramsOwn(t *testing.T) {
	out := demoRun(t)
	for _, name := range demoBooks {
		f, err := excelize.OpenFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		props, err := f.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		if props.Category != loaders.OwnCategory {
			t.Errorf("%s: category %q, want %q", name, props.Category, loaders.OwnCategory)
		}
		for _, s := range f.GetSheetList() {
			if !slices.Contains(loaders.OwnSheetNames(), s) {
				t.Errorf("%s: sheet %s is not in loaders.OwnSheetNames", name, s)
			}
		}
		f.Close()
	}
	for _, s := range []string{reports.SheetSummary, reports.SheetD10, reports.SheetD11, reports.SheetReview,
		reports.SheetQuality, reports.SheetNotes, reports.SheetChanges, reports.SheetPublic, reports.SheetPayment} {
		if !slices.Contains(loaders.OwnSheetNames(), s) {
			t.Errorf("sheet %s is not in loaders.OwnSheetNames", s)
		}
	}
}

var (
	runIDPattern = regexp.MustCompile(`\d{8}T\d{6}Z-[0-9a-f]{6}|\d{8}T\d{4}-[0-9a-f]{6}`)
	datePattern  = regexp.MustCompile(`运行日期：\d{4}年\d{1,2}月\d{1,2}日`)
)

// dumpWorkbook writes a workbook's layout and cells as text, the run id and date masked.
func dumpWorkbook(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	titles := map[string]string{}
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm.Print_Titles" {
			titles[n.Scope] = n.RefersTo
		}
	}
	var b strings.Builder
	mask := func(s string) string {
		s = runIDPattern.ReplaceAllString(s, "<run id>")
		return datePattern.ReplaceAllString(s, "运行日期：<date>")
	}
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "== %s\n", sheet)
		pl, _ := f.GetPageLayout(sheet)
		hf, _ := f.GetHeaderFooter(sheet)
		fmt.Fprintf(&b, "page: %s paper %d, fit %d wide; repeat %s\n", deref(pl.Orientation), derefInt(pl.Size),
			derefInt(pl.FitToWidth), titles[sheet])
		if hf != nil {
			fmt.Fprintf(&b, "header: %s\nfooter: %s\n", mask(hf.OddHeader), mask(hf.OddFooter))
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range rows {
			n = max(n, len(r))
		}
		var cols []string
		for c := 1; c <= n; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, _ := f.GetColWidth(sheet, name)
			visible, _ := f.GetColVisible(sheet, name)
			s := strconv.FormatFloat(w, 'f', -1, 64)
			if !visible {
				s = "(" + s + " hidden)"
			}
			cols = append(cols, s)
		}
		fmt.Fprintf(&b, "columns: %s\n", strings.Join(cols, " "))
		for i, r := range rows {
			if sheet == reports.SheetNotes && len(r) > 2 && (r[1] == "运行时间") {
				r = []string{r[0], r[1], "<time>"}
			}
			fmt.Fprintf(&b, "%d: %s\n", i+1, mask(strings.ReplaceAll(strings.Join(r, " | "), "\n", "⏎")))
		}
	}
	return b.String()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func derefInt(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}

// list is a list sheet read back: title, headers, data rows, the 合计 row and what follows it.
type list struct {
	title   string
	headers []string
	rows    [][]string
	total   []string
	after   string
}

func readList(t *testing.T, path, sheet string) list {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	l := list{title: rows[0][0], headers: rows[1]}
	for i := 2; i < len(rows); i++ {
		if len(rows[i]) > 0 && rows[i][0] == "合计" {
			l.total = rows[i]
			for _, r := range rows[i+1:] {
				l.after += strings.Join(r, "|") + "\n"
			}
			return l
		}
		l.rows = append(l.rows, rows[i])
	}
	t.Fatalf("%s of %s has no 合计 row", sheet, filepath.Base(path))
	return l
}

func at(r []string, i int) string {
	if i < len(r) {
		return r[i]
	}
	return ""
}

func sumColumn(t *testing.T, l list, header string) (rows, total decimal.Decimal) {
	t.Helper()
	c := slices.Index(l.headers, header)
	if c < 0 {
		t.Fatalf("no column %q in %q", header, l.headers)
	}
	for _, r := range l.rows {
		rows = rows.Add(decimal.RequireFromString(at(r, c)))
	}
	return rows, decimal.RequireFromString(at(l.total, c))
}

func one(t *testing.T, db, q string) string {
	t.Helper()
	recs := queryCSV(t, db, q)
	if len(recs) != 2 || len(recs[1]) != 1 {
		t.Fatalf("%s: %v", q, recs)
	}
	return recs[1][0]
}

func decOf(s string) decimal.Decimal {
	if s == "" {
		return decimal.Zero
	}
	return decimal.RequireFromString(s)
}

// TestDemoListsAddUpToTheDatabase reads the demo's lists back and checks them against the database:
// each 合计 is the sum of its rows and of the database's payments, the headers are outputs.md's, the
// sign-off block follows the 合计, the 公示名单 shows no statistics, and the payee is the register's name
// byte for byte.
func TestDemoListsAddUpToTheDatabase(t *testing.T) {
	out := demoRun(t)
	db := filepath.Join(out, "awards.duckdb")
	roster := filepath.Join(out, reports.FileName(2022))
	for _, dir := range []int{10, 11} {
		sheet := fmt.Sprintf("方向%d", dir)
		l := readList(t, roster, sheet)
		if diff := cmp.Diff(append(slices.Clone(reports.RosterHeaders), reports.RosterExtraHeaders...), l.headers); diff != "" {
			t.Errorf("%s headers (-want +got):\n%s", sheet, diff)
		}
		for _, w := range []string{"北京市2022年度", "「免申即享」拟奖励名单", sheet + "·第一批"} {
			if !strings.Contains(l.title, w) {
				t.Errorf("%s title %q lacks %q", sheet, l.title, w)
			}
		}
		rows, total := sumColumn(t, l, "奖励金额（万元）")
		want := decOf(one(t, db, fmt.Sprintf(`SELECT coalesce(sum(paid_yuan), 0) FROM decisions
			WHERE direction = %d AND outcome IN ('awarded', 'topped_up')`, dir))).Shift(-4)
		if !rows.Equal(total) || !total.Equal(want) {
			t.Errorf("%s: rows sum to %s, 合计 %s, database %s 万元", sheet, rows, total, want)
		}
		n := one(t, db, fmt.Sprintf(`SELECT count(*) FROM decisions
			WHERE direction = %d AND outcome IN ('awarded', 'topped_up')`, dir))
		if strconv.Itoa(len(l.rows)) != n {
			t.Errorf("%s: %d rows, database %s", sheet, len(l.rows), n)
		}
		for _, s := range []string{"公示期：", "经办人（签字）", "审核人（签字）", "负责人（签字）", "单位（盖章）"} {
			if !strings.Contains(l.after, s) {
				t.Errorf("%s: no %q after the 合计 row", sheet, s)
			}
		}
	}

	paid := queryCSV(t, db, `SELECT r.credit_code, e.name, r.paid_yuan FROM roster r
		JOIN (SELECT DISTINCT ON (credit_code) credit_code, name FROM enterprises ORDER BY credit_code, source_file, source_sheet, source_row) e
		USING (credit_code)`)[1:]
	names := map[string]string{}
	perCode := map[string]decimal.Decimal{}
	total := decimal.Zero
	for _, r := range paid {
		names[r[0]] = r[1]
		perCode[r[0]] = perCode[r[0]].Add(decOf(r[2]))
		total = total.Add(decOf(r[2]))
	}

	pub := readList(t, filepath.Join(out, reports.PublicFileName(2022)), reports.SheetPublic)
	if diff := cmp.Diff(reports.PublicHeaders, pub.headers); diff != "" {
		t.Errorf("公示名单 headers (-want +got):\n%s", diff)
	}
	if len(pub.rows) != len(paid) {
		t.Errorf("公示名单 has %d rows, the roster %d", len(pub.rows), len(paid))
	}
	rows, tot := sumColumn(t, pub, "奖励金额（万元）")
	if !rows.Equal(tot) || !tot.Equal(total.Shift(-4)) {
		t.Errorf("公示名单: rows %s, 合计 %s, database %s 万元", rows, tot, total.Shift(-4))
	}
	for _, r := range pub.rows {
		if r[1] != names[r[2]] {
			t.Errorf("公示名单 names %s %q, the register %q", r[2], r[1], names[r[2]])
		}
	}

	pay := readList(t, filepath.Join(out, reports.PaymentFileName(2022)), reports.SheetPayment)
	if diff := cmp.Diff(reports.PaymentHeaders, pay.headers); diff != "" {
		t.Errorf("拨付清单 headers (-want +got):\n%s", diff)
	}
	got := map[string]decimal.Decimal{}
	for _, r := range pay.rows {
		if r[1] != names[r[2]] {
			t.Errorf("拨付清单 pays %s as %q, the register names it %q", r[2], r[1], names[r[2]])
		}
		got[r[2]] = got[r[2]].Add(decimal.RequireFromString(r[5]))
	}
	for code, want := range perCode {
		if !got[code].Equal(want) {
			t.Errorf("拨付清单 pays %s %s 元, database %s", code, got[code], want)
		}
	}
	yuan, yuanTotal := sumColumn(t, pay, "金额（元）")
	if !yuan.Equal(yuanTotal) || !yuanTotal.Equal(total) {
		t.Errorf("拨付清单: rows %s, 合计 %s, database %s 元", yuan, yuanTotal, total)
	}
}

// TestDemoSummaryStatesTheDatabasesCaveats checks 汇总's lines under its tables against the database.
func TestDemoSummaryStatesTheDatabasesCaveats(t *testing.T) {
	out := demoRun(t)
	db := filepath.Join(out, "awards.duckdb")
	has := func(table, column string) bool {
		return one(t, db, fmt.Sprintf(`SELECT count(*) FROM duckdb_columns() WHERE table_name = '%s' AND column_name = '%s'`,
			table, column)) != "0"
	}
	potential, gap := "amount_yuan", "false"
	if has("decisions", "potential_amount_yuan") {
		potential = "coalesce(potential_amount_yuan, amount_yuan)"
	}
	if has("decisions", "data_gap") {
		gap = "coalesce(data_gap, false)"
	}
	q := func(sql string) string { return one(t, db, sql) }
	wan := func(s string) decimal.Decimal { return decOf(s).Shift(-4) }
	c := reports.Caveats{
		AssumedTierItems:   atoi(q(`SELECT count(*) FROM roster WHERE remarks LIKE '%档位金额为假设值，待核定%'`)),
		AssumedTierWan:     wan(q(`SELECT coalesce(sum(paid_yuan), 0) FROM roster WHERE remarks LIKE '%档位金额为假设值，待核定%'`)),
		AssumedSectorItems: atoi(q(`SELECT count(*) FROM roster WHERE remarks LIKE '%行业范围为假设值，待核定%'`)),
		ReviewItems:        atoi(q(`SELECT count(*) FROM decisions WHERE outcome = 'review'`)),
		ReviewWan:          wan(q(`SELECT coalesce(sum(` + potential + `), 0) FROM decisions WHERE outcome = 'review'`)),
		GapItems:           atoi(q(`SELECT count(*) FROM decisions WHERE outcome <> 'review' AND ` + gap)),
		NearMisses:         atoi(q(`SELECT count(*) FROM decisions WHERE near_miss`)),
	}
	if has("decisions", "potential_amount_yuan") && has("decisions", "data_gap") {
		c.GapWan = wan(q(`SELECT coalesce(sum(potential_amount_yuan), 0) FROM decisions WHERE outcome <> 'review' AND data_gap`))
		c.GapUnknown = atoi(q(`SELECT count(*) FROM decisions WHERE outcome <> 'review' AND data_gap AND potential_amount_yuan IS NULL`))
	}
	for _, r := range queryCSV(t, db, `SELECT kind FROM run_empty_kinds ORDER BY kind`)[1:] {
		c.DeclaredEmpty = append(c.DeclaredEmpty, r[0])
	}
	if c.ReviewItems == 0 || c.AssumedTierItems == 0 {
		t.Fatalf("the demo should have review items and assumed tiers: %+v", c)
	}
	f, err := excelize.OpenFile(filepath.Join(out, reports.FileName(2022)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(reports.SheetSummary)
	var text string
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	for _, line := range c.Lines() {
		if !strings.Contains(text, line) {
			t.Errorf("汇总 lacks %q:\n%s", line, text)
		}
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestReturnedReviewSheetResolvesThePairsInTheNextRun fills in the demo's 待复核 sheet as staff would
// (同意 with the amount shown on one line, 不同意 on another), puts it into the next batch, and runs it:
// the agreed pair is paid with the reviewer's remark, the other refused on review.
func TestReturnedReviewSheetResolvesThePairsInTheNextRun(t *testing.T) {
	out := demoRun(t)
	f, err := excelize.OpenFile(filepath.Join(out, reports.FileName(2022)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, s := range f.GetSheetList() {
		if s != reports.SheetReview {
			if err := f.DeleteSheet(s); err != nil {
				t.Fatal(err)
			}
		}
	}
	rows, err := f.GetRows(reports.SheetReview, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int {
		i := slices.Index(rows[1], name)
		if i < 0 {
			t.Fatalf("no column %q on 待复核", name)
		}
		return i
	}
	kind, code, rule, amount, conclusion := col("类型"), col("统一社会信用代码"), col("规则"), col("测算金额（万元）"), col("结论")
	type pair struct{ code, rule, amount string }
	var pending []pair
	var rowOf []int
	for i, r := range rows[2:] {
		if at(r, kind) == "待复核" {
			pending = append(pending, pair{r[code], r[rule], at(r, amount)})
			rowOf = append(rowOf, i+3)
		}
	}
	if len(pending) < 2 {
		t.Fatalf("the demo's 待复核 has %d review lines, want at least 2", len(pending))
	}
	fill := [][]any{
		{"同意", pending[0].amount, "王五", "2023-02-01"},
		{"不同意", nil, "王五", "2023-02-01"},
	}
	for i, v := range fill {
		cell, _ := excelize.CoordinatesToCellName(conclusion+1, rowOf[i])
		if err := f.SetSheetRow(reports.SheetReview, cell, &v); err != nil {
			t.Fatal(err)
		}
	}
	batch := t.TempDir()
	if _, stderr, code := awards(t, "gen", "--demo", "--out", batch); code != 0 {
		t.Fatalf("gen --demo exited %d: %s", code, lastLines(stderr, 5))
	}
	if err := f.SaveAs(filepath.Join(batch, "复核结论_2022.xlsx")); err != nil {
		t.Fatal(err)
	}
	next := t.TempDir()
	if _, stderr, code := awards(t, "run", "--input", batch, "--out", next); code != 0 {
		t.Fatalf("the next run exited %d: %s", code, lastLines(stderr, 10))
	}
	db := filepath.Join(next, "awards.duckdb")
	got := queryCSV(t, db, fmt.Sprintf(`SELECT credit_code, rule_id, outcome, paid_yuan > 0, remarks, reasons FROM decisions
		WHERE (credit_code, rule_id) IN (('%s', '%s'), ('%s', '%s')) ORDER BY credit_code = '%s' DESC`,
		pending[0].code, pending[0].rule, pending[1].code, pending[1].rule, pending[0].code))
	if len(got) != 3 {
		t.Fatalf("decisions for the two pairs: %v", got)
	}
	agreed, rejected := got[1], got[2]
	if (agreed[2] != "awarded" && agreed[2] != "topped_up") || agreed[3] != "true" || !strings.Contains(agreed[4], "经复核同意（王五，2023-02-01）") {
		t.Errorf("the pair agreed with the amount shown (%s 万元) is %v, want paid with 经复核同意（王五，2023-02-01）", pending[0].amount, agreed)
	}
	if rejected[2] != "refused" || !strings.Contains(rejected[5], "rejected_on_review") {
		t.Errorf("the pair not agreed is %v, want refused with rejected_on_review", rejected)
	}
	if n := one(t, db, `SELECT count(*) FROM resolution_status WHERE status = 'stale'`); n != "0" {
		t.Errorf("%s resolutions read from the returned sheet were not applied", n)
	}
}
