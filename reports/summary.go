package reports

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// tally counts award items, distinct enterprises and the amount paid now, in 万元 as the lists show
// each row, so that 汇总 agrees with the lists' 合计 rows to the cent.
type tally struct {
	items  int
	firms  map[string]bool
	amount decimal.Decimal
}

func (t *tally) add(r RosterRow) {
	if t.firms == nil {
		t.firms = map[string]bool{}
	}
	t.items++
	t.firms[r.CreditCode] = true
	t.amount = t.amount.Add(shownWan(r.Paid))
}

// totalCell is a value of a 合计 row inside a table (汇总's tables end with one each).
type totalCell struct{ v any }

// summary is the 汇总 figures, computed in Go from the roster rows with exact decimals and written as
// values: no formula whose cached value a reader could miss.
type summary struct {
	byRule    map[string]*tally
	tiers     []ruleTier
	byTier    map[ruleTier]*tally
	districts []string
	byDist    map[string]*[2]tally // direction 10, direction 11
	total     tally
}

type ruleTier struct{ rule, tier string }

func summarise(rows []RosterRow) *summary {
	s := &summary{byRule: map[string]*tally{}, byTier: map[ruleTier]*tally{}, byDist: map[string]*[2]tally{}}
	var es []Enterprise
	for _, r := range rows {
		if s.byRule[r.Rule.ID] == nil {
			s.byRule[r.Rule.ID] = &tally{}
		}
		s.byRule[r.Rule.ID].add(r)
		k := ruleTier{r.Rule.ID, r.Tier}
		if s.byTier[k] == nil {
			s.byTier[k] = &tally{}
			s.tiers = append(s.tiers, k)
		}
		s.byTier[k].add(r)
		name := districtName(r.Enterprise)
		if s.byDist[name] == nil {
			s.byDist[name] = &[2]tally{}
		}
		es = append(es, r.Enterprise)
		i := 0
		if r.Direction == 11 {
			i = 1
		}
		s.byDist[name][i].add(r)
		s.total.add(r)
	}
	sort.Slice(s.tiers, func(i, j int) bool {
		if s.tiers[i].rule != s.tiers[j].rule {
			return s.tiers[i].rule < s.tiers[j].rule
		}
		return s.tiers[i].tier < s.tiers[j].tier
	})
	s.districts = districtsOf(es)
	return s
}

