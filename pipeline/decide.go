package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/rs/zerolog"
	"maps"
	"slices"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" database/sql driver

	"github.com/bjgjj/awards/pipeline/policy"
	stages "github.com/bjgjj/awards/sql"
	"github.com/shopspring/decimal"
)

// policyDDL creates the tables the policy is written into. The decision stages read them (parameters
// reach SQL as data, never by string concatenation) and the workbook's 说明 sheet lists them.
const policyDDL = `
CREATE OR REPLACE TABLE policy_params (
    key VARCHAR, value VARCHAR, num DECIMAL(38,10), date_value DATE, assumed BOOLEAN, source VARCHAR, label_zh VARCHAR,
    unit VARCHAR);
COMMENT ON TABLE policy_params IS '政策参数（每个标量设置一行，含来源及是否假设值） / Policy settings, one row per scalar value, with source and whether assumed';
COMMENT ON COLUMN policy_params.key IS '参数键（与政策文件一致，如 d11_1.net_min） / Setting key as in the policy TOML, e.g. d11_1.net_min';
COMMENT ON COLUMN policy_params.value IS '参数值（文本） / Value as text (lists joined with ",")';
COMMENT ON COLUMN policy_params.num IS '数值（单位见 unit 列：元、百分数、年份或比例） / Numeric value, in the unit of column unit (yuan, percent, year or share)';
COMMENT ON COLUMN policy_params.date_value IS '日期值 / Date value';
COMMENT ON COLUMN policy_params.assumed IS '是否假设值（公开文本未给出） / True when the public texts do not give the value';
COMMENT ON COLUMN policy_params.source IS '来源（文件、条款） / Source document and article';
COMMENT ON COLUMN policy_params.label_zh IS '中文说明 / Chinese label';
COMMENT ON COLUMN policy_params.unit IS '单位：元、%（百分数）、share（比例，0.05 = 5%）、year（年份）、years（年数）、date、text / Unit of the value: 元, % (percent), share (ratio), year, years (a duration), date, text';

CREATE OR REPLACE TABLE policy_tiers (
    rule_id VARCHAR, tier VARCHAR, net_lo_yuan DECIMAL(18,2), net_hi_yuan DECIMAL(18,2),
    growth_lo_pct DECIMAL(9,4), growth_hi_pct DECIMAL(9,4), amount_yuan DECIMAL(18,2), assumed BOOLEAN, source VARCHAR);
COMMENT ON TABLE policy_tiers IS '方向11分档表：净增量区间×增速区间→奖励金额 / Direction-11 tier tables: net band × growth band → amount';
COMMENT ON COLUMN policy_tiers.rule_id IS '规则编号 / Rule id (D11-1 … D11-4)';
COMMENT ON COLUMN policy_tiers.tier IS '档位 / Tier (A1 … D3)';
COMMENT ON COLUMN policy_tiers.net_lo_yuan IS '净增量下限（元，含） / Net increase lower bound in yuan, inclusive';
COMMENT ON COLUMN policy_tiers.net_hi_yuan IS '净增量上限（元，不含；空为无上限） / Net increase upper bound in yuan, exclusive; NULL = none';
COMMENT ON COLUMN policy_tiers.growth_lo_pct IS '增速下限（%，含） / Growth lower bound in percent, inclusive';
COMMENT ON COLUMN policy_tiers.growth_hi_pct IS '增速上限（%，不含；空为无上限） / Growth upper bound in percent, exclusive; NULL = none';
COMMENT ON COLUMN policy_tiers.amount_yuan IS '奖励金额（元） / Award in yuan';
COMMENT ON COLUMN policy_tiers.assumed IS '是否假设值 / True when the tier is assumed (not in the public texts)';
COMMENT ON COLUMN policy_tiers.source IS '来源 / Source';

CREATE OR REPLACE TABLE policy_sectors (sector VARCHAR, prefix VARCHAR, assumed BOOLEAN);
COMMENT ON TABLE policy_sectors IS '行业范围（GB/T 4754-2017 代码前缀） / Sectors as GB/T 4754-2017 industry-code prefixes';
COMMENT ON COLUMN policy_sectors.sector IS '行业范围名称（advanced_manufacturing 先进制造业 等） / Sector name';
COMMENT ON COLUMN policy_sectors.prefix IS '行业代码前缀 / Industry-code prefix';
COMMENT ON COLUMN policy_sectors.assumed IS '该行业范围是否假设值（先进制造业为假设值） / True when the sector list is assumed (先进制造业 is)';

CREATE OR REPLACE TABLE policy_rules (
    rule_id VARCHAR, direction INTEGER, group_name VARCHAR, eval_date DATE, clause VARCHAR, name_zh VARCHAR,
    measure VARCHAR, end_month INTEGER, amount_yuan DECIMAL(18,2), specialised_bonus BOOLEAN, floor_yuan DECIMAL(18,2),
    start_year INTEGER, net_min_yuan DECIMAL(18,2), growth_min_pct DECIMAL(9,4), headcount_not_below BOOLEAN, tier_table VARCHAR,
    round INTEGER);
COMMENT ON TABLE policy_rules IS '规则（D10-1 … D11-4）及其评价日期、条款和门槛 / Rules D10-1 … D11-4 with evaluation date, clause and thresholds';
COMMENT ON COLUMN policy_rules.rule_id IS '规则编号 / Rule id';
COMMENT ON COLUMN policy_rules.direction IS '方向（10 或 11） / Direction (10 or 11)';
COMMENT ON COLUMN policy_rules.group_name IS '评价组（d10、d11_q1、d11_annual） / Evaluation group';
COMMENT ON COLUMN policy_rules.eval_date IS '评价日期（--as-of 覆盖） / Evaluation date (overridden by --as-of)';
COMMENT ON COLUMN policy_rules.clause IS '政策条款 / Policy clause implemented';
COMMENT ON COLUMN policy_rules.name_zh IS '规则名称 / Rule name in Chinese';
COMMENT ON COLUMN policy_rules.measure IS '考核指标（output_value 工业总产值 / revenue 营业收入；方向10为空） / Measure compared (direction 11)';
COMMENT ON COLUMN policy_rules.end_month IS '期别截止月（12 全年，3 一季度） / Period end month (12 annual, 3 Q1)';
COMMENT ON COLUMN policy_rules.amount_yuan IS '方向10基础奖励金额（元） / Direction-10 base amount in yuan';
COMMENT ON COLUMN policy_rules.specialised_bonus IS '是否加发专精特新奖励 / Whether the 专精特新 bonus applies';
COMMENT ON COLUMN policy_rules.floor_yuan IS '首超门槛（元，含） / First-over threshold in yuan, inclusive (D10-3, D10-4)';
COMMENT ON COLUMN policy_rules.start_year IS '投产年份（D10-2） / Year 投产 must fall in (D10-2)';
COMMENT ON COLUMN policy_rules.net_min_yuan IS '净增量下限（元，含） / Minimum net increase in yuan, inclusive';
COMMENT ON COLUMN policy_rules.growth_min_pct IS '增速下限（%，含） / Minimum growth in percent, inclusive';
COMMENT ON COLUMN policy_rules.headcount_not_below IS '参保人数不低于上年末 / Year-end headcount must not fall';
COMMENT ON COLUMN policy_rules.tier_table IS '分档表 / Tier table (A–D)';
COMMENT ON COLUMN policy_rules.round IS '兑付轮次：1 方向10及一季度，2 全年 / Round: 1 direction 10 and the Q1 rules, 2 the annual rules';

CREATE OR REPLACE TABLE policy_rule_sectors (rule_id VARCHAR, sector VARCHAR);
COMMENT ON TABLE policy_rule_sectors IS '各规则的行业范围（决定谁有一行决定） / The sectors of each rule: who gets a decision row';
COMMENT ON COLUMN policy_rule_sectors.rule_id IS '规则编号 / Rule id';
COMMENT ON COLUMN policy_rule_sectors.sector IS '行业范围（含 industrial_software 工业软件名单） / Sector name, industrial_software = the 工业软件 list';

CREATE OR REPLACE TABLE policy_specialised_levels (level VARCHAR);
COMMENT ON TABLE policy_specialised_levels IS '计入的专精特新级别 / 专精特新 levels that count for the bonus';
COMMENT ON COLUMN policy_specialised_levels.level IS '级别（municipal 市级、national 国家级小巨人） / Level';

CREATE OR REPLACE TABLE policy_history_years (rule_id VARCHAR, year INTEGER, assumed BOOLEAN);
COMMENT ON TABLE policy_history_years IS 'D10-3“首次突破”核查的历史年度（说明页列出） / The years D10-3 checks "first over 1亿" against (listed on 说明)';
COMMENT ON COLUMN policy_history_years.rule_id IS '规则编号 / Rule id (D10-3)';
COMMENT ON COLUMN policy_history_years.year IS '核查年度：该年为规上却无本企业全年工业总产值时待复核 / Year checked: 规上 that year without an annual 工业总产值 of its own holds the pair';
COMMENT ON COLUMN policy_history_years.assumed IS '是否假设值（指南只写“首次”） / True when assumed (the guide only says 首次)';

CREATE OR REPLACE TABLE rule_kinds (rule_id VARCHAR, kind VARCHAR);
COMMENT ON TABLE rule_kinds IS '各规则读取的数据类别（rules.md 表；隔离行据此暂缓相应事项） / The input kinds each rule reads (rules.md table): a quarantined row of one holds the rule''s pairs';
COMMENT ON COLUMN rule_kinds.rule_id IS '规则编号 / Rule id';
COMMENT ON COLUMN rule_kinds.kind IS '数据类别（与 quarantine.kind 相同） / Input kind, as quarantine.kind names it';

CREATE OR REPLACE TABLE decided_rounds (round INTEGER, label_zh VARCHAR);
COMMENT ON TABLE decided_rounds IS '本次决定的兑付轮次（--round 或批次数据所及） / The rounds this run decided (--round, or those the batch has data for)';
COMMENT ON COLUMN decided_rounds.round IS '轮次：1 方向10及一季度，2 全年 / Round: 1 direction 10 and Q1, 2 annual';
COMMENT ON COLUMN decided_rounds.label_zh IS '轮次名称 / Round name in Chinese';
`

