package reports

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

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

// The rules of the sample, with the periods the pipeline gives them for policy year 2022.
var (
	ruleD101 = Rule{ID: "D10-1", Direction: 10, Category: "升规奖励", Round: 1}
	ruleD103 = Rule{ID: "D10-3", Direction: 10, Category: "首次突破1亿元奖励（工业）", Measure: "工业总产值", Round: 1,
		CurPeriod: "2021年", PrevPeriod: "2020年"}
	ruleD111 = Rule{ID: "D11-1", Direction: 11, Category: "工业企业全年稳增长奖励", Measure: "工业总产值", Round: 2,
		CurPeriod: "2022年", PrevPeriod: "2021年", Tiered: true, PrevYearEnd: "2021年末", CurYearEnd: "2022年末"}
	ruleD112 = Rule{ID: "D11-2", Direction: 11, Category: "工业企业一季度稳增长奖励", Measure: "工业总产值", Round: 1,
		CurPeriod: "2022年1-3月", PrevPeriod: "2021年1-3月", Tiered: true}
)

func firm(code, name, distCode, dist, ind, indName string) Enterprise {
	return Enterprise{CreditCode: code, Name: name, DistrictCode: distCode, District: dist, IndustryCode: ind, IndustryName: indName}
}

func haidian(code, name string) Enterprise {
	return firm(code, name, "110108", "海淀区", "3911", "计算机整机制造")
}

func chaoyang(code, name string) Enterprise {
	return firm(code, name, "110105", "朝阳区", "0610", "烟煤和无烟煤开采洗选")
}

