package reports

import (
	"fmt"
	"math"
	"sort"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// tally counts award items, distinct enterprises and the amount paid now (元).
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
	t.amount = t.amount.Add(r.Paid)
}

// summary is the 汇总 figures, computed in Go from the roster rows with exact decimals and written as
// values: no formula whose cached value a reader could miss.
type summary struct {
	rules     []string
	ruleInfo  map[string]Rule
	byRule    map[string]*tally
	tiers     []ruleTier
	byTier    map[ruleTier]*tally
	districts []string
	byDist    map[string]*[2]tally // direction 10, direction 11
	total     tally
}

type ruleTier struct{ rule, tier string }

func summarise(rows []RosterRow) *summary {
	s := &summary{ruleInfo: map[string]Rule{}, byRule: map[string]*tally{}, byTier: map[ruleTier]*tally{},
		byDist: map[string]*[2]tally{}}
	distCode := map[string]string{}
	for _, r := range rows {
		if s.byRule[r.Rule.ID] == nil {
			s.byRule[r.Rule.ID] = &tally{}
			s.ruleInfo[r.Rule.ID] = r.Rule
			s.rules = append(s.rules, r.Rule.ID)
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
			s.districts = append(s.districts, name)
			distCode[name] = r.DistrictCode
		}
		if r.DistrictCode < distCode[name] {
			distCode[name] = r.DistrictCode
		}
		i := 0
		if r.Direction == 11 {
			i = 1
		}
		s.byDist[name][i].add(r)
		s.total.add(r)
	}
	sort.Strings(s.rules)
	sort.Slice(s.tiers, func(i, j int) bool {
		if s.tiers[i].rule != s.tiers[j].rule {
			return s.tiers[i].rule < s.tiers[j].rule
		}
		return s.tiers[i].tier < s.tiers[j].tier
	})
	sort.Slice(s.districts, func(i, j int) bool {
		a, b := s.districts[i], s.districts[j]
		if distCode[a] != distCode[b] {
			return distCode[a] < distCode[b]
		}
		return a < b
	})
	return s
}

// gridCell is one cell of the 汇总 sheet with the style it takes.
type gridCell struct {
	v any
	k cellKind
}

