-- Stage 003: comments on the loaded, run and reference tables, in Chinese and English, for analysts who
-- open the database directly (`awards schema` prints them). Comments on decision tables live with the
-- stages that create them.

COMMENT ON TABLE enterprises IS '单位名录（101-1 表）/ Enterprise register: one row per enterprise (credit code)';
COMMENT ON COLUMN enterprises.credit_code IS '统一社会信用代码 / Unified social credit code (18 chars, normalised)';
COMMENT ON COLUMN enterprises.name IS '单位详细名称（与名录原文一致，仅去首尾空格）/ Enterprise name exactly as the register writes it (outer spaces trimmed)';
COMMENT ON COLUMN enterprises.industry_code IS '行业代码（GB/T 4754-2017 小类，4 位）/ Industry code, 4-digit GB/T 4754-2017';
COMMENT ON COLUMN enterprises.region_code IS '区划代码（原值）/ Region code as given; NULL when a district name was given';
COMMENT ON COLUMN enterprises.area_code IS '所属区代码：1101xx 区，110115403 经开区，110000 北京市（区不详）/ Area code: district, 110115403 E-Town, 110000 Beijing with district unknown';
COMMENT ON COLUMN enterprises.district IS '所属区（名单显示的区名，经开区为北京经济技术开发区）/ District shown on rosters (北京经济技术开发区 for the E-Town); NULL when unknown or outside Beijing';
COMMENT ON COLUMN enterprises.scope_district IS '禁限目录适用区（经开区按大兴区）/ District used for restricted-catalogue scopes (E-Town counts as 大兴区)';
COMMENT ON COLUMN enterprises.in_beijing IS '是否在京注册（G1）/ Registered in Beijing (G1)';
COMMENT ON COLUMN enterprises.legal_person_raw IS '是否独立法人（原值）/ Legal-person column as given';
COMMENT ON COLUMN enterprises.is_legal_person IS '是否独立法人（G2；92 开头为个体工商户）/ Independent legal person (G2; codes starting 92 are sole proprietors)';
COMMENT ON COLUMN enterprises.start_month IS '投产年月（当月 1 日）/ Month production started (first day of the month)';
COMMENT ON COLUMN enterprises.code_check_ok IS '信用代码校验位是否正确（不符仅提示）/ GB 32100 check digit holds (a failure is only a warning)';

COMMENT ON TABLE above_scale IS '规上名录：每个企业每个规上年度一行（键 credit_code, year，唯一但未建索引）/ Above-scale roster: one row per enterprise and year it was above scale (key credit_code, year: unique, not indexed)';
COMMENT ON COLUMN above_scale.year IS '规上年度 / Year above scale';
COMMENT ON COLUMN above_scale.inclusion_method IS '纳入方式（规下转规上/新建投产/其他）/ How it was included';

COMMENT ON TABLE output_value IS '工业总产值（当年价格），元；期别为 1 月起累计（键 credit_code, year, end_month，唯一但未建索引）/ Industrial output value in yuan, cumulative periods from January (key credit_code, year, end_month: unique, not indexed)';
COMMENT ON COLUMN output_value.year IS '期别年份 / Period year';
COMMENT ON COLUMN output_value.end_month IS '期别截止月（12=全年，3=一季度）/ Last month of the cumulative period (12 = year, 3 = Q1)';
COMMENT ON COLUMN output_value.value_yuan IS '本期值，元 / Value of the period, yuan';
COMMENT ON COLUMN output_value.prev_value_yuan IS '上年同期值（随本期报送），元 / Same period a year earlier as reported with this period, yuan';

COMMENT ON TABLE revenue IS '营业收入，元；期别为 1 月起累计（键 credit_code, year, end_month，唯一但未建索引）/ Operating revenue in yuan, cumulative periods from January (key credit_code, year, end_month: unique, not indexed)';
COMMENT ON COLUMN revenue.year IS '期别年份 / Period year';
COMMENT ON COLUMN revenue.end_month IS '期别截止月（12=全年，3=一季度）/ Last month of the cumulative period';
COMMENT ON COLUMN revenue.value_yuan IS '本期值，元 / Value of the period, yuan';
COMMENT ON COLUMN revenue.prev_value_yuan IS '上年同期值（随本期报送），元 / Same period a year earlier as reported, yuan';