// Decide writes the policy into tables and runs every decision stage (sql/1xx and up) in file-name order,
// leaving decisions, reason_codes and the roster view. The loaded tables must exist and be filled. A
// non-zero asOf replaces the evaluation date of every rule group. rounds are the rounds to decide (rules.md
// "Rounds"): the rules of other rounds get no decision rows; none given decides both.
//
// Everything runs on one connection because the stages share TEMP tables (the intermediate layers), which
// keeps the published database to the tables analysts need.
func Decide(ctx context.Context, db *sql.DB, p *policy.Policy, asOf time.Time, rounds ...int) error {
	return decide(ctx, db, p, asOf, rounds, zerolog.Nop())
}

// decide is [Decide] logging each SQL stage's duration at debug level (`--log-level debug`).
func decide(ctx context.Context, db *sql.DB, p *policy.Policy, asOf time.Time, rounds []int, log zerolog.Logger) error {
	if len(rounds) == 0 {
		rounds = []int{round1, round2}
	}
	for _, r := range rounds {
		if r != round1 && r != round2 {
			return fmt.Errorf("decide: round %d: want 1 or 2: %w", r, ErrUsage)
		}
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("decide: connection: %w", err)
	}
	defer conn.Close()
	if err := writePolicy(ctx, conn, p, asOf, rounds); err != nil {
		return fmt.Errorf("decide: write policy: %w", err)
	}
	list, err := stages.Decide()
	if err != nil {
		return fmt.Errorf("decide: %w", err)
	}
	for _, s := range list {
		t := time.Now()
		if _, err := conn.ExecContext(ctx, s.SQL); err != nil {
			return fmt.Errorf("decide: stage %s: %w", s.Name, err)
		}
		log.Debug().Str("sql_stage", s.Name).Float64("seconds", time.Since(t).Seconds()).Msg("sql stage")
	}
	return nil
}

