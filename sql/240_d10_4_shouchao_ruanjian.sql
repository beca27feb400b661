-- Stage 240: D10-4 软件首超1亿奖励 (指南 方向10 第二款, 营业收入突破1亿元（含）).
-- Reads: int_population, int_above_scale, int_levels (stage 230), policy_rules, p_settings.
-- Writes: int_reasons, int_facts (prev_value = R−1, cur_value = R, params_used).
-- Who: 大类 64/65, first included in 规上 in R (not_above_scale / not_first_above_scale), 营业收入(R) ≥
-- d10_4.floor inclusive (below_first_threshold; missing → missing_data:revenue). 50万, +20万 专精特新.
-- The level of R is read as for D10-3 (rules.md "Levels", stage 230): R's own 营业收入, or the 上年同期
-- reported with P when no R row was read; the two on opposite sides of the floor hold the pair instead.

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'not_above_scale', false
FROM int_population p LEFT JOIN int_above_scale a USING (credit_code)
WHERE p.rule_id = 'D10-4' AND NOT coalesce(a.in_ref_year, false);

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'not_first_above_scale', false
FROM int_population p JOIN int_above_scale a USING (credit_code)
WHERE p.rule_id = 'D10-4' AND a.before_ref_year;

INSERT INTO int_reasons
SELECT credit_code, rule_id, 'missing_data:revenue', false
FROM int_levels
WHERE rule_id = 'D10-4' AND cur_value IS NULL;

INSERT INTO int_reasons
SELECT f.credit_code, f.rule_id, 'below_first_threshold', f.cur_value >= (1 - ps.near_miss_share) * f.floor_yuan
FROM int_levels f, p_settings ps
WHERE f.rule_id = 'D10-4' AND f.cur_value < f.floor_yuan AND NOT f.disagree;

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
LEFT JOIN (SELECT * FROM int_levels WHERE rule_id = 'D10-4') a
       ON a.credit_code = f.credit_code AND a.rule_id = f.rule_id;
