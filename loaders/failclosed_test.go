package loaders

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// These tests hold the loaders to inputs.md "Fail closed": each builds a good input, damages one thing
// in it, and asserts the exact verdict — the batch loads as the good one did, the row is quarantined with
// its reason and its enterprise, or the file stops the run naming what to fix.

// patchCells rewrites cells of the n-th sheet (from 1) of a saved workbook with the XML given per cell
// reference, so that a test can hold what excelize does not write: error cells, formulas without a cached
// value. Each cell must exist in the sheet.
func patchCells(t testing.TB, path string, n int, cells map[string]string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	part := "xl/worksheets/sheet" + string(rune('0'+n)) + ".xml"
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == part {
			for ref, x := range cells {
				re := regexp.MustCompile(`<c r="` + ref + `"(?:[^>]*/>|[^>]*>.*?</c>)`)
				if !re.Match(b) {
					t.Fatalf("%s has no cell %s", part, ref)
				}
				b = re.ReplaceAllLiteral(b, []byte(x))
			}
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// quarantineAt returns the quarantine record of one source row and kind.
func quarantineAt(t testing.TB, b *Batch, k Kind, file, sheet string, row int) Quarantined {
	t.Helper()
	for _, q := range b.Quarantine {
		if q.Kind == k && q.SourceFile == file && q.SourceSheet == sheet && q.SourceRow == row {
			return q
		}
	}
	t.Fatalf("%s %s:%s row %d not quarantined; rows %q, quarantine %+v", k, file, sheet, row, b.Rows[k], b.Quarantine)
	return Quarantined{}
}

// verdict is what a damaged row must become: loaded like the good batch (Reason ""), or quarantined with
// Reason, naming the enterprise by Code ("" when its code cannot be read) and, when Column is set, that
// column.
type verdict struct {
	Reason, Code, Column string
}

func checkVerdict(t *testing.T, good, got *Batch, k Kind, file, sheet string, row int, want verdict) {
	t.Helper()
	checkReconciles(t, got)
	if want.Reason == "" {
		if diff := cmp.Diff(good.Rows, got.Rows); diff != "" {
			t.Errorf("loaded rows differ from the good batch (-good +damaged):\n%s", diff)
		}
		if len(got.Quarantine) != len(good.Quarantine) {
			t.Errorf("quarantine %+v, want none", got.Quarantine)
		}
		return
	}
	q := quarantineAt(t, got, k, file, sheet, row)
	if q.Reason != want.Reason || q.CreditCode != want.Code || (want.Column != "" && q.Column != want.Column) {
		t.Errorf("quarantined as %q (code %q, column %q), want %q (code %q, column %q)", q.Reason, q.CreditCode, q.Column,
			want.Reason, want.Code, want.Column)
	}
	if q.RawRow == "" || !strings.Contains(q.RawRow, "\t") {
		t.Errorf("raw row %q: want the row's cells, tab-joined", q.RawRow)
	}
	// Every other row loads as in the good batch.
	if n := len(got.Rows[k]); n != len(good.Rows[k])-1 {
		t.Errorf("%d %s rows loaded, want %d (the good batch's but this one)", n, k, len(good.Rows[k])-1)
	}
}

// TestCellsThatCannotBeRead damages one figure row of an 工业总产值 workbook at a time.
func TestCellsThatCannotBeRead(t *testing.T) {
	c1, c2, c3 := codeN(t, 1), codeN(t, 2), codeN(t, 3)
	base := func() [][]any {
		return [][]any{
			{"序号", "统一社会信用代码", "单位详细名称", "期别", "工业总产值（万元）"},
			{1, c1, "甲公司", "2022年", xnum(100)},
			{2, c2, "乙公司", "2022年", xnum(200)}, // row 3: the one damaged
			{3, c3, "丙公司", "2022年", xnum(300)},
		}
	}
	const file, sheet = "产值.xlsx", "产值"
	good := func() *Batch {
		dir := t.TempDir()
		writeXLSX(t, filepath.Join(dir, file), xsheet{name: sheet, rows: base()})
		return mustLoad(t, dir, Options{})
	}()
	if len(good.Rows[OutputValue]) != 3 || len(good.Quarantine) != 0 {
		t.Fatalf("good batch: %q %+v", good.Rows[OutputValue], good.Quarantine)
	}
	long := strings.Repeat("长", 1<<20/3)
	for _, tc := range []struct {
		name  string
		cell  any               // a new value for the damaged cell (column by ref)
		ref   string            // the damaged cell
		patch map[string]string // raw cell XML instead
		want  verdict
	}{
		{name: "an error cell in the code column", patch: map[string]string{"B3": `<c r="B3" t="e"><v>#N/A</v></c>`},
			want: verdict{"error_value", "", "统一社会信用代码"}},
		{name: "an error value typed as text in the code column", ref: "B3", cell: "#N/A",
			want: verdict{"error_value", "", "统一社会信用代码"}},
		{name: "a lower-case, full-width error value in the code column", ref: "B3", cell: "＃ｎ／ａ",
			want: verdict{"error_value", "", "统一社会信用代码"}},
		{name: "an error cell in the figure", patch: map[string]string{"E3": `<c r="E3" t="e"><f>1/0</f><v>#DIV/0!</v></c>`},
			want: verdict{"error_value", c2, "工业总产值（万元）"}},
		{name: "an error cell in a column the kind does not read", patch: map[string]string{"C3": `<c r="C3" t="e"><v>#REF!</v></c>`}},
		{name: "an error value as the 序号", ref: "A3", cell: "#VALUE!"},
		{name: "a formula without a cached value in the figure", patch: map[string]string{"E3": `<c r="E3"><f>SUM(E2:E2)</f></c>`},
			want: verdict{"formula_without_value", c2, "工业总产值（万元）"}},
		{name: "a formula with an empty cached number in the figure", patch: map[string]string{"E3": `<c r="E3"><f>SUM(E2:E2)</f><v></v></c>`},
			want: verdict{"formula_without_value", c2, "工业总产值（万元）"}},
		{name: "a formula without a cached value in a column the kind does not read",
			patch: map[string]string{"C3": `<c r="C3" t="str"><f>A1</f></c>`},
			want:  verdict{"formula_without_value", c2, "单位详细名称"}},
		{name: "a formula with its cached value", patch: map[string]string{"E3": `<c r="E3"><f>100*2</f><v>200</v></c>`}},
		{name: "a formula whose cached value is an empty text, where the kind does not read",
			patch: map[string]string{"C3": `<c r="C3" t="str"><f>IF(1,"","x")</f><v></v></c>`}},
		{name: "a percentage in the figure", ref: "E3", cell: "15%", want: verdict{"bad_number", c2, "工业总产值（万元）"}},
		{name: "a full-width percentage in the figure", ref: "E3", cell: "１５％", want: verdict{"bad_number", c2, ""}},
		{name: "a number formatted as a percentage in the figure", ref: "E3", cell: xcustom{0.15, "0%"},
			want: verdict{"bad_number", c2, ""}},
		{name: "a date in the figure", ref: "E3", cell: xdate(time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)),
			want: verdict{"bad_number", c2, ""}},
		{name: "a figure of 501 characters", ref: "E3", cell: strings.Repeat("1", 501), want: verdict{"value_too_long", c2, ""}},
		{name: "a megabyte in a column the kind does not read", ref: "C3", cell: long},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			rows := base()
			if tc.ref != "" {
				col := int(tc.ref[0] - 'A')
				rows[2][col] = tc.cell
			}
			p := filepath.Join(dir, file)
			writeXLSX(t, p, xsheet{name: sheet, rows: rows})
			if tc.patch != nil {
				patchCells(t, p, 1, tc.patch)
			}
			got := mustLoad(t, dir, Options{})
			checkVerdict(t, good, got, OutputValue, file, sheet, 3, tc.want)
			if tc.want.Reason != "" {
				if r := reportFor(t, got, file, sheet, OutputValue); r.SkippedTotals != 0 {
					t.Errorf("report %+v: the damaged row was counted as a total", r)
				}
			}
		})
	}
}

