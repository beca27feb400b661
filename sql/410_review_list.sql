-- Stage 410: view review_list — what the workbook's 待复核 sheet shows, one row per item to look at.
-- Reads: decisions, enterprises, policy_rules, reason_codes, decision_reasons, decision_holds,
--   affiliate_reviews, resolution_status. Writes: VIEW review_list.
-- Items (review_kind):
--   review           — outcome review: computed, not paid until a person decides. Holds (row_unreadable,
--                      prior_award_amount_missing, missing_history, figures_disagree: the rows behind them in
--                      hold_sources, all of them in decision_holds) and affiliate reviews (the fall and the
--                      limit here, each member in affiliate_members);
--   near_miss        — refused for exactly one numeric threshold, missed by no more than the near-miss share:
--                      the threshold, the figure compared and the shortfall in the threshold's unit;
--   data_gap         — refused only because figures are missing: missing_measures, and what it would pay;
--   stale_resolution — a resolution that was not applied (resolution_status): why, in stale_reason.
-- Growth is compared in percent (policy_rules.growth_min_pct); the figure shown is decisions.growth × 100,
-- i.e. the growth as stored (6 decimals, truncated). The decision itself never divides (sql/250).

CREATE OR REPLACE VIEW review_list AS
WITH rz AS (
    SELECT dr.credit_code, dr.rule_id, string_agg(coalesce(rc.label_zh, dr.reason), '；' ORDER BY dr.reason) AS reasons_zh,
           string_agg(replace(dr.reason, 'missing_data:', ''), ';' ORDER BY dr.reason)
               FILTER (WHERE starts_with(dr.reason, 'missing_data:')) AS missing_measures
    FROM decision_reasons dr LEFT JOIN reason_codes rc ON rc.code = dr.reason
    GROUP BY dr.credit_code, dr.rule_id
), holds AS (
    SELECT credit_code, rule_id,
           string_agg(reason || ': ' || coalesce(source_file || CASE WHEN source_sheet <> '' THEN '#' || source_sheet ELSE '' END
                                                 || ' row ' || source_row, detail, ''), '; '
                      ORDER BY reason, source_file, source_sheet, source_row) AS hold_sources
    FROM decision_holds
    GROUP BY credit_code, rule_id
), items AS (
    SELECT d.credit_code, d.rule_id,
           CASE WHEN d.outcome = 'review' THEN 'review' WHEN d.near_miss THEN 'near_miss' ELSE 'data_gap' END AS review_kind,
           CAST(NULL AS VARCHAR) AS stale_reason
    FROM decisions d
    WHERE d.outcome = 'review' OR d.near_miss OR d.data_gap
    UNION ALL
    SELECT credit_code, rule_id, 'stale_resolution', stale_reason
    FROM resolution_status WHERE status = 'stale'
), thresholds AS (
    SELECT d.credit_code, d.rule_id, d.reasons AS threshold_reason,
           CAST(CASE d.reasons WHEN 'below_first_threshold'  THEN r.floor_yuan
                               WHEN 'net_below_threshold'    THEN r.net_min_yuan
                               WHEN 'growth_below_threshold' THEN r.growth_min_pct END AS DECIMAL(38,4)) AS threshold,
           CASE d.reasons WHEN 'growth_below_threshold' THEN '%' ELSE '元' END AS threshold_unit,
           -- DECIMAL(38,4) holds both exactly: yuan have 2 decimals, a 6-decimal ratio × 100 has 4.
           CAST(CASE d.reasons WHEN 'below_first_threshold'  THEN d.cur_value
                               WHEN 'net_below_threshold'    THEN d.net_value
                               WHEN 'growth_below_threshold' THEN d.growth * 100 END AS DECIMAL(38,4)) AS compared_value
    FROM decisions d JOIN policy_rules r ON r.rule_id = d.rule_id
    WHERE d.near_miss
)
SELECT i.credit_code, e.name, e.district, e.area_code, i.rule_id, d.direction, i.review_kind,
       d.outcome, d.reasons, rz.reasons_zh, d.amount_yuan,
       d.prev_value, d.cur_value, d.net_value, d.growth, d.headcount_prev, d.headcount_cur,
       t.threshold_reason, t.threshold, t.threshold_unit, t.compared_value, t.threshold - t.compared_value AS shortfall,
       nullif(d.remarks, '') AS remarks,
       d.round, d.potential_tier, d.potential_amount_yuan,
       h.hold_sources, ar.fall_total_yuan AS affiliate_fall_total_yuan, ar.limit_yuan AS affiliate_limit_yuan,
       CASE WHEN i.review_kind = 'data_gap' THEN rz.missing_measures END AS missing_measures,
       i.stale_reason
