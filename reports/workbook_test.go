package reports

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

var beijing = time.FixedZone("CST", 8*3600)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }
func decp(s string) *decimal.Decimal {
	d := dec(s)
	return &d
}
func intp(n int64) *int64 { return &n }

var (
	ruleD101 = Rule{ID: "D10-1", Direction: 10, Category: "升规奖励"}
	ruleD103 = Rule{ID: "D10-3", Direction: 10, Category: "首次突破1亿元奖励（工业）", Measure: "工业总产值"}
	ruleD111 = Rule{ID: "D11-1", Direction: 11, Category: "工业企业全年稳增长奖励", Measure: "工业总产值"}
	ruleD112 = Rule{ID: "D11-2", Direction: 11, Category: "工业企业一季度稳增长奖励", Measure: "工业总产值"}
)

func firm(code, name, distCode, dist, ind, indName string) Enterprise {
	return Enterprise{CreditCode: code, Name: name, DistrictCode: distCode, District: dist, IndustryCode: ind, IndustryName: indName}
}

// sampleData is a small batch whose rows arrive out of order, with names that look like formulas, an
// industry code with a leading zero, an unknown district and an assumed tier.
func sampleData() *Data {
	haidian := func(code, name string) Enterprise {
		return firm(code, name, "110108", "海淀区", "3911", "计算机整机制造")
	}
	chaoyang := func(code, name string) Enterprise {
		return firm(code, name, "110105", "朝阳区", "0610", "烟煤和无烟煤开采洗选")
	}
	asOf := time.Date(2022, 6, 30, 0, 0, 0, 0, beijing)
	return &Data{
		Run: Run{ID: "20230131T003000Z-abc123", PolicyYear: 2022, StartedAt: time.Date(2023, 1, 31, 8, 30, 0, 0, beijing),
			ProgramVersion: "test", PolicySHA256: strings.Repeat("ab", 32), AsOf: &asOf, InputDir: "(demo)"},
		Roster: []RosterRow{
			{Enterprise: haidian("91110108MA01BBBB2Y", "=1+1"), Rule: ruleD101, Paid: dec("500000"),
				Remarks: "含专精特新奖励20万元"},
			{Enterprise: chaoyang("91110105MA02CCCC3Z", "+86科技有限公司"), Rule: ruleD103, Paid: dec("500000"),
				Figures: Figures{Cur: decp("123456789.01")}},
			{Enterprise: haidian("91110108MA01AAAA1X", "@SUM(A1)"), Rule: ruleD111, Tier: "A4", Paid: dec("20000000"),
				Figures: Figures{Prev: decp("10000000000.00"), Cur: decp("16543210987.65"), Net: decp("6543210987.65"),
					Growth: decp("0.654321098765"), HeadcountPrev: intp(1200), HeadcountCur: intp(1250)},
				Remarks: "档位金额为假设值，待核定"},
			{Enterprise: chaoyang("91110105MA02DDDD4Q", "-负号制造有限公司"), Rule: ruleD112, Tier: "B1", Paid: dec("2000000"),
				Figures: Figures{Prev: decp("1000000000"), Cur: decp("1200000000.50"), Net: decp("200000000.50"),
					Growth: decp("0.2000000005")}},
			{Enterprise: firm("91110000MA03EEEE5R", "区划不明有限公司", "110000", "", "3911", "计算机整机制造"), Rule: ruleD101,
				Paid: dec("300000")},
			{Enterprise: haidian("91110108MA01AAAA1X", "@SUM(A1)"), Rule: ruleD112, Tier: "B2", Paid: dec("4000000"),
				Figures: Figures{Prev: decp("5000000000"), Cur: decp("6000000000"), Net: decp("1000000000"), Growth: decp("0.2")}},
		},
		Review: []ReviewRow{
			{Enterprise: haidian("91110108MA01FFFF6T", "关联企业有限公司"), Rule: ruleD111, Outcome: "review", Tier: "A1",
				Amount: dec("3000000"), Reasons: []string{"在京关联企业产值异常波动"},
				Figures: Figures{Prev: decp("5000000000"), Cur: decp("6000000000"), Net: decp("1000000000"), Growth: decp("0.2")}},
			{Enterprise: chaoyang("91110105MA02GGGG7U", "临界企业"), Rule: ruleD112, Outcome: "refused", NearMiss: true,
				Reasons: []string{"增速未达标准"},
				Figures: Figures{Prev: decp("1000000000"), Cur: decp("1145000000"), Net: decp("145000000"), Growth: decp("0.145")}},
		},
		Loads: []LoadRow{
			{SourceFile: "单位名录.xlsx", SourceSheet: "名录", Kind: "enterprises", RowsRead: 10, Loaded: 8, Quarantined: 1, SkippedTotals: 1, Encoding: "", Unit: ""},
			{SourceFile: "产值.csv", Kind: "output_value", RowsRead: 20, Loaded: 20, Encoding: "gb18030", Unit: "千元"},
		},
		Quarantine: []QuarantineRow{
			{SourceFile: "单位名录.xlsx", SourceSheet: "名录", SourceRow: 7, Kind: "enterprises", Column: "统一社会信用代码",
				RawValue: "=HYPERLINK(\"x\")", Reason: "bad_code"},
		},
		Params: []Param{
			{Key: "near_miss_share", Label: "临界未达比例", Value: "0.05", Num: decp("0.05"), Source: "本项目默认值"},
			{Key: "eval_date_d10", Label: "方向10评估日期", Date: &asOf, Source: "rules.md"},
			{Key: "advanced_prefixes", Label: "先进制造业行业代码前缀", Value: "26,27,34-40", Assumed: true, Source: "rules.md（假设）"},
		},
		Tiers: []Tier{
			{RuleID: "D11-1", Tier: "A4", NetLo: decp("5000000000"), NetHi: decp("10000000000"), GrowthLo: decp("20"),
				Amount: dec("20000000"), Assumed: true, Source: "假设"},
			{RuleID: "D11-1", Tier: "A1", NetLo: decp("1000000000"), NetHi: decp("5000000000"), GrowthLo: decp("15"),
				GrowthHi: decp("20"), Amount: dec("3000000"), Source: "2023年1月通知"},
		},
		Inputs: []InputFile{{Name: "单位名录.xlsx", SHA256: strings.Repeat("0", 63) + "1", SizeBytes: 1234, RowsRead: 10}},
	}
}

