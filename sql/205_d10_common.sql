-- Stage 205: conditions shared by the direction-10 rules D10-1, D10-2, D10-3 and D10-4.
-- Reads: int_population, stg_enterprises, prior_awards, restricted, int_specialised_valid, policy_rules, p_settings.
-- Writes: int_reasons (already_awarded, restricted_industry), int_facts.amount_yuan / bonus_applied.
-- Implements 指南 方向10: 一次性 (clauses.one_time: a direction-10 award in an earlier policy year refuses
-- with already_awarded), 禁限目录外 (clauses.restricted: a catalogue row whose prefix starts the industry
-- code and whose scope is 全市 or lists the enterprise's scope_district — 大兴区 for 经开区; an unknown
-- district matches only 全市 rows; 禁止 and 限制 both exclude), and the amount: base plus the 专精特新
-- bonus (clauses.specialised) for D10-1, D10-3, D10-4 when valid on the evaluation date.

INSERT INTO int_reasons
SELECT DISTINCT p.credit_code, p.rule_id, 'already_awarded', false
FROM int_population p JOIN prior_awards pa ON pa.credit_code = p.credit_code, p_settings ps
WHERE p.direction = 10 AND pa.direction = 10 AND pa.year < ps.policy_year;

INSERT INTO int_reasons
SELECT DISTINCT p.credit_code, p.rule_id, 'restricted_industry', false
FROM int_population p
JOIN stg_enterprises e USING (credit_code)
JOIN restricted r ON starts_with(e.industry_code, r.prefix)
WHERE p.direction = 10
  AND (r.whole_city OR coalesce(list_contains(string_split(replace(r.scope, ',', '、'), '、'), e.scope_district), false));

UPDATE int_facts f
SET amount_yuan = s.amount_yuan, bonus_applied = s.bonus_applied
FROM (
    SELECT p.credit_code, p.rule_id,
           r.amount_yuan + CASE WHEN r.specialised_bonus AND v.credit_code IS NOT NULL THEN ps.bonus_yuan ELSE 0 END AS amount_yuan,
           coalesce(r.specialised_bonus AND v.credit_code IS NOT NULL, false) AS bonus_applied
    FROM int_population p
    JOIN policy_rules r USING (rule_id)
    CROSS JOIN p_settings ps
    LEFT JOIN int_specialised_valid v ON v.credit_code = p.credit_code AND v.rule_id = p.rule_id
    WHERE p.direction = 10
) s
WHERE f.credit_code = s.credit_code AND f.rule_id = s.rule_id;
