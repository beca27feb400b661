package loaders

import (
	"math/rand/v2"
	"testing"
)

// rowClass must tell blank and total rows exactly as isBlank and isTotalRow do, on rows built from the
// cells that decide them: spaces of every kind, numbers (half- and full-width), the total markers spaced
// out and in full width, # and text.
func TestRowClassAgreesWithIsBlankAndIsTotalRow(t *testing.T) {
	pieces := []string{"", " ", "\t", "\r\n", "\v\f", "\u3000", "\u00a0", "\u200b", "\ufeff", "\u0085",
		"1", "12", "3.5", "１２", "．", "-1", "1e3", "合计", "合 计", "合　计", "总计", "小计", "其中：", "其中",
		"#", "＃", "# 1", "a", "A1", "91110000600037341N", "北京", "全市", "=\"1\"", "'1", "合", "计"}
	rng := rand.New(rand.NewPCG(3, 4))
	seen := map[[2]bool]int{}
	for range 100000 {
		cells := make([]string, rng.IntN(5))
		for i := range cells {
			for range rng.IntN(4) {
				cells[i] += pieces[rng.IntN(len(pieces))]
			}
		}
		r := sheetRow{cells: cells}
		wantBlank := isBlank(r)
		wantTotal := !wantBlank && isTotalRow(r)
		blank, total := rowClass(r)
		if blank != wantBlank || total != wantTotal {
			t.Fatalf("rowClass(%q) = blank %v, total %v; want %v, %v", cells, blank, total, wantBlank, wantTotal)
		}
		seen[[2]bool{blank, total}]++
	}
	for _, c := range [][2]bool{{true, false}, {false, true}, {false, false}} {
		if seen[c] < 1000 {
			t.Errorf("only %d rows with blank, total = %v were tried", seen[c], c)
		}
	}
}