func writeBook(t *testing.T, d *Data) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, d); err != nil {
		t.Fatalf("Write: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("open written workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// expectedRoster orders a direction's rows as outputs.md says: district code, then credit code.
func expectedRoster(d *Data, direction int) []RosterRow {
	var out []RosterRow
	for _, r := range d.Roster {
		if r.Direction == direction {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].DistrictCode != out[j].DistrictCode {
			return out[i].DistrictCode < out[j].DistrictCode
		}
		if out[i].CreditCode != out[j].CreditCode {
			return out[i].CreditCode < out[j].CreditCode
		}
		return out[i].Rule.ID < out[j].Rule.ID
	})
	return out
}

func numFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return map[int]string{0: "General", 1: "0", 49: "@"}[st.NumFmt]
}

func isNumber(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber
}

func isText(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString
}

func raw(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestWorkbookHasTheSheetsInOrder(t *testing.T) {
	d := sampleData()
	d.Extra = []Sheet{{Name: "变化", Title: "变化", Columns: []Column{{Header: "统一社会信用代码"}, {Header: "所属区"}},
		Rows: [][]any{{Code("91110108MA01AAAA1X"), "海淀区"}}, DistrictColumn: 1}}
	f := writeBook(t, d)
	want := []string{"汇总", "方向10", "方向11", "待复核", "数据质量", "说明", "变化"}
	if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
}

func TestRosterSheetsShowEveryRowWithTypedCells(t *testing.T) {
	d := sampleData()
	f := writeBook(t, d)
	for _, dir := range []int{10, 11} {
		sheet := fmt.Sprintf("方向%d", dir)
		t.Run(sheet, func(t *testing.T) {
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(rows[0][0], "2022") || !strings.Contains(rows[0][0], sheet) {
				t.Errorf("title %q should name the policy year and the direction", rows[0][0])
			}
			if regexp.MustCompile(`\d+月\d+日|2023`).MatchString(rows[0][0]) {
				t.Errorf("title %q must not carry a date", rows[0][0])
			}
			if diff := cmp.Diff(RosterHeaders, rows[1]); diff != "" {
				t.Errorf("headers (-want +got):\n%s", diff)
			}
			want := expectedRoster(d, dir)
			if got := len(rows) - 2; got != len(want) {
				t.Fatalf("%d data rows, want %d", got, len(want))
			}
			for i, r := range want {
				row := i + 3
				c := func(col int) string { return cellName(col, row) }
				if got := raw(t, f, sheet, c(1)); got != strconv.Itoa(i+1) || !isNumber(t, f, sheet, c(1)) {
					t.Errorf("row %d 序号 = %q", row, got)
				}
				for col, want := range map[int]string{2: r.CreditCode, 3: r.Name, 5: r.IndustryCode, 7: r.Category} {
					if got := raw(t, f, sheet, c(col)); got != want || !isText(t, f, sheet, c(col)) {
						t.Errorf("row %d column %d = %q, want text %q", row, col, got, want)
					}
				}
				if got := numFmt(t, f, sheet, c(2)); got != "@" {
					t.Errorf("credit code format %q, want @", got)
				}
				checkMoney := func(col int, yuan *decimal.Decimal) {
					if yuan == nil {
						if got := raw(t, f, sheet, c(col)); got != "" {
							t.Errorf("row %d column %d = %q, want empty", row, col, got)
						}
						return
					}
					got, err := decimal.NewFromString(raw(t, f, sheet, c(col)))
					if err != nil || !isNumber(t, f, sheet, c(col)) {
						t.Fatalf("row %d column %d is not a number: %v", row, col, err)
					}
					if want := yuan.Shift(-4).Round(2); !got.Equal(want) {
						t.Errorf("row %d column %d = %s 万元, want %s", row, col, got, want)
					}
					if fm := numFmt(t, f, sheet, c(col)); fm != "#,##0.00" {
						t.Errorf("row %d column %d format %q", row, col, fm)
					}
				}
				checkMoney(9, r.Prev)
				checkMoney(10, r.Cur)
				checkMoney(11, r.Net)
				checkMoney(16, &r.Paid)
				if r.Growth != nil {
					got, _ := decimal.NewFromString(raw(t, f, sheet, c(12)))
					if !got.Sub(*r.Growth).Abs().LessThan(dec("0.000000011")) || numFmt(t, f, sheet, c(12)) != "0.00%" {
						t.Errorf("row %d growth %s format %q, want %s as 0.00%%", row, got, numFmt(t, f, sheet, c(12)), r.Growth)
					}
				}
				if r.HeadcountCur != nil && raw(t, f, sheet, c(14)) != strconv.FormatInt(*r.HeadcountCur, 10) {
					t.Errorf("row %d 参保人数（本年末） = %q", row, raw(t, f, sheet, c(14)))
				}
				if got := raw(t, f, sheet, c(8)); got != measure(r.Measure) {
					t.Errorf("row %d 考核指标 = %q", row, got)
				}
				if got := raw(t, f, sheet, c(17)); got != r.Remarks {
					t.Errorf("row %d 备注 = %q, want %q", row, got, r.Remarks)
				}
			}
		})
	}
}

func TestIndustryCodeKeepsItsLeadingZero(t *testing.T) {
	f := writeBook(t, sampleData())
	rows, _ := f.GetRows("方向10")
	found := false
	for i, r := range rows[2:] {
		if len(r) > 4 && r[4] == "0610" {
			found = true
			if !isText(t, f, "方向10", cellName(5, i+3)) {
				t.Errorf("industry code 0610 is not text")
			}
		}
	}
	if !found {
		t.Error("industry code 0610 not found with its leading zero")
	}
}

func TestTextThatLooksLikeAFormulaStaysText(t *testing.T) {
	d := sampleData()
	f := writeBook(t, d)
	want := map[string]bool{"=1+1": false, "+86科技有限公司": false, "@SUM(A1)": false, "-负号制造有限公司": false}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				ref := cellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
					t.Errorf("%s!%s holds a formula %q", sheet, ref, formula)
				}
				if _, ok := want[v]; ok {
					want[v] = true
					if !isText(t, f, sheet, ref) {
						t.Errorf("%s!%s %q is not a text cell", sheet, ref, v)
					}
				}
			}
		}
	}
	for name, seen := range want {
		if !seen {
			t.Errorf("name %q does not read back exactly as typed", name)
		}
	}
	if !want2(t, f) {
		t.Errorf("quarantined raw value =HYPERLINK(\"x\") does not read back as text")
	}
}

