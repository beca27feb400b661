-- Stage 400: stable views for analysts who query the database directly. Their names and columns are a
-- contract: add columns at the end, never rename.
-- Reads: decisions, enterprises, industry_codes, reason_codes, output_value, revenue, headcount.
-- Writes: views decisions_named, measures_by_period.

CREATE OR REPLACE VIEW decisions_named AS
SELECT d.credit_code, e.name, e.area_name AS district, e.area_code, e.industry_code, i.name AS industry_name,
       d.rule_id, d.outcome, d.tier, d.amount_yuan, d.paid_yuan, d.reasons,
       (SELECT string_agg(coalesce(rc.label_zh, r.code), '；' ORDER BY r.code)
          FROM (SELECT unnest(string_split(d.reasons, ';')) AS code) r
          LEFT JOIN reason_codes rc ON rc.code = r.code
         WHERE r.code <> '') AS reasons_zh,
       d.remarks, d.near_miss, d.prev_value, d.cur_value, d.net_value, d.growth,
       d.headcount_prev, d.headcount_cur
FROM decisions d
LEFT JOIN enterprises e USING (credit_code)
LEFT JOIN industry_codes i ON i.code = e.industry_code;

COMMENT ON VIEW decisions_named IS '决策（含企业名称、所属区、行业名称和中文原因）/ Decisions with enterprise names, district, industry name and reasons in Chinese';
COMMENT ON COLUMN decisions_named.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN decisions_named.name IS '企业名称 / Enterprise name';
COMMENT ON COLUMN decisions_named.district IS '所属区 / District';
COMMENT ON COLUMN decisions_named.area_code IS '所属区代码 / Area code';
COMMENT ON COLUMN decisions_named.industry_code IS '行业代码 / Industry code';
COMMENT ON COLUMN decisions_named.industry_name IS '行业名称 / Industry name';
COMMENT ON COLUMN decisions_named.rule_id IS '规则编号 D10-1 … D11-4 / Rule id';
COMMENT ON COLUMN decisions_named.outcome IS '结果 / Outcome';
COMMENT ON COLUMN decisions_named.tier IS '档位 / Tier';
COMMENT ON COLUMN decisions_named.amount_yuan IS '奖励金额（全额），元 / Full amount, yuan';
COMMENT ON COLUMN decisions_named.paid_yuan IS '本次兑付，元 / Paid now, yuan';
COMMENT ON COLUMN decisions_named.reasons IS '原因代码 / Reason codes';
COMMENT ON COLUMN decisions_named.reasons_zh IS '原因（中文）/ Reasons in Chinese';
COMMENT ON COLUMN decisions_named.remarks IS '备注 / Remarks';
COMMENT ON COLUMN decisions_named.near_miss IS '临界未达 / Near miss';
COMMENT ON COLUMN decisions_named.prev_value IS '上年值，元 / Previous value, yuan';
COMMENT ON COLUMN decisions_named.cur_value IS '本年值，元 / Current value, yuan';
COMMENT ON COLUMN decisions_named.net_value IS '净增量，元 / Net increase, yuan';
COMMENT ON COLUMN decisions_named.growth IS '增速（0.15 = 15%）/ Growth ratio';
COMMENT ON COLUMN decisions_named.headcount_prev IS '参保人数（上年末）/ Headcount at the end of the previous year';
COMMENT ON COLUMN decisions_named.headcount_cur IS '参保人数（本年末）/ Headcount at the end of the year';

CREATE OR REPLACE VIEW measures_by_period AS
SELECT credit_code, 'output_value' AS measure, year, end_month, value_yuan, prev_value_yuan, source_file, source_sheet, source_row
FROM output_value
UNION ALL
SELECT credit_code, 'revenue', year, end_month, value_yuan, prev_value_yuan, source_file, source_sheet, source_row
FROM revenue
UNION ALL
SELECT credit_code, 'headcount', year, month, persons::DECIMAL(18,2), NULL, source_file, source_sheet, source_row
FROM headcount;

COMMENT ON VIEW measures_by_period IS '各期指标（产值、营业收入、参保人数）长表 / Measures by enterprise and period, one row each';
COMMENT ON COLUMN measures_by_period.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN measures_by_period.measure IS '指标：output_value 工业总产值，revenue 营业收入，headcount 参保人数 / Measure';
COMMENT ON COLUMN measures_by_period.year IS '年份 / Year';
COMMENT ON COLUMN measures_by_period.end_month IS '截止月（累计期）或统计月份（参保人数）/ Last month of the cumulative period, or the headcount month';
COMMENT ON COLUMN measures_by_period.value_yuan IS '本期值（元；参保人数为人）/ Value (yuan; persons for headcount)';
COMMENT ON COLUMN measures_by_period.prev_value_yuan IS '随本期报送的上年同期值，元 / Same period a year earlier as reported, yuan';
COMMENT ON COLUMN measures_by_period.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN measures_by_period.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN measures_by_period.source_row IS '来源行号 / Source row';
