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
	district   string // district and scope_district; "-" = unknown district
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
	b.exec(`INSERT INTO enterprises (credit_code, name, industry_code, region_code, area_code, district, scope_district,
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

// sectorRemark is the remark of a pair whose sector rests only on the assumed 先进制造业 list (outputs.md).
const sectorRemark = "行业范围为假设值，待核定"

// adv adds sectorRemark where outputs.md orders it: before the check-digit remark, after the others.
func adv(w want) want {
	const check = "信用代码校验位不符，请核对"
	switch {
	case w.remarks == "":
		w.remarks = sectorRemark
	case strings.HasPrefix(w.remarks, check):
		w.remarks = sectorRemark + "；" + w.remarks
	case strings.Contains(w.remarks, "；"+check):
		w.remarks = strings.Replace(w.remarks, "；"+check, "；"+sectorRemark+"；"+check, 1)
	default:
		w.remarks += "；" + sectorRemark
	}
	return w
}

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
		// D10-4 reads 营业收入(2021) from the 上年同期 of the 2022 row when the batch has no 2021 row of its own.
		{"D11-3 net 50亿 at 20% is C1", func(c string) { sw(c, 12, "25000000000", "30000000000") },
			map[string]want{"D11-3": tiered("C1", "10000000.00", true), "D11-4": refused("missing_data:revenue"), "D10-4": refused("not_first_above_scale")}},
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
			map[string]want{"D10-1": adv(awarded("300000.00")), "D10-2": refused("missing_data:start_month"), "D10-3": refused(missingOut),
				"D11-1": refused("missing_data:headcount;missing_data:output_value;not_above_scale")}},
		{"D10-1 with municipal 专精特新 gets the bonus", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO specialised VALUES (?, 'municipal', NULL, DATE '2020-01-01', DATE '2020-01-01', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": adv(want{outcome: "awarded", amount: "500000.00", paid: "500000.00", remarks: "含专精特新奖励20万元"})}},
		{"专精特新 valid until the evaluation date counts", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO specialised VALUES (?, 'national', NULL, DATE '2020-01-01', DATE '2020-01-01', DATE '2022-06-30', ?, ?, ?)`, c)
		}, map[string]want{"D10-1": adv(want{outcome: "awarded", amount: "500000.00", paid: "500000.00", remarks: "含专精特新奖励20万元"})}},
		{"专精特新 expired the day before does not count", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO specialised VALUES (?, 'national', NULL, DATE '2020-01-01', DATE '2020-01-01', DATE '2022-06-29', ?, ?, ?)`, c)
		}, map[string]want{"D10-1": adv(awarded("300000.00"))}},
		{"专精特新 without 有效期至 lasts three years, end inclusive", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO specialised VALUES (?, 'municipal', NULL, DATE '2019-06-30', DATE '2019-06-30', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": adv(want{outcome: "awarded", amount: "500000.00", paid: "500000.00", remarks: "含专精特新奖励20万元"})}},
		{"专精特新 recognised three years and a day before has lapsed", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO specialised VALUES (?, 'municipal', NULL, DATE '2019-06-29', DATE '2019-06-29', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": adv(awarded("300000.00"))}},
		{"专精特新 recognised after the evaluation date does not count", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO specialised VALUES (?, 'municipal', NULL, DATE '2022-07-01', DATE '2022-07-01', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": adv(awarded("300000.00"))}},
		{"创新型中小企业 is not a level that counts", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO specialised VALUES (?, 'innovative', NULL, DATE '2021-01-01', DATE '2021-01-01', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": adv(awarded("300000.00"))}},
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
			map[string]want{"D10-1": adv(want{outcome: "awarded", amount: "300000.00", paid: "300000.00", remarks: "信用代码校验位不符，请核对"})}},
		{"D10-2 started in R", func(c string) { d10(c, ent{start: "2021-07-01"}) },
			map[string]want{"D10-2": adv(awarded("500000.00")), "D10-1": {outcome: "superseded", amount: "300000.00", paid: "0.00", reasons: "superseded_by:D10-2"}}},
		{"D10-2 started the year before", func(c string) { d10(c, ent{start: "2020-07-01"}) },
			map[string]want{"D10-2": refused("not_started_in_year"), "D10-1": adv(awarded("300000.00"))}},
		{"D10 tie: D10-2 and D10-3 both 50万, the lower rule id wins", func(c string) {
			d10(c, ent{start: "2021-03-01"})
			b.fig("output_value", c, 2021, 12, "200000000", "")
		}, map[string]want{
			"D10-2": adv(awarded("500000.00")),
			"D10-1": {outcome: "superseded", amount: "300000.00", paid: "0.00", reasons: "superseded_by:D10-2"},
			"D10-3": {outcome: "superseded", amount: "500000.00", paid: "0.00", reasons: "superseded_by:D10-2"}}},
		{"D10 highest wins: D10-3 with bonus beats D10-2", func(c string) {
			d10(c, ent{start: "2021-03-01"})
			b.fig("output_value", c, 2021, 12, "200000000", "")
			b.exec(`INSERT INTO specialised VALUES (?, 'municipal', NULL, DATE '2021-01-01', DATE '2021-01-01', NULL, ?, ?, ?)`, c)
		}, map[string]want{
			"D10-3": adv(want{outcome: "awarded", amount: "700000.00", paid: "700000.00", remarks: "含专精特新奖励20万元"}),
			"D10-1": {outcome: "superseded", amount: "500000.00", paid: "0.00", reasons: "superseded_by:D10-3", remarks: "含专精特新奖励20万元"},
			"D10-2": {outcome: "superseded", amount: "500000.00", paid: "0.00", reasons: "superseded_by:D10-3"}}},
		{"D10-3 exactly 1亿", func(c string) {
			d10(c, ent{})
			b.scale(c, 2020)
			b.fig("output_value", c, 2020, 12, "60000000", "")
			b.fig("output_value", c, 2021, 12, "100000000", "")
		},
			map[string]want{"D10-3": adv(awarded("500000.00")), "D10-1": refused("not_first_above_scale")}},
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
		}, map[string]want{"D10-1": adv(want{outcome: "topped_up", amount: "300000.00", paid: "175000.00", remarks: "差额补齐：本年已兑付12.5万元"})}},
		{"baseline equal to the award supersedes it", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 3, NULL, 100000, ?, ?, ?)`, c)
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 10, 'D10-9', 200000, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": {outcome: "superseded", amount: "300000.00", paid: "0.00", reasons: "prior_award_in_year"}}},
		{"direction-11 awards of P are not a baseline", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 11, NULL, 5000000, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": adv(awarded("300000.00"))}},
		{"a direction-10 award of an earlier year refuses: one-time", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO prior_awards VALUES (?, 2021, 10, 'D10-1', 300000, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": refused("already_awarded")}},
		{"1.50 stays 1.50: a baseline of 1.50 元", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 5, NULL, CAST('1.50' AS DECIMAL(18,2)), ?, ?, ?)`, c)
		}, map[string]want{"D10-1": adv(want{outcome: "topped_up", amount: "300000.00", paid: "299998.50", remarks: "差额补齐：本年已兑付0.00015万元"})}},
		// Stacking: direction 11 is never superseded, and its rounds stack with each other and with D10.
		{"D11 stacks with D10 topped up and with each other", func(c string) {
			b.ent(c, ent{industry: advanced})
			b.scale(c, 2020, 2021, 2022)
			b.fig("output_value", c, 2020, 12, "90000000", "")
			b.fig("output_value", c, 2021, 12, "150000000", "")
			b.fig("output_value", c, 2022, 12, "1150000000", "")
			b.fig("output_value", c, 2022, 3, "500000000", "300000000")
			b.heads(c, 10, 10)
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 5, NULL, 100000, ?, ?, ?)`, c)
		}, map[string]want{
			"D10-3": adv(want{outcome: "topped_up", amount: "500000.00", paid: "400000.00", remarks: "差额补齐：本年已兑付10万元"}),
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
		}, map[string]want{"D10-1": adv(awarded("300000.00"))}},
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
			map[string]want{"D10-1": adv(awarded("300000.00"))}},
		{"禁限 by group: 核心区 row (东城、西城), enterprise in 西城区", func(c string) { d10(c, ent{industry: "2612", district: "西城区"}) },
			map[string]want{"D10-1": refused("restricted_industry")}},
		{"禁限 unknown district matches only 全市 rows: district row", func(c string) { d10(c, ent{industry: "2612", district: "-"}) },
			map[string]want{"D10-1": adv(awarded("300000.00"))}},
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
		checkDecision(t, leap, feb27+" D10-1", adv(awarded("300000.00")))
	})
}

