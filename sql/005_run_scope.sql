-- Stage 005: what a run was asked to decide, besides its rules and inputs (the rounds it decided are in
-- decided_rounds): the --round it was restricted to, and the kinds batch.toml declared empty (inputs.md
-- "Fail closed"). Both change who is paid, so the workbooks state them (titles, 汇总, 说明).
-- Reads: nothing. Writes: empty tables that the pipeline fills for the run's row in runs.

CREATE TABLE run_scope (
    run_id     VARCHAR NOT NULL,
    round_flag INTEGER               -- the --round the run was restricted to; NULL: every round the batch's data reaches
);
COMMENT ON TABLE run_scope IS '本次运行的评审范围（--round） / What the run was restricted to (--round)';
COMMENT ON COLUMN run_scope.run_id IS '运行编号 / Run id';
COMMENT ON COLUMN run_scope.round_flag IS '--round 指定的批次（1 或 2）；空为本批数据所及的全部批次 / The --round given (1 or 2); NULL: every round the batch''s data reaches';

CREATE TABLE run_empty_kinds (
    run_id     VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL       -- the kind as inputs.md names it, e.g. affiliates
);
COMMENT ON TABLE run_empty_kinds IS 'batch.toml 声明本次为空的数据类别 / Kinds batch.toml declared empty this time';
COMMENT ON COLUMN run_empty_kinds.run_id IS '运行编号 / Run id';
COMMENT ON COLUMN run_empty_kinds.kind IS '数据类别（inputs.md 的名称） / Input kind';
