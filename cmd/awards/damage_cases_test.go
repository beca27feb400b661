package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bjgjj/awards/loaders"
)

// The demo batch's files (pipeline/synth) and the sheets the damages edit.
const (
	dmRegister  = "单位名录_2022.xlsx"
	dmAbove     = "规上企业名录_2015-2022.csv" // GB18030, a title line
	dmOutput    = "工业总产值_2019-2022.xlsx" // wide, unit line 单位：千元, two-row header
	dmRevenue   = "营业收入_2019-2022.csv"   // UTF-8 with a BOM, a title line
	dmHeadcount = "参保人数_2021-2022.csv"   // UTF-8
	dmLists     = "名单汇总_2022.xlsx"
	dmDishonest = "失信及禁限目录.xlsx"

	shRegister = "单位名录"
	shOutput   = "工业总产值"
)

// TestDamage runs the damage list: each damage the way a statistics office's exports break, with the
// verdict inputs.md and rules.md give it.
func TestDamage(t *testing.T) {
	runDamages(t, damageList())
}

func damageList() []damage {
	var ds []damage
	ds = append(ds, fileDamages()...)
	ds = append(ds, layoutDamages()...)
	ds = append(ds, cellDamages()...)
	ds = append(ds, listDamages()...)
	ds = append(ds, roundDamages()...)
	ds = append(ds, blackBoxDamages()...)
	ds = append(ds, groupFigureDamage("demo"), groupFigureDamage("blackbox"))
	ds = append(ds, resolutionDamages()...)
	return ds
}

// usccWith returns a valid credit code made of a prefix (2 characters), a region (6 digits) and a
// 组织机构代码 (9 characters), with its check character.
func usccWith(prefix, region, org string) string {
	body := prefix + region + org
	c, ok := loaders.USCCCheckChar(body)
	if !ok {
		panic("no check character for " + body)
	}
	return body + string(c)
}

// rowRE matches one row of a sheet's XML; cellRefRE a cell reference inside it.
var (
	rowRE     = regexp.MustCompile(`(?s)<row r="(\d+)"[^>]*?(?:/>|>.*?</row>)`)
	rowNumRE  = regexp.MustCompile(`^<row r="\d+"`)
	cellRefRE = regexp.MustCompile(`<c r="([A-Z]+)\d+"`)
)

// shuffleRows permutes the rows from..to (1-based, inclusive) of a workbook's sheet in its XML, keeping
// every cell as it is (types, styles, dates): rows as an export in another order would write them.
func (b *batch) shuffleRows(name, sheet string, from, to int, seed int64) {
	b.t.Helper()
	part := sheetPart(b.t, b.path(name), sheet)
	editPart(b.t, b.path(name), part, func(x []byte) []byte {
		locs := rowRE.FindAllSubmatchIndex(x, -1)
		var idx []int // positions in locs of the rows to permute
		for i, l := range locs {
			n, _ := strconv.Atoi(string(x[l[2]:l[3]]))
			if n >= from && n <= to {
				idx = append(idx, i)
			}
		}
		if len(idx) < 2 {
			b.t.Fatalf("%s sheet %s: no rows %d–%d to shuffle", name, sheet, from, to)
		}
		perm := rand.New(rand.NewSource(seed)).Perm(len(idx))
		rows := make([][]byte, len(idx))
		for i, j := range perm {
			l := locs[idx[j]]
			target := string(x[locs[idx[i]][2]:locs[idx[i]][3]]) // the row number of the slot it moves to
			row := rowNumRE.ReplaceAll(x[l[0]:l[1]], []byte(`<row r="`+target+`"`))
			rows[i] = cellRefRE.ReplaceAll(row, []byte(`<c r="${1}`+target+`"`))
		}
		var out []byte
		last := 0
		for i, k := range idx {
			l := locs[k]
			out = append(out, x[last:l[0]]...)
			out = append(out, rows[i]...)
			last = l[1]
		}
		return append(out, x[last:]...)
	}, nil)
}

// shuffleText permutes the data records of a delimited file (after its header).
func (b *batch) shuffleText(name string, seed int64) {
	b.editText(name, func(tf *textFile) {
		data := tf.recs[tf.header()+1:]
		rand.New(rand.NewSource(seed)).Shuffle(len(data), func(i, j int) { data[i], data[j] = data[j], data[i] })
	})
}

// lastDataRow returns the last row number of a sheet that holds a credit code.
func lastDataRow(t *testing.T, f *excelize.File, sheet string) int {
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(rows) - 1; i >= 0; i-- {
		if len(rows[i]) > 0 && len(strings.TrimSpace(rows[i][0])) == 18 {
			return i + 1
		}
	}
	t.Fatalf("sheet %s has no data row", sheet)
	return 0
}

// bookRow returns the cells of one row of a sheet as text.
func bookRow(t *testing.T, f *excelize.File, sheet string, row int) []string {
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if row > len(rows) {
		return nil
	}
	return rows[row-1]
}

// insertRow inserts a row of text cells before row (1-based) of a sheet.
func insertRow(t *testing.T, f *excelize.File, sheet string, row int, cells ...any) {
	t.Helper()
	if err := f.InsertRows(sheet, row, 1); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetRow(sheet, cellName(0, row), &cells); err != nil {
		t.Fatal(err)
	}
}

// appendRow writes a row of cells after the last row of a sheet.
func appendRow(t *testing.T, f *excelize.File, sheet string, cells ...any) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetRow(sheet, cellName(0, len(rows)+1), &cells); err != nil {
		t.Fatal(err)
	}
}

// sameForRules checks that the pairs of the given rules are decided as on the undamaged batch, and that no
// pair of any other rule is decided.
func sameForRules(rules ...string) func(t *testing.T, base, got *runResult) {
	return func(t *testing.T, base, got *runResult) {
		t.Helper()
		for k, d := range base.dec {
			if !slices.Contains(rules, k.rule) {
				continue
			}
			if g, ok := got.dec[k]; !ok || g != d {
				t.Errorf("%s %s: %+v, want %+v as undamaged", k.code, k.rule, g, d)
			}
		}
		for k := range got.dec {
			if !slices.Contains(rules, k.rule) {
				t.Errorf("%s %s decided; the run should decide only %v", k.code, k.rule, rules)
				break
			}
		}
	}
}

// decided checks one pair's outcome, and that its reasons include reason ("" for none).
func decided(t *testing.T, got *runResult, code, rule, outcome, reason string) {
	t.Helper()
	d, ok := got.dec[pairKey{code, rule}]
	switch {
	case !ok:
		t.Errorf("%s %s: no decision, want %s", code, rule, outcome)
	case d.Outcome != outcome:
		t.Errorf("%s %s: %s (%s), want %s", code, rule, d.Outcome, d.Reasons, outcome)
	case reason != "" && !slices.Contains(strings.Split(d.Reasons, ";"), reason):
		t.Errorf("%s %s: reasons %q lack %s", code, rule, d.Reasons, reason)
	}
}

// ---- Files: names, formats, encodings, kinds missing ----