// The same damage in CSV files, which hold only text, and in a headcount column.
func TestCSVCellsThatCannotBeRead(t *testing.T) {
	c1, c2 := codeN(t, 1), codeN(t, 2)
	for _, tc := range []struct {
		name, line string
		want       verdict
	}{
		{"a good line", c2 + ",2022年12月,12", verdict{}},
		{"#N/A in the code column", "#N/A,2022年12月,12", verdict{"error_value", "", "统一社会信用代码"}},
		{"#REF! in the headcount", c2 + ",2022年12月,#REF!", verdict{"error_value", c2, "参保人数"}},
		{"a percentage as the headcount", c2 + ",2022年12月,15%", verdict{"bad_number", c2, "参保人数"}},
		{"a full-width percentage as the headcount", c2 + ",2022年12月,１５％", verdict{"bad_number", c2, "参保人数"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeCSV(t, filepath.Join(dir, "参保.csv"), "utf-8", "统一社会信用代码,统计时点,参保人数", c1+",2022年12月,10", tc.line)
			b := mustLoad(t, dir, Options{})
			if tc.want.Reason == "" {
				if len(b.Rows[Headcount]) != 2 {
					t.Errorf("rows %q", b.Rows[Headcount])
				}
				return
			}
			q := quarantineAt(t, b, Headcount, "参保.csv", "", 3)
			if q.Reason != tc.want.Reason || q.CreditCode != tc.want.Code || q.Column != tc.want.Column {
				t.Errorf("quarantine %+v, want %+v", q, tc.want)
			}
			if r := reportFor(t, b, "参保.csv", "", Headcount); r.SkippedTotals != 0 || r.Quarantined != 1 {
				t.Errorf("report %+v", r)
			}
		})
	}
}

// "行业代码 (2017) is required: a blank one is quarantined (missing_value); a 2011 column never stands in",
// names over 500 characters, and names kept verbatim.
func TestRegisterRows(t *testing.T) {
	c1, c2 := codeN(t, 1), codeN(t, 2)
	header := []any{"统一社会信用代码", "单位详细名称", "行业代码(2011)", "行业代码(2017)", "区划代码", "是否独立法人"}
	for _, tc := range []struct {
		name  string
		row   []any
		want  verdict
		name2 string // the name loaded, when the row loads
		legal string
	}{
		{name: "a blank 2017 code next to a 2011 one", row: []any{c2, "乙公司", "3911", "", "110108", "是"},
			want: verdict{"missing_value", c2, "行业代码(2017)"}},
		{name: "a name of 501 characters", row: []any{c2, strings.Repeat("名", 501), "3911", "3911", "110108", "是"},
			want: verdict{"value_too_long", c2, "单位详细名称"}},
		{name: "a name of a megabyte", row: []any{c2, strings.Repeat("名", 1<<20/3), "3911", "3911", "110108", "是"},
			want: verdict{"value_too_long", c2, "单位详细名称"}},
		{name: "a name of 500 characters loads", row: []any{c2, strings.Repeat("名", 500), "3911", "3911", "110108", "是"},
			name2: strings.Repeat("名", 500), legal: "是"},
		{name: "full-width brackets and inner spaces are kept, outer spaces trimmed",
			row:   []any{c2, "\u3000北京乙（科技） 有限公司 ", "3911", "3911", "110108", " 法人 "},
			name2: "北京乙（科技） 有限公司", legal: "法人"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeXLSX(t, filepath.Join(dir, "单位名录.xlsx"), xsheet{name: "名录", rows: [][]any{header,
				{c1, "甲公司", "3911", "3911", "110108", "是"}, tc.row}})
			b := mustLoad(t, dir, Options{})
			if tc.want.Reason != "" {
				q := quarantineAt(t, b, Enterprises, "单位名录.xlsx", "名录", 3)
				if q.Reason != tc.want.Reason || q.CreditCode != tc.want.Code || q.Column != tc.want.Column {
					t.Errorf("quarantine %+v, want %+v", q, tc.want)
				}
				if n := len([]rune(q.RawValue)); n > maxRawValue+20 {
					t.Errorf("raw value of %d characters kept", n)
				}
				if n := len([]rune(q.RawRow)); n > maxRawRow+20 {
					t.Errorf("raw row of %d characters kept", n)
				}
				return
			}
			g := rowAt(t, b, Enterprises, "单位名录.xlsx", "名录", 3)
			if g["name"] != tc.name2 || g["legal_person_raw"] != tc.legal || g["industry_code"] != "3911" {
				t.Errorf("loaded %q / %q / %q, want %q / %q / 3911", g["name"], g["legal_person_raw"], g["industry_code"], tc.name2, tc.legal)
			}
		})
	}
}