func writeSummary(f *excelize.File, st *styles, pg page, d *Data) error {
	const sheet = SheetSummary
	s := summarise(d.Roster)
	var grid [][]gridCell
	put := func(cells ...gridCell) { grid = append(grid, cells) }
	text := func(v string) gridCell { return gridCell{v, kindText} }
	hdr := func(v string) gridCell { return gridCell{v, kindHeader} }
	num := func(n int) gridCell { return gridCell{n, kindInt} }
	money := func(y decimal.Decimal) gridCell { return gridCell{YuanToWan(y), kindMoney} }
	ttext := func(v string) gridCell { return gridCell{v, kindTotalText} }
	tnum := func(n int) gridCell { return gridCell{n, kindTotalInt} }
	tmoney := func(y decimal.Decimal) gridCell { return gridCell{YuanToWan(y), kindTotalMoney} }
	caption := func(v string) { put(); put(gridCell{v, kindCaption}) }

	put(gridCell{fmt.Sprintf("%d年度高精尖产业发展资金免申即享奖励汇总%s", d.Run.PolicyYear, scopeTitle(d)), kindTitle})
	caption("一、按支持类别")
	put(hdr("方向"), hdr("规则编号"), hdr("支持类别"), hdr("奖励项数"), hdr("企业数"), hdr("奖励金额（万元）"))
	for _, id := range s.rules {
		r, t := s.ruleInfo[id], s.byRule[id]
		put(text(fmt.Sprintf("方向%d", r.Direction)), gridCell{Code(id), kindCode}, text(r.Category), num(t.items), num(len(t.firms)), money(t.amount))
	}
	put(ttext("合计"), ttext(""), ttext(""), tnum(s.total.items), tnum(len(s.total.firms)), tmoney(s.total.amount))

	caption("二、按档位")
	put(hdr("规则编号"), hdr("支持类别"), hdr("档位"), hdr("奖励项数"), hdr("企业数"), hdr("奖励金额（万元）"))
	for _, k := range s.tiers {
		t := s.byTier[k]
		tier := k.tier
		if tier == "" {
			tier = "不分档"
		}
		put(gridCell{Code(k.rule), kindCode}, text(s.ruleInfo[k.rule].Category), text(tier), num(t.items), num(len(t.firms)), money(t.amount))
	}
	put(ttext("合计"), ttext(""), ttext(""), tnum(s.total.items), tnum(len(s.total.firms)), tmoney(s.total.amount))

	caption("三、按所属区")
	put(hdr("所属区"), hdr("企业数"), hdr("方向10项数"), hdr("方向10金额（万元）"), hdr("方向11项数"),
		hdr("方向11金额（万元）"), hdr("奖励金额合计（万元）"))
	distHeader := len(grid)
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
		put(text(name), num(len(firms)), num(x[0].items), money(x[0].amount), num(x[1].items), money(x[1].amount),
			money(x[0].amount.Add(x[1].amount)))
		t10.items += x[0].items
		t10.amount = t10.amount.Add(x[0].amount)
		t11.items += x[1].items
		t11.amount = t11.amount.Add(x[1].amount)
	}
	put(ttext("合计"), tnum(len(s.total.firms)), tnum(t10.items), tmoney(t10.amount), tnum(t11.items), tmoney(t11.amount),
		tmoney(s.total.amount))

	ncols := 7
	widths := make([]float64, ncols)
	for r, cells := range grid {
		for c, g := range cells {
			ref := cellName(c+1, r+1)
			cell, w, err := st.cell(g.v, false)
			if err != nil {
				return err
			}
			if err := f.SetCellValue(sheet, ref, cell.Value); err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, ref, ref, st[g.k]); err != nil {
				return err
			}
			switch g.k {
			case kindTitle, kindCaption:
			case kindHeader:
				widths[c] = max(widths[c], math.Ceil(textWidth(fmt.Sprint(g.v))/2)+1)
			default:
				widths[c] = max(widths[c], w)
			}
		}
	}
	for c, w := range widths {
		if err := f.SetColWidth(sheet, colName(c+1), colName(c+1), max(minWidth, min(36, w+2))); err != nil {
			return err
		}
	}
	if err := f.MergeCell(sheet, "A1", cellName(ncols, 1)); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 1, 24); err != nil {
		return err
	}
	for r, cells := range grid {
		if len(cells) > 0 && cells[0].k == kindHeader {
			if err := f.SetRowHeight(sheet, r+1, lineHeight*2+4); err != nil {
				return err
			}
		}
	}
	if len(s.districts) > 0 {
		first, last := distHeader+1, distHeader+len(s.districts)
		series := func(col int) excelize.ChartSeries {
			return excelize.ChartSeries{
				Name:       quoteSheet(sheet) + "!$" + colName(col) + "$" + fmt.Sprint(distHeader),
				Categories: fmt.Sprintf("%s!$A$%d:$A$%d", quoteSheet(sheet), first, last),
				Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sheet), colName(col), first, colName(col), last),
			}
		}
		if err := f.AddChart(sheet, "I3", &excelize.Chart{
			Type:      excelize.Col,
			Series:    []excelize.ChartSeries{series(4), series(6)},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "各区奖励金额（万元）"}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 640, Height: 360},
			PlotArea:  excelize.ChartPlotArea{ShowVal: false},
		}); err != nil {
			return fmt.Errorf("chart: %w", err)
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return setupPage(f, sheet, pg, "$1:$1")
}

func colName(c int) string {
	n, _ := excelize.ColumnNumberToName(c)
	return n
}
