package check

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/bjgjj/awards/loaders"
)

var update = flag.Bool("update", false, "rewrite testdata/cases/rules-2022.xlsx from the Go case table")

const casesWorkbook = "../../testdata/cases/rules-2022.xlsx"

// TestCasesWorkbook keeps the shipped workbook in step with the case table: with -update it rewrites the
// file; without, the committed workbook must read back as exactly the cases of the table, and writing is
// deterministic (the same cases give the same bytes).
func TestCasesWorkbook(t *testing.T) {
	want := rules2022Cases()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.xlsx")
	for _, p := range []string{a, b} {
		if err := WriteCases(p, want); err != nil {
			t.Fatal(err)
		}
	}
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if !bytes.Equal(ba, bb) {
		t.Error("writing the same cases twice gave different workbooks")
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(casesWorkbook), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(casesWorkbook, ba, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	generated, err := ReadCases(a)
	if err != nil {
		t.Fatalf("read the generated workbook: %v", err)
	}
	committed, err := ReadCases(casesWorkbook)
	if err != nil {
		t.Fatalf("read the shipped workbook (regenerate with -update): %v", err)
	}
	if d := cmp.Diff(generated, committed, cmpDecimal); d != "" {
		t.Errorf("%s is not the case table; regenerate with `go test ./pipeline/check -run TestCasesWorkbook -update` (-generated +committed):\n%s", casesWorkbook, d)
	}
	// What was written is what the table says, apart from the sheet rows the reader adds.
	if len(generated.Enterprises) != len(want.Enterprises) || len(generated.Expectations) != len(want.Expectations) {
		t.Fatalf("read back %d enterprises and %d expectations, wrote %d and %d", len(generated.Enterprises),
			len(generated.Expectations), len(want.Enterprises), len(want.Expectations))
	}
	for i := range want.Enterprises {
		want.Enterprises[i].Row = generated.Enterprises[i].Row
	}
	for i := range want.Expectations {
		want.Expectations[i].Row = generated.Expectations[i].Row
	}
	for i := range want.Members {
		want.Members[i].Row = generated.Members[i].Row
	}
	for i := range want.Restricted {
		want.Restricted[i].Row = generated.Restricted[i].Row
	}
	if d := cmp.Diff(want, generated, cmpDecimal, cmpEmpty); d != "" {
		t.Errorf("the workbook does not read back as the cases written (-written +read):\n%s", d)
	}
}

var (
	cmpDecimal = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })
	// cmpEmpty treats nil and empty slices and maps alike: the reader never makes empty ones.
	cmpEmpty = cmp.FilterValues(func(a, b any) bool { return isEmpty(a) && isEmpty(b) }, cmp.Ignore())
)

func isEmpty(v any) bool {
	switch v := v.(type) {
	case []int:
		return len(v) == 0
	case []string:
		return len(v) == 0
	case []DateRange:
		return len(v) == 0
	case []OtherFund:
		return len(v) == 0
	case []PriorAward:
		return len(v) == 0
	case []Resolution:
		return len(v) == 0
	}
	return false
}

