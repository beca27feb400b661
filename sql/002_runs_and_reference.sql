-- Stage 002: run bookkeeping and reference tables.
-- Writes: runs, run_inputs (filled by the pipeline at the end of a run); industry_codes and districts
-- (filled from the embedded copies of ../shared/data, sql/ref/*.csv).

-- Times are TIMESTAMPTZ: the instant, which a client shows in its own TimeZone setting. A run started at
-- 02:00 in Beijing on 3 December shows as 2026-12-03 02:00:00+08 under SET TimeZone = 'Asia/Shanghai' and as
-- 2026-12-02 18:00:00+00 in UTC: the same instant, never a naive time read as the previous day.
CREATE TABLE runs (
    run_id          VARCHAR PRIMARY KEY,
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    policy_year     INTEGER NOT NULL,
    policy_sha256   VARCHAR NOT NULL,
    program_version VARCHAR NOT NULL,
    as_of           DATE,              -- the --as-of override; NULL: the policy's evaluation dates
    input_dir       VARCHAR NOT NULL,  -- the batch folder, or "(demo)"
    rows_read       INTEGER,
    rows_loaded     INTEGER,
    rows_quarantined INTEGER,
    -- The comparison with the previously published run (table changes, baseline 'previous'); see
    -- change_baselines for the comparison with the last run marked sent.
    compared_with_run_id VARCHAR,      -- NULL when nothing was compared
    changes_status  VARCHAR            -- compared | no_baseline | failed (change_baselines.detail says why)
);

CREATE TABLE run_inputs (
    run_id      VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,      -- relative to the input folder, as in the loaded tables
    sha256      VARCHAR NOT NULL,
    size_bytes  BIGINT NOT NULL,
    rows_read   INTEGER NOT NULL,
    PRIMARY KEY (run_id, source_file)
);

CREATE TABLE industry_codes (
    code        VARCHAR PRIMARY KEY,      -- GB/T 4754-2017: section letter, 2-digit 大类, 3-digit 中类, 4-digit 小类
    section     VARCHAR,
    level       INTEGER,
    name        VARCHAR,
    parent_code VARCHAR
);

CREATE TABLE districts (
    code        VARCHAR PRIMARY KEY,
    name        VARCHAR,
    kind        VARCHAR,
    note        VARCHAR
);
