-- Stage 390: primary keys of the policy tables and the marts, declared where the data is unique, so that
-- analysts (and their tools) see what identifies a row, and a run whose results break a key stops
-- instead of publishing them.
-- Reads/Writes: policy_params, policy_rules, policy_tiers, policy_sectors, policy_rule_sectors,
--   policy_specialised_levels, decisions, reason_codes, decision_sources, decision_reasons, decision_remarks.
--
-- Keys are added after the tables are filled: one index build per table instead of index maintenance on
-- every inserted row. Every table here is created afresh by each decide (CREATE OR REPLACE), so deciding
-- again on one database adds each key once. The loaded tables get their keys once, at the end of a run
-- (pipeline/keys.go); tables the program creates elsewhere (runs, run_inputs, industry_codes, districts,
-- the lookups of stage 350, changes, change_baselines) declare theirs where they are created.

ALTER TABLE policy_params             ADD PRIMARY KEY (key);
ALTER TABLE policy_rules              ADD PRIMARY KEY (rule_id);
ALTER TABLE policy_tiers              ADD PRIMARY KEY (rule_id, tier);
ALTER TABLE policy_sectors            ADD PRIMARY KEY (sector, prefix);
ALTER TABLE policy_rule_sectors       ADD PRIMARY KEY (rule_id, sector);
ALTER TABLE policy_specialised_levels ADD PRIMARY KEY (level);

ALTER TABLE decisions        ADD PRIMARY KEY (credit_code, rule_id);
ALTER TABLE reason_codes     ADD PRIMARY KEY (code);
ALTER TABLE decision_sources ADD PRIMARY KEY (credit_code, rule_id, figure);
ALTER TABLE decision_reasons ADD PRIMARY KEY (credit_code, rule_id, reason);
ALTER TABLE decision_remarks ADD PRIMARY KEY (credit_code, rule_id, remark);