FROM items i
LEFT JOIN decisions d ON d.credit_code = i.credit_code AND d.rule_id = i.rule_id
LEFT JOIN enterprises e ON e.credit_code = i.credit_code
LEFT JOIN rz ON rz.credit_code = i.credit_code AND rz.rule_id = i.rule_id
LEFT JOIN thresholds t ON t.credit_code = i.credit_code AND t.rule_id = i.rule_id AND i.review_kind = 'near_miss'
LEFT JOIN holds h ON h.credit_code = i.credit_code AND h.rule_id = i.rule_id AND i.review_kind = 'review'
LEFT JOIN affiliate_reviews ar ON ar.credit_code = i.credit_code AND ar.rule_id = i.rule_id AND i.review_kind = 'review'
ORDER BY i.review_kind, e.area_code, i.credit_code, i.rule_id;

COMMENT ON VIEW review_list IS '待复核清单（工作簿“待复核”页）：待复核、临界未达、数据缺口、未采用的复核结论，每项一行 / What the 待复核 sheet shows: review items (holds, affiliate reviews), near misses, data gaps and stale resolutions, one row each';
COMMENT ON COLUMN review_list.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN review_list.name IS '企业名称 / Enterprise name';
COMMENT ON COLUMN review_list.district IS '所属区 / District';
COMMENT ON COLUMN review_list.area_code IS '所属区代码 / Area code';
COMMENT ON COLUMN review_list.rule_id IS '规则编号 / Rule id';
COMMENT ON COLUMN review_list.direction IS '方向（10 或 11）/ Direction';
COMMENT ON COLUMN review_list.review_kind IS '类别：review 待复核（暂缓兑付），near_miss 临界未达，data_gap 数据缺口，stale_resolution 未采用的复核结论 / Why it is listed: review (held, not paid), near_miss, data_gap, stale_resolution';
COMMENT ON COLUMN review_list.outcome IS '结果（见 outcomes；复核结论所指的决策不存在时为空）/ Outcome (see outcomes); NULL when a resolution names no decision';
COMMENT ON COLUMN review_list.reasons IS '原因代码（同 decisions.reasons）/ Reason codes as in decisions.reasons';
COMMENT ON COLUMN review_list.reasons_zh IS '原因（中文）/ Reasons in Chinese';
COMMENT ON COLUMN review_list.amount_yuan IS '规则全额，元（待复核为复核同意时的金额；不予奖励为0）/ Full amount in yuan: what a review item pays if approved; 0 when refused';
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
COMMENT ON COLUMN review_list.shortfall IS '差距 = 门槛 − 比较值（同门槛单位，未取整；工作簿按显示规则向远离零方向取整）/ Shortfall = threshold − compared value, in the threshold''s unit, exact (the workbook rounds it away from zero for display)';
COMMENT ON COLUMN review_list.remarks IS '备注（无备注为空）/ Remarks; NULL when none';
COMMENT ON COLUMN review_list.round IS '兑付轮次 / Round';
COMMENT ON COLUMN review_list.potential_tier IS '潜在档位（待复核获同意或数据缺口补齐且达标时）/ Tier it would get: review resolved in its favour, or the missing figures meeting the rule';
COMMENT ON COLUMN review_list.potential_amount_yuan IS '潜在本次兑付，元 / What it would pay now, yuan (the amount at stake)';
COMMENT ON COLUMN review_list.hold_sources IS '暂缓依据（原因: 文件#工作表 row 行号，或说明；详见 decision_holds）/ The causes of a hold (reason: file#sheet row n, or the detail); all of them in decision_holds';
COMMENT ON COLUMN review_list.affiliate_fall_total_yuan IS '关联企业下降合计，元（各成员见 affiliate_members）/ Total fall of the group''s other members, yuan (each member in affiliate_members)';
COMMENT ON COLUMN review_list.affiliate_limit_yuan IS '关联企业复核界限，元 / The affiliate review limit, yuan';
COMMENT ON COLUMN review_list.missing_measures IS '数据缺口所缺指标（见 measures，; 分隔）/ Measures a data gap lacks (see measures), ;-joined';
COMMENT ON COLUMN review_list.stale_reason IS '复核结论未采用的原因（stale_resolution）/ Why a resolution was not applied (stale_resolution)';
