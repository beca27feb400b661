-- Stage 320 (mart): view roster, the rows to pay (outcomes awarded and topped_up).
-- Reads: decisions, enterprises. Writes: VIEW roster.
-- amount_wan is paid_yuan in 万元 with two decimals (exact: × 0.0001, then DECIMAL(18,2)).

CREATE OR REPLACE VIEW roster AS
SELECT d.credit_code,
       e.name,
       e.district,
       d.rule_id,
       d.tier,
       CAST(d.paid_yuan * CAST(0.0001 AS DECIMAL(5,4)) AS DECIMAL(18,2)) AS amount_wan,
       d.remarks,
       e.industry_code,
       e.area_code,
       d.outcome,
       d.paid_yuan,
       d.direction
FROM decisions d
JOIN (SELECT DISTINCT ON (credit_code) * FROM enterprises ORDER BY credit_code, source_file, source_sheet, source_row) e
  USING (credit_code)
WHERE d.outcome IN ('awarded', 'topped_up')
ORDER BY e.area_code, d.credit_code, d.rule_id;

COMMENT ON VIEW roster IS '兑付名单（awarded、topped_up） / Roster: the decisions to pay (awarded, topped_up)';
COMMENT ON COLUMN roster.credit_code IS '统一社会信用代码 / Unified social credit code';
COMMENT ON COLUMN roster.name IS '企业名称 / Enterprise name';
COMMENT ON COLUMN roster.district IS '所属区 / District';
COMMENT ON COLUMN roster.rule_id IS '规则编号 / Rule id';
COMMENT ON COLUMN roster.tier IS '档位 / Tier';
COMMENT ON COLUMN roster.amount_wan IS '本次兑付金额（万元，两位小数） / Amount paid now in 10,000 yuan, two decimals';
COMMENT ON COLUMN roster.remarks IS '备注 / Remarks';
COMMENT ON COLUMN roster.industry_code IS '行业代码（GB/T 4754-2017） / Industry code';
COMMENT ON COLUMN roster.area_code IS '区划代码 / Area code';
COMMENT ON COLUMN roster.outcome IS '结果（awarded 或 topped_up） / Outcome';
COMMENT ON COLUMN roster.paid_yuan IS '本次兑付金额（元） / Amount paid now in yuan';
COMMENT ON COLUMN roster.direction IS '方向（10 或 11）/ Direction (10 or 11)';
