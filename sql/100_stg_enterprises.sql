-- Stage 100 (staging): the register, typed settings, and who gets a decision row.
-- Reads: enterprises, industrial_software, quarantine, policy_params, policy_sectors, policy_rules,
--   policy_rule_sectors, decided_rounds.
-- Writes (TEMP, this run's connection only): macros fmt_num, fmt_wan, ratio6, kv; tables p_settings,
--   stg_enterprises, int_sector_members, int_population.
-- Implements rules.md "Sectors", "Outcomes" and "Rounds": every (enterprise of the register, rule) pair in
-- the rule's sector, for the rules of the decided rounds, gets exactly one decision; the rules of other
-- rounds get none. Sectors per rule (policy file): D10-1 先进制造业 ∪ 6511 基础软件 ∪ 6520 集成电路设计 ∪
-- 工业软件 list (认定年份 empty or ≤ R); D10-2, D10-3 先进制造业; D10-4, D11-3, D11-4 大类 64–65; D11-1,
-- D11-2 工业 大类 06–46. Prefixes match the 2017 industry code (the loaders keep the 2017 column when a file
-- has both). A pair whose every way into the rule's sector is an assumed list (先进制造业) is marked
-- sector_assumed: its award carries the remark 行业范围为假设值，待核定 (outputs.md).

-- A decimal as text without trailing zeros: 300000.00 → 300000, 0.0500 → 0.05.
CREATE OR REPLACE TEMP MACRO fmt_num(x) AS
    CASE WHEN x IS NULL THEN NULL
         WHEN contains(CAST(x AS VARCHAR), '.') THEN rtrim(rtrim(CAST(x AS VARCHAR), '0'), '.')
         ELSE CAST(x AS VARCHAR) END;

-- 元 → 万元 as text for remarks: 300000 → 30, 125000 → 12.5, 100 → 0.01 (exact, no rounding: a yuan
-- amount has at most 2 decimals, so 万元 needs at most 6).
CREATE OR REPLACE TEMP MACRO fmt_wan(x) AS fmt_num(CAST(x AS DECIMAL(38,2)) * CAST(0.0001 AS DECIMAL(5,4)));

-- n / d as a ratio truncated toward zero to 6 decimals, in integer arithmetic (DuckDB divides DECIMALs in
-- floating point). Only for storing growth: thresholds never use it (net × 100 ≥ g × prev). Truncated, not
-- rounded, so that a stored growth never crosses a threshold by rounding (rules.md: a growth of
-- 14.9999995% is 14.99%, never 15.00%); HUGEINT division truncates toward zero.
-- A ratio of 10^12 or more does not fit the stored DECIMAL(18,6): it is left NULL (a base of a few 元
-- against billions is a data error a person will see in the figures) rather than failing the whole run.
CREATE OR REPLACE TEMP MACRO ratio6(n, d) AS
    CASE WHEN d IS NULL OR n IS NULL OR d <= 0 THEN NULL
         WHEN abs(CAST(n AS DECIMAL(38,2))) >= CAST(d AS DECIMAL(38,2)) * 999999999999 THEN NULL
         ELSE CAST(CAST((CAST(n * 100 AS HUGEINT) * 1000000) // CAST(d * 100 AS HUGEINT) AS DECIMAL(38,0))
                   * CAST(0.000001 AS DECIMAL(7,6)) AS DECIMAL(18,6)) END;

-- key=value of one policy setting, for decisions.params_used (the trace of issue 7).
CREATE OR REPLACE TEMP MACRO kv(k) AS (SELECT key || '=' || coalesce(value, '') FROM policy_params WHERE key = k);

-- The scalar settings, typed, in one row.
CREATE OR REPLACE TEMP TABLE p_settings AS
SELECT
    (SELECT CAST(num AS INTEGER) FROM policy_params WHERE key = 'policy_year')                AS policy_year,
    (SELECT CAST(num AS INTEGER) FROM policy_params WHERE key = 'reference_year')             AS ref_year,
    (SELECT CAST(num AS INTEGER) FROM policy_params WHERE key = 'specialised.validity_years') AS validity_years,
    (SELECT CAST(num AS DECIMAL(18,2)) FROM policy_params WHERE key = 'specialised.bonus')    AS bonus_yuan,
    (SELECT CAST(num AS DECIMAL(9,4)) FROM policy_params WHERE key = 'shares.near_miss')      AS near_miss_share,
    (SELECT CAST(num AS DECIMAL(9,4)) FROM policy_params WHERE key = 'shares.affiliate')      AS affiliate_share,
    (SELECT value FROM policy_params WHERE key = 'clauses.one_project')                       AS clause_one_project,
    (SELECT value FROM policy_params WHERE key = 'clauses.stacking')                          AS clause_stacking;

-- One row per enterprise of the register (the loaders drop duplicate codes; keep the first row anyway).
-- register_unreadable (rules.md "Holds", row_unreadable: every rule reads 单位名录): an enterprise whose
-- register row was quarantined with its credit code readable, and that has no loaded row, is not dropped
-- with the row: it gets a row whose every register fact is unknown (NULL), so that no register condition
-- refuses it (G1, G2 but for a code beginning 92, D10-2's 投产年月) and none lets it pay — it is in every
-- sector unconfirmed (int_sector_members), so stage 300 records a pair of it only when the pair is held,
-- and stage 270 holds every pair of it (the quarantined row). A 同意 cannot pay it (stage 300): the payee's
-- registered name is unknown; the register is corrected and the next run decides it.
CREATE OR REPLACE TEMP TABLE stg_enterprises AS
FROM (SELECT DISTINCT ON (credit_code) credit_code, name, industry_code, area_code, district, scope_district,
             in_beijing, is_legal_person, start_month, code_check_ok, false AS register_unreadable
      FROM enterprises
      ORDER BY credit_code, source_file, source_sheet, source_row)
UNION ALL
SELECT DISTINCT code, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true
FROM (SELECT nullif(trim(credit_code), '') AS code FROM quarantine WHERE kind = 'enterprises')
WHERE code IS NOT NULL AND code NOT IN (SELECT credit_code FROM enterprises)
ORDER BY credit_code;

-- The sectors each enterprise belongs to: prefix lists, plus the 工业软件 list (认定年份 empty or ≤ R).
-- unconfirmed: the only thing that brings the enterprise into the sector is a quarantined 工业软件 row (its
-- credit code readable; rules.md "Holds"). Such a row may mean the enterprise is on the list, so the pair is
-- decided — and held, since D10-1 reads the list (stage 270) — rather than vanishing with the row; stage 300
-- records it only when it is held (review): a refusal of a pair whose sector cannot be told is no decision
-- anyone needs, while a payment it might be owed must not be lost quietly.
CREATE OR REPLACE TEMP TABLE int_sector_members AS
SELECT credit_code, sector, bool_and(unconfirmed) AS unconfirmed
FROM (
    SELECT e.credit_code, s.sector, false AS unconfirmed
    FROM stg_enterprises e JOIN policy_sectors s ON starts_with(e.industry_code, s.prefix)
    UNION ALL
    SELECT i.credit_code, 'industrial_software', false
    FROM industrial_software i JOIN stg_enterprises e USING (credit_code), p_settings ps
    WHERE i.recognized_year IS NULL OR i.recognized_year <= ps.ref_year
    UNION ALL
    SELECT e.credit_code, 'industrial_software', true
    FROM quarantine q JOIN stg_enterprises e ON e.credit_code = nullif(trim(q.credit_code), '')
    WHERE q.kind = 'industrial_software'
    UNION ALL
    -- An enterprise whose register row is unreadable may be in any sector.
    SELECT e.credit_code, s.sector, true
    FROM stg_enterprises e, (SELECT DISTINCT sector FROM policy_rule_sectors) s
    WHERE e.register_unreadable
)
GROUP BY credit_code, sector;

-- The (enterprise, rule) pairs that get a decision, with the rule's settings: the rules of the decided
-- rounds only. sector_assumed: every sector that brings the enterprise into the rule is an assumed list
-- (the 工业软件 list is an input, never assumed). sector_unconfirmed: every way in is a quarantined row (see
-- int_sector_members); such a pair's sector_assumed is false (the list is not assumed).
CREATE OR REPLACE TEMP TABLE int_population AS
SELECT m.credit_code, r.rule_id, r.direction, r.group_name, r.eval_date, r.clause, r.round,
       lower(replace(r.rule_id, '-', '_')) AS rule_key,
       bool_and(coalesce(sa.assumed, false) OR m.unconfirmed) AND NOT bool_and(m.unconfirmed) AS sector_assumed,
       bool_and(m.unconfirmed) AS sector_unconfirmed
FROM int_sector_members m
JOIN policy_rule_sectors rs ON rs.sector = m.sector
JOIN policy_rules r ON r.rule_id = rs.rule_id
JOIN decided_rounds dr ON dr.round = r.round
LEFT JOIN (SELECT sector, bool_or(assumed) AS assumed FROM policy_sectors GROUP BY sector) sa ON sa.sector = m.sector
GROUP BY m.credit_code, r.rule_id, r.direction, r.group_name, r.eval_date, r.clause, r.round;
