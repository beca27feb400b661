-- Stage 350 (mart): lookup tables with Chinese and English labels for the codes analysts meet in
-- decisions, changes and decision_sources. (reason_codes is stage 310.)
-- Reads: nothing. Writes: TABLE outcomes, change_kinds, measures.

CREATE OR REPLACE TABLE outcomes (
    outcome  VARCHAR PRIMARY KEY,
    label_zh VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL,
    pays     BOOLEAN NOT NULL    -- the outcome pays now (paid_yuan > 0 possible): awarded, topped_up
);
INSERT INTO outcomes VALUES
    ('awarded',    '奖励',               'Awarded',                                        true),
    ('topped_up',  '差额补齐',           'Topped up: the difference above this year''s payments', true),
    ('superseded', '被替代（孰高兑付）', 'Superseded: one project a year, a higher item pays', false),
    ('review',     '待复核',             'Held for review: computed, not paid',            false),
    ('refused',    '不予奖励',           'Refused',                                        false);

-- changes.change: a row present in both runs is 'changed', with tier_changed and amount_changed saying what.
CREATE OR REPLACE TABLE change_kinds (
    change   VARCHAR PRIMARY KEY,
    label_zh VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL
);
INSERT INTO change_kinds VALUES
    ('entered', '新进入名单',       'Entered the roster'),
    ('left',    '移出名单',         'Left the roster'),
    ('changed', '档位或金额变化',   'Tier or amount changed (see tier_changed, amount_changed)');

-- The measures of figures and of missing_data:<measure> reasons, with the unit they are stored in.
CREATE OR REPLACE TABLE measures (
    measure       VARCHAR PRIMARY KEY,
    label_zh      VARCHAR NOT NULL,
    label_en      VARCHAR NOT NULL,
    unit          VARCHAR NOT NULL,  -- unit of the stored value: 元 (money), 人 (persons), month (a DATE, first of the month)
    loaded_table  VARCHAR NOT NULL,  -- the loaded table it is read from
    loaded_column VARCHAR NOT NULL   -- the column holding it
);
INSERT INTO measures VALUES
    ('output_value', '工业总产值（当年价格）', 'Gross industrial output value (current prices)', '元',    'output_value', 'value_yuan'),
    ('revenue',      '营业收入',               'Operating revenue',                              '元',    'revenue',      'value_yuan'),
    ('headcount',    '参保人数',               'Insured headcount',                              '人',    'headcount',    'persons'),
    ('start_month',  '投产年月',               'Month production started',                       'month', 'enterprises',  'start_month');

COMMENT ON TABLE outcomes IS '决策结果代码及中英文说明 / Decision outcomes with Chinese and English labels';
COMMENT ON COLUMN outcomes.outcome IS '结果代码（decisions.outcome）/ Outcome code';
COMMENT ON COLUMN outcomes.label_zh IS '中文说明 / Chinese label';
COMMENT ON COLUMN outcomes.label_en IS '英文说明 / English label';
COMMENT ON COLUMN outcomes.pays IS '本次是否兑付（awarded、topped_up）/ Whether the outcome pays now';

COMMENT ON TABLE change_kinds IS '名单变化类别及中英文说明（changes.change）/ Change kinds of the changes table with labels';
COMMENT ON COLUMN change_kinds.change IS '变化代码 / Change code';
COMMENT ON COLUMN change_kinds.label_zh IS '中文说明 / Chinese label';
COMMENT ON COLUMN change_kinds.label_en IS '英文说明 / English label';

COMMENT ON TABLE measures IS '指标代码、中英文说明及存储单位 / Measures with labels and the unit they are stored in';
COMMENT ON COLUMN measures.measure IS '指标代码（decision_sources.measure，missing_data:<measure>）/ Measure code';
COMMENT ON COLUMN measures.label_zh IS '中文说明 / Chinese label';
COMMENT ON COLUMN measures.label_en IS '英文说明 / English label';
COMMENT ON COLUMN measures.unit IS '存储单位：元、人、month（日期，当月1日）/ Unit of the stored value: 元, 人 (persons), month (a DATE, the first of the month)';
COMMENT ON COLUMN measures.loaded_table IS '所在载入表 / Loaded table it is read from';
COMMENT ON COLUMN measures.loaded_column IS '所在列 / Column holding it';
