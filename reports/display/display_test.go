package display

import (
	"testing"

	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestShownFiguresNeverCrossAThresholdByRounding(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"a net of 999,999,999 元 is 99,999.99万元, not 100,000.00", WanShown(d("999999999")), "99,999.99"},
		{"a net of exactly 10亿 is 100,000.00万元", WanShown(d("1000000000")), "100,000.00"},
		{"a negative net truncates toward zero", WanShown(d("-12345.67")), "-1.23"},
		{"1 元 is 0.00万元 beside a threshold", WanShown(d("1")), "0.00"},
		{"an award is shown exactly: 30万", WanExact(d("300000")), "30"},
		{"a baseline of 1.50 元 is 0.00015万", WanExact(d("1.50")), "0.00015"},
		{"an award of 1000万 has separators", WanExact(d("10000000")), "1,000"},
		{"yuan with separators", Yuan(d("10000000")), "10,000,000.00"},
		{"a growth of 14.9999995% is 14.99%", func() string { p, _ := PercentTrunc(d("299999990"), d("2000000000")); return p.StringFixed(2) }(), "14.99"},
		{"a growth of exactly 15% is 15.00%", func() string { p, _ := PercentTrunc(d("300000000"), d("2000000000")); return p.StringFixed(2) }(), "15.00"},
		{"a growth of 1/3 is 33.33%", func() string { p, _ := PercentTrunc(d("1"), d("3")); return p.StringFixed(2) }(), "33.33"},
		{"a fall of −1/3 is −33.33%", func() string { p, _ := PercentTrunc(d("-1"), d("3")); return p.StringFixed(2) }(), "-33.33"},
		{"a stored ratio 0.149999 is 14.99%", RatioPercentTrunc(d("0.149999")).StringFixed(2), "14.99"},
		{"short by 1 元 is 0.01万元", ShortfallWan(d("999999999"), d("1000000000")).StringFixed(2), "0.01"},
		{"short by exactly 5,000万 is 5,000.00", ShortfallWan(d("950000000"), d("1000000000")).StringFixed(2), "5000.00"},
		{"not short is 0", ShortfallWan(d("1000000000"), d("1000000000")).StringFixed(2), "0.00"},
		{"14.9999995% is 0.01 points short of 15%", ShortfallPoints(d("299999990"), d("2000000000"), d("15")).StringFixed(2), "0.01"},
		{"14.25% is exactly 0.75 points short", ShortfallPoints(d("285000000"), d("2000000000"), d("15")).StringFixed(2), "0.75"},
		{"15% is not short", ShortfallPoints(d("300000000"), d("2000000000"), d("15")).StringFixed(2), "0.00"},
		{"group a long integer", Group("1234567"), "1,234,567"},
		{"group keeps short numbers", Group("123.45"), "123.45"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, tt.got, tt.want)
		}
	}
	if _, ok := PercentTrunc(d("5"), d("0")); ok {
		t.Error("growth over a zero base must be undefined")
	}
}