func fileDamages() []damage {
	return []damage{
		{name: "an xlsx register named .xls", base: "demo", short: true, apply: func(b *batch) want {
			b.rename(dmRegister, "单位名录_2022.xls")
			return want{same: true}
		}},
		{name: "workbooks named .xlsm and .et", base: "demo", apply: func(b *batch) want {
			b.rename(dmLists, "名单汇总_2022.xlsm")
			b.rename(dmDishonest, "失信及禁限目录.et")
			return want{same: true}
		}},
		{name: "CSV files named .txt, .tsv and .xls", base: "demo", apply: func(b *batch) want {
			b.rename(dmRevenue, "营业收入_2019-2022.txt")
			b.rename(dmHeadcount, "参保人数_2021-2022.tsv")
			b.rename(dmAbove, "规上企业名录_2015-2022.xls")
			return want{same: true}
		}},
		{name: "an OpenDocument spreadsheet", base: "demo", apply: func(b *batch) want {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
			w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
			w, _ = zw.Create("content.xml")
			w.Write([]byte(`<?xml version="1.0"?><office:document-content/>`))
			zw.Close()
			b.write("关联企业补充.ods", buf.Bytes())
			return want{stop: []string{"关联企业补充.ods", ".xlsx"}}
		}},
		{name: "an HTML table named .xls", base: "demo", apply: func(b *batch) want {
			b.write("参保人数补充.xls", []byte("<html><body><table><tr><td>统一社会信用代码</td><td>参保人数</td></tr></table></body></html>"))
			return want{stop: []string{"参保人数补充.xls", ".xlsx"}}
		}},
		{name: "re-encoded: UTF-8 as GB18030, GB18030 as UTF-8 with a BOM", base: "demo", apply: func(b *batch) want {
			b.editText(dmRevenue, func(tf *textFile) { tf.enc = encGB18030 })
			b.editText(dmAbove, func(tf *textFile) { tf.enc = encUTF8BOM })
			return want{same: true}
		}},
		{name: "Excel's Unicode text: UTF-16 with a BOM, tab-separated, named .txt", base: "demo", short: true, apply: func(b *batch) want {
			b.editText(dmRevenue, func(tf *textFile) { tf.enc, tf.delim = encUTF16LE, '\t' })
			b.rename(dmRevenue, "营业收入_2019-2022.txt")
			b.editText(dmHeadcount, func(tf *textFile) { tf.enc = encUTF16BE })
			return want{same: true}
		}},
		{name: "UTF-16 without a BOM", base: "demo", apply: func(b *batch) want {
			b.editText(dmHeadcount, func(tf *textFile) { tf.enc = encUTF16LENoBOM })
			return want{stop: []string{dmHeadcount, "UTF-16"}}
		}},
		{name: "CR-only line ends", base: "demo", apply: func(b *batch) want {
			for _, f := range []string{dmRevenue, dmAbove} {
				b.editRaw(f, func(s string) string { return strings.ReplaceAll(s, "\r\n", "\r") })
			}
			return want{same: true}
		}},
		{name: "semicolon-separated with unquoted thousands separators; tab-separated .csv", base: "demo", apply: func(b *batch) want {
			b.editText(dmRevenue, func(tf *textFile) { tf.delim = ';' })
			b.editRaw(dmRevenue, func(s string) string { return strings.ReplaceAll(s, `"`, "") })
			b.editText(dmHeadcount, func(tf *textFile) { tf.delim = '\t' })
			return want{same: true}
		}},
		{name: "a kind's file removed", base: "demo", short: true, apply: func(b *batch) want {
			b.remove(dmHeadcount)
			return want{stop: []string{"参保人数", "headcount"}}
		}},
		{name: "a kind's file removed, round 1 decided alone", base: "demo", args: []string{"--round", "1"}, apply: func(b *batch) want {
			b.remove(dmHeadcount)
			return want{check: sameForRules("D10-1", "D10-2", "D10-3", "D10-4", "D11-2", "D11-4")}
		}},
		{name: "a kind moved into a subfolder", base: "demo", apply: func(b *batch) want {
			b.rename(dmDishonest, "2022年/"+dmDishonest)
			return want{stop: []string{"严重失信主体名单", "禁限目录", "2022年 (a subfolder)"}}
		}},
		{name: "a kind's sheet removed from its workbook", base: "demo", apply: func(b *batch) want {
			b.editBook(dmLists, func(f *excelize.File) {
				if err := f.DeleteSheet("关联企业"); err != nil {
					b.t.Fatal(err)
				}
			})
			return want{stop: []string{"在京关联企业", "affiliates"}}
		}},
		{name: "a kind's file saved as PDF", base: "demo", apply: func(b *batch) want {
			b.remove(dmRevenue)
			b.write("营业收入_2019-2022.pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"))
			return want{stop: []string{"营业收入", "revenue", "营业收入_2019-2022.pdf"}}
		}},
		{name: "batch.toml declares empty a kind that has rows", base: "demo", apply: func(b *batch) want {
			b.write("batch.toml", []byte("empty = [\"affiliates\"]\n"))
			return want{stop: []string{"batch.toml", "在京关联企业"}}
		}},
		{name: "an empty file", base: "demo", apply: func(b *batch) want {
			b.write("补充名单.csv", nil)
			return want{stop: []string{"补充名单.csv", "empty"}}
		}},
		{name: "a second copy of a file", base: "demo", apply: func(b *batch) want {
			b.write("参保人数_2021-2022（副本）.csv", b.read(dmHeadcount))
			return want{sameDecisions: true}
		}},
		{name: "a sheet cut off inside a valid zip", base: "demo", apply: func(b *batch) want {
			editPart(b.t, b.path(dmRegister), sheetPart(b.t, b.path(dmRegister), shRegister), func(x []byte) []byte {
				return x[:len(x)*2/3]
			}, nil)
			return want{stop: []string{dmRegister, "cut off"}}
		}},
		{name: "a zip part whose checksum fails", base: "demo", apply: func(b *batch) want {
			editPart(b.t, b.path(dmOutput), sheetPart(b.t, b.path(dmOutput), shOutput), nil, func(h *zip.FileHeader) { h.CRC32 ^= 1 })
			return want{stop: []string{dmOutput, "checksum"}}
		}},
		{name: "a CSV cut off in its last line, and one ending inside an open quote", base: "demo", apply: func(b *batch) want {
			var above, rev string
			b.editRaw(dmAbove, func(s string) string {
				s = strings.TrimRight(s, "\r\n")
				last := s[strings.LastIndex(s, "\n")+1:]
				above = last[:18]
				return s[:len(s)-len(last)] + last[:19] // the code and its comma: the copy stopped there
			})
			soft := b.pick(b.base.paidFor("D11-3"), 1, "D11-3 award")
			b.editRaw(dmRevenue, func(s string) string {
				rev = soft
				return s + soft + ",某公司,2022年1-12月,\"12,345" // no closing quote, no line end
			})
			return want{quarantined: []wantQ{{kind: "above_scale", code: above, reason: "field_count"},
				{kind: "revenue", code: rev, reason: "field_count"}}}
		}},
		{name: "workbooks saved again by a spreadsheet program", base: "demo", apply: func(b *batch) want {
			for _, f := range []string{dmRegister, dmOutput, dmLists, dmDishonest} {
				b.editBook(f, func(*excelize.File) {})
			}
			return want{same: true}
		}},
	}
}

// ---- Layouts: wide sub-columns, units, headers, notes, totals, order ----

// subCol is one sub-column under 工业总产值（当年价格） in a rewritten wide layout: the current figure (role
// 'c'), the previous year's (role 'p'), or another column (role 0) holding val on every data row.
type subCol struct {
	head string
	role byte
	val  string
}

// wideOutput rewrites the demo's wide 工业总产值 sheet with the given sub-columns, in that order, under a
// merged 工业总产值（当年价格）.
func (b *batch) wideOutput(cols ...subCol) {
	b.editBook(dmOutput, func(f *excelize.File) {
		last := lastDataRow(b.t, f, shOutput)
		rows, _ := f.GetRows(shOutput)
		f.UnmergeCell(shOutput, "D3", "E3")
		for r := 5; r <= last; r++ {
			row := append(rows[r-1], "", "", "", "", "")
			for i, c := range cols {
				cell := cellName(3+i, r)
				switch c.role {
				case 'c':
					setNum(b.t, f, shOutput, cell, row[3])
				case 'p':
					setNum(b.t, f, shOutput, cell, row[4])
				default:
					f.SetCellStr(shOutput, cell, c.val)
				}
			}
		}
		for i, c := range cols {
			f.SetCellStr(shOutput, cellName(3+i, 3), "")
			f.SetCellStr(shOutput, cellName(3+i, 4), c.head)
		}
		f.SetCellStr(shOutput, "D3", "工业总产值（当年价格）")
		if err := f.MergeCell(shOutput, "D3", cellName(3+len(cols)-1, 3)); err != nil {
			b.t.Fatal(err)
		}
	})
}

// setNum writes a figure as a number cell when it is one, else as text (— for no figure).
func setNum(t *testing.T, f *excelize.File, sheet, cell, v string) {
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		f.SetCellFloat(sheet, cell, n, -1, 64)
		return
	}
	f.SetCellStr(sheet, cell, v)
}