// want2 finds the quarantined raw value that looks like a formula on 数据质量 and checks it is text.
func want2(t *testing.T, f *excelize.File) bool {
	rows, _ := f.GetRows(SheetQuality, excelize.Options{RawCellValue: true})
	for r, row := range rows {
		for c, v := range row {
			if v == `=HYPERLINK("x")` {
				return isText(t, f, SheetQuality, cellName(c+1, r+1))
			}
		}
	}
	return false
}

func TestSheetsPrintAsStaffFileThem(t *testing.T) {
	d := sampleData()
	f := writeBook(t, d)
	titles := map[string]string{}
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm.Print_Titles" {
			titles[n.Scope] = n.RefersTo
		}
	}
	for _, sheet := range f.GetSheetList() {
		t.Run(sheet, func(t *testing.T) {
			pl, err := f.GetPageLayout(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if pl.Orientation == nil || *pl.Orientation != "landscape" || pl.Size == nil || *pl.Size != 9 {
				t.Errorf("page layout %+v, want landscape A4 (size 9)", pl)
			}
			if pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
				t.Errorf("fit to %v wide × %v tall, want 1 × 0", pl.FitToWidth, pl.FitToHeight)
			}
			props, _ := f.GetSheetProps(sheet)
			if props.FitToPage == nil || !*props.FitToPage {
				t.Error("fit-to-page is off, so the fit-to-width setting would be ignored")
			}
			hf, err := f.GetHeaderFooter(sheet)
			if err != nil || hf == nil {
				t.Fatalf("no header/footer: %v", err)
			}
			if !strings.Contains(hf.OddFooter, "&P") || !strings.Contains(hf.OddFooter, "&N") {
				t.Errorf("footer %q lacks page numbers", hf.OddFooter)
			}
			if !strings.Contains(hf.OddHeader+hf.OddFooter, "2023年1月31日") {
				t.Errorf("run date missing from header %q / footer %q", hf.OddHeader, hf.OddFooter)
			}
			if titles[sheet] == "" || !strings.HasPrefix(titles[sheet], "'"+sheet+"'!$1:") {
				t.Errorf("print titles %q", titles[sheet])
			}
		})
	}
	for _, sheet := range []string{"方向10", "方向11", "待复核", "说明"} {
		if titles[sheet] != "'"+sheet+"'!$1:$2" {
			t.Errorf("%s repeats %q, want the title and header rows $1:$2", sheet, titles[sheet])
		}
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.TopLeftCell != "A3" {
			t.Errorf("%s panes %+v (%v), want rows 1-2 frozen", sheet, panes, err)
		}
	}
}

