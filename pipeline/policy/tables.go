package policy

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Rule is one rule as the decision stages see it.
type Rule struct {
	ID        string // D10-1 … D11-4
	Key       string // d10_1 … d11_4: the rule's table in the TOML and the prefix of its settings
	Direction int
	Group     string // evaluation group: d10, d11_q1 or d11_annual
	Measure   string // direction 11: output_value or revenue; "" for direction 10
	EndMonth  int    // direction 11: 12 (annual) or 3 (Q1); 0 for direction 10
	NameZh    string
	Clause    string
	Sectors   []string
	EvalDate  time.Time
	Tiers     string // direction 11: tier table name

	// Direction 10: the base amount, whether the 专精特新 bonus applies, the 1亿 floor (D10-3, D10-4) and
	// the year 投产 must fall in (D10-2). Direction 11: the floors and whether headcount must not fall.
	Amount            *decimal.Decimal
	SpecialisedBonus  bool
	Floor             *decimal.Decimal
	StartYear         *int
	HistoryYears      []int // D10-3: the years "首次" is checked against (rules.md D10-3 history)
	NetMin            *decimal.Decimal
	GrowthMinPct      *decimal.Decimal
	HeadcountNotBelow bool
}

// Setting is one scalar policy value, flattened for the policy_params table and the workbook's 说明 sheet.
type Setting struct {
	Key     string
	Value   string           // the value as text (lists joined with ",")
	Num     *decimal.Decimal // numeric value, when numeric
	Date    *time.Time       // date value, when a date
	Assumed bool
	Source  string
	LabelZh string
}

// TierRow is one tier of a rule's table. NetHi and GrowthHi nil mean no upper bound.
type TierRow struct {
	RuleID                   string
	Tier                     string
	NetLo, NetHi             *decimal.Decimal
	GrowthLoPct, GrowthHiPct *decimal.Decimal
	Amount                   decimal.Decimal
	Assumed                  bool
	Source                   string
}

type namedD10 struct {
	id, key string
	r       *D10Rule
}
type namedD11 struct {
	id, key, group, measure string
	endMonth                int
	r                       *D11Rule
}

func (p *Policy) d10Rules() []namedD10 {
	return []namedD10{{"D10-1", "d10_1", &p.D10_1}, {"D10-2", "d10_2", &p.D10_2}, {"D10-3", "d10_3", &p.D10_3}, {"D10-4", "d10_4", &p.D10_4}}
}

func (p *Policy) d11Rules() []namedD11 {
	return []namedD11{
		{"D11-1", "d11_1", "d11_annual", "output_value", 12, &p.D11_1},
		{"D11-2", "d11_2", "d11_q1", "output_value", 3, &p.D11_2},
		{"D11-3", "d11_3", "d11_annual", "revenue", 12, &p.D11_3},
		{"D11-4", "d11_4", "d11_q1", "revenue", 3, &p.D11_4},
	}
}

type namedSector struct {
	name string
	p    Param[[]string]
}

func (p *Policy) sectorParams() []namedSector {
	return []namedSector{
		{SectorAdvancedManufacturing, p.Sectors.AdvancedManufacturing},
		{SectorIndustrial, p.Sectors.Industrial},
		{SectorSoftware, p.Sectors.Software},
		{SectorBasicSoftware, p.Sectors.BasicSoftware},
		{SectorICDesign, p.Sectors.ICDesign},
	}
}

// EvalDate returns a group's evaluation date (d10, d11_q1, d11_annual).
func (p *Policy) EvalDate(group string) time.Time {
	switch group {
	case "d10":
		return *p.EvalDates.D10.Value
	case "d11_q1":
		return *p.EvalDates.D11Q1.Value
	case "d11_annual":
		return *p.EvalDates.D11Annual.Value
	}
	return time.Time{}
}

