package parse

import "testing"

func TestUnit(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		unit   string // "" when none
		factor int64
	}{
		{"unit line with full-width colon", "单位：千元", "千元", 1000},
		{"measurement unit line", "计量单位：万元", "万元", 10000},
		{"unit line with ASCII colon", "单位:元", "元", 1},
		{"unit line with spaces", "单位 ： 万 元", "万元", 10000},
		{"unit line followed by other text", "单位：千元    填报日期：2023-01-05", "千元", 1000},
		{"half-width parentheses", "(万元)", "万元", 10000},
		{"full-width parentheses with 亿元", "（亿元）", "亿元", 100000000},
		{"header with unit", "营业收入（万元）", "万元", 10000},
		{"amount header with unit", "金额（万元）", "万元", 10000},
		{"header with qualifier and unit", "工业总产值（当年价格）（千元）", "千元", 1000},
		{"unit label inside parentheses", "营业收入（单位：元）", "元", 1},
		{"unit after slash", "营业收入/万元", "万元", 10000},
		{"lone unit cell", "千元", "千元", 1000},
		{"renminbi prefix", "单位：人民币万元", "万元", 10000},
		{"square brackets", "金额[亿元]", "亿元", 100000000},
		{"same unit twice is fine", "单位：万元（万元）", "万元", 10000},

		{"no unit in a plain header", "营业收入", "", 0},
		{"yuan inside a word is not a unit", "电子元器件收入", "", 0},
		{"million yuan is not read as 万元", "单位：百万元", "", 0},
		{"ten million yuan is not read as 万元", "金额（千万元）", "", 0},
		{"US dollars are not yuan", "收入（万美元）", "", 0},
		{"a rate is not a money unit", "单位：元/人", "", 0},
		{"persons are not money", "参保人数（人）", "", 0},
		{"two different units are never guessed", "单位：千元（万元）", "", 0},
		{"ten thousand alone is not money", "单位：万", "", 0},
		{"empty", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, factor, ok := Unit(tt.in)
			if ok != (tt.unit != "") {
				t.Fatalf("Unit(%q) = %q, %v, %v; want %q", tt.in, name, factor, ok, tt.unit)
			}
			if !ok {
				return
			}
			if name != tt.unit || factor.IntPart() != tt.factor || !factor.IsInteger() {
				t.Errorf("Unit(%q) = %q ×%s, want %q ×%d", tt.in, name, factor, tt.unit, tt.factor)
			}
		})
	}
}
