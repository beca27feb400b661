-- Stage 300 (mart): one outcome per (enterprise, rule in the rule's sector) — table decisions.
-- Reads: int_population, int_facts, int_reasons, int_affiliate_shift, int_baseline, stg_enterprises, p_settings.
-- Writes: TEMP int_reason_agg, int_d10_rank, int_outcomes; TABLE decisions.
-- Implements the 补充通知 第一条 (clauses.one_project, clauses.stacking) and rules.md "Outcomes":
--   * refused    — any reason of stages 200–250 applies; amount 0; near_miss when the only reason is one
--                  numeric threshold (net_below_threshold, growth_below_threshold, below_first_threshold)
--                  missed by no more than shares.near_miss of it;
--   * direction 10 (D10-1 … D10-4), 孰高兑付: among the enterprise's qualifying items the highest amount
--                  wins (equal amounts: the lower rule id); the others are superseded with
--                  superseded_by:<winner>. The winner is compared with the baseline (prior_awards of year P,
--                  direction ≠ 11, summed): above → topped_up, paid the difference, remark
--                  差额补齐：本年已兑付X万元 (X = baseline in 万元, trailing zeros dropped: 30, 12.5); equal or
--                  below → superseded with prior_award_in_year; no baseline → awarded. Every direction-10 item
--                  at or below the baseline carries prior_award_in_year.
--   * direction 11 (D11-1 … D11-4) stacks with everything and is never superseded; affiliate_shift →
--                  review (amount kept, paid 0), else awarded.
-- Remarks (joined with ；): 含专精特新奖励20万元 (amount includes the bonus), 差额补齐：本年已兑付X万元,
-- 档位金额为假设值，待核定 (the tier is marked assumed), 信用代码校验位不符，请核对 (awarded, topped_up or
-- review rows of a code failing its GB 32100 check digit).

-- One entry per distinct reason (a reason reached twice, e.g. through two catalogue rows, counts once).
CREATE OR REPLACE TEMP TABLE int_reason_agg AS
SELECT credit_code, rule_id,
       count(*) AS n,
       list(reason ORDER BY reason) AS reasons,
       bool_and(near) AS all_near,
       bool_and(reason IN ('net_below_threshold', 'growth_below_threshold', 'below_first_threshold')) AS all_numeric
FROM (SELECT credit_code, rule_id, reason, bool_and(coalesce(near, false)) AS near
      FROM int_reasons GROUP BY credit_code, rule_id, reason)
GROUP BY credit_code, rule_id;

-- Direction-10 items whose conditions hold, ranked for 孰高兑付.
CREATE OR REPLACE TEMP TABLE int_d10_rank AS
SELECT f.credit_code, f.rule_id, f.amount_yuan,
       row_number()  OVER w AS rk,
       first_value(f.rule_id) OVER w AS winner,
       coalesce(b.baseline_yuan, 0) AS baseline_yuan
FROM int_facts f
JOIN int_population p USING (credit_code, rule_id)
LEFT JOIN int_reason_agg ra USING (credit_code, rule_id)
LEFT JOIN int_baseline b USING (credit_code)
WHERE p.direction = 10 AND ra.credit_code IS NULL
WINDOW w AS (PARTITION BY f.credit_code ORDER BY f.amount_yuan DESC, f.rule_id ASC
             ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING);

CREATE OR REPLACE TEMP TABLE int_outcomes AS
SELECT f.*, p.direction, p.eval_date, p.clause AS rule_clause, e.code_check_ok,
       coalesce(ra.n, 0) AS n_reasons, ra.reasons AS base_reasons, ra.all_near, ra.all_numeric,
       k.rk, k.winner, coalesce(k.baseline_yuan, 0) AS baseline_yuan,
       s.credit_code IS NOT NULL AS affiliate_shift,
       CASE WHEN coalesce(ra.n, 0) > 0                                    THEN 'refused'
            WHEN p.direction = 11 AND s.credit_code IS NOT NULL           THEN 'review'
            WHEN p.direction = 11                                         THEN 'awarded'
            WHEN k.rk > 1                                                 THEN 'superseded'
            WHEN k.baseline_yuan > 0 AND f.amount_yuan <= k.baseline_yuan THEN 'superseded'
            WHEN k.baseline_yuan > 0                                      THEN 'topped_up'
            ELSE 'awarded' END AS outcome
FROM int_facts f
JOIN int_population p USING (credit_code, rule_id)
JOIN stg_enterprises e USING (credit_code)
LEFT JOIN int_reason_agg ra USING (credit_code, rule_id)
LEFT JOIN int_d10_rank k USING (credit_code, rule_id)
LEFT JOIN int_affiliate_shift s USING (credit_code, rule_id);

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
    eval_date      DATE
);

