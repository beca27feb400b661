package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bjgjj/awards/loaders"
	"github.com/bjgjj/awards/pipeline/policy"
)

// The tests of this file walk rules.md "Holds: doubt never pays", "Rounds", the data gaps and the
// resolutions at their edges, through the SQL stages on loaded tables filled by INSERTs (as decide_test.go
// does). Dates given only to the month or year are inserted as the loader resolves them (inputs.md, rules.md
// "Holds"): a 列入日期 as the earliest day, a 移出日期 as the latest, 认定 as the latest with the default
// validity running from the earliest, 有效期至 as the earliest.

// quarantine adds a quarantined row of a kind about an enterprise (code "" = unreadable) and, for
// affiliates, its group ("" = unreadable); it returns the row's source_row.
func (b *batch) quarantine(kind loaders.Kind, code, group string) int {
	b.t.Helper()
	b.n++
	var c, g any
	if code != "" {
		c = code
	}
	if group != "" {
		g = group
	}
	if _, err := b.db.Exec(`INSERT INTO quarantine VALUES ('隔离.csv', '', ?, ?, ?, ?, '金额', '三十', '一行原文', 'bad_number')`,
		b.n, string(kind), c, g); err != nil {
		b.t.Fatal(err)
	}
	return b.n
}

// resolve adds a resolutions row: amount in 元 ("" none), reviewer and date "" for none.
func (b *batch) resolve(code, rule, conclusion, amount, reviewer, date string) {
	b.t.Helper()
	nullable := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	b.exec(`INSERT INTO resolutions VALUES (?, ?, ?, CAST(? AS DECIMAL(18,2)), ?, CAST(? AS DATE), '复核说明', ?, ?, ?)`,
		code, rule, conclusion, nullable(amount), nullable(reviewer), nullable(date))
}

// decideRounds decides the given rounds under the embedded 2022 policy.
func (b *batch) decideRounds(rounds ...int) {
	b.t.Helper()
	p, err := policy.Embedded(2022)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := Decide(context.Background(), b.db, p, time.Time{}, rounds...); err != nil {
		b.t.Fatal(err)
	}
}

// extra is what decisions says about a data gap or a review pair; potAmount "" means NULL.
type extra struct {
	dataGap            bool
	potTier, potAmount string
}

func (b *batch) extras() map[string]extra {
	b.t.Helper()
	rows, err := b.db.Query(`SELECT credit_code || ' ' || rule_id, data_gap, coalesce(potential_tier, ''),
		coalesce(CAST(potential_amount_yuan AS VARCHAR), '') FROM decisions`)
	if err != nil {
		b.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]extra{}
	for rows.Next() {
		var k string
		var e extra
		if err := rows.Scan(&k, &e.dataGap, &e.potTier, &e.potAmount); err != nil {
			b.t.Fatal(err)
		}
		out[k] = e
	}
	return out
}

// strings1 returns the first column of a query as strings, one per row.
func (b *batch) strings1(q string, args ...any) []string {
	b.t.Helper()
	rows, err := b.db.Query(q, args...)
	if err != nil {
		b.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			b.t.Fatal(err)
		}
		out = append(out, s.String)
	}
	return out
}

// held is a review outcome: the full amount, nothing paid.
func held(amount, reasons string) want {
	return want{outcome: "review", amount: amount, paid: "0.00", reasons: reasons}
}

func withRemarks(w want, r string) want { w.remarks = r; return w }

const assumedTier = "档位金额为假设值，待核定"

// One enterprise that qualifies for exactly the rule named (besides the D10 items it supersedes), with the
// decision it gets when nothing holds it.
var profiles = map[string]struct {
	setup func(b *batch, c string)
	award want
}{
	"D10-1": {func(b *batch, c string) { b.ent(c, ent{industry: advanced}); b.scale(c, 2021) }, adv(awarded("300000.00"))},
	"D10-2": {func(b *batch, c string) { b.ent(c, ent{industry: advanced, start: "2021-07-01"}); b.scale(c, 2021) },
		adv(awarded("500000.00"))},
	"D10-3": {func(b *batch, c string) {
		b.ent(c, ent{industry: advanced})
		b.scale(c, 2021)
		b.fig("output_value", c, 2021, 12, "150000000", "")
	}, adv(awarded("500000.00"))},
	"D10-4": {func(b *batch, c string) {
		b.ent(c, ent{industry: software})
		b.scale(c, 2021)
		b.fig("revenue", c, 2021, 12, "150000000", "")
	}, awarded("500000.00")},
	"D11-1": {func(b *batch, c string) {
		b.ent(c, ent{industry: industrialOnly})
		b.scale(c, 2022)
		b.fig("output_value", c, 2022, 12, "6000000000", "5000000000")
		b.heads(c, 100, 100)
	}, tiered("A2", "10000000.00", false)},
	"D11-2": {func(b *batch, c string) {
		b.ent(c, ent{industry: industrialOnly})
		b.scale(c, 2022)
		b.fig("output_value", c, 2022, 3, "1200000000", "1000000000")
	}, tiered("B1", "2000000.00", true)},
	"D11-3": {func(b *batch, c string) {
		b.ent(c, ent{industry: software})
		b.scale(c, 2022)
		b.fig("revenue", c, 2022, 12, "30000000000", "25000000000")
		b.heads(c, 100, 100)
	}, tiered("C1", "10000000.00", true)},
	"D11-4": {func(b *batch, c string) {
		b.ent(c, ent{industry: software})
		b.scale(c, 2022)
		b.fig("revenue", c, 2022, 3, "6000000000", "5000000000")
	}, tiered("D1", "2000000.00", true)},
}

// kindsRead is rules.md's table "the kinds each rule reads", written out here from the document (besides
// the kinds every rule reads: 单位名录, 严重失信, 其他市级资金, 已兑付奖励, 禁限目录).
var kindsRead = map[string][]loaders.Kind{
	"D10-1": {loaders.AboveScale, loaders.Specialised, loaders.IndustrialSoftware},
	"D10-2": {loaders.AboveScale},
	"D10-3": {loaders.AboveScale, loaders.OutputValue, loaders.Specialised},
	"D10-4": {loaders.AboveScale, loaders.Revenue, loaders.Specialised},
	"D11-1": {loaders.AboveScale, loaders.OutputValue, loaders.Headcount, loaders.Affiliates},
	"D11-2": {loaders.AboveScale, loaders.OutputValue, loaders.Affiliates},
	"D11-3": {loaders.AboveScale, loaders.Revenue, loaders.Headcount, loaders.Affiliates},
	"D11-4": {loaders.AboveScale, loaders.Revenue, loaders.Affiliates},
}

var everyRuleKinds = []loaders.Kind{loaders.Enterprises, loaders.Dishonesty, loaders.OtherFunds, loaders.PriorAwards, loaders.Restricted}

// TestRowUnreadableFollowsTheKindsTable: for every rule and every input kind, a quarantined row of that
// kind about a paying enterprise holds the rule's pair exactly when rules.md's table says the rule reads the
// kind; otherwise the award stands.
func TestRowUnreadableFollowsTheKindsTable(t *testing.T) {
	for rule, kinds := range kindsRead {
		want := append(slices.Clone(everyRuleKinds), kinds...)
		got := RuleKinds(rule)
		if len(got) != len(want) {
			t.Errorf("RuleKinds(%s) = %v, rules.md says %v", rule, got, want)
		}
		for _, k := range want {
			if !slices.Contains(got, k) {
				t.Errorf("RuleKinds(%s) lacks %s", rule, k)
			}
		}
	}
	b := newBatch(t)
	type pair struct {
		code, rule string
		kind       loaders.Kind
		row        int
	}
	var pairs []pair
	n := 0
	for _, rule := range slices.Sorted(func(yield func(string) bool) {
		for r := range profiles {
			if !yield(r) {
				return
			}
		}
	}) {
		for _, k := range loaders.Kinds {
			n++
			c := code(2000 + n)
			profiles[rule].setup(b, c)
			// A group of its own, so that the affiliates row holds no one else.
			row := b.quarantine(k, c, fmt.Sprintf("Q%03d", n))
			pairs = append(pairs, pair{c, rule, k, row})
		}
	}
	b.decide(time.Time{})
	all := b.decisions()
	ex := b.extras()
	for _, p := range pairs {
		t.Run(p.rule+" "+string(p.kind), func(t *testing.T) {
			award := profiles[p.rule].award
			reads := slices.Contains(everyRuleKinds, p.kind) || slices.Contains(kindsRead[p.rule], p.kind)
			if !reads {
				checkDecision(t, all, p.code+" "+p.rule, award)
				return
			}
			w := held(award.amount, "row_unreadable")
			w.tier, w.remarks = award.tier, award.remarks
			checkDecision(t, all, p.code+" "+p.rule, w)
			if e := ex[p.code+" "+p.rule]; e.potAmount != award.amount || e.potTier != award.tier || e.dataGap {
				t.Errorf("potential %+v, want what it would pay if resolved: %s %s", e, award.tier, award.amount)
			}
			src := b.strings1(`SELECT reason || '|' || kind || '|' || source_file || '|' || CAST(source_row AS VARCHAR) || '|' || detail
				FROM decision_holds WHERE credit_code = ? AND rule_id = ?`, p.code, p.rule)
			if wantSrc := fmt.Sprintf("row_unreadable|%s|隔离.csv|%d|bad_number", p.kind, p.row); len(src) != 1 || src[0] != wantSrc {
				t.Errorf("decision_holds %v, want [%s]", src, wantSrc)
			}
		})
	}
}

