-- Stage 250: direction 11 稳运行稳就业, the four tiered rules (指南 方向11; 2023年1月通知):
--   D11-1 工业全年   (指南 方向11（1）第一款): 工业 06–46, 规上 in P, 工业总产值 P vs R, net ≥ 10亿, growth ≥ 15%,
--                    参保人数(P年末) ≥ 参保人数(R年末); table A.
--   D11-2 工业一季度 (指南 方向11（1）第二款): 工业, 规上 in P, 工业总产值 P 1–3月 vs R 1–3月, net ≥ 2亿,
--                    growth ≥ 15%; table B.
--   D11-3 软件全年   (指南 方向11（2）第一款): 大类 64/65, 规上 in P, 营业收入, net ≥ 50亿, growth ≥ 20%,
--                    headcount as D11-1; table C.
--   D11-4 软件一季度 (指南 方向11（2）第二款): 64/65, 规上 in P, Q1 营业收入, net ≥ 10亿, growth ≥ 20%; table D.
-- The floors, measures, periods and tables come from policy_rules / policy_tiers (the policy file).
-- Reads: int_population, int_above_scale, int_figures, int_headcount, policy_rules, policy_tiers, p_settings.
-- Writes: TEMP int_d11 (the figures per decision), int_reasons, int_facts.
-- Arithmetic: net = cur − prev; growth ≥ g% ⇔ net × 100 ≥ g × prev, never a division; prev ≤ 0 →
-- non_positive_base. prev is the 上年同期 reported with the current period, else the earlier period's own
-- figure. Reasons (all that apply): not_above_scale, missing_data:<measure>, missing_data:headcount,
-- non_positive_base, net_below_threshold, growth_below_threshold, headcount_fell. Near miss: a threshold
-- missed by no more than shares.near_miss of it (14.25% and up for a 15% floor).

CREATE OR REPLACE TEMP TABLE int_d11 AS
SELECT p.credit_code, p.rule_id, p.rule_key, r.measure, r.end_month, r.net_min_yuan, r.growth_min_pct,
       r.headcount_not_below, r.tier_table,
       -- DECIMAL(38,2) so that net × 100 and g × prev cannot overflow.
       CAST(cur.value_yuan AS DECIMAL(38,2))                                    AS cur_value,
       CAST(coalesce(cur.prev_value_yuan, prv.value_yuan) AS DECIMAL(38,2))     AS prev_value,
       CAST(cur.value_yuan AS DECIMAL(38,2)) - coalesce(cur.prev_value_yuan, prv.value_yuan) AS net_value,
       CASE WHEN r.headcount_not_below THEN hp.persons END AS headcount_prev,
       CASE WHEN r.headcount_not_below THEN hc.persons END AS headcount_cur,
       coalesce(a.in_policy_year, false) AS in_policy_year
FROM int_population p
JOIN policy_rules r ON r.rule_id = p.rule_id
CROSS JOIN p_settings ps
LEFT JOIN int_above_scale a ON a.credit_code = p.credit_code
LEFT JOIN int_figures cur ON cur.credit_code = p.credit_code AND cur.measure = r.measure AND cur.year = ps.policy_year AND cur.end_month = r.end_month
LEFT JOIN int_figures prv ON prv.credit_code = p.credit_code AND prv.measure = r.measure AND prv.year = ps.ref_year AND prv.end_month = r.end_month
-- Headcounts join on the keys alone (the annual rules' condition is applied in the SELECT): a condition
-- on the rule in these ON clauses makes DuckDB fall back to a nested-loop join, minutes at 50,000
-- enterprises instead of milliseconds.
LEFT JOIN int_headcount hp ON hp.credit_code = p.credit_code AND hp.year = ps.ref_year
LEFT JOIN int_headcount hc ON hc.credit_code = p.credit_code AND hc.year = ps.policy_year
WHERE p.direction = 11;

INSERT INTO int_reasons
SELECT credit_code, rule_id, 'not_above_scale', false FROM int_d11 WHERE NOT in_policy_year;

INSERT INTO int_reasons
SELECT credit_code, rule_id, 'missing_data:' || measure, false FROM int_d11 WHERE cur_value IS NULL OR prev_value IS NULL;

-- non_positive_base depends on the base alone: with a base ≤ 0 growth is undefined whatever the current
-- figure, so a missing current figure and a zero base give both reasons (outputs.md: all that apply).
INSERT INTO int_reasons
SELECT credit_code, rule_id, 'non_positive_base', false FROM int_d11 WHERE prev_value <= 0;

INSERT INTO int_reasons
SELECT d.credit_code, d.rule_id, 'net_below_threshold', d.net_value >= (1 - ps.near_miss_share) * d.net_min_yuan
FROM int_d11 d, p_settings ps
WHERE d.net_value < d.net_min_yuan;

INSERT INTO int_reasons
SELECT d.credit_code, d.rule_id, 'growth_below_threshold',
       d.net_value * 100 >= (1 - ps.near_miss_share) * d.growth_min_pct * d.prev_value
FROM int_d11 d, p_settings ps
WHERE d.prev_value > 0 AND d.net_value * 100 < d.growth_min_pct * d.prev_value;

INSERT INTO int_reasons
SELECT credit_code, rule_id, 'missing_data:headcount', false
FROM int_d11 WHERE headcount_not_below AND (headcount_prev IS NULL OR headcount_cur IS NULL);

INSERT INTO int_reasons
SELECT credit_code, rule_id, 'headcount_fell', false
FROM int_d11 WHERE headcount_not_below AND headcount_cur < headcount_prev;

-- The one tier whose net band and growth band both contain the figures (the policy validates that the
-- bands cover every point above the floors exactly once).
-- The parameters each rule's decisions cite, built once per rule rather than once per decision (a
-- correlated kv() per row is the slow part of this stage at scale).
CREATE OR REPLACE TEMP TABLE int_d11_params AS
SELECT rule_id, kv(rule_key || '.net_min') || ';' || kv(rule_key || '.growth_min_pct') AS params
FROM (SELECT DISTINCT rule_id, rule_key FROM int_d11);