// auditCase is one fact pattern of rules.md / outputs.md with the decisions it must produce. setup gets the
// enterprise's code; want maps rule id → decision.
type auditCase struct {
	name  string
	setup func(b *batch, c string)
	want  map[string]want
}

// memberCode names an affiliate that is not in the register: group members count whether or not they are.
func memberCode(n int) string { return fmt.Sprintf("911100888888%06d", n) }

func auditCases() []auditCase {
	d10 := func(b *batch, c string, e ent) {
		if e.industry == "" {
			e.industry = advanced
		}
		b.ent(c, e)
		b.scale(c, 2021)
	}
	// d11 sets up an industrial enterprise with annual output 50亿 → 60亿 (A2) and Q1 10亿 → 12亿 (B1).
	d11 := func(b *batch, c string) {
		b.ent(c, ent{industry: industrialOnly})
		b.scale(c, 2022)
		b.fig("output_value", c, 2022, 12, "6000000000", "5000000000")
		b.fig("output_value", c, 2022, 3, "1200000000", "1000000000")
		b.heads(c, 100, 100)
	}
	bonus := func(amount, paid string) want {
		return want{outcome: "awarded", amount: amount, paid: paid, remarks: "含专精特新奖励20万元"}
	}
	assumed := "档位金额为假设值，待核定"
	return []auditCase{
		// General conditions and 禁限: every reason that applies, not only the first.
		{"not_beijing and restricted_industry both refuse D10-1", func(b *batch, c string) {
			d10(b, c, ent{industry: "2710", notBeijing: true, district: "-"})
		}, map[string]want{"D10-1": refused("not_beijing;restricted_industry"),
			"D10-2": refused("missing_data:start_month;not_beijing;restricted_industry")}},
		{"a 92 code that the register also marks 个体 is refused once", func(b *batch, c string) {
			d10(b, "92"+c[2:], ent{notLegal: true})
		}, nil},
		{"G3 listed after the evaluation date does not count for direction 10", func(b *batch, c string) {
			d10(b, c, ent{})
			b.exec(`INSERT INTO dishonesty VALUES (?, DATE '2022-07-01', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": adv(awarded("300000.00"))}},
		{"G3 still listed since long ago counts", func(b *batch, c string) {
			d10(b, c, ent{})
			b.exec(`INSERT INTO dishonesty VALUES (?, DATE '2010-01-01', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": refused("serious_dishonesty")}},
		{"G4 direction-10 funds of year P refuse direction 10 only", func(b *batch, c string) {
			d10(b, c, ent{})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 3, "1200000000", "1000000000")
			b.exec(`INSERT INTO other_funds VALUES (?, 10, '某资金', 2022, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": refused("other_municipal_funds"), "D11-2": tiered("B1", "2000000.00", true)}},
		{"G4 funds of another direction do not refuse direction 10", func(b *batch, c string) {
			d10(b, c, ent{})
			b.exec(`INSERT INTO other_funds VALUES (?, 11, '某资金', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": adv(awarded("300000.00"))}},
		{"禁限 E-Town enterprise matches a 大兴区 row", func(b *batch, c string) {
			d10(b, c, ent{industry: "2613", district: "北京经济技术开发区", scope: "大兴区"})
		}, map[string]want{"D10-1": refused("restricted_industry")}},
		{"禁限 3-digit prefix 限制 全市 matches its 小类", func(b *batch, c string) { d10(b, c, ent{industry: "3521"}) },
			map[string]want{"D10-1": refused("restricted_industry")}},
		{"禁限 3-digit prefix does not match a neighbouring 中类", func(b *batch, c string) { d10(b, c, ent{industry: "3512"}) },
			map[string]want{"D10-1": adv(awarded("300000.00"))}},
		{"禁限 4-digit 禁止 row in a group scope (城六区) matches 丰台区", func(b *batch, c string) {
			d10(b, c, ent{industry: "3411", district: "丰台区"})
		}, map[string]want{"D10-1": refused("restricted_industry")}},
		{"禁限 4-digit row in 城六区 does not match 通州区", func(b *batch, c string) {
			d10(b, c, ent{industry: "3411", district: "通州区"})
		}, map[string]want{"D10-1": adv(awarded("300000.00"))}},

		// Direction 10: who, one-time, thresholds.
		{"D10-3 not 规上 in R", func(b *batch, c string) {
			b.ent(c, ent{industry: advanced})
			b.scale(c, 2020)
			b.fig("output_value", c, 2021, 12, "150000000", "")
		}, map[string]want{"D10-3": refused("not_above_scale"), "D10-1": refused("not_above_scale;not_first_above_scale")}},
		{"D10-3 an earlier year exactly 1亿 is an earlier first", func(b *batch, c string) {
			d10(b, c, ent{})
			b.fig("output_value", c, 2021, 12, "150000000", "")
			b.fig("output_value", c, 2020, 12, "100000000", "")
		}, map[string]want{"D10-3": refused("not_first_over_threshold")}},
		{"D10-3 an earlier Q1 figure over 1亿 is not an annual figure", func(b *batch, c string) {
			d10(b, c, ent{})
			b.fig("output_value", c, 2021, 12, "150000000", "")
			b.fig("output_value", c, 2020, 3, "120000000", "")
		}, map[string]want{"D10-3": adv(bonusless("500000.00"))}},
		{"D10-3 below 1亿 and an earlier year over it: two reasons, no near miss", func(b *batch, c string) {
			d10(b, c, ent{})
			b.fig("output_value", c, 2021, 12, "99000000", "130000000")
		}, map[string]want{"D10-3": refused("below_first_threshold;not_first_over_threshold")}},
		{"D10-3 exactly 95% of 1亿 is a near miss", func(b *batch, c string) {
			d10(b, c, ent{})
			b.fig("output_value", c, 2021, 12, "95000000", "")
		}, map[string]want{"D10-3": nearMiss("below_first_threshold")}},
		{"D10-3 just under 95% of 1亿 is no near miss", func(b *batch, c string) {
			d10(b, c, ent{})
			b.fig("output_value", c, 2021, 12, "94999999.99", "")
		}, map[string]want{"D10-3": refused("below_first_threshold")}},
		{"D10-4 near the floor but not first 规上: no near miss", func(b *batch, c string) {
			b.ent(c, ent{industry: software})
			b.scale(c, 2020, 2021)
			b.fig("revenue", c, 2021, 12, "99999999.99", "")
		}, map[string]want{"D10-4": refused("below_first_threshold;not_first_above_scale")}},
		{"D10-4 with 专精特新 is 70万", func(b *batch, c string) {
			b.ent(c, ent{industry: software})
			b.scale(c, 2021)
			b.fig("revenue", c, 2021, 12, "300000000", "")
			b.exec(`INSERT INTO specialised VALUES (?, 'national', NULL, DATE '2021-09-01', DATE '2021-09-01', DATE '2024-08-31', ?, ?, ?)`, c)
		}, map[string]want{"D10-4": bonus("700000.00", "700000.00")}},
		{"D10-2 never gets the 专精特新 bonus", func(b *batch, c string) {
			d10(b, c, ent{start: "2021-12-01"})
			b.exec(`INSERT INTO specialised VALUES (?, 'municipal', NULL, DATE '2021-01-01', DATE '2021-01-01', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": adv(bonus("500000.00", "500000.00")),
			"D10-2": {outcome: "superseded", amount: "500000.00", paid: "0.00", reasons: "superseded_by:D10-1"}}},
		{"a direction-5 award of an earlier year is not one-time", func(b *batch, c string) {
			d10(b, c, ent{})
			b.exec(`INSERT INTO prior_awards VALUES (?, 2021, 5, NULL, 300000, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": adv(awarded("300000.00"))}},
		{"already_awarded refuses every direction-10 rule, not direction 11", func(b *batch, c string) {
			d10(b, c, ent{start: "2021-05-01"})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 3, "1200000000", "1000000000")
			b.exec(`INSERT INTO prior_awards VALUES (?, 2020, 10, 'D10-3', 500000, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": refused("already_awarded"), "D10-2": refused("already_awarded"),
			"D10-3": refused("already_awarded;missing_data:output_value"), "D11-2": tiered("B1", "2000000.00", true)}},

		// 孰高兑付.
		// rules.md "Rounds": the item paid for P is refused (nothing paid twice); the payment is the baseline
		// of the others, not a one-time refusal of them.
		{"a direction-10 item already paid for P is refused; the baseline tops up the others", func(b *batch, c string) {
			d10(b, c, ent{start: "2021-05-01"})
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 10, 'D10-1', 300000, ?, ?, ?)`, c)
		}, map[string]want{
			"D10-2": adv(want{outcome: "topped_up", amount: "500000.00", paid: "200000.00", remarks: "差额补齐：本年已兑付30万元"}),
			"D10-1": refused("already_awarded")}},
		{"baseline sums every non-stackable direction of P", func(b *batch, c string) {
			d10(b, c, ent{start: "2021-05-01"})
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 3, 'A', 200000, ?, ?, ?)`, c)
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 7, 'B', 300000, ?, ?, ?)`, c)
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 11, 'D11-2', 2000000, ?, ?, ?)`, c)
		}, map[string]want{
			"D10-2": {outcome: "superseded", amount: "500000.00", paid: "0.00", reasons: "prior_award_in_year"},
			"D10-1": {outcome: "superseded", amount: "300000.00", paid: "0.00", reasons: "prior_award_in_year;superseded_by:D10-2"}}},
		{"remarks in order, joined with ；", func(b *batch, c string) {
			d10(b, c, ent{badCheck: true})
			b.exec(`INSERT INTO specialised VALUES (?, 'municipal', NULL, DATE '2021-01-01', DATE '2021-01-01', NULL, ?, ?, ?)`, c)
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 2, NULL, 100000, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": {outcome: "topped_up", amount: "500000.00", paid: "400000.00",
			remarks: "含专精特新奖励20万元；差额补齐：本年已兑付10万元；行业范围为假设值，待核定；信用代码校验位不符，请核对"}}},
		{"direction 11 is never superseded by a baseline", func(b *batch, c string) {
			d11(b, c)
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 3, NULL, 50000000, ?, ?, ?)`, c)
			b.exec(`INSERT INTO prior_awards VALUES (?, 2021, 11, NULL, 3000000, ?, ?, ?)`, c)
		}, map[string]want{"D11-1": tiered("A2", "10000000.00", false), "D11-2": tiered("B1", "2000000.00", true)}},

		// Direction 11: figures, missing data, bases.
		{"D11 no 上年同期 and no earlier period: missing data only", func(b *batch, c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 12, "6000000000", "")
			b.heads(c, 100, 100)
		}, map[string]want{"D11-1": refused("missing_data:output_value")}},
		{"D11 missing current figure and a zero base: both reasons", func(b *batch, c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2021, 3, "0", "")
		}, map[string]want{"D11-2": refused("missing_data:output_value;non_positive_base")}},
		{"D11 Q1 上年同期 wins over the earlier Q1 figure", func(b *batch, c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 3, "1200000000", "1000000000")
			b.fig("output_value", c, 2021, 3, "1100000000", "")
		}, map[string]want{"D11-2": tiered("B1", "2000000.00", true)}},
		{"D11 an earlier period without a figure is missing", func(b *batch, c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 3, "1200000000", "")
			b.fig("output_value", c, 2021, 3, "", "")
		}, map[string]want{"D11-2": refused("missing_data:output_value")}},
		{"D11-2 growth exactly 15% with cents, compared without division", func(b *batch, c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 3, "1533333333.41", "1333333333.40")
		}, map[string]want{"D11-2": tiered("B1", "2000000.00", true)}},
		{"D11-2 growth one cent short of 15%", func(b *batch, c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 3, "1533333333.40", "1333333333.40")
		}, map[string]want{"D11-2": nearMiss("growth_below_threshold")}},
		{"D11-1 net exactly 95% of 10亿 is a near miss", func(b *batch, c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 12, "5950000000", "5000000000")
			b.heads(c, 100, 100)
		}, map[string]want{"D11-1": nearMiss("net_below_threshold")}},
		{"D11-1 net just under 95% of 10亿 is no near miss", func(b *batch, c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 12, "5949999999.99", "5000000000")
			b.heads(c, 100, 100)
		}, map[string]want{"D11-1": refused("net_below_threshold")}},
		{"D11-1 a near-miss growth with headcount_fell is no near miss", func(b *batch, c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 12, "9199200000", "8000000000")
			b.heads(c, 100, 99)
		}, map[string]want{"D11-1": refused("growth_below_threshold;headcount_fell")}},
		{"D11-1 headcount only at November is missing at the year end", func(b *batch, c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 12, "6000000000", "5000000000")
			b.exec(`INSERT INTO headcount VALUES (?, 2021, 12, 100, ?, ?, ?)`, c)
			b.exec(`INSERT INTO headcount VALUES (?, 2022, 11, 120, ?, ?, ?)`, c)
		}, map[string]want{"D11-1": refused("missing_data:headcount")}},
		{"D11-3 names revenue when missing, D11-4 too", func(b *batch, c string) {
			b.ent(c, ent{industry: "6520"})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 12, "60000000000", "50000000000")
			b.heads(c, 10, 10)
		}, map[string]want{"D11-3": refused("missing_data:revenue"), "D11-4": refused("missing_data:revenue"),
			"D10-1": refused("not_above_scale"), "D10-4": refused("missing_data:revenue;not_above_scale")}},
		{"D11 a growth too large to store does not stop the run", func(b *batch, c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 3, "2000000000001", "1")
		}, map[string]want{"D11-2": tiered("B3", "6000000.00", true)}},
		{"D11-3 a 50亿 near miss on growth at 19% exactly", func(b *batch, c string) {
			b.ent(c, ent{industry: software})
			b.scale(c, 2022)
			b.fig("revenue", c, 2022, 12, "35700000000", "30000000000")
			b.heads(c, 10, 11)
		}, map[string]want{"D11-3": nearMiss("growth_below_threshold")}},

		// Affiliate review.
		{"affiliate: a member's rise does not offset another's fall", func(b *batch, c string) {
			d11(b, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'GA', ?, ?, ?)`, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'GA', ?, ?, ?)`, memberCode(1))
			b.exec(`INSERT INTO affiliates VALUES (?, 'GA', ?, ?, ?)`, memberCode(2))
			b.fig("output_value", memberCode(1), 2022, 12, "1500000000", "2000000000")
			b.fig("output_value", memberCode(2), 2022, 12, "3000000000", "2000000000")
		}, map[string]want{"D11-1": {outcome: "review", tier: "A2", amount: "10000000.00", paid: "0.00", reasons: "affiliate_shift"},
			"D11-2": tiered("B1", "2000000.00", true)}},
		{"affiliate: Q1 falls review the Q1 rule, with the assumed-tier remark", func(b *batch, c string) {
			d11(b, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'GB', ?, ?, ?)`, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'GB', ?, ?, ?)`, memberCode(3))
			b.fig("output_value", memberCode(3), 2022, 3, "500000000", "")
			b.fig("output_value", memberCode(3), 2021, 3, "600000000", "")
		}, map[string]want{"D11-1": tiered("A2", "10000000.00", false),
			"D11-2": {outcome: "review", tier: "B1", amount: "2000000.00", paid: "0.00", reasons: "affiliate_shift", remarks: assumed}}},
		{"affiliate: a member without both figures falls 0", func(b *batch, c string) {
			d11(b, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'GC', ?, ?, ?)`, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'GC', ?, ?, ?)`, memberCode(4))
			b.fig("output_value", memberCode(4), 2021, 12, "9000000000", "")
		}, map[string]want{"D11-1": tiered("A2", "10000000.00", false)}},
		{"affiliate: a member shared by two groups falls once", func(b *batch, c string) {
			d11(b, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'GD', ?, ?, ?)`, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'GE', ?, ?, ?)`, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'GD', ?, ?, ?)`, memberCode(5))
			b.exec(`INSERT INTO affiliates VALUES (?, 'GE', ?, ?, ?)`, memberCode(5))
			b.fig("output_value", memberCode(5), 2022, 12, "1700000000", "2000000000")
		}, map[string]want{"D11-1": tiered("A2", "10000000.00", false)}},
		{"affiliate: another group's fall does not count", func(b *batch, c string) {
			d11(b, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'GF', ?, ?, ?)`, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'GG', ?, ?, ?)`, memberCode(6))
			b.fig("output_value", memberCode(6), 2022, 12, "1000000000", "2000000000")
		}, map[string]want{"D11-1": tiered("A2", "10000000.00", false)}},
		{"affiliate: a refused rule stays refused without affiliate_shift", func(b *batch, c string) {
			b.ent(c, ent{industry: industrialOnly, badCheck: true})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 12, "6000000000", "5000000000")
			b.heads(c, 100, 90)
			b.fig("output_value", c, 2022, 3, "1200000000", "1000000000")
			b.exec(`INSERT INTO affiliates VALUES (?, 'GH', ?, ?, ?)`, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'GH', ?, ?, ?)`, memberCode(7))
			b.fig("output_value", memberCode(7), 2022, 12, "1000000000", "2000000000")
			b.fig("output_value", memberCode(7), 2022, 3, "100000000", "300000000")
		}, map[string]want{"D11-1": refused("headcount_fell"),
			"D11-2": {outcome: "review", tier: "B1", amount: "2000000.00", paid: "0.00", reasons: "affiliate_shift",
				remarks: assumed + "；信用代码校验位不符，请核对"}}},
	}
}