// TestHolds walks each hold alone, with 孰高 and with 差额补齐, and with refusals.
func TestHolds(t *testing.T) {
	b := newBatch(t)
	type hc struct {
		name  string
		setup func(c string)
		want  map[string]want
		extra map[string]extra
		holds map[string][]string
	}
	d10 := b.d10
	prior := func(c string, year, direction int, item, amount string) {
		var it, am any
		if item != "" {
			it = item
		}
		if amount != "" {
			am = amount
		}
		b.exec(`INSERT INTO prior_awards VALUES (?, ?, ?, ?, CAST(? AS DECIMAL(18,2)), ?, ?, ?)`, c, year, direction, it, am)
	}
	spec := func(c, on, earliest, until string) {
		var u any
		if until != "" {
			u = until
		}
		b.exec(`INSERT INTO specialised VALUES (?, 'municipal', NULL, CAST(? AS DATE), CAST(? AS DATE), CAST(? AS DATE), ?, ?, ?)`,
			c, on, earliest, u)
	}
	// first3 is a D10-3 enterprise: 规上 2020 and 2021, 2021 output 1.5亿; history as given.
	first3 := func(c string) {
		b.ent(c, ent{industry: advanced})
		b.scale(c, 2020, 2021)
		b.fig("output_value", c, 2021, 12, "150000000", "")
	}
	sup := func(amount, reasons string) want {
		return want{outcome: "superseded", amount: amount, paid: "0.00", reasons: reasons}
	}
	pam := "prior_award_amount_missing"
	cases := []hc{
		// prior_award_amount_missing.
		{"a prior award of P without amount holds the D10 award", func(c string) {
			d10(c, ent{})
			prior(c, 2022, 5, "", "")
		}, map[string]want{"D10-1": adv(held("300000.00", pam))}, map[string]extra{"D10-1": {potAmount: "300000.00"}},
			map[string][]string{"D10-1": {"prior_award_amount_missing|prior_awards|金额||2022年 方向5"}}},
		{"amount missing beside a known 10万: held, would top up 20万", func(c string) {
			d10(c, ent{})
			prior(c, 2022, 5, "A", "100000")
			prior(c, 2022, 7, "B", "")
		}, map[string]want{"D10-1": adv(held("300000.00", pam))}, map[string]extra{"D10-1": {potAmount: "200000.00"}}, nil},
		{"amount missing beside a known 30万: superseded for certain", func(c string) {
			d10(c, ent{})
			prior(c, 2022, 5, "A", "300000")
			prior(c, 2022, 7, "B", "")
		}, map[string]want{"D10-1": sup("300000.00", "prior_award_in_year")}, nil, nil},
		{"a direction-11 award of P without amount holds nothing", func(c string) {
			d10(c, ent{})
			prior(c, 2022, 11, "D11-2", "")
		}, map[string]want{"D10-1": adv(awarded("300000.00"))}, nil, nil},
		{"an earlier year's award without amount holds nothing", func(c string) {
			d10(c, ent{})
			prior(c, 2021, 5, "", "")
		}, map[string]want{"D10-1": adv(awarded("300000.00"))}, nil, nil},
		{"a prior award without amount does not hold direction 11", func(c string) {
			profiles["D11-2"].setup(b, c)
			prior(c, 2022, 5, "", "")
		}, map[string]want{"D11-2": tiered("B1", "2000000.00", true)}, nil, nil},
		{"孰高 with the amount missing: the highest item is held, the other superseded by it", func(c string) {
			d10(c, ent{start: "2021-03-01"})
			prior(c, 2022, 5, "", "")
		}, map[string]want{"D10-2": adv(held("500000.00", pam)), "D10-1": sup("300000.00", "superseded_by:D10-2")}, nil, nil},
		{"the item paid for P is refused; the other is held over the unknown baseline", func(c string) {
			d10(c, ent{start: "2021-03-01"})
			prior(c, 2022, 10, "D10-2", "")
		}, map[string]want{"D10-2": refused("already_awarded"), "D10-1": adv(held("300000.00", pam))}, nil, nil},

		// missing_history (D10-3; history years 2019 and 2020).
		{"规上 in 2020 without a 2020 figure: held", first3,
			map[string]want{"D10-3": adv(held("500000.00", "missing_history")), "D10-1": refused("not_first_above_scale")},
			map[string]extra{"D10-3": {potAmount: "500000.00"}},
			map[string][]string{"D10-3": {"missing_history|above_scale|年份|2020|2020"}}},
		{"规上 in 2020 with its own 2020 figure: awarded", func(c string) {
			first3(c)
			b.fig("output_value", c, 2020, 12, "80000000", "")
		}, map[string]want{"D10-3": adv(awarded("500000.00"))}, nil, nil},
		{"规上 in 2020, the 2020 figure reported as 上年同期 with 2021: awarded", func(c string) {
			b.ent(c, ent{industry: advanced})
			b.scale(c, 2020, 2021)
			b.fig("output_value", c, 2021, 12, "150000000", "80000000")
		}, map[string]want{"D10-3": adv(awarded("500000.00"))}, nil, nil},
		{"a 2020 row whose figure is empty is no figure: held", func(c string) {
			first3(c)
			b.fig("output_value", c, 2020, 12, "", "")
		}, map[string]want{"D10-3": adv(held("500000.00", "missing_history"))}, nil, nil},
		{"only a Q1 2020 figure is no annual figure: held", func(c string) {
			first3(c)
			b.fig("output_value", c, 2020, 3, "20000000", "")
		}, map[string]want{"D10-3": adv(held("500000.00", "missing_history"))}, nil, nil},
		{"a gap: 规上 2019 and 2021, no 2019 figure: held for 2019", func(c string) {
			b.ent(c, ent{industry: advanced})
			b.scale(c, 2019, 2021)
			b.fig("output_value", c, 2021, 12, "150000000", "")
		}, map[string]want{"D10-3": adv(held("500000.00", "missing_history"))}, nil,
			map[string][]string{"D10-3": {"missing_history|above_scale|年份|2019|2019"}}},
		{"both history years missing: one cause each", func(c string) {
			first3(c)
			b.scale(c, 2019)
		}, map[string]want{"D10-3": adv(held("500000.00", "missing_history"))}, nil,
			map[string][]string{"D10-3": {"missing_history|above_scale|年份|2019|2019", "missing_history|above_scale|年份|2020|2020"}}},
		{"规上 in 2018 only before R: 2018 is not a history year", func(c string) {
			b.ent(c, ent{industry: advanced})
			b.scale(c, 2018, 2021)
			b.fig("output_value", c, 2021, 12, "150000000", "")
		}, map[string]want{"D10-3": adv(awarded("500000.00"))}, nil, nil},
		{"not 规上 in the history years: nothing to confirm", func(c string) {
			d10(c, ent{})
			b.fig("output_value", c, 2021, 12, "150000000", "")
		}, map[string]want{"D10-3": adv(awarded("500000.00")), "D10-1": sup("300000.00", "superseded_by:D10-3")}, nil, nil},
		{"an earlier figure over 1亿 refuses: the hold is not recorded", func(c string) {
			first3(c)
			b.scale(c, 2019)
			b.fig("output_value", c, 2019, 12, "110000000", "")
		}, map[string]want{"D10-3": refused("not_first_over_threshold")}, map[string]extra{"D10-3": {}}, nil},
		{"held against a baseline of 20万: would top up 30万", func(c string) {
			first3(c)
			prior(c, 2022, 5, "", "200000")
		}, map[string]want{"D10-3": adv(held("500000.00", "missing_history"))}, map[string]extra{"D10-3": {potAmount: "300000.00"}}, nil},
		{"held against a baseline of 60万: superseded, not held", func(c string) {
			first3(c)
			prior(c, 2022, 5, "", "600000")
		}, map[string]want{"D10-3": sup("500000.00", "prior_award_in_year")}, map[string]extra{"D10-3": {}}, nil},
		{"held with the 专精特新 bonus: 70万", func(c string) {
			first3(c)
			spec(c, "2021-01-01", "2021-01-01", "")
		}, map[string]want{"D10-3": adv(withRemarks(held("700000.00", "missing_history"), "含专精特新奖励20万元"))}, nil, nil},

		// figures_disagree: R's own figure and the 上年同期 reported with P across 1亿.
		{"own 1.2亿, reported 0.9亿: held", func(c string) {
			d10(c, ent{})
			b.fig("output_value", c, 2021, 12, "120000000", "")
			b.fig("output_value", c, 2022, 12, "130000000", "90000000")
		}, map[string]want{"D10-3": adv(held("500000.00", "figures_disagree")), "D10-1": sup("300000.00", "superseded_by:D10-3")}, nil,
			map[string][]string{"D10-3": {"figures_disagree|output_value|上年同期|90000000.00|2022年行报送的上年同期值",
				"figures_disagree|output_value|本期|120000000.00|2021年本期值"}}},
		{"own 0.9亿, reported 1.2亿: held, not refused below the floor", func(c string) {
			d10(c, ent{})
			b.fig("output_value", c, 2021, 12, "90000000", "")
			b.fig("output_value", c, 2022, 12, "130000000", "120000000")
		}, map[string]want{"D10-3": adv(held("500000.00", "figures_disagree"))}, nil, nil},
		{"own exactly 1亿, reported 1亿 − 0.01: held", func(c string) {
			d10(c, ent{})
			b.fig("output_value", c, 2021, 12, "100000000", "")
			b.fig("output_value", c, 2022, 12, "130000000", "99999999.99")
		}, map[string]want{"D10-3": adv(held("500000.00", "figures_disagree"))}, nil, nil},
		{"both over 1亿: no disagreement, awarded", func(c string) {
			d10(c, ent{})
			b.fig("output_value", c, 2021, 12, "120000000", "")
			b.fig("output_value", c, 2022, 12, "130000000", "110000000")
		}, map[string]want{"D10-3": adv(awarded("500000.00"))}, nil, nil},
		{"both under 1亿: refused on R's own figure, a near miss", func(c string) {
			d10(c, ent{})
			b.fig("output_value", c, 2021, 12, "96000000", "")
			b.fig("output_value", c, 2022, 12, "130000000", "80000000")
		}, map[string]want{"D10-3": nearMiss("below_first_threshold")}, nil, nil},
		{"no row of R: the 上年同期 reported with P is the level", func(c string) {
			d10(c, ent{})
			b.fig("output_value", c, 2022, 12, "130000000", "120000000")
		}, map[string]want{"D10-3": adv(awarded("500000.00"))}, nil, nil},
		{"a row of R with an empty figure: missing, a data gap", func(c string) {
			d10(c, ent{})
			b.fig("output_value", c, 2021, 12, "", "")
			b.fig("output_value", c, 2022, 12, "130000000", "120000000")
		}, map[string]want{"D10-3": refused("missing_data:output_value"), "D10-1": adv(awarded("300000.00"))},
			map[string]extra{"D10-3": {dataGap: true, potAmount: "500000.00"}}, nil},
		{"D10-4: own 1.5亿, reported 0.8亿: held", func(c string) {
			b.ent(c, ent{industry: software})
			b.scale(c, 2021)
			b.fig("revenue", c, 2021, 12, "150000000", "")
			b.fig("revenue", c, 2022, 12, "160000000", "80000000")
		}, map[string]want{"D10-4": held("500000.00", "figures_disagree")}, nil, nil},
		{"disagreeing figures of a pair refused for another reason: refused only", func(c string) {
			b.ent(c, ent{industry: advanced})
			b.scale(c, 2022)
			b.fig("output_value", c, 2021, 12, "120000000", "")
			b.fig("output_value", c, 2022, 12, "130000000", "90000000")
		}, map[string]want{"D10-3": refused("not_above_scale")}, nil, nil},

		// Holds within 孰高 and against the baseline.
		{"a quarantined 规上 row holds every D10 item: the highest waits, the other is superseded by it", func(c string) {
			d10(c, ent{start: "2021-03-01"})
			b.quarantine(loaders.AboveScale, c, "")
		}, map[string]want{"D10-2": adv(held("500000.00", "row_unreadable")), "D10-1": sup("300000.00", "superseded_by:D10-2")}, nil, nil},
		{"a held lower item is superseded by a higher paid one", func(c string) {
			d10(c, ent{start: "2021-03-01"})
			b.quarantine(loaders.Specialised, c, "")
		}, map[string]want{"D10-2": adv(awarded("500000.00")), "D10-1": sup("300000.00", "superseded_by:D10-2")},
			map[string]extra{"D10-1": {}}, nil},
		{"a held item tied with a paid one: the lower rule id wins and pays", func(c string) {
			d10(c, ent{start: "2021-03-01"})
			b.fig("output_value", c, 2021, 12, "150000000", "")
			b.quarantine(loaders.Specialised, c, "")
		}, map[string]want{"D10-2": adv(awarded("500000.00")), "D10-3": sup("500000.00", "superseded_by:D10-2")}, nil, nil},
		{"a held item above the paid ones takes part by its full amount", func(c string) {
			d10(c, ent{start: "2021-03-01"})
			b.fig("output_value", c, 2021, 12, "150000000", "")
			b.fig("output_value", c, 2022, 12, "160000000", "90000000")
			spec(c, "2021-01-01", "2021-01-01", "")
		}, map[string]want{"D10-3": adv(withRemarks(held("700000.00", "figures_disagree"), "含专精特新奖励20万元")),
			"D10-1": withRemarks(sup("500000.00", "superseded_by:D10-3"), "含专精特新奖励20万元"), "D10-2": sup("500000.00", "superseded_by:D10-3")},
			map[string]extra{"D10-3": {potAmount: "700000.00"}}, nil},
		{"a held item at or below the year's baseline is superseded", func(c string) {
			d10(c, ent{start: "2021-03-01"})
			b.quarantine(loaders.AboveScale, c, "")
			prior(c, 2022, 5, "", "500000")
		}, map[string]want{"D10-2": sup("500000.00", "prior_award_in_year"),
			"D10-1": sup("300000.00", "prior_award_in_year;superseded_by:D10-2")}, nil, nil},
		{"a held item above the baseline waits; it would top up", func(c string) {
			d10(c, ent{start: "2021-03-01"})
			b.quarantine(loaders.AboveScale, c, "")
			prior(c, 2022, 5, "", "200000")
		}, map[string]want{"D10-2": adv(held("500000.00", "row_unreadable"))}, map[string]extra{"D10-2": {potAmount: "300000.00"}}, nil},
		{"a quarantined 参保人数 row and a fallen headcount: refused, not held", func(c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 12, "6000000000", "5000000000")
			b.heads(c, 100, 99)
			b.quarantine(loaders.Headcount, c, "")
		}, map[string]want{"D11-1": refused("headcount_fell")}, nil, nil},
		{"a quarantined 参保人数 row the headcount was lost to: a data gap, not a hold", func(c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 12, "6000000000", "5000000000")
			b.heads(c, 100, -1)
			b.quarantine(loaders.Headcount, c, "")
		}, map[string]want{"D11-1": refused("missing_data:headcount")}, map[string]extra{"D11-1": {dataGap: true, potTier: "A2", potAmount: "10000000.00"}}, nil},
		{"a hold and an affiliate review together", func(c string) {
			profiles["D11-1"].setup(b, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'HA', ?, ?, ?)`, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'HA', ?, ?, ?)`, memberCode(901))
			b.fig("output_value", memberCode(901), 2022, 12, "1000000000", "2000000000")
			b.quarantine(loaders.Headcount, c, "")
		}, map[string]want{"D11-1": withRemarks(func() want { w := held("10000000.00", "affiliate_shift;row_unreadable"); w.tier = "A2"; return w }(), "")},
			map[string]extra{"D11-1": {potTier: "A2", potAmount: "10000000.00"}}, nil},

		// A hold never lifts a refusal: a quarantined 失信 row beside a listing that refuses.
		{"a quarantined 失信 row beside one that refuses: refused", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO dishonesty VALUES (?, DATE '2021-01-01', NULL, ?, ?, ?)`, c)
			b.quarantine(loaders.Dishonesty, c, "")
		}, map[string]want{"D10-1": refused("serious_dishonesty")}, map[string]extra{"D10-1": {}}, nil},
	}
	edge := make([]edgeCase, len(cases))
	for i, c := range cases {
		edge[i] = edgeCase{name: c.name, setup: c.setup, want: c.want, extra: c.extra, holds: c.holds}
	}
	codes := runEdgeCases(t, b, 3000, edge)
	t.Run("only review pairs have hold rows, and every hold reason of a review row has one", func(t *testing.T) {
		if n := b.strings1(`SELECT count(*) FROM decision_holds h JOIN decisions d USING (credit_code, rule_id) WHERE d.outcome <> 'review'`); n[0] != "0" {
			t.Errorf("%s hold rows on pairs that are not review", n[0])
		}
		if n := b.strings1(`SELECT count(*) FROM (SELECT credit_code, rule_id, unnest(string_split(reasons, ';')) r FROM decisions WHERE outcome = 'review') d
			WHERE r IN ('row_unreadable', 'prior_award_amount_missing', 'missing_history', 'figures_disagree')
			  AND NOT EXISTS (SELECT 1 FROM decision_holds h WHERE h.credit_code = d.credit_code AND h.rule_id = d.rule_id AND h.reason = d.r)`); n[0] != "0" {
			t.Errorf("%s hold reasons without a row behind them", n[0])
		}
	})
	t.Run("the affiliate review keeps the members' before and after", func(t *testing.T) {
		i := slices.IndexFunc(cases, func(c hc) bool { return c.name == "a hold and an affiliate review together" })
		got := b.strings1(`SELECT CAST(net_value_yuan AS VARCHAR) || '|' || CAST(fall_total_yuan AS VARCHAR) || '|' || CAST(limit_yuan AS VARCHAR) || '|' || CAST(share AS VARCHAR) FROM affiliate_reviews WHERE credit_code = ?`, codes[i])
		if len(got) != 1 || got[0] != "1000000000.00|1000000000.00|500000000.000000|0.5000" {
			t.Errorf("affiliate_reviews %v", got)
		}
		got = b.strings1(`SELECT member_code || '|' || coalesce(member_name, '-') || '|' || CAST(prev_yuan AS VARCHAR) || '|' || CAST(cur_yuan AS VARCHAR) || '|' || CAST(fall_yuan AS VARCHAR)
			FROM affiliate_members WHERE credit_code = ?`, codes[i])
		if len(got) != 1 || got[0] != memberCode(901)+"|-|2000000000.00|1000000000.00|1000000000.00" {
			t.Errorf("affiliate_members %v", got)
		}
	})
}

// TestAffiliatesRowHoldsItsGroup: a quarantined 关联企业 row holds the direction-11 pairs of every member of
// the group it names; when the group cannot be read, of every enterprise on the 关联企业 list.
func TestAffiliatesRowHoldsItsGroup(t *testing.T) {
	setup := func(b *batch) (g1, g2, outside, d10 string) {
		g1, g2, outside = code(4001), code(4002), code(4003)
		profiles["D11-1"].setup(b, g1)
		profiles["D11-2"].setup(b, g2)
		profiles["D11-1"].setup(b, outside)
		b.exec(`INSERT INTO affiliates VALUES (?, 'G-甲', ?, ?, ?)`, g1)
		b.exec(`INSERT INTO affiliates VALUES (?, 'G-甲', ?, ?, ?)`, g2)
		d10 = code(4004)
		profiles["D10-1"].setup(b, d10)
		b.exec(`INSERT INTO affiliates VALUES (?, 'G-乙', ?, ?, ?)`, d10)
		return
	}
	heldD11 := func(w want) want {
		h := held(w.amount, "row_unreadable")
		h.tier, h.remarks = w.tier, w.remarks
		return h
	}

	t.Run("group readable", func(t *testing.T) {
		b := newBatch(t)
		g1, g2, outside, d10 := setup(b)
		b.quarantine(loaders.Affiliates, memberCode(950), "G-甲")
		b.decide(time.Time{})
		all := b.decisions()
		checkDecision(t, all, g1+" D11-1", heldD11(profiles["D11-1"].award))
		checkDecision(t, all, g2+" D11-2", heldD11(profiles["D11-2"].award))
		checkDecision(t, all, outside+" D11-1", profiles["D11-1"].award)
		checkDecision(t, all, d10+" D10-1", profiles["D10-1"].award)
	})
	t.Run("group unreadable: every enterprise on the list", func(t *testing.T) {
		b := newBatch(t)
		g1, g2, outside, d10 := setup(b)
		b.quarantine(loaders.Affiliates, "", "")
		b.decide(time.Time{})
		all := b.decisions()
		checkDecision(t, all, g1+" D11-1", heldD11(profiles["D11-1"].award))
		checkDecision(t, all, g2+" D11-2", heldD11(profiles["D11-2"].award))
		checkDecision(t, all, outside+" D11-1", profiles["D11-1"].award)
		// On the list, but direction 10 does not read 关联企业.
		checkDecision(t, all, d10+" D10-1", profiles["D10-1"].award)
		checkDecision(t, all, d10+" D11-1", refused("missing_data:headcount;missing_data:output_value;not_above_scale"))
	})
}

// TestGroupMemberFigureRowHoldsTheOthers: the affiliate review of a direction-11 pair rests on the other
// members' figures (rules.md "Review flags"). A member's 工业总产值 or 营业收入 row that was quarantined cannot
// count as a member without figures (falls 0): that would pay a pair the undamaged batch sends to review. It
// holds the direction-11 pairs of the group's other members that read its kind; a figure row whose code
// cannot be read may be any member's, so it holds every group member's.
func TestGroupMemberFigureRowHoldsTheOthers(t *testing.T) {
	heldD11 := func(w want) want {
		h := held(w.amount, "row_unreadable")
		h.tier, h.remarks = w.tier, w.remarks
		return h
	}
	// g1 (D11-1) and g3 (D11-3) share a group with m, whose output fell by 10亿 (g1's net is 10亿: a review
	// when m's figures are read). outside is in no group.
	setup := func(b *batch) (g1, g3, m, outside string) {
		g1, g3, m, outside = code(4101), code(4102), memberCode(4103), code(4104)
		profiles["D11-1"].setup(b, g1)
		profiles["D11-3"].setup(b, g3)
		profiles["D11-1"].setup(b, outside)
		for _, c := range []string{g1, g3, m} {
			b.exec(`INSERT INTO affiliates VALUES (?, 'G-丙', ?, ?, ?)`, c)
		}
		return
	}
	t.Run("read: the falling member sends g1 to review", func(t *testing.T) {
		b := newBatch(t)
		g1, g3, m, outside := setup(b)
		b.fig("output_value", m, 2022, 12, "1000000000", "2000000000")
		b.decide(time.Time{})
		all := b.decisions()
		w := held(profiles["D11-1"].award.amount, "affiliate_shift")
		w.tier, w.remarks = profiles["D11-1"].award.tier, profiles["D11-1"].award.remarks
		checkDecision(t, all, g1+" D11-1", w)
		checkDecision(t, all, g3+" D11-3", profiles["D11-3"].award)
		checkDecision(t, all, outside+" D11-1", profiles["D11-1"].award)
	})
	t.Run("the member's 工业总产值 row quarantined", func(t *testing.T) {
		b := newBatch(t)
		g1, g3, m, outside := setup(b)
		row := b.quarantine(loaders.OutputValue, m, "")
		b.decide(time.Time{})
		all := b.decisions()
		checkDecision(t, all, g1+" D11-1", heldD11(profiles["D11-1"].award))
		// 营业收入 rules do not read 工业总产值.
		checkDecision(t, all, g3+" D11-3", profiles["D11-3"].award)
		checkDecision(t, all, outside+" D11-1", profiles["D11-1"].award)
		got := b.strings1(`SELECT reason || '|' || kind || '|' || source_file || '|' || CAST(source_row AS VARCHAR) || '|' || detail
			FROM decision_holds WHERE credit_code = ? AND rule_id = 'D11-1'`, g1)
		if wantSrc := fmt.Sprintf("row_unreadable|output_value|隔离.csv|%d|bad_number（同集团成员 %s 的行）", row, m); len(got) != 1 || got[0] != wantSrc {
			t.Errorf("decision_holds %v, want [%s]", got, wantSrc)
		}
	})
	t.Run("a 营业收入 row whose code cannot be read", func(t *testing.T) {
		b := newBatch(t)
		g1, g3, _, outside := setup(b)
		b.quarantine(loaders.Revenue, "", "")
		b.decide(time.Time{})
		all := b.decisions()
		checkDecision(t, all, g1+" D11-1", profiles["D11-1"].award)
		checkDecision(t, all, g3+" D11-3", heldD11(profiles["D11-3"].award))
		checkDecision(t, all, outside+" D11-1", profiles["D11-1"].award)
	})
}

// TestUnreadableListRowThatBringsTheSector: an enterprise whose only way into D10-1's sector is the 工业软件
// list, and whose list row was quarantined (its code readable), does not vanish from D10-1: the pair is held
// (D10-1 reads the list) when it would pay. When it would be refused anyway, no decision is recorded: whether
// the pair is in the rule's sector at all cannot be told.
func TestUnreadableListRowThatBringsTheSector(t *testing.T) {
	b := newBatch(t)
	const wholesale = "5191" // in no rule's sector by its code
	first, notFirst, onList := code(4201), code(4202), code(4203)
	for _, c := range []string{first, notFirst, onList} {
		b.ent(c, ent{industry: wholesale})
	}
	b.scale(first, 2021)
	b.scale(notFirst, 2020, 2021)
	b.scale(onList, 2021)
	b.quarantine(loaders.IndustrialSoftware, first, "")
	b.quarantine(loaders.IndustrialSoftware, notFirst, "")
	// On the list (a row loaded) and a second row quarantined: in the sector for certain, and held.
	b.exec(`INSERT INTO industrial_software VALUES (?, 2020, ?, ?, ?)`, onList)
	b.quarantine(loaders.IndustrialSoftware, onList, "")
	b.decide(time.Time{})
	all := b.decisions()
	checkDecision(t, all, first+" D10-1", held("300000.00", "row_unreadable"))
	checkDecision(t, all, onList+" D10-1", held("300000.00", "row_unreadable"))
	if d, ok := all[notFirst+" D10-1"]; ok {
		t.Errorf("%s D10-1 decided (%s) although its sector cannot be told and it would be refused", notFirst, d.outcome)
	}
	if n := b.strings1(`SELECT count(*) FROM decisions WHERE credit_code IN (?, ?) AND rule_id <> 'D10-1'`, first, notFirst); n[0] != "0" {
		t.Errorf("%s decisions of other rules for enterprises in no rule's sector", n[0])
	}
}

// TestUnreadableRegisterRowHoldsTheEnterprise: an enterprise whose only 单位名录 row was quarantined is
// decided with every register fact unknown — its money held, not lost with the row — and a 同意 cannot pay
// it, since the payee's registered name is unknown.
func TestUnreadableRegisterRowHoldsTheEnterprise(t *testing.T) {
	b := newBatch(t)
	d11, d10, individual, refusedAll := code(4301), code(4302), "92110000MA00000001", code(4304)
	b.quarantine(loaders.Enterprises, d11, "")
	b.scale(d11, 2022)
	b.fig("output_value", d11, 2022, 12, "6000000000", "5000000000")
	b.heads(d11, 100, 100)
	// D10-2 reads the register's 投产年月: unknown is no missing_data, and outranks D10-1 while held.
	b.quarantine(loaders.Enterprises, d10, "")
	b.scale(d10, 2021)
	// A code beginning 92 is an 个体工商户 whatever the register says (G2): refused, so not recorded.
	b.quarantine(loaders.Enterprises, individual, "")
	b.scale(individual, 2021)
	// Nothing would pay: nothing is recorded.
	b.quarantine(loaders.Enterprises, refusedAll, "")
	b.scale(refusedAll, 2019, 2020, 2021, 2022)
	b.resolve(d11, "D11-1", "同意", "10000000", "王五", "2023-02-01")
	b.decide(time.Time{})
	all := b.decisions()
	w := held("10000000.00", "row_unreadable")
	w.tier = "A2"
	checkDecision(t, all, d11+" D11-1", w)
	checkDecision(t, all, d10+" D10-2", held("500000.00", "row_unreadable"))
	for k, d := range all {
		code, rule, _ := strings.Cut(k, " ")
		if (code == d11 && rule != "D11-1") || (code == d10 && rule != "D10-2") || code == individual || code == refusedAll {
			t.Errorf("%s is decided (%s %s): only held pairs of an unreadable register row are recorded", k, d.outcome, d.reasons)
		}
	}
	if got := b.strings1(`SELECT status || '|' || split_part(stale_reason, ' / ', 1) FROM resolution_status WHERE credit_code = ?`, d11); len(got) != 1 ||
		!strings.HasPrefix(got[0], "stale|单位名录中该企业的行无法读取") {
		t.Errorf("the 同意 for %s D11-1: %v, want stale because the register row is unreadable", d11, got)
	}
}

// TestListCodeOneSlipFromAnEnterprise: a row of a list whose missing row could raise a payment, whose code
// is in no register row but one character (or two neighbours swapped) from an enterprise's, holds that
// enterprise's pairs reading the kind instead of letting the listing pass it by; a code far from every
// enterprise's is a stranger's row and changes nothing.
func TestListCodeOneSlipFromAnEnterprise(t *testing.T) {
	b := newBatch(t)
	dishonest, funded, scaled, stranger := code(4401), code(4402), code(4403), code(4404)
	slip := func(c string, i int, ch byte) string { return c[:i] + string(ch) + c[i+1:] }
	profiles["D10-1"].setup(b, dishonest)
	b.exec(`INSERT INTO dishonesty VALUES (?, DATE '2021-01-01', NULL, ?, ?, ?)`, slip(dishonest, 9, '5'))
	profiles["D11-1"].setup(b, funded)
	swapped := funded[:16] + funded[17:18] + funded[16:17] // …4402 → …4420
	b.exec(`INSERT INTO other_funds VALUES (?, 11, '某资金', NULL, ?, ?, ?)`, swapped)
	profiles["D10-1"].setup(b, scaled)
	b.scale(slip(scaled, 6, '1'), 2020)
	profiles["D11-1"].setup(b, stranger)
	b.exec(`INSERT INTO dishonesty VALUES (?, DATE '2021-01-01', NULL, ?, ?, ?)`, code(987654))
	// A 关联企业 row mistyping a member: the group's affiliate review would count a member without figures
	// (falls 0) in its place, so the other members' direction-11 pairs are held too.
	member, partner := code(4405), code(4406)
	profiles["D10-1"].setup(b, member)
	profiles["D11-1"].setup(b, partner)
	b.exec(`INSERT INTO affiliates VALUES (?, 'G-丙', ?, ?, ?)`, slip(member, 8, '7'))
	b.exec(`INSERT INTO affiliates VALUES (?, 'G-丙', ?, ?, ?)`, partner)
	// A member outside the register is known by its figures (stage 260 counts it): mistyped on the list,
	// it holds its group too.
	ghost, partner2 := memberCode(4408), code(4409)
	b.fig("output_value", ghost, 2022, 12, "1000000000", "3000000000")
	profiles["D11-1"].setup(b, partner2)
	b.exec(`INSERT INTO affiliates VALUES (?, 'G-丁', ?, ?, ?)`, slip(ghost, 12, '9'))
	b.exec(`INSERT INTO affiliates VALUES (?, 'G-丁', ?, ?, ?)`, partner2)
	// A row both unreadable and mistyped holds as a mistyped one does.
	quarantinedSlip := code(4407)
	profiles["D10-1"].setup(b, quarantinedSlip)
	b.quarantine(loaders.Dishonesty, slip(quarantinedSlip, 9, '6'), "")
	b.decide(time.Time{})
	all := b.decisions()
	checkDecision(t, all, dishonest+" D10-1", adv(held("300000.00", "row_unreadable")))
	w := held("10000000.00", "row_unreadable")
	w.tier = "A2"
	checkDecision(t, all, funded+" D11-1", w)
	checkDecision(t, all, scaled+" D10-1", adv(held("300000.00", "row_unreadable")))
	checkDecision(t, all, stranger+" D11-1", profiles["D11-1"].award)
	checkDecision(t, all, partner+" D11-1", w)
	checkDecision(t, all, partner2+" D11-1", w)
	checkDecision(t, all, member+" D10-1", profiles["D10-1"].award) // direction 10 reads no 关联企业
	checkDecision(t, all, quarantinedSlip+" D10-1", adv(held("300000.00", "row_unreadable")))
	if got := b.strings1(`SELECT kind || ' ' || raw_value FROM decision_holds WHERE credit_code = ? AND rule_id = 'D11-1'`, funded); len(got) != 1 || got[0] != "other_funds "+swapped {
		t.Errorf("%s D11-1 holds %v, want the other-funds row of %s", funded, got, swapped)
	}
}

// TestDatesToTheMonthOrYear: month- and year-only dates, resolved as the loader resolves them, on each
// side of a window edge (evaluation date 2022-06-30 for direction 10; 失信 window from 2019-06-30).
func TestDatesToTheMonthOrYear(t *testing.T) {
	b := newBatch(t)
	type dc struct {
		name  string
		setup func(c string)
		want  want
	}
	dis := func(listed, removed string) func(c string) {
		return func(c string) {
			var r any
			if removed != "" {
				r = removed
			}
			b.exec(`INSERT INTO dishonesty VALUES (?, CAST(? AS DATE), CAST(? AS DATE), ?, ?, ?)`, c, listed, r)
		}
	}
	spec := func(on, earliest, until string) func(c string) {
		return func(c string) {
			var u any
			if until != "" {
				u = until
			}
			b.exec(`INSERT INTO specialised VALUES (?, 'national', NULL, CAST(? AS DATE), CAST(? AS DATE), CAST(? AS DATE), ?, ?, ?)`,
				c, on, earliest, u)
		}
	}
	plain := adv(awarded("300000.00"))
	bonus := adv(want{outcome: "awarded", amount: "500000.00", paid: "500000.00", remarks: "含专精特新奖励20万元"})
	cases := []dc{
		{"列入 2022年6月 (from 2022-06-01) is listed by the evaluation date", dis("2022-06-01", ""), refused("serious_dishonesty")},
		{"列入 2022年7月 (from 2022-07-01) is after it", dis("2022-07-01", ""), plain},
		{"列入 2022 (from 2022-01-01) is listed by it", dis("2022-01-01", ""), refused("serious_dishonesty")},
		{"移出 2019年6月 (to 2019-06-30) reaches the window", dis("2018-01-01", "2019-06-30"), refused("serious_dishonesty")},
		{"移出 2019年5月 (to 2019-05-31) does not", dis("2018-01-01", "2019-05-31"), plain},
		{"移出 2019 (to 2019-12-31) reaches the window", dis("2017-01-01", "2019-12-31"), refused("serious_dishonesty")},
		{"移出 2018 (to 2018-12-31) does not", dis("2017-01-01", "2018-12-31"), plain},
		{"认定 2022年6月 (valid from 2022-06-30) counts on 2022-06-30", spec("2022-06-30", "2022-06-01", ""), bonus},
		{"认定 2022年7月 (valid from 2022-07-31) does not", spec("2022-07-31", "2022-07-01", ""), plain},
		{"认定年份 2020 (from 2020-12-31, three years from 2020-01-01) counts", spec("2020-12-31", "2020-01-01", ""), bonus},
		{"认定年份 2019 (three years from 2019-01-01 end 2022-01-01) has lapsed", spec("2019-12-31", "2019-01-01", ""), plain},
		{"认定 2019年6月 (three years from 2019-06-01 end 2022-06-01) has lapsed", spec("2019-06-30", "2019-06-01", ""), plain},
		{"认定 2019年7月 (three years from 2019-07-01 end 2022-07-01) counts", spec("2019-07-31", "2019-07-01", ""), bonus},
		{"有效期至 2022年6月 (to 2022-06-01) has lapsed", spec("2020-01-01", "2020-01-01", "2022-06-01"), plain},
		{"有效期至 2022年7月 (to 2022-07-01) counts", spec("2020-01-01", "2020-01-01", "2022-07-01"), bonus},
	}
	codes := make([]string, len(cases))
	for i, c := range cases {
		codes[i] = code(5000 + i)
		b.ent(codes[i], ent{industry: advanced})
		b.scale(codes[i], 2021)
		c.setup(codes[i])
	}
	b.decide(time.Time{})
	all := b.decisions()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkDecision(t, all, codes[i]+" D10-1", c.want) })
	}
}

// TestDataGaps: refused only for missing figures is a data gap with what it would pay.
func TestDataGaps(t *testing.T) {
	b := newBatch(t)
	type gc struct {
		name  string
		setup func(c string)
		want  map[string]want
		extra map[string]extra
	}
	d10 := b.d10
	none := extra{}
	cases := []gc{
		{"D11-1 A2 refused only for the 2022 headcount: potential A2 1000万", func(c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 12, "6000000000", "5000000000")
			b.heads(c, 100, -1)
		}, map[string]want{"D11-1": refused("missing_data:headcount")},
			map[string]extra{"D11-1": {dataGap: true, potTier: "A2", potAmount: "10000000.00"}}},
		{"D11-1 without its 2022 output: a gap with no reachable tier", func(c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2021, 12, "5000000000", "")
			b.heads(c, 100, 100)
		}, map[string]want{"D11-1": refused("missing_data:output_value")}, map[string]extra{"D11-1": {dataGap: true}}},
		{"D11-3 C1 without either headcount: potential C1", func(c string) {
			b.ent(c, ent{industry: software})
			b.scale(c, 2022)
			b.fig("revenue", c, 2022, 12, "30000000000", "25000000000")
		}, map[string]want{"D11-3": refused("missing_data:headcount")},
			map[string]extra{"D11-3": {dataGap: true, potTier: "C1", potAmount: "10000000.00"}}},
		{"missing headcount and a growth too low: no gap", func(c string) {
			b.ent(c, ent{industry: industrialOnly})
			b.scale(c, 2022)
			b.fig("output_value", c, 2022, 12, "6000000000", "5500000000")
			b.heads(c, -1, 100)
		}, map[string]want{"D11-1": refused("growth_below_threshold;missing_data:headcount;net_below_threshold")},
			map[string]extra{"D11-1": none}},
		{"D10-2 without 投产年月 would beat the paid D10-1: potential 50万", func(c string) { d10(c, ent{}) },
			map[string]want{"D10-2": refused("missing_data:start_month"), "D10-1": adv(awarded("300000.00"))},
			map[string]extra{"D10-2": {dataGap: true, potAmount: "500000.00"}, "D10-1": none}},
		{"D10-2 without 投产年月 under a paid 70万: potential 0", func(c string) {
			d10(c, ent{})
			b.fig("output_value", c, 2021, 12, "150000000", "")
			b.exec(`INSERT INTO specialised VALUES (?, 'municipal', NULL, DATE '2021-01-01', DATE '2021-01-01', NULL, ?, ?, ?)`, c)
		}, map[string]want{"D10-2": refused("missing_data:start_month")}, map[string]extra{"D10-2": {dataGap: true, potAmount: "0.00"}}},
		{"D10-2 without 投产年月 against a baseline of 20万: potential 30万", func(c string) {
			d10(c, ent{})
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 5, NULL, 200000, ?, ?, ?)`, c)
		}, map[string]want{"D10-1": adv(want{outcome: "topped_up", amount: "300000.00", paid: "100000.00", remarks: "差额补齐：本年已兑付20万元"})},
			map[string]extra{"D10-2": {dataGap: true, potAmount: "300000.00"}}},
		{"D10-2 gap tied with a paid D10-3: the lower rule id would win", func(c string) {
			d10(c, ent{})
			b.fig("output_value", c, 2021, 12, "150000000", "")
		}, map[string]want{"D10-3": adv(awarded("500000.00"))}, map[string]extra{"D10-2": {dataGap: true, potAmount: "500000.00"}}},
		{"D10-3 gap tied with a paid D10-2: D10-2 keeps it", func(c string) { d10(c, ent{start: "2021-05-01"}) },
			map[string]want{"D10-2": adv(awarded("500000.00")), "D10-3": refused("missing_data:output_value")},
			map[string]extra{"D10-3": {dataGap: true, potAmount: "0.00"}}},
		{"D10-3 without 2021 output, D10-1 paid 30万: potential 50万", func(c string) { d10(c, ent{start: "2020-05-01"}) },
			map[string]want{"D10-3": refused("missing_data:output_value"), "D10-2": refused("not_started_in_year")},
			map[string]extra{"D10-3": {dataGap: true, potAmount: "500000.00"}, "D10-2": none}},
		{"D10-4 without 2021 revenue: potential 50万", func(c string) {
			b.ent(c, ent{industry: software})
			b.scale(c, 2021)
		}, map[string]want{"D10-4": refused("missing_data:revenue")}, map[string]extra{"D10-4": {dataGap: true, potAmount: "500000.00"}}},
		{"a missing figure beside another refusal is no gap", func(c string) { d10(c, ent{notBeijing: true}) },
			map[string]want{"D10-2": refused("missing_data:start_month;not_beijing")}, map[string]extra{"D10-2": none}},
	}
	edge := make([]edgeCase, len(cases))
	for i, c := range cases {
		edge[i] = edgeCase{name: c.name, setup: c.setup, want: c.want, extra: c.extra}
	}
	runEdgeCases(t, b, 6000, edge)
	t.Run("no potential on awarded, topped_up, superseded or non-gap refusals", func(t *testing.T) {
		if n := b.strings1(`SELECT count(*) FROM decisions WHERE (outcome IN ('awarded', 'topped_up', 'superseded') OR (outcome = 'refused' AND NOT data_gap))
			AND (potential_amount_yuan IS NOT NULL OR potential_tier IS NOT NULL OR data_gap)`); n[0] != "0" {
			t.Errorf("%s rows carry a potential they should not", n[0])
		}
	})
}

