package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bjgjj/awards/pipeline/policy"
	stages "github.com/bjgjj/awards/sql"
)

// batch builds loaded tables directly with INSERTs (the loaders are tested elsewhere), so each case states
// exactly the facts rules.md talks about.
type batch struct {
	t  *testing.T
	db *sql.DB
	n  int
}

func newBatch(t *testing.T) *batch {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	schema, err := stages.Schema()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range schema {
		if _, err := db.Exec(s.SQL); err != nil {
			t.Fatalf("schema stage %s: %v", s.Name, err)
		}
	}
	return &batch{t: t, db: db}
}

func (b *batch) exec(q string, args ...any) {
	b.t.Helper()
	b.n++
	args = append(args, "test.csv", "", b.n)
	if _, err := b.db.Exec(q, args...); err != nil {
		b.t.Fatalf("%s %v: %v", q, args, err)
	}
}

// ent describes a register row; zero values mean: in 海淀区, Beijing, a legal person, no 投产年月, code ok.
type ent struct {
	industry   string
	district   string // area_name and scope_district; "-" = unknown district
	notBeijing bool
	notLegal   bool
	start      string // 投产年月 yyyy-mm-dd
	badCheck   bool
	scope      string // scope_district when it differs from district (大兴区 for 北京经济技术开发区)
}

func (b *batch) ent(code string, e ent) string {
	b.t.Helper()
	district := e.district
	if district == "" {
		district = "海淀区"
	}
	var area, scope any = district, district
	if district == "-" {
		area, scope = nil, nil
	}
	if e.scope != "" {
		scope = e.scope
	}
	var start any
	if e.start != "" {
		start = e.start
	}
	b.exec(`INSERT INTO enterprises (credit_code, name, industry_code, region_code, area_code, area_name, scope_district,
		in_beijing, legal_person_raw, is_legal_person, start_month, code_check_ok, source_file, source_sheet, source_row)
		VALUES (?, ?, ?, NULL, '110108', ?, ?, ?, NULL, ?, CAST(? AS DATE), ?, ?, ?, ?)`,
		code, "企业"+code[len(code)-4:], e.industry, area, scope, !e.notBeijing, !e.notLegal, start, !e.badCheck)
	return code
}

func (b *batch) scale(code string, years ...int) {
	for _, y := range years {
		b.exec(`INSERT INTO above_scale VALUES (?, ?, NULL, ?, ?, ?)`, code, y)
	}
}

// fig adds a figure of output_value or revenue; prev "" means no 上年同期 reported.
func (b *batch) fig(table, code string, year, month int, value, prev string) {
	b.t.Helper()
	var v, p any
	if value != "" {
		v = value
	}
	if prev != "" {
		p = prev
	}
	b.exec(`INSERT INTO `+table+` VALUES (?, ?, ?, CAST(? AS DECIMAL(18,2)), CAST(? AS DECIMAL(18,2)), ?, ?, ?)`, code, year, month, v, p)
}

func (b *batch) heads(code string, y2021, y2022 int) {
	if y2021 >= 0 {
		b.exec(`INSERT INTO headcount VALUES (?, 2021, 12, ?, ?, ?, ?)`, code, y2021)
	}
	if y2022 >= 0 {
		b.exec(`INSERT INTO headcount VALUES (?, 2022, 12, ?, ?, ?, ?)`, code, y2022)
	}
}

func (b *batch) decide(asOf time.Time) {
	b.t.Helper()
	p, err := policy.Embedded(2022)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := Decide(context.Background(), b.db, p, asOf); err != nil {
		b.t.Fatal(err)
	}
}

type got struct {
	outcome, tier, amount, paid, reasons, remarks, prev, cur, net, growth, clause, params, eval string
	nearMiss                                                                                    bool
}

func (b *batch) decisions() map[string]got {
	b.t.Helper()
	rows, err := b.db.Query(`SELECT credit_code || ' ' || rule_id, outcome, coalesce(tier, ''), CAST(amount_yuan AS VARCHAR),
		CAST(paid_yuan AS VARCHAR), reasons, remarks, near_miss, coalesce(CAST(prev_value AS VARCHAR), ''),
		coalesce(CAST(cur_value AS VARCHAR), ''), coalesce(CAST(net_value AS VARCHAR), ''), coalesce(CAST(growth AS VARCHAR), ''),
		clause, params_used, CAST(eval_date AS VARCHAR) FROM decisions`)
	if err != nil {
		b.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]got{}
	for rows.Next() {
		var k string
		var g got
		if err := rows.Scan(&k, &g.outcome, &g.tier, &g.amount, &g.paid, &g.reasons, &g.remarks, &g.nearMiss, &g.prev, &g.cur,
			&g.net, &g.growth, &g.clause, &g.params, &g.eval); err != nil {
			b.t.Fatal(err)
		}
		if _, dup := out[k]; dup {
			b.t.Errorf("two decisions for %s", k)
		}
		out[k] = g
	}
	if err := rows.Err(); err != nil {
		b.t.Fatal(err)
	}
	return out
}