// bonusless is an award of the full amount with no remark.
func bonusless(amount string) want { return awarded(amount) }

// sectorCases: the rules each industry code gets a decision for, and no other.
var sectorCases = []struct {
	industry string
	onList   bool // on the 工业软件 list (认定年份 empty)
	rules    string
}{
	{"0610", false, "D11-1 D11-2"},
	{"1310", false, "D11-1 D11-2"},
	{"2611", false, "D10-1 D10-2 D10-3 D11-1 D11-2"},
	{"4690", false, "D11-1 D11-2"},
	{"4710", false, ""},
	{"6432", false, "D10-4 D11-3 D11-4"},
	{"6511", false, "D10-1 D10-4 D11-3 D11-4"},
	{"6520", false, "D10-1 D10-4 D11-3 D11-4"},
	{"6513", false, "D10-4 D11-3 D11-4"},
	{"6513", true, "D10-1 D10-4 D11-3 D11-4"},
	{"7511", true, "D10-1"},
	{"3360", false, "D11-1 D11-2"},
	{"4011", false, "D10-1 D10-2 D10-3 D11-1 D11-2"},
}

// setupAudit fills a batch with the audit cases, in the given order of cases, and returns their codes.
func setupAudit(b *batch, cases []auditCase, order []int) []string {
	b.exec(`INSERT INTO restricted VALUES ('2710', '禁止', '全市', true, ?, ?, ?)`)
	b.exec(`INSERT INTO restricted VALUES ('2613', '限制', '大兴区', false, ?, ?, ?)`)
	b.exec(`INSERT INTO restricted VALUES ('352', '限制', '全市', true, ?, ?, ?)`)
	b.exec(`INSERT INTO restricted VALUES ('3411', '禁止', '东城区、丰台区、朝阳区、海淀区、石景山区、西城区', false, ?, ?, ?)`)
	codes := make([]string, len(cases))
	for i := range cases {
		codes[i] = code(100 + i)
	}
	for _, i := range order {
		cases[i].setup(b, codes[i])
	}
	for i, s := range sectorCases {
		c := code(500 + i)
		b.ent(c, ent{industry: s.industry})
		if s.onList {
			b.exec(`INSERT INTO industrial_software VALUES (?, NULL, ?, ?, ?)`, c)
		}
	}
	return codes
}