// Texts that are shown stay as written; texts that are matched are folded; two rows differing only in the
// width of a name's brackets are the same row written twice.
func TestTextsVerbatimOrFolded(t *testing.T) {
	dir := t.TempDir()
	c1, c2 := codeN(t, 1), codeN(t, 2)
	writeCSV(t, filepath.Join(dir, "单位名录.csv"), "utf-8",
		"统一社会信用代码,单位详细名称,行业代码,区划代码",
		c1+",北京甲（科技）有限公司,3911,110108",
		c1+",北京甲(科技)有限公司,3911,110108", // the same enterprise, typed again with narrow brackets
	)
	writeCSV(t, filepath.Join(dir, "其他市级资金.csv"), "utf-8", "统一社会信用代码,方向,资金名称,年度", c2+",10,高精尖资金（第一批）,2022")
	writeCSV(t, filepath.Join(dir, "已兑付.csv"), "utf-8", "统一社会信用代码,年度,方向,项目,金额（万元）", c2+",2022,10,Ｄ１０－１,30")
	writeCSV(t, filepath.Join(dir, "关联.csv"), "utf-8", "统一社会信用代码,集团编号", c2+",ＪＴ－０００１ 集团")
	writeCSV(t, filepath.Join(dir, "规上.csv"), "utf-8", "统一社会信用代码,年份,纳入方式", c2+",2021,规下转规上（月度）")
	writeCSV(t, filepath.Join(dir, "专精特新.csv"), "utf-8", "统一社会信用代码,级别,认定日期", c2+",国家级专精特新“小巨人”,2021-07-15")
	b := mustLoad(t, dir, Options{})
	if g := rowAt(t, b, Enterprises, "单位名录.csv", "", 2); g["name"] != "北京甲（科技）有限公司" {
		t.Errorf("name %q", g["name"])
	}
	if r := reportFor(t, b, "单位名录.csv", "", Enterprises); r.DuplicatesDropped != 1 || r.Quarantined != 0 {
		t.Errorf("report %+v: the retyped row is an equal duplicate", r)
	}
	for _, c := range []struct {
		k         Kind
		file, col string
		want      string
	}{
		{OtherFunds, "其他市级资金.csv", "fund_name", "高精尖资金（第一批）"},
		{PriorAwards, "已兑付.csv", "item", "D10-1"},
		{Affiliates, "关联.csv", "group_id", "JT-0001 集团"},
		{AboveScale, "规上.csv", "inclusion_method", "规下转规上（月度）"},
		{Specialised, "专精特新.csv", "level_raw", "国家级专精特新“小巨人”"},
	} {
		if g := rowAt(t, b, c.k, c.file, "", 2); g[c.col] != c.want {
			t.Errorf("%s.%s = %q, want %q", c.k, c.col, g[c.col], c.want)
		}
	}
}

// Totals and notes are skipped and counted, never quarantined or loaded; an error value is never one.
func TestTotalsAndNotesAreSkipped(t *testing.T) {
	dir := t.TempDir()
	c1, c2, c3, c4 := codeN(t, 1), codeN(t, 2), codeN(t, 3), codeN(t, 4)
	writeXLSX(t, filepath.Join(dir, "失信.xlsx"), xsheet{name: "名单", rows: [][]any{
		{"严重失信主体名单"},
		{"序号", "统一社会信用代码", "单位名称", "列入日期"}, // 2
		{1, c1, "甲公司", "2021-07-01"},       // 3
		{2, c2, "注塑机械有限公司", "2021-07-02"},  // 4: a name beginning 注 is an enterprise
		{nil, "合计", nil, nil},              // 5
		{3, "#N/A", "丙公司", "2021-07-03"},   // 6: an error value in the code column
		{4, c3, "丁公司", "2021-07-04"},       // 7
		{},                                 // 8
		{"注：本表由市发展改革委提供"},                  // 9
		{"制表人：张三", nil, "审核人：李四"},          // 10
		{"填报日期：2023-01-05"},                // 11
		{"单位负责人：", nil, "统计负责人："},          // 12
		{"数据来源：信用中国"},                      // 13
		{"打印时间：2023-01-05"},                // 14
		{"说明：列入日期为认定日期"},                   // 15
		{"备注"},                             // 16
		{"序号", "统一社会信用代码", "单位名称", "列入日期"}, // 17: the header again, as page breaks print it
		{5, "注" + c4, "戊公司", "2021-07-05"}, // 18: a code behind a note marker is not a note
	}})
	b := mustLoad(t, dir, Options{})
	r := reportFor(t, b, "失信.xlsx", "名单", Dishonesty)
	if diff := cmp.Diff(SheetReport{SourceFile: "失信.xlsx", SourceSheet: "名单", Kind: Dishonesty, RowsRead: 14, Loaded: 3,
		Quarantined: 2, SkippedTotals: 9}, r); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	if q := quarantineAt(t, b, Dishonesty, "失信.xlsx", "名单", 6); q.Reason != "error_value" || q.CreditCode != "" {
		t.Errorf("quarantine %+v", q)
	}
	if q := quarantineAt(t, b, Dishonesty, "失信.xlsx", "名单", 18); q.Reason != "bad_code" || q.CreditCode != "" {
		t.Errorf("quarantine %+v", q)
	}
	for _, row := range []int{3, 4, 7} {
		if got := placeOf(b, Dishonesty, "失信.xlsx", "名单", row); got != "L" {
			t.Errorf("row %d: %q, want loaded", row, got)
		}
	}
}

// A two-row header printed again on every page: both of its rows are header rows, not data — the second
// holds only the sub-headers (本年, 上年同期) — so neither is read or quarantined. A row with anything else
// where a column is read is data.
func TestTwoRowHeaderRepeated(t *testing.T) {
	dir := t.TempDir()
	c1, c2 := codeN(t, 1), codeN(t, 2)
	head := [][]any{{"统一社会信用代码", "期别", "工业总产值（当年价格）（千元）", nil}, {nil, nil, "本年", "上年同期"}}
	rows := append(slices.Clone(head),
		[]any{c1, "2022年", xnum(120), xnum(100)}, // 3
		head[0], head[1], // 4, 5: the page break's header
		[]any{c2, "2022年", xnum(90), xnum(100)}, // 6
		[]any{nil, nil, "本年", "180"},            // 7: a figure where the sub-header was: data, no code
	)
	writeXLSX(t, filepath.Join(dir, "产值.xlsx"), xsheet{name: "产值", rows: rows,
		merges: [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "D1"}}})
	b := mustLoad(t, dir, Options{})
	r := reportFor(t, b, "产值.xlsx", "产值", OutputValue)
	if diff := cmp.Diff(SheetReport{SourceFile: "产值.xlsx", SourceSheet: "产值", Kind: OutputValue, RowsRead: 3, Loaded: 2,
		Quarantined: 1, Unit: "千元"}, r); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	if q := quarantineAt(t, b, OutputValue, "产值.xlsx", "产值", 7); q.CreditCode != "" {
		t.Errorf("quarantine %+v", q)
	}
}