COMMENT ON TABLE headcount IS '参保人数（社保数据；键 credit_code, year, month，唯一但未建索引）/ Insured headcount from social-insurance records (key credit_code, year, month: unique, not indexed)';
COMMENT ON COLUMN headcount.year IS '统计时点年份 / Year of the reference month';
COMMENT ON COLUMN headcount.month IS '统计时点月份 / Reference month';
COMMENT ON COLUMN headcount.persons IS '参保人数 / Insured persons';

COMMENT ON TABLE specialised IS '专精特新名单 / Specialised-and-innovative (专精特新) list';
COMMENT ON COLUMN specialised.level IS '级别：innovative 创新型，municipal 市级专精特新，national 国家级小巨人 / Level';
COMMENT ON COLUMN specialised.level_raw IS '级别（原值）/ Level as given';
COMMENT ON COLUMN specialised.recognized_on IS '认定日期（只写到年或月时取最晚一日，有效期自此起算）/ Recognition date; for a year or month only, the latest day it can mean (validity starts then)';
COMMENT ON COLUMN specialised.recognized_earliest IS '认定日期可指的最早一日（完整日期时同认定日期；默认三年有效期自此起算）/ Earliest day the recognition date can mean; the default three-year validity runs from it';
COMMENT ON COLUMN specialised.valid_until IS '有效期至（只写到年或月时取最早一日）；空表示认定后三年 / Valid until (earliest day it can mean); NULL means three years after recognized_earliest';

COMMENT ON TABLE dishonesty IS '严重失信主体名单 / Serious dishonesty list';
COMMENT ON COLUMN dishonesty.listed_on IS '列入日期（只写到年或月时取最早一日）/ Date listed; for a year or month only, the earliest day it can mean';
COMMENT ON COLUMN dishonesty.removed_on IS '移出日期（只写到年或月时取最晚一日）；空表示仍在名单 / Date removed; for a year or month only, the latest day it can mean; NULL means still listed';

COMMENT ON TABLE restricted IS '禁限目录 / Catalogue of prohibited and restricted industries';
COMMENT ON COLUMN restricted.prefix IS '行业代码前缀（2-4 位）/ Industry code prefix (2 to 4 digits)';
COMMENT ON COLUMN restricted.control_type IS '管控类型：禁止/限制 / Control type: prohibited or restricted';
COMMENT ON COLUMN restricted.scope IS '适用区域：全市或区名（、分隔，区组已展开）/ Scope: 全市 or district names joined with 、 (groups expanded)';
COMMENT ON COLUMN restricted.whole_city IS '是否全市适用 / Applies to the whole city';

COMMENT ON TABLE industrial_software IS '工业软件企业名单 / Industrial software enterprise list';
COMMENT ON COLUMN industrial_software.recognized_year IS '认定年份；空表示不限 / Year recognised; NULL means any';

COMMENT ON TABLE other_funds IS '已获其他市级财政资金支持 / Enterprises funded by other municipal funds';
COMMENT ON COLUMN other_funds.direction IS '方向（10 或 11）/ Direction';
COMMENT ON COLUMN other_funds.fund_name IS '资金名称（原文）/ Fund name as written';
COMMENT ON COLUMN other_funds.year IS '年度；空表示各年 / Year; NULL means every year';

COMMENT ON TABLE prior_awards IS '已兑付奖励（往年及本年）/ Awards already paid (earlier years and this year)';
COMMENT ON COLUMN prior_awards.year IS '年度（政策年度）/ Policy year of the award';
COMMENT ON COLUMN prior_awards.direction IS '方向 / Direction';
COMMENT ON COLUMN prior_awards.item IS '项目（如 D10-1）/ Item, e.g. D10-1';
COMMENT ON COLUMN prior_awards.amount_yuan IS '金额，元 / Amount paid, yuan';

COMMENT ON TABLE affiliates IS '在京关联企业（集团成员）/ Beijing affiliates: members of a group';
COMMENT ON COLUMN affiliates.group_id IS '集团编号 / Group id';

