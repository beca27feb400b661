-- Stage 410: view review_list — what the workbook's 待复核 sheet shows, one row per decision to look at.
-- Reads: decisions, enterprises, policy_rules, reason_codes, decision_reasons. Writes: VIEW review_list.
--   review     — outcome review: computed, not paid until a person decides (holds and affiliate reviews);
--   near_miss  — refused for exactly one numeric threshold, missed by no more than the near-miss share:
--                the threshold, the figure compared and the shortfall in the threshold's unit.
-- Growth is compared in percent (policy_rules.growth_min_pct); the figure shown is decisions.growth × 100,
-- i.e. from the growth stored with 6 decimals. The decision itself never divides (sql/250).

CREATE OR REPLACE VIEW review_list AS
WITH rz AS (
    SELECT dr.credit_code, dr.rule_id, string_agg(coalesce(rc.label_zh, dr.reason), '；' ORDER BY dr.reason) AS reasons_zh
    FROM decision_reasons dr LEFT JOIN reason_codes rc ON rc.code = dr.reason
    GROUP BY dr.credit_code, dr.rule_id
), items AS (
    SELECT d.*, CASE WHEN d.outcome = 'review' THEN 'review' ELSE 'near_miss' END AS review_kind
    FROM decisions d
    WHERE d.outcome = 'review' OR d.near_miss
), thresholds AS (
    SELECT i.credit_code, i.rule_id, i.reasons AS threshold_reason,
           CAST(CASE i.reasons WHEN 'below_first_threshold'  THEN r.floor_yuan
                               WHEN 'net_below_threshold'    THEN r.net_min_yuan
                               WHEN 'growth_below_threshold' THEN r.growth_min_pct END AS DECIMAL(38,4)) AS threshold,
           CASE i.reasons WHEN 'growth_below_threshold' THEN '%' ELSE '元' END AS threshold_unit,
           -- DECIMAL(38,4) holds both exactly: yuan have 2 decimals, a 6-decimal ratio × 100 has 4.
           CAST(CASE i.reasons WHEN 'below_first_threshold'  THEN i.cur_value
                               WHEN 'net_below_threshold'    THEN i.net_value
                               WHEN 'growth_below_threshold' THEN i.growth * 100 END AS DECIMAL(38,4)) AS compared_value
    FROM items i JOIN policy_rules r ON r.rule_id = i.rule_id
    WHERE i.review_kind = 'near_miss'
)
SELECT i.credit_code, e.name, e.area_name AS district, e.area_code, i.rule_id, r.direction, i.review_kind,
       i.outcome, i.reasons, rz.reasons_zh, i.amount_yuan,
       i.prev_value, i.cur_value, i.net_value, i.growth, i.headcount_prev, i.headcount_cur,
       t.threshold_reason, t.threshold, t.threshold_unit, t.compared_value, t.threshold - t.compared_value AS shortfall,
       nullif(i.remarks, '') AS remarks
FROM items i
LEFT JOIN enterprises e ON e.credit_code = i.credit_code
LEFT JOIN policy_rules r ON r.rule_id = i.rule_id
LEFT JOIN rz ON rz.credit_code = i.credit_code AND rz.rule_id = i.rule_id
LEFT JOIN thresholds t ON t.credit_code = i.credit_code AND t.rule_id = i.rule_id
ORDER BY e.area_code, i.credit_code, i.rule_id;

COMMENT ON VIEW review_list IS '待复核清单（工作簿“待复核”页）：待复核结果与临界未达，每个决策一行 / What the 待复核 sheet shows: decisions held for review and near misses, one row each';
COMMENT ON COLUMN review_list.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN review_list.name IS '企业名称 / Enterprise name';
COMMENT ON COLUMN review_list.district IS '所属区 / District';
COMMENT ON COLUMN review_list.area_code IS '所属区代码 / Area code';
COMMENT ON COLUMN review_list.rule_id IS '规则编号 / Rule id';
COMMENT ON COLUMN review_list.direction IS '方向（10 或 11）/ Direction';
COMMENT ON COLUMN review_list.review_kind IS '复核类别：review 待复核（暂缓兑付），near_miss 临界未达 / Why it is listed: review (held, not paid) or near_miss';
COMMENT ON COLUMN review_list.outcome IS '结果（见 outcomes）/ Outcome (see outcomes)';
COMMENT ON COLUMN review_list.reasons IS '原因代码（同 decisions.reasons）/ Reason codes as in decisions.reasons';
COMMENT ON COLUMN review_list.reasons_zh IS '原因（中文）/ Reasons in Chinese';
COMMENT ON COLUMN review_list.amount_yuan IS '规则全额，元（待复核为复核通过时的金额；临界未达为0）/ Full amount in yuan: what a review item pays if approved; 0 for a near miss';
COMMENT ON COLUMN review_list.prev_value IS '上期值，元 / Previous-period figure, yuan';
COMMENT ON COLUMN review_list.cur_value IS '本期值，元 / Current-period figure, yuan';
COMMENT ON COLUMN review_list.net_value IS '净增量，元 / Net increase, yuan';
COMMENT ON COLUMN review_list.growth IS '增速（比值）/ Growth as a ratio';
COMMENT ON COLUMN review_list.headcount_prev IS '参保人数（上年末），人 / Headcount at the end of the previous year';
COMMENT ON COLUMN review_list.headcount_cur IS '参保人数（本年末），人 / Headcount at the end of the year';
COMMENT ON COLUMN review_list.threshold_reason IS '临界未达的门槛（原因代码）/ The threshold a near miss missed (reason code)';
COMMENT ON COLUMN review_list.threshold IS '门槛值（单位见 threshold_unit）/ Threshold, in threshold_unit';
COMMENT ON COLUMN review_list.threshold_unit IS '门槛单位：元 或 %（百分数）/ Unit of the threshold: 元 or % (percent)';
COMMENT ON COLUMN review_list.compared_value IS '与门槛比较的数值（同门槛单位；增速 = growth × 100）/ The figure compared with the threshold, in its unit (growth × 100 for percent)';
COMMENT ON COLUMN review_list.shortfall IS '差距 = 门槛 − 比较值（同门槛单位）/ Shortfall = threshold − compared value, in the threshold''s unit';
COMMENT ON COLUMN review_list.remarks IS '备注（无备注为空）/ Remarks; NULL when none';
