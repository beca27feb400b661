// Package display formats money and ratios for people, so that a shown figure never crosses a threshold by
// rounding (rules.md "Review flags"): every figure shown beside a threshold — a ratio, a percentage, an
// amount in 万元 — is truncated toward zero (a growth of 14.9999995% is shown as 14.99%, a net of
// 999,999,999 元 as 99,999.99万元), and a shortfall is rounded away from zero (short by 0.0000005 percentage
// points is shown as 0.01). Amounts that are not compared with anything (an award, a baseline) are shown
// exactly. The package has no database dependency, so explain and the workbook share it.
package display

import (
	"strings"

	"github.com/shopspring/decimal"
)

var (
	tenThousand = decimal.NewFromInt(10000)
	hundred     = decimal.NewFromInt(100)
)

// WanTrunc is yuan in 万元, truncated toward zero to two decimals: the value a cell beside a threshold shows.
func WanTrunc(yuan decimal.Decimal) decimal.Decimal {
	return yuan.Div(tenThousand).Truncate(2)
}

// WanShown is [WanTrunc] as text with thousands separators and two decimals: 99,999.99.
func WanShown(yuan decimal.Decimal) string { return Group(WanTrunc(yuan).StringFixed(2)) }

// WanExact is yuan in 万元 exactly, with thousands separators and no trailing zeros: 30, 12.5, 1,000,
// 0.00015. For amounts that are paid or already paid, which are not compared with a threshold.
func WanExact(yuan decimal.Decimal) string {
	// A yuan amount has at most two decimals, so 万元 needs at most six: the division is exact.
	return Group(yuan.Div(tenThousand).Round(6).String())
}

// Yuan is an amount in 元 with thousands separators and two decimals: 10,000,000.00.
func Yuan(yuan decimal.Decimal) string { return Group(yuan.StringFixed(2)) }

// PercentTrunc is net / prev in percent, truncated toward zero to two decimals, computed exactly (no
// division rounding: 14.9999995% is 14.99). ok is false when prev ≤ 0: growth is undefined.
func PercentTrunc(net, prev decimal.Decimal) (pct decimal.Decimal, ok bool) {
	if !prev.IsPositive() {
		return decimal.Zero, false
	}
	q, _ := net.Mul(hundred).QuoRem(prev, 2)
	return q, true
}

// RatioPercentTrunc is a stored ratio (0.15 = 15%) in percent, truncated toward zero to two decimals.
func RatioPercentTrunc(ratio decimal.Decimal) decimal.Decimal { return ratio.Mul(hundred).Truncate(2) }

// ShortfallWan is how far an amount in 元 falls short of a floor, in 万元 rounded away from zero to two
// decimals (1 元 short is 0.01万元); zero when it does not fall short.
func ShortfallWan(value, floor decimal.Decimal) decimal.Decimal {
	d := floor.Sub(value)
	if !d.IsPositive() {
		return decimal.Zero
	}
	return d.Div(tenThousand).RoundUp(2)
}

// ShortfallPoints is how many percentage points net / prev falls short of floorPct, rounded away from
// zero to two decimals (computed exactly, without a rounded division); zero when it does not fall short
// or prev ≤ 0.
func ShortfallPoints(net, prev, floorPct decimal.Decimal) decimal.Decimal {
	if !prev.IsPositive() {
		return decimal.Zero
	}
	// floor − 100·net/prev = (floor·prev − 100·net) / prev
	num := floorPct.Mul(prev).Sub(net.Mul(hundred))
	if !num.IsPositive() {
		return decimal.Zero
	}
	q, r := num.QuoRem(prev, 2)
	if !r.IsZero() {
		q = q.Add(decimal.New(1, -2))
	}
	return q
}

// Group puts thousands separators into the integer part of a plain decimal text: 1234567.8 → 1,234,567.8.
func Group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return sign + b.String()
}
