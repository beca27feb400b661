package synth

import (
	"fmt"
	"math/rand"
	"os"
	"slices"
	"strconv"
)

// Expect is what the demo batch means one enterprise to get for one rule, by rules.md and the 2022 policy
// defaults (evaluation dates 2022-06-30 and 2023-01-31). Tests of the pipeline check the decisions table
// against it; amounts are in 元.
type Expect struct {
	Code       string
	Rule       string // D10-1 … D11-4
	Outcome    string // awarded, topped_up, superseded, review, refused
	Tier       string // A1 … D3, or ""
	AmountYuan int64  // decisions.amount_yuan
	PaidYuan   int64  // decisions.paid_yuan
	Reason     string // a reason code that must be among the decision's reasons ("" when none is meant)
	Remark     string // a text the remarks must contain ("" when none is meant)
	NearMiss   bool
	Case       string // what the case shows, in words
}

// demoSeed fixes the demo's random background; the demo must be the same bytes on every run.
const demoSeed = 20220630

// demoBackground is the number of ordinary enterprises around the hand-made cases.
const demoBackground = 300

// Demo writes the built-in demo batch into dir (created if missing). The same bytes are written every
// time. It holds a few hundred enterprises over every district and sector, and hand-made cases that make
// every rule show awards and refusals, every tier of tables A–D, the 专精特新 bonus, the D10 tie-break,
// 差额补齐, review and near misses (see [DemoManifest]), plus a few deliberately bad rows for the quarantine.
func Demo(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("demo batch: %w", err)
	}
	d := buildDemo()
	lo := layout{with2011: true, extra: d.extra}
	if err := writeBatch(dir, slices.Values(d.ents), lo); err != nil {
		return fmt.Errorf("demo batch: %w", err)
	}
	return nil
}

// DemoManifest lists what the demo batch's hand-made cases are meant to get (one entry per enterprise
// and rule that the case is about; other rules of the same enterprise are not listed).
func DemoManifest() []Expect {
	return buildDemo().exp
}

// DemoCodes lists every credit code of the demo register, in register order.
func DemoCodes() []string {
	var out []string
	for _, e := range buildDemo().ents {
		if e.InReg {
			out = append(out, e.Code)
		}
	}
	return out
}

type demo struct {
	r     *rand.Rand
	n     uint64
	ents  []*ent
	exp   []Expect
	extra map[string][][]any
}

// Amounts of the 2022 policy (rules.md), in 元.
const (
	amtD101   = 300_000
	amtBonus  = 200_000
	amtD10Big = 500_000
)

func buildDemo() *demo {
	d := &demo{r: rand.New(rand.NewSource(demoSeed)), extra: map[string][][]any{}}
	d.cases()
	ds := districts()
	for i := 0; i < demoBackground; i++ {
		dist := ds[i%len(ds)]
		e := &ent{Code: d.code(dist)}
		randomEnt(e, d.r, dist)
		d.ents = append(d.ents, e)
	}
	d.badRows()
	// After the background, so that adding cases here leaves every other enterprise's code as it was.
	d.casesHolds()
	return d
}

// code draws the next credit code in a district.
func (d *demo) code(dist district) string {
	d.n++
	return creditCode("91", codeRegion(dist), d.n*7919+uint64(d.r.Intn(1000)))
}

func distNamed(name string) district {
	for _, x := range districts() {
		if x.Name == name {
			return x
		}
	}
	panic("synth: no district " + name)
}

// firm adds an enterprise of the given industry in the named district with quiet defaults: 规上 since
// 2016 (2017 for software), steady figures that qualify for nothing, headcount steady.
func (d *demo) firm(industry, districtName string) *ent {
	dist := distNamed(districtName)
	e := &ent{Code: d.code(dist), Industry: industry, Region: dist.Code, InReg: true,
		Out: noSeries(), Rev: noSeries(), Head21: 300, Head22: 305}
	e.Name = companyName(d.r, industry)
	e.Start = monthText(2009, 4, 0)
	first := 2016
	if !isIndustrial(industry) {
		first = 2017
	}
	e.Above = years(first, policyYear)
	if isIndustrial(industry) {
		e.Out = series{Y2019: 3 * yi, Y2020: 31 * yi / 10, Y2021: 32 * yi / 10, Y2022: 33 * yi / 10, Q2021: 7 * yi / 10, Q2022: 72 * yi / 100}
	} else {
		e.Rev = series{Y2019: 3 * yi, Y2020: 31 * yi / 10, Y2021: 32 * yi / 10, Y2022: 33 * yi / 10, Q2021: 7 * yi / 10, Q2022: 72 * yi / 100}
	}
	d.ents = append(d.ents, e)
	return e
}