// TestDecideAuditsRulesSentenceBySentence covers the sentences of rules.md and outputs.md that the walk
// above leaves implicit: all reasons that apply, sector rows, baselines, near-miss edges, affiliates.
func TestDecideAuditsRulesSentenceBySentence(t *testing.T) {
	cases := auditCases()
	order := make([]int, len(cases))
	for i := range order {
		order[i] = i
	}
	b := newBatch(t)
	codes := setupAudit(b, cases, order)
	b.decide(time.Time{})
	all := b.decisions()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for rule, w := range c.want {
				checkDecision(t, all, codes[i]+" "+rule, w)
			}
		})
	}
	t.Run("a 92 code that the register also marks 个体 is refused once", func(t *testing.T) {
		for i, c := range cases {
			if strings.HasPrefix(c.name, "a 92 code") {
				checkDecision(t, all, "92"+codes[i][2:]+" D10-1", refused("not_legal_person"))
			}
		}
	})
	t.Run("each industry gets exactly the rules of its sectors", func(t *testing.T) {
		for i, s := range sectorCases {
			c := code(500 + i)
			var rules []string
			for _, r := range []string{"D10-1", "D10-2", "D10-3", "D10-4", "D11-1", "D11-2", "D11-3", "D11-4"} {
				if _, ok := all[c+" "+r]; ok {
					rules = append(rules, r)
				}
			}
			if got := strings.Join(rules, " "); got != s.rules {
				t.Errorf("industry %s (工业软件 list %v): rules %q, want %q", s.industry, s.onList, got, s.rules)
			}
		}
	})
	t.Run("a growth too large to store is left empty, the figures kept", func(t *testing.T) {
		for i, c := range cases {
			if strings.HasPrefix(c.name, "D11 a growth too large") {
				g := all[codes[i]+" D11-2"]
				if g.growth != "" || g.prev != "1.00" || g.net != "2000000000000.00" {
					t.Errorf("growth %q prev %s net %s", g.growth, g.prev, g.net)
				}
			}
		}
	})
	t.Run("affiliates outside the register get no decisions", func(t *testing.T) {
		for k := range all {
			if strings.HasPrefix(k, "911100888888") {
				t.Errorf("unexpected decision %s", k)
			}
		}
	})
	t.Run("reason_codes labels every code of the closed list", func(t *testing.T) {
		closed := []string{"not_beijing", "not_legal_person", "serious_dishonesty", "other_municipal_funds", "already_awarded",
			"restricted_industry", "not_above_scale", "not_first_above_scale", "not_started_in_year", "below_first_threshold",
			"not_first_over_threshold", "net_below_threshold", "growth_below_threshold", "headcount_fell", "non_positive_base",
			"missing_data:output_value", "missing_data:revenue", "missing_data:headcount", "missing_data:start_month",
			"superseded_by:D10-1", "superseded_by:D10-2", "superseded_by:D10-3", "superseded_by:D10-4",
			"prior_award_in_year", "affiliate_shift"}
		for _, c := range closed {
			var zh, en string
			if err := b.db.QueryRow(`SELECT label_zh, label_en FROM reason_codes WHERE code = ?`, c).Scan(&zh, &en); err != nil || zh == "" || en == "" {
				t.Errorf("reason %s: labels %q %q (%v)", c, zh, en, err)
			}
		}
	})
	t.Run("roster has the columns outputs.md names", func(t *testing.T) {
		rows, err := b.db.Query(`SELECT credit_code, name, district, rule_id, tier, amount_wan, remarks FROM roster`)
		if err != nil {
			t.Fatal(err)
		}
		rows.Close()
		var typ string
		if err := b.db.QueryRow(`SELECT data_type FROM duckdb_columns() WHERE table_name = 'roster' AND column_name = 'amount_wan'`).Scan(&typ); err != nil || typ != "DECIMAL(18,2)" {
			t.Errorf("amount_wan type %s (%v)", typ, err)
		}
	})
	t.Run("refused rows carry no tier and no amount; awarded rows no reasons", func(t *testing.T) {
		var n int
		if err := b.db.QueryRow(`SELECT count(*) FROM decisions WHERE (outcome = 'refused' AND (tier IS NOT NULL OR amount_yuan <> 0 OR paid_yuan <> 0 OR reasons = ''))
			OR (outcome = 'awarded' AND (reasons <> '' OR paid_yuan <> amount_yuan))
			OR (outcome IN ('superseded', 'review') AND paid_yuan <> 0)
			OR (near_miss AND outcome <> 'refused')`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d rows break the outcome invariants (%v)", n, err)
		}
	})

	// The same facts inserted in the reverse order give the same table, row for row.
	rev := make([]int, len(cases))
	for i := range rev {
		rev[i] = len(cases) - 1 - i
	}
	b2 := newBatch(t)
	setupAudit(b2, cases, rev)
	b2.decide(time.Time{})
	t.Run("decisions do not depend on the order rows arrive in", func(t *testing.T) {
		dump := func(bb *batch) string {
			rows, err := bb.db.Query(`SELECT * FROM decisions ORDER BY credit_code, rule_id`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			cols, _ := rows.Columns()
			var sb strings.Builder
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				fmt.Fprintln(&sb, vals...)
			}
			return sb.String()
		}
		if a, z := dump(b), dump(b2); a != z {
			t.Errorf("decisions differ with the input order:\n%s\n---\n%s", a, z)
		}
	})
}
