-- Stage 220: D10-2 新建投产奖励 (指南 方向10 第一款, 当年度新建投产).
-- Reads: int_population, stg_enterprises, int_above_scale, policy_rules. Writes: int_reasons, int_facts.params_used.
-- Who: 先进制造业, 投产年月 (register) in the policy's d10_2.start_year (R: "当年度" read as the reference
-- year, a setting) and first included in 规上 in R. No 投产年月 → missing_data:start_month; another year →
-- not_started_in_year; not 规上 in R → not_above_scale; an earlier 规上 year → not_first_above_scale.
-- Amount 50万, no 专精特新 bonus (stage 205).

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'missing_data:start_month', false
FROM int_population p JOIN stg_enterprises e USING (credit_code)
WHERE p.rule_id = 'D10-2' AND e.start_month IS NULL
  -- An unreadable register row is not a missing 投产年月: the pair is held (stage 100), not a data gap.
  AND NOT e.register_unreadable;

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'not_started_in_year', false
FROM int_population p JOIN stg_enterprises e USING (credit_code) JOIN policy_rules r USING (rule_id)
WHERE p.rule_id = 'D10-2' AND e.start_month IS NOT NULL AND year(e.start_month) <> r.start_year;

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'not_above_scale', false
FROM int_population p LEFT JOIN int_above_scale a USING (credit_code)
WHERE p.rule_id = 'D10-2' AND NOT coalesce(a.in_ref_year, false);

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'not_first_above_scale', false
FROM int_population p JOIN int_above_scale a USING (credit_code)
WHERE p.rule_id = 'D10-2' AND a.before_ref_year;

UPDATE int_facts
SET params_used = kv('d10_2.amount') || ';' || kv('d10_2.start_year')
WHERE rule_id = 'D10-2';
