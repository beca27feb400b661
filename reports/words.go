package reports

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/bjgjj/awards/reports/display"
)

// measure is the 考核指标 cell: a dash for rules that use no figure.
func measure(m string) string {
	if m == "" {
		return "—"
	}
	return m
}

// figWan is a statistical figure in 元 shown in 万元. Figures are shown beside thresholds, and a shown
// figure never crosses a threshold by rounding (rules.md "Review flags"): it is truncated toward zero
// to two decimals, so a net of 999,999,999元 shows 99,999.99万元, never 100,000.00.
type figWan decimal.Decimal

func figOrNil(d *decimal.Decimal) any {
	if d == nil {
		return nil
	}
	return figWan(*d)
}

func percentOrNil(d *decimal.Decimal) any {
	if d == nil {
		return nil
	}
	return Percent(*d)
}

func intOrNil(n *int64) any {
	if n == nil {
		return nil
	}
	return *n
}

// figureWan is a figure of 元 in 万元 as shown: truncated toward zero at two decimals.
func figureWan(y decimal.Decimal) decimal.Decimal { return display.WanTrunc(y) }

// growthOf is a decision's growth as a cell shows it: net / prev in percent truncated toward zero at two
// decimals, computed exactly from the figures (the stored ratio keeps six decimals, rounded, and could
// read 15.00% for 14.9999995%); the stored ratio, truncated, when a figure is missing.
func growthOf(f Figures) any {
	if f.Net != nil && f.Prev != nil {
		if pct, ok := display.PercentTrunc(*f.Net, *f.Prev); ok {
			return Percent(pct.Shift(-2))
		}
	}
	return percentOrNil(f.Growth)
}

// shownWan is an amount of 元 in 万元 as a 万元 cell shows it: two decimals, half away from zero.
// Award amounts are whole 元, so this rounds nothing in practice.
func shownWan(y decimal.Decimal) decimal.Decimal { return y.Shift(-4).Round(2) }

// wanText writes 万元 already at two decimals as text: 1,234.50万元.
func wanText(w decimal.Decimal) string { return display.Group(w.StringFixed(2)) + "万元" }

// amountText writes an amount of 元 (an award) in 万元 as text.
func amountText(y decimal.Decimal) string { return wanText(shownWan(y)) }

// figureText writes a figure of 元 beside a threshold: truncated toward zero.
func figureText(y decimal.Decimal) string { return wanText(figureWan(y)) }

// shortfallText writes how far a figure of 元 is below its floor: rounded away from zero, so a
// shortfall of 1元 shows 0.01万元, never 0.00.
func shortfallText(value, floor decimal.Decimal) string {
	return wanText(display.ShortfallWan(value, floor))
}

// pctText writes a percent value (15 is 15%) without trailing zeros.
func pctText(d decimal.Decimal) string { return d.String() + "%" }

// roundName is a round as staff call it: 第一批 (direction 10 and the Q1 rules), 第二批 (the annual rules).
func roundName(n int) string {
	switch n {
	case 1:
		return "第一批"
	case 2:
		return "第二批"
	}
	return ""
}

// roundsText joins rounds' names: 第一批、第二批.
func roundsText(rounds []int) string {
	var out []string
	for _, r := range rounds {
		if n := roundName(r); n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "、")
}

// ShortRunID is the run id as the page footers print it: the run's minute and the random suffix
// (20261203T052733Z-e083db → 20261203T0527-e083db), enough to tell two runs of a day apart.
func ShortRunID(id string) string {
	stamp, suffix, ok := strings.Cut(id, "-")
	if !ok || len(stamp) < 13 || stamp[8] != 'T' {
		return id
	}
	return stamp[:13] + "-" + suffix
}

// clip shortens text shown in a cell (a raw value, a raw row) to n characters, saying how long it was:
// an input cell of a megabyte must neither crash the writer nor bury the sheet.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + fmt.Sprintf("…（共%d字）", len(r))
}

// kindName is the Chinese name of an input kind (inputs.md), or the kind itself when unknown.
func kindName(kind string) string {
	switch kind {
	case "enterprises":
		return "单位名录"
	case "above_scale":
		return "规上名录"
	case "output_value":
		return "工业总产值"
	case "revenue":
		return "营业收入"
	case "headcount":
		return "参保人数"
	case "specialised":
		return "专精特新名单"
	case "dishonesty":
		return "严重失信主体名单"
	case "restricted":
		return "禁限目录"
	case "industrial_software":
		return "工业软件企业名单"
	case "other_funds":
		return "已获其他市级财政资金支持"
	case "prior_awards":
		return "已兑付奖励"
	case "affiliates":
		return "在京关联企业"
	case "resolutions":
		return "复核结论"
	}
	return kind
}

// quarantineReasons puts the loader's ;-joined reason codes into words; an unknown code is shown as is.
func quarantineReasons(codes string) string {
	var out []string
	for _, c := range strings.Split(codes, ";") {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		out = append(out, quarantineReason(c))
	}
	return strings.Join(out, "；")
}

// quarantineReason is the closed list of inputs.md ("Quarantine reasons") in words.
func quarantineReason(code string) string {
	switch code {
	case "bad_code":
		return "统一社会信用代码格式不符"
	case "bad_number":
		return "数值无法识别"
	case "bad_period":
		return "期别无法识别"
	case "bad_date":
		return "日期无法识别"
	case "bad_industry_code":
		return "行业代码无法识别"
	case "unknown_district":
		return "所属区无法识别"
	case "bad_legal_person":
		return "法人类型无法识别"
	case "bad_level":
		return "专精特新级别无法识别"
	case "bad_direction":
		return "方向无法识别"
	case "bad_scope":
		return "适用区域无法识别"
	case "bad_control_type":
		return "管控类型无法识别"
	case "bad_encoding":
		return "文字编码无法识别"
	case "missing_value":
		return "必填项为空"
	case "unknown_unit":
		return "金额单位无法确定"
	case "duplicate":
		return "同一主键重复且取值不同"
	case "formula_without_value":
		return "公式无计算结果"
	case "error_value":
		return "单元格为错误值"
	case "field_count":
		return "列数与表头不符"
	case "value_too_long":
		return "内容超长"
	}
	return code
}

var (
	yi  = decimal.New(1, 8)
	wan = decimal.New(1, 4)
)

// yuanText writes an amount of 元 as policy texts do: 亿元 for round hundreds of millions, else 万元.
func yuanText(d decimal.Decimal) string {
	if d.Abs().GreaterThanOrEqual(yi) && d.Mod(decimal.New(1, 6)).IsZero() {
		return d.Div(yi).String() + "亿元"
	}
	return d.Div(wan).String() + "万元"
}

// bandText writes a band [lo, hi) with the unit function; nil ends are open.
func bandText(lo, hi *decimal.Decimal, unit func(decimal.Decimal) string) string {
	switch {
	case lo != nil && hi != nil:
		return "≥" + unit(*lo) + "且<" + unit(*hi)
	case lo != nil:
		return "≥" + unit(*lo)
	case hi != nil:
		return "<" + unit(*hi)
	}
	return "不限"
}

// tierText describes a tier in words for 说明.
func tierText(t Tier) string {
	parts := []string{"净增量" + bandText(t.NetLo, t.NetHi, yuanText)}
	if t.GrowthLo != nil || t.GrowthHi != nil {
		parts = append(parts, "增速"+bandText(t.GrowthLo, t.GrowthHi, pctText))
	}
	parts = append(parts, "奖励"+yuanText(t.Amount))
	return strings.Join(parts, "；")
}

func itoa(n int) string { return strconv.Itoa(n) }