// newcomer makes e first 规上 in 2021 with small figures (2021 only, below 1亿).
func newcomer(e *ent, y2021 money) {
	e.Above = []int{2021, 2022}
	e.Method = "规下转规上"
	s := series{Y2019: absent, Y2020: absent, Y2021: y2021, Y2022: y2021 * 11 / 10, Q2021: absent, Q2022: y2021 / 4}
	if isIndustrial(e.Industry) {
		e.Out = s
	} else {
		e.Rev = s
	}
}

func years(from, to int) []int {
	var ys []int
	for y := from; y <= to; y++ {
		ys = append(ys, y)
	}
	return ys
}

func (d *demo) expect(e *ent, rule, outcome, tier string, amount, paid int64, reason, remark string, near bool, what string) {
	d.exp = append(d.exp, Expect{Code: e.Code, Rule: rule, Outcome: outcome, Tier: tier, AmountYuan: amount,
		PaidYuan: paid, Reason: reason, Remark: remark, NearMiss: near, Case: what})
}

func (d *demo) award(e *ent, rule, tier string, amount int64, remark, what string) {
	d.expect(e, rule, "awarded", tier, amount, amount, "", remark, false, what)
}

func (d *demo) refuse(e *ent, rule, reason, what string) {
	d.expect(e, rule, "refused", "", 0, 0, reason, "", false, what)
}

// annual sets a measure's 2021 and 2022 figures (and 2019–2020 on the same scale, so D10-3 sees an
// earlier year over 1亿), keeping the first quarters flat.
func annual(s *series, y2021, y2022 money) {
	s.Y2019, s.Y2020, s.Y2021, s.Y2022 = y2021*9/10, y2021*95/100, y2021, y2022
	s.Q2021, s.Q2022 = y2021/5, y2021/5+y2021/500
}

// quarter sets a measure's first-quarter figures, keeping the years flat.
func quarter(s *series, q2021, q2022 money) {
	s.Y2019, s.Y2020, s.Y2021, s.Y2022 = 4*q2021, 4*q2021, 4*q2021, 4*q2021+4*q2021/100
	s.Q2021, s.Q2022 = q2021, q2022
}

const assumedRemark = "档位金额为假设值，待核定"

// cases adds the hand-made enterprises and what each is meant to get.
func (d *demo) cases() {
	d.casesD10()
	d.casesD11()
}