func layoutDamages() []damage {
	return []damage{
		{name: "wide layout: 本月 | 本年累计 | 上年同期累计 | 同比增长（%）", base: "demo", short: true, apply: func(b *batch) want {
			b.wideOutput(subCol{"本月", 0, "1234.5"}, subCol{"本年累计", 'c', ""}, subCol{"上年同期累计", 'p', ""},
				subCol{"同比增长（%）", 0, "12.5"})
			return want{same: true}
		}},
		{name: "wide layout: 去年同期 before 本年累计", base: "demo", apply: func(b *batch) want {
			b.wideOutput(subCol{"去年同期", 'p', ""}, subCol{"本年累计", 'c', ""})
			return want{same: true}
		}},
		{name: "wide layout: 上年 | 本年, 增长率 and 比上年增减", base: "demo", apply: func(b *batch) want {
			b.wideOutput(subCol{"上年", 'p', ""}, subCol{"本年", 'c', ""}, subCol{"增长率", 0, "0.1"}, subCol{"比上年增减", 0, "100"})
			return want{same: true}
		}},
		{name: "wide layout: 本期累计 | 上年同期累计 | 当月", base: "demo", apply: func(b *batch) want {
			b.wideOutput(subCol{"当月", 0, "99"}, subCol{"本期累计", 'c', ""}, subCol{"上年同期累计", 'p', ""})
			return want{same: true}
		}},
		{name: "wide layout of a round-2 batch: 1-12月 | 上年同期累计", base: "demo", apply: func(b *batch) want {
			b.round2Only()
			b.wideOutput(subCol{"1-12月", 'c', ""}, subCol{"上年同期累计", 'p', ""}, subCol{"本月", 0, "99"})
			return want{check: sameForRules(round2Rules...)}
		}},
		{name: "wide layout: a month's column (12月) is outside the vocabulary", base: "demo", apply: func(b *batch) want {
			b.round2Only()
			b.wideOutput(subCol{"12月", 0, "99"}, subCol{"1-12月", 'c', ""}, subCol{"上年同期累计", 'p', ""})
			return want{stop: []string{dmOutput, "sheet " + shOutput, "column D", "12月", "rename the sub-header"}}
		}},
		{name: "wide layout: two current columns", base: "demo", apply: func(b *batch) want {
			b.wideOutput(subCol{"本年", 'c', ""}, subCol{"上年同期", 'p', ""}, subCol{"本年累计", 0, "1"})
			return want{stop: []string{dmOutput, "sheet " + shOutput, "本年累计"}}
		}},
		{name: "wide layout: a sub-column outside the vocabulary", base: "demo", apply: func(b *batch) want {
			b.wideOutput(subCol{"本年", 'c', ""}, subCol{"上年同期", 'p', ""}, subCol{"本季", 0, "1"})
			return want{stop: []string{dmOutput, "sheet " + shOutput, "本季"}}
		}},
		{name: "unit line and header units disagree", base: "demo", apply: func(b *batch) want {
			b.editBook(dmOutput, func(f *excelize.File) { f.SetCellStr(shOutput, "D3", "工业总产值（当年价格）（万元）") })
			return want{stop: []string{dmOutput, "千元", "万元"}}
		}},
		{name: "units missing: over the quarantine share", base: "demo", apply: func(b *batch) want {
			b.editBook(dmOutput, func(f *excelize.File) { f.SetCellStr(shOutput, "A2", "") })
			return want{stop: []string{dmOutput, "over the limit", "unknown_unit", "--max-quarantine-share"}}
		}},
		{name: "units missing: every figure row held", base: "demo", args: []string{"--max-quarantine-share", "1"}, apply: func(b *batch) want {
			b.editBook(dmOutput, func(f *excelize.File) { f.SetCellStr(shOutput, "A2", "") })
			code := b.pick(b.base.paidFor("D11-1"), 0, "D11-1 award")
			return want{quarantined: []wantQ{{kind: "output_value", code: code, reason: "unknown_unit"}}}
		}},
		{name: "a CSV money column without its unit: every figure row held", base: "demo", args: []string{"--max-quarantine-share", "1"}, apply: func(b *batch) want {
			b.editText(dmRevenue, func(tf *textFile) { tf.recs[tf.header()][tf.col("营业收入")] = "营业收入" })
			soft := b.pick(b.base.paidFor("D11-3"), 0, "D11-3 award")
			return want{quarantined: []wantQ{{kind: "revenue", code: soft, reason: "unknown_unit"}}}
		}},
		{name: "units missing from every figure file: no round can be decided", base: "demo", args: []string{"--max-quarantine-share", "1"}, apply: func(b *batch) want {
			b.editBook(dmOutput, func(f *excelize.File) { f.SetCellStr(shOutput, "A2", "") })
			b.editText(dmRevenue, func(tf *textFile) { tf.recs[tf.header()][tf.col("营业收入")] = "营业收入" })
			return want{stop: []string{"no round", "unknown_unit"}}
		}},
		{name: "header repeated mid-sheet and note rows", base: "demo", apply: func(b *batch) want {
			b.editText(dmRevenue, func(tf *textFile) {
				h := tf.recs[tf.header()]
				mid := len(tf.recs) / 2
				tf.recs = slices.Insert(tf.recs, mid, slices.Clone(h), []string{"填报日期：2023年1月10日"})
				tf.recs = append(tf.recs, []string{"注：本表数据来源于统计联网直报平台。"}, []string{"制表人：张三", "", "审核：李四"})
			})
			b.editBook(dmOutput, func(f *excelize.File) {
				last := lastDataRow(b.t, f, shOutput)
				insertRow(b.t, f, shOutput, last/2, "统一社会信用代码", "单位详细名称", "期别", "工业总产值（当年价格）")
				insertRow(b.t, f, shOutput, last/2+1, "", "", "", "本年", "上年同期")
				appendRow(b.t, f, shOutput, "注：1. 本表按当年价格计算。")
				appendRow(b.t, f, shOutput, "单位负责人：王五", "统计负责人：赵六", "填表人：钱七")
			})
			return want{sameDecisions: true}
		}},
		{name: "title rows, blank rows, columns reordered, an unknown column", base: "demo", apply: func(b *batch) want {
			b.editText(dmHeadcount, func(tf *textFile) {
				for i, r := range tf.recs { // 参保人数 first, then an extra column, then the code
					extra := "备注"
					if i > 0 {
						extra = ""
					}
					tf.recs[i] = []string{r[3], extra, r[2], r[1], r[0]}
				}
				tf.recs = slices.Insert(tf.recs, 0, []string{"2021—2022年末参保人数"}, []string{"单位：人"}, []string{})
				tf.recs = slices.Insert(tf.recs, 40, []string{}, []string{})
			})
			return want{same: true}
		}},
		{name: "header names with half-width brackets and spaces", base: "demo", apply: func(b *batch) want {
			b.editText(dmRevenue, func(tf *textFile) {
				h := tf.recs[tf.header()]
				h[tf.col("营业收入")] = " 营业收入 (万元) "
				h[0] = "统一社会 信用代码"
			})
			return want{same: true}
		}},
		{name: "rows shuffled", base: "demo", short: true, apply: func(b *batch) want {
			for _, f := range []string{dmRevenue, dmHeadcount, dmAbove} {
				b.shuffleText(f, 7)
			}
			var last int
			b.editBook(dmRegister, func(f *excelize.File) { last = lastDataRow(b.t, f, shRegister) })
			b.shuffleRows(dmRegister, shRegister, 3, last, 11)
			b.editBook(dmOutput, func(f *excelize.File) { last = lastDataRow(b.t, f, shOutput) })
			b.shuffleRows(dmOutput, shOutput, 5, last, 13)
			return want{same: true}
		}},
		{name: "a total row with a credit code in it", base: "demo", apply: func(b *batch) want {
			code := b.pick(b.base.paidFor("D11-1"), 1, "D11-1 award")
			var row int
			b.editBook(dmOutput, func(f *excelize.File) {
				// 合计 in the name column of a row whose code cell holds an enterprise's code: an enterprise's
				// row, and its 2022 figure disagrees with the row already there (a duplicate).
				appendRow(b.t, f, shOutput, code, "合计", "2022年", 1, 1)
				rows, _ := f.GetRows(shOutput)
				row = len(rows)
				// 小计 first, an enterprise's code after it: never skipped as a total.
				appendRow(b.t, f, shOutput, "小计", code, "2022年", 2, 2)
			})
			return want{quarantined: []wantQ{{kind: "output_value", code: code, reason: "duplicate"}},
				check: func(t *testing.T, base, got *runResult) {
					if !slices.ContainsFunc(got.quarantine, func(q qrow) bool { return q.File == dmOutput && q.Row == row+1 }) {
						t.Errorf("the 小计 row holding a credit code (row %d) was not quarantined: %v", row+1, got.quarantine)
					}
				}}
		}},
	}
}

// ---- Cells ----

// withSeparators writes a whole number with a comma every three digits: 3000000 → 3,000,000.
func withSeparators(s string) string {
	intPart, frac, _ := strings.Cut(s, ".")
	var out []byte
	for i := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, intPart[i])
	}
	if frac != "" {
		return string(out) + "." + frac
	}
	return string(out)
}

