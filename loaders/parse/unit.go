package parse

import (
	"strings"

	"github.com/shopspring/decimal"
)

// moneyUnit is one unit of account and its factor to 元.
type moneyUnit struct {
	name   string
	factor int64
}

// moneyUnits is ordered longest name first, so that a prefix test never reads 万元 as 元.
var moneyUnits = [...]moneyUnit{{"亿元", 100_000_000}, {"万元", 10_000}, {"千元", 1_000}, {"元", 1}}

// unitPrefixes are the labels a unit line or a bracketed unit may start with.
var unitPrefixes = [...]string{"计量单位", "金额单位", "货币单位", "单位"}

// unitToken reports whether the whole of t (compacted) names a money unit: "万元", "单位:万元",
// "人民币万元", "万元人民币". Anything else, including 百万元, 千万元 or 万美元, is not a unit we know:
// it must not be read as its tail (万元 or 元).
func unitToken(t string) (moneyUnit, bool) {
	for _, p := range unitPrefixes {
		if rest, ok := strings.CutPrefix(t, p); ok {
			t = strings.TrimPrefix(rest, ":")
			break
		}
	}
	t = strings.TrimPrefix(t, "人民币")
	t = strings.TrimSuffix(t, "人民币")
	for _, u := range moneyUnits {
		if t == u.name {
			return u, true
		}
	}
	return moneyUnit{}, false
}

// Unit finds a money unit in a header or unit-line text: 元, 千元, 万元, 亿元 (e.g. "单位：千元",
// "营业收入（万元）", "计量单位:万元"). factor converts to 元. ok is false when there is none.
//
// A unit is recognised only where exports put one: as the whole text ("万元" in a second header row),
// after a 单位 label ("单位：千元 填报日期：…"), inside brackets ("金额（万元）", "(单位:元)") or after a
// final slash ("营业收入/万元"). "元" inside a word ("元器件收入") is not a unit. When the text names two
// different units ok is false: a unit is never guessed.
func Unit(s string) (name string, factor decimal.Decimal, ok bool) {
	c := compact(s)
	var found []moneyUnit
	if u, ok := unitToken(c); ok {
		found = append(found, u)
	}
	found = append(found, labelledUnits(c)...)
	found = append(found, bracketedUnits(c)...)
	if i := strings.LastIndex(c, "/"); i >= 0 {
		if u, ok := unitToken(c[i+1:]); ok {
			found = append(found, u)
		}
	}
	if len(found) == 0 {
		return "", decimal.Decimal{}, false
	}
	for _, u := range found[1:] {
		if u != found[0] {
			return "", decimal.Decimal{}, false
		}
	}
	return found[0].name, decimal.NewFromInt(found[0].factor), true
}

// labelledUnits finds "单位:X" in a unit line that may carry other text after the unit
// ("单位:千元填报日期:2023-01-05"). The unit must start right after the label; 百万元 or 千万元 there match
// nothing, since no unit name is a prefix of them.
func labelledUnits(c string) []moneyUnit {
	var out []moneyUnit
	for rest := c; ; {
		i := strings.Index(rest, "单位")
		if i < 0 {
			return out
		}
		rest = rest[i+len("单位"):]
		t := strings.TrimPrefix(rest, ":")
		t = strings.TrimPrefix(t, "人民币")
		for _, u := range moneyUnits {
			if after, ok := strings.CutPrefix(t, u.name); ok {
				// "元/人" or "元/吨" is a rate, not a money unit.
				if !strings.HasPrefix(after, "/") {
					out = append(out, u)
				}
				break
			}
		}
	}
}

// bracketedUnits finds units in (…), […] and 【…】 groups.
func bracketedUnits(c string) []moneyUnit {
	var out []moneyUnit
	for _, p := range [][2]string{{"(", ")"}, {"[", "]"}, {"【", "】"}} {
		for rest := c; ; {
			i := strings.Index(rest, p[0])
			if i < 0 {
				break
			}
			rest = rest[i+len(p[0]):]
			j := strings.Index(rest, p[1])
			if j < 0 {
				break
			}
			if u, ok := unitToken(rest[:j]); ok {
				out = append(out, u)
			}
		}
	}
	return out
}