// TestBatchFolder checks the batch built from the shipped cases without running the pipeline: the
// files a user expects, in the layouts of inputs.md, loaded by the real loader without losing a row.
func TestBatchFolder(t *testing.T) {
	c := rules2022Cases()
	dir := t.TempDir()
	idx, err := WriteBatch(dir, c)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{FileEnterprises, FileAboveScale, FileOutput, FileRevenue, FileHeadcount,
		FileSpecialised, FileSpecYear, FileDishonesty, FileRestricted, FileSoftware, FileOtherFunds,
		FilePriorAwards, FileAffiliates, FileOutputWide, FileRevenueWide, FileResolutions} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("batch has no %s: %v", f, err)
		}
	}
	ents := readCSV(t, filepath.Join(dir, FileEnterprises))
	if len(ents)-1 != len(c.Enterprises) {
		t.Errorf("单位名录 has %d rows, the cases %d enterprises", len(ents)-1, len(c.Enterprises))
	}
	codes := map[string]bool{}
	for _, r := range ents[1:] {
		codes[r[0]] = true
		if !loaders.USCCShapeOK(r[0]) {
			t.Errorf("generated code %q is not 18 characters of the GB 32100 alphabet", r[0])
		}
	}
	g92, _ := c.Find("G2-92开头", "")
	code92, _ := g92.CreditCode()
	if !strings.HasPrefix(code92, "92") || !loaders.USCCCheckOK(code92) {
		t.Errorf("code for prefix 92 = %q, want a valid code beginning 92", code92)
	}
	bad, _ := c.Find("校验位不符", "")
	if codeBad, _ := bad.CreditCode(); loaders.USCCCheckOK(codeBad) {
		t.Errorf("the bad-check-digit case got a valid code %q", codeBad)
	}
	// Money keeps every 元: 1亿 − 1元 is written as 9999.9999 万元.
	out := readCSV(t, filepath.Join(dir, FileOutput))
	if out[0][2] != "工业总产值（万元）" {
		t.Errorf("output header %q, want the unit in it", out[0][2])
	}
	e, _ := c.Find("D10-3-差1元", "")
	code, _ := e.CreditCode()
	if !hasRow(out, code, "2021年", "9999.9999") {
		t.Errorf("工业总产值.csv lacks %s 2021年 9999.9999", code)
	}
	if !hasRow(readCSV(t, filepath.Join(dir, FileSpecYear)), "", municipal, "2019", "") {
		t.Error("a 专精特新 record with only a year must go to the 认定年份 file")
	}
	if idx.Lines[FileEnterprises][2] != c.Enterprises[0].CaseID {
		t.Errorf("line 2 of 单位名录 is charged to %q, want %q", idx.Lines[FileEnterprises][2], c.Enterprises[0].CaseID)
	}

	b, err := loaders.LoadDir(dir, loaders.Options{})
	if err != nil {
		t.Fatalf("the real loader refuses the batch: %v", err)
	}
	// Only the rows a case asked to be unreadable (隔离行) are quarantined, each naming its enterprise.
	intended := 0
	for _, lines := range idx.Intended {
		for range lines {
			intended++
		}
	}
	if intended == 0 {
		t.Error("the shipped cases ask for no unreadable row")
	}
	for _, q := range b.Quarantine {
		owner := idx.Lines[q.SourceFile][q.SourceRow]
		if !idx.Intended[q.SourceFile][q.SourceRow] {
			t.Errorf("quarantined: %s row %d %s=%q: %s (case %q)", q.SourceFile, q.SourceRow, q.Column, q.RawValue, q.Reason, owner)
			continue
		}
		intended--
		if codes := idx.Codes[owner]; len(codes) == 0 || q.CreditCode != codes[0] {
			t.Errorf("the unreadable row %s row %d names %q, want case %s's enterprise %v", q.SourceFile, q.SourceRow, q.CreditCode, owner, codes)
		}
	}
	if intended != 0 {
		t.Errorf("%d rows asked to be unreadable were loaded", intended)
	}
	if n, want := len(b.Rows[loaders.Enterprises]), len(c.Enterprises)-len(idx.Intended[FileEnterprises]); n != want {
		t.Errorf("loader read %d enterprises, want %d (%d asked to be unreadable)", n, want, len(idx.Intended[FileEnterprises]))
	}
	if n := len(b.Rows[loaders.Restricted]); n != len(c.Restricted) {
		t.Errorf("loader read %d 禁限 rows, want %d", n, len(c.Restricted))
	}
	for _, r := range b.Reports {
		heads := 1
		if r.SourceFile == FileOutputWide || r.SourceFile == FileRevenueWide {
			heads = 2
		}
		if want := len(readCSV(t, filepath.Join(dir, r.SourceFile))) - heads - len(idx.Intended[r.SourceFile]); r.Loaded != want {
			t.Errorf("%s: loaded %d of %d rows (kind %s)", r.SourceFile, r.Loaded, want, r.Kind)
		}
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// hasRow reports whether some row starts with the given values ("" matches anything).
func hasRow(rows [][]string, want ...string) bool {
	for _, r := range rows {
		ok := len(r) >= len(want)
		for i := 0; ok && i < len(want); i++ {
			ok = want[i] == "" || r[i] == want[i]
		}
		if ok {
			return true
		}
	}
	return false
}

// TestReadCasesErrors: mistakes in a hand-written workbook are reported with sheet and row.
func TestReadCasesErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(c *Cases)
		want string
	}{
		{"unknown rule", func(c *Cases) { c.Expectations[0].Rule = "D12-1" }, "unknown rule"},
		{"expectation for a missing case", func(c *Cases) { c.Expectations[0].CaseID = "没有这个用例" }, "has no row on sheet 企业"},
		{"unknown enterprise name", func(c *Cases) { c.Expectations[0].Enterprise = "不存在" }, "no enterprise named"},
		{"two enterprises with one code", func(c *Cases) {
			c.Enterprises[1].Code, _ = c.Enterprises[0].CreditCode()
		}, "is used by both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := templateCases()
			tt.edit(c)
			p := filepath.Join(t.TempDir(), "cases.xlsx")
			if err := WriteCases(p, c); err != nil {
				t.Fatal(err)
			}
			_, err := ReadCases(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadCases error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestRulesEndToEnd is the project's rules suite: the shipped workbook, the template's examples and one
// deliberately wrong case, in ONE batch through the real pipeline (real files, real DuckDB).
//   - every shipped case passes (a failure names the case, the rule and what differed);
//   - the template, written to a file and read back unfilled, passes;
//   - the wrong expectation fails, naming the amount it expected and the one it got.
func TestRulesEndToEnd(t *testing.T) {
	shipped, err := ReadCases(casesWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	tpl := filepath.Join(t.TempDir(), "template.xlsx")
	if err := Template(tpl); err != nil {
		t.Fatal(err)
	}
	fromTemplate, err := ReadCases(tpl)
	if err != nil {
		t.Fatalf("the template does not read back: %v", err)
	}
	wrong := &Cases{
		Enterprises: []Enterprise{
			ent("错-金额", "故意写错：升规应为30万，预期写成40万；首超1亿的原因也写错", adv, name("故意写错企业")),
			ent("错-隔离", "所属区写成不存在的区：名录行被隔离，用例失败并说明", adv, district("火星区")),
		},
		Expectations: []Expectation{
			awarded("错-金额", "D10-1", "40"),
			refused("错-金额", "D10-3", "not_above_scale"),
			awarded("错-隔离", "D10-1", "30"),
		},
	}
	all := merge(shipped, fromTemplate, wrong)
	if err := all.Validate(); err != nil {
		t.Fatalf("the merged cases clash: %v", err)
	}
	allPath := filepath.Join(t.TempDir(), "all.xlsx")
	if err := WriteCases(allPath, all); err != nil {
		t.Fatal(err)
	}
	rep := runOrFail(t, allPath)

	var printed bytes.Buffer
	if err := rep.Print(&printed); err != nil {
		t.Fatal(err)
	}
	if testing.Verbose() {
		t.Log("\n" + printed.String())
	}
	byID := map[string]*CaseResult{}
	for _, c := range rep.Cases {
		byID[c.CaseID] = c
	}
	failed := 0
	for _, c := range rep.Cases {
		if strings.HasPrefix(c.CaseID, "错-") {
			continue
		}
		if !c.Passed() {
			failed++
		}
	}
	if failed > 0 || len(rep.Problems) > 0 {
		t.Errorf("%d cases of the rules suite and template fail:\n%s", failed, strings.Join(withoutWrong(rep.Failures()), "\n"))
	}
	w := byID["错-金额"]
	if w == nil || w.Passed() {
		t.Fatalf("the deliberately wrong case passed; report:\n%s", printed.String())
	}
	line := strings.Join(rep.Failures(), "\n")
	for _, s := range []string{"错-金额 D10-1", "金额 amount", "40万元", "30万元", "错-金额 D10-3",
		"原因 reasons", "not_above_scale", "below_first_threshold", "用例 错-隔离: 输入行被隔离", "火星区"} {
		if !strings.Contains(line, s) {
			t.Errorf("the failure of the wrong case does not name %q:\n%s", s, line)
		}
	}
	if !strings.Contains(printed.String(), "失败 FAIL") || !strings.Contains(printed.String(), "错-金额") {
		t.Errorf("the printed table does not show the failing case:\n%s", printed.String())
	}
	if rep.Failed() != failed+2 {
		t.Errorf("Failed() = %d, want the %d failing suite cases and the 2 wrong ones", rep.Failed(), failed)
	}
}

func withoutWrong(lines []string) []string {
	var out []string
	for _, l := range lines {
		if !strings.Contains(l, "错-") {
			out = append(out, l)
		}
	}
	return out
}

// runOrFail runs the check, turning a panic of an unfinished pipeline into a test failure so the other
// tests of the binary still report.
func runOrFail(t *testing.T, path string) (rep *Report) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("the pipeline panicked: %v", r)
		}
	}()
	keep := ""
	if os.Getenv("AWARDS_CHECK_KEEP") != "" {
		keep = t.TempDir()
	}
	rep, err := Run(context.Background(), path, Options{KeepDir: keep})
	if err != nil {
		t.Fatalf("check run: %v", err)
	}
	if keep != "" {
		fmt.Println("batch kept in", rep.BatchDir, rep.OutDir)
	}
	return rep
}

// merge joins workbooks into one batch's cases.
func merge(cs ...*Cases) *Cases {
	out := &Cases{}
	for _, c := range cs {
		out.Enterprises = append(out.Enterprises, c.Enterprises...)
		out.Expectations = append(out.Expectations, c.Expectations...)
		out.Restricted = append(out.Restricted, c.Restricted...)
		out.Members = append(out.Members, c.Members...)
	}
	return out
}
