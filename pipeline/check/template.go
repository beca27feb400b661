package check

import "fmt"

// Template writes a cases workbook at path with the Chinese headers, the 填写说明 sheet and one filled
// example case for every rule D10-1 … D11-4 (plus a 禁限 refusal, an affiliate review, and one example of
// each reason of rules.md "Holds": row_unreadable, prior_award_amount_missing, missing_history,
// figures_disagree, rejected_on_review — with a resolution that pays, a rule already paid for the year and
// a data gap), each with its expectation. Every example passes under the embedded 2022 policy, so a person
// can check the template as it is and then edit it.
func Template(path string) error {
	if err := WriteCases(path, templateCases()); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	return nil
}

// templateCases are the examples of the template. Amounts are worked out from rules.md by hand:
// 万元 throughout, 1亿 = 10000万.
func templateCases() *Cases {
	return &Cases{
		Enterprises: []Enterprise{
			ent("例D10-1", "升规：2021年首次纳入规上的先进制造业企业，奖励30万元",
				name("示例升规企业"), industry("3921"), district("110108"), aboveScale(2021), out(2021, "5000")),
			ent("例D10-2", "新建投产：2021年投产并首次纳入规上，奖励50万元（高于升规30万元，升规被替代）",
				name("示例新建投产企业"), industry("4011"), district("朝阳区"), started("2021-04"), aboveScale(2021),
				out(2021, "6000")),
			ent("例D10-3", "首超1亿（工业）：2021年产值首次达到1亿元，奖励50万元",
				name("示例首超亿元工业企业"), industry("2720"), district("110115"), aboveScale(2020, 2021),
				out(2020, "8000"), out(2021, "12000")),
			ent("例D10-4", "首超1亿（软件）：2021年首次纳入规上且营业收入达到1亿元，奖励50万元",
				name("示例首超亿元软件企业"), industry("6410"), district("110108"), aboveScale(2021), rev(2021, "15000")),
			ent("例D11-1", "工业全年：净增10亿元、增速20%、参保人数未减少，A2档1000万元",
				name("示例工业增长企业"), industry("3922"), district("110113"), aboveScale(2019, 2020, 2021, 2022),
				out(2020, "450000"), out(2021, "500000"), out(2022, "600000"), staff(2021, 500), staff(2022, 520)),
			ent("例D11-2", "工业一季度：一季度净增2.5亿元、增速25%，B1档200万元（假设值）",
				name("示例一季度工业企业"), industry("3825"), district("110114"), aboveScale(2019, 2020, 2021, 2022),
				outQ1(2021, "100000"), outQ1(2022, "125000")),
			ent("例D11-3", "软件全年：净增50亿元、增速25%，C1档1000万元（假设值）",
				name("示例软件增长企业"), industry("6513"), district("110108"), aboveScale(2019, 2020, 2021, 2022),
				rev(2021, "2000000"), rev(2022, "2500000"), staff(2021, 3000), staff(2022, 3100)),
			ent("例D11-4", "软件一季度：一季度净增10亿元、增速20%，D1档200万元（假设值）",
				name("示例一季度软件企业"), industry("6410"), district("110105"), aboveScale(2019, 2020, 2021, 2022),
				revQ1(2021, "500000"), revQ1(2022, "600000")),
			ent("例禁限", "禁限目录：房山区禁止2761，房山区的2761企业不予升规奖励",
				name("示例禁限企业"), industry("2761"), district("房山区"), aboveScale(2021)),
			ent("例关联", "关联企业：本企业净增10亿元，同集团成员产值下降6亿元（超过净增的一半），待复核",
				name("示例关联企业"), industry("3311"), district("110112"), aboveScale(2020, 2021, 2022),
				out(2021, "500000"), out(2022, "600000"), staff(2021, 800), staff(2022, 800), group("示例集团")),
			ent("例隔离", "数据行无法读取：参保人数文件中本企业一行无法读取（隔离），全年A2档暂缓兑付、待复核",
				name("示例隔离行企业"), industry("3313"), district("110112"), aboveScale(2020, 2021, 2022),
				out(2021, "500000"), out(2022, "600000"), staff(2021, 800), staff(2022, 800), unreadable("参保人数")),
			ent("例缺金额", "已兑付金额缺失：本年方向5已兑付一笔但金额无法读取，孰高兑付基数不明，升规30万元待复核",
				name("示例缺金额企业"), industry("3922"), district("110108"), aboveScale(2021), out(2021, "5000"),
				priorNoAmount("2022", "5", "")),
			ent("例历史", "首次无法确认：2020年为规上但没有其2020年产值（核查年度2019、2020为假设值），首超1亿待复核",
				name("示例历史缺数企业"), industry("2710"), district("110115"), aboveScale(2020, 2021), out(2021, "12000")),
			ent("例矛盾", "数值矛盾：2021年产值本身1.2亿元，2022年报表中的上年同期0.9亿元，分处1亿两侧，待复核",
				name("示例数值矛盾企业"), industry("2730"), district("110115"), aboveScale(2021), out(2021, "12000"),
				out(2022, "13000"), outPrev(2022, "9000")),
			ent("例复核不同意", "复核不同意：关联企业波动待复核的全年A2，复核人不同意，不予奖励",
				name("示例复核不同意企业"), industry("3314"), district("110112"), aboveScale(2020, 2021, 2022),
				out(2021, "500000"), out(2022, "600000"), staff(2021, 800), staff(2022, 800), group("示例集团"),
				resolved("D11-1", "不同意", "", "示例复核人", "2023-02-10")),
			ent("例复核同意", "复核同意：数据行无法读取而待复核的全年A2，复核人同意并核定1000万元，予以奖励",
				name("示例复核同意企业"), industry("3315"), district("110112"), aboveScale(2020, 2021, 2022),
				out(2021, "500000"), out(2022, "600000"), staff(2021, 800), staff(2022, 800), unreadable("参保人数"),
				resolved("D11-1", "同意", "1000", "示例复核人", "2023-02-10")),
			ent("例已兑付", "本年已兑付该项：第一批已兑付一季度B1，本批再次决定时不重复奖励",
				name("示例已兑付企业"), industry("3825"), district("110114"), aboveScale(2019, 2020, 2021, 2022),
				outQ1(2021, "100000"), outQ1(2022, "125000"), prior("2022", "11", "D11-2", "200")),
			ent("例数据缺口", "数据缺口：只缺2022年末参保人数，补齐且不低于上年末即可得A2档1000万元",
				name("示例数据缺口企业"), industry("3316"), district("110112"), aboveScale(2020, 2021, 2022),
				out(2021, "500000"), out(2022, "600000"), staff(2021, 800)),
		},
		Members: []Enterprise{
			member("示例集团", "示例集团成员（不在名录）", out(2021, "600000"), out(2022, "540000")),
		},
		Restricted: []Restricted{{Prefix: "2761", Type: "禁止", Scope: "房山区", Note: "示例：仅对房山区生效"}},
		Expectations: []Expectation{
			awarded("例D10-1", "D10-1", "30"),
			awarded("例D10-2", "D10-2", "50"),
			superseded("例D10-2", "D10-1", "30", reasonsAre("superseded_by:D10-2")),
			awarded("例D10-3", "D10-3", "50"),
			awarded("例D10-4", "D10-4", "50"),
			tiered("例D11-1", "D11-1", "A2", "1000"),
			tiered("例D11-2", "D11-2", "B1", "200", remark("档位金额为假设值，待核定")),
			tiered("例D11-3", "D11-3", "C1", "1000", remark("档位金额为假设值，待核定")),
			tiered("例D11-4", "D11-4", "D1", "200", remark("档位金额为假设值，待核定")),
			refused("例禁限", "D10-1", "restricted_industry"),
			expect("例关联", "D11-1", "review", "A2", "1000", "0", reasonsAre("affiliate_shift")),
			expect("例隔离", "D11-1", "review", "A2", "1000", "0", reasonsAre("row_unreadable"), gap(false, "A2", "1000")),
			expect("例缺金额", "D10-1", "review", "无", "30", "0", reasonsAre("prior_award_amount_missing"), gap(false, "", "30")),
			expect("例历史", "D10-3", "review", "无", "50", "0", reasonsAre("missing_history")),
			expect("例矛盾", "D10-3", "review", "无", "50", "0", reasonsAre("figures_disagree")),
			refused("例复核不同意", "D11-1", "rejected_on_review"),
			tiered("例复核同意", "D11-1", "A2", "1000", remark("经复核同意（示例复核人，2023-02-10）")),
			refused("例已兑付", "D11-2", "already_awarded"),
			expect("例数据缺口", "D11-1", "refused", "", "0", "0", reasonsAre("missing_data:headcount"), gap(true, "A2", "1000")),
		},
	}
}