// The wide layout's sub-columns form a closed vocabulary: anything else under a measure, or two current or
// two previous columns, stops the run naming the file, sheet, column and header text; so do units that
// disagree. Within the vocabulary every order loads the right columns.
func TestWideLayoutVocabulary(t *testing.T) {
	c1 := codeN(t, 1)
	for _, tc := range []struct {
		name   string
		rows   [][]any
		merges [][2]string
		want   []string // value_yuan, prev_value_yuan of the data row; nil when the run must stop
		stop   []string // the texts the stop message names
	}{
		{name: "the monthly report: 本月 | 本年累计 | 上年同期累计",
			rows: [][]any{{"统一社会信用代码", "期别", "工业总产值（当年价格）（万元）", nil, nil}, {nil, nil, "本月", "本年累计", "上年同期累计"},
				{c1, "2022年1-12月", xnum(9), xnum(120), xnum(100)}},
			merges: [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "E1"}}, want: []string{"1200000.00", "1000000.00"}},
		{name: "去年同期 | 本年累计",
			rows: [][]any{{"统一社会信用代码", "期别", "工业总产值（万元）", nil}, {nil, nil, "去年同期", "本年累计"},
				{c1, "2022年", xnum(100), xnum(120)}},
			merges: [][2]string{{"C1", "D1"}}, want: []string{"1200000.00", "1000000.00"}},
		{name: "上年 | 本年 under a parent written once, not merged",
			rows: [][]any{{"统一社会信用代码", "期别", "工业总产值（万元）", nil}, {nil, nil, "上年", "本年"},
				{c1, "2022年", xnum(100), xnum(120)}},
			want: []string{"1200000.00", "1000000.00"}},
		{name: "本年 | 上年同期 | 同比增长（%） | 增速",
			rows: [][]any{{"统一社会信用代码", "期别", "工业总产值（万元）", nil, nil, nil}, {nil, nil, "本年", "上年同期", "同比增长（%）", "增速"},
				{c1, "2022年", xnum(120), xnum(100), xnum(20), "20%"}},
			merges: [][2]string{{"C1", "F1"}}, want: []string{"1200000.00", "1000000.00"}},
		{name: "1-12月 | 上年同期累计",
			rows: [][]any{{"统一社会信用代码", "期别", "工业总产值（万元）", nil}, {nil, nil, "1-12月", "上年同期累计"},
				{c1, "2022年", xnum(120), xnum(100)}},
			merges: [][2]string{{"C1", "D1"}}, want: []string{"1200000.00", "1000000.00"}},
		{name: "本年 | 本年累计: two current columns",
			rows: [][]any{{"统一社会信用代码", "期别", "工业总产值（万元）", nil, nil}, {nil, nil, "本年", "本年累计", "上年同期"},
				{c1, "2022年", xnum(120), xnum(120), xnum(100)}},
			merges: [][2]string{{"C1", "E1"}}, stop: []string{"column D", "本年累计", "column C", "本年"}},
		{name: "上年同期 | 去年同期: two previous columns",
			rows: [][]any{{"统一社会信用代码", "期别", "工业总产值（万元）", nil, nil}, {nil, nil, "本年", "上年同期", "去年同期"},
				{c1, "2022年", xnum(120), xnum(100), xnum(100)}},
			merges: [][2]string{{"C1", "E1"}}, stop: []string{"column E", "去年同期"}},
		{name: "a sub-column outside the vocabulary",
			rows: [][]any{{"统一社会信用代码", "期别", "工业总产值（万元）", nil, nil}, {nil, nil, "本年", "上年同期", "增加值"},
				{c1, "2022年", xnum(120), xnum(100), xnum(5)}},
			merges: [][2]string{{"C1", "E1"}}, stop: []string{"column E", "增加值", "工业总产值（万元）"}},
		{name: "a column under the merged measure with no sub-header",
			rows: [][]any{{"统一社会信用代码", "期别", "营业收入（万元）", nil, nil}, {nil, nil, "本期", nil, "上年同期"},
				{c1, "2022年", xnum(120), xnum(7), xnum(100)}},
			merges: [][2]string{{"C1", "E1"}}, stop: []string{"column D", "no sub-header"}},
		{name: "the parent's unit disagrees with the unit line",
			rows: [][]any{{"单位：万元"}, {"统一社会信用代码", "期别", "工业总产值（千元）", nil}, {nil, nil, "本年", "上年同期"},
				{c1, "2022年", xnum(120), xnum(100)}},
			merges: [][2]string{{"C2", "D2"}}, stop: []string{"column C", "千元", "万元", "单位：万元"}},
		{name: "two unit lines that disagree",
			rows: [][]any{{"2022年工业总产值（千元）"}, {"单位：万元"}, {"统一社会信用代码", "期别", "工业总产值"},
				{c1, "2022年", xnum(120)}},
			stop: []string{"column C", "千元", "万元"}},
		{name: "two long columns for one figure",
			rows: [][]any{{"统一社会信用代码", "期别", "工业总产值（万元）", "工业总产值"}, {c1, "2022年", xnum(120), xnum(120)}},
			stop: []string{"column C", "column D"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeXLSX(t, filepath.Join(dir, "产值.xlsx"), xsheet{name: "产值表", rows: tc.rows, merges: tc.merges})
			b, err := LoadDir(dir, Options{})
			if tc.stop != nil {
				var fe *FileError
				if !errors.As(err, &fe) || !errors.Is(err, ErrUnrecognised) || fe.File != "产值.xlsx" || fe.Sheet != "产值表" {
					t.Fatalf("LoadDir: %v; want a *FileError naming 产值.xlsx sheet 产值表 wrapping ErrUnrecognised", err)
				}
				for _, s := range tc.stop {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("message %q does not name %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkReconciles(t, b)
			if len(b.Rows[OutputValue]) != 1 || len(b.Quarantine) != 0 {
				t.Fatalf("rows %q, quarantine %+v", b.Rows[OutputValue], b.Quarantine)
			}
			if got := b.Rows[OutputValue][0][3:5]; !slices.Equal(got, tc.want) {
				t.Errorf("value, previous = %q, want %q", got, tc.want)
			}
		})
	}
}

// Some optional columns only ever refuse or lower a payment: without 是否独立法人 every enterprise is a
// legal person (G2), without 有效期至 a 专精特新 recognition runs its default three years, without 认定年份
// a 工业软件 listing counts whatever its year, without 项目 a rule already paid this year is not seen as
// paid. A sheet that lacks one of them and has a column that may be it — a header that cannot be read (an
// error value), no header over a column holding data, or an unknown header naming the same thing — stops
// the run: the column is never left out by guess. (Found by the damage harness: a garbled 单位类型 header
// paid 产业活动单位 and 个体; a garbled 有效期至 paid an expired bonus.)
func TestGuardColumnsAreNeverLeftOutByGuess(t *testing.T) {
	c1 := codeN(t, 1)
	for _, tc := range []struct {
		name string
		rows [][]any
		stop []string // the texts the stop message names; nil when the sheet loads
	}{
		{"有效期至 header an error value", [][]any{{"统一社会信用代码", "级别", "认定日期", "#N/A"}, {c1, "市级专精特新", "2021-07-01", "2022-01-31"}},
			[]string{"column D", "有效期至"}},
		{"有效期至 under another name", [][]any{{"统一社会信用代码", "级别", "认定日期", "证书有效期"}, {c1, "市级专精特新", "2021-07-01", "2022-01-31"}},
			[]string{"column D", "证书有效期", "有效期至"}},
		{"an unnamed column holding data beside a register without 是否独立法人", [][]any{
			{"统一社会信用代码", "单位详细名称", "行业代码", "区划代码", nil}, {c1, "甲公司", "3911", "110108", "产业活动单位"}},
			[]string{"column E", "是否独立法人"}},
		{"认定年份 under another name", [][]any{{"统一社会信用代码", "企业名称", "认定时间"}, {c1, "甲公司", "2022"}},
			[]string{"column C", "认定时间", "认定年份"}},
		{"项目 under another name", [][]any{{"统一社会信用代码", "年度", "方向", "项目名称", "金额（万元）"}, {c1, "2022", "11", "D11-2", "200"}},
			[]string{"column D", "项目名称", "项目"}},
		{"an unknown column that names nothing of the kind", [][]any{{"统一社会信用代码", "级别", "认定日期", "备注"}, {c1, "市级专精特新", "2021-07-01", "复核"}}, nil},
		{"the guard column present beside an unreadable header", [][]any{{"统一社会信用代码", "级别", "认定日期", "有效期至", "#REF!"},
			{c1, "市级专精特新", "2021-07-01", "2024-06-30", "x"}}, nil},
		{"an unnamed column without data", [][]any{{"统一社会信用代码", "单位详细名称", "行业代码", "区划代码", nil}, {c1, "甲公司", "3911", "110108", nil}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			name := "名单.xlsx"
			switch {
			case strings.Contains(tc.name, "认定年份"):
				name = "工业软件名单.xlsx"
			case strings.Contains(tc.name, "项目"):
				name = "已兑付奖励.xlsx"
			}
			writeXLSX(t, filepath.Join(dir, name), xsheet{name: "Sheet1", rows: tc.rows})
			b, err := LoadDir(dir, Options{})
			if tc.stop == nil {
				if err != nil {
					t.Fatal(err)
				}
				checkReconciles(t, b)
				return
			}
			var fe *FileError
			if !errors.As(err, &fe) || !errors.Is(err, ErrUnrecognised) || fe.File != name || fe.Sheet != "Sheet1" {
				t.Fatalf("LoadDir: %v; want a *FileError naming %s sheet Sheet1 wrapping ErrUnrecognised", err, name)
			}
			for _, s := range tc.stop {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q does not name %q", err, s)
				}
			}
		})
	}
}

// industrial_software needs only a code column, so a list whose other header cells were lost would fit it:
// a 失信 list whose 列入日期 header is an error value, a 关联企业 list whose 集团编号 is. A file or sheet
// whose name says another kind is that kind lacking its columns, never a 工业软件 list (whose enterprises
// D10-1 would pay). (Found by the damage harness: the black-box 失信 list with a garbled 列入日期 header
// loaded as a 工业软件 list.)
func TestAListNamedForAnotherKindIsNeverA工业软件List(t *testing.T) {
	c1 := codeN(t, 1)
	for _, tc := range []struct {
		file string
		head []string
		stop []string
	}{
		{"严重失信主体名单_补充.csv", []string{"统一社会信用代码", "#N/A", "移出日期"}, []string{"严重失信主体名单_补充.csv", "dishonesty", "列入日期"}},
		{"在京关联企业.csv", []string{"统一社会信用代码", "#N/A"}, []string{"在京关联企业.csv", "affiliates", "集团编号"}},
		{"已获其他市级资金.csv", []string{"统一社会信用代码", "企业名称", "资金"}, []string{"已获其他市级资金.csv", "other_funds", "方向"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			dir := t.TempDir()
			writeCSV(t, filepath.Join(dir, tc.file), "utf-8", strings.Join(tc.head, ","), c1+",x,y")
			_, err := LoadDir(dir, Options{})
			if !errors.Is(err, ErrUnrecognised) {
				t.Fatalf("LoadDir: %v, want the file unrecognised", err)
			}
			for _, s := range tc.stop {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q does not name %q", err, s)
				}
			}
		})
	}
	// A list named for 工业软件 stays one, whatever else its name says.
	dir := t.TempDir()
	writeCSV(t, filepath.Join(dir, "关联企业中的工业软件企业.csv"), "utf-8", "统一社会信用代码,企业名称", c1+",甲公司")
	if b := mustLoad(t, dir, Options{}); len(b.Rows[IndustrialSoftware]) != 1 {
		t.Errorf("rows %v, want the 工业软件 list loaded", b.Rows)
	}
}