func (d *demo) casesD10() {
	// D10-1 升规
	e := d.firm("3511", "昌平区")
	newcomer(e, 5000*wan)
	d.award(e, "D10-1", "", amtD101, "", "升规 in 2021, 先进制造业")
	d.refuse(e, "D10-2", "not_started_in_year", "投产 2009, not in 2021")
	d.refuse(e, "D10-3", "below_first_threshold", "工业总产值 2021 below 1亿")

	e = d.firm("3973", "北京经济技术开发区")
	e.Region = "110115403"
	newcomer(e, 6000*wan)
	e.Spec = []specRec{{Level: "北京市专精特新中小企业", Recognized: "2021-03-15"}}
	d.award(e, "D10-1", "", amtD101+amtBonus, "含专精特新奖励20万元", "升规 with 市级专精特新 bonus, 经开区")

	e = d.firm("3581", "怀柔区")
	newcomer(e, 4000*wan)
	e.Spec = []specRec{{Level: "北京市专精特新中小企业", Recognized: "2018-05-01"}}
	d.award(e, "D10-1", "", amtD101, "", "专精特新 expired 2021-05-01 (3 years, no 有效期至): no bonus")

	e = d.firm("3812", "平谷区")
	newcomer(e, 4500*wan)
	e.Spec = []specRec{{Level: "创新型中小企业", Recognized: "2021-06-01"}}
	d.award(e, "D10-1", "", amtD101, "", "创新型中小企业 is not a level that counts: no bonus")

	e = d.firm("6511", "海淀区")
	newcomer(e, 3000*wan)
	d.award(e, "D10-1", "", amtD101, "", "基础软件 6511 升规")
	d.refuse(e, "D10-4", "below_first_threshold", "营业收入 2021 below 1亿")

	e = d.firm("6520", "朝阳区")
	newcomer(e, 2500*wan)
	d.award(e, "D10-1", "", amtD101, "", "集成电路设计 6520 升规")

	e = d.firm("6513", "西城区")
	newcomer(e, 2800*wan)
	e.SoftYear = 2020
	d.award(e, "D10-1", "", amtD101, "", "应用软件 6513 on the 工业软件 list (2020)")

	e = d.firm("6513", "东城区")
	newcomer(e, 2800*wan)
	e.SoftYear = 2022
	d.refuse(e, "D10-4", "below_first_threshold", "6513 listed as 工业软件 only in 2022 (> R): outside D10-1's sector")

	e = d.firm("3421", "房山区")
	d.refuse(e, "D10-1", "not_first_above_scale", "规上 since 2016")

	// 禁限目录 by scope
	e = d.firm("2614", "海淀区")
	newcomer(e, 3000*wan)
	d.refuse(e, "D10-1", "restricted_industry", "2614 under prefix 261 限制 全市")
	e = d.firm("2710", "朝阳区")
	newcomer(e, 3000*wan)
	d.refuse(e, "D10-1", "restricted_industry", "2710 禁止 in 朝阳区、丰台区")
	e = d.firm("2710", "昌平区")
	newcomer(e, 3000*wan)
	d.award(e, "D10-1", "", amtD101, "", "2710 in 昌平: the 朝阳/丰台 row does not apply")
	e = d.firm("3714", "海淀区")
	e.Region = "110108001000" // 12-digit 统计用区划代码
	newcomer(e, 3000*wan)
	d.refuse(e, "D10-1", "restricted_industry", "3714 限制 in 城六区, 海淀 given as a 12-digit code")
	e = d.firm("3714", "顺义区")
	newcomer(e, 3000*wan)
	d.award(e, "D10-1", "", amtD101, "", "3714 in 顺义: outside 城六区")
	e = d.firm("3990", "北京经济技术开发区")
	e.Region = "北京经济技术开发区"
	newcomer(e, 3000*wan)
	d.refuse(e, "D10-1", "restricted_industry", "3990 限制 in 大兴区: 经开区 counts as 大兴区 for the catalogue")

	// general conditions
	e = d.firm("3612", "丰台区")
	e.Region = "120116"
	e.Code = creditCode("91", "120116", 424242)
	newcomer(e, 5000*wan)
	d.refuse(e, "D10-1", "not_beijing", "registered in 天津滨海新区")
	e = d.firm("3670", "通州区")
	e.Region = "130681"
	e.Code = creditCode("91", "130681", 434343)
	annual(&e.Out, 40*yi, 52*yi)
	d.refuse(e, "D11-1", "not_beijing", "registered in 河北涿州, figures of tier A2")
	e = d.firm("3562", "顺义区")
	newcomer(e, 5000*wan)
	e.Legal = "否"
	d.refuse(e, "D10-1", "not_legal_person", "是否独立法人 = 否")
	e = d.firm("3411", "门头沟区")
	newcomer(e, 5000*wan)
	e.Legal = "产业活动单位"
	d.refuse(e, "D10-1", "not_legal_person", "产业活动单位")
	e = d.firm("4011", "延庆区")
	e.Code = creditCode("92", "110119", 515151)
	newcomer(e, 2500*wan)
	d.refuse(e, "D10-1", "not_legal_person", "code begins 92 (个体工商户)")
	e = d.firm("3841", "大兴区")
	newcomer(e, 5000*wan)
	e.Dish = []dishRec{{Listed: "2021-08-01"}}
	d.refuse(e, "D10-1", "serious_dishonesty", "失信 listed 2021-08-01, still listed")
	e = d.firm("3911", "密云区")
	newcomer(e, 5000*wan)
	e.Dish = []dishRec{{Listed: "2016-03-01", Removed: "2019-03-01"}}
	d.award(e, "D10-1", "", amtD101, "", "失信 removed 2019-03-01, before the 3-year window")
	e = d.firm("3741", "顺义区")
	annual(&e.Out, 5*yi, 55*yi/10)
	e.Out.Y2019, e.Out.Y2020 = 6000*wan, 8000*wan
	e.Funds = []fundRec{{Direction: 10, Name: "北京市高精尖产业技术改造资金", Year: policyYear}}
	d.refuse(e, "D10-3", "other_municipal_funds", "首超1亿 but on the other-funds list for 方向10 (2022)")
	e = d.firm("3741", "怀柔区")
	annual(&e.Out, 2*yi, 21*yi/10)
	e.Out.Y2019, e.Out.Y2020 = 6000*wan, 9000*wan
	e.Funds = []fundRec{{Direction: 10, Name: "北京市高精尖产业技术改造资金", Year: 2021}}
	d.award(e, "D10-3", "", amtD10Big, "", "other-funds row of 2021 does not count")

	// one-time and 孰高兑付
	e = d.firm("3421", "丰台区")
	newcomer(e, 5000*wan)
	e.Prior = []priorRec{{Year: 2020, Direction: 10, Item: "D10-1", Wan: "30"}}
	d.refuse(e, "D10-1", "already_awarded", "direction-10 award paid in 2020")
	e = d.firm("3612", "大兴区")
	annual(&e.Out, 15*yi/10, 16*yi/10)
	e.Out.Y2019, e.Out.Y2020 = 7000*wan, 8500*wan
	e.Prior = []priorRec{{Year: policyYear, Direction: 9, Item: "方向9", Wan: "20"}}
	d.expect(e, "D10-3", "topped_up", "", amtD10Big, amtD10Big-20*wan, "", "差额补齐：本年已兑付20万元", false,
		"50万 against 20万 already paid in 2022 for 方向9: pays 30万")
	e = d.firm("3562", "石景山区")
	newcomer(e, 5000*wan)
	e.Prior = []priorRec{{Year: policyYear, Direction: 7, Wan: "100.00"}}
	d.expect(e, "D10-1", "superseded", "", amtD101, 0, "prior_award_in_year", "", false,
		"30万 against 100万 already paid in 2022 for 方向7")
	e = d.firm("3511", "通州区")
	newcomer(e, 5000*wan)
	e.Prior = []priorRec{{Year: policyYear, Direction: 11, Item: "D11-2", Wan: "200"}}
	d.award(e, "D10-1", "", amtD101, "", "a 2022 方向11 award is stackable: not a baseline")

	// D10-2 新建投产 and the D10 tie-break
	e = d.firm("3562", "北京经济技术开发区")
	e.Region = "亦庄"
	newcomer(e, 6000*wan)
	e.Method = "新建投产"
	e.Start, e.StartDate = "", "2021-07-01"
	d.award(e, "D10-2", "", amtD10Big, "", "新建投产 2021-07 (Excel date cell), first 规上 2021")
	d.expect(e, "D10-1", "superseded", "", amtD101, 0, "superseded_by:D10-2", "", false, "D10-2 pays more")
	e = d.firm("3581", "昌平区")
	newcomer(e, 6000*wan)
	e.Method = "新建投产"
	e.Start = "2021年3月"
	e.Spec = []specRec{{Level: "国家级专精特新\"小巨人\"", Recognized: "2021-09-01", ValidUntil: "2024-08-31"}}
	d.award(e, "D10-1", "", amtD101+amtBonus, "含专精特新奖励20万元", "30万+20万 ties D10-2's 50万: the lower rule id wins")
	d.expect(e, "D10-2", "superseded", "", amtD10Big, 0, "superseded_by:D10-1", "", false, "tie with D10-1")
	e = d.firm("3670", "房山区")
	newcomer(e, 12*yi/10)
	e.Start = "202105"
	d.award(e, "D10-2", "", amtD10Big, "", "D10-1 30万, D10-2 50万, D10-3 50万: D10-2 by rule id")
	d.expect(e, "D10-3", "superseded", "", amtD10Big, 0, "superseded_by:D10-2", "", false, "tie with D10-2")
	e = d.firm("3411", "密云区")
	newcomer(e, 5000*wan)
	e.Start = ""
	d.refuse(e, "D10-2", "missing_data:start_month", "no 投产年月 in the register")
	e = d.firm("3911", "通州区")
	newcomer(e, 5000*wan)
	e.Start = "2020-11"
	d.refuse(e, "D10-2", "not_started_in_year", "投产 2020-11")

	// D10-3 首超1亿 (industrial)
	e = d.firm("3411", "朝阳区")
	annual(&e.Out, 12*yi/10, 13*yi/10)
	e.Out.Y2019, e.Out.Y2020 = 6000*wan, 8000*wan
	d.award(e, "D10-3", "", amtD10Big, "", "工业总产值 1.2亿 in 2021, never ≥1亿 before")
	e = d.firm("3421", "西城区")
	annual(&e.Out, 1*yi, 11*yi/10)
	e.Out.Y2019, e.Out.Y2020 = 7000*wan, 9000*wan
	d.award(e, "D10-3", "", amtD10Big, "", "exactly 1亿 (含)")
	e = d.firm("3973", "北京经济技术开发区")
	e.Region = "110302"
	annual(&e.Out, 3*yi, 33*yi/10)
	e.Out.Y2019, e.Out.Y2020 = 5000*wan, 9500*wan
	e.Spec = []specRec{{Level: "专精特新“小巨人”企业", Recognized: "2020-07-01"}}
	d.award(e, "D10-3", "", amtD10Big+amtBonus, "含专精特新奖励20万元", "首超1亿 with 小巨人 bonus")
	e = d.firm("3812", "门头沟区")
	annual(&e.Out, 99*yi/100, 11*yi/10)
	e.Out.Y2019, e.Out.Y2020 = 7000*wan, 8000*wan
	d.expect(e, "D10-3", "refused", "", 0, 0, "below_first_threshold", "", true, "9900万: 1% under 1亿, near miss")
	e = d.firm("3612", "平谷区")
	annual(&e.Out, 13*yi/10, 14*yi/10)
	e.Out.Y2019, e.Out.Y2020 = 11*yi/10, 9000*wan
	d.refuse(e, "D10-3", "not_first_over_threshold", "1.1亿 already in 2019")

	// D10-4 首超1亿 (software)
	e = d.firm("6432", "海淀区")
	newcomer(e, 15*yi/10)
	d.award(e, "D10-4", "", amtD10Big, "", "互联网平台 64 升规 with 营业收入 1.5亿")
	e = d.firm("6511", "海淀区")
	newcomer(e, 2*yi)
	e.Spec = []specRec{{Level: "北京市专精特新中小企业", Recognized: "2020-01-10", ValidUntil: "2023-01-09"}}
	d.award(e, "D10-4", "", amtD10Big+amtBonus, "含专精特新奖励20万元", "6511 升规 over 1亿 with bonus")
	d.expect(e, "D10-1", "superseded", "", amtD101+amtBonus, 0, "superseded_by:D10-4", "", false, "D10-4 pays more")
	e = d.firm("6513", "朝阳区")
	annual(&e.Rev, 2*yi, 22*yi/10)
	d.refuse(e, "D10-4", "not_first_above_scale", "规上 since 2017")

	// a legally issued early code failing the check digit
	e = d.firm("3911", "朝阳区")
	e.Code = "91350211M0000XUF46"
	newcomer(e, 5000*wan)
	d.award(e, "D10-1", "", amtD101, "信用代码校验位不符，请核对", "early code failing the GB 32100 check: awarded with a remark")
}

