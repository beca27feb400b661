-- Stage 200: the general conditions G1–G4 of every rule, and the working tables the rule stages fill.
-- Reads: int_population, stg_enterprises, dishonesty, other_funds, prior_awards, p_settings.
-- Writes (TEMP): int_reasons (every reason that applies, one row each), int_facts (one row per decision:
--   figures, full amount, tier, params_used).
-- Also already_awarded for a rule already paid for year P (rules.md "Rounds").
-- Implements 指南 二（一）1 and 3 (clauses.register, clauses.other_funds of the policy):
--   G1 not_beijing            — the register's 区划代码 does not start with 11;
--   G2 not_legal_person       — 是否独立法人 否 / 产业活动单位 / 个体, or the code begins 92 (个体工商户);
--   G3 serious_dishonesty     — a 严重失信 listing (列入日期 … 移出日期, or still listed) overlapping
--                               [evaluation date − 3 years, evaluation date], both ends inclusive; the
--                               evaluation date is the rule group's (or --as-of);
--   G4 other_municipal_funds  — on the other-funds list for the rule's direction, 年度 empty or P.

CREATE OR REPLACE TEMP TABLE int_reasons (
    credit_code VARCHAR, rule_id VARCHAR, reason VARCHAR,
    near BOOLEAN  -- numeric threshold reasons: missed by no more than the near-miss share
);

CREATE OR REPLACE TEMP TABLE int_facts AS
SELECT credit_code, rule_id,
       CAST(NULL AS DECIMAL(18,2)) AS prev_value, CAST(NULL AS DECIMAL(18,2)) AS cur_value,
       CAST(NULL AS DECIMAL(18,2)) AS net_value, CAST(NULL AS DECIMAL(18,6)) AS growth,
       CAST(NULL AS INTEGER) AS headcount_prev, CAST(NULL AS INTEGER) AS headcount_cur,
       CAST(NULL AS DECIMAL(18,2)) AS amount_yuan,   -- full amount if the rule's conditions hold
       false AS bonus_applied,
       CAST(NULL AS VARCHAR) AS tier, false AS tier_assumed,
       CAST(NULL AS VARCHAR) AS params_used
FROM int_population;

-- G1
INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'not_beijing', false
FROM int_population p JOIN stg_enterprises e USING (credit_code)
WHERE NOT e.in_beijing;

-- G2
INSERT INTO int_reasons
SELECT p.credit_code, p.rule_id, 'not_legal_person', false
FROM int_population p JOIN stg_enterprises e USING (credit_code)
WHERE NOT e.is_legal_person OR starts_with(e.credit_code, '92');

-- G3: the window start is eval − 3 years; DuckDB clamps 29 Feb − 3 years to 28 Feb.
INSERT INTO int_reasons
SELECT DISTINCT p.credit_code, p.rule_id, 'serious_dishonesty', false
FROM int_population p JOIN dishonesty d USING (credit_code)
WHERE d.listed_on <= p.eval_date
  AND (d.removed_on IS NULL OR d.removed_on >= CAST(p.eval_date - to_years(3) AS DATE));

-- G4
INSERT INTO int_reasons
SELECT DISTINCT p.credit_code, p.rule_id, 'other_municipal_funds', false
FROM int_population p JOIN other_funds f ON f.credit_code = p.credit_code AND f.direction = p.direction, p_settings ps
WHERE f.year IS NULL OR f.year = ps.policy_year;

-- rules.md "Rounds": a rule already paid to the enterprise for year P (a 已兑付奖励 row of year P whose 项目
-- is the rule id, e.g. the round-1 D11-2 payment in a round-2 batch) is refused: nothing is paid twice. The
-- 项目 is compared without spaces and case, and with any dash as a hyphen (d11-2, D11 —2 and D11_2 are
-- D11-2: a Chinese input method types — or – as readily as -, and the loader folds only the full-width －).
-- A row with no readable amount refuses too: that it was paid is enough.
INSERT INTO int_reasons
SELECT DISTINCT p.credit_code, p.rule_id, 'already_awarded', false
FROM int_population p
JOIN prior_awards pa ON pa.credit_code = p.credit_code
 AND upper(regexp_replace(regexp_replace(pa.item, '\s+', '', 'g'), '[_‐‑‒–—―−﹣－]', '-', 'g')) = p.rule_id, p_settings ps
WHERE pa.year = ps.policy_year;