// fullWidth writes ASCII letters, digits and punctuation as their full-width forms.
func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > ' ' && r < 0x7f {
			r += 0xFEE0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// textRow returns the record of a loaded row in a delimited file.
func (tf *textFile) row(s srcRow) []string { return tf.recs[tf.record(s.Row)] }

func cellDamages() []damage {
	return []damage{
		{name: "an unquoted thousands separator in a CSV row", base: "demo", short: true, apply: func(b *batch) want {
			code := b.pick(b.base.paidFor("D11-3"), 0, "D11-3 award")
			b.editText(dmRevenue, func(tf *textFile) {
				for _, s := range b.base.rowsOf("revenue", code) {
					r := tf.row(s)
					v := r[len(r)-1]
					if len(strings.ReplaceAll(v, ",", "")) < 4 {
						continue
					}
					tf.recs[tf.record(s.Row)] = append(r[:len(r)-1], strings.Split(withSeparators(strings.ReplaceAll(v, ",", "")), ",")...)
					return
				}
				b.t.Fatalf("%s has no revenue of 1,000万 or more", code)
			})
			return want{quarantined: []wantQ{{kind: "revenue", code: code, reason: "field_count"}}}
		}},
		{name: "15 percent in money and headcount columns", base: "demo", apply: func(b *batch) want {
			soft := b.pick(b.base.paidFor("D10-4"), 0, "D10-4 award")
			ind := b.pick(b.base.paidFor("D10-3"), 0, "D10-3 award")
			head := b.pick(b.base.paidFor("D11-1"), 0, "D11-1 award")
			b.editText(dmRevenue, func(tf *textFile) {
				r := tf.row(b.rowOf("revenue", soft, 0))
				r[len(r)-1] = "15%"
			})
			b.editBook(dmOutput, func(f *excelize.File) {
				f.SetCellStr(shOutput, cellName(3, b.rowOf("output_value", ind, 0).Row), "15％")
			})
			b.editText(dmHeadcount, func(tf *textFile) { tf.row(b.rowOf("headcount", head, 1))[3] = "15%" })
			return want{quarantined: []wantQ{{kind: "revenue", code: soft, reason: "bad_number"},
				{kind: "output_value", code: ind, reason: "bad_number"}, {kind: "headcount", code: head, reason: "bad_number"}}}
		}},
		{name: "full-width digits, separators and letters", base: "demo", apply: func(b *batch) want {
			b.editText(dmRevenue, func(tf *textFile) {
				for _, r := range tf.recs[tf.header()+1:] {
					r[0] = fullWidth(strings.ToLower(r[0][:9])) + " " + r[0][9:]
					r[len(r)-1] = fullWidth(r[len(r)-1])
				}
			})
			b.editText(dmHeadcount, func(tf *textFile) {
				for _, r := range tf.recs[tf.header()+1:] {
					r[3] = fullWidth(r[3])
				}
			})
			return want{same: true}
		}},
		{name: "a formula without a cached value in a figure cell", base: "demo", short: true, apply: func(b *batch) want {
			code := b.pick(b.base.paidFor("D11-1"), 0, "D11-1 award")
			s := b.rowOf("output_value", code, len(b.base.rowsOf("output_value", code))-1)
			b.rawCell(dmOutput, shOutput, cellName(3, s.Row), `<c r="`+cellName(3, s.Row)+`"><f>SUM(F1:F3)</f></c>`)
			return want{quarantined: []wantQ{{kind: "output_value", code: code, reason: "formula_without_value"}}}
		}},
		{name: "formulas with their cached values", base: "demo", apply: func(b *batch) want {
			code := b.pick(b.base.paidFor("D11-1"), 1, "D11-1 award")
			s := b.rowOf("output_value", code, 0)
			var v string
			b.editBook(dmOutput, func(f *excelize.File) { v = bookRow(b.t, f, shOutput, s.Row)[3] })
			b.rawCell(dmOutput, shOutput, cellName(3, s.Row), `<c r="`+cellName(3, s.Row)+`"><f>F1*1</f><v>`+v+`</v></c>`)
			return want{same: true}
		}},
		{name: "error cells in the code column and in a figure column", base: "demo", apply: func(b *batch) want {
			q1 := b.pick(b.base.paidFor("D11-2"), 0, "D11-2 award")
			fig := b.pick(b.base.paidFor("D11-1"), 2, "D11-1 award")
			s1 := b.rowOf("output_value", q1, len(b.base.rowsOf("output_value", q1))-2)
			s2 := b.rowOf("output_value", fig, 0)
			b.rawCell(dmOutput, shOutput, cellName(0, s1.Row), `<c r="`+cellName(0, s1.Row)+`" t="e"><v>#N/A</v></c>`)
			b.rawCell(dmOutput, shOutput, cellName(4, s2.Row), `<c r="`+cellName(4, s2.Row)+`" t="e"><f>1/0</f><v>#DIV/0!</v></c>`)
			return want{quarantined: []wantQ{{kind: "output_value", code: "", reason: "error_value", noHold: true},
				{kind: "output_value", code: fig, reason: "error_value"}}}
		}},
		{name: "#N/A as text in a CSV figure, in a CSV code, and in a column no kind reads", base: "demo", apply: func(b *batch) want {
			soft := b.pick(b.base.paidFor("D11-4"), 0, "D11-4 award")
			head := b.pick(b.base.paidFor("D11-3"), 0, "D11-3 award")
			b.editText(dmRevenue, func(tf *textFile) {
				r := tf.row(b.rowOf("revenue", soft, 0))
				r[len(r)-1] = "#N/A"
			})
			b.editText(dmHeadcount, func(tf *textFile) {
				tf.row(b.rowOf("headcount", head, 0))[0] = "#N/A"
				for _, r := range tf.recs[tf.header()+1:] {
					r[1] = "#REF!" // 单位名称: not read by headcount
				}
			})
			return want{quarantined: []wantQ{{kind: "revenue", code: soft, reason: "error_value"},
				{kind: "headcount", code: "", reason: "error_value", noHold: true}}}
		}},
		{name: "a blank 行业代码(2017) beside a 2011 code", base: "demo", apply: func(b *batch) want {
			code := b.pick(b.base.paidFor("D10-1"), 0, "D10-1 award")
			b.editBook(dmRegister, func(f *excelize.File) {
				f.SetCellStr(shRegister, cellName(3, b.rowOf("enterprises", code, 0).Row), "")
			})
			// rules.md "Holds": every rule reads 单位名录, so the enterprise's award is held, not lost with the row.
			return want{quarantined: []wantQ{{kind: "enterprises", code: code, reason: "missing_value"}},
				check: func(t *testing.T, base, got *runResult) {
					// Its D10-1 sector is certain (in the demo through the 工业软件 list): a held item may supersede it,
					// never refuse it.
					if d := got.dec[pairKey{code, "D10-1"}]; d.Outcome != "review" && d.Outcome != "superseded" {
						t.Errorf("%s D10-1 is %s (%s), want held or superseded by a held item", code, d.Outcome, d.Reasons)
					}
				}}
		}},
		{name: "names of 600 characters and of a megabyte", base: "demo", apply: func(b *batch) want {
			a := b.pick(b.base.paidFor("D11-1"), 0, "D11-1 award")
			c := b.pick(b.base.paidFor("D10-4"), 0, "D10-4 award")
			b.editBook(dmRegister, func(f *excelize.File) {
				f.SetCellStr(shRegister, cellName(1, b.rowOf("enterprises", a, 0).Row), strings.Repeat("北京某某科技有限公司", 60))
			})
			b.editText(dmHeadcount, func(tf *textFile) {
				for _, s := range b.base.rowsOf("headcount", c) {
					tf.row(s)[1] = strings.Repeat("名", 1<<20/3)
				}
			})
			return want{quarantined: []wantQ{{kind: "enterprises", code: a, reason: "value_too_long"}},
				check: func(t *testing.T, base, got *runResult) {
					// 单位名称 in the headcount file is not read: the long text is ignored there.
					if d := got.dec[pairKey{c, "D10-4"}]; d != base.dec[pairKey{c, "D10-4"}] {
						t.Errorf("%s D10-4: %+v, want %+v", c, d, base.dec[pairKey{c, "D10-4"}])
					}
				}}
		}},
		{name: "names beginning with = + - @ and full-width brackets", base: "demo", apply: func(b *batch) want {
			b.editBook(dmRegister, func(f *excelize.File) {
				for i, code := range b.base.paidFor("D11-1")[:4] {
					cell := cellName(1, b.rowOf("enterprises", code, 0).Row)
					f.SetCellStr(shRegister, cell, []string{"=HYPERLINK(\"x\")", "+北京公司", "-北京（中关村）公司", "@北京公司"}[i])
				}
			})
			return want{same: true}
		}},
	}
}

// ---- Lists: dates, 组织机构代码, prior awards, duplicates, rows that stop the run ----

// listRow finds the row of a list sheet whose first cell is code (1-based), 0 when there is none.
func listRow(t *testing.T, f *excelize.File, sheet, code string) int {
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == code {
			return i + 1
		}
	}
	return 0
}