-- The new facts per D11 decision: figures, growth, the one tier whose bands hold them, the trace.
CREATE OR REPLACE TEMP TABLE int_d11_facts AS
SELECT d.credit_code, d.rule_id, d.prev_value, d.cur_value, d.net_value,
       ratio6(d.net_value, d.prev_value) AS growth,
       d.headcount_prev, d.headcount_cur,
       t.tier, coalesce(t.assumed, false) AS tier_assumed, t.amount_yuan,
       pp.params
        || CASE WHEN t.tier IS NULL THEN ''
                ELSE ';tier.' || t.tier || '=[' || fmt_num(t.net_lo_yuan) || ',' || coalesce(fmt_num(t.net_hi_yuan), '∞')
                     || ')x[' || fmt_num(t.growth_lo_pct) || ',' || coalesce(fmt_num(t.growth_hi_pct), '∞') || ')→'
                     || fmt_num(t.amount_yuan) END AS params_used
FROM int_d11 d
JOIN int_d11_params pp ON pp.rule_id = d.rule_id
LEFT JOIN policy_tiers t
       ON t.rule_id = d.rule_id
      AND d.prev_value > 0
      AND d.net_value >= d.net_min_yuan AND d.net_value * 100 >= d.growth_min_pct * d.prev_value
      AND d.net_value >= t.net_lo_yuan AND (t.net_hi_yuan IS NULL OR d.net_value < t.net_hi_yuan)
      AND d.net_value * 100 >= t.growth_lo_pct * d.prev_value
      AND (t.growth_hi_pct IS NULL OR d.net_value * 100 < t.growth_hi_pct * d.prev_value);

-- int_facts is rebuilt rather than updated: DuckDB's UPDATE of this many rows took seconds at 50,000
-- enterprises, the rebuild milliseconds. Rows of other rules keep their values.
CREATE OR REPLACE TEMP TABLE int_facts AS
SELECT f.credit_code, f.rule_id,
       CASE WHEN n.rule_id IS NULL THEN f.prev_value ELSE n.prev_value END AS prev_value,
       CASE WHEN n.rule_id IS NULL THEN f.cur_value ELSE n.cur_value END AS cur_value,
       CASE WHEN n.rule_id IS NULL THEN f.net_value ELSE n.net_value END AS net_value,
       CASE WHEN n.rule_id IS NULL THEN f.growth ELSE n.growth END AS growth,
       CASE WHEN n.rule_id IS NULL THEN f.headcount_prev ELSE n.headcount_prev END AS headcount_prev,
       CASE WHEN n.rule_id IS NULL THEN f.headcount_cur ELSE n.headcount_cur END AS headcount_cur,
       CASE WHEN n.rule_id IS NULL THEN f.amount_yuan ELSE n.amount_yuan END AS amount_yuan,
       f.bonus_applied,
       CASE WHEN n.rule_id IS NULL THEN f.tier ELSE n.tier END AS tier,
       CASE WHEN n.rule_id IS NULL THEN f.tier_assumed ELSE n.tier_assumed END AS tier_assumed,
       CASE WHEN n.rule_id IS NULL THEN f.params_used ELSE n.params_used END AS params_used
FROM int_facts f
LEFT JOIN int_d11_facts n ON n.credit_code = f.credit_code AND n.rule_id = f.rule_id;