COMMENT ON TABLE quarantine IS '隔离行：未能载入的输入行及原因 / Quarantined input rows and why they were not loaded';
COMMENT ON COLUMN quarantine.source_file IS '来源文件（相对输入目录）/ Source file, relative to the input folder';
COMMENT ON COLUMN quarantine.source_sheet IS '工作表（CSV 为空）/ Sheet (empty for CSV)';
COMMENT ON COLUMN quarantine.source_row IS '行号（打开文件时所见）/ Row number as seen when opening the file';
COMMENT ON COLUMN quarantine.kind IS '数据类别 / Input kind';
COMMENT ON COLUMN quarantine.credit_code IS '该行所属企业的统一社会信用代码（规范化；无法读出时为空）/ Credit code of the enterprise the row is about, normalised; NULL when it cannot be read';
COMMENT ON COLUMN quarantine.group_id IS '关联企业行的集团编号（可读时，与 affiliates.group_id 同一写法）/ Group id of an affiliates row, when it can be read, as affiliates.group_id holds it';
COMMENT ON COLUMN quarantine.raw_row IS '整行原始内容（制表符分隔）/ The row''s cells as read, tab-joined';
COMMENT ON COLUMN quarantine.column_name IS '首个出错列（重复时为键列）/ First offending column (key columns for a duplicate)';
COMMENT ON COLUMN quarantine.raw_value IS '原始值 / Raw value';
COMMENT ON COLUMN quarantine.reason IS '原因（多个以 ; 分隔）/ Reasons, ;-joined';

COMMENT ON TABLE load_report IS '载入对账：读入 = 载入 + 隔离 + 合计行 + 重复丢弃 / Load reconciliation per file and sheet';
COMMENT ON COLUMN load_report.rows_read IS '读入数据行 / Data rows read';
COMMENT ON COLUMN load_report.loaded IS '已载入 / Loaded';
COMMENT ON COLUMN load_report.quarantined IS '已隔离 / Quarantined';
COMMENT ON COLUMN load_report.skipped_totals IS '跳过的合计/小计行 / Total and sub-total rows skipped';
COMMENT ON COLUMN load_report.duplicates_dropped IS '丢弃的相同重复行 / Equal duplicates dropped';
COMMENT ON COLUMN load_report.encoding IS '编码（CSV）/ Text encoding (CSV)';
COMMENT ON COLUMN load_report.unit IS '金额单位 / Money unit found';
COMMENT ON COLUMN load_report.skipped_reason IS '跳过原因（非数据文件或工作表；此时类别为空、各计数为0）/ Why a file or sheet was skipped as not data (kind NULL, counts 0)';

COMMENT ON TABLE runs IS '运行记录 / Runs: one row per run that built this database';
COMMENT ON COLUMN runs.run_id IS '运行编号 / Run id';
COMMENT ON COLUMN runs.policy_sha256 IS '政策文件 SHA-256 / SHA-256 of the policy file';
COMMENT ON COLUMN runs.as_of IS '--as-of 评价日覆盖；空为政策默认 / --as-of override; NULL means the policy dates';
COMMENT ON TABLE run_inputs IS '本次运行的输入文件及 SHA-256 / Input files of the run with SHA-256 and rows read';
COMMENT ON TABLE industry_codes IS 'GB/T 4754-2017 国民经济行业分类 / Industry classification';
COMMENT ON TABLE districts IS '北京市区划代码参考 / Beijing district codes (reference)';
COMMENT ON COLUMN enterprises.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN enterprises.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN enterprises.source_row IS '来源行号 / Source row';
COMMENT ON COLUMN above_scale.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN above_scale.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN above_scale.source_row IS '来源行号 / Source row';
COMMENT ON COLUMN above_scale.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN output_value.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN output_value.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN output_value.source_row IS '来源行号 / Source row';
COMMENT ON COLUMN output_value.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN revenue.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN revenue.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN revenue.source_row IS '来源行号 / Source row';
COMMENT ON COLUMN revenue.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN headcount.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN headcount.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN headcount.source_row IS '来源行号 / Source row';
COMMENT ON COLUMN headcount.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN specialised.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN specialised.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN specialised.source_row IS '来源行号 / Source row';
COMMENT ON COLUMN specialised.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN dishonesty.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN dishonesty.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN dishonesty.source_row IS '来源行号 / Source row';
COMMENT ON COLUMN dishonesty.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN restricted.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN restricted.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN restricted.source_row IS '来源行号 / Source row';
COMMENT ON COLUMN industrial_software.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN industrial_software.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN industrial_software.source_row IS '来源行号 / Source row';
COMMENT ON COLUMN industrial_software.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN other_funds.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN other_funds.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN other_funds.source_row IS '来源行号 / Source row';
COMMENT ON COLUMN other_funds.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN prior_awards.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN prior_awards.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN prior_awards.source_row IS '来源行号 / Source row';
COMMENT ON COLUMN prior_awards.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN affiliates.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN affiliates.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN affiliates.source_row IS '来源行号 / Source row';
COMMENT ON COLUMN affiliates.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON TABLE resolutions IS '复核结论（可选输入）：工作人员对待复核事项的结论 / Resolutions (optional input): staff''s decisions on review pairs';
COMMENT ON COLUMN resolutions.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN resolutions.rule_id IS '规则编号 / Rule id';
COMMENT ON COLUMN resolutions.conclusion IS '结论：同意 / 不同意 / Conclusion: 同意 approve, 不同意 reject';
COMMENT ON COLUMN resolutions.confirmed_amount_yuan IS '核定金额（元；同意时必填）/ Amount the reviewer confirmed, yuan (required for 同意)';
COMMENT ON COLUMN resolutions.reviewer IS '复核人 / Reviewer';
COMMENT ON COLUMN resolutions.reviewed_on IS '复核日期 / Date reviewed';
COMMENT ON COLUMN resolutions.note IS '说明 / Note';
COMMENT ON COLUMN resolutions.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN resolutions.source_sheet IS '来源工作表 / Source sheet';
COMMENT ON COLUMN resolutions.source_row IS '来源行号 / Source row';