// growers set a measure so that 2022 vs 2021 gives the net and growth wanted (figures in 元).
func (d *demo) casesD11() {
	type tierCase struct {
		ind, dist    string
		prev, cur    money
		tier         string
		amount       int64
		assumed      bool
		what         string
		quarterly    bool
		headPrevCurr [2]int
	}
	rule := func(ind string, quarterly bool) string {
		switch {
		case isIndustrial(ind) && !quarterly:
			return "D11-1"
		case isIndustrial(ind):
			return "D11-2"
		case !quarterly:
			return "D11-3"
		}
		return "D11-4"
	}
	cases := []tierCase{
		{"3612", "顺义区", 60 * yi, 70 * yi, "A1", 3_000_000, false, "net exactly 10亿 (含), 16.7%", false, [2]int{500, 520}},
		{"3670", "大兴区", 80 * yi, 92 * yi, "A1", 3_000_000, false, "growth exactly 15% (含)", false, [2]int{900, 900}},
		{"1512", "密云区", 40 * yi, 52 * yi, "A2", 10_000_000, false, "net 12亿, 30% (not 先进制造业: any industry 06–46)", false, [2]int{800, 830}},
		{"3741", "顺义区", 300 * yi, 350 * yi, "A3", 6_000_000, false, "net 50亿, 16.7%", false, [2]int{3000, 3100}},
		{"3612", "北京经济技术开发区", 200 * yi, 280 * yi, "A4", 20_000_000, true, "net 80亿, 40%", false, [2]int{5000, 5600}},
		{"4411", "朝阳区", 600 * yi, 700 * yi, "A5", 15_000_000, true, "net 100亿, 16.7%", false, [2]int{2000, 2000}},
		{"3911", "昌平区", 400 * yi, 520 * yi, "A6", 30_000_000, true, "net 120亿, 30%", false, [2]int{6000, 6500}},
		{"3562", "通州区", 10 * yi, 125 * yi / 10, "B1", 2_000_000, true, "Q1 net 2.5亿, 25%", true, [2]int{300, 290}},
		{"3011", "房山区", 50 * yi, 62 * yi, "B2", 4_000_000, true, "Q1 net 12亿, 24%", true, [2]int{400, 400}},
		{"3841", "北京经济技术开发区", 80 * yi, 105 * yi, "B3", 6_000_000, true, "Q1 net 25亿, 31%", true, [2]int{700, 760}},
		{"6421", "海淀区", 200 * yi, 260 * yi, "C1", 10_000_000, true, "revenue net 60亿, 30%", false, [2]int{4000, 4300}},
		{"6432", "朝阳区", 400 * yi, 520 * yi, "C2", 20_000_000, true, "revenue net 120亿, 30%", false, [2]int{9000, 9100}},
		{"6422", "海淀区", 800 * yi, 1050 * yi, "C3", 30_000_000, true, "revenue net 250亿, 31%", false, [2]int{12000, 12500}},
		{"6513", "西城区", 50 * yi, 62 * yi, "D1", 2_000_000, true, "Q1 revenue net 12亿, 24%", true, [2]int{600, 500}},
		{"6550", "东城区", 100 * yi, 130 * yi, "D2", 4_000_000, true, "Q1 revenue net 30亿, 30%", true, [2]int{800, 800}},
		{"6531", "丰台区", 200 * yi, 260 * yi, "D3", 6_000_000, true, "Q1 revenue net 60亿, 30%", true, [2]int{1500, 1600}},
	}
	for _, c := range cases {
		e := d.firm(c.ind, c.dist)
		s := &e.Out
		if !isIndustrial(c.ind) {
			s = &e.Rev
		}
		if c.quarterly {
			quarter(s, c.prev, c.cur)
		} else {
			annual(s, c.prev, c.cur)
		}
		e.Head21, e.Head22 = c.headPrevCurr[0], c.headPrevCurr[1]
		remark := ""
		if c.assumed {
			remark = assumedRemark
		}
		d.award(e, rule(c.ind, c.quarterly), c.tier, c.amount, remark, c.what)
	}

	// refusals and near misses
	e := d.firm("3511", "怀柔区")
	annual(&e.Out, 100*yi, 1145*yi/10)
	d.expect(e, "D11-1", "refused", "", 0, 0, "growth_below_threshold", "", true, "growth 14.5%: near miss")
	e = d.firm("3421", "平谷区")
	annual(&e.Out, 50*yi, 60*yi-1)
	d.expect(e, "D11-1", "refused", "", 0, 0, "net_below_threshold", "", true, "net 10亿 − 1元: near miss")
	e = d.firm("3612", "延庆区")
	annual(&e.Out, 40*yi, 52*yi)
	e.Head21, e.Head22 = 800, 790
	d.refuse(e, "D11-1", "headcount_fell", "参保人数 800 → 790")
	e = d.firm("3670", "石景山区")
	annual(&e.Out, 40*yi, 52*yi)
	e.Head22 = -1
	d.refuse(e, "D11-1", "missing_data:headcount", "no 参保人数 at 2022-12")
	e = d.firm("2921", "门头沟区")
	e.Out = series{Y2019: absent, Y2020: absent, Y2021: 0, Y2022: 15 * yi, Q2021: 0, Q2022: 3 * yi}
	d.refuse(e, "D11-1", "non_positive_base", "工业总产值 2021 = 0")
	d.refuse(e, "D11-2", "non_positive_base", "Q1 2021 = 0")
	e = d.firm("3311", "大兴区")
	e.Out = noSeries()
	d.refuse(e, "D11-1", "missing_data:output_value", "no 工业总产值 at all")
	e = d.firm("3562", "丰台区")
	quarter(&e.Out, 975*yi/100, 975*yi/100+195*yi/100)
	d.expect(e, "D11-2", "refused", "", 0, 0, "net_below_threshold", "", true, "Q1 net 1.95亿 at 20%: near miss")
	e = d.firm("3411", "昌平区")
	quarter(&e.Out, 60*yi, 63*yi)
	d.refuse(e, "D11-2", "growth_below_threshold", "Q1 net 3亿 at 5%")
	e = d.firm("6513", "海淀区")
	annual(&e.Rev, 1000*yi, 1060*yi)
	d.refuse(e, "D11-3", "growth_below_threshold", "revenue net 60亿 at 6%")
	e = d.firm("6432", "朝阳区")
	annual(&e.Rev, 300*yi, 3585*yi/10)
	d.expect(e, "D11-3", "refused", "", 0, 0, "growth_below_threshold", "", true, "revenue growth 19.5%: near miss")
	e = d.firm("6421", "海淀区")
	annual(&e.Rev, 200*yi, 260*yi)
	e.Head21, e.Head22 = 5000, 4800
	d.refuse(e, "D11-3", "headcount_fell", "参保人数 5000 → 4800")
	e = d.firm("6512", "朝阳区")
	quarter(&e.Rev, 50*yi, 55*yi)
	d.refuse(e, "D11-4", "net_below_threshold", "Q1 revenue net 5亿")
	e = d.firm("6513", "西城区")
	quarter(&e.Rev, 50*yi, 62*yi)
	e.Rev.Q2021 = absent
	d.refuse(e, "D11-4", "missing_data:revenue", "no 2021年1-3月 revenue")

	// stacking: annual and Q1 in the same year
	e = d.firm("3741", "北京经济技术开发区")
	e.Out = series{Y2019: 30 * yi, Y2020: 35 * yi, Y2021: 40 * yi, Y2022: 52 * yi, Q2021: 10 * yi, Q2022: 22 * yi}
	e.Head21, e.Head22 = 1200, 1300
	d.award(e, "D11-1", "A2", 10_000_000, "", "A2 stacks with B2")
	d.award(e, "D11-2", "B2", 4_000_000, assumedRemark, "B2 stacks with A2")

	// 失信 dated between the two evaluation dates: only the annual round refuses
	e = d.firm("3973", "北京经济技术开发区")
	e.Out = series{Y2019: 50 * yi, Y2020: 55 * yi, Y2021: 60 * yi, Y2022: 72 * yi, Q2021: 10 * yi, Q2022: 125 * yi / 10}
	e.Dish = []dishRec{{Listed: "2022-09-01"}}
	d.refuse(e, "D11-1", "serious_dishonesty", "失信 listed 2022-09-01: inside the annual round's window")
	d.award(e, "D11-2", "B1", 2_000_000, assumedRemark, "失信 listed after 2022-06-30: the Q1 round does not see it")

	// other funds for direction 11
	e = d.firm("3911", "海淀区")
	annual(&e.Out, 60*yi, 72*yi)
	e.Funds = []fundRec{{Direction: 11, Name: "北京市稳增长专项资金"}}
	d.refuse(e, "D11-1", "other_municipal_funds", "other-funds row for 方向11 with empty 年度")

	// affiliate_shift: X grows 12亿 while two other members fall 5亿 + 2亿 (one not in the register)
	x := d.firm("3612", "顺义区")
	annual(&x.Out, 40*yi, 52*yi)
	x.Group = "JT-0001 北京汽车集团"
	d.expect(x, "D11-1", "review", "A2", 10_000_000, 0, "affiliate_shift", "", false,
		"group members fell 7亿 ≥ half of 12亿")
	y := d.firm("3670", "顺义区")
	annual(&y.Out, 20*yi, 15*yi)
	y.Group = x.Group
	d.refuse(y, "D11-1", "net_below_threshold", "group member whose output fell")
	z := d.firm("3670", "怀柔区")
	annual(&z.Out, 10*yi, 8*yi)
	z.Group, z.InReg = x.Group, false
	// a group whose other member fell too little to matter
	x2 := d.firm("3741", "顺义区")
	annual(&x2.Out, 70*yi, 82*yi)
	x2.Group = "JT-0002 中航（北京）集团"
	d.award(x2, "D11-1", "A1", 3_000_000, "", "group member fell 3亿 < half of 12亿")
	y2 := d.firm("3741", "昌平区")
	annual(&y2.Out, 30*yi, 27*yi)
	y2.Group = x2.Group
}

