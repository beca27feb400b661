package parse

import "testing"

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"full-width digits become ASCII", "１２３", "123"},
		{"full-width letters and parentheses become ASCII", "（ＡＢｃ）", "(ABc)"},
		{"circled numbers are kept, unlike NFKC", "①项", "①项"},
		{"ideographic space is trimmed", "\u3000海淀区\u3000", "海淀区"},
		{"NBSP inside becomes a space", "合\u00a0计", "合 计"},
		{"BOM and zero-width space are dropped", "\ufeff统一\u200b社会信用代码", "统一社会信用代码"},
		{"full-width comma and percent fold", "１，２３４％", "1,234%"},
		{"CJK punctuation that has no narrow form stays", "东城区、西城区", "东城区、西城区"},
		{"tabs and line breaks around are trimmed", "\t营业收入\r\n", "营业收入"},
		{"empty stays empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHeaderKey(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"unit in full-width parentheses is dropped, qualifier kept", "工业总产值（当年价格）（千元）", "工业总产值(当年价格)"},
		{"unit in half-width parentheses is dropped", "营业收入(万元)", "营业收入"},
		{"unit label inside parentheses is dropped", "营业收入（单位：万元）", "营业收入"},
		{"unit after a slash is dropped", "营业收入/万元", "营业收入"},
		{"unit in square brackets is dropped", "金额【元】", "金额"},
		{"a qualifier that is not a unit stays", "行业代码(2017)", "行业代码(2017)"},
		{"spaces and line breaks inside are removed", "统一社会\n信用 代码", "统一社会信用代码"},
		{"required-column star is removed", "*统一社会信用代码", "统一社会信用代码"},
		{"trailing colon is removed", "期别：", "期别"},
		{"full-width letters fold", "ＵＳＣＣ", "USCC"},
		{"ASCII letters are upper-cased", "uscc", "USCC"},
		{"full-width lower-case letters fold and are upper-cased", "ｕｓｃｃ", "USCC"},
		{"open-and-close year qualifier stays", "开业（投产）年月", "开业(投产)年月"},
		{"a unit that is not money stays", "参保人数(人)", "参保人数(人)"},
		{"dollar unit is not a yuan unit", "收入(万美元)", "收入(万美元)"},
		{"a cell that is only a unit becomes empty", "（千元）", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HeaderKey(tt.in); got != tt.want {
				t.Errorf("HeaderKey(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