COMMENT ON COLUMN load_report.source_file IS '来源文件 / Source file';
COMMENT ON COLUMN load_report.source_sheet IS '工作表（CSV 为空）/ Sheet (empty for CSV)';
COMMENT ON COLUMN load_report.kind IS '数据类别（识别结果）/ Input kind recognised';
COMMENT ON COLUMN runs.started_at IS '开始时间（带时区的时刻；按北京时间查看：SET TimeZone = ''Asia/Shanghai''）/ Started at: an instant with time zone, shown in the client''s TimeZone (SET TimeZone = ''Asia/Shanghai'' for Beijing time)';
COMMENT ON COLUMN runs.finished_at IS '完成时间（带时区的时刻）/ Finished at: an instant with time zone';
COMMENT ON COLUMN runs.compared_with_run_id IS '变化表所比较的上次发布运行编号（未比较为空）/ Run id of the previously published run the changes were compared with; NULL when nothing was compared';
COMMENT ON COLUMN runs.changes_status IS '与上次发布的比较结果：compared 已比较，no_baseline 无上次发布，failed 无法比较（原因见 change_baselines.detail）/ Comparison with the previous published run: compared, no_baseline (none published before) or failed (change_baselines.detail says why)';
COMMENT ON COLUMN runs.policy_year IS '政策年度 / Policy year';
COMMENT ON COLUMN runs.program_version IS '程序版本 / Program version';
COMMENT ON COLUMN runs.input_dir IS '输入目录（演示数据为 (demo)）/ Input folder, or (demo)';
COMMENT ON COLUMN runs.rows_read IS '读入数据行 / Data rows read';
COMMENT ON COLUMN runs.rows_loaded IS '已载入行 / Rows loaded';
COMMENT ON COLUMN runs.rows_quarantined IS '隔离行 / Rows quarantined';
COMMENT ON COLUMN run_inputs.run_id IS '运行编号 / Run id';
COMMENT ON COLUMN run_inputs.source_file IS '输入文件（相对输入目录，与各载入表的 source_file 相同）/ Input file, relative to the input folder (as source_file in the loaded tables)';
COMMENT ON COLUMN run_inputs.sha256 IS '文件 SHA-256 / SHA-256 of the file';
COMMENT ON COLUMN run_inputs.size_bytes IS '文件大小（字节）/ Size in bytes';
COMMENT ON COLUMN run_inputs.rows_read IS '读入数据行 / Data rows read';
COMMENT ON COLUMN industry_codes.code IS '行业代码 / Industry code';
COMMENT ON COLUMN industry_codes.section IS '门类 / Section letter';
COMMENT ON COLUMN industry_codes.level IS '层级：1 门类，2 大类，3 中类，4 小类 / Level';
COMMENT ON COLUMN industry_codes.name IS '行业名称 / Industry name';
COMMENT ON COLUMN industry_codes.parent_code IS '上级代码 / Parent code';
COMMENT ON COLUMN districts.code IS '区划代码 / Code';
COMMENT ON COLUMN districts.name IS '名称 / Name';
COMMENT ON COLUMN districts.kind IS '类别：district 区，township 乡镇级，registration-authority 登记机关 / Kind';
COMMENT ON COLUMN districts.note IS '说明 / Note';