func TestRunDateIsInNoCell(t *testing.T) {
	f := writeBook(t, sampleData())
	for _, sheet := range f.GetSheetList() {
		if sheet == "说明" {
			continue // the run time is listed there on purpose
		}
		rows, _ := f.GetRows(sheet)
		for _, row := range rows {
			for _, v := range row {
				if strings.Contains(v, "2023") {
					t.Errorf("%s has a cell with the run date: %q", sheet, v)
				}
			}
		}
	}
}

// sheetXML reads one worksheet's XML from the written file, for settings excelize has no getter for.
func sheetXML(t *testing.T, b []byte, f *excelize.File, sheet string) string {
	t.Helper()
	idx, _ := f.GetSheetIndex(sheet)
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == fmt.Sprintf("xl/worksheets/sheet%d.xml", idx+1) {
			rc, _ := zf.Open()
			defer rc.Close()
			x, _ := io.ReadAll(rc)
			return string(x)
		}
	}
	t.Fatalf("sheet %s not in the package", sheet)
	return ""
}

func TestAutofilterCoversHeaderAndRows(t *testing.T) {
	d := sampleData()
	var buf bytes.Buffer
	if err := Write(&buf, d); err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	defer f.Close()
	if !regexp.MustCompile(`<cols><col min="1" max="1" [^>]*/><col min="2" max="2"`).MatchString(sheetXML(t, buf.Bytes(), f, "方向10")) {
		t.Error("column widths are not listed in ascending column order")
	}
	n10 := len(expectedRoster(d, 10))
	x := sheetXML(t, buf.Bytes(), f, "方向10")
	// excelize writes the filter range with absolute references ($A$2); both forms name the same cells.
	if want := fmt.Sprintf(`<autoFilter ref="A2:Q%d"`, n10+2); !strings.Contains(strings.ReplaceAll(x, "$", ""), want) {
		t.Errorf("方向10 lacks %s", want)
	}
	// Columns are fitted: the credit code column holds 18 characters, the name column is capped and wraps.
	if w, _ := f.GetColWidth("方向10", "B"); w < 18 || w > 24 {
		t.Errorf("credit code column width %v", w)
	}
	if w, _ := f.GetColWidth("方向10", "C"); w > 28 {
		t.Errorf("name column width %v exceeds its cap", w)
	}
	// CJK text counts double: 所属区 holds 北京… names of 3 to 9 CJK characters.
	if w, _ := f.GetColWidth("方向10", "D"); w < 2*float64(len([]rune("区划不明"))) {
		t.Errorf("district column width %v too narrow for CJK text", w)
	}
}

