-- Stage 270: holds — rules.md "Holds: doubt never pays".
-- Reads: quarantine, rule_kinds, affiliates, prior_awards, above_scale, dishonesty, other_funds, output_value,
--   revenue, stg_enterprises, int_population, int_figures, int_levels, policy_history_years, p_settings.
-- Writes: TEMP int_holds, one row per cause that would hold a pair: credit_code, rule_id, reason, and the
--   row behind it — kind, source_file, source_sheet, source_row, column_name, raw_value, detail (kind names
--   the kind of the row that source_* points at).
-- A cause here does not decide anything by itself: stage 300 holds a pair (outcome review, nothing paid)
-- only when no refusal reason refuses it and it would pay; a held direction-10 item still takes part in
-- 孰高 by its full amount. The causes:
--   row_unreadable           a quarantined row whose credit code can be read, in a kind the rule reads
--                            (rule_kinds: rules.md's table, written from pipeline.RuleKinds); detail = the
--                            quarantine reasons. A quarantined 关联企业 row also holds the direction-11 pairs
--                            of every member of the group it names, or of every enterprise on the 关联企业
--                            list when its group cannot be read. A quarantined 工业总产值 or 营业收入 row
--                            of a group member holds the other members' direction-11 pairs reading that kind
--                            (their affiliate review rests on its figures); one whose code cannot be read,
--                            every group member's. A row of 规上名录, 严重失信, 其他市级资金, 已兑付奖励 or 关联企业,
--                            loaded or quarantined, whose code is in no register row but one slip away from an
--                            enterprise's (near_codes) holds that enterprise's pairs reading its kind, and a
--                            关联企业 one its group's direction-11 pairs; so does a 工业总产值 or 营业收入 row one
--                            slip from a group member's code; detail says so.
--   prior_award_amount_missing  a 已兑付奖励 row of year P, direction ≠ 11, without a readable amount: the
--                            孰高兑付 baseline is unknown, so every paying direction-10 pair of the
--                            enterprise is held; source = that row, detail = its year, direction and 项目.
--   missing_history          D10-3: 规上 in a history year of the policy (d10_3.history_years, assumed) and no
--                            annual 工业总产值 of its own for that year in the batch — neither its own row's
--                            figure nor a 上年同期 reported with the next year — so "first" cannot be
--                            confirmed; source = the 规上名录 row of that year, detail = the year.
--   figures_disagree         D10-3, D10-4: R's own annual figure and the 上年同期 reported with P lie on
--                            opposite sides of the floor (stage 230, int_levels.disagree); one row for each of
--                            the two rows, detail says which one it is.
-- Stops (an unreadable code in a list that could raise a payment, any quarantined 禁限目录 row) are the
-- loader's (pipeline/failclosed.go) and happen before this stage.

CREATE OR REPLACE TEMP TABLE int_holds AS
WITH q AS (
    SELECT *, nullif(trim(credit_code), '') AS code, nullif(trim(group_id), '') AS grp FROM quarantine
),
-- A row of a list whose missing row could raise a payment whose credit code is in no register row, but one
-- character (or two neighbouring characters swapped) away from the code of an enterprise of the register.
-- The GB 32100 check digit catches every such slip, so the two codes cannot both be sound: the row is most
-- likely that enterprise's, mistyped, and left unmatched it would let a 失信 listing, a prior award or a 规上
-- year pass it by. Which enterprise it means cannot be known for certain, so it binds to none: it holds the
-- near enterprise's pairs that read its kind, like a row whose code cannot be read (row_unreadable); a
-- 关联企业 row also holds its group, whose affiliate review counts the mistyped member as one without
-- figures (falls 0) instead of the real one; so does a 工业总产值 or 营业收入 row one slip from a group member's
-- code (the member would count as without that figure). Quarantined rows count too: a row both unreadable and
-- mistyped must not hold less than a mistyped row alone (grp is NULL for other kinds, and for a 关联企业
-- row whose group cannot be read — that row already holds the whole list, below).
-- Candidates are generated from the unmatched codes (few) and matched by equality, so the register is
-- read once whatever its size.
-- The codes of figure rows: a group member need not be in the register (stage 260).
figure_codes AS (
    SELECT credit_code FROM output_value UNION SELECT credit_code FROM revenue
),
unmatched AS (
    SELECT kind, code, grp, from_q, source_file, source_sheet, source_row
    FROM (
        SELECT 'above_scale' AS kind, credit_code AS code, NULL AS grp, false AS from_q, source_file, source_sheet, source_row FROM above_scale
        UNION ALL SELECT 'dishonesty', credit_code, NULL, false, source_file, source_sheet, source_row FROM dishonesty
        UNION ALL SELECT 'other_funds', credit_code, NULL, false, source_file, source_sheet, source_row FROM other_funds
        UNION ALL SELECT 'prior_awards', credit_code, NULL, false, source_file, source_sheet, source_row FROM prior_awards
        UNION ALL SELECT 'affiliates', credit_code, group_id, false, source_file, source_sheet, source_row FROM affiliates
        UNION ALL SELECT 'output_value', credit_code, NULL, false, source_file, source_sheet, source_row FROM output_value
        UNION ALL SELECT 'revenue', credit_code, NULL, false, source_file, source_sheet, source_row FROM revenue
        UNION ALL SELECT kind, code, grp, true, source_file, source_sheet, source_row FROM q
        WHERE kind IN ('above_scale', 'dishonesty', 'other_funds', 'prior_awards', 'affiliates', 'output_value', 'revenue')
          AND code IS NOT NULL
    ) l
    WHERE length(code) = 18 AND NOT EXISTS (SELECT 1 FROM stg_enterprises e WHERE e.credit_code = l.code)
      -- A 关联企业 member outside the register is known by its figures and its figures by its 关联企业 row
      -- (stage 260 counts it): not a slip.
      AND NOT (kind = 'affiliates' AND EXISTS (SELECT 1 FROM figure_codes f WHERE f.credit_code = l.code))
      AND NOT (kind IN ('output_value', 'revenue') AND EXISTS (SELECT 1 FROM affiliates a WHERE a.credit_code = l.code))
),
near_codes AS (
    SELECT u.*, substr(u.code, 1, i - 1) || ch || substr(u.code, i + 1) AS near
    FROM unmatched u, range(1, 19) t(i), unnest(string_split('0123456789ABCDEFGHJKLMNPQRTUWXY', '')) a(ch)
    WHERE ch <> substr(u.code, i, 1)
    UNION ALL
    SELECT u.*, substr(u.code, 1, i - 1) || substr(u.code, i + 1, 1) || substr(u.code, i, 1) || substr(u.code, i + 2)
    FROM unmatched u, range(1, 18) t(i)
    WHERE substr(u.code, i, 1) <> substr(u.code, i + 1, 1)
),
-- The candidates that name someone: an enterprise of the register, or, for a 关联企业 row, a group member
-- known by its figures. Filtered once, so the candidates are never materialised whole.
near_hits AS (
    SELECT n.* FROM near_codes n
    WHERE n.near IN (SELECT credit_code FROM stg_enterprises)
       OR (n.kind = 'affiliates' AND n.near IN (SELECT credit_code FROM figure_codes))
       OR (n.kind IN ('output_value', 'revenue') AND n.near IN (SELECT credit_code FROM affiliates))
),
figure_rows AS (
    SELECT 'output_value' AS measure, credit_code, year, end_month, value_yuan, prev_value_yuan, source_file, source_sheet, source_row
    FROM output_value
    UNION ALL
    SELECT 'revenue', credit_code, year, end_month, value_yuan, prev_value_yuan, source_file, source_sheet, source_row
    FROM revenue
)
-- row_unreadable: the enterprise's own quarantined rows.
SELECT p.credit_code, p.rule_id, 'row_unreadable' AS reason, q.kind, q.source_file, q.source_sheet, q.source_row,
       q.column_name, q.raw_value, q.reason AS detail
FROM q
JOIN int_population p ON p.credit_code = q.code
JOIN rule_kinds k ON k.rule_id = p.rule_id AND k.kind = q.kind
UNION
-- row_unreadable: a quarantined 关联企业 row holds its group (or the whole list when the group is unreadable).
SELECT p.credit_code, p.rule_id, 'row_unreadable', qa.kind, qa.source_file, qa.source_sheet, qa.source_row,
       qa.column_name, qa.raw_value, qa.reason
FROM (SELECT * FROM q WHERE kind = 'affiliates') qa
JOIN affiliates a ON qa.grp IS NULL OR a.group_id = qa.grp
JOIN int_population p ON p.credit_code = a.credit_code
JOIN rule_kinds k ON k.rule_id = p.rule_id AND k.kind = 'affiliates'
UNION
-- row_unreadable: a quarantined 工业总产值 or 营业收入 row of a group member holds the direction-11 pairs of the
-- group's other members that read its kind: their affiliate review (stage 260) sums the members' falls, and
-- a member whose row could not be read is not a member "without both figures" (who falls 0) — counting it
-- so could pay a pair the row would have sent to review. A row whose code cannot be read may be any
-- member's (members count whether or not they are in the register): it holds every group member's pairs.
SELECT p.credit_code, p.rule_id, 'row_unreadable', qf.kind, qf.source_file, qf.source_sheet, qf.source_row,
       qf.column_name, qf.raw_value,
       qf.reason || CASE WHEN qf.code IS NULL THEN '（代码无法读取，可能是同集团成员的行）' ELSE '（同集团成员 ' || qf.code || ' 的行）' END
FROM (SELECT * FROM q WHERE kind IN ('output_value', 'revenue')) qf
JOIN affiliates m ON qf.code IS NULL OR m.credit_code = qf.code
JOIN affiliates a ON a.group_id = m.group_id AND a.credit_code <> coalesce(qf.code, '')
JOIN int_population p ON p.credit_code = a.credit_code AND p.direction = 11
JOIN rule_kinds k ON k.rule_id = p.rule_id AND k.kind = qf.kind
UNION
-- row_unreadable: a row whose code is a slip of the enterprise's (near_codes above).
SELECT p.credit_code, p.rule_id, 'row_unreadable', n.kind, n.source_file, n.source_sheet, n.source_row,
       '统一社会信用代码', n.code, '代码不在单位名录中，与本企业代码仅差一位或两位相邻颠倒（疑为误写）'
FROM near_hits n
JOIN int_population p ON p.credit_code = n.near
JOIN rule_kinds k ON k.rule_id = p.rule_id AND k.kind = n.kind
UNION
-- … and a mistyped 关联企业 row, the direction-11 pairs of the other members of its group (a quarantined
-- row whose group can be read holds them already, above).
SELECT p.credit_code, p.rule_id, 'row_unreadable', n.kind, n.source_file, n.source_sheet, n.source_row,
       '统一社会信用代码', n.code, '同集团成员代码与 ' || n.near || ' 仅差一位或两位相邻颠倒（疑为误写）'
FROM (SELECT DISTINCT kind, code, grp, near, source_file, source_sheet, source_row FROM near_hits
      WHERE kind = 'affiliates' AND grp IS NOT NULL AND NOT from_q) n
JOIN affiliates a ON a.group_id = n.grp AND a.credit_code <> n.code AND a.credit_code <> n.near
JOIN int_population p ON p.credit_code = a.credit_code AND p.direction = 11
JOIN rule_kinds k ON k.rule_id = p.rule_id AND k.kind = 'affiliates'
UNION
-- … and a mistyped 工业总产值 or 营业收入 row of a group member, the direction-11 pairs of the group's other
-- members reading that kind: their affiliate review would count the member as one without the figure.
SELECT p.credit_code, p.rule_id, 'row_unreadable', n.kind, n.source_file, n.source_sheet, n.source_row,
       '统一社会信用代码', n.code, '同集团成员 ' || n.near || ' 的数据行代码疑为误写（仅差一位或两位相邻颠倒）'
FROM (SELECT DISTINCT kind, code, near, source_file, source_sheet, source_row FROM near_hits
      WHERE kind IN ('output_value', 'revenue')) n
JOIN affiliates m ON m.credit_code = n.near
JOIN affiliates a ON a.group_id = m.group_id AND a.credit_code <> n.near
JOIN int_population p ON p.credit_code = a.credit_code AND p.direction = 11
JOIN rule_kinds k ON k.rule_id = p.rule_id AND k.kind = n.kind
UNION
SELECT p.credit_code, p.rule_id, 'prior_award_amount_missing', 'prior_awards', pa.source_file, pa.source_sheet, pa.source_row,
       '金额', NULL, CAST(pa.year AS VARCHAR) || '年 方向' || CAST(pa.direction AS VARCHAR)
       -- 项目 only when it says more than the direction (a 项目 of 方向7 on a 方向7 row adds nothing).
       || CASE WHEN pa.item IS NULL OR pa.item = '方向' || CAST(pa.direction AS VARCHAR) THEN '' ELSE ' ' || pa.item END
FROM prior_awards pa
JOIN int_population p ON p.credit_code = pa.credit_code AND p.direction = 10, p_settings ps
WHERE pa.year = ps.policy_year AND pa.direction <> 11 AND pa.amount_yuan IS NULL
UNION
-- missing_history is D10-3's (the policy validates that only D10-3 has history years); its measure is 工业总产值.
SELECT p.credit_code, p.rule_id, 'missing_history', 'above_scale', a.source_file, a.source_sheet, a.source_row,
       '年份', CAST(a.year AS VARCHAR), CAST(h.year AS VARCHAR)
FROM int_population p
JOIN policy_history_years h ON h.rule_id = p.rule_id
JOIN above_scale a ON a.credit_code = p.credit_code AND a.year = h.year
LEFT JOIN int_figures own ON own.credit_code = p.credit_code AND own.measure = 'output_value' AND own.year = h.year AND own.end_month = 12
LEFT JOIN int_figures nxt ON nxt.credit_code = p.credit_code AND nxt.measure = 'output_value' AND nxt.year = h.year + 1 AND nxt.end_month = 12
WHERE own.value_yuan IS NULL AND nxt.prev_value_yuan IS NULL
UNION
-- figures_disagree: R's own row …
SELECT l.credit_code, l.rule_id, 'figures_disagree', f.measure, f.source_file, f.source_sheet, f.source_row,
       '本期', CAST(f.value_yuan AS VARCHAR), CAST(f.year AS VARCHAR) || '年本期值'
FROM int_levels l
JOIN figure_rows f ON f.credit_code = l.credit_code AND f.measure = l.measure AND f.end_month = 12, p_settings ps
WHERE l.disagree AND f.year = ps.ref_year AND f.value_yuan IS NOT NULL
UNION
-- … and the row of P that reported R as 上年同期.
SELECT l.credit_code, l.rule_id, 'figures_disagree', f.measure, f.source_file, f.source_sheet, f.source_row,
       '上年同期', CAST(f.prev_value_yuan AS VARCHAR), CAST(f.year AS VARCHAR) || '年行报送的上年同期值'
FROM int_levels l
JOIN figure_rows f ON f.credit_code = l.credit_code AND f.measure = l.measure AND f.end_month = 12, p_settings ps
WHERE l.disagree AND f.year = ps.policy_year AND f.prev_value_yuan IS NOT NULL;