// nameOf returns an enterprise's name as the register writes it.
func (b *batch) nameOf(code string) string {
	var name string
	b.editBook(dmRegister, func(f *excelize.File) {
		name = bookRow(b.t, f, shRegister, b.rowOf("enterprises", code, 0).Row)[1]
	})
	return name
}

// orgOf writes a credit code's 组织机构代码 as lists print it: MA1Q1TXW-3.
func orgOf(code string) string { return code[8:16] + "-" + code[16:17] }

func listDamages() []damage {
	return []damage{
		{name: "a 失信 row whose code is an error cell", base: "demo", short: true, apply: func(b *batch) want {
			b.editBook(dmDishonest, func(f *excelize.File) { appendRow(b.t, f, "严重失信主体名单", "x", "某公司", "2021-07-01") })
			var row int
			b.editBook(dmDishonest, func(f *excelize.File) { rows, _ := f.GetRows("严重失信主体名单"); row = len(rows) })
			b.rawCell(dmDishonest, "严重失信主体名单", cellName(0, row), `<c r="`+cellName(0, row)+`" t="e"><v>#N/A</v></c>`)
			return want{stop: []string{dmDishonest, "严重失信主体名单", fmt.Sprintf("row %d", row), "error_value"}}
		}},
		{name: "a 禁限目录 row damaged", base: "demo", short: true, apply: func(b *batch) want {
			b.editBook(dmDishonest, func(f *excelize.File) { f.SetCellStr("禁限目录", "D5", "朝阳区、北京以外") })
			return want{stop: []string{dmDishonest, "禁限目录", "row 5"}}
		}},
		{name: "a 规上名录 row whose code cannot be read", base: "demo", apply: func(b *batch) want {
			b.editText(dmAbove, func(tf *textFile) { tf.recs = append(tf.recs, []string{"91110108MA00", "某公司", "2021", ""}) })
			return want{stop: []string{dmAbove, "规上名录", "bad_code"}}
		}},
		{name: "an affiliates row whose code cannot be read", base: "demo", apply: func(b *batch) want {
			b.editBook(dmLists, func(f *excelize.File) {
				appendRow(b.t, f, "关联企业", "#VALUE!", "某公司", "JT-0001 北京汽车集团")
			})
			return want{stop: []string{dmLists, "关联企业", "error_value"}}
		}},
		{name: "month-only 失信 dates: 列入 2021年8月, 移出 at the window's first day", base: "demo", apply: func(b *batch) want {
			code := b.pick(b.base.paidFor("D11-1"), 0, "D11-1 award")
			var removed string
			b.editBook(dmDishonest, func(f *excelize.File) {
				appendRow(b.t, f, "严重失信主体名单", code, "某公司", "2021年8月")
				// Removed 2019-03-01: outside [2019-06-30, 2022-06-30]. 2019年6月 may mean the 30th: inside.
				rows, _ := f.GetRows("严重失信主体名单")
				for i, r := range rows {
					if len(r) > 3 && r[3] == "2019-03-01" {
						removed = r[0]
						f.SetCellStr("严重失信主体名单", cellName(3, i+1), "2019年6月")
					}
				}
			})
			if removed == "" {
				b.t.Fatal("the demo's 失信 list has no row removed 2019-03-01")
			}
			return want{check: func(t *testing.T, base, got *runResult) {
				for k, d := range got.dec {
					if k.code == code || (k.code == removed && k.rule != "D11-1" && k.rule != "D11-3") {
						if d.Outcome != "refused" || !strings.Contains(d.Reasons, "serious_dishonesty") {
							t.Errorf("%s %s: %s (%s), want refused for serious_dishonesty", k.code, k.rule, d.Outcome, d.Reasons)
						}
					}
				}
			}}
		}},
		{name: "year- and month-only 专精特新 dates", base: "demo", apply: func(b *batch) want {
			bonus := b.codesWithRemark("含专精特新奖励")
			early, late, until := b.pick(bonus, 0, "bonus"), b.pick(bonus, 1, "bonus"), b.pick(bonus, 2, "bonus")
			b.editBook(dmLists, func(f *excelize.File) {
				// 认定年份 2019: valid from 2019-12-31 to 2022-01-01 at the latest, so not on 2022-06-30.
				f.SetCellStr("专精特新", cellName(3, listRow(b.t, f, "专精特新", early)), "2019")
				f.SetCellStr("专精特新", cellName(4, listRow(b.t, f, "专精特新", early)), "")
				// 2021: from 2021-12-31, valid on 2022-06-30.
				f.SetCellStr("专精特新", cellName(3, listRow(b.t, f, "专精特新", late)), "2021年")
				f.SetCellStr("专精特新", cellName(4, listRow(b.t, f, "专精特新", late)), "")
				// 有效期至 2022年6月: until 2022-06-01 at the earliest, so not on 2022-06-30.
				f.SetCellStr("专精特新", cellName(4, listRow(b.t, f, "专精特新", until)), "2022年6月")
			})
			return want{check: func(t *testing.T, base, got *runResult) {
				for k, d := range base.dec {
					if cents(d.Paid) == 0 || k.rule[:3] != "D10" {
						continue
					}
					g := got.dec[k]
					switch k.code {
					case early, until:
						if cents(g.Amount) != cents(d.Amount)-20_000_000 {
							t.Errorf("%s %s: amount %s, want %s less the 20万 bonus", k.code, k.rule, g.Amount, d.Amount)
						}
					case late:
						if g != d {
							t.Errorf("%s %s: %+v, want %+v", k.code, k.rule, g, d)
						}
					}
				}
			}}
		}},
		{name: "组织机构代码 for the credit code: one enterprise, none, two", base: "demo", apply: func(b *batch) want {
			a := b.pick(b.base.paidFor("D11-1"), 1, "D11-1 award")
			c := b.pick(b.base.paidFor("D10-1"), 0, "D10-1 award")
			b.editBook(dmDishonest, func(f *excelize.File) { appendRow(b.t, f, "严重失信主体名单", orgOf(a), "", "2021-09-01") })
			b.editBook(dmLists, func(f *excelize.File) {
				r := listRow(b.t, f, "专精特新", c)
				if r > 0 {
					f.SetCellStr("专精特新", cellName(0, r), c[8:17])
				}
			})
			return want{check: func(t *testing.T, base, got *runResult) {
				for k, d := range got.dec {
					if k.code == a && (d.Outcome != "refused" || !strings.Contains(d.Reasons, "serious_dishonesty")) {
						t.Errorf("%s %s: %s (%s), want refused for serious_dishonesty (listed by its 组织机构代码)", k.code, k.rule, d.Outcome, d.Reasons)
					}
					if k.code == c && d != base.dec[k] {
						t.Errorf("%s %s: %+v, want %+v (专精特新 by its 组织机构代码)", k.code, k.rule, d, base.dec[k])
					}
				}
			}}
		}},
		{name: "a prior award naming a 组织机构代码 no enterprise holds", base: "demo", apply: func(b *batch) want {
			b.editBook(dmLists, func(f *excelize.File) { appendRow(b.t, f, "已兑付奖励", "ZZ9999999", "", 2022, "9", "", 30) })
			return want{stop: []string{dmLists, "已兑付奖励", "bad_code"}}
		}},
		{name: "an other-funds row naming a 组织机构代码 two enterprises hold", base: "demo", apply: func(b *batch) want {
			a := b.pick(b.base.paidFor("D10-1"), 0, "D10-1 award")
			twin := usccWith("91", "110105", a[8:17])
			if twin == a {
				twin = usccWith("91", "110106", a[8:17])
			}
			b.editBook(dmRegister, func(f *excelize.File) {
				appendRow(b.t, f, shRegister, twin, "同码另一企业有限公司", "3911", "3911", twin[2:8], "", "2009-04")
			})
			b.editBook(dmLists, func(f *excelize.File) {
				appendRow(b.t, f, "其他市级资金", a[8:17], "", "方向10", "某资金", 2022)
			})
			return want{stop: []string{dmLists, "其他市级资金", "bad_code"}}
		}},
		{name: "a 失信 row and a 规上 row whose codes are one slip from a paid enterprise's", base: "demo", apply: func(b *batch) want {
			a := b.pick(b.base.paidFor("D10-1"), 0, "D10-1 award")
			c := b.pick(b.base.paidFor("D11-1"), 0, "D11-1 award")
			typo := func(code string, i int) string { // a different character of the alphabet at i
				ch := byte('3')
				if code[i] == ch {
					ch = '4'
				}
				return code[:i] + string(ch) + code[i+1:]
			}
			b.editBook(dmDishonest, func(f *excelize.File) {
				appendRow(b.t, f, "严重失信主体名单", typo(a, 12), "", "2021-03-01", "")
			})
			i := 8
			for c[i] == c[i+1] {
				i++
			}
			b.editText(dmAbove, func(tf *textFile) {
				r := slices.Clone(tf.recs[tf.header()+1])
				r[0] = c[:i] + c[i+1:i+2] + c[i:i+1] + c[i+2:] // two neighbours swapped
				r[1], r[2], r[3] = "", "2020年", ""
				tf.recs = append(tf.recs, r)
			})
			return want{check: func(t *testing.T, base, got *runResult) {
				decided(t, got, a, "D10-1", "review", "row_unreadable")
				decided(t, got, c, "D11-1", "review", "row_unreadable")
			}}
		}},
		{name: "已兑付奖励 of year P with an empty and a — amount", base: "demo", apply: func(b *batch) want {
			d10 := b.base.codes(func(k pairKey, d decision) bool { return k.rule[:3] == "D10" && d.Outcome == "awarded" })
			x, y := b.pick(d10, 0, "D10 award"), b.pick(d10, 1, "D10 award")
			z := b.pick(d10, 2, "D10 award")
			b.editBook(dmLists, func(f *excelize.File) {
				appendRow(b.t, f, "已兑付奖励", x, "", 2022, "9", "", "")
				appendRow(b.t, f, "已兑付奖励", y, "", 2022, "5", "方向5", "—")
				appendRow(b.t, f, "已兑付奖励", z, "", 2020, "10", "D10-1", "")
			})
			return want{check: func(t *testing.T, base, got *runResult) {
				for k, d := range base.dec {
					if cents(d.Paid) == 0 || k.rule[:3] != "D10" {
						continue
					}
					switch k.code {
					case x, y:
						decided(t, got, k.code, k.rule, "review", "prior_award_amount_missing")
					case z:
						decided(t, got, k.code, k.rule, "refused", "already_awarded")
					}
				}
			}}
		}},
		{name: "a prior award row twice: instalments add up", base: "demo", apply: func(b *batch) want {
			b.editBook(dmLists, func(f *excelize.File) {
				rows, _ := f.GetRows("已兑付奖励")
				for _, r := range rows[1:] {
					cells := make([]any, len(r))
					for i, c := range r {
						cells[i] = c
					}
					appendRow(b.t, f, "已兑付奖励", cells...)
				}
			})
			return want{}
		}},
		{name: "equal duplicate rows in every kind", base: "demo", apply: func(b *batch) want {
			for _, file := range []string{dmRevenue, dmHeadcount, dmAbove} {
				b.editText(file, func(tf *textFile) {
					h := tf.header()
					tf.recs = append(tf.recs, slices.Clone(tf.recs[h+1]), slices.Clone(tf.recs[len(tf.recs)/2]))
				})
			}
			dup := func(file, sheet string, rows ...int) {
				b.editBook(file, func(f *excelize.File) {
					for _, r := range rows {
						cells, _ := f.GetRows(sheet)
						row := cells[r-1]
						vals := make([]any, len(row))
						for i, c := range row {
							vals[i] = c
						}
						// Date cells come back as text in another form: copy the typed cells instead.
						next := len(cells) + 1
						for i := range row {
							v, _ := f.GetCellValue(sheet, cellName(i, r), excelize.Options{RawCellValue: true})
							typ, _ := f.GetCellType(sheet, cellName(i, r))
							style, _ := f.GetCellStyle(sheet, cellName(i, r))
							if typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset && v != "" {
								n, err := strconv.ParseFloat(v, 64)
								if err == nil {
									f.SetCellFloat(sheet, cellName(i, next), n, -1, 64)
									f.SetCellStyle(sheet, cellName(i, next), cellName(i, next), style)
									continue
								}
							}
							f.SetCellStr(sheet, cellName(i, next), v)
						}
					}
				})
			}
			dup(dmRegister, shRegister, 5)
			dup(dmOutput, shOutput, 9)
			dup(dmLists, "专精特新", 3)
			dup(dmLists, "工业软件", 4)
			dup(dmLists, "其他市级资金", 2)
			dup(dmLists, "关联企业", 4)
			dup(dmDishonest, "严重失信主体名单", 3)
			dup(dmDishonest, "禁限目录", 4)
			return want{sameDecisions: true, check: func(t *testing.T, base, got *runResult) {
				if fmt.Sprint(sortedCounts(base.loaded)) != fmt.Sprint(sortedCounts(got.loaded)) {
					t.Errorf("rows loaded per kind %v, want %v: an equal duplicate is dropped", sortedCounts(got.loaded), sortedCounts(base.loaded))
				}
			}}
		}},
		{name: "unequal duplicate rows in every kind", base: "demo", apply: func(b *batch) want {
			paid := b.base.codes(func(k pairKey, d decision) bool { return cents(d.Paid) > 0 })
			pick := func(i int) string { return b.pick(paid, i, "paid enterprise") }
			var q []wantQ
			b.editText(dmAbove, func(tf *textFile) {
				r := slices.Clone(tf.row(b.rowOf("above_scale", pick(0), 0)))
				r[3] = "其他"
				if tf.row(b.rowOf("above_scale", pick(0), 0))[3] == "其他" {
					r[3] = "新建投产"
				}
				tf.recs = append(tf.recs, r)
			})
			q = append(q, wantQ{kind: "above_scale", code: pick(0), reason: "duplicate"})
			b.editText(dmRevenue, func(tf *textFile) {
				soft := b.pick(b.base.paidFor("D11-4"), 0, "D11-4 award")
				r := slices.Clone(tf.row(b.rowOf("revenue", soft, 0)))
				r[len(r)-1] = "1"
				tf.recs = append(tf.recs, r)
				q = append(q, wantQ{kind: "revenue", code: soft, reason: "duplicate"})
			})
			b.editText(dmHeadcount, func(tf *textFile) {
				head := b.pick(b.base.paidFor("D11-1"), 0, "D11-1 award")
				r := slices.Clone(tf.row(b.rowOf("headcount", head, 0)))
				r[3] = "1"
				tf.recs = append(tf.recs, r)
				q = append(q, wantQ{kind: "headcount", code: head, reason: "duplicate"})
			})
			out := b.pick(b.base.paidFor("D11-2"), 0, "D11-2 award")
			spec := b.pick(b.codesWithRemark("含专精特新奖励"), 0, "bonus")
			soft := b.pick(b.base.paidFor("D10-1"), 0, "D10-1 award")
			dis := pick(3)
			b.editBook(dmOutput, func(f *excelize.File) {
				r := bookRow(b.t, f, shOutput, b.rowOf("output_value", out, 0).Row)
				appendRow(b.t, f, shOutput, r[0], r[1], r[2], 1, 1)
			})
			b.editBook(dmLists, func(f *excelize.File) {
				row := listRow(b.t, f, "专精特新", spec)
				r := bookRow(b.t, f, "专精特新", row)
				v, _ := f.GetCellValue("专精特新", cellName(3, row), excelize.Options{RawCellValue: true})
				appendRow(b.t, f, "专精特新", r[0], r[1], r[2], "", "2099-12-31")
				rows, _ := f.GetRows("专精特新")
				n, _ := strconv.ParseFloat(v, 64)
				f.SetCellFloat("专精特新", cellName(3, len(rows)), n, -1, 64)
				style, _ := f.GetCellStyle("专精特新", cellName(3, row))
				f.SetCellStyle("专精特新", cellName(3, len(rows)), cellName(3, len(rows)), style)
				appendRow(b.t, f, "工业软件", soft, "", 2020)
				appendRow(b.t, f, "工业软件", soft, "", 2021)
			})
			b.editBook(dmDishonest, func(f *excelize.File) {
				appendRow(b.t, f, "严重失信主体名单", dis, "", "2023-03-01", "2023-06-01")
				appendRow(b.t, f, "严重失信主体名单", dis, "", "2023-03-01", "2023-09-01")
			})
			reg := pick(5)
			grp := b.pick(b.base.paidFor("D11-1"), 1, "D11-1 award")
			b.editBook(dmRegister, func(f *excelize.File) {
				r := bookRow(b.t, f, shRegister, b.rowOf("enterprises", reg, 0).Row)
				appendRow(b.t, f, shRegister, r[0], r[1]+"分公司", r[2], r[3], r[4], nil, r[6])
			})
			b.editBook(dmLists, func(f *excelize.File) {
				appendRow(b.t, f, "关联企业", grp, "", "JT-0009 某集团")
				appendRow(b.t, f, "关联企业", grp, "", "JT-0010 另一集团")
			})
			q = append(q, wantQ{kind: "enterprises", code: reg, reason: "duplicate"},
				wantQ{kind: "affiliates", code: grp, reason: "duplicate"},
				wantQ{kind: "output_value", code: out, reason: "duplicate"},
				wantQ{kind: "specialised", code: spec, reason: "duplicate"},
				wantQ{kind: "industrial_software", code: soft, reason: "duplicate"},
				wantQ{kind: "dishonesty", code: dis, reason: "duplicate"})
			return want{quarantined: q}
		}},
		{name: "an affiliates row whose group cannot be read, an other-funds row whose 方向 cannot", base: "demo", apply: func(b *batch) want {
			d10 := b.base.codes(func(k pairKey, d decision) bool { return k.rule[:3] == "D10" && cents(d.Paid) > 0 })
			x := b.pick(d10, 0, "D10 award")
			y := b.pick(b.base.paidFor("D11-1"), 0, "D11-1 award")
			b.editBook(dmLists, func(f *excelize.File) {
				appendRow(b.t, f, "关联企业", y, "", "#N/A")
				appendRow(b.t, f, "其他市级资金", x, "", "方向X", "某资金", 2022)
			})
			return want{quarantined: []wantQ{{kind: "affiliates", code: y, reason: "error_value"},
				{kind: "other_funds", code: x, reason: "bad_direction"}}}
		}},
	}
}