// TestNearMissAndTruncation: exactly 5% of the threshold is a near miss, and a stored growth never
// crosses a threshold by rounding.
func TestNearMissAndTruncation(t *testing.T) {
	b := newBatch(t)
	q1 := func(c, prev, cur string) {
		b.ent(c, ent{industry: industrialOnly})
		b.scale(c, 2022)
		b.fig("output_value", c, 2022, 3, cur, prev)
	}
	cases := []struct {
		name, prev, cur string
		want            want
		growth          string
	}{
		{"growth 14.9999995% is stored 0.149999 and refused, a near miss", "2000000000", "2299999990", nearMiss("growth_below_threshold"), "0.149999"},
		{"growth exactly 15% is B1", "2000000000", "2300000000", tiered("B1", "2000000.00", true), "0.150000"},
		{"growth exactly 14.25% (5% of 15 short) is a near miss", "2000000000", "2285000000", nearMiss("growth_below_threshold"), "0.142500"},
		{"growth 14.2499995% is not", "2000000000", "2284999990", refused("growth_below_threshold"), "0.142499"},
		{"net exactly 1.9亿 (5% of 2亿 short) is a near miss", "1000000000", "1190000000", nearMiss("net_below_threshold"), "0.190000"},
		{"net 1.9亿 − 0.01 is not", "1000000000", "1189999999.99", refused("net_below_threshold"), "0.189999"},
	}
	codes := make([]string, len(cases))
	for i, c := range cases {
		codes[i] = code(7000 + i)
		q1(codes[i], c.prev, c.cur)
	}
	b.decide(time.Time{})
	all := b.decisions()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkDecision(t, all, codes[i]+" D11-2", c.want)
			if g := all[codes[i]+" D11-2"].growth; g != c.growth {
				t.Errorf("growth stored %s, want %s (truncated toward zero)", g, c.growth)
			}
		})
	}
}

