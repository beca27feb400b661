-- Stage 002: run bookkeeping and reference tables.
-- Writes: runs, run_inputs (filled by the pipeline at the end of a run); industry_codes and districts
-- (filled from the embedded copies of ../shared/data, sql/ref/*.csv).

CREATE TABLE runs (
    run_id          VARCHAR NOT NULL,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    policy_year     INTEGER NOT NULL,
    policy_sha256   VARCHAR NOT NULL,
    program_version VARCHAR NOT NULL,
    as_of           DATE,              -- the --as-of override; NULL: the policy's evaluation dates
    input_dir       VARCHAR NOT NULL,  -- the batch folder, or "(demo)"
    rows_read       INTEGER,
    rows_loaded     INTEGER,
    rows_quarantined INTEGER
);

CREATE TABLE run_inputs (
    run_id      VARCHAR NOT NULL,
    file_name   VARCHAR NOT NULL,      -- relative to the input folder
    sha256      VARCHAR NOT NULL,
    size_bytes  BIGINT NOT NULL,
    rows_read   INTEGER NOT NULL
);

CREATE TABLE industry_codes (
    code        VARCHAR NOT NULL,      -- GB/T 4754-2017: section letter, 2-digit 大类, 3-digit 中类, 4-digit 小类
    section     VARCHAR,
    level       INTEGER,
    name        VARCHAR,
    parent_code VARCHAR
);

CREATE TABLE districts (
    code        VARCHAR NOT NULL,
    name        VARCHAR,
    kind        VARCHAR,
    note        VARCHAR
);