// codesWithRemark returns the enterprises paid for a pair whose remarks hold a text, sorted.
func (b *batch) codesWithRemark(remark string) []string {
	return b.base.codes(func(k pairKey, d decision) bool { return cents(d.Paid) > 0 && strings.Contains(d.Remarks, remark) })
}

// ---- Rounds ----

var (
	round1Rules = []string{"D10-1", "D10-2", "D10-3", "D10-4", "D11-2", "D11-4"}
	round2Rules = []string{"D11-1", "D11-3"}
)

// round2Only turns the demo into a round-2 batch: 2022 annual figures only, each with its 上年同期 (the
// revenue file in the wide layout too), and no 2021 annual or 2022 Q1 figure of its own.
func (b *batch) round2Only() {
	b.editBook(dmOutput, func(f *excelize.File) {
		rows, _ := f.GetRows(shOutput)
		for r := len(rows); r >= 5; r-- {
			if row := rows[r-1]; len(row) > 2 && len(row[0]) == 18 && row[2] != "2022年" {
				if err := f.RemoveRow(shOutput, r); err != nil {
					b.t.Fatal(err)
				}
			}
		}
	})
	b.editText(dmRevenue, func(tf *textFile) {
		h := tf.header()
		prev := map[string]string{}
		for _, r := range tf.recs[h+1:] {
			if r[2] == "2021年1-12月" {
				prev[r[0]] = r[3]
			}
		}
		recs := [][]string{tf.recs[0], {"统一社会信用代码", "单位详细名称", "期别", "营业收入（万元）", ""}, {"", "", "", "本年", "上年同期"}}
		for _, r := range tf.recs[h+1:] {
			if r[2] == "2022年1-12月" {
				recs = append(recs, []string{r[0], r[1], r[2], r[3], prev[r[0]]})
			}
		}
		tf.recs = recs
	})
}

