package parse

import (
	"errors"
	"testing"
)

func TestNumber(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   string // decimal text; "" when not ok
		ok     bool
		errBad bool
	}{
		{"plain integer", "1234", "1234", true, false},
		{"decimal", "1234.56", "1234.56", true, false},
		{"thousands separators", "1,234,567.89", "1234567.89", true, false},
		{"full-width thousands separators and digits", "１，２３４，５６７", "1234567", true, false},
		{"full-width decimal point", "１２．５", "12.5", true, false},
		{"surrounding spaces", "  42 ", "42", true, false},
		{"ideographic spaces around", "\u300042\u3000", "42", true, false},
		{"leading minus", "-5", "-5", true, false},
		{"full-width minus", "－5", "-5", true, false},
		{"unicode minus sign", "−5", "-5", true, false},
		{"leading plus", "+5", "5", true, false},
		{"parentheses mean negative", "(5)", "-5", true, false},
		{"full-width parentheses mean negative", "（1,234.5）", "-1234.5", true, false},
		{"a percentage is not a figure", "15%", "", false, true},
		{"a full-width percentage is not a figure", "１５％", "", false, true},
		{"a full-width decimal percentage is not a figure", "１５．５％", "", false, true},
		{"a negative percentage in parentheses is not a figure", "(5%)", "", false, true},
		{"Excel scientific notation", "1.2345E+08", "123450000", true, false},
		{"lower-case exponent without sign", "2.5e3", "2500", true, false},
		{"negative exponent", "1.5E-2", "0.015", true, false},
		{"leading decimal point", ".5", "0.5", true, false},
		{"trailing decimal point", "5.", "5", true, false},
		{"zero", "0", "0", true, false},
		{"Excel float artefact keeps its digits", "0.30000000000000004", "0.30000000000000004", true, false},

		{"empty cell is missing", "", "", false, false},
		{"blank cell is missing", "   ", "", false, false},
		{"em dash is missing", "—", "", false, false},
		{"double em dash is missing", "——", "", false, false},
		{"horizontal bar (GBK em dash) is missing", "―", "", false, false},
		{"hyphen is missing", "-", "", false, false},
		{"full-width hyphen is missing", "－", "", false, false},
		{"ellipsis is missing", "…", "", false, false},
		{"double ellipsis is missing", "……", "", false, false},
		{"three dots are missing", "...", "", false, false},
		{"slash is missing", "/", "", false, false},

		{"text is bad", "abc", "", false, true},
		{"Chinese text is bad", "无", "", false, true},
		{"decimal comma is bad, not a thousands separator", "1,5", "", false, true},
		{"misgrouped thousands are bad", "12,34", "", false, true},
		{"four-digit group is bad", "1234,567", "", false, true},
		{"inner space is bad", "1 234", "", false, true},
		{"currency sign is bad", "¥100", "", false, true},
		{"unit suffix is bad", "100万", "", false, true},
		{"sign inside parentheses is bad", "(-5)", "", false, true},
		{"empty parentheses are bad", "()", "", false, true},
		{"unclosed parenthesis is bad", "(5", "", false, true},
		{"two points are bad", "1.2.3", "", false, true},
		{"lone point is bad", ".", "", false, true},
		{"lone sign is bad", "+", "", false, true},
		{"huge exponent is bad", "1E+999", "", false, true},
		{"exponent without mantissa is bad", "E5", "", false, true},
		{"double sign is bad", "--5", "", false, true},
		{"circled digit is bad", "①", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok, err := Number(tt.in)
			if tt.errBad {
				if !errors.Is(err, ErrBadNumber) {
					t.Fatalf("Number(%q) = %v, %v, %v; want ErrBadNumber", tt.in, d, ok, err)
				}
				if ok {
					t.Errorf("Number(%q) ok with an error", tt.in)
				}
				return
			}
			if err != nil {
				t.Fatalf("Number(%q) error %v", tt.in, err)
			}
			if ok != tt.ok {
				t.Fatalf("Number(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			}
			if ok && d.String() != tt.want {
				t.Errorf("Number(%q) = %s, want %s", tt.in, d, tt.want)
			}
		})
	}
}