// want is an expected decision. amount and paid in 元 with two decimals; remarks "" means none.
type want struct {
	outcome, tier, amount, paid, reasons, remarks string
	nearMiss                                      bool
}

func awarded(amount string) want { return want{outcome: "awarded", amount: amount, paid: amount} }
func tiered(tier, amount string, assumed bool) want {
	w := awarded(amount)
	w.tier = tier
	if assumed {
		w.remarks = "档位金额为假设值，待核定"
	}
	return w
}
func refused(reasons string) want {
	return want{outcome: "refused", amount: "0.00", paid: "0.00", reasons: reasons}
}
func nearMiss(reason string) want { w := refused(reason); w.nearMiss = true; return w }

func checkDecision(t *testing.T, all map[string]got, key string, w want) {
	t.Helper()
	g, ok := all[key]
	if !ok {
		t.Errorf("%s: no decision", key)
		return
	}
	if g.outcome != w.outcome || g.tier != w.tier || g.amount != w.amount || g.paid != w.paid || g.reasons != w.reasons ||
		g.remarks != w.remarks || g.nearMiss != w.nearMiss {
		t.Errorf("%s:\n got  outcome=%s tier=%q amount=%s paid=%s reasons=%q remarks=%q near=%v (prev=%s cur=%s net=%s growth=%s params=%s)\n want outcome=%s tier=%q amount=%s paid=%s reasons=%q remarks=%q near=%v",
			key, g.outcome, g.tier, g.amount, g.paid, g.reasons, g.remarks, g.nearMiss, g.prev, g.cur, g.net, g.growth, g.params,
			w.outcome, w.tier, w.amount, w.paid, w.reasons, w.remarks, w.nearMiss)
	}
}

func code(n int) string { return fmt.Sprintf("911100%012d", n) }

const (
	industrialOnly = "1310" // 工业, not 先进制造业: only D11-1 and D11-2 rows
	advanced       = "3511" // 先进制造业 and 工业
	software       = "6432" // 大类 64: D10-4, D11-3, D11-4
)

