-- Stage 260: affiliate review of direction 11 (D11-1, D11-2, D11-3, D11-4; 2023年1月通知: 在京关联企业产值
-- 不出现非正常波动; clauses.affiliates).
-- Reads: int_d11, affiliates, int_figures, p_settings.
-- Writes: TEMP int_affiliate_members (each other member's figures per D11 pair of a group member),
--   int_affiliate_shift (the pairs flagged, with the total fall and the limit).
-- For each D11 decision of an enterprise in a Beijing group: the sum over the group's OTHER members of
-- max(0, prev − cur) of the same measure over the rule's own periods (prev = 上年同期 reported with the
-- current period, else the earlier period's own figure; a member without both figures falls 0; members
-- count whether or not they are in the register; a member shared by two groups counts once). When that sum
-- ≥ shares.affiliate × this enterprise's net increase, an award becomes outcome review with reason
-- affiliate_shift (stage 300), and the members' before and after are kept for the 待复核 sheet.

CREATE OR REPLACE TEMP TABLE int_affiliate_members AS
WITH members AS (
    SELECT DISTINCT a.credit_code, b.credit_code AS member
    FROM affiliates a JOIN affiliates b ON a.group_id = b.group_id AND a.credit_code <> b.credit_code
)
SELECT d.credit_code, d.rule_id, m.member,
       coalesce(cur.prev_value_yuan, prv.value_yuan) AS prev_yuan,
       cur.value_yuan AS cur_yuan,
       CASE WHEN cur.value_yuan IS NULL OR coalesce(cur.prev_value_yuan, prv.value_yuan) IS NULL THEN 0
            ELSE greatest(0, coalesce(cur.prev_value_yuan, prv.value_yuan) - cur.value_yuan) END AS fall_yuan
FROM int_d11 d
JOIN members m ON m.credit_code = d.credit_code
CROSS JOIN p_settings ps
LEFT JOIN int_figures cur ON cur.credit_code = m.member AND cur.measure = d.measure AND cur.year = ps.policy_year AND cur.end_month = d.end_month
LEFT JOIN int_figures prv ON prv.credit_code = m.member AND prv.measure = d.measure AND prv.year = ps.ref_year AND prv.end_month = d.end_month;

CREATE OR REPLACE TEMP TABLE int_affiliate_shift AS
SELECT f.credit_code, f.rule_id, f.fall_yuan, d.net_value, ps.affiliate_share,
       CAST(ps.affiliate_share * d.net_value AS DECIMAL(24,6)) AS limit_yuan
FROM (SELECT credit_code, rule_id, sum(fall_yuan) AS fall_yuan FROM int_affiliate_members GROUP BY credit_code, rule_id) f
JOIN int_d11 d USING (credit_code, rule_id), p_settings ps
WHERE d.net_value > 0 AND f.fall_yuan >= ps.affiliate_share * d.net_value;
