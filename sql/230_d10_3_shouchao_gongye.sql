-- Stage 230: D10-3 工业首超1亿奖励 (指南 方向10 第二款, 产值首次突破1亿元（含）).
-- Reads: int_population, int_above_scale, int_figures, policy_rules, p_settings.
-- Writes: TEMP int_ref_annual (annual figure of R and R−1 per measure, shared with D10-4); int_reasons;
--   int_facts (prev_value = R−1, cur_value = R, params_used).
-- Who: 先进制造业, 规上 in R (not_above_scale), 工业总产值(R) ≥ d10_3.floor inclusive (else
-- below_first_threshold; missing → missing_data:output_value), and no earlier annual 工业总产值 on record ≥
-- the floor (not_first_over_threshold) — an earlier year's own figure or a 上年同期 reported with R or before.

-- Decision (rules.md is silent): 工业总产值(R) / 营业收入(R) is the R annual period's own figure when the batch
-- has it. When it has no R annual row, the 上年同期 reported with the P annual row is the R figure on record
-- (the revised one) and is used instead: a batch exported in the wide layout for P alone still carries R.
-- For "no earlier annual figure on record ≥ 1亿", every record counts: an earlier year's own figure and any
-- 上年同期 reported with an annual period of R or before.
CREATE OR REPLACE TEMP TABLE int_ref_annual AS
SELECT p.credit_code, m.measure,
       coalesce(cur.value_yuan, nxt.prev_value_yuan)     AS cur_value,
       coalesce(cur.prev_value_yuan, prv.value_yuan)     AS prev_value
FROM (SELECT DISTINCT credit_code FROM int_population WHERE direction = 10) p
CROSS JOIN (VALUES ('output_value'), ('revenue')) m(measure)
CROSS JOIN p_settings ps
LEFT JOIN int_figures cur ON cur.credit_code = p.credit_code AND cur.measure = m.measure AND cur.year = ps.ref_year AND cur.end_month = 12
LEFT JOIN int_figures prv ON prv.credit_code = p.credit_code AND prv.measure = m.measure AND prv.year = ps.ref_year - 1 AND prv.end_month = 12
LEFT JOIN int_figures nxt ON nxt.credit_code = p.credit_code AND nxt.measure = m.measure AND nxt.year = ps.ref_year + 1 AND nxt.end_month = 12;

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'not_above_scale', false
FROM int_population p LEFT JOIN int_above_scale a USING (credit_code)
WHERE p.rule_id = 'D10-3' AND NOT coalesce(a.in_ref_year, false);

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'missing_data:output_value', false
FROM int_population p JOIN int_ref_annual f ON f.credit_code = p.credit_code AND f.measure = 'output_value'
WHERE p.rule_id = 'D10-3' AND f.cur_value IS NULL;

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'below_first_threshold',
       f.cur_value >= (1 - ps.near_miss_share) * r.floor_yuan
FROM int_population p
JOIN int_ref_annual f ON f.credit_code = p.credit_code AND f.measure = 'output_value'
JOIN policy_rules r ON r.rule_id = p.rule_id, p_settings ps
WHERE p.rule_id = 'D10-3' AND f.cur_value < r.floor_yuan;

INSERT INTO int_reasons
SELECT DISTINCT p.credit_code, p.rule_id, 'not_first_over_threshold', false
FROM int_population p
JOIN policy_rules r ON r.rule_id = p.rule_id
JOIN int_figures g ON g.credit_code = p.credit_code AND g.measure = 'output_value' AND g.end_month = 12, p_settings ps
WHERE p.rule_id = 'D10-3'
  AND ((g.year < ps.ref_year AND g.value_yuan >= r.floor_yuan)
       OR (g.year <= ps.ref_year AND g.prev_value_yuan >= r.floor_yuan));

-- int_facts is rebuilt rather than updated (DuckDB's UPDATE is the slow path at scale); other rules' rows
-- keep their values.
CREATE OR REPLACE TEMP TABLE int_facts AS
SELECT f.* REPLACE (
    CASE WHEN a.credit_code IS NULL THEN f.prev_value ELSE a.prev_value END AS prev_value,
    CASE WHEN a.credit_code IS NULL THEN f.cur_value ELSE a.cur_value END AS cur_value,
    CASE WHEN a.credit_code IS NULL THEN f.params_used
         ELSE kv('d10_3.amount') || ';' || kv('d10_3.floor') || CASE WHEN f.bonus_applied THEN ';' || kv('specialised.bonus') ELSE '' END
    END AS params_used)
FROM int_facts f
-- An equi-join only: a constant condition on f in the ON clause would make it a nested-loop join.
LEFT JOIN (SELECT *, 'D10-3' AS rule_id FROM int_ref_annual WHERE measure = 'output_value') a
       ON a.credit_code = f.credit_code AND a.rule_id = f.rule_id;