// TestDecideWalksRules builds one batch with a case for every row of rules.md and checks each decision.
func TestDecideWalksRules(t *testing.T) {
	b := newBatch(t)
	type tc struct {
		name  string
		setup func(c string)
		want  map[string]want // rule id → expected decision
	}
	// d11a sets up an industrial enterprise for D11-1: 规上 2022, annual output with 上年同期, headcount flat.
	d11a := func(c, prev, cur string) {
		b.ent(c, ent{industry: industrialOnly})
		b.scale(c, 2022)
		b.fig("output_value", c, 2022, 12, cur, prev)
		b.heads(c, 100, 100)
	}
	d11q := func(c, prev, cur string) {
		b.ent(c, ent{industry: industrialOnly})
		b.scale(c, 2022)
		b.fig("output_value", c, 2022, 3, cur, prev)
	}
	sw := func(c string, month int, prev, cur string) {
		b.ent(c, ent{industry: software})
		b.scale(c, 2020, 2021, 2022)
		b.fig("revenue", c, 2022, month, cur, prev)
		b.heads(c, 50, 60)
	}
	// d10 sets up a 先进制造业 enterprise first 规上 in 2021.
	d10 := func(c string, e ent) {
		if e.industry == "" {
			e.industry = advanced
		}
		b.ent(c, e)
		b.scale(c, 2021)
	}
	missingOut := "missing_data:output_value"
	cases := []tc{
		// Table A and the D11-1 floors (10亿 and 15%, both inclusive).
		{"D11-1 exactly 15% growth is A1", func(c string) { d11a(c, "8000000000", "9200000000") },
			map[string]want{"D11-1": tiered("A1", "3000000.00", false), "D11-2": refused(missingOut)}},
		{"D11-1 growth 14.99% is refused, a near miss", func(c string) { d11a(c, "8000000000", "9199200000") },
			map[string]want{"D11-1": nearMiss("growth_below_threshold")}},
		{"D11-1 growth exactly 14.25% is still a near miss", func(c string) { d11a(c, "8000000000", "9140000000") },
			map[string]want{"D11-1": nearMiss("growth_below_threshold")}},
		{"D11-1 growth 14.24% is no near miss", func(c string) { d11a(c, "8000000000", "9139200000") },
			map[string]want{"D11-1": refused("growth_below_threshold")}},
		{"D11-1 net exactly 10亿 at 20% is A2", func(c string) { d11a(c, "5000000000", "6000000000") },
			map[string]want{"D11-1": tiered("A2", "10000000.00", false)}},
		{"D11-1 net 10亿 − 1元 is refused, a near miss", func(c string) { d11a(c, "5000000000", "5999999999") },
			map[string]want{"D11-1": nearMiss("net_below_threshold")}},
		{"D11-1 net 9亿 is refused, no near miss", func(c string) { d11a(c, "5000000000", "5900000000") },
			map[string]want{"D11-1": refused("net_below_threshold")}},
		{"D11-1 growth 19.99% stays in A1", func(c string) { d11a(c, "10000000000", "11999000000") },
			map[string]want{"D11-1": tiered("A1", "3000000.00", false)}},
		{"D11-1 net just under 50亿 at 25% is A2", func(c string) { d11a(c, "20000000000", "24999999999.99") },
			map[string]want{"D11-1": tiered("A2", "10000000.00", false)}},
		{"D11-1 net 50亿 at 16.67% is A3", func(c string) { d11a(c, "30000000000", "35000000000") },
			map[string]want{"D11-1": tiered("A3", "6000000.00", false)}},
		{"D11-1 net 50亿 at 20% is A4 (assumed)", func(c string) { d11a(c, "25000000000", "30000000000") },
			map[string]want{"D11-1": tiered("A4", "20000000.00", true)}},
		{"D11-1 net 100亿 at 16.67% is A5 (assumed)", func(c string) { d11a(c, "60000000000", "70000000000") },
			map[string]want{"D11-1": tiered("A5", "15000000.00", true)}},
		{"D11-1 net 100亿 at 20% is A6 (assumed)", func(c string) { d11a(c, "50000000000", "60000000000") },
			map[string]want{"D11-1": tiered("A6", "30000000.00", true)}},
		{"D11-1 headcount fell", func(c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 12, "6000000000", "5000000000")
			b.heads(c, 100, 99)
		}, map[string]want{"D11-1": refused("headcount_fell")}},
		{"D11-1 headcount missing", func(c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 12, "6000000000", "5000000000")
			b.heads(c, 100, -1)
		}, map[string]want{"D11-1": refused("missing_data:headcount")}},
		{"D11-1 prev from the earlier period when no 上年同期", func(c string) {
			d11a(c, "", "6000000000")
			b.fig("output_value", c, 2021, 12, "5000000000", "")
		}, map[string]want{"D11-1": tiered("A2", "10000000.00", false)}},
		{"D11-1 上年同期 reported wins over the earlier period's own figure", func(c string) {
			d11a(c, "5000000000", "6000000000")
			b.fig("output_value", c, 2021, 12, "5500000000", "")
		}, map[string]want{"D11-1": tiered("A2", "10000000.00", false)}},
		{"D11-1 missing current figure", func(c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2021, 12, "5000000000", "")
			b.heads(c, 100, 100)
		}, map[string]want{"D11-1": refused(missingOut), "D11-2": refused(missingOut)}},
		{"D11-1 zero base", func(c string) { d11a(c, "0", "2000000000") },
			map[string]want{"D11-1": refused("non_positive_base")}},
		{"D11-1 negative base and net too small", func(c string) { d11a(c, "-100", "500000000") },
			map[string]want{"D11-1": refused("net_below_threshold;non_positive_base")}},
		{"D11-1 not 规上 in P", func(c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2021)
			b.fig("output_value", c, 2022, 12, "6000000000", "5000000000")
			b.heads(c, 100, 100)
		}, map[string]want{"D11-1": refused("not_above_scale")}},
		// Table B (Q1, no headcount condition).
		{"D11-2 net exactly 2亿 at 20% is B1", func(c string) { d11q(c, "1000000000", "1200000000") },
			map[string]want{"D11-2": tiered("B1", "2000000.00", true), "D11-1": refused("missing_data:headcount;missing_data:output_value")}},
		{"D11-2 exactly 15% is B1", func(c string) { d11q(c, "2000000000", "2300000000") },
			map[string]want{"D11-2": tiered("B1", "2000000.00", true)}},
		{"D11-2 net 10亿 is B2", func(c string) { d11q(c, "5000000000", "6000000000") },
			map[string]want{"D11-2": tiered("B2", "4000000.00", true)}},
		{"D11-2 net 20亿 is B3", func(c string) { d11q(c, "10000000000", "12000000000") },
			map[string]want{"D11-2": tiered("B3", "6000000.00", true)}},
		{"D11-2 net 2亿 − 0.01 is a near miss", func(c string) { d11q(c, "1000000000", "1199999999.99") },
			map[string]want{"D11-2": nearMiss("net_below_threshold")}},
		// Tables C and D (software).
		{"D11-3 net 50亿 at 20% is C1", func(c string) { sw(c, 12, "25000000000", "30000000000") },
			map[string]want{"D11-3": tiered("C1", "10000000.00", true), "D11-4": refused("missing_data:revenue"), "D10-4": refused("missing_data:revenue;not_first_above_scale")}},
		{"D11-3 net 100亿 is C2", func(c string) { sw(c, 12, "50000000000", "60000000000") },
			map[string]want{"D11-3": tiered("C2", "20000000.00", true)}},
		{"D11-3 net 200亿 is C3", func(c string) { sw(c, 12, "100000000000", "120000000000") },
			map[string]want{"D11-3": tiered("C3", "30000000.00", true)}},
		{"D11-3 two thresholds missed: both reasons, no near miss", func(c string) { sw(c, 12, "25000000000", "29997500000") },
			map[string]want{"D11-3": refused("growth_below_threshold;net_below_threshold")}},
		{"D11-4 net 10亿 is D1", func(c string) { sw(c, 3, "5000000000", "6000000000") },
			map[string]want{"D11-4": tiered("D1", "2000000.00", true)}},
		{"D11-4 net 20亿 is D2", func(c string) { sw(c, 3, "10000000000", "12000000000") },
			map[string]want{"D11-4": tiered("D2", "4000000.00", true)}},
		{"D11-4 net 50亿 is D3", func(c string) { sw(c, 3, "25000000000", "30000000000") },
			map[string]want{"D11-4": tiered("D3", "6000000.00", true)}},
		{"D11-4 growth 19.99% at net 10亿 is refused", func(c string) { sw(c, 3, "5002501250.63", "6002501250.63") },
			map[string]want{"D11-4": nearMiss("growth_below_threshold")}},

		// Direction 10.
		{"D10-1 first 规上 in R", func(c string) { d10(c, ent{}) },
			map[string]want{"D10-1": awarded("300000.00"), "D10-2": refused("missing_data:start_month"), "D10-3": refused(missingOut),
				"D11-1": refused("missing_data:headcount;missing_data:output_value;not_above_scale")}},
		{"D10-1 with municipal 专精特新 gets the bonus", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO specialised VALUES (?, 'municipal', NULL, DATE '2020-01-01', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": {outcome: "awarded", amount: "500000.00", paid: "500000.00", remarks: "含专精特新奖励20万元"}}},
		{"专精特新 valid until the evaluation date counts", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO specialised VALUES (?, 'national', NULL, DATE '2020-01-01', DATE '2022-06-30', ?, ?, ?)`, c)
		}, map[string]want{"D10-1": {outcome: "awarded", amount: "500000.00", paid: "500000.00", remarks: "含专精特新奖励20万元"}}},
		{"专精特新 expired the day before does not count", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO specialised VALUES (?, 'national', NULL, DATE '2020-01-01', DATE '2022-06-29', ?, ?, ?)`, c)
		}, map[string]want{"D10-1": awarded("300000.00")}},
		{"专精特新 without 有效期至 lasts three years, end inclusive", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO specialised VALUES (?, 'municipal', NULL, DATE '2019-06-30', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": {outcome: "awarded", amount: "500000.00", paid: "500000.00", remarks: "含专精特新奖励20万元"}}},
		{"专精特新 recognised three years and a day before has lapsed", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO specialised VALUES (?, 'municipal', NULL, DATE '2019-06-29', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": awarded("300000.00")}},
		{"专精特新 recognised after the evaluation date does not count", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO specialised VALUES (?, 'municipal', NULL, DATE '2022-07-01', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": awarded("300000.00")}},
		{"创新型中小企业 is not a level that counts", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO specialised VALUES (?, 'innovative', NULL, DATE '2021-01-01', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": awarded("300000.00")}},
		{"D10-1 with an earlier 规上 year", func(c string) { d10(c, ent{}); b.scale(c, 2019) },
			map[string]want{"D10-1": refused("not_first_above_scale")}},
		{"D10-1 not 规上 in R", func(c string) { b.ent(c, ent{industry: advanced}); b.scale(c, 2022) },
			map[string]want{"D10-1": refused("not_above_scale")}},
		{"D10-1 basic software 6511", func(c string) { d10(c, ent{industry: "6511"}) },
			map[string]want{"D10-1": awarded("300000.00"), "D10-4": refused("missing_data:revenue")}},
		{"D10-1 IC design 6520", func(c string) { d10(c, ent{industry: "6520"}) },
			map[string]want{"D10-1": awarded("300000.00")}},
		{"D10-1 on the 工业软件 list recognised in R", func(c string) {
			d10(c, ent{industry: "6513"})
			b.exec(`INSERT INTO industrial_software VALUES (?, 2021, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": awarded("300000.00")}},
		{"D10-1 credit code failing its check digit is awarded with a remark", func(c string) { d10(c, ent{badCheck: true}) },
			map[string]want{"D10-1": {outcome: "awarded", amount: "300000.00", paid: "300000.00", remarks: "信用代码校验位不符，请核对"}}},
		{"D10-2 started in R", func(c string) { d10(c, ent{start: "2021-07-01"}) },
			map[string]want{"D10-2": awarded("500000.00"), "D10-1": {outcome: "superseded", amount: "300000.00", paid: "0.00", reasons: "superseded_by:D10-2"}}},
		{"D10-2 started the year before", func(c string) { d10(c, ent{start: "2020-07-01"}) },
			map[string]want{"D10-2": refused("not_started_in_year"), "D10-1": awarded("300000.00")}},
		{"D10 tie: D10-2 and D10-3 both 50万, the lower rule id wins", func(c string) {
			d10(c, ent{start: "2021-03-01"})
			b.fig("output_value", c, 2021, 12, "200000000", "")
		}, map[string]want{
			"D10-2": awarded("500000.00"),
			"D10-1": {outcome: "superseded", amount: "300000.00", paid: "0.00", reasons: "superseded_by:D10-2"},
			"D10-3": {outcome: "superseded", amount: "500000.00", paid: "0.00", reasons: "superseded_by:D10-2"}}},
		{"D10 highest wins: D10-3 with bonus beats D10-2", func(c string) {
			d10(c, ent{start: "2021-03-01"})
			b.fig("output_value", c, 2021, 12, "200000000", "")
			b.exec(`INSERT INTO specialised VALUES (?, 'municipal', NULL, DATE '2021-01-01', NULL, ?, ?, ?)`, c)
		}, map[string]want{
			"D10-3": {outcome: "awarded", amount: "700000.00", paid: "700000.00", remarks: "含专精特新奖励20万元"},
			"D10-1": {outcome: "superseded", amount: "500000.00", paid: "0.00", reasons: "superseded_by:D10-3", remarks: "含专精特新奖励20万元"},
			"D10-2": {outcome: "superseded", amount: "500000.00", paid: "0.00", reasons: "superseded_by:D10-3"}}},
		{"D10-3 exactly 1亿", func(c string) { d10(c, ent{}); b.scale(c, 2020); b.fig("output_value", c, 2021, 12, "100000000", "") },
			map[string]want{"D10-3": awarded("500000.00"), "D10-1": refused("not_first_above_scale")}},
		{"D10-3 1亿 − 0.01 is a near miss", func(c string) { d10(c, ent{}); b.scale(c, 2020); b.fig("output_value", c, 2021, 12, "99999999.99", "") },
			map[string]want{"D10-3": nearMiss("below_first_threshold")}},
		{"D10-3 9000万 is no near miss", func(c string) { d10(c, ent{}); b.scale(c, 2020); b.fig("output_value", c, 2021, 12, "90000000", "") },
			map[string]want{"D10-3": refused("below_first_threshold")}},
		{"D10-3 an earlier year already over 1亿", func(c string) {
			d10(c, ent{})
			b.scale(c, 2020)
			b.fig("output_value", c, 2021, 12, "150000000", "")
			b.fig("output_value", c, 2019, 12, "120000000", "")
		}, map[string]want{"D10-3": refused("not_first_over_threshold")}},
		{"D10-3 上年同期 reported with R already over 1亿", func(c string) {
			d10(c, ent{})
			b.scale(c, 2020)
			b.fig("output_value", c, 2021, 12, "150000000", "110000000")
		}, map[string]want{"D10-3": refused("not_first_over_threshold")}},
		{"D10-4 revenue exactly 1亿, first 规上 in R", func(c string) {
			b.ent(c, ent{industry: software})
			b.scale(c, 2021)
			b.fig("revenue", c, 2021, 12, "100000000", "")
		}, map[string]want{"D10-4": awarded("500000.00")}},
		{"D10-4 revenue 1亿 − 0.01", func(c string) {
			b.ent(c, ent{industry: software})
			b.scale(c, 2021)
			b.fig("revenue", c, 2021, 12, "99999999.99", "")
		}, map[string]want{"D10-4": nearMiss("below_first_threshold")}},
		// 孰高兑付 against what was already paid in P.
		{"差额补齐: paid the difference over the year's baseline", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 3, NULL, 125000, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": {outcome: "topped_up", amount: "300000.00", paid: "175000.00", remarks: "差额补齐：本年已兑付12.5万元"}}},
		{"baseline equal to the award supersedes it", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 3, NULL, 100000, ?, ?, ?)`, c)
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 10, 'D10-9', 200000, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": {outcome: "superseded", amount: "300000.00", paid: "0.00", reasons: "prior_award_in_year"}}},
		{"direction-11 awards of P are not a baseline", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 11, NULL, 5000000, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": awarded("300000.00")}},
		{"a direction-10 award of an earlier year refuses: one-time", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO prior_awards VALUES (?, 2021, 10, 'D10-1', 300000, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": refused("already_awarded")}},
		{"1.50 stays 1.50: a baseline of 1.50 元", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 5, NULL, CAST('1.50' AS DECIMAL(18,2)), ?, ?, ?)`, c)
		}, map[string]want{"D10-1": {outcome: "topped_up", amount: "300000.00", paid: "299998.50", remarks: "差额补齐：本年已兑付0.00015万元"}}},
		// Stacking: direction 11 is never superseded, and its rounds stack with each other and with D10.
		{"D11 stacks with D10 topped up and with each other", func(c string) {
			b.ent(c, ent{industry: advanced})
			b.scale(c, 2020, 2021, 2022)
			b.fig("output_value", c, 2021, 12, "150000000", "")
			b.fig("output_value", c, 2022, 12, "1150000000", "")
			b.fig("output_value", c, 2022, 3, "500000000", "300000000")
			b.heads(c, 10, 10)
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 5, NULL, 100000, ?, ?, ?)`, c)
		}, map[string]want{
			"D10-3": {outcome: "topped_up", amount: "500000.00", paid: "400000.00", remarks: "差额补齐：本年已兑付10万元"},
			"D11-1": tiered("A2", "10000000.00", false),
			"D11-2": tiered("B1", "2000000.00", true)}},
		// General conditions.
		{"G1 outside Beijing", func(c string) { d10(c, ent{notBeijing: true}) }, map[string]want{"D10-1": refused("not_beijing")}},
		{"G2 not a legal person", func(c string) { d10(c, ent{notLegal: true}) }, map[string]want{"D10-1": refused("not_legal_person")}},
		{"G1 and G3 together: all reasons, sorted", func(c string) {
			d10(c, ent{notBeijing: true})
			b.exec(`INSERT INTO dishonesty VALUES (?, DATE '2020-01-01', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": refused("not_beijing;serious_dishonesty")}},
		{"G3 removed exactly three years before the evaluation date still counts", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO dishonesty VALUES (?, DATE '2018-01-01', DATE '2019-06-30', ?, ?, ?)`, c)
		}, map[string]want{"D10-1": refused("serious_dishonesty")}},
		{"G3 removed the day before the window does not count", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO dishonesty VALUES (?, DATE '2018-01-01', DATE '2019-06-29', ?, ?, ?)`, c)
		}, map[string]want{"D10-1": awarded("300000.00")}},
		{"G3 listed on the evaluation date counts", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO dishonesty VALUES (?, DATE '2022-06-30', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": refused("serious_dishonesty")}},
		{"G3 listed between the Q1 and annual evaluation dates refuses only the annual D11 rule", func(c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 12, "6000000000", "5000000000")
			b.fig("output_value", c, 2022, 3, "1200000000", "1000000000")
			b.heads(c, 100, 100)
			b.exec(`INSERT INTO dishonesty VALUES (?, DATE '2022-09-01', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D11-1": refused("serious_dishonesty"), "D11-2": tiered("B1", "2000000.00", true)}},
		{"G4 other funds of direction 11 refuse direction 11 only", func(c string) {
			d11a(c, "5000000000", "6000000000")
			b.exec(`INSERT INTO other_funds VALUES (?, 11, '某资金', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D11-1": refused("other_municipal_funds")}},
		{"G4 other funds of another year do not count", func(c string) {
			d11a(c, "5000000000", "6000000000")
			b.exec(`INSERT INTO other_funds VALUES (?, 11, '某资金', 2021, ?, ?, ?)`, c)
		}, map[string]want{"D11-1": tiered("A2", "10000000.00", false)}},
		{"G2 a 92 code is an individual business", func(c string) { d10("92"+c[2:], ent{}) }, nil},
		// 禁限目录 (restricted rows are below, by industry code).
		{"禁限 by district: 2611 restricted in 朝阳区, enterprise in 朝阳区", func(c string) { d10(c, ent{industry: "2611", district: "朝阳区"}) },
			map[string]want{"D10-1": refused("restricted_industry")}},
		{"禁限 by district: 2611 restricted in 朝阳区, enterprise in 海淀区", func(c string) { d10(c, ent{industry: "2611"}) },
			map[string]want{"D10-1": awarded("300000.00")}},
		{"禁限 by group: 核心区 row (东城、西城), enterprise in 西城区", func(c string) { d10(c, ent{industry: "2612", district: "西城区"}) },
			map[string]want{"D10-1": refused("restricted_industry")}},
		{"禁限 unknown district matches only 全市 rows: district row", func(c string) { d10(c, ent{industry: "2612", district: "-"}) },
			map[string]want{"D10-1": awarded("300000.00")}},
		{"禁限 unknown district matches only 全市 rows: whole-city row", func(c string) { d10(c, ent{industry: "2710", district: "-"}) },
			map[string]want{"D10-1": refused("restricted_industry")}},
		// Affiliate review.
		{"affiliate falls of half the net increase: review", func(c string) {
			d11a(c, "5000000000", "6000000000")
			b.exec(`INSERT INTO affiliates VALUES (?, 'G1', ?, ?, ?)`, c)
			b.exec(`INSERT INTO affiliates VALUES ('911100999999999901', 'G1', ?, ?, ?)`)
			b.fig("output_value", "911100999999999901", 2022, 12, "4500000000", "5000000000")
		}, map[string]want{"D11-1": {outcome: "review", tier: "A2", amount: "10000000.00", paid: "0.00", reasons: "affiliate_shift"}}},
		{"affiliate falls under half the net increase: awarded", func(c string) {
			d11a(c, "5000000000", "6000000000")
			b.exec(`INSERT INTO affiliates VALUES (?, 'G2', ?, ?, ?)`, c)
			b.exec(`INSERT INTO affiliates VALUES ('911100999999999902', 'G2', ?, ?, ?)`)
			b.fig("output_value", "911100999999999902", 2022, 12, "4500000001", "5000000000")
		}, map[string]want{"D11-1": tiered("A2", "10000000.00", false)}},
	}
	b.exec(`INSERT INTO restricted VALUES ('2611', '限制', '朝阳区', false, ?, ?, ?)`)
	b.exec(`INSERT INTO restricted VALUES ('2612', '禁止', '东城区、西城区', false, ?, ?, ?)`)
	b.exec(`INSERT INTO restricted VALUES ('27', '禁止', '全市', true, ?, ?, ?)`)
	// Outside every rule's sector, or not on the 工业软件 list in time: no decision.
	b.ent(code(9001), ent{industry: "5211"})
	b.scale(code(9001), 2021)
	b.ent(code(9002), ent{industry: "6513"})
	b.scale(code(9002), 2021)
	b.exec(`INSERT INTO industrial_software VALUES (?, 2022, ?, ?, ?)`, code(9002))

	// 29 February − 3 years is 28 February (checked with --as-of 2024-02-29 below).
	feb28, feb27 := code(9003), code(9004)
	for c, removed := range map[string]string{feb28: "2021-02-28", feb27: "2021-02-27"} {
		b.ent(c, ent{industry: advanced})
		b.scale(c, 2021)
		b.exec(`INSERT INTO dishonesty VALUES (?, DATE '2020-01-01', CAST(? AS DATE), ?, ?, ?)`, c, removed)
	}

	codes := make([]string, len(cases))
	byName := map[string]int{}
	for i, c := range cases {
		codes[i] = code(i + 1)
		byName[c.name] = i
		c.setup(codes[i])
	}
	indexOf := func(_ []tc, name string) int {
		i, ok := byName[name]
		if !ok {
			t.Fatalf("no case %q", name)
		}
		return i
	}
	b.decide(time.Time{})
	all := b.decisions()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for rule, w := range c.want {
				checkDecision(t, all, codes[i]+" "+rule, w)
			}
		})
	}

	t.Run("G2 a 92 code is an individual business", func(t *testing.T) {
		for i, c := range cases {
			if strings.HasPrefix(c.name, "G2 a 92") {
				checkDecision(t, all, "92"+codes[i][2:]+" D10-1", refused("not_legal_person"))
			}
		}
	})
	t.Run("only enterprises of the register in the rule's sector get rows", func(t *testing.T) {
		for k := range all {
			if strings.HasPrefix(k, code(9001)) || strings.HasPrefix(k, "911100999999999") || k == code(9002)+" D10-1" {
				t.Errorf("unexpected decision %s", k)
			}
		}
		if _, ok := all[code(9002)+" D10-4"]; !ok {
			t.Errorf("a 65 enterprise must still get its D10-4 row")
		}
		// An industrial-only enterprise gets D11-1 and D11-2 and nothing else.
		for _, r := range []string{"D10-1", "D10-2", "D10-3", "D10-4", "D11-3", "D11-4"} {
			if _, ok := all[codes[0]+" "+r]; ok {
				t.Errorf("industrial-only enterprise has a %s row", r)
			}
		}
	})
	t.Run("figures, growth and trace are recorded", func(t *testing.T) {
		g := all[codes[0]+" D11-1"]
		if g.prev != "8000000000.00" || g.cur != "9200000000.00" || g.net != "1200000000.00" || g.growth != "0.150000" {
			t.Errorf("figures = %s %s %s %s", g.prev, g.cur, g.net, g.growth)
		}
		if g.params != "d11_1.net_min=1000000000;d11_1.growth_min_pct=15;tier.A1=[1000000000,5000000000)x[15,20)→3000000" {
			t.Errorf("params_used = %q", g.params)
		}
		if !strings.Contains(g.clause, "方向11（1）") || g.eval != "2023-01-31" {
			t.Errorf("clause %q eval %s", g.clause, g.eval)
		}
		if nm := all[codes[1]+" D11-1"]; !strings.Contains(nm.params, "shares.near_miss=0.05") || nm.growth != "0.149900" {
			t.Errorf("near miss trace %q growth %s", nm.params, nm.growth)
		}
		if q := all[codes[21]+" D11-2"]; q.eval != "2022-06-30" {
			t.Errorf("Q1 eval date = %s", q.eval)
		}
	})
	t.Run("roster pays awarded and topped_up rows in 万元", func(t *testing.T) {
		var n int
		var wan, district string
		if err := b.db.QueryRow(`SELECT count(*) FROM roster WHERE outcome NOT IN ('awarded', 'topped_up')`).Scan(&n); err != nil || n != 0 {
			t.Errorf("roster has %d other rows (%v)", n, err)
		}
		err := b.db.QueryRow(`SELECT CAST(amount_wan AS VARCHAR), district FROM roster WHERE rule_id = 'D10-1' AND credit_code = ?`,
			codes[indexOf(cases, "1.50 stays 1.50: a baseline of 1.50 元")]).Scan(&wan, &district)
		if err != nil || wan != "30.00" || district != "海淀区" {
			t.Errorf("roster amount_wan = %s district %s (%v)", wan, district, err)
		}
		var stored string
		if err := b.db.QueryRow(`SELECT CAST(amount_yuan AS VARCHAR) FROM prior_awards WHERE amount_yuan < 2`).Scan(&stored); err != nil || stored != "1.50" {
			t.Errorf("1.50 came back as %s (%v)", stored, err)
		}
	})
	t.Run("every reason is in reason_codes and every column has a comment", func(t *testing.T) {
		var n int
		if err := b.db.QueryRow(`SELECT count(*) FROM (SELECT unnest(string_split(reasons, ';')) r FROM decisions WHERE reasons <> '')
			WHERE r NOT IN (SELECT code FROM reason_codes)`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d reasons without a label (%v)", n, err)
		}
		if err := b.db.QueryRow(`SELECT count(*) FROM duckdb_columns() WHERE table_name IN ('decisions', 'reason_codes', 'roster',
			'policy_params', 'policy_tiers', 'policy_rules', 'policy_sectors') AND (comment IS NULL OR comment = '')`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d columns without comment (%v)", n, err)
		}
	})

	// --as-of overrides every group's date: on 2023-01-31 the 失信 record of 2022-09-01 also refuses the Q1
	// rule. Deciding again on the same database must also work (stages replace their tables).
	b.decide(time.Date(2023, 1, 31, 0, 0, 0, 0, time.UTC))
	again := b.decisions()
	i := indexOf(cases, "G3 listed between the Q1 and annual evaluation dates refuses only the annual D11 rule")
	t.Run("as-of override", func(t *testing.T) {
		checkDecision(t, again, codes[i]+" D11-2", refused("serious_dishonesty"))
		if g := again[codes[i]+" D11-2"]; g.eval != "2023-01-31" {
			t.Errorf("eval date = %s", g.eval)
		}
		if len(again) != len(all) {
			t.Errorf("%d decisions after the re-run, want %d", len(again), len(all))
		}
	})
	b.decide(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC))
	leap := b.decisions()
	t.Run("29 February minus 3 years is 28 February", func(t *testing.T) {
		checkDecision(t, leap, feb28+" D10-1", refused("serious_dishonesty"))
		checkDecision(t, leap, feb27+" D10-1", awarded("300000.00"))
	})
}