INSERT INTO decisions
SELECT o.credit_code, o.rule_id, o.outcome,
       CASE WHEN o.outcome = 'refused' THEN NULL ELSE o.tier END,
       CASE WHEN o.outcome = 'refused' THEN 0 ELSE o.amount_yuan END,
       CASE o.outcome WHEN 'awarded' THEN o.amount_yuan
                      WHEN 'topped_up' THEN o.amount_yuan - o.baseline_yuan
                      ELSE 0 END,
       array_to_string(list_sort(list_concat(
           coalesce(o.base_reasons, []),
           CASE WHEN o.outcome <> 'refused' AND o.rk > 1 THEN ['superseded_by:' || o.winner] ELSE [] END,
           CASE WHEN o.outcome <> 'refused' AND o.direction = 10 AND o.baseline_yuan > 0 AND o.amount_yuan <= o.baseline_yuan
                THEN ['prior_award_in_year'] ELSE [] END,
           CASE WHEN o.outcome = 'review' THEN ['affiliate_shift'] ELSE [] END)), ';'),
       array_to_string(list_filter([
           CASE WHEN o.outcome <> 'refused' AND o.bonus_applied THEN '含专精特新奖励' || fmt_wan(ps.bonus_yuan) || '万元' END,
           CASE WHEN o.outcome = 'topped_up' THEN '差额补齐：本年已兑付' || fmt_wan(o.baseline_yuan) || '万元' END,
           CASE WHEN o.outcome <> 'refused' AND o.tier_assumed THEN '档位金额为假设值，待核定' END,
           CASE WHEN o.outcome IN ('awarded', 'topped_up', 'review') AND NOT o.code_check_ok THEN '信用代码校验位不符，请核对' END
       ], x -> x IS NOT NULL), '；'),
       o.outcome = 'refused' AND o.n_reasons = 1 AND o.all_numeric AND o.all_near,
       o.prev_value, o.cur_value, o.net_value, o.growth, o.headcount_prev, o.headcount_cur,
       o.rule_clause || CASE WHEN o.direction = 10 AND o.outcome IN ('superseded', 'topped_up') THEN '；' || ps.clause_one_project
                             WHEN o.direction = 11 THEN '；' || ps.clause_stacking ELSE '' END,
       coalesce(o.params_used, '')
           || CASE WHEN o.outcome = 'refused' AND o.n_reasons = 1 AND o.all_numeric AND o.all_near THEN ';' || kv('shares.near_miss') ELSE '' END
           || CASE WHEN o.outcome = 'review' THEN ';' || kv('shares.affiliate') ELSE '' END,
       o.eval_date
FROM int_outcomes o, p_settings ps
ORDER BY o.credit_code, o.rule_id;

COMMENT ON TABLE decisions IS '每家企业每条规则一行的认定结果（方向10、11） / One decision per enterprise and rule in the rule''s sector (directions 10 and 11)';
COMMENT ON COLUMN decisions.credit_code IS '统一社会信用代码 / Unified social credit code';
COMMENT ON COLUMN decisions.rule_id IS '规则编号 D10-1 … D11-4 / Rule id D10-1 … D11-4';
COMMENT ON COLUMN decisions.outcome IS '结果：awarded 奖励、topped_up 差额补齐、superseded 孰高不兑付、review 待复核、refused 不符合 / Outcome';
COMMENT ON COLUMN decisions.tier IS '档位（A1 … D3；无档位或不适用为空） / Tier A1 … D3; NULL where the rule has none or none applies';
COMMENT ON COLUMN decisions.amount_yuan IS '规则全额（元，含专精特新奖励或档位金额；不符合为0） / Full amount in yuan (base plus bonus, or the tier''s); 0 when refused';
COMMENT ON COLUMN decisions.paid_yuan IS '本次兑付金额（元）：奖励为全额，差额补齐为差额，其余为0 / Paid now in yuan: the amount when awarded, the difference when topped_up, else 0';
COMMENT ON COLUMN decisions.reasons IS '原因代码（排序，分号分隔；奖励时为空），见 reason_codes / Reason codes, sorted and ;-joined, empty when awarded; see reason_codes';
COMMENT ON COLUMN decisions.remarks IS '备注（以“；”连接） / Remarks joined with ；';
COMMENT ON COLUMN decisions.near_miss IS '临界未达：仅因一个数值门槛未达且差距在临界比例内 / Refused for exactly one numeric threshold, within the near-miss share';
COMMENT ON COLUMN decisions.prev_value IS '上期值（元；方向11为上年同期，方向10首超为上上年度） / Previous-period figure in yuan';
COMMENT ON COLUMN decisions.cur_value IS '本期值（元） / Current-period figure in yuan';
COMMENT ON COLUMN decisions.net_value IS '净增量（元）= 本期 − 上期 / Net increase in yuan = cur − prev';
COMMENT ON COLUMN decisions.growth IS '增速（比值，0.15 = 15%，仅存储时取6位小数；门槛比较不做除法） / Growth as a ratio (0.15 = 15%), rounded to 6 places for storage only';
COMMENT ON COLUMN decisions.headcount_prev IS '参保人数（上年末） / Insured headcount at the end of the reference year (annual D11 rules)';
COMMENT ON COLUMN decisions.headcount_cur IS '参保人数（本年末） / Insured headcount at the end of the policy year (annual D11 rules)';
COMMENT ON COLUMN decisions.clause IS '所依据的政策条款 / Policy clause(s) the decision implements';
COMMENT ON COLUMN decisions.params_used IS '所用政策参数（键=值，分号分隔） / Policy parameters used, key=value pairs joined with ;';
COMMENT ON COLUMN decisions.eval_date IS '评价日期（规则组或 --as-of） / Evaluation date used (rule group''s or --as-of)';