// sampleData is a small batch of both rounds whose rows arrive out of order, with names that look like
// formulas, an industry code with a leading zero, an unknown district, an assumed tier, and one 待复核
// row of each kind: a hold, an affiliate review, near misses on each threshold, data gaps and a
// resolution that was not applied.
func sampleData() *Data {
	asOf := time.Date(2022, 6, 30, 0, 0, 0, 0, beijing)
	reviewed := time.Date(2023, 2, 3, 0, 0, 0, 0, time.UTC)
	return &Data{
		Run: Run{ID: "20230131T003000Z-abc123", PolicyYear: 2022, StartedAt: time.Date(2023, 1, 31, 8, 30, 0, 0, beijing),
			ProgramVersion: "test", PolicySHA256: strings.Repeat("ab", 32), AsOf: &asOf, InputDir: "(demo)",
			Rounds: []int{1, 2}, DeclaredEmpty: []string{"affiliates"}},
		Rules: []Rule{ruleD111, ruleD101, ruleD112, ruleD103},
		Roster: []RosterRow{
			{Enterprise: haidian("91110108MA01BBBB2Y", "=1+1"), Rule: ruleD101, Paid: dec("500000"),
				Remarks: "含专精特新奖励20万元；行业范围为假设值，待核定"},
			{Enterprise: chaoyang("91110105MA02CCCC3Z", "+86科技有限公司"), Rule: ruleD103, Paid: dec("500000"),
				Figures: Figures{Prev: decp("99999999.99"), Cur: decp("123456789.01")}},
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
				Figures: Figures{Prev: decp("5000000000"), Cur: decp("6000000000"), Net: decp("1000000000"), Growth: decp("0.2")},
				Remarks: "档位金额为假设值，待核定"},
		},
		Review: []ReviewRow{
			{Enterprise: haidian("91110108MA01FFFF6T", "关联企业有限公司"), Rule: ruleD111, Outcome: "review", Tier: "A2",
				Amount: dec("10000000"), Potential: decp("10000000"), Reasons: []Reason{{"affiliate_shift", "在京关联企业产值异常波动"}},
				Figures: Figures{Prev: decp("5000000000"), Cur: decp("6200000000"), Net: decp("1200000000"), Growth: decp("0.24")},
				Affiliate: &AffiliateReview{Net: dec("1200000000"), FallTotal: dec("700000000"), Limit: dec("600000000"),
					Share: dec("0.5"), Members: []AffiliateMember{
						{CreditCode: "91110108MA01HHHH8V", Name: "关联乙有限公司", Prev: decp("1000000000"), Cur: decp("800000000"), Fall: dec("200000000")},
						{CreditCode: "91110108MA01GGGG7U", Name: "关联甲有限公司", Prev: decp("2000000000"), Cur: decp("1500000000"), Fall: dec("500000000")},
						{CreditCode: "91110108MA01JJJJ9W", Name: "", Prev: nil, Cur: decp("100"), Fall: dec("0")},
					}}},
			{Enterprise: chaoyang("91110105MA02KKKK1A", "暂缓企业"), Rule: ruleD103, Outcome: "review",
				Amount: dec("700000"), Potential: decp("400000"), Reasons: []Reason{{"row_unreadable", "数据行无法读取"}},
				Figures: Figures{Cur: decp("150000000")},
				Holds: []Hold{{Reason: Reason{"row_unreadable", "数据行无法读取"}, Kind: "output_value", SourceFile: "工业总产值.xlsx",
					SourceSheet: "产值", SourceRow: 12, Column: "本年", RawValue: "1,2O5.30"}}},
			{Enterprise: chaoyang("91110105MA02GGGG7U", "临界企业"), Rule: ruleD112, Outcome: "refused", NearMiss: true,
				Reasons:   []Reason{{"growth_below_threshold", "增速未达门槛"}},
				Threshold: &Threshold{Figure: "growth", Value: dec("15")},
				Figures:   Figures{Prev: decp("1000000000"), Cur: decp("1149999999.99"), Net: decp("149999999.99"), Growth: decp("0.14999999999")}},
			{Enterprise: haidian("91110108MA01LLLL2B", "差一元企业"), Rule: ruleD111, Outcome: "refused", NearMiss: true,
				Reasons:   []Reason{{"net_below_threshold", "净增量未达门槛"}},
				Threshold: &Threshold{Figure: "net", Value: dec("1000000000")},
				Figures:   Figures{Prev: decp("5000000000"), Cur: decp("5999999999"), Net: decp("999999999"), Growth: decp("0.1999999998")}},
			{Enterprise: haidian("91110108MA01MMMM3C", "缺人数企业"), Rule: ruleD111, Outcome: "refused", DataGap: true,
				Potential: decp("10000000"), PotentialTier: "A2", Reasons: []Reason{{"missing_data:headcount", "缺少数据（参保人数）"}},
				Figures: Figures{Prev: decp("5000000000"), Cur: decp("6200000000"), Net: decp("1200000000"), Growth: decp("0.24"),
					HeadcountPrev: intp(300)}},
			{Enterprise: haidian("91110108MA01NNNN4D", "缺产值企业"), Rule: ruleD112, Outcome: "refused", DataGap: true,
				Reasons: []Reason{{"missing_data:output_value", "缺少数据（工业总产值）"}}, Figures: Figures{Prev: decp("100")}},
			{Enterprise: chaoyang("91110105MA02PPPP5E", "复核过期企业"), Rule: ruleD101, Outcome: "refused",
				Reasons: []Reason{{"not_first_above_scale", "非首次纳入规上"}},
				Stale: []Resolution{{Conclusion: "同意", Confirmed: decp("300000"), Reviewer: "张三", ReviewedOn: &reviewed,
					StaleReason: "该组合已不是待复核", SourceFile: "复核结论.xlsx", SourceSheet: "待复核", SourceRow: 5}}},
		},
		Loads: []LoadRow{
			{SourceFile: "单位名录.xlsx", SourceSheet: "名录", Kind: "enterprises", RowsRead: 10, Loaded: 8, Quarantined: 1, SkippedTotals: 1},
			{SourceFile: "产值.csv", Kind: "output_value", RowsRead: 20, Loaded: 20, Encoding: "gb18030", Unit: "千元"},
			{SourceFile: "参保人数.csv", Kind: "headcount", RowsRead: 5, Loaded: 5},
			{SourceFile: "说明.docx", SkippedReason: "不是数据文件"},
		},
		Quarantine: []QuarantineRow{
			{SourceFile: "单位名录.xlsx", SourceSheet: "名录", SourceRow: 7, Kind: "enterprises", Column: "统一社会信用代码",
				RawValue: "=HYPERLINK(\"x\")", Reason: "bad_code"},
			{SourceFile: "产值.csv", SourceRow: 12, Kind: "output_value", Column: "本年", RawValue: "1,2O5.30", Reason: "bad_number",
				Enterprise: chaoyang("91110105MA02KKKK1A", "暂缓企业"), Touched: []string{"D10-3"}},
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

func writeWith(t *testing.T, d *Data, write func(io.Writer, *Data) error) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, d); err != nil {
		t.Fatalf("write: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("open written workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, buf.Bytes()
}

func writeBook(t *testing.T, d *Data) *excelize.File {
	t.Helper()
	f, _ := writeWith(t, d, Write)
	return f
}

// expectedRoster orders a direction's rows as the lists do: round, then district code, credit code, rule.
func expectedRoster(d *Data, direction int) []RosterRow {
	var out []RosterRow
	for _, r := range d.Roster {
		if r.Direction == direction {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return rosterLess(out[i], out[j]) })
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

// list is a list sheet read back: the data rows (from row 3 to the row before 合计), the 合计 row and
// the rows after it, all as raw values; totalRow is the 合计 row's number (1-based).
type list struct {
	title    string
	headers  []string
	rows     [][]string
	total    []string
	totalRow int
	after    [][]string
}

func readList(t *testing.T, f *excelize.File, sheet string) list {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 {
		t.Fatalf("%s has %d rows", sheet, len(rows))
	}
	l := list{title: rows[0][0], headers: rows[1]}
	for i := 2; i < len(rows); i++ {
		if len(rows[i]) > 0 && rows[i][0] == "合计" {
			l.total, l.totalRow, l.after = rows[i], i+1, rows[i+1:]
			return l
		}
		if len(rows[i]) == 0 {
			// A table without a 合计 row (待复核) ends at its first blank row.
			l.after = rows[i+1:]
			return l
		}
		l.rows = append(l.rows, rows[i])
	}
	return l
}

func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// column is the index of a header, failing the test when it is missing.
func column(t *testing.T, headers []string, name string) int {
	t.Helper()
	i := slices.Index(headers, name)
	if i < 0 {
		t.Fatalf("no column %q in %q", name, headers)
	}
	return i
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

func zipReader(b []byte) (*zip.Reader, error) {
	return zip.NewReader(bytes.NewReader(b), int64(len(b)))
}