func TestSummaryTotalsAreValuesMatchingTheRoster(t *testing.T) {
	d := sampleData()
	f := writeBook(t, d)
	rows, _ := f.GetRows(SheetSummary, excelize.Options{RawCellValue: true})
	total := decimal.Zero
	for _, r := range d.Roster {
		total = total.Add(r.Paid)
	}
	var totals []string
	for i, row := range rows {
		if len(row) > 0 && row[0] == "合计" {
			last := row[len(row)-1]
			totals = append(totals, last)
			if !isNumber(t, f, SheetSummary, cellName(len(row), i+1)) {
				t.Errorf("total in row %d is not a number", i+1)
			}
		}
	}
	if len(totals) != 3 {
		t.Fatalf("want 3 total rows (rule, tier, district), got %d", len(totals))
	}
	for _, v := range totals {
		if got := dec(v); !got.Equal(total.Shift(-4)) {
			t.Errorf("total %s 万元, want %s", got, total.Shift(-4))
		}
	}
	// One row per rule, tier and district of the roster.
	want := map[string]bool{"D10-1": false, "D10-3": false, "D11-1": false, "D11-2": false, "海淀区": false, "朝阳区": false, "区划不明": false}
	for _, row := range rows {
		if len(row) > 0 {
			if _, ok := want[row[0]]; ok {
				want[row[0]] = true
			}
		}
	}
	for k, seen := range want {
		if !seen {
			t.Errorf("汇总 has no row for %s", k)
		}
	}
}

func TestSummaryHasAChart(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sampleData()); err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			return
		}
	}
	t.Error("no chart in the workbook")
}

func TestReviewSheetGivesReasonsInWords(t *testing.T) {
	d := sampleData()
	f := writeBook(t, d)
	rows, _ := f.GetRows(SheetReview)
	if len(rows)-2 != len(d.Review) {
		t.Fatalf("%d review rows, want %d", len(rows)-2, len(d.Review))
	}
	byCode := map[string][]string{}
	for _, r := range rows[2:] {
		byCode[r[2]] = r
	}
	for _, r := range d.Review {
		got := byCode[r.CreditCode]
		if got == nil {
			t.Errorf("%s missing", r.CreditCode)
			continue
		}
		if want := strings.Join(r.Reasons, "；"); got[14] != want {
			t.Errorf("%s reason %q, want %q", r.CreditCode, got[14], want)
		}
		kind := "待复核"
		if r.NearMiss {
			kind = "临界未达"
		}
		if got[1] != kind {
			t.Errorf("%s type %q, want %q", r.CreditCode, got[1], kind)
		}
	}
}

func TestQualitySheetListsCountsAndQuarantinedRows(t *testing.T) {
	d := sampleData()
	f := writeBook(t, d)
	rows, _ := f.GetRows(SheetQuality)
	var files, quarantined []string
	section := 0
	for _, r := range rows[2:] {
		switch {
		case len(r) == 0:
			section++
		case section == 0:
			files = append(files, r[0]+"|"+r[3])
		case len(r) > 3 && r[3] != "行号":
			quarantined = append(quarantined, r[0]+"|"+r[3]+"|"+r[6])
		}
	}
	var wantFiles []string
	for _, l := range d.Loads {
		wantFiles = append(wantFiles, l.SourceFile+"|"+strconv.FormatInt(l.RowsRead, 10))
	}
	sort.Strings(wantFiles)
	if diff := cmp.Diff(wantFiles, files); diff != "" {
		t.Errorf("per-file counts (-want +got):\n%s", diff)
	}
	q := d.Quarantine[0]
	if want := []string{q.SourceFile + "|" + strconv.FormatInt(q.SourceRow, 10) + "|" + quarantineReasons(q.Reason)}; !cmp.Equal(want, quarantined) {
		t.Errorf("quarantined rows %q, want %q", quarantined, want)
	}
}

