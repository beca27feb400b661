package synth

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bjgjj/awards/loaders"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func openXLSX(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func rowsOf(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func demoDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := Demo(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDemoFilesAreLaidOutAsInputsMd(t *testing.T) {
	dir := demoDir(t)

	t.Run("register is an xlsx with a title row and both industry code columns", func(t *testing.T) {
		rows := rowsOf(t, openXLSX(t, filepath.Join(dir, fileRegister+".xlsx")), "单位名录")
		if !strings.Contains(rows[0][0], "名录") || len(rows[0]) != 1 {
			t.Errorf("row 1 is not a title: %q", rows[0])
		}
		want := []string{"统一社会信用代码", "单位详细名称", "行业代码(2011)", "行业代码(2017)", "区划代码", "是否独立法人", "投产年月"}
		if !slices.Equal(rows[1], want) {
			t.Errorf("header %q, want %q", rows[1], want)
		}
		if got, want := len(rows)-2, len(DemoCodes())+1; got != want {
			t.Errorf("%d data rows, want %d (register plus one bad district)", got, want)
		}
	})

	t.Run("output value is the wide form with a merged two-row header, unit line and a total", func(t *testing.T) {
		f := openXLSX(t, filepath.Join(dir, fileOutput+".xlsx"))
		rows := rowsOf(t, f, "工业总产值")
		if rows[1][0] != "单位：千元" {
			t.Errorf("unit line %q", rows[1])
		}
		if rows[2][3] != "工业总产值（当年价格）" || rows[3][3] != "本年" || rows[3][4] != "上年同期" {
			t.Errorf("header rows %q / %q", rows[2], rows[3])
		}
		merges, err := f.GetMergeCells("工业总产值")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range merges {
			got = append(got, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		for _, want := range []string{"D3:E3", "A3:A4", "C3:C4"} {
			if !slices.Contains(got, want) {
				t.Errorf("merged ranges %v lack %s", got, want)
			}
		}
		if last := rows[len(rows)-1]; last[0] != "合计" {
			t.Errorf("last row %q is not the 合计 row", last)
		}
		// the A1 case at exactly 10亿 net: 60亿 → 70亿, written in 千元
		code := manifestCode(t, "D11-1", "A1", "net exactly 10亿")
		found := false
		for _, r := range rows {
			if r[0] == code && r[2] == "2022年" {
				found = true
				if r[3] != "7000000" || r[4] != "6000000" {
					t.Errorf("2022年 row %q, want 本年 7000000 and 上年同期 6000000 千元", r)
				}
			}
		}
		if !found {
			t.Errorf("no 2022年 row for %s", code)
		}
	})

	t.Run("revenue is UTF-8 with BOM, long layout, unit in the header", func(t *testing.T) {
		b := readFile(t, filepath.Join(dir, fileRevenue))
		if !bytes.HasPrefix(b, []byte("\uFEFF")) {
			t.Fatal("no BOM")
		}
		lines := strings.Split(string(b), "\r\n")
		if lines[1] != "统一社会信用代码,单位详细名称,期别,营业收入（万元）" {
			t.Errorf("header %q", lines[1])
		}
		code := manifestCode(t, "D11-3", "C1", "")
		want := code + ","
		var periods []string
		for _, l := range lines {
			if strings.HasPrefix(l, want) {
				periods = append(periods, strings.Split(l, ",")[2]+"="+strings.Split(l, ",")[3])
			}
		}
		for _, p := range []string{"2021年1-12月=2000000", "2022年1-12月=2600000"} {
			if !slices.Contains(periods, p) {
				t.Errorf("C1 case rows %v lack %s", periods, p)
			}
		}
	})

	t.Run("规上名录 is GB18030 with a title line", func(t *testing.T) {
		b := readFile(t, filepath.Join(dir, fileAbove))
		if utf8.Valid(b) {
			t.Fatal("file is valid UTF-8; want GB18030")
		}
		u, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(u), "\r\n")
		if !strings.Contains(lines[0], "规模以上企业名录") || lines[1] != "统一社会信用代码,单位详细名称,年份,纳入方式" {
			t.Errorf("first lines %q", lines[:2])
		}
	})

	t.Run("headcount is plain UTF-8", func(t *testing.T) {
		b := readFile(t, filepath.Join(dir, fileHeadcount))
		if !utf8.Valid(b) || bytes.HasPrefix(b, []byte("\uFEFF")) {
			t.Fatal("want UTF-8 without BOM")
		}
		if !bytes.HasPrefix(b, []byte("统一社会信用代码,单位名称,统计时点,参保人数\r\n")) {
			t.Errorf("header %q", strings.SplitN(string(b), "\n", 2)[0])
		}
	})

	t.Run("lists are sheets recognisable by their headers", func(t *testing.T) {
		f := openXLSX(t, filepath.Join(dir, fileLists+".xlsx"))
		want := map[string]string{
			"专精特新": "级别", "工业软件": "认定年份", "其他市级资金": "方向", "已兑付奖励": "金额（万元）", "关联企业": "集团编号",
		}
		if got := f.GetSheetList(); !slices.Equal(got, []string{"填表说明", "专精特新", "工业软件", "其他市级资金", "已兑付奖励", "关联企业"}) {
			t.Errorf("sheets %v", got)
		}
		for sheet, col := range want {
			rows := rowsOf(t, f, sheet)
			if !slices.Contains(rows[0], col) && !(len(rows) > 1 && slices.Contains(rows[1], col)) {
				t.Errorf("sheet %s has no %s column in its header", sheet, col)
			}
		}
		g := openXLSX(t, filepath.Join(dir, fileDishonesty+".xlsx"))
		if got := g.GetSheetList(); !slices.Equal(got, []string{"严重失信主体名单", "禁限目录"}) {
			t.Errorf("sheets %v", got)
		}
		cat := rowsOf(t, g, "禁限目录")
		if len(cat)-2 != len(catalogue()) {
			t.Errorf("禁限目录 has %d rows, want %d", len(cat)-2, len(catalogue()))
		}
	})

	t.Run("投产年月 can be an Excel date cell", func(t *testing.T) {
		f := openXLSX(t, filepath.Join(dir, fileRegister+".xlsx"))
		code := manifestCode(t, "D10-2", "", "Excel date cell")
		rows := rowsOf(t, f, "单位名录")
		for i, r := range rows {
			if r[0] != code {
				continue
			}
			cell := "G" + strconv.Itoa(i+1)
			if r[6] != "44378" { // 2021-07-01 as an Excel serial
				t.Errorf("%s raw value %q, want the serial 44378", cell, r[6])
			}
			style, _ := f.GetCellStyle("单位名录", cell)
			st, _ := f.GetStyle(style)
			if st == nil || st.CustomNumFmt == nil || !strings.Contains(*st.CustomNumFmt, "yyyy") {
				t.Errorf("%s has no date format", cell)
			}
			return
		}
		t.Errorf("code %s not in the register", code)
	})
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// manifestCode finds the code of the demo case for rule and tier whose description contains what.
func manifestCode(t *testing.T, rule, tier, what string) string {
	t.Helper()
	for _, e := range DemoManifest() {
		if e.Rule == rule && e.Tier == tier && strings.Contains(e.Case, what) {
			return e.Code
		}
	}
	t.Fatalf("no demo case %s %s %q", rule, tier, what)
	return ""
}

func TestDemoCreditCodesAreValidExceptTheEarlyOne(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range DemoCodes() {
		if seen[c] {
			t.Errorf("code %s twice in the register", c)
		}
		seen[c] = true
		if c == "91350211M0000XUF46" {
			if loaders.USCCCheckOK(c) {
				t.Errorf("the early code %s should fail the check digit", c)
			}
			continue
		}
		if !loaders.USCCCheckOK(c) {
			t.Errorf("code %s fails the GB 32100 check", c)
		}
	}
	if !seen["91350211M0000XUF46"] {
		t.Error("the legally issued early code is missing")
	}
}

func TestDemoCoversEveryDistrictAndSector(t *testing.T) {
	d := buildDemo()
	regions := map[string]bool{}
	sectors := map[string]bool{}
	for _, e := range d.ents {
		if e.InReg {
			regions[e.Region] = true
			sectors[e.Industry[:2]] = true
		}
	}
	for _, dist := range districts() {
		if !regions[dist.Code] {
			t.Errorf("no enterprise registered as %s %s", dist.Code, dist.Name)
		}
	}
	for _, r := range []string{"120116", "130681", "亦庄", "110302", "北京经济技术开发区", "110108001000"} {
		if !regions[r] {
			t.Errorf("no enterprise with 区划代码 %s", r)
		}
	}
	for _, s := range []string{"26", "27", "34", "35", "36", "37", "38", "39", "40", "06", "44", "64", "65"} {
		if !sectors[s] {
			t.Errorf("no enterprise in 大类 %s", s)
		}
	}
}

func TestDemoManifestShowsEveryRuleOutcomeAndTier(t *testing.T) {
	m := DemoManifest()
	outcomes := map[string]bool{}
	for _, e := range m {
		outcomes[e.Rule+" "+e.Outcome] = true
		outcomes[e.Outcome] = true
		if e.Tier != "" {
			outcomes[e.Tier] = true
		}
		if e.NearMiss {
			outcomes["near_miss"] = true
		}
		if e.Remark == "含专精特新奖励20万元" {
			outcomes["bonus"] = true
		}
		if strings.HasPrefix(e.Reason, "superseded_by:") {
			outcomes["tie-break"] = true
		}
	}
	var want []string
	for _, r := range []string{"D10-1", "D10-2", "D10-3", "D10-4", "D11-1", "D11-2", "D11-3", "D11-4"} {
		want = append(want, r+" awarded", r+" refused")
	}
	for _, tbl := range "ABCD" {
		for i := 1; i <= 3; i++ {
			want = append(want, string(tbl)+strconv.Itoa(i))
		}
	}
	want = append(want, "A4", "A5", "A6", "topped_up", "superseded", "review", "near_miss", "bonus", "tie-break")
	for _, w := range want {
		if !outcomes[w] {
			t.Errorf("the demo manifest has no %s", w)
		}
	}
	codes := map[string]bool{}
	for _, c := range DemoCodes() {
		codes[c] = true
	}
	for _, e := range m {
		if !codes[e.Code] {
			t.Errorf("manifest code %s (%s) is not in the register", e.Code, e.Case)
		}
		if (e.Outcome == "refused") != (e.AmountYuan == 0) {
			t.Errorf("%s %s: outcome %s with amount %d", e.Code, e.Rule, e.Outcome, e.AmountYuan)
		}
	}
}
