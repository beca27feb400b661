-- Stage 310 (mart): reason_codes, the closed list of outputs.md with Chinese and English labels (the hold
-- reasons row_unreadable, prior_award_amount_missing, missing_history, figures_disagree and the refusal
-- rejected_on_review of rules.md "Holds" included).
-- Reads: nothing. Writes: TABLE reason_codes.
-- The families missing_data:<measure> and superseded_by:<rule_id> are expanded to every member that a
-- decision can carry (measures output_value, revenue, headcount, start_month; rules D10-1 … D10-4, the only
-- ones ever superseded), so decisions' reasons join to this table exactly.

CREATE OR REPLACE TABLE reason_codes (code VARCHAR, label_zh VARCHAR, label_en VARCHAR);
INSERT INTO reason_codes VALUES
    ('not_beijing',               '非本市登记注册（G1）',                    'Not registered in Beijing (G1)'),
    ('not_legal_person',          '非独立法人（G2）',                        'Not an independent legal person (G2)'),
    ('serious_dishonesty',        '近3年有严重失信记录（G3）',               'Serious dishonesty record within 3 years of the evaluation date (G3)'),
    ('other_municipal_funds',     '已获其他市级财政资金支持（G4）',          'Already supported by other municipal funds for this direction (G4)'),
    ('already_awarded',           '已获奖励：以往年度已获方向10一次性奖励，或本年度已兑付该项',
                                  'Already awarded: a one-time direction-10 award in an earlier year, or this rule already paid for the policy year'),
    ('restricted_industry',       '属禁限目录行业',                          'Industry in the prohibited/restricted catalogue for its district'),
    ('not_above_scale',           '当年未纳入规模以上统计',                  'Not above designated size in the year required'),
    ('not_first_above_scale',     '非首次纳入规模以上统计',                  'Not first included above designated size in the reference year'),
    ('not_started_in_year',       '投产年月不在规定年度',                    'Production did not start in the year required'),
    ('below_first_threshold',     '未达到1亿元门槛',                         'Below the 100-million-yuan threshold'),
    ('not_first_over_threshold',  '以往年度已超过1亿元，非首次突破',         'An earlier year already reached the threshold'),
    ('net_below_threshold',       '净增量未达门槛',                          'Net increase below the threshold'),
    ('growth_below_threshold',    '增速未达门槛',                            'Growth below the threshold'),
    ('headcount_fell',            '参保人数低于上年末',                      'Year-end insured headcount fell'),
    ('non_positive_base',         '上期值不为正，无法计算增速',              'Previous-period figure not positive: growth undefined'),
    ('missing_data:output_value', '缺少工业总产值数据',                      'Missing data: gross industrial output value'),
    ('missing_data:revenue',      '缺少营业收入数据',                        'Missing data: operating revenue'),
    ('missing_data:headcount',    '缺少参保人数数据',                        'Missing data: insured headcount'),
    ('missing_data:start_month',  '缺少投产年月',                            'Missing data: production start month'),
    ('superseded_by:D10-1',       '孰高兑付：由D10-1替代',                   'One project a year: superseded by D10-1'),
    ('superseded_by:D10-2',       '孰高兑付：由D10-2替代',                   'One project a year: superseded by D10-2'),
    ('superseded_by:D10-3',       '孰高兑付：由D10-3替代',                   'One project a year: superseded by D10-3'),
    ('superseded_by:D10-4',       '孰高兑付：由D10-4替代',                   'One project a year: superseded by D10-4'),
    ('prior_award_in_year',       '本年已兑付金额不低于本项，孰高兑付',      'Already paid at least this amount this year (one project a year)'),
    ('affiliate_shift',           '在京关联企业产值异常波动，待复核',        'Group affiliates'' figures fell: review before payment'),
    ('row_unreadable',            '相关数据行无法读取（已隔离），暂缓兑付待复核',
                                  'A row about the enterprise could not be read (quarantined): held for review'),
    ('prior_award_amount_missing', '本年已兑付奖励缺少金额，孰高兑付基数不明，暂缓兑付待复核',
                                  'A prior award of the policy year has no readable amount: the one-project baseline is unknown, held for review'),
    ('missing_history',           '核查年度为规上但缺少该年全年工业总产值，无法确认首次突破，暂缓兑付待复核',
                                  'Above designated size in a history year without that year''s annual output: "first" cannot be confirmed, held for review'),
    ('figures_disagree',          '上一年度本身数值与次年报送的上年同期数分处门槛两侧，暂缓兑付待复核',
                                  'The reference year''s own figure and the one reported with the next year lie on opposite sides of the threshold: held for review'),
    ('rejected_on_review',        '经复核不同意',                            'Rejected on review');

COMMENT ON TABLE reason_codes IS '原因代码及中英文说明 / Reason codes with Chinese and English labels';
COMMENT ON COLUMN reason_codes.code IS '原因代码 / Reason code';
COMMENT ON COLUMN reason_codes.label_zh IS '中文说明 / Chinese label';
COMMENT ON COLUMN reason_codes.label_en IS '英文说明 / English label';