func TestNotesListParametersTiersAndInputs(t *testing.T) {
	d := sampleData()
	f := writeBook(t, d)
	rows, _ := f.GetRows(SheetNotes)
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{d.Run.ID, "2022", d.Inputs[0].SHA256, d.Run.PolicySHA256, "临界未达比例（near_miss_share）",
		"D11-1 A1", "D11-1 A4", "净增量≥50亿元且<100亿元；增速≥20%；奖励2000万元"} {
		if !strings.Contains(text, want) {
			t.Errorf("说明 lacks %q", want)
		}
	}
	for i, r := range rows {
		if len(r) < 4 {
			continue
		}
		assumed := r[3] != ""
		switch {
		case strings.Contains(r[1], "advanced_prefixes"), r[1] == "D11-1 A4":
			if !assumed {
				t.Errorf("row %d %s is assumed but not marked", i+1, r[1])
			}
		case strings.Contains(r[1], "near_miss_share"), r[1] == "D11-1 A1":
			if assumed {
				t.Errorf("row %d %s is marked assumed", i+1, r[1])
			}
		}
		if r[1] == "运行时间" {
			if fm := numFmt(t, f, SheetNotes, cellName(3, i+1)); !strings.Contains(fm, `"年"`) {
				t.Errorf("run time format %q is not a Chinese date format", fm)
			}
			if !isNumber(t, f, SheetNotes, cellName(3, i+1)) || r[2] != "2023年1月31日 08:30:00" {
				t.Errorf("run time reads %q, want a date cell 2023年1月31日 08:30:00", r[2])
			}
		}
		if strings.Contains(r[1], "eval_date_d10") && r[2] != "2022年6月30日" {
			t.Errorf("evaluation date reads %q", r[2])
		}
	}
}

// allCells reads every cell of every sheet as raw values, for comparing two workbooks.
func allCells(t *testing.T, f *excelize.File) map[string][][]string {
	t.Helper()
	out := map[string][][]string{}
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		out[s] = rows
	}
	return out
}

func TestSameDataGivesIdenticalCells(t *testing.T) {
	a := sampleData()
	b := sampleData()
	// Same inputs in another order and another run: only the run id and time may differ.
	for i, j := 0, len(b.Roster)-1; i < j; i, j = i+1, j-1 {
		b.Roster[i], b.Roster[j] = b.Roster[j], b.Roster[i]
	}
	b.Run.ID = "20230201T000000Z-ffffff"
	b.Run.StartedAt = b.Run.StartedAt.Add(25 * time.Hour)
	ca, cb := allCells(t, writeBook(t, a)), allCells(t, writeBook(t, b))
	for _, c := range []map[string][][]string{ca, cb} {
		for i, r := range c[SheetNotes] {
			if len(r) > 2 && (r[1] == "运行编号" || r[1] == "运行时间") {
				c[SheetNotes][i] = nil
			}
		}
	}
	if diff := cmp.Diff(ca, cb); diff != "" {
		t.Errorf("cells differ (-first +second):\n%s", diff)
	}
}

