-- Stage 110 (intermediate): facts per enterprise and period that several rules share.
-- Reads: above_scale, output_value, revenue, headcount, specialised, prior_awards, int_population, p_settings,
--   policy_rules, policy_specialised_levels.
-- Writes (TEMP): int_above_scale, int_figures, int_headcount, int_specialised_valid, int_baseline.
-- Implements rules.md "Years and periods" (the previous-period figure is the 上年同期 reported with the
-- current period when there is one, otherwise the earlier period's own figure), the 专精特新 validity of
-- direction 10 (recognition date ≤ evaluation date ≤ 有效期至, both inclusive; no 有效期至 → recognition + 3
-- years, 29 Feb → 28 Feb) and the 孰高兑付 baseline of the 补充通知 (prior_awards of year P, direction ≠ 11).

-- 规上 years: the first year on record, and whether the enterprise was 规上 in R and in P.
CREATE OR REPLACE TEMP TABLE int_above_scale AS
SELECT a.credit_code,
       min(a.year)                                 AS first_year,
       bool_or(a.year = ps.ref_year)               AS in_ref_year,
       bool_or(a.year = ps.policy_year)            AS in_policy_year,
       bool_or(a.year < ps.ref_year)               AS before_ref_year
FROM above_scale a, p_settings ps
GROUP BY a.credit_code;

-- 工业总产值 and 营业收入 in one long table; one row per (code, measure, period).
-- The loaders keep one row per key (a duplicate with other values is quarantined, an equal one dropped),
-- so the GROUP BY only guards the invariant: should two rows arrive anyway, max() picks the same one
-- whatever the order. A GROUP BY spills to disk under a memory limit; the DISTINCT ON … ORDER BY it
-- replaces held every row in memory and ran out at a million enterprises.
CREATE OR REPLACE TEMP TABLE int_figures AS
SELECT credit_code, measure, year, end_month, max(value_yuan) AS value_yuan, max(prev_value_yuan) AS prev_value_yuan
FROM (
    SELECT credit_code, 'output_value' AS measure, year, end_month, value_yuan, prev_value_yuan FROM output_value
    UNION ALL
    SELECT credit_code, 'revenue' AS measure, year, end_month, value_yuan, prev_value_yuan FROM revenue
)
GROUP BY credit_code, measure, year, end_month;

-- Year-end headcounts (December), one row per (code, year); the same guard as above.
CREATE OR REPLACE TEMP TABLE int_headcount AS
SELECT credit_code, year, max(persons) AS persons
FROM headcount
WHERE month = 12
GROUP BY credit_code, year;

-- Valid 专精特新 on each rule's evaluation date, for the levels that count.
CREATE OR REPLACE TEMP TABLE int_specialised_valid AS
SELECT DISTINCT p.credit_code, p.rule_id
FROM int_population p
JOIN specialised s ON s.credit_code = p.credit_code
JOIN policy_specialised_levels l ON l.level = s.level, p_settings ps
WHERE s.recognized_on <= p.eval_date
  AND p.eval_date <= coalesce(s.valid_until, CAST(s.recognized_earliest + to_years(ps.validity_years) AS DATE));

-- 孰高兑付 baseline: what the enterprise was already paid in year P for non-stackable directions. A row
-- without a readable amount adds nothing here (the baseline is then the part that is known, a lower bound)
-- and holds the enterprise's paying direction-10 pairs instead (stage 270, prior_award_amount_missing):
-- an item at or below the known part is superseded for certain, one above it waits for a person.
CREATE OR REPLACE TEMP TABLE int_baseline AS
SELECT pa.credit_code, sum(coalesce(pa.amount_yuan, 0)) AS baseline_yuan
FROM prior_awards pa, p_settings ps
WHERE pa.year = ps.policy_year AND pa.direction <> 11
GROUP BY pa.credit_code;
