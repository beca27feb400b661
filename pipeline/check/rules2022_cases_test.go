package check

import "github.com/bjgjj/awards/loaders"

// The rules suite: every row of rules.md at its boundaries, as cases a person can read in the generated
// workbook testdata/cases/rules-2022.xlsx. Every expected amount is worked out here by hand from rules.md
// (万元 throughout; 1亿 = 10000万, 10亿 = 100000万, 1元 = 0.0001万), never by running the pipeline.
//
// Evaluation dates of the 2022 policy: direction 10 and the Q1 round 2022-06-30 (失信 window
// [2019-06-30, 2022-06-30]); the annual round 2023-01-31 (window [2020-01-31, 2023-01-31]).
//
// The 禁限目录 is the batch's: its prefixes (2631, 3411, 2614, 3562, 2669, 3434, and the template's 2761)
// are used only by the 禁限 cases. Ordinary cases use codes outside every catalogue row.

// suite accumulates cases; want fills in the current case id.
type suite struct {
	c  Cases
	id string
}

func (s *suite) add(id, note string, opts ...entOpt) *suite {
	s.id = id
	s.c.Enterprises = append(s.c.Enterprises, ent(id, note, opts...))
	return s
}

// also adds another enterprise to the current case.
func (s *suite) also(opts ...entOpt) *suite {
	s.c.Enterprises = append(s.c.Enterprises, ent(s.id, "", opts...))
	return s
}

func (s *suite) want(xs ...Expectation) *suite {
	for _, x := range xs {
		if x.CaseID == "" {
			x.CaseID = s.id
		}
		s.c.Expectations = append(s.c.Expectations, x)
	}
	return s
}

const (
	assumedTier = "档位金额为假设值，待核定"
	specBonus   = "含专精特新奖励20万元"
	badCheck    = "信用代码校验位不符，请核对"
	municipal   = "市级专精特新"
	giant       = `国家级专精特新"小巨人"`
)

// Profiles shared by many cases.
var (
	// adv: a 先进制造业 enterprise (大类 39) in 海淀, first 规上 in 2021, too small for 首超1亿: D10-1 pays 30.
	adv = with(industry("3921"), district("110108"), aboveScale(2021), out(2021, "5000"))
	// ind: an industrial enterprise outside 先进制造业 (大类 33): no direction-10 decisions at all.
	ind = with(industry("3311"), district("110106"), aboveScale(2019, 2020, 2021, 2022))
	// soft: a software enterprise (大类 64) long 规上: D10-4 refused, only direction 11 matters.
	soft = with(industry("6410"), district("110108"), aboveScale(2019, 2020, 2021, 2022))
	// allRound: qualifies for D10-3 (first over 1亿 in 2021: 1.5亿), D11-1 (net 10.5亿 ≥ 20%: A2) and
	// D11-2 (Q1 net 2.2亿 ≥ 20%: B1); D10-1 (30) is superseded by D10-3 (50).
	allRound = with(industry("3922"), district("110105"), aboveScale(2021, 2022), out(2021, "15000"),
		out(2022, "120000"), outQ1(2021, "3000"), outQ1(2022, "25000"), staff(2021, 100), staff(2022, 100))
	// allSoft: qualifies for D10-4 (1.5亿), D11-3 (net 50亿: C1) and D11-4 (Q1 net 10亿: D1).
	allSoft = with(industry("6410"), district("110108"), aboveScale(2021, 2022), rev(2021, "15000"),
		rev(2022, "515000"), revQ1(2021, "5000"), revQ1(2022, "105000"), staff(2021, 300), staff(2022, 300))
	// a2: annual industrial figures of tier A2 exactly at its net floor: 50亿 → 60亿 (net 10亿, 20%).
	a2 = with(ind, out(2021, "500000"), out(2022, "600000"), staff(2021, 1000), staff(2022, 1000))
)

// annual gives annual output figures and equal headcounts to an industrial enterprise.
func annual(prev, cur string) entOpt {
	return with(ind, out(2021, prev), out(2022, cur), staff(2021, 1000), staff(2022, 1000))
}

func q1(prev, cur string) entOpt { return with(ind, outQ1(2021, prev), outQ1(2022, cur)) }

func swAnnual(prev, cur string) entOpt {
	return with(soft, rev(2021, prev), rev(2022, cur), staff(2021, 2000), staff(2022, 2000))
}

func swQ1(prev, cur string) entOpt { return with(soft, revQ1(2021, prev), revQ1(2022, cur)) }

// badCheckCode is a well-formed code whose check character is wrong.
func badCheckCode() string {
	first := "91110108MA0000001"
	c, _ := loaders.USCCCheckChar(first)
	for _, alt := range "0123456789" {
		if byte(alt) != c {
			return first + string(alt)
		}
	}
	return ""
}