func TestSplitByDistrictWritesOneWorkbookPerDistrict(t *testing.T) {
	d := sampleData()
	d.Extra = []Sheet{
		{Name: "变化", Title: "变化", Columns: []Column{{Header: "统一社会信用代码"}, {Header: "所属区"}},
			Rows: [][]any{{Code("91110108MA01AAAA1X"), "海淀区"}, {Code("91110105MA02CCCC3Z"), "朝阳区"}}, DistrictColumn: 1},
		{Name: "全市附表", Title: "全市附表", Columns: []Column{{Header: "项目"}}, Rows: [][]any{{"x"}}, DistrictColumn: -1},
	}
	dir := t.TempDir()
	paths, err := WriteFiles(dir, d, Options{SplitByDistrict: true})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
	}
	want := []string{
		"高精尖资金免申即享奖励名单-2022.xlsx",
		"高精尖资金免申即享奖励名单-2022-区划不明.xlsx", // district code 110000 sorts first
		"高精尖资金免申即享奖励名单-2022-朝阳区.xlsx",
		"高精尖资金免申即享奖励名单-2022-海淀区.xlsx",
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Fatalf("files (-want +got):\n%s", diff)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(want) {
		t.Errorf("%d files in the folder, want %d (no temporary files left)", len(entries), len(want))
	}
	for _, district := range []string{"朝阳区", "海淀区", "区划不明"} {
		f, err := excelize.OpenFile(filepath.Join(dir, DistrictFileName(2022, district)))
		if err != nil {
			t.Fatal(err)
		}
		var got, wantCodes []string
		for _, sheet := range []string{"方向10", "方向11"} {
			rows, _ := f.GetRows(sheet)
			for _, r := range rows[2:] {
				got = append(got, sheet+" "+r[1]+" "+r[3])
			}
		}
		for _, dir := range []int{10, 11} {
			for _, r := range expectedRoster(d, dir) {
				if districtName(r.Enterprise) == district {
					wantCodes = append(wantCodes, fmt.Sprintf("方向%d %s %s", dir, r.CreditCode, district))
				}
			}
		}
		if diff := cmp.Diff(wantCodes, got); diff != "" {
			t.Errorf("%s roster (-want +got):\n%s", district, diff)
		}
		sheets := f.GetSheetList()
		if district == "区划不明" || district == "朝阳区" {
			rows, _ := f.GetRows(SheetQuality)
			for _, r := range rows {
				for _, v := range r {
					if strings.Contains(v, "HYPERLINK") {
						t.Errorf("%s workbook shows a quarantined row", district)
					}
				}
			}
		}
		if sheets[len(sheets)-1] != "变化" {
			t.Errorf("%s sheets %v: want 变化 last and 全市附表 left out", district, sheets)
		}
		rows, _ := f.GetRows("变化")
		for _, r := range rows[2:] {
			if r[1] != district {
				t.Errorf("%s 变化 shows a row of %s", district, r[1])
			}
		}
		f.Close()
	}
}

func TestMoneyConversionIsExactAtTwoDecimals(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"whole amount", "300", "300"},
		{"cents that floats cannot hold", "0.1", "0.1"},
		{"third decimal rounds half away from zero", "1234.565", "1234.57"},
		{"large amount keeps every cent", "98765432109.99", "98765432109.99"},
		{"negative", "-0.005", "-0.01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := wanCell(dec(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if s := strconv.FormatFloat(got, 'f', -1, 64); s != tt.want {
				t.Errorf("%s written as %s, want %s", tt.in, s, tt.want)
			}
		})
	}
	if _, err := wanCell(dec("123456789012345678.12")); err == nil {
		t.Error("an amount beyond float64's exact digits must fail, not be written rounded")
	}
}

func TestTextWidthCountsCJKDouble(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"0610", 4}, {"海淀区", 6}, {"ABC有限公司", 11}, {"（万元）", 8}, {"a\nbb", 2},
	}
	for _, tt := range tests {
		if got := textWidth(tt.in); got != tt.want {
			t.Errorf("textWidth(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// bigData is n direction-11 roster rows over the 16 districts, for the streaming benchmark.
func bigData(n int) *Data {
	d := sampleData()
	d.Roster = make([]RosterRow, n)
	for i := range d.Roster {
		dist := 1 + i%16
		d.Roster[i] = RosterRow{
			Enterprise: firm(fmt.Sprintf("911101%02dMA%08d", dist, i), fmt.Sprintf("测试企业%06d有限公司", i),
				fmt.Sprintf("1101%02d", dist), fmt.Sprintf("第%d区", dist), "3911", "计算机整机制造"),
			Rule: ruleD112, Tier: "B1", Paid: dec("2000000"),
			Figures: Figures{Prev: decp("1000000000"), Cur: decp("1200000000.50"), Net: decp("200000000.50"),
				Growth: decp("0.2000000005"), HeadcountPrev: intp(100), HeadcountCur: intp(120)},
		}
	}
	return d
}

func BenchmarkWrite100kRosterRows(b *testing.B) {
	d := bigData(100_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}