// Rules returns the eight rules in id order.
func (p *Policy) Rules() []Rule {
	var out []Rule
	for _, r := range p.d10Rules() {
		rule := Rule{ID: r.id, Key: r.key, Direction: 10, Group: "d10", NameZh: r.r.NameZh, Clause: r.r.Clause,
			Sectors: r.r.Sectors, EvalDate: p.EvalDate("d10"), Amount: ptr(r.r.Amount.Value.Decimal), SpecialisedBonus: *r.r.SpecialisedBonus}
		if r.r.Floor != nil {
			rule.Floor = ptr(r.r.Floor.Value.Decimal)
		}
		if r.r.StartYear != nil {
			rule.StartYear = ptr(int(*r.r.StartYear.Value))
		}
		if r.r.HistoryYears != nil {
			for _, y := range *r.r.HistoryYears.Value {
				rule.HistoryYears = append(rule.HistoryYears, int(y))
			}
		}
		out = append(out, rule)
	}
	for _, r := range p.d11Rules() {
		out = append(out, Rule{ID: r.id, Key: r.key, Direction: 11, Group: r.group, Measure: r.measure, EndMonth: r.endMonth,
			NameZh: r.r.NameZh, Clause: r.r.Clause, Sectors: r.r.Sectors, EvalDate: p.EvalDate(r.group), Tiers: r.r.Tiers,
			NetMin: ptr(r.r.NetMin.Value.Decimal), GrowthMinPct: ptr(r.r.GrowthMinPct.Value.Decimal), HeadcountNotBelow: *r.r.HeadcountNotBelow})
	}
	return out
}

// SectorPrefixes returns each prefix-list sector with its ranges expanded.
func (p *Policy) SectorPrefixes() map[string][]string {
	out := map[string][]string{}
	for _, s := range p.sectorParams() {
		v, _ := expandPrefixes(*s.p.Value) // validated by Parse
		out[s.name] = v
	}
	return out
}

// SectorAssumed reports, for each prefix-list sector, whether the policy marks its list assumed (the
// 先进制造业 list is: rules.md "Sectors"). An award resting only on assumed sectors says so (outputs.md).
func (p *Policy) SectorAssumed() map[string]bool {
	out := map[string]bool{}
	for _, s := range p.sectorParams() {
		out[s.name] = s.p.Assumed
	}
	return out
}

// Tiers returns every tier row with the rule that uses its table, in rule and table order.
func (p *Policy) TierRows() []TierRow {
	var out []TierRow
	for _, r := range p.d11Rules() {
		for _, t := range p.Tiers[r.r.Tiers] {
			row := TierRow{RuleID: r.id, Tier: t.Tier, Amount: t.AmountYuan.Decimal, Assumed: t.Assumed, Source: t.Source}
			row.NetLo = ptr(t.NetLoYuan.Decimal)
			row.GrowthLoPct = ptr(t.GrowthLoPct.Decimal)
			if t.NetHiYuan != nil {
				row.NetHi = ptr(t.NetHiYuan.Decimal)
			}
			if t.GrowthHiPct != nil {
				row.GrowthHiPct = ptr(t.GrowthHiPct.Decimal)
			}
			out = append(out, row)
		}
	}
	return out
}

// Band renders a tier as it appears in a decision's trace: [lo,hi)x[glo,ghi)→amount, ∞ for no bound.
func (t TierRow) Band() string {
	hi := func(d *decimal.Decimal) string {
		if d == nil {
			return "∞"
		}
		return d.String()
	}
	return fmt.Sprintf("[%s,%s)x[%s,%s)→%s", t.NetLo.String(), hi(t.NetHi), t.GrowthLoPct.String(), hi(t.GrowthHiPct), t.Amount.String())
}

func ptr[T any](v T) *T { return &v }

