-- Stage 340 (mart): the reasons and remarks of decisions as rows — the way to query them.
-- Reads: decisions. Writes: TABLE decision_reasons, decision_remarks.
-- decisions.reasons (';'-joined codes) and decisions.remarks ('；'-joined texts) stay for compatibility
-- (outputs.md names them); these tables hold exactly their split, one row per item, so "refusals by
-- reason" is a join with reason_codes rather than string_split. Rows keep the order of decisions
-- (credit code, rule) and of the items within a decision (reasons are sorted there); DuckDB preserves
-- insertion order, so no sort of millions of rows is needed for a stable table.

CREATE OR REPLACE TABLE decision_reasons AS
SELECT credit_code, rule_id, reason
FROM (SELECT credit_code, rule_id, unnest(string_split(reasons, ';')) AS reason FROM decisions WHERE reasons <> '');

CREATE OR REPLACE TABLE decision_remarks AS
SELECT credit_code, rule_id, remark
FROM (SELECT credit_code, rule_id, unnest(string_split(remarks, '；')) AS remark FROM decisions WHERE remarks <> '');

COMMENT ON TABLE decision_reasons IS '决策原因长表：decisions.reasons 拆分为每个原因一行（按原因查询请用此表并关联 reason_codes；键 credit_code, rule_id, reason，唯一但未建索引）/ Decision reasons as rows: decisions.reasons split, one row per reason code; join reason_codes for labels (key credit_code, rule_id, reason: unique, not indexed)';
COMMENT ON COLUMN decision_reasons.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN decision_reasons.rule_id IS '规则编号 / Rule id';
COMMENT ON COLUMN decision_reasons.reason IS '原因代码（见 reason_codes）/ Reason code (see reason_codes)';

COMMENT ON TABLE decision_remarks IS '决策备注长表：decisions.remarks 拆分为每条备注一行 / Decision remarks as rows: decisions.remarks split, one row per remark';
COMMENT ON COLUMN decision_remarks.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN decision_remarks.rule_id IS '规则编号 / Rule id';
COMMENT ON COLUMN decision_remarks.remark IS '备注全文 / Remark text';
