-- Stage 005: what a run decided, besides its rules and inputs: the rounds (rules.md "Rounds") and the
-- kinds batch.toml declared empty (inputs.md "Fail closed"). Both change who is paid, so the workbooks
-- state them (汇总, 说明) and analysts can read them here.
-- Reads: nothing. Writes: empty tables that the pipeline fills with the run's row in runs.

CREATE TABLE run_rounds (
    run_id     VARCHAR NOT NULL,
    round      INTEGER NOT NULL,      -- 1: direction 10 and the Q1 rules; 2: the annual rules
    requested  BOOLEAN NOT NULL       -- true when --round named it; false when the batch's data reached it
);
COMMENT ON TABLE run_rounds IS '本次运行评审的批次 / The rounds the run decided (rules.md "Rounds")';
COMMENT ON COLUMN run_rounds.run_id IS '运行编号 / Run id';
COMMENT ON COLUMN run_rounds.round IS '批次：1 第一批（方向10及一季度规则），2 第二批（全年规则） / Round: 1 direction 10 and the Q1 rules, 2 the annual rules';
COMMENT ON COLUMN run_rounds.requested IS '是否由 --round 指定（否：本批数据所及） / Named by --round (false: reached by the batch''s data)';

CREATE TABLE run_empty_kinds (
    run_id     VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL       -- the kind as inputs.md names it, e.g. affiliates
);
COMMENT ON TABLE run_empty_kinds IS 'batch.toml 声明本次为空的数据类别 / Kinds batch.toml declared empty this time';
COMMENT ON COLUMN run_empty_kinds.run_id IS '运行编号 / Run id';
COMMENT ON COLUMN run_empty_kinds.kind IS '数据类别（inputs.md 的名称） / Input kind';