func roundDamages() []damage {
	return []damage{
		{name: "--round 1", base: "demo", args: []string{"--round", "1"}, apply: func(b *batch) want {
			return want{check: sameForRules(round1Rules...)}
		}},
		{name: "--round 2", base: "demo", args: []string{"--round", "2"}, apply: func(b *batch) want {
			return want{check: sameForRules(round2Rules...)}
		}},
		{name: "a round-2 batch: 2022 annual figures only", base: "demo", short: true, apply: func(b *batch) want {
			b.round2Only()
			return want{check: sameForRules(round2Rules...)}
		}},
		{name: "a round-2 batch holding round 1's payments as prior awards", base: "demo", apply: func(b *batch) want {
			b.round2Only()
			b.write("已兑付奖励_2022第一轮.csv", b.roundOnePayments())
			return want{check: sameForRules(round2Rules...)}
		}},
		{name: "both rounds again, round 1's payments among the prior awards: nothing paid twice", base: "demo", apply: func(b *batch) want {
			b.write("已兑付奖励_2022第一轮.csv", b.roundOnePayments())
			return want{check: func(t *testing.T, base, got *runResult) {
				for k, d := range base.dec {
					g := got.dec[k]
					switch {
					case slices.Contains(round2Rules, k.rule):
						if g != d {
							t.Errorf("%s %s: %+v, want %+v as undamaged", k.code, k.rule, g, d)
						}
					case cents(g.Paid) > 0:
						t.Errorf("%s %s paid %s again (round 1 paid %s)", k.code, k.rule, g.Paid, d.Paid)
					case cents(d.Paid) > 0:
						decided(t, got, k.code, k.rule, "refused", "already_awarded")
					}
				}
			}}
		}},
	}
}

// roundOnePayments is the undamaged run's round-1 payments as a 已兑付奖励 file (awards history export,
// restricted to the round-1 rules): what the bureau adds to the batch after round 1 is paid.
func (b *batch) roundOnePayments() []byte {
	b.t.Helper()
	file := filepath.Join(b.t.TempDir(), "paid.csv")
	if _, stderr, code := awards(b.t, "history", "export", "--db", filepath.Join(b.base.out, "awards.duckdb"), "--out", file); code != 0 {
		b.t.Fatalf("history export exited %d: %s", code, lastLines(stderr, 2))
	}
	data, err := os.ReadFile(file)
	if err != nil {
		b.t.Fatal(err)
	}
	var keep []string
	for i, line := range strings.Split(strings.TrimRight(string(data), "\r\n"), "\n") {
		if i == 0 || slices.ContainsFunc(round1Rules, func(r string) bool { return strings.Contains(line, ","+r+",") }) {
			keep = append(keep, line)
		}
	}
	if len(keep) < 10 {
		b.t.Fatalf("history export holds only %d round-1 payments", len(keep)-1)
	}
	return []byte(strings.Join(keep, "\n") + "\n")
}

// ---- The black-box batch ----

// textFiles lists the delimited files of a batch.
func (b *batch) textFiles() []string {
	var out []string
	entries, _ := os.ReadDir(b.dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".csv") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

func blackBoxDamages() []damage {
	return []damage{
		{name: "black box: every CSV re-encoded (GB18030 ↔ UTF-8) and named .txt", base: "blackbox", apply: func(b *batch) want {
			for _, f := range b.textFiles() {
				b.editText(f, func(tf *textFile) {
					if tf.enc == encGB18030 {
						tf.enc = encUTF8BOM
					} else {
						tf.enc = encGB18030
					}
				})
				b.rename(f, strings.TrimSuffix(f, ".csv")+".txt")
			}
			return want{same: true}
		}},
		{name: "black box: every CSV as Excel's Unicode text", base: "blackbox", apply: func(b *batch) want {
			for _, f := range b.textFiles() {
				b.editText(f, func(tf *textFile) { tf.enc, tf.delim = encUTF16LE, '\t' })
			}
			return want{same: true}
		}},
		{name: "black box: rows shuffled, workbooks saved again", base: "blackbox", short: true, apply: func(b *batch) want {
			for i, f := range b.textFiles() {
				b.shuffleText(f, int64(i))
			}
			entries, _ := os.ReadDir(b.dir)
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".xlsx") {
					b.editBook(e.Name(), func(*excelize.File) {})
				}
			}
			return want{same: true}
		}},
	}
}

// figureCol returns the column of a figure file's header (as headerOf gives it) that holds the current
// figure: the wide layout's 本年 (or another current sub-column), else the measure's own column.
func figureCol(head []string) int {
	for i, h := range head {
		switch strings.TrimSpace(h) {
		case "本年", "本期", "本年累计", "本期累计":
			return i
		}
	}
	for i, h := range head {
		if strings.Contains(h, "工业总产值") || strings.Contains(h, "营业收入") {
			return i
		}
	}
	panic(fmt.Sprintf("no figure column in %q", head))
}