// Settings returns every scalar setting, flattened with dotted keys as in the TOML (d11_1.net_min …).
func (p *Policy) Settings() []Setting {
	var out []Setting
	num := func(key, label string, v Param[Dec]) {
		out = append(out, Setting{Key: key, Value: v.Value.String(), Num: ptr(v.Value.Decimal), Assumed: v.Assumed, Source: v.Source, LabelZh: label})
	}
	intp := func(key, label string, v Param[int64]) {
		d := decimal.NewFromInt(*v.Value)
		out = append(out, Setting{Key: key, Value: d.String(), Num: &d, Assumed: v.Assumed, Source: v.Source, LabelZh: label})
	}
	date := func(key, label string, v Param[time.Time]) {
		d := time.Date(v.Value.Year(), v.Value.Month(), v.Value.Day(), 0, 0, 0, 0, time.UTC)
		out = append(out, Setting{Key: key, Value: d.Format("2006-01-02"), Date: &d, Assumed: v.Assumed, Source: v.Source, LabelZh: label})
	}
	list := func(key, label string, v Param[[]string]) {
		out = append(out, Setting{Key: key, Value: strings.Join(*v.Value, ","), Assumed: v.Assumed, Source: v.Source, LabelZh: label})
	}
	py, ry := decimal.NewFromInt(*p.PolicyYear), decimal.NewFromInt(*p.ReferenceYear)
	out = append(out,
		Setting{Key: "policy_year", Value: py.String(), Num: &py, Source: "指南", LabelZh: "政策年度 P"},
		Setting{Key: "reference_year", Value: ry.String(), Num: &ry, Source: "指南 方向10（上一年度）", LabelZh: "参考年度 R"})
	date("eval_dates.d10", "方向10评价日期", p.EvalDates.D10)
	date("eval_dates.d11_q1", "方向11一季度评价日期", p.EvalDates.D11Q1)
	date("eval_dates.d11_annual", "方向11全年评价日期", p.EvalDates.D11Annual)
	list("sectors.advanced_manufacturing", "先进制造业行业代码前缀", p.Sectors.AdvancedManufacturing)
	list("sectors.industrial", "工业行业大类", p.Sectors.Industrial)
	list("sectors.software", "软件信息服务业行业大类", p.Sectors.Software)
	list("sectors.basic_software", "基础软件行业代码", p.Sectors.BasicSoftware)
	list("sectors.ic_design", "集成电路设计行业代码", p.Sectors.ICDesign)
	list("specialised.levels", "计入的专精特新级别", p.Specialised.Levels)
	intp("specialised.validity_years", "专精特新默认有效期（年）", p.Specialised.ValidityYears)
	num("specialised.bonus", "专精特新奖励（元）", p.Specialised.Bonus)
	num("shares.near_miss", "临界比例（项目默认）", p.Shares.NearMiss)
	num("shares.affiliate", "关联企业波动比例（项目默认）", p.Shares.Affiliate)
	for _, r := range p.d10Rules() {
		num(r.key+".amount", r.id+" "+r.r.NameZh+" 奖励金额（元）", r.r.Amount)
		if r.r.Floor != nil {
			num(r.key+".floor", r.id+" 首超门槛（元）", *r.r.Floor)
		}
		if r.r.StartYear != nil {
			intp(r.key+".start_year", r.id+" 投产年份", *r.r.StartYear)
		}
		if r.r.HistoryYears != nil {
			years := make([]string, len(*r.r.HistoryYears.Value))
			for i, y := range *r.r.HistoryYears.Value {
				years[i] = strconv.FormatInt(y, 10)
			}
			out = append(out, Setting{Key: r.key + ".history_years", Value: strings.Join(years, ","),
				Assumed: r.r.HistoryYears.Assumed, Source: r.r.HistoryYears.Source, LabelZh: r.id + " 首次突破核查年份"})
		}
	}
	for _, c := range []struct{ key, label, v string }{
		{"clauses.register", "一般条件G1–G3条款", p.Clauses.Register},
		{"clauses.other_funds", "一般条件G4条款", p.Clauses.OtherFunds},
		{"clauses.one_project", "孰高兑付/差额补齐条款", p.Clauses.OneProject},
		{"clauses.stacking", "方向11叠加条款", p.Clauses.Stacking},
		{"clauses.affiliates", "关联企业复核条款", p.Clauses.Affiliates},
		{"clauses.specialised", "专精特新奖励条款", p.Clauses.Specialised},
		{"clauses.one_time", "一次性奖励条款", p.Clauses.OneTime},
		{"clauses.restricted", "禁限目录条款", p.Clauses.Restricted},
	} {
		out = append(out, Setting{Key: c.key, Value: c.v, Source: c.v, LabelZh: c.label})
	}
	for _, r := range p.d11Rules() {
		num(r.key+".net_min", r.id+" 净增量下限（元）", r.r.NetMin)
		num(r.key+".growth_min_pct", r.id+" 增速下限（%）", r.r.GrowthMinPct)
	}
	return out
}
