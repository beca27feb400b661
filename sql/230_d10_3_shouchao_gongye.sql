-- Stage 230: D10-3 工业首超1亿奖励 (指南 方向10 第二款, 产值首次突破1亿元（含）).
-- Reads: int_population, int_above_scale, int_figures, policy_rules, p_settings.
-- Writes: TEMP int_levels (the level of year R per D10-3 / D10-4 pair, shared with stage 240 and the holds
--   of stage 270); int_reasons; int_facts (prev_value = R−1, cur_value = R, params_used).
-- Who: 先进制造业, 规上 in R (not_above_scale), 工业总产值(R) ≥ d10_3.floor inclusive (else
-- below_first_threshold; missing → missing_data:output_value), and no earlier annual 工业总产值 on record ≥
-- the floor (not_first_over_threshold) — an earlier year's own figure or a 上年同期 reported with R or before.
-- The history years of the policy (d10_3.history_years) are checked in stage 270 (missing_history).
--
-- rules.md "Levels": the level is year R's own annual figure, or, when no row of R was read, the 上年同期
-- reported with the P annual row (a batch exported in the wide layout for P alone still carries R). When
-- both exist and lie on opposite sides of the floor the level cannot be told: neither passes nor refuses,
-- the pair is held (figures_disagree, stage 270) — below_first_threshold is not recorded then, since the
-- hold, not a refusal, is what rules.md gives such a pair.
-- Decision (the docs say "no row of R was read"): an R row whose figure is empty is a row read, so the
-- reported 上年同期 does not stand in for it; the level is missing (missing_data, a data gap). Under this
-- reading a figure the batch left empty cannot raise a payment.
CREATE OR REPLACE TEMP TABLE int_levels AS
SELECT p.credit_code, p.rule_id, m.measure, r.floor_yuan,
       CASE WHEN cur.credit_code IS NOT NULL THEN cur.value_yuan ELSE nxt.prev_value_yuan END AS cur_value,
       cur.value_yuan                                 AS own_value,
       nxt.prev_value_yuan                            AS reported_value,
       coalesce(cur.prev_value_yuan, prv.value_yuan)  AS prev_value,
       coalesce(cur.value_yuan IS NOT NULL AND nxt.prev_value_yuan IS NOT NULL
                AND (cur.value_yuan >= r.floor_yuan) <> (nxt.prev_value_yuan >= r.floor_yuan), false) AS disagree
FROM int_population p
JOIN (VALUES ('D10-3', 'output_value'), ('D10-4', 'revenue')) m(rule_id, measure) ON m.rule_id = p.rule_id
JOIN policy_rules r ON r.rule_id = p.rule_id
CROSS JOIN p_settings ps
LEFT JOIN int_figures cur ON cur.credit_code = p.credit_code AND cur.measure = m.measure AND cur.year = ps.ref_year AND cur.end_month = 12
LEFT JOIN int_figures prv ON prv.credit_code = p.credit_code AND prv.measure = m.measure AND prv.year = ps.ref_year - 1 AND prv.end_month = 12
LEFT JOIN int_figures nxt ON nxt.credit_code = p.credit_code AND nxt.measure = m.measure AND nxt.year = ps.ref_year + 1 AND nxt.end_month = 12;

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'not_above_scale', false
FROM int_population p LEFT JOIN int_above_scale a USING (credit_code)
WHERE p.rule_id = 'D10-3' AND NOT coalesce(a.in_ref_year, false);

INSERT INTO int_reasons
SELECT credit_code, rule_id, 'missing_data:output_value', false
FROM int_levels
WHERE rule_id = 'D10-3' AND cur_value IS NULL;

-- Near miss: missed by no more than shares.near_miss of the floor, inclusive (0.95亿 and up for 1亿).
INSERT INTO int_reasons
SELECT f.credit_code, f.rule_id, 'below_first_threshold', f.cur_value >= (1 - ps.near_miss_share) * f.floor_yuan
FROM int_levels f, p_settings ps
WHERE f.rule_id = 'D10-3' AND f.cur_value < f.floor_yuan AND NOT f.disagree;

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
         ELSE kv('d10_3.amount') || ';' || kv('d10_3.floor') || ';' || kv('d10_3.history_years')
              || CASE WHEN f.bonus_applied THEN ';' || kv('specialised.bonus') ELSE '' END
    END AS params_used)
FROM int_facts f
LEFT JOIN (SELECT * FROM int_levels WHERE rule_id = 'D10-3') a
       ON a.credit_code = f.credit_code AND a.rule_id = f.rule_id;