// groupFigureDamage: the affiliate review of a pair rests on the other members' figures. Their figure rows
// damaged (each member's own pairs held by them), the reviewed pair must not be paid: a member whose row
// could not be read is not a member without figures.
func groupFigureDamage(base string) damage {
	return damage{name: base + ": the other group members' figure rows unreadable", base: base, apply: func(b *batch) want {
		reviewed := b.base.codes(func(k pairKey, d decision) bool { return strings.Contains(d.Reasons, "affiliate_shift") })
		if len(reviewed) == 0 {
			b.t.Fatal("the undamaged batch has no affiliate review")
		}
		var cells []sweepCell
		heads := map[string][]string{}
		for _, x := range reviewed {
			for _, members := range b.base.groups {
				if !slices.Contains(members, x) {
					continue
				}
				for _, m := range members {
					if slices.Contains(reviewed, m) {
						continue
					}
					for _, kind := range []string{"output_value", "revenue"} {
						for _, s := range b.base.rowsOf(kind, m) {
							key := s.File + "#" + s.Sheet
							if heads[key] == nil {
								heads[key] = b.headerOf(s.File, s.Sheet)
							}
							cells = append(cells, sweepCell{file: s.File, sheet: s.Sheet, row: s.Row, col: figureCol(heads[key]), code: m})
						}
					}
				}
			}
		}
		if len(cells) == 0 {
			b.t.Fatal("the reviewed pairs' groups have no other member with figures")
		}
		applySweep(b, sweepPass{value: "#N/A", cells: cells})
		return want{check: func(t *testing.T, base, got *runResult) {
			for k, d := range base.dec {
				if strings.Contains(d.Reasons, "affiliate_shift") && got.dec[k].Outcome != "review" {
					t.Errorf("%s %s: %s (%s), want review (held: the members' figures could not be read)", k.code, k.rule, got.dec[k].Outcome, got.dec[k].Reasons)
				}
			}
		}}
	}}
}

// ---- Resolutions: the loop through 待复核 ----

// resolutionDamages return staff's conclusions on the undamaged run's review pairs: 同意 pays the pair
// next run, 不同意 refuses it, a confirmed amount that is not the computed one leaves it under review, and
// nothing turns a refused pair into a paid one.
func resolutionDamages() []damage {
	return []damage{
		{name: "resolutions: 同意, 不同意, a stale amount, 同意 without a reviewer, 同意 on a refused pair", base: "demo", apply: func(b *batch) want {
			var review []pairKey
			for k, d := range b.base.dec {
				if d.Outcome == "review" {
					review = append(review, k)
				}
			}
			if len(review) < 4 {
				b.t.Fatalf("the undamaged demo has %d review pairs, want 4", len(review))
			}
			sort.Slice(review, func(i, j int) bool { return review[i].code+review[i].rule < review[j].code+review[j].rule })
			refusedCode := b.pick(b.base.refusedFor("D10-1", "not_first_above_scale"), 0, "D10-1 refusal")
			wan := func(k pairKey) string {
				return strconv.FormatFloat(float64(cents(b.base.dec[k].Amount))/1e6, 'f', -1, 64)
			}
			approve, reject, stale, noReviewer := review[0], review[1], review[2], review[3]
			lines := []string{"统一社会信用代码,规则,结论,核定金额（万元）,复核人,复核日期,说明",
				approve.code + "," + approve.rule + ",同意," + wan(approve) + ",张三,2023-02-01,核实无误",
				reject.code + "," + reject.rule + ",不同意,,李四,2023-02-02,",
				stale.code + "," + stale.rule + ",同意,999,王五,2023-02-03,",
				noReviewer.code + "," + noReviewer.rule + ",同意," + wan(noReviewer) + ",,,",
				refusedCode + ",D10-1,同意,30,赵六,2023-02-04,",
			}
			b.write("复核结论.csv", []byte(strings.Join(lines, "\r\n")+"\r\n"))
			return want{raisesPay: true, check: func(t *testing.T, base, got *runResult) {
				d := got.dec[approve]
				if d.Outcome != "awarded" && d.Outcome != "topped_up" || cents(d.Paid) == 0 || !strings.Contains(d.Remarks, "经复核同意（张三，2023-02-01）") {
					t.Errorf("%s %s approved: %+v, want paid with the remark 经复核同意（张三，2023-02-01）", approve.code, approve.rule, d)
				}
				decided(t, got, reject.code, reject.rule, "refused", "rejected_on_review")
				decided(t, got, stale.code, stale.rule, "review", "")
				decided(t, got, noReviewer.code, noReviewer.rule, "review", "")
				decided(t, got, refusedCode, "D10-1", "refused", "not_first_above_scale")
				for k, d := range base.dec {
					if k != approve && k != reject && got.dec[k] != d {
						t.Errorf("%s %s: %+v, want %+v as without resolutions", k.code, k.rule, got.dec[k], d)
					}
				}
			}}
		}},
		{name: "the run's own 奖励名单 returned without the program's mark", base: "demo", apply: func(b *batch) want {
			unmarkedRoster(b)
			return want{stop: []string{"奖励名单_另存.xlsx", "duplicate"}}
		}},
		{name: "the same, published past the quarantine share: the roster rows hold, none pays", base: "demo",
			args: []string{"--max-quarantine-share", "1"}, apply: func(b *batch) want {
				unmarkedRoster(b)
				return want{check: func(t *testing.T, base, got *runResult) {
					if got.exit != 0 {
						t.Fatalf("exit %d, want the run to publish: %s", got.exit, lastLines(got.stderr, 2))
					}
					n := 0
					for _, q := range got.quarantine {
						if q.File == "奖励名单_另存.xlsx" && strings.Contains(q.Reason, "duplicate") {
							n++
						}
					}
					if n == 0 {
						t.Errorf("no roster row of 奖励名单_另存.xlsx quarantined as a duplicate: %v", got.quarantine)
					}
				}}
			}},
		{name: "resolutions returned on the run's own 待复核 sheet", base: "demo", apply: func(b *batch) want {
			f, err := excelize.OpenFile(filepath.Join(b.base.out, workbookName))
			if err != nil {
				b.t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows("待复核")
			if err != nil {
				b.t.Fatal(err)
			}
			hr, col := -1, map[string]int{}
			for i, r := range rows {
				for j, c := range r {
					for _, h := range []string{"统一社会信用代码", "规则", "结论", "核定金额（万元）", "复核人", "复核日期"} {
						if strings.TrimSpace(c) == h || (h == "规则" && strings.TrimSpace(c) == "规则编号") {
							col[h], hr = j, i
						}
					}
				}
				if len(col) == 6 {
					break
				}
				col = map[string]int{}
			}
			if len(col) < 6 {
				b.t.Skip("the 待复核 sheet does not carry the resolutions columns (结论, 核定金额（万元）, 复核人, 复核日期) yet: outputs.md asks for them (reports, H12)")
			}
			var approved []pairKey
			for r := hr + 1; r < len(rows); r++ {
				row := rows[r]
				if len(row) <= col["规则"] {
					continue
				}
				k := pairKey{strings.TrimSpace(row[col["统一社会信用代码"]]), strings.TrimSpace(row[col["规则"]])}
				d, ok := b.base.dec[k]
				if !ok || d.Outcome != "review" {
					continue
				}
				set := func(h, v string) { f.SetCellStr("待复核", cellName(col[h], r+1), v) }
				set("结论", "同意")
				set("核定金额（万元）", strconv.FormatFloat(float64(cents(d.Amount))/1e6, 'f', -1, 64))
				set("复核人", "张三")
				set("复核日期", "2023-02-01")
				approved = append(approved, k)
			}
			if len(approved) == 0 {
				b.t.Fatal("the 待复核 sheet lists none of the review pairs")
			}
			if err := f.SaveAs(b.path("待复核_已填写.xlsx")); err != nil {
				b.t.Fatal(err)
			}
			return want{raisesPay: true, check: func(t *testing.T, base, got *runResult) {
				for _, k := range approved {
					if d := got.dec[k]; cents(d.Paid) == 0 {
						t.Errorf("%s %s approved on the returned sheet: %+v, want paid", k.code, k.rule, d)
					}
				}
			}}
		}},
	}
}

// unmarkedRoster puts the undamaged run's 奖励名单 into the batch as a copy saved by a program that drops
// the file's properties: its rosters are then read like any sheet and repeat the register's enterprises.
func unmarkedRoster(b *batch) {
	f, err := excelize.OpenFile(filepath.Join(b.base.out, workbookName))
	if err != nil {
		b.t.Fatal(err)
	}
	defer f.Close()
	if err := f.SetDocProps(&excelize.DocProperties{Category: "", Creator: "WPS"}); err != nil {
		b.t.Fatal(err)
	}
	if err := f.SaveAs(b.path("奖励名单_另存.xlsx")); err != nil {
		b.t.Fatal(err)
	}
}
