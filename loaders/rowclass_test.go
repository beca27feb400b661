package loaders

import (
	"math/rand/v2"
	"testing"
)

// rowClass must tell blank and total rows exactly as the plain definitions do (a row is blank when every
// cell is empty or an error value; a total when isTotalRow holds), on rows built from the cells that
// decide them: spaces of every kind, numbers (half- and full-width), the total and note markers spaced out
// and in full width, error values, # and text.
func TestRowClassAgreesWithTheDefinitions(t *testing.T) {
	pieces := []string{"", " ", "\t", "\r\n", "\v\f", "\u3000", "\u00a0", "\u200b", "\ufeff", "\u0085",
		"1", "12", "3.5", "１２", "．", "-1", "1e3", "合计", "合 计", "合　计", "总计", "小计", "其中：", "其中",
		"#", "＃", "# 1", "#N/A", "#n/a", "＃Ｎ／Ａ", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "注：", "注", "制表人：",
		"填报日期：", "说明", "单位负责人", "打印", "资料来源", "审核", "a", "A1", "91110000600037341N", "北京", "全市",
		"=\"1\"", "'1", "合", "计"}
	rng := rand.New(rand.NewPCG(3, 4))
	seen := map[[3]bool]int{}
	for range 200000 {
		cells := make([]string, rng.IntN(5))
		for i := range cells {
			for range rng.IntN(4) {
				cells[i] += pieces[rng.IntN(len(pieces))]
			}
		}
		r := sheetRow{cells: cells}
		wantBlank, wantErrs := true, false
		for _, c := range cells {
			switch t := compact(c); {
			case isErrorValue(t):
				wantErrs = true
			case t != "":
				wantBlank = false
			}
		}
		wantTotal := !wantBlank && isTotalRow(r)
		blank, total, errs := rowClass(r)
		if blank != wantBlank || total != wantTotal || (blank && errs != wantErrs) {
			t.Fatalf("rowClass(%q) = blank %v, total %v, errors %v; want %v, %v, %v", cells, blank, total, errs,
				wantBlank, wantTotal, wantErrs)
		}
		seen[[3]bool{blank, total, errs}]++
	}
	for _, c := range [][3]bool{{true, false, false}, {true, false, true}, {false, true, false}, {false, false, false}} {
		if seen[c] < 1000 {
			t.Errorf("only %d rows with blank, total, errors = %v were tried", seen[c], c)
		}
	}
}

func TestTotalsNotesAndErrorValues(t *testing.T) {
	for _, tc := range []struct {
		cells []string
		total bool
	}{
		{[]string{"合计", "", "123"}, true},
		{[]string{"", "合 计", "123"}, true},
		{[]string{"1", "小计"}, true},
		{[]string{"其中：海淀区"}, true},
		{[]string{"# 以下为补报"}, true},
		{[]string{"注：本表金额单位为千元"}, true},
		{[]string{"制表人：张三", "", "审核人：李四"}, true},
		{[]string{"填报日期：2023-01-05"}, true},
		{[]string{"单位负责人：王五"}, true},
		{[]string{"统计负责人："}, true},
		{[]string{"数据来源：市统计局"}, true},
		{[]string{"打印时间：2023-01-05 10:00"}, true},
		{[]string{"说明：1. 期别为累计期"}, true},
		{[]string{"#N/A", "北京甲公司"}, false},              // an error value is never a marker: the next text cell decides
		{[]string{"#REF!", "合计"}, true},                 // … and may be a marker
		{[]string{"91110000600037341N", "注塑公司"}, false}, // the first text cell is the code
		{[]string{"北京注塑机械有限公司"}, false},
	} {
		_, total, _ := rowClass(sheetRow{cells: tc.cells})
		if total != tc.total {
			t.Errorf("rowClass(%q): total %v, want %v", tc.cells, total, tc.total)
		}
	}
}