// TestRounds: only the decided rounds' rules get rows; a rule already paid for P is not paid again.
func TestRounds(t *testing.T) {
	setup := func(b *batch) (all, paid, lower string) {
		// all qualifies for D10-3, D11-1 and D11-2 (as in decide_test's stacking case).
		all = code(8001)
		b.ent(all, ent{industry: advanced})
		b.scale(all, 2021, 2022)
		b.fig("output_value", all, 2021, 12, "150000000", "")
		b.fig("output_value", all, 2022, 12, "1150000000", "")
		b.fig("output_value", all, 2022, 3, "500000000", "300000000")
		b.heads(all, 10, 10)
		// paid got its round-1 payments (D10-3 50万, D11-2 200万) and qualifies for the same again.
		paid = code(8002)
		b.ent(paid, ent{industry: advanced})
		b.scale(paid, 2021, 2022)
		b.fig("output_value", paid, 2021, 12, "150000000", "")
		b.fig("output_value", paid, 2022, 12, "1150000000", "")
		b.fig("output_value", paid, 2022, 3, "500000000", "300000000")
		b.heads(paid, 10, 10)
		b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 10, 'D10-3', 500000, ?, ?, ?)`, paid)
		b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 11, 'd11-2', 2000000, ?, ?, ?)`, paid)
		// lower: D11-1 already paid for P (a re-run after payment), its 项目 typed with an em dash and a
		// space, as a Chinese input method writes it: still the rule id.
		lower = code(8003)
		profiles["D11-1"].setup(b, lower)
		b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 11, 'D11 —1', 10000000, ?, ?, ?)`, lower)
		return
	}
	rulesOf := func(all map[string]got, c string) string {
		var rs []string
		for _, r := range []string{"D10-1", "D10-2", "D10-3", "D10-4", "D11-1", "D11-2", "D11-3", "D11-4"} {
			if _, ok := all[c+" "+r]; ok {
				rs = append(rs, r)
			}
		}
		return strings.Join(rs, " ")
	}
	t.Run("round 1 alone: direction 10 and the Q1 rules", func(t *testing.T) {
		b := newBatch(t)
		a, paid, _ := setup(b)
		b.decideRounds(1)
		all := b.decisions()
		if got := rulesOf(all, a); got != "D10-1 D10-2 D10-3 D11-2" {
			t.Errorf("rules decided %q", got)
		}
		checkDecision(t, all, a+" D10-3", adv(awarded("500000.00")))
		checkDecision(t, all, paid+" D10-3", refused("already_awarded"))
		checkDecision(t, all, paid+" D10-1", want{outcome: "superseded", amount: "300000.00", paid: "0.00", reasons: "prior_award_in_year"})
		checkDecision(t, all, paid+" D11-2", refused("already_awarded"))
		if r := b.strings1(`SELECT string_agg(CAST(round AS VARCHAR), ',' ORDER BY round) FROM decided_rounds`); r[0] != "1" {
			t.Errorf("decided_rounds %v", r)
		}
		if r := b.strings1(`SELECT DISTINCT CAST(round AS VARCHAR) FROM decisions`); len(r) != 1 || r[0] != "1" {
			t.Errorf("decisions.round %v", r)
		}
	})
	t.Run("round 2 alone holds the round-1 payments and pays the annual rules", func(t *testing.T) {
		b := newBatch(t)
		a, paid, lower := setup(b)
		b.decideRounds(2)
		all := b.decisions()
		if got := rulesOf(all, paid); got != "D11-1" {
			t.Errorf("rules decided %q", got)
		}
		checkDecision(t, all, a+" D11-1", tiered("A2", "10000000.00", false))
		checkDecision(t, all, paid+" D11-1", tiered("A2", "10000000.00", false))
		checkDecision(t, all, lower+" D11-1", refused("already_awarded"))
	})
	t.Run("both rounds", func(t *testing.T) {
		b := newBatch(t)
		_, paid, _ := setup(b)
		b.decideRounds()
		all := b.decisions()
		if got := rulesOf(all, paid); got != "D10-1 D10-2 D10-3 D11-1 D11-2" {
			t.Errorf("rules decided %q", got)
		}
		checkDecision(t, all, paid+" D11-1", tiered("A2", "10000000.00", false))
		checkDecision(t, all, paid+" D11-2", refused("already_awarded"))
		if r := b.strings1(`SELECT rule_id || ':' || CAST(round AS VARCHAR) FROM policy_rules ORDER BY rule_id`); strings.Join(r, " ") !=
			"D10-1:1 D10-2:1 D10-3:1 D10-4:1 D11-1:2 D11-2:1 D11-3:2 D11-4:1" {
			t.Errorf("policy_rules.round %v", r)
		}
	})
}

// TestResolutions: 同意 pays a review pair, 不同意 refuses it, and anything else is stale; a refused pair is
// never paid.
func TestResolutions(t *testing.T) {
	b := newBatch(t)
	type rc struct {
		name    string
		setup   func(c string)
		want    map[string]want
		status  map[string]string // rule → status|stale_reason prefix (Chinese part)
		potency map[string]extra
	}
	heldD11 := func(c string) {
		profiles["D11-1"].setup(b, c)
		b.quarantine(loaders.Headcount, c, "")
	}
	a2 := tiered("A2", "10000000.00", false)
	heldA2 := func() want { w := held("10000000.00", "row_unreadable"); w.tier = "A2"; return w }()
	approved := func(w want, remark string) want {
		if w.remarks == "" {
			w.remarks = remark
		} else {
			w.remarks += "；" + remark
		}
		return w
	}
	cases := []rc{
		{"同意 with the computed amount pays the held pair", func(c string) {
			heldD11(c)
			b.resolve(c, "D11-1", "同意", "10000000", "张三", "2023-02-10")
		}, map[string]want{"D11-1": approved(a2, "经复核同意（张三，2023-02-10）")}, map[string]string{"D11-1": "applied|"}, nil},
		{"同意 with another amount is stale", func(c string) {
			heldD11(c)
			b.resolve(c, "D11-1", "同意", "3000000", "张三", "2023-02-10")
		}, map[string]want{"D11-1": heldA2}, map[string]string{"D11-1": "stale|核定金额与本次计算金额不符"},
			map[string]extra{"D11-1": {potTier: "A2", potAmount: "10000000.00"}}},
		{"同意 without the reviewer is stale", func(c string) {
			heldD11(c)
			b.resolve(c, "D11-1", "同意", "10000000", "", "2023-02-10")
		}, map[string]want{"D11-1": heldA2}, map[string]string{"D11-1": "stale|同意但未填复核人或复核日期"}, nil},
		{"不同意 without an amount refuses", func(c string) {
			heldD11(c)
			b.resolve(c, "D11-1", "不同意", "", "李四", "2023-02-11")
		}, map[string]want{"D11-1": refused("rejected_on_review")}, map[string]string{"D11-1": "applied|"},
			map[string]extra{"D11-1": {}}},
		{"不同意 with the computed amount refuses", func(c string) {
			heldD11(c)
			b.resolve(c, "D11-1", "不同意", "10000000", "李四", "")
		}, map[string]want{"D11-1": refused("rejected_on_review")}, map[string]string{"D11-1": "applied|"}, nil},
		{"不同意 with another amount is stale", func(c string) {
			heldD11(c)
			b.resolve(c, "D11-1", "不同意", "9999999.99", "李四", "2023-02-11")
		}, map[string]want{"D11-1": heldA2}, map[string]string{"D11-1": "stale|核定金额与本次计算金额不符"}, nil},
		{"同意 on a refused pair is stale and pays nothing", func(c string) {
			profiles["D11-1"].setup(b, c)
			b.exec(`INSERT INTO dishonesty VALUES (?, DATE '2021-01-01', NULL, ?, ?, ?)`, c)
			b.resolve(c, "D11-1", "同意", "0", "张三", "2023-02-10")
		}, map[string]want{"D11-1": refused("serious_dishonesty")}, map[string]string{"D11-1": "stale|本次结果为不予奖励，非待复核"}, nil},
		{"同意 with the full amount on a refused pair is stale too", func(c string) {
			profiles["D11-1"].setup(b, c)
			b.exec(`INSERT INTO other_funds VALUES (?, 11, '某资金', NULL, ?, ?, ?)`, c)
			b.resolve(c, "D11-1", "同意", "10000000", "张三", "2023-02-10")
		}, map[string]want{"D11-1": refused("other_municipal_funds")}, map[string]string{"D11-1": "stale|本次结果为不予奖励，非待复核"}, nil},
		{"同意 on an awarded pair is stale", func(c string) {
			profiles["D11-1"].setup(b, c)
			b.resolve(c, "D11-1", "同意", "10000000", "张三", "2023-02-10")
		}, map[string]want{"D11-1": a2}, map[string]string{"D11-1": "stale|本次结果为奖励，非待复核"}, nil},
		{"a resolution for a rule without a decision is stale", func(c string) {
			profiles["D11-1"].setup(b, c)
			b.resolve(c, "D10-4", "同意", "500000", "张三", "2023-02-10")
		}, nil, map[string]string{"D10-4": "stale|本次没有该企业该规则的决定"}, nil},
		{"同意 on an affiliate review pays it", func(c string) {
			profiles["D11-1"].setup(b, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'RA', ?, ?, ?)`, c)
			b.exec(`INSERT INTO affiliates VALUES (?, 'RA', ?, ?, ?)`, memberCode(960))
			b.fig("output_value", memberCode(960), 2022, 12, "1000000000", "2000000000")
			b.resolve(c, "D11-1", "同意", "10000000", "王五", "2023-03-01")
		}, map[string]want{"D11-1": approved(a2, "经复核同意（王五，2023-03-01）")}, map[string]string{"D11-1": "applied|"}, nil},
		{"同意 on a held D10 item tops it up over the baseline", func(c string) {
			b.ent(c, ent{industry: advanced, start: "2021-03-01"})
			b.scale(c, 2021)
			b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 5, NULL, 200000, ?, ?, ?)`, c)
			b.quarantine(loaders.AboveScale, c, "")
			b.resolve(c, "D10-2", "同意", "500000", "赵六", "2022-08-01")
		}, map[string]want{"D10-2": adv(want{outcome: "topped_up", amount: "500000.00", paid: "300000.00",
			remarks: "差额补齐：本年已兑付20万元；经复核同意（赵六，2022-08-01）"}),
			"D10-1": want{outcome: "superseded", amount: "300000.00", paid: "0.00", reasons: "superseded_by:D10-2"}},
			map[string]string{"D10-2": "applied|"}, nil},
		{"不同意 on the held highest D10 item: the next highest pays; its earlier resolution is stale", func(c string) {
			b.ent(c, ent{industry: advanced, start: "2021-03-01"})
			b.scale(c, 2021)
			b.fig("output_value", c, 2021, 12, "150000000", "")
			b.fig("output_value", c, 2022, 12, "160000000", "90000000")
			b.exec(`INSERT INTO specialised VALUES (?, 'municipal', NULL, DATE '2021-01-01', DATE '2021-01-01', NULL, ?, ?, ?)`, c)
			b.resolve(c, "D10-3", "不同意", "700000", "赵六", "2022-08-01")
			b.resolve(c, "D10-1", "同意", "500000", "赵六", "2022-08-01")
		}, map[string]want{"D10-3": refused("rejected_on_review"),
			"D10-1": adv(want{outcome: "awarded", amount: "500000.00", paid: "500000.00", remarks: "含专精特新奖励20万元"}),
			"D10-2": want{outcome: "superseded", amount: "500000.00", paid: "0.00", reasons: "superseded_by:D10-1"}},
			map[string]string{"D10-3": "applied|", "D10-1": "stale|本次结果为被替代（孰高兑付），非待复核"}, nil},
		{"two resolutions for one pair are both stale", func(c string) {
			heldD11(c)
			b.resolve(c, "D11-1", "同意", "10000000", "张三", "2023-02-10")
			b.resolve(c, "D11-1", "不同意", "", "李四", "2023-02-11")
		}, map[string]want{"D11-1": heldA2}, map[string]string{"D11-1": "stale|同一企业同一规则有多条复核结论"}, nil},
	}
	edge := make([]edgeCase, len(cases))
	for i, c := range cases {
		edge[i] = edgeCase{name: c.name, setup: c.setup, want: c.want, extra: c.potency, status: c.status}
	}
	codes := runEdgeCases(t, b, 9100, edge)
	t.Run("every resolution row has a status", func(t *testing.T) {
		if n := b.strings1(`SELECT (SELECT count(*) FROM resolutions) - (SELECT count(*) FROM resolution_status)`); n[0] != "0" {
			t.Errorf("%s resolutions without a status", n[0])
		}
	})
	t.Run("an approved affiliate review leaves no review rows behind", func(t *testing.T) {
		if n := b.strings1(`SELECT count(*) FROM affiliate_reviews r JOIN decisions d USING (credit_code, rule_id) WHERE d.outcome <> 'review'`); n[0] != "0" {
			t.Errorf("%s affiliate_reviews rows on pairs no longer under review", n[0])
		}
	})
	t.Run("a resolution for a round not decided is stale", func(t *testing.T) {
		b.decideRounds(1)
		i := slices.IndexFunc(cases, func(c rc) bool { return c.name == "同意 with the computed amount pays the held pair" })
		got := b.strings1(`SELECT status || '|' || split_part(stale_reason, ' / ', 1) FROM resolution_status WHERE credit_code = ?`, codes[i])
		if len(got) != 1 || got[0] != "stale|该规则所属轮次本次未决定" {
			t.Errorf("resolution_status %v", got)
		}
	})
}

// TestNewTablesAndCodesAreDocumented: the reason codes of rules.md "Holds" have labels, and the new tables
// carry comments on every column.
func TestNewTablesAndCodesAreDocumented(t *testing.T) {
	b := newBatch(t)
	profiles["D11-1"].setup(b, code(9901))
	b.decide(time.Time{})
	for _, c := range []string{"row_unreadable", "prior_award_amount_missing", "missing_history", "figures_disagree", "rejected_on_review", "already_awarded"} {
		l := b.strings1(`SELECT label_zh || '|' || label_en FROM reason_codes WHERE code = ?`, c)
		if len(l) != 1 || strings.HasPrefix(l[0], "|") || strings.HasSuffix(l[0], "|") {
			t.Errorf("reason %s: labels %v", c, l)
		}
	}
	n := b.strings1(`SELECT table_name || '.' || column_name FROM duckdb_columns() WHERE table_name IN ('decisions', 'decision_holds',
		'affiliate_reviews', 'affiliate_members', 'resolution_status', 'decided_rounds', 'rule_kinds', 'policy_history_years',
		'policy_rules', 'policy_sectors') AND (comment IS NULL OR comment = '')`)
	if len(n) > 0 {
		t.Errorf("columns without a comment: %v", n)
	}
	for _, tbl := range []string{"decision_holds", "affiliate_reviews", "affiliate_members", "resolution_status", "decided_rounds", "rule_kinds", "policy_history_years"} {
		if c := b.strings1(`SELECT coalesce(comment, '') FROM duckdb_tables() WHERE table_name = ?`, tbl); len(c) != 1 || c[0] == "" {
			t.Errorf("table %s has no comment", tbl)
		}
	}
	if h := b.strings1(`SELECT string_agg(CAST(year AS VARCHAR), ',' ORDER BY year) FROM policy_history_years WHERE rule_id = 'D10-3' AND assumed`); h[0] != "2019,2020" {
		t.Errorf("policy_history_years %v", h)
	}
}

// TestMistypedFigureRowOfAGroupMember: a group member whose 工业总产值 row is mistyped would count in the
// affiliate review as a member without figures (falls 0) and let its group's other members be paid; the row
// one slip from its code holds them instead, whether the member is in the register or known by its row on
// the 关联企业 list only.
func TestMistypedFigureRowOfAGroupMember(t *testing.T) {
	for _, tc := range []struct {
		name       string
		inRegister bool
		mistyped   bool
	}{{"outside the register", false, false}, {"outside the register, mistyped", false, true},
		{"in the register", true, false}, {"in the register, mistyped", true, true}} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBatch(t)
			member, falling := code(4501), memberCode(4502)
			if tc.inRegister {
				falling = code(4502)
				b.ent(falling, ent{industry: industrialOnly})
			}
			profiles["D11-1"].setup(b, member)
			rowCode := falling
			if tc.mistyped {
				rowCode = falling[:13] + "9" + falling[14:]
			}
			b.fig("output_value", rowCode, 2022, 12, "1000000000", "3000000000") // falls 20亿
			b.exec(`INSERT INTO affiliates VALUES (?, 'G-戊', ?, ?, ?)`, member)
			b.exec(`INSERT INTO affiliates VALUES (?, 'G-戊', ?, ?, ?)`, falling)
			b.decide(time.Time{})
			d := b.decisions()[member+" D11-1"]
			want := "affiliate_shift"
			if tc.mistyped {
				want = "row_unreadable"
			}
			if d.outcome != "review" || !strings.Contains(d.reasons, want) {
				t.Errorf("%s D11-1: %s (%s), want review for %s", member, d.outcome, d.reasons, want)
			}
		})
	}
}

// edgeCase is one enterprise of a table of rules.md's edges: how its rows are set up, and the decisions,
// data gaps and potentials, and decision_holds rows (rule → "reason|kind|column|raw|detail") it must get.
type edgeCase struct {
	name  string
	setup func(c string)
	want  map[string]want
	extra map[string]extra
	holds map[string][]string
	// status: rule → resolution_status as "status|the Chinese part of stale_reason".
	status map[string]string
}

// runEdgeCases gives each case an enterprise (codes from first on), decides them together, and checks
// each in a subtest; it returns the codes.
func runEdgeCases(t *testing.T, b *batch, first int, cases []edgeCase) []string {
	t.Helper()
	codes := make([]string, len(cases))
	for i, c := range cases {
		codes[i] = code(first + i)
		c.setup(codes[i])
	}
	b.decide(time.Time{})
	all := b.decisions()
	ex := b.extras()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for rule, w := range c.want {
				checkDecision(t, all, codes[i]+" "+rule, w)
			}
			for rule, w := range c.extra {
				if g := ex[codes[i]+" "+rule]; g != w {
					t.Errorf("%s: data_gap/potential %+v, want %+v", rule, g, w)
				}
			}
			for rule, w := range c.holds {
				got := b.strings1(`SELECT reason || '|' || kind || '|' || coalesce(column_name, '') || '|' || coalesce(raw_value, '') || '|' || detail
					FROM decision_holds WHERE credit_code = ? AND rule_id = ? ORDER BY 1`, codes[i], rule)
				if strings.Join(got, "\n") != strings.Join(w, "\n") {
					t.Errorf("%s decision_holds:\n%s\nwant\n%s", rule, strings.Join(got, "\n"), strings.Join(w, "\n"))
				}
			}
			for rule, w := range c.status {
				got := b.strings1(`SELECT status || '|' || coalesce(split_part(stale_reason, ' / ', 1), '') FROM resolution_status
					WHERE credit_code = ? AND rule_id = ?`, codes[i], rule)
				for _, g := range got {
					if g != w {
						t.Errorf("%s resolution_status %q, want %q", rule, g, w)
					}
				}
				if len(got) == 0 {
					t.Errorf("%s: no resolution_status row", rule)
				}
			}
		})
	}
	return codes
}

// d10 registers an enterprise in the advanced-manufacturing sector (unless e names an industry), first
// above scale in the reference year: the start of most direction-10 cases.
func (b *batch) d10(c string, e ent) {
	if e.industry == "" {
		e.industry = advanced
	}
	b.ent(c, e)
	b.scale(c, 2021)
}