// badRows adds the deliberately bad rows: a credit code Excel turned into scientific notation, an
// unparseable number, a district that is not in Beijing's list, and an exact duplicate. None is in a kind
// where an unreadable code stops the run.
func (d *demo) badRows() {
	var ind, soft *ent
	for _, e := range d.ents[len(d.ents)-demoBackground:] {
		if ind == nil && isIndustrial(e.Industry) && e.Head21 >= 0 && e.Head22 >= 0 {
			ind = e
		}
		if soft == nil && !isIndustrial(e.Industry) && e.Head22 >= 0 {
			soft = e
		}
	}
	// The code Excel mangled sits in the 参保人数 file: in the 规上名录 a row whose code cannot be read would
	// stop the run (rules.md "Holds"), and the demo is meant to publish.
	d.extra["revenue"] = [][]any{{ind.Code, ind.Name, "2022年1-12月", "1,2O5.30"}}
	d.extra["headcount"] = [][]any{{soft.Code, soft.Name, headcountWhen(soft, 2022), soft.Head22},
		{"9.11101E+17", "北京华信科技有限公司", "2022年12月", 50}}
	u := d.code(distNamed("大兴区"))
	d.extra["enterprises"] = [][]any{{u, "北京雄创智能装备有限公司", "3990", "3990", "雄安新区", nil, "2019-05"}}
}

