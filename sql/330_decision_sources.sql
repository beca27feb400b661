-- Stage 330 (mart): decision_sources, the lineage of every figure a decision used (outputs.md).
-- Reads: decisions, policy_rules, policy_params, output_value, revenue, headcount, load_report.
-- Writes: VIEW decision_sources.
--
-- A view, not a table: at a million enterprises it is 6.6 million rows found through four joins of
-- millions of rows, which took half a minute of every run and most of a gigabyte of the file, while an
-- analyst (or awards explain) asks for one enterprise's rows, which the view finds in well under a
-- second. The published database never changes, so the view gives the same rows every time.
--
-- One row per decision and figure it used: cur and prev (the rule's measure) and, for the annual D11
-- rules, headcount_cur and headcount_prev (the December rows of P and R). A figure the decision does not
-- have (NULL in decisions) has no row: a missing figure came from nowhere.
--
-- The row is found by the rules the decision stages use, and only among rows that report exactly the
-- value the decision holds, so a source row can never disagree with the figure beside it:
--   * a figure about period (year Y, end month m) is reported by Y's own row (value_yuan) or, as 上年同期,
--     by the row of (Y + 1, m) (prev_value_yuan);
--   * cur prefers the own row: D11 cur is the P row's own value; D10-3/D10-4 cur is R's own annual value,
--     else the 上年同期 reported with P (sql/230);
--   * prev prefers the reported 上年同期: D11 prev is the 上年同期 reported with the P row, else R's own
--     row (sql/250); D10-3/D10-4 prev is the 上年同期 reported with R, else R−1's own row (sql/230).
-- Periods: D11 cur (P, the rule's end month), prev (R, same month); D10-3/D10-4 cur (R, 12), prev (R−1, 12).
-- policy_rules.measure is empty for direction 10; D10-3 compares 工业总产值 and D10-4 营业收入 (rules.md).
-- unit is the money unit the file states for the sheet (load_report.unit; NULL for headcount).

CREATE OR REPLACE VIEW decision_sources AS
WITH years AS (
    SELECT (SELECT CAST(num AS INTEGER) FROM policy_params WHERE key = 'policy_year')    AS p,
           (SELECT CAST(num AS INTEGER) FROM policy_params WHERE key = 'reference_year') AS r
), rules AS (
    SELECT rule_id,
           coalesce(nullif(measure, ''), CASE rule_id WHEN 'D10-3' THEN 'output_value' WHEN 'D10-4' THEN 'revenue' END) AS measure,
           CASE WHEN direction = 11 THEN end_month ELSE 12 END AS end_month,
           -- the year cur is about; prev is the year before
           CASE WHEN direction = 11 THEN y.p ELSE y.r END AS cur_year
    FROM policy_rules, years y
), needs AS (
    SELECT d.credit_code, d.rule_id, 'cur' AS figure, r.measure, r.cur_year AS year, r.end_month, d.cur_value AS value_yuan
    FROM decisions d JOIN rules r USING (rule_id)
    WHERE r.measure IS NOT NULL AND d.cur_value IS NOT NULL
    UNION ALL
    SELECT d.credit_code, d.rule_id, 'prev', r.measure, r.cur_year - 1, r.end_month, d.prev_value
    FROM decisions d JOIN rules r USING (rule_id)
    WHERE r.measure IS NOT NULL AND d.prev_value IS NOT NULL
), loaded AS (
    SELECT 'output_value' AS measure, credit_code, year, end_month, value_yuan, prev_value_yuan, source_file, source_sheet, source_row
    FROM output_value
    UNION ALL
    SELECT 'revenue', credit_code, year, end_month, value_yuan, prev_value_yuan, source_file, source_sheet, source_row
    FROM revenue
), matched AS (
    -- The loaded tables hold one row per (code, period) (the loaders' key), so each figure meets at most
    -- one own row and one reporting row: the equi-joins pick, no ranking needed.
    SELECT n.*,
           own.source_file AS own_file, own.source_sheet AS own_sheet, own.source_row AS own_row,
           rep.source_file AS rep_file, rep.source_sheet AS rep_sheet, rep.source_row AS rep_row
    FROM needs n
    LEFT JOIN loaded own ON own.credit_code = n.credit_code AND own.measure = n.measure AND own.year = n.year
                        AND own.end_month = n.end_month AND own.value_yuan = n.value_yuan
    LEFT JOIN loaded rep ON rep.credit_code = n.credit_code AND rep.measure = n.measure AND rep.year = n.year + 1
                        AND rep.end_month = n.end_month AND rep.prev_value_yuan = n.value_yuan
), chosen AS (
    SELECT credit_code, rule_id, figure, measure, year, end_month, value_yuan,
           CASE WHEN use_own THEN own_file ELSE rep_file END AS source_file,
           CASE WHEN use_own THEN own_sheet ELSE rep_sheet END AS source_sheet,
           CASE WHEN use_own THEN own_row ELSE rep_row END AS source_row,
           CASE WHEN use_own THEN 'value_yuan' ELSE 'prev_value_yuan' END AS source_column
    FROM (SELECT *, CASE WHEN figure = 'cur' THEN own_row IS NOT NULL ELSE rep_row IS NULL END AS use_own FROM matched)
    WHERE own_row IS NOT NULL OR rep_row IS NOT NULL
), heads AS (
    -- Year-end headcounts (sql/110 int_headcount): the December rows of P (headcount_cur) and R
    -- (headcount_prev), for the decisions that hold them.
    SELECT d.credit_code, d.rule_id, 'headcount_cur' AS figure, y.p AS year, d.headcount_cur AS persons
    FROM decisions d CROSS JOIN years y WHERE d.headcount_cur IS NOT NULL
    UNION ALL
    SELECT d.credit_code, d.rule_id, 'headcount_prev', y.r, d.headcount_prev
    FROM decisions d CROSS JOIN years y WHERE d.headcount_prev IS NOT NULL
)
SELECT c.credit_code, c.rule_id, c.figure, c.measure, c.year, c.end_month, c.source_file, c.source_sheet, c.source_row,
       lr.unit, c.source_column, c.value_yuan, CAST(NULL AS INTEGER) AS persons
FROM chosen c
LEFT JOIN (SELECT DISTINCT source_file, source_sheet, kind, unit FROM load_report WHERE kind IS NOT NULL) lr
       ON lr.source_file = c.source_file AND lr.source_sheet = c.source_sheet AND lr.kind = c.measure
UNION ALL
SELECT h.credit_code, h.rule_id, h.figure, 'headcount', h.year, 12, hc.source_file, hc.source_sheet, hc.source_row,
       NULL, 'persons', NULL, h.persons
FROM heads h
JOIN headcount hc ON hc.credit_code = h.credit_code AND hc.year = h.year AND hc.month = 12 AND hc.persons = h.persons;

COMMENT ON VIEW decision_sources IS '决策所用数据的来源：每个决策每个数据一行（文件、工作表、行号、单位；每个 credit_code, rule_id, figure 一行）/ Lineage: one row per decision and figure it used, with the loaded row it came from and the unit as written (one row per credit_code, rule_id, figure)';
COMMENT ON COLUMN decision_sources.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN decision_sources.rule_id IS '规则编号 / Rule id';
COMMENT ON COLUMN decision_sources.figure IS '数据：cur 本期值，prev 上期值，headcount_cur 本年末参保人数，headcount_prev 上年末参保人数（与 decisions 同名列对应）/ Figure: cur, prev, headcount_cur, headcount_prev (the decisions columns of those names)';
COMMENT ON COLUMN decision_sources.measure IS '指标（见 measures 表）/ Measure (see table measures)';
COMMENT ON COLUMN decision_sources.year IS '数据所属期别年份 / Year of the period the figure is about';
COMMENT ON COLUMN decision_sources.end_month IS '数据所属期别截止月（12 全年，3 一季度；参保人数为 12 月末）/ Last month of the period (12 year, 3 Q1; December for headcount)';
COMMENT ON COLUMN decision_sources.source_file IS '来源文件（相对输入目录）/ Source file, relative to the input folder';
COMMENT ON COLUMN decision_sources.source_sheet IS '来源工作表（CSV 为空字符串）/ Source sheet ('''' for CSV)';
COMMENT ON COLUMN decision_sources.source_row IS '来源行号（打开文件所见；上年同期为随下一期报送的那一行）/ Row as seen when opening the file; for a 上年同期 figure, the next period''s row that reported it';
COMMENT ON COLUMN decision_sources.unit IS '文件中标明的金额单位（元、千元、万元、亿元；参保人数为空）/ Money unit as the file states it; NULL for headcount';
COMMENT ON COLUMN decision_sources.source_column IS '取自载入表的列：value_yuan 本期值，prev_value_yuan 上年同期，persons 参保人数 / Loaded column the figure was read from';
COMMENT ON COLUMN decision_sources.value_yuan IS '数据值，元（金额指标）/ The figure in yuan (money measures)';
COMMENT ON COLUMN decision_sources.persons IS '数据值，人（参保人数）/ The figure in persons (headcount)';