// A 1-N月 column holds the figure to month N: a row whose 期别 ends in another month cannot take it.
func TestMonthsColumnMustMatchThePeriod(t *testing.T) {
	dir := t.TempDir()
	c1, c2 := codeN(t, 1), codeN(t, 2)
	writeXLSX(t, filepath.Join(dir, "营业收入.xlsx"), xsheet{name: "Sheet1", rows: [][]any{
		{"统一社会信用代码", "期别", "营业收入（万元）", nil}, {nil, nil, "1-3月", "上年同期"},
		{c1, "2022年1-3月", xnum(12), xnum(10)},
		{c2, "2022年", xnum(12), xnum(10)},
	}, merges: [][2]string{{"C1", "D1"}}})
	b := mustLoad(t, dir, Options{})
	if got := placeOf(b, Revenue, "营业收入.xlsx", "Sheet1", 3); got != "L" {
		t.Errorf("row 3: %q", got)
	}
	if q := quarantineAt(t, b, Revenue, "营业收入.xlsx", "Sheet1", 4); q.Reason != "bad_period" || q.CreditCode != c2 {
		t.Errorf("row 4: %+v", q)
	}
}

// Dates given to the month or the year are read so that doubt never pays: the 失信 window widens, a
// 专精特新 recognition's validity narrows.
func TestDatesToTheMonthOrYear(t *testing.T) {
	c1 := codeN(t, 1)
	aug := xcustom{44409, `yyyy"年"m"月"`} // 2021-08-01 shown as 2021年8月
	yearOnly := xcustom{44409, "yyyy"}
	for _, tc := range []struct {
		name  string
		kind  Kind
		rows  [][]any
		want  map[string]string
		wantQ string
	}{
		{"列入 and 移出 to the month", Dishonesty, [][]any{{"统一社会信用代码", "列入日期", "移出日期"}, {c1, "2021年8月", "2022-03"}},
			map[string]string{"listed_on": "2021-08-01", "removed_on": "2022-03-31"}, ""},
		{"列入 and 移出 to the year", Dishonesty, [][]any{{"统一社会信用代码", "列入日期", "移出日期"}, {c1, "2021", "2022年"}},
			map[string]string{"listed_on": "2021-01-01", "removed_on": "2022-12-31"}, ""},
		{"2021.1 may be October", Dishonesty, [][]any{{"统一社会信用代码", "列入日期", "移出日期"}, {c1, "2021.1", "2022.1"}},
			map[string]string{"listed_on": "2021-01-01", "removed_on": "2022-10-31"}, ""},
		{"date cells shown to the month or the year", Dishonesty, [][]any{{"统一社会信用代码", "列入日期", "移出日期"}, {c1, aug, yearOnly}},
			map[string]string{"listed_on": "2021-08-01", "removed_on": "2021-12-31"}, ""},
		{"a full date", Dishonesty, [][]any{{"统一社会信用代码", "列入日期", "移出日期"}, {c1, "2021年8月5日", xdate(time.Date(2022, 3, 4, 0, 0, 0, 0, time.UTC))}},
			map[string]string{"listed_on": "2021-08-05", "removed_on": "2022-03-04"}, ""},
		{"a quarter is no date", Dishonesty, [][]any{{"统一社会信用代码", "列入日期"}, {c1, "2021Q3"}}, nil, "bad_date"},
		{"认定 and 有效期至 to the month", Specialised, [][]any{{"统一社会信用代码", "级别", "认定日期", "有效期至"},
			{c1, "市级专精特新", "2021年7月", "2024年7月"}},
			map[string]string{"recognized_on": "2021-07-31", "recognized_earliest": "2021-07-01", "valid_until": "2024-07-01"}, ""},
		{"认定日期 to the year", Specialised, [][]any{{"统一社会信用代码", "级别", "认定日期"}, {c1, "市级专精特新", "2021年"}},
			map[string]string{"recognized_on": "2021-12-31", "recognized_earliest": "2021-01-01", "valid_until": ""}, ""},
		{"认定日期 as a date cell shown to the month", Specialised, [][]any{{"统一社会信用代码", "级别", "认定日期"}, {c1, "市级专精特新", aug}},
			map[string]string{"recognized_on": "2021-08-31", "recognized_earliest": "2021-08-01"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeXLSX(t, filepath.Join(dir, "名单.xlsx"), xsheet{name: "Sheet1", rows: tc.rows})
			b := mustLoad(t, dir, Options{})
			if tc.wantQ != "" {
				if q := quarantineAt(t, b, tc.kind, "名单.xlsx", "Sheet1", 2); q.Reason != tc.wantQ || q.CreditCode != c1 {
					t.Errorf("quarantine %+v", q)
				}
				return
			}
			g := rowAt(t, b, tc.kind, "名单.xlsx", "Sheet1", 2)
			for k, v := range tc.want {
				if g[k] != v {
					t.Errorf("%s = %q, want %q", k, g[k], v)
				}
			}
		})
	}
}