// headcountWhen is the 统计时点 writeHeadcount uses for e's year-end figure.
func headcountWhen(e *ent, year int) string {
	if e.Code[15]%2 == 0 {
		return strconv.Itoa(year) + "-12-31"
	}
	return strconv.Itoa(year) + "年12月"
}

// casesHolds adds enterprises whose award waits for a person because the data it rests on could not be read
// for certain (rules.md "Holds: doubt never pays"): outcome review, amount computed, nothing paid.
func (d *demo) casesHolds() {
	e := d.firm("3511", "朝阳区")
	newcomer(e, 5000*wan)
	e.Prior = []priorRec{{Year: policyYear, Direction: 7, Item: "方向7", Wan: "—"}}
	d.expect(e, "D10-1", "review", "", amtD101, 0, "prior_award_amount_missing", "", false,
		"a 2022 award of 方向7 with no amount: the 孰高兑付 baseline is unknown")

	e = d.firm("3973", "海淀区")
	newcomer(e, 5000*wan)
	e.Spec = []specRec{{Level: "省级专精特新", Recognized: "2021-04-01"}}
	d.expect(e, "D10-1", "review", "", amtD101, 0, "row_unreadable", "", false,
		"its 专精特新 row has a 级别 no list knows: quarantined, the award waits")

	e = d.firm("3411", "丰台区")
	annual(&e.Out, 12*yi/10, 13*yi/10)
	e.Out.Y2019, e.Out.Y2020 = 6000*wan, absent
	d.expect(e, "D10-3", "review", "", amtD10Big, 0, "missing_history", "", false,
		"首超1亿 in 2021, 规上 in 2020 but no 2020 工业总产值 in the batch: first cannot be confirmed")
}
