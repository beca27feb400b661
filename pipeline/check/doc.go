// Package check lets bureau staff test the award rules with cases of their own: a workbook of enterprises'
// facts and the outcome they expect, run through the real pipeline (real files, real DuckDB) in one batch.
// The same workbook format carries the project's end-to-end rules suite (testdata/cases/rules-2022.xlsx).
//
// # The cases workbook
//
// Headers are Chinese and matched after trimming and folding full-width parentheses; column order is free,
// unknown columns are ignored, a sheet named 填写说明 is ignored. Money is in 万元 (up to six decimals, so
// 1元 is 0.0001 万元 and 1亿 − 1元 is 9999.9999). Dates are text (2022-09-01, 2022/9/1, 2022年9月1日) or
// Excel date cells. Lists inside one cell are separated by ; or ， or 、 (e.g. 规上年份 "2019,2021").
//
// Sheet 企业 (required): one row per enterprise; 用例编号 groups rows, so a case is one enterprise unless
// several rows share its id.
//
//	用例编号           case id (required)
//	说明               what the case shows, in words
//	统一社会信用代码   optional: empty generates a valid GB 32100 code from the case id and name; a prefix
//	                   shorter than 18 characters (e.g. 92 for 个体工商户) is completed the same way; an
//	                   18-character code is used as written (a wrong check digit tests the warning)
//	企业名称           optional: empty gives 用例<id>企业<n>; names the enterprise in 预期 when a case has several
//	行业代码           GB/T 4754-2017 小类 (4 digits; Excel's lost leading zero is restored)
//	行业代码(2011)     optional: a GB/T 4754-2011 code the register also carries (must be ignored)
//	所属区             区划代码 (110108, 110115403, 110000, 120101 …) or district name; alias 区划代码
//	是否独立法人       是 / 否 / 法人 / 产业活动单位 / 个体; empty means 是
//	投产年月           2021-07
//	规上年份           years the enterprise was 规上, e.g. 2019,2021
//	工业总产值YYYY年（万元）, 工业总产值YYYY年1-3月（万元）, 营业收入YYYY年（万元）, 营业收入YYYY年1-3月（万元）
//	                   any years; empty means no figure
//	工业总产值YYYY年上年同期（万元）, 营业收入YYYY年上年同期（万元） (and 1-3月)
//	                   the 上年同期 reported with the YYYY row (the statistical form's wide layout): the
//	                   batch writes that period's row in 工业总产值-上年同期.csv / 营业收入-上年同期.csv
//	参保人数YYYY年末   persons at the end of year YYYY
//	专精特新级别       创新型中小企业 / 市级专精特新 / 国家级专精特新"小巨人" (as the list writes it)
//	专精特新认定日期   a date, or a year alone (the list then carries 认定年份 only)
//	专精特新有效期至   optional date
//	失信列入日期, 失信移出日期   one or more records, aligned by position (移出 empty: still listed)
//	工业软件认定年份   on the 工业软件 list: a year, or 是 for a list row without a year; empty: not listed
//	其他市级资金方向, 其他市级资金年度   one or more rows of the other-funds list, aligned (年度 empty: every year)
//	已兑付年度, 已兑付方向, 已兑付项目, 已兑付金额（万元）   prior awards, aligned by position; an amount of
//	                   — is a row whose amount cannot be read (prior_award_amount_missing)
//	关联集团编号       the Beijing group the enterprise belongs to (shared by the whole workbook)
//	隔离行             kinds (单位名录, 规上名录, 工业总产值, 营业收入, 参保人数, 专精特新, 严重失信, 工业软件,
//	                   其他市级资金, 已兑付奖励) in which the batch carries one row about the enterprise that the
//	                   loader cannot read: a quarantined row naming it (row_unreadable) — for 单位名录 the
//	                   enterprise's own register row, written with a district outside Beijing's; such rows are the case, not
//	                   a problem of it, and the check lifts the quarantine-share limit for the batch
//	复核规则, 复核结论, 核定金额（万元）, 复核人, 复核日期   resolutions (复核结论.csv), aligned by position:
//	                   结论 同意 / 不同意
//	Dates of the lists (失信, 专精特新有效期至) may be written to the month (2022-06); the loader reads them.
//
// Sheet 预期 (required): one row per expected decision.
//
//	用例编号           the case
//	企业名称           optional: which enterprise of the case (default: its first row)
//	规则               D10-1 … D11-4
//	预期结果           awarded/topped_up/superseded/review/refused or 奖励/差额补齐/被替代/待复核/不予奖励;
//	                   none or 无决策 when the enterprise must have no decision for the rule (outside its sector)
//	预期档位           A1 … D3; 无 expects no tier; empty is not checked
//	预期金额（万元）   the rule's full amount; empty is not checked
//	预期本次兑付（万元） the amount paid now; empty is not checked
//	预期原因           reason codes that must all be present (others may be too), e.g. net_below_threshold
//	预期接近门槛       是/否: near_miss; empty is not checked
//	预期备注           texts that must appear in the remarks, separated by ;
//	预期数据缺口       是/否: data_gap; empty is not checked
//	预期潜在档位       potential_tier (无 expects none); empty is not checked
//	预期潜在金额（万元） potential_amount_yuan: what a data gap or a review pair would pay now; empty is not checked
//	说明               free text
//
// Sheet 禁限目录 (optional): 行业代码, 管控类型, 适用区域, 说明. The catalogue is the batch's, so every row
// applies to every case of the workbook: choose industry codes that only the intended cases use.
//
// Sheet 关联企业 (optional): members of groups that are not cases themselves (not in the register):
// 集团编号, 统一社会信用代码 (optional, generated), 企业名称, 说明, and the same figure columns as 企业.
//
// [Run] builds one batch folder from the workbook in the input layouts of inputs.md, runs the pipeline once,
// and compares every expectation with the decisions table; [Report] says, per case, what differed.
package check
