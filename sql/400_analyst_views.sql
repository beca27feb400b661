-- Stage 400: stable views for analysts who query the database directly. Their names and columns are a
-- contract: add columns at the end, never rename.
-- Reads: decisions, enterprises, industry_codes, reason_codes, decision_reasons, outcomes,
--   output_value, revenue, headcount.
-- Writes: views decisions_named, measures_by_period.
-- One name for one thing: district is the enterprise's 所属区 name (enterprises.district), area_code its
-- code, as in roster; money columns end in _yuan, headcounts are persons.

CREATE OR REPLACE VIEW decisions_named AS
SELECT d.credit_code, e.name, e.district, e.area_code, e.industry_code, i.name AS industry_name,
       d.rule_id, d.outcome, d.tier, d.amount_yuan, d.paid_yuan, d.reasons,
       rz.reasons_zh,
       d.remarks, d.near_miss, d.prev_value, d.cur_value, d.net_value, d.growth,
       d.headcount_prev, d.headcount_cur,
       d.direction, o.label_zh AS outcome_zh, d.round, d.data_gap, d.potential_tier, d.potential_amount_yuan
FROM decisions d
LEFT JOIN enterprises e USING (credit_code)
LEFT JOIN industry_codes i ON i.code = e.industry_code
LEFT JOIN outcomes o ON o.outcome = d.outcome
LEFT JOIN (SELECT dr.credit_code, dr.rule_id, string_agg(coalesce(rc.label_zh, dr.reason), '；' ORDER BY dr.reason) AS reasons_zh
           FROM decision_reasons dr LEFT JOIN reason_codes rc ON rc.code = dr.reason
           GROUP BY dr.credit_code, dr.rule_id) rz
       ON rz.credit_code = d.credit_code AND rz.rule_id = d.rule_id;

COMMENT ON VIEW decisions_named IS '决策（含企业名称、所属区、行业名称和中文原因）/ Decisions with enterprise names, district, industry name and reasons in Chinese';
COMMENT ON COLUMN decisions_named.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN decisions_named.name IS '企业名称 / Enterprise name';
COMMENT ON COLUMN decisions_named.district IS '所属区 / District';
COMMENT ON COLUMN decisions_named.area_code IS '所属区代码 / Area code';
COMMENT ON COLUMN decisions_named.industry_code IS '行业代码 / Industry code';
COMMENT ON COLUMN decisions_named.industry_name IS '行业名称 / Industry name';
COMMENT ON COLUMN decisions_named.rule_id IS '规则编号 D10-1 … D11-4 / Rule id';
COMMENT ON COLUMN decisions_named.outcome IS '结果（见 outcomes）/ Outcome (see outcomes)';
COMMENT ON COLUMN decisions_named.tier IS '档位 / Tier';
COMMENT ON COLUMN decisions_named.amount_yuan IS '奖励金额（全额），元 / Full amount, yuan';
COMMENT ON COLUMN decisions_named.paid_yuan IS '本次兑付，元 / Paid now, yuan';
COMMENT ON COLUMN decisions_named.reasons IS '原因代码（同 decisions.reasons；按原因查询请用 decision_reasons）/ Reason codes as in decisions.reasons; query by reason with decision_reasons';
COMMENT ON COLUMN decisions_named.reasons_zh IS '原因（中文，以“；”连接；无原因为空）/ Reasons in Chinese, joined with ；; NULL when none';
COMMENT ON COLUMN decisions_named.remarks IS '备注（同 decisions.remarks；逐条见 decision_remarks）/ Remarks as in decisions.remarks; one per row in decision_remarks';
COMMENT ON COLUMN decisions_named.near_miss IS '临界未达 / Near miss';
COMMENT ON COLUMN decisions_named.prev_value IS '上期值，元（来源见 decision_sources）/ Previous-period figure, yuan (source in decision_sources)';
COMMENT ON COLUMN decisions_named.cur_value IS '本期值，元（来源见 decision_sources）/ Current-period figure, yuan (source in decision_sources)';
COMMENT ON COLUMN decisions_named.net_value IS '净增量，元 / Net increase, yuan';
COMMENT ON COLUMN decisions_named.growth IS '增速（比值，0.15 = 15%）/ Growth as a ratio (0.15 = 15%)';
COMMENT ON COLUMN decisions_named.headcount_prev IS '参保人数（上年末），人 / Headcount at the end of the previous year, persons';
COMMENT ON COLUMN decisions_named.headcount_cur IS '参保人数（本年末），人 / Headcount at the end of the year, persons';
COMMENT ON COLUMN decisions_named.direction IS '方向（10 或 11）/ Direction (10 or 11)';
COMMENT ON COLUMN decisions_named.outcome_zh IS '结果（中文）/ Outcome in Chinese';
COMMENT ON COLUMN decisions_named.round IS '兑付轮次（1 方向10及一季度，2 全年）/ Round (1 direction 10 and Q1, 2 annual)';
COMMENT ON COLUMN decisions_named.data_gap IS '数据缺口：仅因缺少数据不予奖励 / Refused only because figures are missing';
COMMENT ON COLUMN decisions_named.potential_tier IS '潜在档位（数据缺口或待复核）/ Tier it would get (data gap, or review resolved in its favour)';
COMMENT ON COLUMN decisions_named.potential_amount_yuan IS '潜在本次兑付，元（数据缺口或待复核）/ What it would pay now, yuan (data gap, or review resolved in its favour)';

-- Each loaded figure, one row per enterprise, measure and period. Money in value_yuan and
-- prev_value_yuan, headcounts in persons (never in a yuan column); unit says which.
CREATE OR REPLACE VIEW measures_by_period AS
SELECT credit_code, 'output_value' AS measure, year, end_month, value_yuan, prev_value_yuan, source_file, source_sheet, source_row,
       CAST(NULL AS INTEGER) AS persons, '元' AS unit
FROM output_value
UNION ALL
SELECT credit_code, 'revenue', year, end_month, value_yuan, prev_value_yuan, source_file, source_sheet, source_row, NULL, '元'
FROM revenue
UNION ALL
SELECT credit_code, 'headcount', year, month, NULL, NULL, source_file, source_sheet, source_row, persons, '人'
FROM headcount;

COMMENT ON VIEW measures_by_period IS '各期指标（产值、营业收入、参保人数）长表 / Measures by enterprise and period, one row each';
COMMENT ON COLUMN measures_by_period.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN measures_by_period.measure IS '指标（见 measures）：output_value 工业总产值，revenue 营业收入，headcount 参保人数 / Measure (see measures)';
COMMENT ON COLUMN measures_by_period.year IS '年份 / Year';
COMMENT ON COLUMN measures_by_period.end_month IS '截止月（累计期）或统计月份（参保人数）/ Last month of the cumulative period, or the headcount month';
COMMENT ON COLUMN measures_by_period.value_yuan IS '本期值，元（参保人数为空，见 persons）/ Value of the period, yuan; NULL for headcount (see persons)';
COMMENT ON COLUMN measures_by_period.prev_value_yuan IS '随本期报送的上年同期值，元 / Same period a year earlier as reported, yuan';
COMMENT ON COLUMN measures_by_period.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN measures_by_period.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN measures_by_period.source_row IS '来源行号 / Source row';
COMMENT ON COLUMN measures_by_period.persons IS '参保人数，人（金额指标为空）/ Headcount in persons; NULL for money measures';
COMMENT ON COLUMN measures_by_period.unit IS '存储单位：元 或 人 / Unit of the stored value: 元 or 人';