func decStr(d *decimal.Decimal) any {
	if d == nil {
		return nil
	}
	return d.String()
}

func dateStr(t time.Time) string { return t.Format("2006-01-02") }

func writePolicy(ctx context.Context, conn *sql.Conn, p *policy.Policy, asOf time.Time, rounds []int) error {
	if _, err := conn.ExecContext(ctx, policyDDL); err != nil {
		return fmt.Errorf("create policy tables: %w", err)
	}
	exec := func(what, q string, args ...any) error {
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}
	const insParam = `INSERT INTO policy_params VALUES (?, ?, CAST(? AS DECIMAL(38,10)), CAST(? AS DATE), ?, ?, ?, ?)`
	for _, s := range p.Settings() {
		var date any
		if s.Date != nil {
			date = dateStr(*s.Date)
		}
		if err := exec("policy_params "+s.Key, insParam, s.Key, s.Value, decStr(s.Num), date, s.Assumed, s.Source, s.LabelZh, s.Unit()); err != nil {
			return err
		}
	}
	// as_of records the override, so the workbook and explain can say which dates the run used.
	var asOfVal, asOfDate any
	if !asOf.IsZero() {
		asOfVal, asOfDate = dateStr(asOf), dateStr(asOf)
	}
	if err := exec("policy_params as_of", insParam, "as_of", asOfVal, nil, asOfDate, false, "--as-of", "评价日期覆盖（空为按规则组）", policy.UnitDate); err != nil {
		return err
	}
	for _, t := range p.TierRows() {
		if err := exec("policy_tiers "+t.Tier, `INSERT INTO policy_tiers VALUES (?, ?, CAST(? AS DECIMAL(18,2)), CAST(? AS DECIMAL(18,2)),
			CAST(? AS DECIMAL(9,4)), CAST(? AS DECIMAL(9,4)), CAST(? AS DECIMAL(18,2)), ?, ?)`,
			t.RuleID, t.Tier, decStr(t.NetLo), decStr(t.NetHi), decStr(t.GrowthLoPct), decStr(t.GrowthHiPct), t.Amount.String(), t.Assumed, t.Source); err != nil {
			return err
		}
	}
	// Sorted, so that policy_sectors lists the same rows in the same order run after run.
	sectors, assumed := p.SectorPrefixes(), p.SectorAssumed()
	for _, sector := range slices.Sorted(maps.Keys(sectors)) {
		for _, pre := range sectors[sector] {
			if err := exec("policy_sectors "+sector, `INSERT INTO policy_sectors VALUES (?, ?, ?)`, sector, pre, assumed[sector]); err != nil {
				return err
			}
		}
	}
	// The kinds each rule reads (rules.md "Holds"), from RuleKinds: the one table the loader's checks and
	// the holds share.
	for _, r := range p.Rules() {
		for _, k := range RuleKinds(r.ID) {
			if err := exec("rule_kinds "+r.ID, `INSERT INTO rule_kinds VALUES (?, ?)`, r.ID, string(k)); err != nil {
				return err
			}
		}
	}
	for _, n := range slices.Sorted(slices.Values(rounds)) {
		if err := exec("decided_rounds", `INSERT INTO decided_rounds VALUES (?, ?)`, n, roundLabel[n]); err != nil {
			return err
		}
	}
	for _, l := range strings.Split(settingValue(p, "specialised.levels"), ",") {
		if err := exec("policy_specialised_levels", `INSERT INTO policy_specialised_levels VALUES (?)`, l); err != nil {
			return err
		}
	}
	for _, r := range p.Rules() {
		eval := r.EvalDate
		if !asOf.IsZero() {
			eval = asOf
		}
		var measure, endMonth, startYear any
		if r.Measure != "" {
			measure, endMonth = r.Measure, r.EndMonth
		}
		if r.StartYear != nil {
			startYear = *r.StartYear
		}
		var tiers any
		if r.Tiers != "" {
			tiers = r.Tiers
		}
		round, ok := ruleRound[r.ID]
		if !ok {
			return fmt.Errorf("policy_rules %s: the rule belongs to no round", r.ID)
		}
		if err := exec("policy_rules "+r.ID, `INSERT INTO policy_rules VALUES (?, ?, ?, CAST(? AS DATE), ?, ?, ?, ?,
			CAST(? AS DECIMAL(18,2)), ?, CAST(? AS DECIMAL(18,2)), ?, CAST(? AS DECIMAL(18,2)), CAST(? AS DECIMAL(9,4)), ?, ?, ?)`,
			r.ID, r.Direction, r.Group, dateStr(eval), r.Clause, r.NameZh, measure, endMonth,
			decStr(r.Amount), r.SpecialisedBonus, decStr(r.Floor), startYear, decStr(r.NetMin), decStr(r.GrowthMinPct),
			r.HeadcountNotBelow, tiers, round); err != nil {
			return err
		}
		for _, y := range r.HistoryYears {
			if err := exec("policy_history_years "+r.ID, `INSERT INTO policy_history_years VALUES (?, ?, ?)`,
				r.ID, y, settingAssumed(p, r.Key+".history_years")); err != nil {
				return err
			}
		}
		for _, s := range r.Sectors {
			if err := exec("policy_rule_sectors "+r.ID, `INSERT INTO policy_rule_sectors VALUES (?, ?)`, r.ID, s); err != nil {
				return err
			}
		}
	}
	return nil
}

// roundLabel names the rounds as the 说明 sheet and the titles do.
var roundLabel = map[int]string{round1: "第一批：方向10及一季度（D10-1至D10-4、D11-2、D11-4）", round2: "第二批：全年（D11-1、D11-3）"}

func settingAssumed(p *policy.Policy, key string) bool {
	for _, s := range p.Settings() {
		if s.Key == key {
			return s.Assumed
		}
	}
	return false
}

func settingValue(p *policy.Policy, key string) string {
	for _, s := range p.Settings() {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}