// "In the lists an older row may carry a 9-character 组织机构代码 instead of the credit code: it names the
// enterprise whose credit code holds it at positions 9–17; when no enterprise of the register or several
// do, the row is quarantined (bad_code)."
func TestOrganisationCodesInTheLists(t *testing.T) {
	c1 := uscc(t, "91110108MA01AB3C4") // holds MA01AB3C4
	c2 := uscc(t, "91110108MA01XY7W8") // holds MA01XY7W8
	c3 := uscc(t, "91110105MA01XY7W8") // holds it too
	c4 := uscc(t, "91110108MA0155558") // in the list by its credit code
	dir := t.TempDir()
	// The list sorts before the register: the rows must wait for it.
	writeCSV(t, filepath.Join(dir, "A失信.csv"), "utf-8",
		"统一社会信用代码,列入日期",
		"MA01AB3C-4,2021-07-01", // 2: names c1
		"ma01ab3c4,2021-07-02",  // 3: names c1 (lower case)
		"MA01XY7W8,2021-07-03",  // 4: c2 and c3 hold it
		"123456789,2021-07-04",  // 5: no enterprise holds it
		"MA01AB3C4,2021年13月",    // 6: names c1, but its date is bad
		c4+",2021-07-06",        // 7
		"MA01AB3C4,2021-07-01",  // 8: the same row as 2 again
	)
	writeCSV(t, filepath.Join(dir, "B规上.csv"), "utf-8", "统一社会信用代码,年份", "MA01AB3C4,2021") // not a list
	writeCSV(t, filepath.Join(dir, "单位名录.csv"), "utf-8", "统一社会信用代码,单位详细名称,行业代码,区划代码",
		c1+",甲,3911,110108", c2+",乙,3911,110108", c3+",丙,3911,110105", c4+",丁,3911,不在北京的区")
	b := mustLoad(t, dir, Options{})
	rows := rowsByPlace(b, Dishonesty)
	for row, want := range map[int]string{2: c1, 3: c1, 7: c4} {
		if g := rows["A失信.csv::"+strconv.Itoa(row)]; g == nil || g["credit_code"] != want {
			t.Errorf("row %d loaded as %v, want credit code %s", row, g, want)
		}
	}
	for row, want := range map[int]verdict{4: {"bad_code", "", ""}, 5: {"bad_code", "", ""}, 6: {"bad_date", c1, ""}} {
		if q := quarantineAt(t, b, Dishonesty, "A失信.csv", "", row); q.Reason != want.Reason || q.CreditCode != want.Code {
			t.Errorf("row %d: %+v, want %+v", row, q, want)
		}
	}
	if r := reportFor(t, b, "A失信.csv", "", Dishonesty); r.RowsRead != 7 || r.Loaded != 3 || r.Quarantined != 3 || r.DuplicatesDropped != 1 {
		t.Errorf("report %+v: row 8 is an equal duplicate of row 2 once both name c1", r)
	}
	if q := quarantineAt(t, b, AboveScale, "B规上.csv", "", 2); q.Reason != "bad_code" {
		t.Errorf("规上名录 is not a list: %+v", q)
	}
}

