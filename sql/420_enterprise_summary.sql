-- Stage 420: view enterprise_summary — one row per enterprise of the register with every rule's outcome,
-- tier and amounts side by side (rules D10-1 … D11-4 of the 2022 guide; a rule that does not cover the
-- enterprise's sector has NULL columns), and the totals.
-- Reads: enterprises, decisions, industry_codes. Writes: VIEW enterprise_summary.

CREATE OR REPLACE VIEW enterprise_summary AS
SELECT e.credit_code, e.name, e.district, e.area_code, e.industry_code, i.name AS industry_name,
       max(d.outcome) FILTER (WHERE d.rule_id = 'D10-1') AS d10_1_outcome,
       max(d.tier) FILTER (WHERE d.rule_id = 'D10-1') AS d10_1_tier,
       max(d.amount_yuan) FILTER (WHERE d.rule_id = 'D10-1') AS d10_1_amount_yuan,
       max(d.paid_yuan) FILTER (WHERE d.rule_id = 'D10-1') AS d10_1_paid_yuan,
       max(d.outcome) FILTER (WHERE d.rule_id = 'D10-2') AS d10_2_outcome,
       max(d.tier) FILTER (WHERE d.rule_id = 'D10-2') AS d10_2_tier,
       max(d.amount_yuan) FILTER (WHERE d.rule_id = 'D10-2') AS d10_2_amount_yuan,
       max(d.paid_yuan) FILTER (WHERE d.rule_id = 'D10-2') AS d10_2_paid_yuan,
       max(d.outcome) FILTER (WHERE d.rule_id = 'D10-3') AS d10_3_outcome,
       max(d.tier) FILTER (WHERE d.rule_id = 'D10-3') AS d10_3_tier,
       max(d.amount_yuan) FILTER (WHERE d.rule_id = 'D10-3') AS d10_3_amount_yuan,
       max(d.paid_yuan) FILTER (WHERE d.rule_id = 'D10-3') AS d10_3_paid_yuan,
       max(d.outcome) FILTER (WHERE d.rule_id = 'D10-4') AS d10_4_outcome,
       max(d.tier) FILTER (WHERE d.rule_id = 'D10-4') AS d10_4_tier,
       max(d.amount_yuan) FILTER (WHERE d.rule_id = 'D10-4') AS d10_4_amount_yuan,
       max(d.paid_yuan) FILTER (WHERE d.rule_id = 'D10-4') AS d10_4_paid_yuan,
       max(d.outcome) FILTER (WHERE d.rule_id = 'D11-1') AS d11_1_outcome,
       max(d.tier) FILTER (WHERE d.rule_id = 'D11-1') AS d11_1_tier,
       max(d.amount_yuan) FILTER (WHERE d.rule_id = 'D11-1') AS d11_1_amount_yuan,
       max(d.paid_yuan) FILTER (WHERE d.rule_id = 'D11-1') AS d11_1_paid_yuan,
       max(d.outcome) FILTER (WHERE d.rule_id = 'D11-2') AS d11_2_outcome,
       max(d.tier) FILTER (WHERE d.rule_id = 'D11-2') AS d11_2_tier,
       max(d.amount_yuan) FILTER (WHERE d.rule_id = 'D11-2') AS d11_2_amount_yuan,
       max(d.paid_yuan) FILTER (WHERE d.rule_id = 'D11-2') AS d11_2_paid_yuan,
       max(d.outcome) FILTER (WHERE d.rule_id = 'D11-3') AS d11_3_outcome,
       max(d.tier) FILTER (WHERE d.rule_id = 'D11-3') AS d11_3_tier,
       max(d.amount_yuan) FILTER (WHERE d.rule_id = 'D11-3') AS d11_3_amount_yuan,
       max(d.paid_yuan) FILTER (WHERE d.rule_id = 'D11-3') AS d11_3_paid_yuan,
       max(d.outcome) FILTER (WHERE d.rule_id = 'D11-4') AS d11_4_outcome,
       max(d.tier) FILTER (WHERE d.rule_id = 'D11-4') AS d11_4_tier,
       max(d.amount_yuan) FILTER (WHERE d.rule_id = 'D11-4') AS d11_4_amount_yuan,
       max(d.paid_yuan) FILTER (WHERE d.rule_id = 'D11-4') AS d11_4_paid_yuan,
       coalesce(sum(d.paid_yuan), 0) AS paid_total_yuan,
       count(*) FILTER (WHERE d.outcome IN ('awarded', 'topped_up')) AS rules_paid,
       count(*) FILTER (WHERE d.outcome = 'review') AS rules_review,
       count(*) FILTER (WHERE d.outcome = 'refused') AS rules_refused,
       count(d.rule_id) AS rules_decided
FROM enterprises e
LEFT JOIN decisions d ON d.credit_code = e.credit_code
LEFT JOIN industry_codes i ON i.code = e.industry_code
GROUP BY e.credit_code, e.name, e.district, e.area_code, e.industry_code, i.name
ORDER BY e.area_code, e.credit_code;

COMMENT ON VIEW enterprise_summary IS '企业汇总：每家企业一行，各规则结果与金额并列 / One row per enterprise: every rule''s outcome and amounts side by side';
COMMENT ON COLUMN enterprise_summary.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN enterprise_summary.name IS '企业名称 / Enterprise name';
COMMENT ON COLUMN enterprise_summary.district IS '所属区 / District';
COMMENT ON COLUMN enterprise_summary.area_code IS '所属区代码 / Area code';
COMMENT ON COLUMN enterprise_summary.industry_code IS '行业代码 / Industry code';
COMMENT ON COLUMN enterprise_summary.industry_name IS '行业名称 / Industry name';
COMMENT ON COLUMN enterprise_summary.d10_1_outcome IS 'D10-1 结果（见 outcomes；不在该规则行业范围为空）/ D10-1 outcome (see outcomes); NULL when the rule does not cover the enterprise''s sector';
COMMENT ON COLUMN enterprise_summary.d10_1_tier IS 'D10-1 档位 / D10-1 tier';
COMMENT ON COLUMN enterprise_summary.d10_1_amount_yuan IS 'D10-1 规则全额，元 / D10-1 full amount, yuan';
COMMENT ON COLUMN enterprise_summary.d10_1_paid_yuan IS 'D10-1 本次兑付，元 / D10-1 paid now, yuan';
COMMENT ON COLUMN enterprise_summary.d10_2_outcome IS 'D10-2 结果（见 outcomes；不在该规则行业范围为空）/ D10-2 outcome (see outcomes); NULL when the rule does not cover the enterprise''s sector';
COMMENT ON COLUMN enterprise_summary.d10_2_tier IS 'D10-2 档位 / D10-2 tier';
COMMENT ON COLUMN enterprise_summary.d10_2_amount_yuan IS 'D10-2 规则全额，元 / D10-2 full amount, yuan';
COMMENT ON COLUMN enterprise_summary.d10_2_paid_yuan IS 'D10-2 本次兑付，元 / D10-2 paid now, yuan';
COMMENT ON COLUMN enterprise_summary.d10_3_outcome IS 'D10-3 结果（见 outcomes；不在该规则行业范围为空）/ D10-3 outcome (see outcomes); NULL when the rule does not cover the enterprise''s sector';
COMMENT ON COLUMN enterprise_summary.d10_3_tier IS 'D10-3 档位 / D10-3 tier';
COMMENT ON COLUMN enterprise_summary.d10_3_amount_yuan IS 'D10-3 规则全额，元 / D10-3 full amount, yuan';
COMMENT ON COLUMN enterprise_summary.d10_3_paid_yuan IS 'D10-3 本次兑付，元 / D10-3 paid now, yuan';
COMMENT ON COLUMN enterprise_summary.d10_4_outcome IS 'D10-4 结果（见 outcomes；不在该规则行业范围为空）/ D10-4 outcome (see outcomes); NULL when the rule does not cover the enterprise''s sector';
COMMENT ON COLUMN enterprise_summary.d10_4_tier IS 'D10-4 档位 / D10-4 tier';
COMMENT ON COLUMN enterprise_summary.d10_4_amount_yuan IS 'D10-4 规则全额，元 / D10-4 full amount, yuan';
COMMENT ON COLUMN enterprise_summary.d10_4_paid_yuan IS 'D10-4 本次兑付，元 / D10-4 paid now, yuan';
COMMENT ON COLUMN enterprise_summary.d11_1_outcome IS 'D11-1 结果（见 outcomes；不在该规则行业范围为空）/ D11-1 outcome (see outcomes); NULL when the rule does not cover the enterprise''s sector';
COMMENT ON COLUMN enterprise_summary.d11_1_tier IS 'D11-1 档位 / D11-1 tier';
COMMENT ON COLUMN enterprise_summary.d11_1_amount_yuan IS 'D11-1 规则全额，元 / D11-1 full amount, yuan';
COMMENT ON COLUMN enterprise_summary.d11_1_paid_yuan IS 'D11-1 本次兑付，元 / D11-1 paid now, yuan';
COMMENT ON COLUMN enterprise_summary.d11_2_outcome IS 'D11-2 结果（见 outcomes；不在该规则行业范围为空）/ D11-2 outcome (see outcomes); NULL when the rule does not cover the enterprise''s sector';
COMMENT ON COLUMN enterprise_summary.d11_2_tier IS 'D11-2 档位 / D11-2 tier';
COMMENT ON COLUMN enterprise_summary.d11_2_amount_yuan IS 'D11-2 规则全额，元 / D11-2 full amount, yuan';
COMMENT ON COLUMN enterprise_summary.d11_2_paid_yuan IS 'D11-2 本次兑付，元 / D11-2 paid now, yuan';
COMMENT ON COLUMN enterprise_summary.d11_3_outcome IS 'D11-3 结果（见 outcomes；不在该规则行业范围为空）/ D11-3 outcome (see outcomes); NULL when the rule does not cover the enterprise''s sector';
COMMENT ON COLUMN enterprise_summary.d11_3_tier IS 'D11-3 档位 / D11-3 tier';
COMMENT ON COLUMN enterprise_summary.d11_3_amount_yuan IS 'D11-3 规则全额，元 / D11-3 full amount, yuan';
COMMENT ON COLUMN enterprise_summary.d11_3_paid_yuan IS 'D11-3 本次兑付，元 / D11-3 paid now, yuan';
COMMENT ON COLUMN enterprise_summary.d11_4_outcome IS 'D11-4 结果（见 outcomes；不在该规则行业范围为空）/ D11-4 outcome (see outcomes); NULL when the rule does not cover the enterprise''s sector';
COMMENT ON COLUMN enterprise_summary.d11_4_tier IS 'D11-4 档位 / D11-4 tier';
COMMENT ON COLUMN enterprise_summary.d11_4_amount_yuan IS 'D11-4 规则全额，元 / D11-4 full amount, yuan';
COMMENT ON COLUMN enterprise_summary.d11_4_paid_yuan IS 'D11-4 本次兑付，元 / D11-4 paid now, yuan';
COMMENT ON COLUMN enterprise_summary.paid_total_yuan IS '本次兑付合计，元 / Total paid now, yuan';
COMMENT ON COLUMN enterprise_summary.rules_paid IS '兑付的规则数（awarded、topped_up）/ Rules paid now';
COMMENT ON COLUMN enterprise_summary.rules_review IS '待复核的规则数 / Rules held for review';
COMMENT ON COLUMN enterprise_summary.rules_refused IS '不予奖励的规则数 / Rules refused';
COMMENT ON COLUMN enterprise_summary.rules_decided IS '有决策的规则数（行业范围内）/ Rules with a decision (in the enterprise''s sector)';
