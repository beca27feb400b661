-- Stage 001: the loaded tables, one per input kind of inputs.md, plus quarantine and load_report.
-- Reads: nothing. Writes: empty tables that the loaders fill.
-- Stages numbered below 100 run before loading; 100 and up run after it (see sql/sql.go).
-- Every loaded row keeps source_file (relative to the input folder), source_sheet (empty for CSV) and
-- source_row (the 1-based physical row or line a person sees when opening the file), so any figure on a
-- roster can be traced back to the cell it came from.

CREATE TABLE enterprises (
    credit_code      VARCHAR NOT NULL,
    name             VARCHAR,
    industry_code    VARCHAR,           -- 4-digit GB/T 4754-2017 小类, leading zeros kept
    region_code      VARCHAR,           -- the register's 区划代码 as given (digits), or NULL when only a name was given
    area_code        VARCHAR,           -- 1101xx district, 110115403 for 北京经济技术开发区, 110000 Beijing/unknown district, else the first 6 digits
    district         VARCHAR,           -- 海淀区 …, 北京经济技术开发区; NULL when unknown or outside Beijing
    scope_district   VARCHAR,           -- district used for 禁限目录 scopes: district, except 大兴区 for 北京经济技术开发区
    in_beijing       BOOLEAN NOT NULL,  -- G1: 区划代码 starts with 11 (or a Beijing district name was given)
    legal_person_raw VARCHAR,           -- 是否独立法人 as given
    is_legal_person  BOOLEAN NOT NULL,  -- G2 input: false for 否 / 产业活动单位 / 个体 or a code beginning 92
    start_month      DATE,              -- 投产年月, first day of the month
    code_check_ok    BOOLEAN NOT NULL,  -- GB 32100 check digit holds (a failure is a warning only)
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL
);

CREATE TABLE above_scale (
    credit_code      VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    inclusion_method VARCHAR,           -- 规下转规上 / 新建投产 / 其他, as given
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL
);

-- output_value and revenue share one layout. A period is cumulative from January: (year, end_month),
-- so 2022年 / 2022年1-12月 / 2022-12 are (2022, 12) and 2022年一季度 / 2022Q1 / 2022-03 are (2022, 3).
CREATE TABLE output_value (
    credit_code      VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    end_month        INTEGER NOT NULL,
    value_yuan       DECIMAL(18,2),     -- 本期 / 本年 in 元; NULL when the extract has no figure
    prev_value_yuan  DECIMAL(18,2),     -- 上年同期 reported with this period (wide layout), in 元; NULL when absent
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL
);
CREATE TABLE revenue (
    credit_code      VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    end_month        INTEGER NOT NULL,
    value_yuan       DECIMAL(18,2),
    prev_value_yuan  DECIMAL(18,2),
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL
);

CREATE TABLE headcount (
    credit_code      VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    month            INTEGER NOT NULL,
    persons          INTEGER,
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL
);

CREATE TABLE specialised (
    credit_code      VARCHAR NOT NULL,
    level            VARCHAR NOT NULL,  -- innovative (创新型中小企业), municipal (市级专精特新), national (国家级专精特新"小巨人")
    level_raw        VARCHAR,
    recognized_on    DATE NOT NULL,     -- 认定日期; for a month or year only, the latest day it can mean (validity starts then)
    recognized_earliest DATE NOT NULL,  -- the earliest day 认定日期 can mean (= recognized_on for a full date); the default validity runs from it
    valid_until      DATE,              -- 有效期至, the earliest day it can mean; NULL means three years after recognized_earliest (policy)
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL
);

CREATE TABLE dishonesty (
    credit_code      VARCHAR NOT NULL,
    listed_on        DATE NOT NULL,     -- 列入日期; for a month or year only, the earliest day it can mean
    removed_on       DATE,              -- 移出日期, the latest day it can mean; NULL: still listed
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL
);

CREATE TABLE restricted (
    prefix           VARCHAR NOT NULL,  -- industry code prefix, 2 to 4 digits
    control_type     VARCHAR NOT NULL,  -- 禁止 / 限制
    scope            VARCHAR NOT NULL,  -- 全市, or the canonical district names joined with 、 (groups expanded)
    whole_city       BOOLEAN NOT NULL,
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL
);

CREATE TABLE industrial_software (
    credit_code      VARCHAR NOT NULL,
    recognized_year  INTEGER,
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL
);

CREATE TABLE other_funds (
    credit_code      VARCHAR NOT NULL,
    direction        INTEGER NOT NULL,
    fund_name        VARCHAR,
    year             INTEGER,           -- NULL: applies to every year
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL
);

CREATE TABLE prior_awards (
    credit_code      VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    direction        INTEGER NOT NULL,
    item             VARCHAR,           -- e.g. D10-1; NULL when not given
    amount_yuan      DECIMAL(18,2),
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL
);

CREATE TABLE affiliates (
    credit_code      VARCHAR NOT NULL,
    group_id         VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL
);

-- resolutions (复核结论, optional): staff's decision on a review pair; rules.md "Holds".
CREATE TABLE resolutions (
    credit_code      VARCHAR NOT NULL,
    rule_id          VARCHAR NOT NULL,  -- D10-1 … D11-4
    conclusion       VARCHAR NOT NULL,  -- 同意 / 不同意
    confirmed_amount_yuan DECIMAL(18,2), -- 核定金额 in 元; required for 同意
    reviewer         VARCHAR,
    reviewed_on      DATE,
    note             VARCHAR,
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL
);

CREATE TABLE quarantine (
    source_file      VARCHAR NOT NULL,
    source_sheet     VARCHAR NOT NULL,
    source_row       INTEGER NOT NULL,
    kind             VARCHAR,
    credit_code      VARCHAR,           -- the enterprise the row is about, normalised; NULL when its code cannot be read
    group_id         VARCHAR,           -- affiliates: the 集团编号 when it can be read, as affiliates.group_id holds it
    column_name      VARCHAR,
    raw_value        VARCHAR,
    raw_row          VARCHAR,           -- the row's cells as read, tab-joined
    reason           VARCHAR NOT NULL
);

CREATE TABLE load_report (
    source_file        VARCHAR NOT NULL,
    source_sheet       VARCHAR NOT NULL,
    kind               VARCHAR,
    rows_read          INTEGER NOT NULL,
    loaded             INTEGER NOT NULL,
    quarantined        INTEGER NOT NULL,
    skipped_totals     INTEGER NOT NULL,
    duplicates_dropped INTEGER NOT NULL,
    encoding           VARCHAR,
    unit               VARCHAR,
    skipped_reason     VARCHAR            -- set (kind NULL, counts 0) for a file or sheet skipped as not data
);