// The 待复核 sheet of a roster, with some of its 结论 columns filled in, loads as resolutions: the filled
// lines only.
func TestReviewSheetLoadsAsResolutions(t *testing.T) {
	c1, c2, c3, c4 := codeN(t, 1), codeN(t, 2), codeN(t, 3), codeN(t, 4)
	dir := t.TempDir()
	writeXLSX(t, filepath.Join(dir, "名单-2022.xlsx"),
		xsheet{name: "方向10", rows: [][]any{{"2022年度高精尖产业发展资金 方向10"}, {"序号", "统一社会信用代码", "企业名称", "奖励金额（万元）"}, {1, c1, "甲", xnum(30)}}},
		xsheet{name: "待复核", rows: [][]any{
			{"2022年度高精尖产业发展资金 待复核及临界未达名单"},
			{"序号", "类型", "统一社会信用代码", "企业名称", "规则", "拟奖励金额（万元）", "原因", "结论", "核定金额（万元）", "复核人", "复核日期", "说明"},   // 2
			{1, "待复核", c1, "甲", "D11-1", xnum(300), "关联企业", "同意", xnum(300), " 王 五 ", "2023-03-01", "已核实（电话）"}, // 3
			{2, "待复核", c2, "乙", "D10-1", xnum(30), "数据不可读", "不同意", nil, "王五", "2023-03-01", nil},               // 4
			{3, "临界未达", c3, "丙", "D11-2", nil, "增速14.5%", nil, nil, nil, nil, nil},                             // 5: unfilled
			{4, "待复核", c4, "丁", "D11-1", xnum(300), "关联企业", "同意", nil, "王五", "2023-03-01", nil},                // 6: no amount
			{5, "待复核", c4, "丁", "D12-1", xnum(300), "关联企业", "不同意", nil, "王五", "2023-03-01", nil},               // 7: no such rule
			{nil, "合计", nil, nil, nil, xnum(630)},                                  // 8
			{"经办人（签字、日期）：", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil}, // 9: unfilled
			{"审核人（签字、日期）："},                                                        // 10: a note
			{"单位（盖章）："},                                                            // 11: unfilled
		}})
	b := mustLoad(t, dir, Options{})
	r := reportFor(t, b, "名单-2022.xlsx", "待复核", Resolutions)
	if diff := cmp.Diff(SheetReport{SourceFile: "名单-2022.xlsx", SourceSheet: "待复核", Kind: Resolutions, RowsRead: 6, Loaded: 2,
		Quarantined: 2, SkippedTotals: 2, Unit: "万元"}, r); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	g := rowAt(t, b, Resolutions, "名单-2022.xlsx", "待复核", 3)
	if diff := cmp.Diff(map[string]string{"credit_code": c1, "rule_id": "D11-1", "conclusion": "同意",
		"confirmed_amount_yuan": "3000000.00", "reviewer": "王 五", "reviewed_on": "2023-03-01", "note": "已核实（电话）",
		"source_file": "名单-2022.xlsx", "source_sheet": "待复核", "source_row": "3"}, g); diff != "" {
		t.Errorf("row 3 (-want +got):\n%s", diff)
	}
	if g := rowAt(t, b, Resolutions, "名单-2022.xlsx", "待复核", 4); g["conclusion"] != "不同意" || g["confirmed_amount_yuan"] != "" {
		t.Errorf("row 4 %v", g)
	}
	for row, want := range map[int]string{6: "missing_value", 7: "bad_direction"} {
		if q := quarantineAt(t, b, Resolutions, "名单-2022.xlsx", "待复核", row); q.Reason != want || q.CreditCode != c4 {
			t.Errorf("row %d: %+v, want %s", row, q, want)
		}
	}
}

// A row the reader could not split (field_count) or decode (bad_encoding) is quarantined with that reason,
// never read cell by cell and never taken for a total, and names its enterprise when a credit code can be
// found in it.
func TestRowsTheReaderCouldNotSplit(t *testing.T) {
	c1, c2 := codeN(t, 1), codeN(t, 2)
	m := newMatcher()
	header := sheetRow{num: 1, cells: []string{"统一社会信用代码", "集团编号"}}
	for _, tc := range []struct {
		name      string
		row       sheetRow
		blank     bool
		code, why string
	}{
		{"an extra field after the code", sheetRow{num: 2, cells: []string{c1, "36", "264.26"}, bad: "field_count"}, false, c1, "field_count"},
		{"a shift before the code", sheetRow{num: 2, cells: []string{"甲", c2, "G1"}, bad: "field_count"}, false, c2, "field_count"},
		{"two codes: no enterprise", sheetRow{num: 2, cells: []string{"x", c1, c2}, bad: "field_count"}, false, "", "field_count"},
		{"a total marker does not make it a total", sheetRow{num: 2, cells: []string{"合计", "1", "2"}, bad: "field_count"}, false, "", "field_count"},
		{"bytes in no encoding", sheetRow{num: 2, cells: []string{c1, "\uFFFD\uFFFD"}, bad: "bad_encoding"}, false, c1, "bad_encoding"},
		{"an empty row is blank", sheetRow{num: 2, cells: []string{"", "", ""}, bad: "field_count"}, true, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sd := &sheetData{rows: []sheetRow{header, tc.row}}
			h, ok, _ := m.detectHeader(sd.rows, m.specs)
			if !ok {
				t.Fatal("header not found")
			}
			s, _ := specFor(Affiliates)
			p := m.makePlan(s, sd.rows, h)
			blank, total := classify([]plan{p}, &sd.rows[1])
			if blank != tc.blank || total {
				t.Fatalf("blank %v, total %v; want blank %v", blank, total, tc.blank)
			}
			if blank {
				return
			}
			vals, probs, _ := p.convertRow("f.csv", "", sd, 1, sd.rows[1], make([]string, len(p.names)), "2", nil)
			if vals != nil || len(probs) != 1 {
				t.Fatalf("values %q, problems %+v", vals, probs)
			}
			q := quarantined("f.csv", "", 2, Affiliates, probs, tc.row.cells)
			if q.Reason != tc.why || q.CreditCode != tc.code || q.Group != "" || q.RawRow != strings.Join(tc.row.cells, "\t") {
				t.Errorf("quarantine %+v, want reason %s, code %q, no group", q, tc.why, tc.code)
			}
		})
	}
}

