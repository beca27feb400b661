-- Stage 390: primary keys of the policy tables and the marts, declared where the data is unique, so that
-- analysts (and their tools) see what identifies a row, and a run whose results break a key stops
-- instead of publishing them.
-- Reads/Writes: the policy tables, decisions, reason_codes, affiliate_reviews, affiliate_members,
--   resolution_status, decision_remarks.
--
-- Keys are added after the tables are filled: one index build per table instead of index maintenance on
-- every inserted row. Every table here is created afresh by each decide (CREATE OR REPLACE), so deciding
-- again on one database adds each key once. The loaded tables get their keys once, at the end of a run
-- (pipeline/keys.go); tables the program creates elsewhere (runs, run_inputs, industry_codes, districts,
-- the lookups of stage 350, changes, change_baselines) declare theirs where they are created.
--
-- decision_reasons is unique on (credit_code, rule_id, reason) by construction but gets no declared key:
-- at a million enterprises it holds 5.5 million rows, and DuckDB's key indexes (about 75 bytes a key,
-- stored in the file) would add 0.4 GB to a 0.3 GB database and seconds to the run; its comment names
-- the key. decision_holds has none (one row per cause; a cause is a row, a year or a pair of rows).
-- decision_sources is a view (stage 330).

ALTER TABLE policy_params             ADD PRIMARY KEY (key);
ALTER TABLE policy_rules              ADD PRIMARY KEY (rule_id);
ALTER TABLE policy_tiers              ADD PRIMARY KEY (rule_id, tier);
ALTER TABLE policy_sectors            ADD PRIMARY KEY (sector, prefix);
ALTER TABLE policy_rule_sectors       ADD PRIMARY KEY (rule_id, sector);
ALTER TABLE policy_specialised_levels ADD PRIMARY KEY (level);
ALTER TABLE policy_history_years      ADD PRIMARY KEY (rule_id, year);
ALTER TABLE rule_kinds                ADD PRIMARY KEY (rule_id, kind);
ALTER TABLE decided_rounds            ADD PRIMARY KEY (round);

ALTER TABLE decisions        ADD PRIMARY KEY (credit_code, rule_id);
ALTER TABLE reason_codes     ADD PRIMARY KEY (code);
ALTER TABLE affiliate_reviews ADD PRIMARY KEY (credit_code, rule_id);
ALTER TABLE affiliate_members ADD PRIMARY KEY (credit_code, rule_id, member_code);
ALTER TABLE resolution_status ADD PRIMARY KEY (source_file, source_sheet, source_row);  -- one row per resolutions row
ALTER TABLE decision_remarks  ADD PRIMARY KEY (credit_code, rule_id, remark);
