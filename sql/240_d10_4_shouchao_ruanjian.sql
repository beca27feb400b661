-- Stage 240: D10-4 软件首超1亿奖励 (指南 方向10 第二款, 营业收入突破1亿元（含）).
-- Reads: int_population, int_above_scale, int_ref_annual (stage 230), policy_rules, p_settings.
-- Writes: int_reasons, int_facts (prev_value = R−1, cur_value = R, params_used).
-- Who: 大类 64/65, first included in 规上 in R (not_above_scale / not_first_above_scale), 营业收入(R) ≥
-- d10_4.floor inclusive (below_first_threshold; missing → missing_data:revenue). 50万, +20万 专精特新.

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'not_above_scale', false
FROM int_population p LEFT JOIN int_above_scale a USING (credit_code)
WHERE p.rule_id = 'D10-4' AND NOT coalesce(a.in_ref_year, false);

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'not_first_above_scale', false
FROM int_population p JOIN int_above_scale a USING (credit_code)
WHERE p.rule_id = 'D10-4' AND a.before_ref_year;

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'missing_data:revenue', false
FROM int_population p JOIN int_ref_annual f ON f.credit_code = p.credit_code AND f.measure = 'revenue'
WHERE p.rule_id = 'D10-4' AND f.cur_value IS NULL;

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'below_first_threshold',
       f.cur_value >= (1 - ps.near_miss_share) * r.floor_yuan
FROM int_population p
JOIN int_ref_annual f ON f.credit_code = p.credit_code AND f.measure = 'revenue'
JOIN policy_rules r ON r.rule_id = p.rule_id, p_settings ps
WHERE p.rule_id = 'D10-4' AND f.cur_value < r.floor_yuan;

-- int_facts is rebuilt rather than updated (DuckDB's UPDATE is the slow path at scale); other rules' rows
-- keep their values.
CREATE OR REPLACE TEMP TABLE int_facts AS
SELECT f.* REPLACE (
    CASE WHEN a.credit_code IS NULL THEN f.prev_value ELSE a.prev_value END AS prev_value,
    CASE WHEN a.credit_code IS NULL THEN f.cur_value ELSE a.cur_value END AS cur_value,
    CASE WHEN a.credit_code IS NULL THEN f.params_used
         ELSE kv('d10_4.amount') || ';' || kv('d10_4.floor') || CASE WHEN f.bonus_applied THEN ';' || kv('specialised.bonus') ELSE '' END
    END AS params_used)
FROM int_facts f
-- An equi-join only: a constant condition on f in the ON clause would make it a nested-loop join.
LEFT JOIN (SELECT *, 'D10-4' AS rule_id FROM int_ref_annual WHERE measure = 'revenue') a
       ON a.credit_code = f.credit_code AND a.rule_id = f.rule_id;