// A quarantined row names its enterprise whenever its code can be read, and an affiliates row its group,
// in the form affiliates.group_id holds it; its raw row is the cells as read.
func TestQuarantinedRowsNameTheirEnterpriseAndGroup(t *testing.T) {
	dir := t.TempDir()
	c1 := codeN(t, 1)
	writeCSV(t, filepath.Join(dir, "关联.csv"), "utf-8", "统一社会信用代码,集团编号,备注",
		c1+",ＪＴ－０００１,",          // 2
		c1+",JT-0002,",          // 3: the same code in another group: both are duplicates
		"9.11101E+17,ＪＴ－０００３,x", // 4: a code Excel mangled
		"MA01AB3C4,JT-0004,",    // 5: a 组织机构代码 no enterprise of the (absent) register holds
	)
	b := mustLoad(t, dir, Options{})
	for _, tc := range []struct {
		row                 int
		reason, code, group string
		raw                 string
	}{
		{2, "duplicate", c1, "JT-0001", ""},
		{3, "duplicate", c1, "JT-0002", ""},
		{4, "bad_code", "", "JT-0003", "9.11101E+17\tＪＴ－０００３\tx"},
		{5, "bad_code", "", "JT-0004", "MA01AB3C4\tJT-0004\t"},
	} {
		q := quarantineAt(t, b, Affiliates, "关联.csv", "", tc.row)
		if q.Reason != tc.reason || q.CreditCode != tc.code || q.Group != tc.group || (tc.raw != "" && q.RawRow != tc.raw) {
			t.Errorf("row %d: %+v, want %s, code %q, group %q, raw %q", tc.row, q, tc.reason, tc.code, tc.group, tc.raw)
		}
	}
}

// The 奖励名单 this program wrote, returned whole with its 待复核 sheet filled in, gives its resolutions
// and nothing else: its rosters are never taken for a register, a sheet someone added to it stops the
// run, and a workbook without the program's mark is recognised like any other.
func TestReturnedAwardsWorkbook(t *testing.T) {
	c1, c2 := codeN(t, 1), codeN(t, 2)
	roster := xsheet{name: "方向10", rows: [][]any{{"北京市2022年度高精尖产业发展资金拟奖励名单（方向10）"},
		{"序号", "统一社会信用代码", "企业名称", "所属区", "奖励金额（万元）"}, {1, c1, "甲", "海淀区", xnum(30)}}}
	notes := xsheet{name: "说明", rows: [][]any{{"说明"}, {"统一社会信用代码：企业的18位代码"}}}
	review := xsheet{name: "待复核", rows: [][]any{{"待复核及临界未达名单"},
		{"序号", "类型", "统一社会信用代码", "企业名称", "规则", "测算金额（万元）", "结论", "核定金额（万元）", "复核人", "复核日期"},
		{1, "待复核", c2, "乙", "D10-1", xnum(30), "同意", xnum(30), "王五", "2023-03-01"}}}
	reviewBare := xsheet{name: "待复核", rows: [][]any{{"待复核及临界未达名单"},
		{"序号", "类型", "统一社会信用代码", "企业名称", "规则", "测算金额（万元）"}, {1, "待复核", c2, "乙", "D10-1", xnum(30)}}}
	added := xsheet{name: "Sheet2", rows: [][]any{{"统一社会信用代码", "企业名称"}, {c2, "乙"}}}
	tests := []struct {
		name    string
		own     bool
		sheets  []xsheet
		wantErr string // in the error; "" for a load
	}{
		{name: "marked", own: true, sheets: []xsheet{roster, review, notes}},
		{name: "a 公示名单 put back", own: true, sheets: []xsheet{{name: "公示名单", rows: roster.rows}}},
		{name: "a sheet added", own: true, sheets: []xsheet{roster, review, added}, wantErr: "added to a workbook this program wrote"},
		{name: "待复核 without the resolutions columns", own: true, sheets: []xsheet{roster, reviewBare}, wantErr: "lacks the resolutions columns"},
		{name: "unmarked", own: false, sheets: []xsheet{roster, review}},
		{name: "a 失信 list pasted over one of its sheets", own: true, sheets: []xsheet{roster, review, {name: "说明",
			rows: [][]any{{"统一社会信用代码", "企业名称", "列入日期"}, {c2, "乙", "2021-03-01"}}}}, wantErr: "has the columns of dishonesty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "奖励名单_已复核.xlsx")
			writeXLSX(t, path, tt.sheets...)
			writeCSV(t, filepath.Join(dir, "工业软件.csv"), "utf-8", "统一社会信用代码,企业名称", codeN(t, 3)+",丙")
			if tt.own {
				f, err := excelize.OpenFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if err := f.SetDocProps(&excelize.DocProperties{Category: OwnCategory}); err != nil {
					t.Fatal(err)
				}
				if err := f.Save(); err != nil {
					t.Fatal(err)
				}
				f.Close()
			}
			b, err := LoadDir(dir, Options{})
			if tt.wantErr != "" {
				if !errors.Is(err, ErrUnrecognised) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want ErrUnrecognised saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkReconciles(t, b)
			kinds := map[string]SheetReport{}
			for _, r := range b.Reports {
				kinds[r.SourceSheet] = r
			}
			if r, ok := kinds["方向10"]; ok && tt.own != strings.Contains(r.SkippedReason, "this program wrote") {
				t.Errorf("方向10: %+v; skipped as the program's own sheet: want %v", r, tt.own)
			}
			if slices.ContainsFunc(tt.sheets, func(s xsheet) bool { return s.name == "待复核" }) {
				if g := rowAt(t, b, Resolutions, "奖励名单_已复核.xlsx", "待复核", 3); g["credit_code"] != c2 || g["conclusion"] != "同意" {
					t.Errorf("the filled 待复核 line: %v", g)
				}
			} else if !slices.ContainsFunc(b.Reports, func(r SheetReport) bool {
				return r.SourceFile == "奖励名单_已复核.xlsx" && r.SourceSheet == "" && strings.Contains(r.SkippedReason, "this program wrote")
			}) {
				t.Errorf("a 公示名单 put back: reports %+v, want the file listed as skipped", b.Reports)
			}
		})
	}
}
