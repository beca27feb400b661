package reports

import (
	"strings"

	"github.com/shopspring/decimal"
)

// measure is the 考核指标 cell: a dash for rules that use no figure.
func measure(m string) string {
	if m == "" {
		return "—"
	}
	return m
}

func wanOrNil(d *decimal.Decimal) any {
	if d == nil {
		return nil
	}
	return YuanToWan(*d)
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
	case "missing_value":
		return "必填项为空"
	case "unknown_unit":
		return "金额单位无法确定"
	case "duplicate":
		return "同一主键重复且取值不同"
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

func pctText(d decimal.Decimal) string { return d.String() + "%" }

// tierText describes a tier in words for 说明.
func tierText(t Tier) string {
	parts := []string{"净增量" + bandText(t.NetLo, t.NetHi, yuanText)}
	if t.GrowthLo != nil || t.GrowthHi != nil {
		parts = append(parts, "增速"+bandText(t.GrowthLo, t.GrowthHi, pctText))
	}
	parts = append(parts, "奖励"+yuanText(t.Amount))
	return strings.Join(parts, "；")
}
