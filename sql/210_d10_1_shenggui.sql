-- Stage 210: D10-1 升规奖励 (指南 方向10 第一款).
-- Reads: int_population, int_above_scale. Writes: int_reasons, int_facts.params_used.
-- Who: 先进制造业 / 6511 基础软件 / 工业软件 list / 6520 集成电路设计 (stage 100), first included in 规上 in
-- the reference year R: refused with not_above_scale when not 规上 in R, and not_first_above_scale when an
-- earlier 规上 year is on record (both when both hold). 禁限, one-time and the amount (30万, +20万 专精特新)
-- are in stage 205; G1–G4 in stage 200.

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'not_above_scale', false
FROM int_population p LEFT JOIN int_above_scale a USING (credit_code)
WHERE p.rule_id = 'D10-1' AND NOT coalesce(a.in_ref_year, false);

INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'not_first_above_scale', false
FROM int_population p JOIN int_above_scale a USING (credit_code)
WHERE p.rule_id = 'D10-1' AND a.before_ref_year;

UPDATE int_facts
SET params_used = kv('d10_1.amount') || CASE WHEN bonus_applied THEN ';' || kv('specialised.bonus') ELSE '' END
WHERE rule_id = 'D10-1';