func rules2022Cases() *Cases {
	s := &suite{}

	// ---- G1–G4: general conditions -------------------------------------------------------------
	s.add("G1-外埠", "区划代码120101（天津）不在北京：不予奖励", adv, district("120101")).
		want(refused("", "D10-1", "not_beijing"))
	s.add("G1-外埠-方向11", "外埠企业的方向11也不予奖励", annual("500000", "600000"), district("120101")).
		want(refused("", "D11-1", "not_beijing"))
	s.add("G2-非独立法人", "是否独立法人＝否", adv, legalPerson("否")).want(refused("", "D10-1", "not_legal_person"))
	s.add("G2-产业活动单位", "产业活动单位不是独立法人", adv, legalPerson("产业活动单位")).
		want(refused("", "D10-1", "not_legal_person"))
	s.add("G2-个体", "个体", adv, legalPerson("个体")).want(refused("", "D10-1", "not_legal_person"))
	s.add("G2-92开头", "信用代码以92开头（个体工商户）", adv, code("92")).want(refused("", "D10-1", "not_legal_person"))
	s.add("G2-法人", "是否独立法人＝是：照常奖励", adv, legalPerson("是")).want(awarded("", "D10-1", "30"))
	s.add("校验位不符", "信用代码校验位不符只是提示：照常奖励，备注提示核对", adv, code(badCheckCode())).
		want(awarded("", "D10-1", "30", remark(badCheck)))

	// G3 by rule group: direction 10 and Q1 look at 2022-06-30, the annual round at 2023-01-31.
	s.add("G3-9月列入", "失信2022-09-01列入：只影响全年（评价日2023-01-31），不影响方向10和一季度", allRound,
		dishonest("2022-09-01", "")).
		want(awarded("", "D10-3", "50"), refused("", "D11-1", "serious_dishonesty"),
			tiered("", "D11-2", "B1", "200", remark(assumedTier)))
	s.add("G3-9月列入-软件", "软件企业同理：D11-3不予奖励，D11-4和D10-4照常", allSoft, dishonest("2022-09-01", "")).
		want(awarded("", "D10-4", "50"), refused("", "D11-3", "serious_dishonesty"),
			tiered("", "D11-4", "D1", "200", remark(assumedTier)))
	s.add("G3-移出于窗口起点", "2019-06-30移出＝方向10窗口起点（含）：方向10和一季度不予奖励；全年窗口自2020-01-31起，不受影响",
		allRound, dishonest("2016-05-01", "2019-06-30")).
		want(refused("", "D10-3", "serious_dishonesty"), refused("", "D11-2", "serious_dishonesty"),
			tiered("", "D11-1", "A2", "1000"))
	s.add("G3-窗口前一日移出", "2019-06-29移出，早于所有窗口：全部照常", allRound, dishonest("2016-05-01", "2019-06-29")).
		want(awarded("", "D10-3", "50"), tiered("", "D11-2", "B1", "200"), tiered("", "D11-1", "A2", "1000"))
	s.add("G3-恰三年前列入", "2020-01-31列入＝全年评价日前恰3年（含）：全年不予奖励；方向10窗口也覆盖",
		allRound, dishonest("2020-01-31", "2020-03-01")).
		want(refused("", "D11-1", "serious_dishonesty"), refused("", "D10-3", "serious_dishonesty"))
	s.add("G3-全年窗口前移出", "2020-01-30移出：全年照常，方向10（窗口自2019-06-30）不予奖励", allRound,
		dishonest("2018-01-01", "2020-01-30")).
		want(tiered("", "D11-1", "A2", "1000"), refused("", "D10-3", "serious_dishonesty"))
	s.add("G3-评价日当日列入", "2022-06-30列入（评价日，含）：三组都不予奖励", allRound, dishonest("2022-06-30", "")).
		want(refused("", "D10-3", "serious_dishonesty"), refused("", "D11-2", "serious_dishonesty"),
			refused("", "D11-1", "serious_dishonesty"))
	s.add("G3-评价日次日列入", "2022-07-01列入：方向10和一季度照常，全年不予奖励", allRound, dishonest("2022-07-01", "")).
		want(awarded("", "D10-3", "50"), tiered("", "D11-2", "B1", "200"), refused("", "D11-1", "serious_dishonesty"))

	s.add("G4-方向10本年", "已获方向10其他市级资金（2022年）：方向10不予奖励，方向11照常", allRound,
		otherFunds("10", "2022")).
		want(refused("", "D10-3", "other_municipal_funds"), tiered("", "D11-1", "A2", "1000"))
	s.add("G4-方向10无年度", "其他市级资金未写年度：视为每年", allRound, otherFunds("方向10", "")).
		want(refused("", "D10-3", "other_municipal_funds"))
	s.add("G4-方向10往年", "其他市级资金是2021年的：不影响2022年", allRound, otherFunds("10", "2021")).
		want(awarded("", "D10-3", "50"))
	s.add("G4-方向11", "已获方向11其他市级资金：方向11两轮不予奖励，方向10照常", allRound, otherFunds("11", "2022")).
		want(refused("", "D11-1", "other_municipal_funds"), refused("", "D11-2", "other_municipal_funds"),
			awarded("", "D10-3", "50"))

	// ---- Sectors -------------------------------------------------------------------------------
	s.add("行业-大类40", "先进制造业含大类40", adv, industry("4090")).want(awarded("", "D10-1", "30"))
	s.add("行业-大类34", "先进制造业含大类34", adv, industry("3442")).want(awarded("", "D10-1", "30"))
	s.add("行业-大类27", "先进制造业含大类27", adv, industry("2710")).want(awarded("", "D10-1", "30"))
	s.add("行业-大类26", "先进制造业含大类26", adv, industry("2621")).want(awarded("", "D10-1", "30"))
	s.add("行业-大类33", "大类33不属先进制造业：无方向10决定", adv, industry("3399")).
		want(noDecision("", "D10-1"), noDecision("", "D10-3"))
	s.add("行业-大类41", "大类41不属先进制造业", adv, industry("4190")).want(noDecision("", "D10-1"))
	s.add("行业-6511", "基础软件6511属升规范围", industry("6511"), district("110108"), aboveScale(2021), rev(2021, "3000")).
		want(awarded("", "D10-1", "30"), refused("", "D10-4", "below_first_threshold"))
	s.add("行业-6520", "集成电路设计6520属升规范围", industry("6520"), district("110108"), aboveScale(2021), rev(2021, "3000")).
		want(awarded("", "D10-1", "30"))
	s.add("行业-工业软件2021", "工业软件名单（认定年份2021≤上一年度）：属升规范围", industry("6513"), district("110108"),
		aboveScale(2021), rev(2021, "2000"), software("2021")).want(awarded("", "D10-1", "30"))
	s.add("行业-工业软件无年份", "工业软件名单无认定年份：计入", industry("6513"), district("110108"), aboveScale(2021),
		rev(2021, "2000"), software("是")).want(awarded("", "D10-1", "30"))
	s.add("行业-工业软件2022", "工业软件认定年份2022晚于2021：不计入，6513本身不属升规范围", industry("6513"),
		district("110108"), aboveScale(2021), rev(2021, "2000"), software("2022")).
		want(noDecision("", "D10-1"), refused("", "D10-4", "below_first_threshold"))
	s.add("行业-6513不在名单", "应用软件6513不在工业软件名单：无升规决定", industry("6513"), district("110108"),
		aboveScale(2021), rev(2021, "2000")).want(noDecision("", "D10-1"))
	s.add("行业-2011代码", "名录同时有2011版代码6520（当时是信息系统集成）：按2017版6531，不属升规范围",
		industry("6531"), industry2011("6520"), district("110108"), aboveScale(2021), rev(2021, "2000")).
		want(noDecision("", "D10-1"))
	s.add("行业-大类06", "工业含大类06", a2, industry("0610")).want(tiered("", "D11-1", "A2", "1000"))
	s.add("行业-大类46", "工业含大类46", a2, industry("4610")).want(tiered("", "D11-1", "A2", "1000"))
	s.add("行业-大类47", "大类47（建筑业）不属工业：无方向11工业决定", a2, industry("4710")).
		want(noDecision("", "D11-1"), noDecision("", "D11-2"))
	s.add("行业-大类05", "大类05不属工业", a2, industry("0511")).want(noDecision("", "D11-1"))
	s.add("行业-大类63", "大类63不属软件信息服务业", swAnnual("2000000", "2500000"), industry("6311")).
		want(noDecision("", "D11-3"), noDecision("", "D10-4"))
	s.add("行业-6520全年", "6520属大类65：软件全年适用", swAnnual("2000000", "2500000"), industry("6520")).
		want(tiered("", "D11-3", "C1", "1000"))

	// ---- D10-1 升规 ------------------------------------------------------------------------------
	s.add("D10-1-基本", "2021年首次纳入规上的先进制造业企业：30万元；产值不足1亿，未投产信息", adv).
		want(awarded("", "D10-1", "30"), refused("", "D10-3", "below_first_threshold"),
			refused("", "D10-2", "missing_data:start_month"))
	s.add("D10-1-非首次", "2019年已是规上：不是首次", adv, aboveScale(2019, 2021)).
		want(refused("", "D10-1", "not_first_above_scale"))
	s.add("D10-1-2022纳规", "2022年才纳入规上：不属2021年升规", adv, aboveScale(2022)).want(refused("", "D10-1"))
	s.add("D10-1-专精特新", "市级专精特新有效：30+20=50万元", adv, spec(municipal, "2021-05-10", "2024-05-09")).
		want(awarded("", "D10-1", "50", remark(specBonus)))

	// 专精特新 validity on 2022-06-30, both ends inclusive.
	s.add("专精-前一日到期", "有效期至2022-06-29（评价日前一天）：无加奖", adv, spec(municipal, "2019-06-29", "2022-06-29")).
		want(awarded("", "D10-1", "30"))
	s.add("专精-当日到期", "有效期至2022-06-30（含）：加奖", adv, spec(municipal, "2019-07-01", "2022-06-30")).
		want(awarded("", "D10-1", "50", remark(specBonus)))
	s.add("专精-当日认定", "2022-06-30认定（含）：加奖", adv, spec(municipal, "2022-06-30", "2025-06-29")).
		want(awarded("", "D10-1", "50"))
	s.add("专精-次日认定", "2022-07-01认定：评价日时尚未认定，无加奖", adv, spec(municipal, "2022-07-01", "2025-06-30")).
		want(awarded("", "D10-1", "30"))
	s.add("专精-仅年份2019", "只有认定年份2019：自2019-01-01起三年至2022-01-01，已过期", adv, spec(municipal, "2019", "")).
		want(awarded("", "D10-1", "30"))
	s.add("专精-仅年份2020", "只有认定年份2020：有效至2023-01-01", adv, spec(municipal, "2020", "")).
		want(awarded("", "D10-1", "50"))
	s.add("专精-无有效期恰三年", "2019-06-30认定、无有效期至：三年后同日2022-06-30到期（含）", adv,
		spec(municipal, "2019-06-30", "")).want(awarded("", "D10-1", "50"))
	s.add("专精-无有效期差一天", "2019-06-29认定、无有效期至：2022-06-29到期", adv, spec(municipal, "2019-06-29", "")).
		want(awarded("", "D10-1", "30"))
	s.add("专精-创新型", "创新型中小企业不算专精特新", adv, spec("创新型中小企业", "2021-01-01", "2024-01-01")).
		want(awarded("", "D10-1", "30"))
	s.add("专精-小巨人", `国家级专精特新"小巨人"算`, adv, spec(giant, "2021-07-01", "2024-06-30")).
		want(awarded("", "D10-1", "50"))
	s.add("专精-别名", "北京市专精特新中小企业（市级的另一写法）", adv, spec("北京市专精特新中小企业", "2021-07-01", "")).
		want(awarded("", "D10-1", "50"))

	// 禁限目录: rows at the end of this function.
	s.add("禁限-本区", "房山区禁止2631：房山企业不予奖励", adv, industry("2631"), district("110111")).
		want(refused("", "D10-1", "restricted_industry"))
	s.add("禁限-他区", "房山区禁止2631：大兴企业不受影响", adv, industry("2631"), district("大兴区")).
		want(awarded("", "D10-1", "30"))
	s.add("禁限-城六区内", "城六区限制3411：朝阳企业不予奖励（限制也排除）", adv, industry("3411"), district("110105")).
		want(refused("", "D10-1", "restricted_industry"))
	s.add("禁限-城六区石景山", "城六区含石景山", adv, industry("3411"), district("石景山区")).
		want(refused("", "D10-1", "restricted_industry"))
	s.add("禁限-城六区外", "通州不在城六区", adv, industry("3411"), district("110112")).want(awarded("", "D10-1", "30"))
	s.add("禁限-全市", "全市禁止2614", adv, industry("2614"), district("110113")).
		want(refused("", "D10-1", "restricted_industry"))
	s.add("禁限-全市-区未知", "区未知（110000）也受全市条目约束", adv, industry("2614"), district("110000")).
		want(refused("", "D10-1", "restricted_industry"))
	s.add("禁限-亦庄", "经济技术开发区（110115403）按大兴区适用：大兴区限制3562", adv, industry("3562"),
		district("110115403")).want(refused("", "D10-1", "restricted_industry"))
	s.add("禁限-亦庄登记码", "110302（开发区登记机关）同属经开区", adv, industry("3562"), district("110302")).
		want(refused("", "D10-1", "restricted_industry"))
	s.add("禁限-亦庄名称", "写作“经济技术开发区”", adv, industry("3562"), district("经济技术开发区")).
		want(refused("", "D10-1", "restricted_industry"))
	s.add("禁限-大兴外", "通州的3562不受大兴区条目约束", adv, industry("3562"), district("通州区")).
		want(awarded("", "D10-1", "30"))
	s.add("禁限-区未知", "区未知只受全市条目约束：海淀禁止2669不适用", adv, industry("2669"), district("110000")).
		want(awarded("", "D10-1", "30"))
	s.add("禁限-海淀", "海淀禁止2669", adv, industry("2669"), district("海淀区")).
		want(refused("", "D10-1", "restricted_industry"))
	s.add("禁限-核心区", "核心区（东城、西城）限制3434：西城不予奖励", adv, industry("3434"), district("110102")).
		want(refused("", "D10-1", "restricted_industry"))
	s.add("禁限-核心区外", "朝阳不在核心区", adv, industry("3434"), district("110105")).want(awarded("", "D10-1", "30"))
	s.add("禁限-首超1亿", "禁限也排除首超1亿；方向11不看禁限", allRound, industry("2631"), district("房山区")).
		want(refused("", "D10-3", "restricted_industry"), tiered("", "D11-1", "A2", "1000"))

	// ---- D10-2 新建投产 -------------------------------------------------------------------------------
	s.add("D10-2-当年投产", "2021年3月投产、2021年首次规上：50万元；升规30万元被替代", adv, industry("4011"),
		started("2021-03")).
		want(awarded("", "D10-2", "50"), superseded("", "D10-1", "30", reasonsAre("superseded_by:D10-2")))
	s.add("D10-2-12月投产", "2021年12月投产仍属2021年", adv, started("2021-12")).want(awarded("", "D10-2", "50"))
	s.add("D10-2-上年投产", "2020年12月投产：不是当年", adv, started("2020-12")).
		want(refused("", "D10-2", "not_started_in_year"), awarded("", "D10-1", "30"))
	s.add("D10-2-次年投产", "2022年1月投产：不是2021年", adv, started("2022-01")).
		want(refused("", "D10-2", "not_started_in_year"))
	s.add("D10-2-非首次规上", "2021年投产但2020年已是规上", adv, started("2021-06"), aboveScale(2020, 2021)).
		want(refused("", "D10-2", "not_first_above_scale"))

	// ---- D10-3 首超1亿（工业）------------------------------------------------------------------------
	first1e := with(industry("2720"), district("110115"), aboveScale(2020, 2021), out(2020, "8000"))
	s.add("D10-3-恰1亿", "2021年产值恰好1亿元（含）：50万元", first1e, out(2021, "10000")).
		want(awarded("", "D10-3", "50"), refused("", "D10-1", "not_first_above_scale"))
	s.add("D10-3-差1元", "1亿元差1元：不予奖励，接近门槛", first1e, out(2021, "9999.9999")).
		want(expect("", "D10-3", "refused", "", "0", "0", reasonsAre("below_first_threshold"), nearMiss(true)))
	s.add("D10-3-差5%以上", "9499.9999万元：差距超过5%，不算接近门槛", first1e, out(2021, "9499.9999")).
		want(expect("", "D10-3", "refused", "", "0", "0", reasonsAre("below_first_threshold"), nearMiss(false)))
	s.add("D10-3-多1元", "1亿元多1元", first1e, out(2021, "10000.0001")).want(awarded("", "D10-3", "50"))
	s.add("D10-3-早年已超", "2019年已超1亿：2021年不是首超", first1e, aboveScale(2019, 2020, 2021), out(2019, "12000"),
		out(2021, "15000")).want(refused("", "D10-3", "not_first_over_threshold"))
	s.add("D10-3-早年恰1亿", "2020年恰好1亿（含）：2021年不是首超", first1e, out(2020, "10000"), out(2021, "15000")).
		want(refused("", "D10-3", "not_first_over_threshold"))
	s.add("D10-3-早年差1元", "2020年差1元不到1亿：2021年是首超", first1e, out(2020, "9999.9999"), out(2021, "15000")).
		want(awarded("", "D10-3", "50"))
	s.add("D10-3-专精特新", `首超1亿且为"小巨人"：50+20=70万元`, first1e, out(2021, "12000"),
		spec(giant, "2020-07-01", "2023-06-30")).want(awarded("", "D10-3", "70", remark(specBonus)))
	s.add("D10-3-非规上", "2021年不是规上（2022年才纳入）", industry("2720"), district("110115"), aboveScale(2022),
		out(2021, "20000")).want(refused("", "D10-3", "not_above_scale"))
	s.add("D10-3-缺产值", "缺2021年产值", industry("2720"), district("110115"), aboveScale(2020, 2021), out(2020, "8000")).
		want(refused("", "D10-3", "missing_data:output_value"))

	// ---- D10-4 首超1亿（软件）------------------------------------------------------------------------
	sw1e := with(industry("6410"), district("110108"), aboveScale(2021))
	s.add("D10-4-恰1亿", "2021年首次规上，营业收入恰好1亿元：50万元", sw1e, rev(2021, "10000")).want(awarded("", "D10-4", "50"))
	s.add("D10-4-差1元", "营业收入差1元到1亿：接近门槛", sw1e, rev(2021, "9999.9999")).
		want(expect("", "D10-4", "refused", "", "0", "0", reasonsAre("below_first_threshold"), nearMiss(true)))
	s.add("D10-4-非首次规上", "2020年已是规上", sw1e, aboveScale(2020, 2021), rev(2021, "20000")).
		want(refused("", "D10-4", "not_first_above_scale"))
	s.add("D10-4-专精特新", "市级专精特新：70万元", sw1e, rev(2021, "12000"), spec(municipal, "2021-01-01", "")).
		want(awarded("", "D10-4", "70", remark(specBonus)))
	s.add("D10-4-缺收入", "缺2021年营业收入", sw1e).want(refused("", "D10-4", "missing_data:revenue"))
	s.add("D10-4-基础软件", "6511同时满足升规（30）和首超1亿（50）：付50，升规被替代", sw1e, industry("6511"),
		rev(2021, "20000")).
		want(awarded("", "D10-4", "50"), superseded("", "D10-1", "30", reasonsAre("superseded_by:D10-4")))

	// ---- Direction 10: highest item, tie-break -------------------------------------------------------
	s.add("D10并列-升规对投产", "升规+专精特新50万＝新建投产50万：并列取规则号小的D10-1", adv, started("2021-05"),
		spec(municipal, "2021-03-01", "")).
		want(awarded("", "D10-1", "50"), superseded("", "D10-2", "50", reasonsAre("superseded_by:D10-1")))
	s.add("D10并列-投产对首超", "新建投产50万＝首超1亿50万：取D10-2；升规30万也被替代", industry("3612"),
		district("110113"), started("2021-02"), aboveScale(2021), out(2021, "12000")).
		want(awarded("", "D10-2", "50"), superseded("", "D10-3", "50", reasonsAre("superseded_by:D10-2")),
			superseded("", "D10-1", "30", reasonsAre("superseded_by:D10-2")))
	s.add("D10最高-首超加奖", "加专精特新：首超70万最高，升规50、投产50被替代", industry("3612"), district("110113"),
		started("2021-02"), aboveScale(2021), out(2021, "12000"), spec(municipal, "2021-03-01", "")).
		want(awarded("", "D10-3", "70"), superseded("", "D10-1", "50", reasonsAre("superseded_by:D10-3")),
			superseded("", "D10-2", "50", reasonsAre("superseded_by:D10-3")))

	// ---- One-time and 孰高兑付 -------------------------------------------------------------------------
	s.add("一次性-2021已获", "2021年已获方向10奖励：方向10各项不予奖励", adv, out(2021, "15000"),
		prior("2021", "10", "D10-1", "30")).
		want(refused("", "D10-1", "already_awarded"), refused("", "D10-3", "already_awarded"))
	s.add("孰高-差额补齐", "本年已获方向5奖励20万：升规30万差额补齐10万", adv, prior("2022", "5", "", "20")).
		want(expect("", "D10-1", "topped_up", "无", "30", "10", remark("差额补齐")))
	s.add("孰高-相等被替代", "本年已获方向3奖励30万：升规30万不高于已兑付，被替代", adv, prior("2022", "3", "", "30")).
		want(expect("", "D10-1", "superseded", "", "30", "0", reasonsAre("prior_award_in_year")))
	s.add("孰高-更高被替代", "本年已获方向1奖励100万", adv, prior("2022", "1", "", "100")).
		want(expect("", "D10-1", "superseded", "", "30", "0", reasonsAre("prior_award_in_year")))
	s.add("孰高-方向11不计", "本年已获方向11奖励：方向11可叠加，不计入已兑付", adv, prior("2022", "11", "D11-1", "300")).
		want(awarded("", "D10-1", "30"))
	s.add("孰高-往年不计", "2021年的方向5奖励不计入2022年已兑付", adv, prior("2021", "5", "", "20")).
		want(awarded("", "D10-1", "30"))
	s.add("孰高-本年方向10计入", "本年已兑付方向10项目20万（计入）：首超50万差额补齐30万", first1e, out(2021, "12000"),
		prior("2022", "10", "D10-1", "20")).
		want(expect("", "D10-3", "topped_up", "无", "50", "30"))
	s.add("孰高-多笔合计", "本年已兑付方向5的20万和方向7的10万，合计30万：首超50万补20万", first1e, out(2021, "12000"),
		prior("2022", "5", "", "20"), prior("2022", "7", "", "10")).
		want(expect("", "D10-3", "topped_up", "无", "50", "20"))
	s.add("孰高-方向11不受影响", "方向11与其他方向叠加：本年已获方向5奖励500万，A1照付300万",
		annual("1000000", "1150000"), prior("2022", "5", "", "500")).
		want(tiered("", "D11-1", "A1", "300"))

	// ---- D11 stacking ------------------------------------------------------------------------------
	s.add("叠加-工业", "全年A2、一季度B1、首超1亿同时兑付", allRound).
		want(awarded("", "D10-3", "50"), superseded("", "D10-1", "30"), tiered("", "D11-1", "A2", "1000"),
			tiered("", "D11-2", "B1", "200", remark(assumedTier)))
	s.add("叠加-软件", "软件全年C1、一季度D1、首超1亿同时兑付", allSoft).
		want(awarded("", "D10-4", "50"), tiered("", "D11-3", "C1", "1000", remark(assumedTier)),
			tiered("", "D11-4", "D1", "200", remark(assumedTier)))

	// ---- D11-1 table A ---------------------------------------------------------------------------
	s.add("A1-恰15%", "100亿→115亿：净增15亿、增速恰15%（含）：A1 300万", annual("1000000", "1150000")).
		want(tiered("", "D11-1", "A1", "300"))
	s.add("A-14.99%", "100亿→114.99亿：增速14.99%，差0.01个百分点：接近门槛", annual("1000000", "1149900")).
		want(expect("", "D11-1", "refused", "", "0", "0", reasonsAre("growth_below_threshold"), nearMiss(true)))
	s.add("A-14.26%", "增速14.26%：在15%的5%以内，接近门槛", annual("1000000", "1142600")).
		want(expect("", "D11-1", "refused", "", "0", "0", reasonsAre("growth_below_threshold"), nearMiss(true)))
	s.add("A-14.24%", "增速14.24%：差距超过5%，不算接近", annual("1000000", "1142400")).
		want(expect("", "D11-1", "refused", "", "0", "0", reasonsAre("growth_below_threshold"), nearMiss(false)))
	s.add("A1-19.99%", "增速19.99%仍在A1", annual("1000000", "1199900")).want(tiered("", "D11-1", "A1", "300"))
	s.add("A2-恰20%", "100亿→120亿：增速恰20%：A2 1000万", annual("1000000", "1200000")).
		want(tiered("", "D11-1", "A2", "1000"))
	s.add("A2-恰10亿", "50亿→60亿：净增恰10亿（含）", a2).want(tiered("", "D11-1", "A2", "1000"))
	s.add("A-10亿差1元", "净增10亿差1元：接近门槛", annual("500000", "599999.9999")).
		want(expect("", "D11-1", "refused", "", "0", "0", reasonsAre("net_below_threshold"), nearMiss(true)))
	s.add("A-两项都不足", "净增5亿、增速5%：两个原因都列出，不算接近", annual("1000000", "1050000")).
		want(expect("", "D11-1", "refused", "", "0", "0", reasonsAre("net_below_threshold", "growth_below_threshold"),
			nearMiss(false)))
	s.add("A3-恰50亿", "300亿→350亿：净增恰50亿、增速16.67%：A3 600万", annual("3000000", "3500000")).
		want(tiered("", "D11-1", "A3", "600"))
	s.add("A1-50亿差1元", "净增50亿差1元：仍在A1", annual("3000000", "3499999.9999")).
		want(tiered("", "D11-1", "A1", "300"))
	s.add("A4", "250亿→300亿：净增50亿、增速20%：A4 2000万（假设值）", annual("2500000", "3000000")).
		want(tiered("", "D11-1", "A4", "2000", remark(assumedTier)))
	s.add("A5-恰100亿", "600亿→700亿：净增恰100亿、增速16.67%：A5 1500万（假设值）", annual("6000000", "7000000")).
		want(tiered("", "D11-1", "A5", "1500", remark(assumedTier)))
	s.add("A3-100亿差1元", "净增100亿差1元：仍在A3", annual("6000000", "6999999.9999")).
		want(tiered("", "D11-1", "A3", "600"))
	s.add("A6", "400亿→500亿：净增100亿、增速25%：A6 3000万（假设值）", annual("4000000", "5000000")).
		want(tiered("", "D11-1", "A6", "3000", remark(assumedTier)))
	s.add("A-参保下降", "参保人数减少1人：不予奖励", a2, staff(2022, 999)).want(refused("", "D11-1", "headcount_fell"))
	s.add("A-缺参保", "缺2022年末参保人数", ind, out(2021, "500000"), out(2022, "600000"), staff(2021, 1000)).
		want(refused("", "D11-1", "missing_data:headcount"))
	s.add("A-缺本年产值", "缺2022年产值", ind, out(2021, "500000"), staff(2021, 1000), staff(2022, 1000)).
		want(refused("", "D11-1", "missing_data:output_value"))
	s.add("A-零基数", "2021年产值为0：增速无定义", annual("0", "150000")).want(refused("", "D11-1", "non_positive_base"))
	s.add("A-非规上", "2022年不是规上", annual("500000", "600000"), aboveScale(2020, 2021)).
		want(refused("", "D11-1", "not_above_scale"))

	// ---- D11-2 table B (Q1, no headcount condition) ------------------------------------------------
	s.add("B1-恰2亿", "一季度10亿→12亿：净增恰2亿（含）、20%：B1 200万（假设值）", q1("100000", "120000")).
		want(tiered("", "D11-2", "B1", "200", remark(assumedTier)))
	s.add("B-2亿差1元", "净增2亿差1元：接近门槛", q1("100000", "119999.9999")).
		want(expect("", "D11-2", "refused", "", "0", "0", reasonsAre("net_below_threshold"), nearMiss(true)))
	s.add("B1-恰15%", "20亿→23亿：增速恰15%", q1("200000", "230000")).want(tiered("", "D11-2", "B1", "200"))
	s.add("B-14.99%", "20亿→22.998亿：增速14.99%", q1("200000", "229980")).
		want(expect("", "D11-2", "refused", "", "0", "0", reasonsAre("growth_below_threshold"), nearMiss(true)))
	s.add("B2-恰10亿", "50亿→60亿：净增恰10亿：B2 400万", q1("500000", "600000")).
		want(tiered("", "D11-2", "B2", "400", remark(assumedTier)))
	s.add("B1-10亿差1元", "净增10亿差1元：仍在B1", q1("500000", "599999.9999")).want(tiered("", "D11-2", "B1", "200"))
	s.add("B3-恰20亿", "100亿→120亿：净增恰20亿：B3 600万", q1("1000000", "1200000")).
		want(tiered("", "D11-2", "B3", "600", remark(assumedTier)))
	s.add("B2-20亿差1元", "净增20亿差1元：仍在B2", q1("1000000", "1199999.9999")).want(tiered("", "D11-2", "B2", "400"))
	s.add("B-参保下降不影响", "一季度不看参保人数", q1("100000", "120000"), staff(2021, 1000), staff(2022, 500)).
		want(tiered("", "D11-2", "B1", "200"))
	s.add("B-零基数", "2021年一季度产值为0", q1("0", "30000")).want(refused("", "D11-2", "non_positive_base"))
	s.add("B-缺本期", "缺2022年一季度产值", ind, outQ1(2021, "100000")).want(refused("", "D11-2", "missing_data:output_value"))

	// ---- D11-3 table C -----------------------------------------------------------------------------
	s.add("C1-恰50亿", "200亿→250亿：净增恰50亿、25%：C1 1000万（假设值）", swAnnual("2000000", "2500000")).
		want(tiered("", "D11-3", "C1", "1000", remark(assumedTier)))
	s.add("C-50亿差1元", "净增50亿差1元：接近门槛", swAnnual("2000000", "2499999.9999")).
		want(expect("", "D11-3", "refused", "", "0", "0", reasonsAre("net_below_threshold"), nearMiss(true)))
	s.add("C1-恰20%", "250亿→300亿：增速恰20%（含）", swAnnual("2500000", "3000000")).want(tiered("", "D11-3", "C1", "1000"))
	s.add("C-19.99%", "500亿→599.95亿：增速19.99%：接近门槛", swAnnual("5000000", "5999500")).
		want(expect("", "D11-3", "refused", "", "0", "0", reasonsAre("growth_below_threshold"), nearMiss(true)))
	s.add("C2-恰100亿", "500亿→600亿：净增恰100亿：C2 2000万", swAnnual("5000000", "6000000")).
		want(tiered("", "D11-3", "C2", "2000", remark(assumedTier)))
	s.add("C1-100亿差1元", "400亿→500亿差1元：仍在C1", swAnnual("4000000", "4999999.9999")).
		want(tiered("", "D11-3", "C1", "1000"))
	s.add("C3-恰200亿", "1000亿→1200亿：净增恰200亿：C3 3000万", swAnnual("10000000", "12000000")).
		want(tiered("", "D11-3", "C3", "3000", remark(assumedTier)))
	s.add("C2-200亿差1元", "800亿→1000亿差1元：仍在C2", swAnnual("8000000", "9999999.9999")).
		want(tiered("", "D11-3", "C2", "2000"))
	s.add("C-参保下降", "参保人数减少", swAnnual("2000000", "2500000"), staff(2022, 1999)).
		want(refused("", "D11-3", "headcount_fell"))
	s.add("C-缺上年收入", "缺2021年营业收入", soft, rev(2022, "2500000"), staff(2021, 2000), staff(2022, 2000)).
		want(refused("", "D11-3", "missing_data:revenue"))

	// ---- D11-4 table D -----------------------------------------------------------------------------
	s.add("D1-恰10亿", "一季度50亿→60亿：净增恰10亿、20%：D1 200万（假设值）", swQ1("500000", "600000")).
		want(tiered("", "D11-4", "D1", "200", remark(assumedTier)))
	s.add("D-10亿差1元", "40亿→50亿差1元：净增10亿差1元、增速24.99%：接近门槛", swQ1("400000", "499999.9999")).
		want(expect("", "D11-4", "refused", "", "0", "0", reasonsAre("net_below_threshold"), nearMiss(true)))
	s.add("D-19.99%", "100亿→119.99亿：增速19.99%", swQ1("1000000", "1199900")).
		want(expect("", "D11-4", "refused", "", "0", "0", reasonsAre("growth_below_threshold"), nearMiss(true)))
	s.add("D2-恰20亿", "100亿→120亿：净增恰20亿：D2 400万", swQ1("1000000", "1200000")).
		want(tiered("", "D11-4", "D2", "400", remark(assumedTier)))
	s.add("D1-20亿差1元", "80亿→100亿差1元：仍在D1", swQ1("800000", "999999.9999")).want(tiered("", "D11-4", "D1", "200"))
	s.add("D3-恰50亿", "200亿→250亿：净增恰50亿：D3 600万", swQ1("2000000", "2500000")).
		want(tiered("", "D11-4", "D3", "600", remark(assumedTier)))
	s.add("D2-50亿差1元", "净增50亿差1元：仍在D2", swQ1("2000000", "2499999.9999")).want(tiered("", "D11-4", "D2", "400"))
	s.add("D-零基数", "2021年一季度收入为0", swQ1("0", "200000")).want(refused("", "D11-4", "non_positive_base"))

	// ---- Affiliates (direction 11 only) ------------------------------------------------------------
	s.add("关联-恰半数", "净增10亿；集团外部成员产值下降恰5亿（＝一半）：待复核，金额照算、本次不付", a2, group("集团甲")).
		want(expect("", "D11-1", "review", "A2", "1000", "0", reasonsAre("affiliate_shift")))
	s.add("关联-不足半数", "成员下降5亿差1元：照常奖励", a2, group("集团乙")).want(tiered("", "D11-1", "A2", "1000"))
	s.add("关联-多成员合计", "两成员各降3亿、2亿，合计5亿；另一成员只有一年数据，按0计：待复核", a2, group("集团丙")).
		want(expect("", "D11-1", "review", "A2", "1000", "0", reasonsAre("affiliate_shift")))
	s.add("关联-名录内成员", "同一用例两家企业同集团：甲净增10亿，乙（在名录内）产值下降6亿：甲待复核", a2,
		name("关联丁甲"), group("集团丁")).
		also(ind, name("关联丁乙"), out(2021, "600000"), out(2022, "540000"), staff(2021, 10), staff(2022, 10), group("集团丁")).
		want(expect("", "D11-1", "review", "A2", "1000", "0", reasonsAre("affiliate_shift"), of("关联丁甲")),
			expect("", "D11-1", "refused", "", "0", "0", of("关联丁乙")))
	s.add("关联-按本规则期别", "一季度成员下降1亿（本企业一季度净增2亿的一半）：一季度待复核；全年成员增长：全年照常", a2,
		outQ1(2021, "100000"), outQ1(2022, "120000"), group("集团戊")).
		want(expect("", "D11-2", "review", "B1", "200", "0", reasonsAre("affiliate_shift")),
			tiered("", "D11-1", "A2", "1000"))
	s.add("关联-方向10不看", "方向10不看关联企业波动", allRound, group("集团己")).
		want(awarded("", "D10-3", "50"))

	// ---- Holds: doubt never pays (rules.md "Holds") -----------------------------------------------------
	// A held pair is review: the amount computed, nothing paid, potential = what it would pay if resolved.
	heldAs := func(rule, tier, wan, pot, reason string, opts ...expOpt) Expectation {
		return expect("", rule, "review", tier, wan, "0", append([]expOpt{reasonsAre(reason), gap(false, tier, pot)}, opts...)...)
	}
	ru := "row_unreadable"
	s.add("隔离-规上名录", "规上名录中该企业一行无法读取（隔离）：升规30万待复核，本次不付", adv, unreadable("规上名录")).
		want(heldAs("D10-1", "无", "30", "30", ru))
	s.add("隔离-参保人数", "参保人数一行无法读取：全年A2待复核；一季度不读参保人数", a2, q1("100000", "120000"), unreadable("参保人数")).
		want(heldAs("D11-1", "A2", "1000", "1000", ru), tiered("", "D11-2", "B1", "200"))
	s.add("隔离-工业总产值", "工业总产值一行无法读取：一季度B1待复核", q1("100000", "120000"), unreadable("工业总产值")).
		want(heldAs("D11-2", "B1", "200", "200", ru))
	s.add("隔离-营业收入", "营业收入一行无法读取：软件一季度D1待复核", swQ1("500000", "600000"), unreadable("营业收入")).
		want(heldAs("D11-4", "D1", "200", "200", ru))
	s.add("隔离-专精特新-投产不读", "专精特新一行无法读取：新建投产不读专精特新，照付50万；升规（读专精特新）被替代",
		adv, started("2021-04"), unreadable("专精特新")).
		want(awarded("", "D10-2", "50"), superseded("", "D10-1", "30", reasonsAre("superseded_by:D10-2")))
	s.add("隔离-严重失信", "严重失信名单中该企业一行无法读取：待复核", adv, unreadable("严重失信")).
		want(heldAs("D10-1", "无", "30", "30", ru))
	s.add("隔离-工业软件-方向11不读", "工业软件名单一行无法读取：方向11不读该名单，照付", a2, unreadable("工业软件")).
		want(tiered("", "D11-1", "A2", "1000"))
	s.add("隔离-其他市级资金", "其他市级资金一行无法读取：每条规则都读该名单，各项应付事项均待复核", allRound, unreadable("其他市级资金")).
		want(heldAs("D10-3", "无", "50", "50", ru), superseded("", "D10-1", "30", reasonsAre("superseded_by:D10-3")),
			heldAs("D11-1", "A2", "1000", "1000", ru), heldAs("D11-2", "B1", "200", "200", ru))
	s.add("隔离-已兑付奖励", "已兑付奖励一行无法读取（金额不是数字）：待复核", adv, unreadable("已兑付奖励")).
		want(heldAs("D10-1", "无", "30", "30", ru))
	s.add("隔离-单位名录-稳运行", "单位名录中该企业的行无法读取（区划不明）：每条规则都读名录，全年A2待复核", a2, unreadable("单位名录")).
		want(heldAs("D11-1", "A2", "1000", "1000", ru))
	s.add("隔离-单位名录-方向10", "单位名录行无法读取：投产年月不明，新建投产50万待复核；升规因行业不明不记录", adv, started("2021-04"),
		unreadable("单位名录")).
		want(heldAs("D10-2", "无", "50", "50", ru))
	s.add("隔离-失信仍拒", "另有一条有效失信记录：不予奖励，不转待复核", adv, dishonest("2021-01-01", ""), unreadable("严重失信")).
		want(refused("", "D10-1", "serious_dishonesty"))

	pam := "prior_award_amount_missing"
	s.add("缺金额-已兑付", "本年方向5已兑付一笔但金额缺失：孰高兑付基数不明，升规待复核", adv, priorNoAmount("2022", "5", "")).
		want(heldAs("D10-1", "无", "30", "30", pam))
	s.add("缺金额-已知30万", "已知本年已兑付30万，另一笔金额缺失：30万不高于已知部分，确定被替代", adv,
		prior("2022", "5", "A", "30"), priorNoAmount("2022", "7", "B")).
		want(superseded("", "D10-1", "30", reasonsAre("prior_award_in_year")))
	s.add("缺金额-已知10万", "已知本年已兑付10万，另一笔金额缺失：待复核，同意后至多补20万", adv,
		prior("2022", "5", "A", "10"), priorNoAmount("2022", "7", "B")).
		want(heldAs("D10-1", "无", "30", "20", pam))
	s.add("缺金额-方向11", "方向11的已兑付金额缺失：方向11可叠加，不影响升规", adv, priorNoAmount("2022", "11", "D11-2")).
		want(awarded("", "D10-1", "30"))
	s.add("缺金额-孰高", "金额缺失：最高的新建投产50万待复核，升规由其替代", adv, started("2021-04"), priorNoAmount("2022", "3", "")).
		want(heldAs("D10-2", "无", "50", "50", pam), superseded("", "D10-1", "30", reasonsAre("superseded_by:D10-2")))

	mh := "missing_history"
	hist := with(industry("2720"), district("110115"), out(2021, "15000"))
	s.add("历史-2020缺产值", "2020年为规上但批次中没有其2020年产值：无法确认首次，首超待复核", hist, aboveScale(2020, 2021)).
		want(heldAs("D10-3", "无", "50", "50", mh))
	s.add("历史-上年同期补足", "2020年产值由2021年行的上年同期报送（8000万）：确认首次，奖励50万", hist, aboveScale(2020, 2021),
		outPrev(2021, "8000")).want(awarded("", "D10-3", "50"))
	s.add("历史-2019缺产值", "2019、2020年为规上，只有2020年产值：2019年缺，待复核", hist, aboveScale(2019, 2020, 2021), out(2020, "8000")).
		want(heldAs("D10-3", "无", "50", "50", mh))
	s.add("历史-2018不查", "2018年为规上：不在核查年度（2019、2020，假设值）内，奖励50万", hist, aboveScale(2018, 2021)).
		want(awarded("", "D10-3", "50"))
	s.add("历史-基数20万", "历史缺产值且本年已兑付20万：待复核，同意后补30万", hist, aboveScale(2020, 2021), prior("2022", "5", "", "20")).
		want(heldAs("D10-3", "无", "50", "30", mh))

	fd := "figures_disagree"
	s.add("矛盾-本身过亿", "2021年本身1.2亿，2022年行报送的上年同期0.9亿：分处1亿两侧，待复核", first1e, out(2021, "12000"),
		out(2022, "13000"), outPrev(2022, "9000")).
		want(heldAs("D10-3", "无", "50", "50", fd))
	s.add("矛盾-本身不足", "2021年本身0.9亿，上年同期1.2亿：待复核，不按不足1亿拒绝", first1e, out(2021, "9000"),
		out(2022, "13000"), outPrev(2022, "12000")).
		want(heldAs("D10-3", "无", "50", "50", fd))
	s.add("矛盾-都过亿", "本身1.2亿、上年同期1.1亿：一致，奖励50万", first1e, out(2021, "12000"), out(2022, "13000"), outPrev(2022, "11000")).
		want(awarded("", "D10-3", "50"))
	s.add("无R行-取上年同期", "没有2021年本身一行：以2022年行报送的上年同期1.2亿为准，奖励50万", industry("2720"), district("110115"),
		aboveScale(2020, 2021), out(2020, "8000"), out(2022, "13000"), outPrev(2022, "12000")).
		want(awarded("", "D10-3", "50"))
	s.add("矛盾-软件", "软件：2021年营业收入本身1.5亿，2022年行上年同期0.8亿：待复核", industry("6410"), district("110108"),
		aboveScale(2021), rev(2021, "15000"), rev(2022, "16000"), revPrev(2022, "8000")).
		want(heldAs("D10-4", "无", "50", "50", fd))

	// Holds within 孰高 and against the year's baseline.
	s.add("暂缓-孰高最高", "规上名录一行无法读取：各项均暂缓；最高的新建投产50万待复核，升规由其替代", adv, started("2021-04"),
		unreadable("规上名录")).
		want(heldAs("D10-2", "无", "50", "50", ru), superseded("", "D10-1", "30", reasonsAre("superseded_by:D10-2")))
	s.add("暂缓-不高于基数", "待复核项不高于本年已兑付50万：被替代，不转待复核", adv, started("2021-04"), unreadable("规上名录"),
		prior("2022", "5", "", "50")).
		want(superseded("", "D10-2", "50", reasonsAre("prior_award_in_year")))
	s.add("暂缓-高于基数", "待复核项高于本年已兑付20万：待复核，同意后补30万", adv, started("2021-04"), unreadable("规上名录"),
		prior("2022", "5", "", "20")).
		want(heldAs("D10-2", "无", "50", "30", ru))

	// ---- Resolutions (复核结论) ---------------------------------------------------------------------
	s.add("复核-同意", "参保人数行无法读取而待复核；复核同意、核定1000万：奖励，备注复核人和日期", a2, unreadable("参保人数"),
		resolved("D11-1", "同意", "1000", "张三", "2023-02-10")).
		want(tiered("", "D11-1", "A2", "1000", remark("经复核同意（张三，2023-02-10）")))
	s.add("复核-不同意", "复核不同意（未填金额）：不予奖励", a2, unreadable("参保人数"), resolved("D11-1", "不同意", "", "李四", "2023-02-11")).
		want(refused("", "D11-1", "rejected_on_review"))
	s.add("复核-金额不符", "核定金额300万与计算金额1000万不符：结论失效，仍待复核", a2, unreadable("参保人数"),
		resolved("D11-1", "同意", "300", "张三", "2023-02-10")).
		want(heldAs("D11-1", "A2", "1000", "1000", ru))
	s.add("复核-不予奖励不可同意", "有失信记录而不予奖励：复核同意也不付", a2, dishonest("2021-01-01", ""),
		resolved("D11-1", "同意", "1000", "张三", "2023-02-10")).
		want(refused("", "D11-1", "serious_dishonesty"))
	s.add("复核-关联同意", "关联企业波动待复核，复核同意：奖励", a2, group("集团庚"), resolved("D11-1", "同意", "1000", "王五", "2023-03-01")).
		want(tiered("", "D11-1", "A2", "1000", remark("经复核同意（王五，2023-03-01）")))
	s.add("复核-同意后差额补齐", "待复核的新建投产经复核同意：本年已兑付20万，差额补齐30万", adv, started("2021-04"), unreadable("规上名录"),
		prior("2022", "5", "", "20"), resolved("D10-2", "同意", "50", "赵六", "2022-08-01")).
		want(expect("", "D10-2", "topped_up", "无", "50", "30", remark("差额补齐：本年已兑付20万元"), remark("经复核同意（赵六，2022-08-01）")))
	s.add("复核-不同意后次高", "首超1亿（70万）因数据矛盾待复核，复核不同意：升规（50万，与投产并列取规则号小者）兑付",
		industry("3612"), district("110113"), started("2021-03"), aboveScale(2021), out(2021, "15000"), out(2022, "16000"),
		outPrev(2022, "9000"), spec(municipal, "2021-01-01", ""), resolved("D10-3", "不同意", "70", "赵六", "2022-08-01")).
		want(refused("", "D10-3", "rejected_on_review"), awarded("", "D10-1", "50", remark(specBonus)),
			superseded("", "D10-2", "50", reasonsAre("superseded_by:D10-1")))

	// ---- Rounds: nothing is paid twice (rules.md "Rounds") ---------------------------------------------
	s.add("轮次-一季度已兑付", "第一批已兑付一季度B1：本批再决定时不予奖励；全年、首超照常", allRound, prior("2022", "11", "D11-2", "200")).
		want(refused("", "D11-2", "already_awarded"), tiered("", "D11-1", "A2", "1000"), awarded("", "D10-3", "50"))
	s.add("轮次-首超已兑付", "第一批已兑付首超50万：首超不予奖励，升规30万不高于已兑付而被替代", allRound,
		prior("2022", "10", "D10-3", "50")).
		want(refused("", "D10-3", "already_awarded"), superseded("", "D10-1", "30", reasonsAre("prior_award_in_year")))
	s.add("轮次-全年已兑付", "本年已兑付全年A2：不重复奖励", a2, prior("2022", "11", "D11-1", "1000")).
		want(refused("", "D11-1", "already_awarded"))

	// ---- Data gaps ----------------------------------------------------------------------------------
	s.add("缺口-参保-A2", "只缺2022年末参保人数：数据缺口，补齐后可得A2 1000万", ind, out(2021, "500000"), out(2022, "600000"),
		staff(2021, 1000)).
		want(expect("", "D11-1", "refused", "", "0", "0", reasonsAre("missing_data:headcount"), gap(true, "A2", "1000")))
	s.add("缺口-无产值", "缺2022年产值：数据缺口，本规则指标缺失，无法估算", ind, out(2021, "500000"), staff(2021, 1000), staff(2022, 1000)).
		want(expect("", "D11-1", "refused", "", "0", "0", reasonsAre("missing_data:output_value"), gap(true, "无", "")))
	s.add("缺口-投产", "缺投产年月：新建投产为数据缺口，补齐后可得50万（高于升规30万）", adv).
		want(expect("", "D10-2", "refused", "", "0", "0", reasonsAre("missing_data:start_month"), gap(true, "", "50")))
	s.add("缺口-投产-被更高", "缺投产年月但首超加专精特新70万更高：补齐也不兑付", adv, out(2021, "15000"), spec(municipal, "2021-01-01", "")).
		want(expect("", "D10-2", "refused", "", "0", "0", reasonsAre("missing_data:start_month"), gap(true, "", "0")),
			awarded("", "D10-3", "70"))
	s.add("缺口-非缺口", "缺数据又不达标：不是数据缺口", ind, out(2021, "500000"), out(2022, "550000"), staff(2021, 1000)).
		want(expect("", "D11-1", "refused", "", "0", "0", reasonsAre("missing_data:headcount"), gap(false, "", "")))

	// ---- Near miss at exactly 5%, truncation ------------------------------------------------------------
	s.add("临界-恰5%", "一季度增速恰14.25%（差15%的5%）：接近门槛", q1("200000", "228500")).
		want(expect("", "D11-2", "refused", "", "0", "0", reasonsAre("growth_below_threshold"), nearMiss(true)))
	s.add("临界-截断", "一季度增速14.9999995%：不四舍五入到15%，不予奖励，接近门槛", q1("200000", "229999.999")).
		want(expect("", "D11-2", "refused", "", "0", "0", reasonsAre("growth_below_threshold"), nearMiss(true)))

	c := s.c
	c.Members = []Enterprise{
		member("集团甲", "集团甲成员一", out(2021, "300000"), out(2022, "250000")),
		member("集团乙", "集团乙成员一", out(2021, "300000"), out(2022, "250000.0001")),
		member("集团丙", "集团丙成员一", out(2021, "300000"), out(2022, "270000")),
		member("集团丙", "集团丙成员二", out(2021, "200000"), out(2022, "180000")),
		member("集团丙", "集团丙成员三（只有2021年）", out(2021, "900000")),
		member("集团戊", "集团戊成员一", out(2021, "100000"), out(2022, "110000"), outQ1(2021, "50000"), outQ1(2022, "40000")),
		member("集团己", "集团己成员一", out(2021, "900000"), out(2022, "100000")),
		member("集团庚", "集团庚成员一", out(2021, "900000"), out(2022, "300000")),
	}
	c.Restricted = []Restricted{
		{Prefix: "2631", Type: "禁止", Scope: "房山区", Note: "按区"},
		{Prefix: "3411", Type: "限制", Scope: "城六区", Note: "按区组：东城、西城、朝阳、海淀、丰台、石景山"},
		{Prefix: "2614", Type: "禁止", Scope: "全市", Note: "全市"},
		{Prefix: "3562", Type: "限制", Scope: "大兴区", Note: "经开区按大兴区"},
		{Prefix: "2669", Type: "禁止", Scope: "海淀区", Note: "区未知的企业不适用"},
		{Prefix: "3434", Type: "限制", Scope: "核心区", Note: "东城、西城"},
	}
	return &c
}