// summaryRules are the rules 汇总 lists: every rule of the decided rounds, and any other rule with
// awards, in round order.
func summaryRules(d *Data) []Rule {
	decided := d.rounds()
	seen := map[string]bool{}
	var out []Rule
	for _, r := range d.rules() {
		if len(decided) == 0 || r.Round == 0 || slices.Contains(decided, r.Round) {
			out = append(out, r)
			seen[r.ID] = true
		}
	}
	for _, r := range d.Roster {
		if !seen[r.Rule.ID] {
			out = append(out, r.Rule)
			seen[r.Rule.ID] = true
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Round != out[j].Round {
			return out[i].Round < out[j].Round
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Caveats are the figures 汇总 states under its tables (outputs.md): what the totals rest on and
// what they leave out.
type Caveats struct {
	AssumedTierItems   int             // awards whose tier amount is assumed
	AssumedTierWan     decimal.Decimal // their amount, 万元 as the lists show it
	AssumedSectorItems int             // direction-10 awards resting only on the assumed 先进制造业 list
	ReviewItems        int             // review outcomes (held or flagged), not paid
	ReviewWan          decimal.Decimal // what they would pay now if resolved in their favour
	GapItems           int             // data gaps
	GapWan             decimal.Decimal // what they would pay now if the figures met the rule
	GapUnknown         int             // data gaps whose amount cannot be told
	NearMisses         int
	StaleResolutions   int
	DeclaredEmpty      []string
}

// Remark texts the caveats count (outputs.md, decisions.remarks).
const (
	remarkAssumedTier   = "档位金额为假设值，待核定"
	remarkAssumedSector = "行业范围为假设值，待核定"
)

// CaveatsOf computes the caveats of a workbook's data.
func CaveatsOf(d *Data) Caveats {
	var c Caveats
	for _, r := range d.Roster {
		if strings.Contains(r.Remarks, remarkAssumedTier) {
			c.AssumedTierItems++
			c.AssumedTierWan = c.AssumedTierWan.Add(shownWan(r.Paid))
		}
		if strings.Contains(r.Remarks, remarkAssumedSector) {
			c.AssumedSectorItems++
		}
	}
	for _, r := range d.Review {
		switch {
		case r.Outcome == "review":
			c.ReviewItems++
			p := r.Amount
			if r.Potential != nil {
				p = *r.Potential
			}
			c.ReviewWan = c.ReviewWan.Add(shownWan(p))
		case r.DataGap:
			c.GapItems++
			if r.Potential != nil {
				c.GapWan = c.GapWan.Add(shownWan(*r.Potential))
			} else {
				c.GapUnknown++
			}
		}
		if r.NearMiss {
			c.NearMisses++
		}
		c.StaleResolutions += len(r.Stale)
	}
	c.DeclaredEmpty = d.Run.DeclaredEmpty
	return c
}

// Lines are the caveat lines as 汇总 prints them.
func (c Caveats) Lines() []string {
	lines := []string{
		fmt.Sprintf("1. 档位金额为假设值的奖励 %d 项，计 %s，已计入上表合计，金额待核定。", c.AssumedTierItems, wanText(c.AssumedTierWan)),
		fmt.Sprintf("2. 行业范围为假设值（先进制造业行业目录）的方向10奖励 %d 项，已计入上表合计，资格待核定。", c.AssumedSectorItems),
		fmt.Sprintf("3. 待复核（数据存疑暂缓兑付或关联企业波动）%d 项，若复核同意计 %s，未计入上表合计。", c.ReviewItems, wanText(c.ReviewWan)),
	}
	gap := fmt.Sprintf("4. 数据缺失（缺少统计数据，尚未评审）%d 项，如补齐的数据满足条件计 %s", c.GapItems, wanText(c.GapWan))
	if c.GapUnknown > 0 {
		gap += fmt.Sprintf("（另有 %d 项缺少考核指标，金额无法测算）", c.GapUnknown)
	}
	lines = append(lines, gap+"，未计入上表合计。")
	empty := "5. 本批数据声明为空的数据类别：无。"
	if len(c.DeclaredEmpty) > 0 {
		empty = "5. 本批数据声明为空的数据类别（batch.toml，影响兑付对象）：" + emptyKindsText(c.DeclaredEmpty) + "。"
	}
	lines = append(lines, empty,
		fmt.Sprintf("6. 临界未达 %d 项（差额在门槛的5%%以内，不予奖励，列于待复核表供核查）。", c.NearMisses))
	if c.StaleResolutions > 0 {
		lines = append(lines, fmt.Sprintf("7. 未采用的复核结论 %d 条，列于待复核表。", c.StaleResolutions))
	}
	return lines
}

func writeSummary(f *excelize.File, st *styles, pg page, d *Data) error {
	s := summarise(d.Roster)
	rules := summaryRules(d)

	ruleRows := [][]any{}
	for _, r := range rules {
		t := s.byRule[r.ID]
		if t == nil {
			t = &tally{}
		}
		ruleRows = append(ruleRows, []any{Code(r.ID), r.Category, roundName(r.Round), fmt.Sprintf("方向%d", r.Direction),
			t.items, len(t.firms), Wan(t.amount)})
	}
	ruleRows = append(ruleRows, []any{totalCell{"合计"}, totalCell{""}, totalCell{""}, totalCell{""},
		totalCell{s.total.items}, totalCell{len(s.total.firms)}, totalCell{Wan(s.total.amount)}})

	category := map[string]string{}
	for _, r := range rules {
		category[r.ID] = r.Category
	}
	for _, r := range d.Roster {
		category[r.Rule.ID] = r.Category
	}
	tierRows := [][]any{}
	for _, k := range s.tiers {
		t := s.byTier[k]
		tier := k.tier
		if tier == "" {
			tier = "不分档"
		}
		tierRows = append(tierRows, []any{Code(k.rule), category[k.rule], tier, t.items, len(t.firms), Wan(t.amount)})
	}
	tierRows = append(tierRows, []any{totalCell{"合计"}, totalCell{""}, totalCell{""},
		totalCell{s.total.items}, totalCell{len(s.total.firms)}, totalCell{Wan(s.total.amount)}})

	distRows := [][]any{}
	var t10, t11 tally
	for _, name := range s.districts {
		x := s.byDist[name]
		firms := map[string]bool{}
		for c := range x[0].firms {
			firms[c] = true
		}
		for c := range x[1].firms {
			firms[c] = true
		}
		distRows = append(distRows, []any{name, len(firms), x[0].items, Wan(x[0].amount), x[1].items, Wan(x[1].amount),
			Wan(x[0].amount.Add(x[1].amount))})
		t10.items += x[0].items
		t10.amount = t10.amount.Add(x[0].amount)
		t11.items += x[1].items
		t11.amount = t11.amount.Add(x[1].amount)
	}
	distRows = append(distRows, []any{totalCell{"合计"}, totalCell{len(s.total.firms)}, totalCell{t10.items},
		totalCell{Wan(t10.amount)}, totalCell{t11.items}, totalCell{Wan(t11.amount)}, totalCell{Wan(s.total.amount)}})

	rowsOf := func(rows [][]any) func(int) []any { return func(i int) []any { return rows[i] } }
	// The tables share their columns: rule id and name first in both, so the wide column is the name's.
	ruleCols := columns("规则编号", "支持类别", "批次", "方向", "奖励项数", "企业数", "奖励金额（万元）")
	ruleCols[1].MaxWidth, ruleCols[1].MinWidth = 26, 14
	tierCols := columns("规则编号", "支持类别", "档位", "奖励项数", "企业数", "奖励金额（万元）")
	tierCols[1].MaxWidth, tierCols[1].MinWidth = 26, 14
	distCols := columns("所属区", "企业数", "方向10项数", "方向10金额（万元）", "方向11项数", "方向11金额（万元）", "奖励金额合计（万元）")
	distCols[0].MaxWidth = 12

	caveats := CaveatsOf(d)
	t := tableSheet{
		name:  SheetSummary,
		title: fmt.Sprintf("%s拟奖励汇总（%s%s）", cityTitle(d.Run.PolicyYear), roundsOrNone(d.rounds()), scopeSuffix(d)),
		blocks: []block{
			{caption: "一、按支持类别", cols: ruleCols, n: len(ruleRows), row: rowsOf(ruleRows)},
			{caption: "二、按档位", cols: tierCols, n: len(tierRows), row: rowsOf(tierRows)},
			{caption: "三、按所属区", cols: distCols, n: len(distRows), row: rowsOf(distRows)},
		},
		subtitle:  "金额单位：万元；合计为本次拟兑付金额（差额补齐的为差额），不含待复核、数据缺失项目",
		notes:     append([]string{"四、需要说明的事项"}, caveats.Lines()...),
		leadBlock: true,
	}
	if len(s.districts) > 0 {
		t.chart = func(f *excelize.File, headers []int, anchor int, widthPx float64) error {
			hdr := headers[2]
			first, last := hdr+1, hdr+len(s.districts)
			series := func(col int) excelize.ChartSeries {
				return excelize.ChartSeries{
					Name:       quoteSheet(SheetSummary) + "!$" + colName(col) + "$" + fmt.Sprint(hdr),
					Categories: fmt.Sprintf("%s!$A$%d:$A$%d", quoteSheet(SheetSummary), first, last),
					Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(SheetSummary), colName(col), first, colName(col), last),
				}
			}
			// Below the tables and no wider than they are: the chart never makes the page fit shrink them.
			return f.AddChart(SheetSummary, cellName(1, anchor), &excelize.Chart{
				Type:      excelize.Col,
				Series:    []excelize.ChartSeries{series(4), series(6)},
				Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "各区奖励金额（万元）"}}},
				Legend:    excelize.ChartLegend{Position: "bottom"},
				Dimension: excelize.ChartDimension{Width: uint(min(640, widthPx-16)), Height: 320},
				PlotArea:  excelize.ChartPlotArea{ShowVal: false},
				Format:    excelize.GraphicOptions{OffsetX: 4, OffsetY: 4},
			})
		}
	}
	return writeTable(f, st, pg, t)
}

func colName(c int) string {
	n, _ := excelize.ColumnNumberToName(c)
	return n
}
