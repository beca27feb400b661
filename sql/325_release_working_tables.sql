-- Stage 325: the working (TEMP) tables of stages 100–310 are done with once decisions and its companion
-- tables exist. Dropping them gives their memory back to the stages after them and to the workbooks: at a
-- million enterprises they hold gigabytes, and under --memory-limit the stages after them spilled to
-- disk (building decision_reasons took 13 s instead of 2 s). Nothing after this stage reads them; a test
-- (TestDecideLeavesNoWorkingTables) keeps this list complete.
-- Reads: nothing. Writes: drops the TEMP tables below.

DROP TABLE IF EXISTS temp.int_above_scale;
DROP TABLE IF EXISTS temp.int_affiliate_members;
DROP TABLE IF EXISTS temp.int_affiliate_shift;
DROP TABLE IF EXISTS temp.int_baseline;
DROP TABLE IF EXISTS temp.int_d11;
DROP TABLE IF EXISTS temp.int_d11_facts;
DROP TABLE IF EXISTS temp.int_d11_params;
DROP TABLE IF EXISTS temp.int_facts;
DROP TABLE IF EXISTS temp.int_figures;
DROP TABLE IF EXISTS temp.int_headcount;
DROP TABLE IF EXISTS temp.int_hold_agg;
DROP TABLE IF EXISTS temp.int_holds;
DROP TABLE IF EXISTS temp.int_levels;
DROP TABLE IF EXISTS temp.int_outcomes;
DROP TABLE IF EXISTS temp.int_pass1;
DROP TABLE IF EXISTS temp.int_population;
DROP TABLE IF EXISTS temp.int_reason_agg;
DROP TABLE IF EXISTS temp.int_reasons;
DROP TABLE IF EXISTS temp.int_res_effect;
DROP TABLE IF EXISTS temp.int_resolutions;
DROP TABLE IF EXISTS temp.int_sector_members;
DROP TABLE IF EXISTS temp.int_specialised_valid;
DROP TABLE IF EXISTS temp.p_settings;
DROP TABLE IF EXISTS temp.stg_enterprises;
