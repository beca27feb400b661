-- Stage 430: view figures_by_year — each enterprise's figures by measure and period, with the 上年同期
-- reported later beside the period's own figure (rules.md "Years and periods": a period's figure can be
-- on record twice, as the period's own row and as the 上年同期 of the next year's row, and the two may
-- differ — a revision, or a figure that does not agree).
-- Reads: output_value, revenue, headcount, enterprises. Writes: VIEW figures_by_year.
-- One row per (enterprise, measure, year, end month) for which either is on record; headcount rows carry
-- persons and no 上年同期.

CREATE OR REPLACE VIEW figures_by_year AS
WITH money AS (
    SELECT 'output_value' AS measure, credit_code, year, end_month, value_yuan, prev_value_yuan, source_file, source_sheet, source_row
    FROM output_value
    UNION ALL
    SELECT 'revenue', credit_code, year, end_month, value_yuan, prev_value_yuan, source_file, source_sheet, source_row
    FROM revenue
), periods AS (
    SELECT measure, credit_code, year, end_month FROM money
    UNION
    SELECT measure, credit_code, year - 1, end_month FROM money WHERE prev_value_yuan IS NOT NULL
), figures AS (
    SELECT p.credit_code, p.measure, p.year, p.end_month,
           own.value_yuan AS own_value_yuan, nxt.prev_value_yuan AS reported_next_year_yuan,
           CAST(NULL AS INTEGER) AS persons, '元' AS unit,
           own.source_file, own.source_sheet, own.source_row,
           nxt.source_file AS reported_source_file, nxt.source_sheet AS reported_source_sheet, nxt.source_row AS reported_source_row
    FROM periods p
    LEFT JOIN money own ON own.measure = p.measure AND own.credit_code = p.credit_code AND own.year = p.year AND own.end_month = p.end_month
    LEFT JOIN money nxt ON nxt.measure = p.measure AND nxt.credit_code = p.credit_code AND nxt.year = p.year + 1
                       AND nxt.end_month = p.end_month AND nxt.prev_value_yuan IS NOT NULL
    UNION ALL
    SELECT credit_code, 'headcount', year, month, NULL, NULL, persons, '人', source_file, source_sheet, source_row, NULL, NULL, NULL
    FROM headcount
)
SELECT f.credit_code, e.name, e.district, f.measure, f.year, f.end_month,
       f.own_value_yuan, f.reported_next_year_yuan,
       f.reported_next_year_yuan - f.own_value_yuan AS difference_yuan,
       f.persons, f.unit,
       f.source_file, f.source_sheet, f.source_row,
       f.reported_source_file, f.reported_source_sheet, f.reported_source_row
FROM figures f
LEFT JOIN enterprises e ON e.credit_code = f.credit_code
ORDER BY f.credit_code, f.measure, f.year, f.end_month;

COMMENT ON VIEW figures_by_year IS '各期数据：本期自报值与次年报送的上年同期值并列 / Figures by enterprise, measure and period, the period''s own figure beside the 上年同期 the next year''s row reported for it';
COMMENT ON COLUMN figures_by_year.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN figures_by_year.name IS '企业名称 / Enterprise name';
COMMENT ON COLUMN figures_by_year.district IS '所属区 / District';
COMMENT ON COLUMN figures_by_year.measure IS '指标（见 measures）/ Measure (see measures)';
COMMENT ON COLUMN figures_by_year.year IS '期别年份 / Period year';
COMMENT ON COLUMN figures_by_year.end_month IS '期别截止月（12 全年，3 一季度）；参保人数为统计月份 / Last month of the period; the month for headcount';
COMMENT ON COLUMN figures_by_year.own_value_yuan IS '本期自报值，元（该期自身的行）/ The period''s own figure, yuan (its own row)';
COMMENT ON COLUMN figures_by_year.reported_next_year_yuan IS '次年同期行报送的上年同期值，元 / The same period as reported (上年同期) with the next year''s row, yuan';
COMMENT ON COLUMN figures_by_year.difference_yuan IS '差额 = 上年同期报送值 − 本期自报值，元（任一为空则为空）/ reported_next_year_yuan − own_value_yuan; NULL when either is missing';
COMMENT ON COLUMN figures_by_year.persons IS '参保人数，人（金额指标为空）/ Headcount, persons; NULL for money measures';
COMMENT ON COLUMN figures_by_year.unit IS '存储单位：元 或 人 / Unit of the stored values: 元 or 人';
COMMENT ON COLUMN figures_by_year.source_file IS '本期自报值的来源文件 / Source file of the own figure';
COMMENT ON COLUMN figures_by_year.source_sheet IS '本期自报值的来源工作表 / Source sheet of the own figure';
COMMENT ON COLUMN figures_by_year.source_row IS '本期自报值的来源行号 / Source row of the own figure';
COMMENT ON COLUMN figures_by_year.reported_source_file IS '上年同期值的来源文件 / Source file of the 上年同期 figure';
COMMENT ON COLUMN figures_by_year.reported_source_sheet IS '上年同期值的来源工作表 / Source sheet of the 上年同期 figure';
COMMENT ON COLUMN figures_by_year.reported_source_row IS '上年同期值的来源行号 / Source row of the 上年同期 figure';
