-- Stage 300 (mart): one outcome per (enterprise, rule in the rule's sector, of a decided round) — table
-- decisions — and what stands behind the review outcomes: decision_holds, affiliate_reviews,
-- affiliate_members, resolution_status.
-- Reads: int_population, int_facts, int_reasons, int_holds, int_affiliate_shift, int_affiliate_members,
--   int_baseline, stg_enterprises, enterprises, resolutions, policy_rules, decided_rounds, p_settings.
-- Writes: TEMP int_reason_agg, int_hold_agg, int_res_effect, macro int_decide, int_pass1, int_resolutions,
--   int_outcomes; TABLES decisions, decision_holds, affiliate_reviews, affiliate_members, resolution_status.
-- Implements the 补充通知 第一条 (clauses.one_project, clauses.stacking) and rules.md "Outcomes", "Holds" and
-- "Review flags":
--   * refused    — any refusal reason of stages 200–250 applies (or a resolution 不同意, rejected_on_review);
--                  amount 0; near_miss when the only reason is one numeric threshold (net_below_threshold,
--                  growth_below_threshold, below_first_threshold) missed by no more than shares.near_miss of
--                  it (inclusive); data_gap when every reason is missing_data:*.
--   * direction 10 (D10-1 … D10-4), 孰高兑付: among the enterprise's items that no refusal refuses the
--                  highest amount wins (equal amounts: the lower rule id) — a held item takes part by its full
--                  amount; the others are superseded with superseded_by:<winner>. The winner is compared with
--                  the baseline (prior_awards of year P, direction ≠ 11, the known amounts summed): at or below
--                  → superseded with prior_award_in_year (also when held); held → review with its hold
--                  reasons (nothing paid); above → topped_up, paid the difference, remark
--                  差额补齐：本年已兑付X万元 (X = baseline in 万元, trailing zeros dropped: 30, 12.5); no
--                  baseline → awarded. Every direction-10 item at or below the baseline carries
--                  prior_award_in_year.
--   * direction 11 (D11-1 … D11-4) stacks with everything and is never superseded; a hold or
--                  affiliate_shift → review (amount kept, paid 0), else awarded.
--   * resolutions (rules.md "Holds"): decided in two passes. Pass 1 decides without them; a resolution
--                  applies only to a pair pass 1 leaves in review, and only when its 核定金额 (if given)
--                  equals the computed amount_yuan; 同意 also needs the amount, 复核人 and 复核日期 (who and
--                  when is the remark, and doubt never pays). Pass 2 decides again with them: 同意 lifts the
--                  hold and the affiliate flag (awarded, or topped_up where 差额补齐 applies, remark
--                  经复核同意（复核人，YYYY-MM-DD）); 不同意 refuses the pair with rejected_on_review. A
--                  refused pair is never review, so no resolution can pay it. Every resolution not applied is
--                  stale (resolution_status says why).
--                  Decision (rules.md: "when several items qualify, the highest is paid"): a direction-10 item
--                  rejected on review no longer qualifies, so pass 2 ranks the others again and the next
--                  highest may pay — or wait in review itself when it is held too. A resolution for that next
--                  item written before it was review is stale this run (it was superseded in pass 1).
-- A pair whose only way into its rule's sector is a quarantined row (stage 100: a 工业软件 row, or the register row) is recorded only when
-- it is review, or paid on a resolution: whether it is in the sector at all cannot be told.
-- Remarks (joined with ；, in the order of outputs.md): 含专精特新奖励20万元 (amount includes the bonus),
-- 差额补齐：本年已兑付X万元, 档位金额为假设值，待核定 (the tier is marked assumed), 经复核同意（复核人，日期）,
-- 行业范围为假设值，待核定 (awarded, topped_up or review rows whose every sector is an assumed list),
-- 信用代码校验位不符，请核对 (awarded, topped_up or review rows of a code failing its check digit).
-- potential_tier / potential_amount_yuan (rules.md "Holds", data gaps): for a review pair, what it would pay
-- now if resolved in its favour (amount, or the difference over the baseline); for a data gap, what it would
-- pay now if the missing figures met the rule — direction 11 the tier of the figures present (NULL when the
-- rule's own measure is missing), direction 10 the amount after 孰高 against the items that qualify (0 when
-- one of them outranks it) and 差额补齐 against the baseline; NULL otherwise.

-- One entry per distinct refusal reason (a reason reached twice, e.g. through two catalogue rows, counts once).
CREATE OR REPLACE TEMP TABLE int_reason_agg AS
SELECT credit_code, rule_id,
       count(*) AS n,
       list(reason ORDER BY reason) AS reasons,
       bool_and(near) AS all_near,
       bool_and(reason IN ('net_below_threshold', 'growth_below_threshold', 'below_first_threshold')) AS all_numeric
FROM (SELECT credit_code, rule_id, reason, bool_and(coalesce(near, false)) AS near
      FROM int_reasons GROUP BY credit_code, rule_id, reason)
GROUP BY credit_code, rule_id;

-- The distinct hold reasons a pair would carry.
CREATE OR REPLACE TEMP TABLE int_hold_agg AS
SELECT credit_code, rule_id, list_sort(list_distinct(list(reason))) AS holds
FROM int_holds
GROUP BY credit_code, rule_id;

-- The resolutions that apply: empty for pass 1, filled before pass 2.
CREATE OR REPLACE TEMP TABLE int_res_effect (
    credit_code VARCHAR, rule_id VARCHAR, effect VARCHAR, reviewer VARCHAR, reviewed_on DATE);

-- One pass of the outcome rules above, over the tables as they stand.
CREATE OR REPLACE TEMP MACRO int_decide() AS TABLE
WITH pairs AS (
    SELECT f.credit_code, f.rule_id, f.amount_yuan, p.direction,
           coalesce(ra.n, 0) AS n_base_reasons, coalesce(ra.all_near, false) AS all_near,
           coalesce(ra.all_numeric, false) AS all_numeric,
           list_sort(list_concat(coalesce(ra.reasons, []),
                                 CASE WHEN x.effect = 'reject' THEN ['rejected_on_review'] ELSE [] END)) AS refusals,
           CASE WHEN x.effect = 'approve' THEN [] ELSE coalesce(h.holds, []) END AS holds,
           s.credit_code IS NOT NULL AND x.effect IS DISTINCT FROM 'approve' AS affiliate_shift,
           CASE WHEN p.direction = 10 THEN coalesce(b.baseline_yuan, 0) ELSE 0 END AS baseline_yuan
    FROM int_facts f
    JOIN int_population p USING (credit_code, rule_id)
    LEFT JOIN int_reason_agg ra USING (credit_code, rule_id)
    LEFT JOIN int_hold_agg h USING (credit_code, rule_id)
    LEFT JOIN int_affiliate_shift s USING (credit_code, rule_id)
    LEFT JOIN int_res_effect x USING (credit_code, rule_id)
    LEFT JOIN int_baseline b USING (credit_code)
), ranked AS (
    -- 孰高 among the direction-10 items no refusal refuses (held ones included, by their full amount).
    SELECT credit_code, rule_id, row_number() OVER w AS rk, first_value(rule_id) OVER w AS winner
    FROM pairs
    WHERE direction = 10 AND len(refusals) = 0
    WINDOW w AS (PARTITION BY credit_code ORDER BY amount_yuan DESC, rule_id ASC
                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
), decided AS (
    SELECT pr.*, k.rk, k.winner,
           CASE WHEN len(pr.refusals) > 0                                        THEN 'refused'
                WHEN pr.direction = 11 AND (len(pr.holds) > 0 OR pr.affiliate_shift) THEN 'review'
                WHEN pr.direction = 11                                           THEN 'awarded'
                WHEN k.rk > 1                                                    THEN 'superseded'
                WHEN pr.baseline_yuan > 0 AND pr.amount_yuan <= pr.baseline_yuan THEN 'superseded'
                WHEN len(pr.holds) > 0                                           THEN 'review'
                WHEN pr.baseline_yuan > 0                                        THEN 'topped_up'
                ELSE 'awarded' END AS outcome
    FROM pairs pr
    LEFT JOIN ranked k USING (credit_code, rule_id)
)
SELECT *,
       -- Hold reasons only on review rows: a refused pair keeps its refusals, a superseded one its 孰高 reasons.
       CASE WHEN outcome = 'refused' THEN refusals
            ELSE list_sort(list_concat(
                CASE WHEN rk > 1 THEN ['superseded_by:' || winner] ELSE [] END,
                CASE WHEN direction = 10 AND baseline_yuan > 0 AND amount_yuan <= baseline_yuan THEN ['prior_award_in_year'] ELSE [] END,
                CASE WHEN outcome = 'review' THEN holds ELSE [] END,
                CASE WHEN outcome = 'review' AND affiliate_shift THEN ['affiliate_shift'] ELSE [] END)) END AS reasons
FROM decided;

CREATE OR REPLACE TEMP TABLE int_pass1 AS FROM int_decide();

-- Every resolution and what becomes of it, judged against pass 1.
CREATE OR REPLACE TEMP TABLE int_resolutions AS
WITH r AS (
    SELECT *, count(*) OVER (PARTITION BY credit_code, rule_id) AS n_same FROM resolutions
)
SELECT r.credit_code, r.rule_id, r.conclusion, r.confirmed_amount_yuan, nullif(trim(r.reviewer), '') AS reviewer,
       r.reviewed_on, r.note, r.source_file, r.source_sheet, r.source_row,
       d.amount_yuan AS computed_amount_yuan, d.outcome AS outcome_before, array_to_string(d.reasons, ';') AS reasons_before,
       CASE WHEN r.n_same > 1
                 THEN '同一企业同一规则有多条复核结论 / several resolutions for one enterprise and rule'
            WHEN dr.round IS NULL
                 THEN '该规则所属轮次本次未决定 / the rule''s round is not decided in this run'
            WHEN d.credit_code IS NULL
                 THEN '本次没有该企业该规则的决定 / no decision for this enterprise and rule in this run'
            WHEN d.outcome <> 'review'
                 THEN '本次结果为' || CASE d.outcome WHEN 'awarded' THEN '奖励' WHEN 'topped_up' THEN '差额补齐'
                                      WHEN 'superseded' THEN '被替代（孰高兑付）' ELSE '不予奖励' END
                      || '，非待复核 / the pair is ' || d.outcome || ' in this run, not under review'
            WHEN r.conclusion = '同意' AND e.register_unreadable
                 THEN '单位名录中该企业的行无法读取，收款单位名称不明：请更正单位名录 / the enterprise''s register row could not be read, so the payee is unknown: correct the register'
            WHEN r.confirmed_amount_yuan IS NOT NULL AND r.confirmed_amount_yuan <> d.amount_yuan
                 THEN '核定金额与本次计算金额不符 / the confirmed amount differs from the amount computed in this run'
            WHEN r.conclusion = '同意' AND r.confirmed_amount_yuan IS NULL
                 THEN '同意但未填核定金额 / 同意 without a confirmed amount'
            WHEN r.conclusion = '同意' AND (nullif(trim(r.reviewer), '') IS NULL OR r.reviewed_on IS NULL)
                 THEN '同意但未填复核人或复核日期 / 同意 without the reviewer or the date'
            WHEN r.conclusion NOT IN ('同意', '不同意')
                 THEN '结论不是同意或不同意 / the conclusion is neither 同意 nor 不同意'
       END AS stale_reason
FROM r
LEFT JOIN policy_rules pr ON pr.rule_id = r.rule_id
LEFT JOIN decided_rounds dr ON dr.round = pr.round
LEFT JOIN int_pass1 d ON d.credit_code = r.credit_code AND d.rule_id = r.rule_id
LEFT JOIN stg_enterprises e ON e.credit_code = r.credit_code;

INSERT INTO int_res_effect
SELECT credit_code, rule_id, CASE conclusion WHEN '同意' THEN 'approve' ELSE 'reject' END, reviewer, reviewed_on
FROM int_resolutions
WHERE stale_reason IS NULL;

CREATE OR REPLACE TEMP TABLE int_outcomes AS
WITH o AS (FROM int_decide()),
top AS (SELECT credit_code, amount_yuan AS top_amount, rule_id AS top_rule FROM o WHERE direction = 10 AND rk = 1)
SELECT o.*, f.tier, f.tier_assumed, f.bonus_applied, f.prev_value, f.cur_value, f.net_value, f.growth,
       f.headcount_prev, f.headcount_cur, f.params_used,
       p.eval_date, p.clause AS rule_clause, p.round, p.sector_assumed, e.code_check_ok,
       x.effect, x.reviewer, x.reviewed_on,
       o.outcome = 'refused' AND len(list_filter(o.refusals, r -> NOT starts_with(r, 'missing_data:'))) = 0 AS data_gap,
       o.outcome = 'refused' AND o.n_base_reasons = 1 AND len(o.refusals) = 1 AND o.all_numeric AND o.all_near AS near_miss,
       -- direction 10: what a data gap would pay now (see the header).
       CASE WHEN t.top_rule IS NOT NULL AND (t.top_amount > o.amount_yuan OR (t.top_amount = o.amount_yuan AND t.top_rule < o.rule_id)) THEN 0
            WHEN o.baseline_yuan > 0 AND o.amount_yuan <= o.baseline_yuan THEN 0
            ELSE o.amount_yuan - o.baseline_yuan END AS d10_gap_potential
FROM o
JOIN int_facts f USING (credit_code, rule_id)
JOIN int_population p USING (credit_code, rule_id)
JOIN stg_enterprises e USING (credit_code)
LEFT JOIN int_res_effect x USING (credit_code, rule_id)
LEFT JOIN top t USING (credit_code)
-- A pair whose only way into the rule's sector is a quarantined row (stage 100, sector_unconfirmed) is
-- recorded when it is held, or paid after a person approved it; refused or superseded, it is no decision.
WHERE NOT (p.sector_unconfirmed AND o.outcome IN ('refused', 'superseded'));

CREATE OR REPLACE TABLE decisions (
    credit_code    VARCHAR,
    rule_id        VARCHAR,
    outcome        VARCHAR,
    tier           VARCHAR,
    amount_yuan    DECIMAL(18,2),
    paid_yuan      DECIMAL(18,2),
    reasons        VARCHAR,
    remarks        VARCHAR,
    near_miss      BOOLEAN,
    prev_value     DECIMAL(18,2),
    cur_value      DECIMAL(18,2),
    net_value      DECIMAL(18,2),
    growth         DECIMAL(18,6),
    headcount_prev INTEGER,
    headcount_cur  INTEGER,
    clause         VARCHAR,
    params_used    VARCHAR,
    eval_date      DATE,
    direction      INTEGER,
    round          INTEGER,
    data_gap       BOOLEAN,
    potential_tier VARCHAR,
    potential_amount_yuan DECIMAL(18,2)
);

INSERT INTO decisions
SELECT o.credit_code, o.rule_id, o.outcome,
       CASE WHEN o.outcome = 'refused' THEN NULL ELSE o.tier END,
       CASE WHEN o.outcome = 'refused' THEN 0 ELSE o.amount_yuan END,
       CASE o.outcome WHEN 'awarded' THEN o.amount_yuan
                      WHEN 'topped_up' THEN o.amount_yuan - o.baseline_yuan
                      ELSE 0 END,
       array_to_string(o.reasons, ';'),
       array_to_string(list_filter([
           CASE WHEN o.outcome <> 'refused' AND o.bonus_applied THEN '含专精特新奖励' || fmt_wan(ps.bonus_yuan) || '万元' END,
           CASE WHEN o.outcome = 'topped_up' THEN '差额补齐：本年已兑付' || fmt_wan(o.baseline_yuan) || '万元' END,
           CASE WHEN o.outcome <> 'refused' AND o.tier_assumed THEN '档位金额为假设值，待核定' END,
           CASE WHEN o.effect = 'approve' AND o.outcome IN ('awarded', 'topped_up')
                THEN '经复核同意（' || o.reviewer || '，' || strftime(o.reviewed_on, '%Y-%m-%d') || '）' END,
           CASE WHEN o.outcome IN ('awarded', 'topped_up', 'review') AND o.sector_assumed THEN '行业范围为假设值，待核定' END,
           CASE WHEN o.outcome IN ('awarded', 'topped_up', 'review') AND NOT o.code_check_ok THEN '信用代码校验位不符，请核对' END
       ], x -> x IS NOT NULL), '；'),
       o.near_miss,
       o.prev_value, o.cur_value, o.net_value, o.growth, o.headcount_prev, o.headcount_cur,
       o.rule_clause || CASE WHEN o.direction = 10 AND o.outcome IN ('superseded', 'topped_up') THEN '；' || ps.clause_one_project
                             WHEN o.direction = 11 THEN '；' || ps.clause_stacking ELSE '' END,
       coalesce(o.params_used, '')
           || CASE WHEN o.near_miss THEN ';' || kv('shares.near_miss') ELSE '' END
           || CASE WHEN o.outcome = 'review' AND o.affiliate_shift THEN ';' || kv('shares.affiliate') ELSE '' END,
       o.eval_date, o.direction, o.round, o.data_gap,
       CASE WHEN o.outcome = 'review' THEN o.tier
            WHEN o.data_gap AND o.direction = 11 THEN o.tier END,
       CASE WHEN o.outcome = 'review' THEN o.amount_yuan - o.baseline_yuan
            WHEN o.data_gap AND o.direction = 11 THEN o.amount_yuan
            WHEN o.data_gap AND o.direction = 10 THEN o.d10_gap_potential END
FROM int_outcomes o, p_settings ps
ORDER BY o.credit_code, o.rule_id;

COMMENT ON TABLE decisions IS '每家企业每条规则一行的认定结果（方向10、11，本次决定的轮次） / One decision per enterprise and rule in the rule''s sector (directions 10 and 11, the rounds decided)';
COMMENT ON COLUMN decisions.credit_code IS '统一社会信用代码 / Unified social credit code';
COMMENT ON COLUMN decisions.rule_id IS '规则编号 D10-1 … D11-4 / Rule id D10-1 … D11-4';
COMMENT ON COLUMN decisions.outcome IS '结果：awarded 奖励、topped_up 差额补齐、superseded 孰高不兑付、review 待复核、refused 不符合 / Outcome';
COMMENT ON COLUMN decisions.tier IS '档位（A1 … D3；无档位或不适用为空） / Tier A1 … D3; NULL where the rule has none or none applies';
COMMENT ON COLUMN decisions.amount_yuan IS '规则全额（元，含专精特新奖励或档位金额；不符合为0） / Full amount in yuan (base plus bonus, or the tier''s); 0 when refused';
COMMENT ON COLUMN decisions.paid_yuan IS '本次兑付金额（元）：奖励为全额，差额补齐为差额，其余为0 / Paid now in yuan: the amount when awarded, the difference when topped_up, else 0';
COMMENT ON COLUMN decisions.reasons IS '原因代码（排序，分号分隔；奖励时为空），见 reason_codes / Reason codes, sorted and ;-joined, empty when awarded; see reason_codes';
COMMENT ON COLUMN decisions.remarks IS '备注（以“；”连接） / Remarks joined with ；';
COMMENT ON COLUMN decisions.near_miss IS '临界未达：仅因一个数值门槛未达且差距不超过门槛的临界比例（含） / Refused for exactly one numeric threshold, missed by no more than the near-miss share (inclusive)';
COMMENT ON COLUMN decisions.prev_value IS '上期值（元；方向11为上年同期，方向10首超为上上年度） / Previous-period figure in yuan';
COMMENT ON COLUMN decisions.cur_value IS '本期值（元） / Current-period figure in yuan';
COMMENT ON COLUMN decisions.net_value IS '净增量（元）= 本期 − 上期 / Net increase in yuan = cur − prev';
COMMENT ON COLUMN decisions.growth IS '增速（比值，0.15 = 15%，存储时向零截断到6位小数；门槛比较不做除法） / Growth as a ratio (0.15 = 15%), truncated toward zero to 6 places for storage only';
COMMENT ON COLUMN decisions.headcount_prev IS '参保人数（上年末） / Insured headcount at the end of the reference year (annual D11 rules)';
COMMENT ON COLUMN decisions.headcount_cur IS '参保人数（本年末） / Insured headcount at the end of the policy year (annual D11 rules)';
COMMENT ON COLUMN decisions.clause IS '所依据的政策条款 / Policy clause(s) the decision implements';
COMMENT ON COLUMN decisions.params_used IS '所用政策参数（键=值，分号分隔） / Policy parameters used, key=value pairs joined with ;';
COMMENT ON COLUMN decisions.eval_date IS '评价日期（规则组或 --as-of） / Evaluation date used (rule group''s or --as-of)';
COMMENT ON COLUMN decisions.direction IS '方向（10 或 11） / Direction (10 or 11)';
COMMENT ON COLUMN decisions.round IS '兑付轮次：1 方向10及一季度，2 全年 / Round: 1 direction 10 and Q1, 2 annual';
COMMENT ON COLUMN decisions.data_gap IS '数据缺口：仅因缺少数据不予奖励（原因均为 missing_data:*），需补数据而非结论 / Refused only because figures are missing (every reason missing_data:*): data to obtain, not a verdict';
COMMENT ON COLUMN decisions.potential_tier IS '潜在档位：数据缺口补齐且达标时、或待复核事项获同意时的档位 / Tier the pair would get: for a data gap if the missing figures met the rule, for a review pair if resolved in its favour';
COMMENT ON COLUMN decisions.potential_amount_yuan IS '潜在本次兑付金额（元，孰高兑付、差额补齐之后）：数据缺口补齐且达标时、或待复核事项获同意时；方向11缺本规则指标时为空 / What it would pay now (after 孰高 and 差额补齐), in yuan: for a data gap if the missing figures met the rule, for a review pair if resolved in its favour; NULL for a direction-11 gap in the rule''s own measure';

-- The causes behind each hold of a review pair (rules.md "Holds"): the 待复核 sheet and explain name them.
CREATE OR REPLACE TABLE decision_holds AS
SELECT DISTINCT h.credit_code, h.rule_id, h.reason, h.kind, h.source_file, h.source_sheet, h.source_row,
       h.column_name, h.raw_value, h.detail
FROM int_holds h
JOIN int_outcomes o USING (credit_code, rule_id)
WHERE o.outcome = 'review' AND list_contains(o.reasons, h.reason)
ORDER BY h.credit_code, h.rule_id, h.reason, h.source_file, h.source_sheet, h.source_row;

COMMENT ON TABLE decision_holds IS '待复核事项的暂缓依据：每个原因所依据的数据行一行 / Why each review pair is held: one row per cause behind a hold (rules.md "Holds")';
COMMENT ON COLUMN decision_holds.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN decision_holds.rule_id IS '规则编号 / Rule id';
COMMENT ON COLUMN decision_holds.reason IS '暂缓原因：row_unreadable、prior_award_amount_missing、missing_history、figures_disagree / Hold reason';
COMMENT ON COLUMN decision_holds.kind IS 'source_* 所指数据行的类别（row_unreadable 为隔离行的类别；missing_history 为规上名录行） / Kind of the row source_* names (the quarantined row''s kind; above_scale for missing_history)';
COMMENT ON COLUMN decision_holds.source_file IS '来源文件：隔离行、缺金额的已兑付行、缺产值年度的规上行、或相互矛盾的两行之一 / Source file: the quarantined row, the prior award without amount, the 规上 row of the year without a figure, or one of the two disagreeing rows';
COMMENT ON COLUMN decision_holds.source_sheet IS '来源工作表（CSV 为空） / Source sheet (empty for CSV)';
COMMENT ON COLUMN decision_holds.source_row IS '来源行号 / Source row';
COMMENT ON COLUMN decision_holds.column_name IS '相关列（隔离行为首个出错列） / Column concerned (the first offending column of a quarantined row)';
COMMENT ON COLUMN decision_holds.raw_value IS '该列的值（原值或元） / Value of that column (as written, or yuan for a loaded figure)';
COMMENT ON COLUMN decision_holds.detail IS '说明：隔离原因；已兑付行的年度、方向、项目；缺产值的年度；矛盾数值是哪一行 / Detail: the quarantine reasons; the prior award''s year, direction and item; the year lacking a figure; which of the two figures';

-- The affiliate reviews (rules.md "Review flags", affiliate_shift) and the members behind them.
CREATE OR REPLACE TABLE affiliate_reviews AS
SELECT s.credit_code, s.rule_id, s.net_value AS net_value_yuan, s.fall_yuan AS fall_total_yuan, s.limit_yuan,
       CAST(s.affiliate_share AS DECIMAL(9,4)) AS share
FROM int_affiliate_shift s
JOIN int_outcomes o USING (credit_code, rule_id)
WHERE o.outcome = 'review' AND o.affiliate_shift
ORDER BY s.credit_code, s.rule_id;

COMMENT ON TABLE affiliate_reviews IS '关联企业波动待复核：本企业净增量与同集团其他成员下降合计 / Affiliate reviews: the net increase against the total fall of the group''s other members';
COMMENT ON COLUMN affiliate_reviews.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN affiliate_reviews.rule_id IS '规则编号（方向11） / Rule id (direction 11)';
COMMENT ON COLUMN affiliate_reviews.net_value_yuan IS '本企业净增量（元） / This enterprise''s net increase, yuan';
COMMENT ON COLUMN affiliate_reviews.fall_total_yuan IS '其他成员下降合计 Σmax(0, 上期−本期)（元） / Total fall of the other members, Σ max(0, prev − cur), yuan';
COMMENT ON COLUMN affiliate_reviews.limit_yuan IS '复核界限 = 比例 × 净增量（元；下降合计达到即待复核） / Limit = share × net increase, yuan: a total fall at or above it flags the pair';
COMMENT ON COLUMN affiliate_reviews.share IS '关联企业波动比例（项目默认值） / The affiliate share (project default)';

CREATE OR REPLACE TABLE affiliate_members AS
SELECT m.credit_code, m.rule_id, m.member AS member_code, e.name AS member_name,
       m.prev_yuan, m.cur_yuan, m.fall_yuan
FROM int_affiliate_members m
JOIN affiliate_reviews r USING (credit_code, rule_id)
LEFT JOIN (SELECT DISTINCT ON (credit_code) credit_code, name FROM enterprises ORDER BY credit_code, source_file, source_sheet, source_row) e
       ON e.credit_code = m.member
ORDER BY m.credit_code, m.rule_id, m.member;

COMMENT ON TABLE affiliate_members IS '关联企业复核中的各成员前后数值 / Each other member''s figures behind an affiliate review';
COMMENT ON COLUMN affiliate_members.credit_code IS '被复核企业的统一社会信用代码 / Credit code of the enterprise under review';
COMMENT ON COLUMN affiliate_members.rule_id IS '规则编号 / Rule id';
COMMENT ON COLUMN affiliate_members.member_code IS '同集团其他成员的统一社会信用代码 / Credit code of another member of its group';
COMMENT ON COLUMN affiliate_members.member_name IS '成员名称（不在名录时为空） / Member name; NULL when not in the register';
COMMENT ON COLUMN affiliate_members.prev_yuan IS '成员上期值（元，本规则期别） / Member''s previous-period figure over the rule''s periods, yuan';
COMMENT ON COLUMN affiliate_members.cur_yuan IS '成员本期值（元） / Member''s current-period figure, yuan';
COMMENT ON COLUMN affiliate_members.fall_yuan IS '下降额 max(0, 上期−本期)（元；缺任一值为0） / Fall max(0, prev − cur), yuan; 0 when a figure is missing';

-- Every resolution and what became of it.
CREATE OR REPLACE TABLE resolution_status AS
SELECT credit_code, rule_id, conclusion, confirmed_amount_yuan, reviewer, reviewed_on, note,
       CASE WHEN stale_reason IS NULL THEN 'applied' ELSE 'stale' END AS status, stale_reason,
       source_file, source_sheet, source_row,
       computed_amount_yuan, outcome_before, reasons_before
FROM int_resolutions
ORDER BY credit_code, rule_id, source_file, source_sheet, source_row;

COMMENT ON TABLE resolution_status IS '复核结论的处理结果：每条复核结论一行 / What became of every resolution (复核结论) row';
COMMENT ON COLUMN resolution_status.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN resolution_status.rule_id IS '规则编号 / Rule id';
COMMENT ON COLUMN resolution_status.conclusion IS '结论：同意 / 不同意 / Conclusion';
COMMENT ON COLUMN resolution_status.confirmed_amount_yuan IS '核定金额（元） / Confirmed amount, yuan';
COMMENT ON COLUMN resolution_status.reviewer IS '复核人 / Reviewer';
COMMENT ON COLUMN resolution_status.reviewed_on IS '复核日期 / Date reviewed';
COMMENT ON COLUMN resolution_status.note IS '说明 / Note';
COMMENT ON COLUMN resolution_status.status IS '处理结果：applied 已采用，stale 未采用（已失效） / applied, or stale (ignored this run)';
COMMENT ON COLUMN resolution_status.stale_reason IS '未采用原因（中文 / English）；采用时为空 / Why it was not applied (Chinese / English); NULL when applied';
COMMENT ON COLUMN resolution_status.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN resolution_status.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN resolution_status.source_row IS '来源行号 / Source row';
COMMENT ON COLUMN resolution_status.computed_amount_yuan IS '本次计算的规则全额（元；无决定时为空），核定金额须与之相等 / The amount computed this run (yuan; NULL without a decision): the confirmed amount must equal it';
COMMENT ON COLUMN resolution_status.outcome_before IS '采用复核结论前的本次结果 / This run''s outcome before resolutions';
COMMENT ON COLUMN resolution_status.reasons_before IS '采用复核结论前的原因代码 / This run''s reasons before resolutions';
