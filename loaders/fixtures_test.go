package loaders

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/width"
)

// The committed batch under testdata/realexports is rewritten by
//
//	go test ./loaders -run TestGenerateFixtures -update
//
// and read back as committed by TestRealExportsBatch, so the files a reviewer can open in Excel are the
// ones the assertions are about.
var update = flag.Bool("update", false, "rewrite the fixture files under testdata/realexports")

const fixtureDir = "testdata/realexports"

func TestGenerateFixtures(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite testdata/realexports")
	}
	if err := os.RemoveAll(fixtureDir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(fixtureDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFixtures(t, fixtureDir)
}

// writeFixtures writes a batch with the quirks of real exports, one file per encoding or layout.
func writeFixtures(t testing.TB, dir string) {
	c := func(n int) string { return codeN(t, n) }
	// The wide statistical form: a cover sheet, a merged title, a unit line, a two-row header with the
	// figure merged over 本年 | 上年同期, totals, full-width digits, numbers as text and an Excel-mangled code.
	writeXLSX(t, filepath.Join(dir, "2022年工业总产值.xlsx"),
		xsheet{name: "填表说明", rows: [][]any{{"填表说明"}, {"1. 本表金额单位为千元"}, {"2. 期别填写累计期"}}},
		xsheet{name: "产值表", rows: [][]any{
			{"2022年规模以上工业企业产值"},
			{"单位：千元"},
			{"序号", "统一社会信用代码", "单位详细名称", "期别", "工业总产值（当年价格）", nil},
			{nil, nil, nil, nil, "本年", "上年同期"},
			{1, c(1), "甲公司", "2022年", "1,234.5", xnum(1000)},                     // row 5
			{2, width.Widen.String(c(2)), "乙公司", "２０２２年１－１２月", "１２３", "—"},       // row 6
			{3, xraw("9.11101080000001E+17"), "丙公司", "2022年", xnum(10), xnum(9)}, // row 7
			{}, // row 8: blank
			{nil, "合 计", nil, nil, "1,357.5", nil},                       // row 9
			{4, c(3), "丁公司", "2022年一季度", "（500）", ""},                    // row 10
			{5, c(4), "戊公司", "2022年13月", "abc", xnum(1)},                 // row 11
			{nil, "其中：海淀区", nil, nil, xnum(100), nil},                    // row 12
			{6, "9111 0108" + c(5)[8:], "己公司", "2022Q1", "0.00125", nil}, // row 13
			{7, c(6), "庚公司", "2022年1-3月", "", ""},                        // row 14
		}, merges: [][2]string{{"A1", "F1"}, {"A3", "A4"}, {"B3", "B4"}, {"C3", "C4"}, {"D3", "D4"}, {"E3", "F3"}}},
	)
	// A GB18030 CSV of the long layout with the unit in the header, a title line and an extra column.
	writeCSV(t, filepath.Join(dir, "营业收入.csv"), "gb18030",
		"2022年企业营业收入",                    // line 1
		"统一社会信用代码,期别,营业收入（万元）,备注",        // line 2
		c(1)+",2022年,\"12,345.67\",",     // line 3
		c(2)+",2022年1-12月,１００,",          // line 4
		c(3)+",2022年,-,",                 // line 5
		"合计,,12445.67,",                  // line 6
		c(1)+",2022年,\"12,345.67\",重复报送", // line 7: equal duplicate of line 3
		c(6)+",2022年,5,",                 // line 8: conflicts with 营业收入补充.csv line 3
	)
	// A UTF-8 CSV with the unit on a line of its own.
	writeCSV(t, filepath.Join(dir, "营业收入补充.csv"), "utf-8",
		"单位：元", // line 1
		"统一社会信用代码,期别,营业收入", // line 2
		c(6)+",2022年,6",    // line 3
	)
	// The register as a UTF-8 CSV with a BOM, aliases everywhere, both industry classifications.
	writeCSV(t, filepath.Join(dir, "单位名录.csv"), "utf-8-bom",
		"统一社会信用代码,单位名称,行业代码(2011),行业代码(2017),所属区,法人类型,开业（投产）年月", // line 1
		c(1)+",甲公司,3911,610,110108,法人,2021-07",                      // line 2
		"  "+lower(c(2))+" ,乙公司,3911,3911,海淀,,2021年7月",              // line 3
		uscc(t, "92110108MA0000001")+",个体户,5211,5211,110115403,法人,", // line 4
		c(3)+",丁公司,3911,3911,火星区,法人,202107",                         // line 5
		c(4)+",戊公司,3911,3911,110105,不知道,2021-07",                    // line 6
		c(6)+",庚公司,3911,3911,120101,,2021/7",                        // line 7
	)
	writeFile(t, filepath.Join(dir, "说明.txt"), "not an input")
	writeFile(t, filepath.Join(dir, "~$2022年工业总产值.xlsx"), "an Excel lock file")
}

func lower(s string) string {
	out := []rune(s)
	for i, r := range out {
		if r >= 'A' && r <= 'Z' {
			out[i] = r - 'A' + 'a'
		}
	}
	return string(out)
}

// TestRealExportsBatch asserts where every row of the committed batch lands.
func TestRealExportsBatch(t *testing.T) {
	b := mustLoad(t, fixtureDir, Options{})
	c := func(n int) string { return codeN(t, n) }
	const wb, ov, rev, rev2, reg = "2022年工业总产值.xlsx", "产值表", "营业收入.csv", "营业收入补充.csv", "单位名录.csv"

	t.Run("files are listed with hashes and skipped ones warned about", func(t *testing.T) {
		var names []string
		for _, f := range b.Files {
			names = append(names, f.Name)
			if len(f.SHA256) != 64 || f.Size == 0 {
				t.Errorf("%s: hash %q size %d", f.Name, f.SHA256, f.Size)
			}
		}
		if diff := cmp.Diff([]string{wb, reg, rev, rev2}, names); diff != "" {
			t.Errorf("files (-want +got):\n%s", diff)
		}
		for _, w := range []string{"说明.txt", "~$2022年工业总产值.xlsx", "填表说明"} {
			if !hasWarning(b, w, "skipped") {
				t.Errorf("no warning about skipping %s in %q", w, b.Warnings)
			}
		}
	})

	t.Run("every row of the wide workbook lands where it should", func(t *testing.T) {
		got := rowsByPlace(b, OutputValue)
		want := map[string]map[string]string{
			"5":  {"credit_code": c(1), "year": "2022", "end_month": "12", "value_yuan": "1234500.00", "prev_value_yuan": "1000000.00"},
			"6":  {"credit_code": c(2), "year": "2022", "end_month": "12", "value_yuan": "123000.00", "prev_value_yuan": ""},
			"10": {"credit_code": c(3), "year": "2022", "end_month": "3", "value_yuan": "-500000.00", "prev_value_yuan": ""},
			"13": {"credit_code": c(5), "year": "2022", "end_month": "3", "value_yuan": "1.25", "prev_value_yuan": ""},
			"14": {"credit_code": c(6), "year": "2022", "end_month": "3", "value_yuan": "", "prev_value_yuan": ""},
		}
		if len(got) != len(want) {
			t.Errorf("loaded %d output_value rows, want %d: %v", len(got), len(want), got)
		}
		for row, w := range want {
			g := got[wb+":"+ov+":"+row]
			for k, v := range w {
				if g[k] != v {
					t.Errorf("row %s %s = %q, want %q", row, k, g[k], v)
				}
			}
		}
		q := quarantineByPlace(b)
		if x := q[wb+":"+ov+":7:output_value"]; x.Reason != "bad_code" || x.Column != "统一社会信用代码" || x.RawValue != "9.11101080000001E+17" {
			t.Errorf("mangled code row: %+v", x)
		}
		if x := q[wb+":"+ov+":11:output_value"]; x.Reason != "bad_period;bad_number" || x.Column != "期别" || x.RawValue != "2022年13月" {
			t.Errorf("bad period row: %+v", x)
		}
		r := reportFor(t, b, wb, ov, OutputValue)
		want2 := SheetReport{SourceFile: wb, SourceSheet: ov, Kind: OutputValue, RowsRead: 9, Loaded: 5, Quarantined: 2, SkippedTotals: 2, Unit: "千元"}
		if diff := cmp.Diff(want2, r); diff != "" {
			t.Errorf("report (-want +got):\n%s", diff)
		}
	})

	t.Run("revenue from two CSVs: GB18030, units, totals and duplicates", func(t *testing.T) {
		got := rowsByPlace(b, Revenue)
		want := map[string]string{
			rev + "::3": "123456700.00",
			rev + "::4": "1000000.00",
			rev + "::5": "",
		}
		if len(got) != len(want) {
			t.Errorf("loaded %d revenue rows, want %d: %v", len(got), len(want), got)
		}
		for place, v := range want {
			if g, ok := got[place]; !ok || g["value_yuan"] != v || g["end_month"] != "12" {
				t.Errorf("%s: %v, want value %q", place, g, v)
			}
		}
		q := quarantineByPlace(b)
		for _, place := range []string{rev + "::8:revenue", rev2 + "::3:revenue"} {
			if x := q[place]; x.Reason != "duplicate" || x.Column != "credit_code,year,end_month" || x.RawValue != c(6)+",2022,12" {
				t.Errorf("%s: %+v, want a duplicate", place, x)
			}
		}
		if diff := cmp.Diff(SheetReport{SourceFile: rev, Kind: Revenue, RowsRead: 6, Loaded: 3, Quarantined: 1,
			SkippedTotals: 1, DuplicatesDropped: 1, Encoding: "gb18030", Unit: "万元"}, reportFor(t, b, rev, "", Revenue)); diff != "" {
			t.Errorf("report (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(SheetReport{SourceFile: rev2, Kind: Revenue, RowsRead: 1, Quarantined: 1,
			Encoding: "utf-8", Unit: "元"}, reportFor(t, b, rev2, "", Revenue)); diff != "" {
			t.Errorf("report (-want +got):\n%s", diff)
		}
	})

	t.Run("the register: aliases, 2017 codes, districts, legal persons", func(t *testing.T) {
		got := rowsByPlace(b, Enterprises)
		want := map[string]map[string]string{
			"2": {"credit_code": c(1), "name": "甲公司", "industry_code": "0610", "region_code": "110108", "area_code": "110108",
				"district": "海淀区", "scope_district": "海淀区", "in_beijing": "true", "legal_person_raw": "法人",
				"is_legal_person": "true", "start_month": "2021-07-01", "code_check_ok": "true"},
			"3": {"credit_code": c(2), "industry_code": "3911", "region_code": "", "district": "海淀区", "in_beijing": "true",
				"is_legal_person": "true", "start_month": "2021-07-01"},
			"4": {"industry_code": "5211", "area_code": "110115403", "district": "北京经济技术开发区", "scope_district": "大兴区",
				"in_beijing": "true", "legal_person_raw": "法人", "is_legal_person": "false", "start_month": ""},
			"7": {"credit_code": c(6), "area_code": "120101", "district": "", "in_beijing": "false", "start_month": "2021-07-01"},
		}
		if len(got) != len(want) {
			t.Errorf("loaded %d enterprises, want %d: %v", len(got), len(want), got)
		}
		for row, w := range want {
			g := got[reg+"::"+row]
			for k, v := range w {
				if g[k] != v {
					t.Errorf("line %s %s = %q, want %q", row, k, g[k], v)
				}
			}
		}
		q := quarantineByPlace(b)
		if x := q[reg+"::5:enterprises"]; x.Reason != "unknown_district" || x.Column != "所属区" || x.RawValue != "火星区" {
			t.Errorf("unknown district: %+v", x)
		}
		if x := q[reg+"::6:enterprises"]; x.Reason != "bad_legal_person" || x.Column != "法人类型" {
			t.Errorf("bad legal person: %+v", x)
		}
		if diff := cmp.Diff(SheetReport{SourceFile: reg, Kind: Enterprises, RowsRead: 6, Loaded: 4, Quarantined: 2,
			Encoding: "utf-8-bom"}, reportFor(t, b, reg, "", Enterprises)); diff != "" {
			t.Errorf("report (-want +got):\n%s", diff)
		}
	})

	t.Run("nothing is lost: quarantine holds exactly the rows named above", func(t *testing.T) {
		if len(b.Quarantine) != 6 {
			t.Errorf("%d quarantined rows, want 6: %+v", len(b.Quarantine), b.Quarantine)
		}
	})
}
