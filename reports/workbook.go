package reports

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/bjgjj/awards/loaders"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Sheet names, in workbook order (extra sheets follow 说明).
const (
	SheetSummary = "汇总"
	SheetD10     = "方向10"
	SheetD11     = "方向11"
	SheetReview  = "待复核"
	SheetQuality = "数据质量"
	SheetNotes   = "说明"
	SheetChanges = "变化" // written by the pipeline when the run changes what an earlier run published
)

// RosterHeaders are the column headers of 方向10 and 方向11, in order (outputs.md). A program finds the
// columns by these names, so row 2 keeps them exactly in the default workbook; columns a sheet's rules
// never fill are hidden, not removed. The columns after them are this project's ([RosterExtraHeaders]).
var RosterHeaders = []string{
	"序号", "统一社会信用代码", "企业名称", "所属区", "行业代码", "行业名称", "支持类别", "考核指标",
	"上年值（万元）", "本年值（万元）", "净增量（万元）", "增速", "参保人数（上年末）", "参保人数（本年末）",
	"档位", "奖励金额（万元）", "备注",
}

// RosterExtraHeaders follow RosterHeaders on 方向10 and 方向11: the round each row belongs to.
var RosterExtraHeaders = []string{"批次"}

// Column indexes of the roster sheets.
const (
	colPrev = 8 + iota
	colCur
	colNet
	colGrowth
	colHeadPrev
	colHeadCur
	colTier
	colPaid
	colRemarks
	colRound
)

// Options control [WriteFiles].
type Options struct {
	// SplitByDistrict also writes each workbook once per district, holding only its rows.
	SplitByDistrict bool
}

// Workbook file names (outputs.md).
const (
	rosterBase  = "高精尖资金免申即享奖励名单"
	publicBase  = "高精尖资金免申即享公示名单"
	paymentBase = "高精尖资金免申即享拨付清单"
)

// FileName is the roster workbook's file name for a policy year: 高精尖资金免申即享奖励名单-2022.xlsx.
func FileName(year int) string { return fmt.Sprintf("%s-%d.xlsx", rosterBase, year) }

// PublicFileName is the 公示名单's file name: 高精尖资金免申即享公示名单-2022.xlsx.
func PublicFileName(year int) string { return fmt.Sprintf("%s-%d.xlsx", publicBase, year) }

// PaymentFileName is the 拨付清单's file name: 高精尖资金免申即享拨付清单-2022.xlsx.
func PaymentFileName(year int) string { return fmt.Sprintf("%s-%d.xlsx", paymentBase, year) }

// DistrictFileName is the file name of one district's workbook: <workbook name>-<区名>.xlsx, for the
// workbook named by one of FileName, PublicFileName and PaymentFileName.
func DistrictFileName(name, district string) string {
	return strings.TrimSuffix(name, ".xlsx") + "-" + district + ".xlsx"
}

// Files are the paths [WriteFiles] wrote.
type Files struct {
	Roster, Public, Payment string
	// Districts are the per-district workbooks, in district order, each district's roster, 公示名单
	// and 拨付清单 together.
	Districts []string
}

// All lists every path, the city-wide roster first.
func (f Files) All() []string {
	return append([]string{f.Roster, f.Public, f.Payment}, f.Districts...)
}

// WriteFiles writes the roster workbook, the 公示名单 and the 拨付清单 into dir and, with
// SplitByDistrict, each of them once per district (the lists only for districts with rows to pay).
// Each file is written under a temporary name and renamed, so a failed write leaves no partial workbook.
func WriteFiles(dir string, d *Data, opts Options) (Files, error) {
	year := d.Run.PolicyYear
	out := Files{
		Roster:  filepath.Join(dir, FileName(year)),
		Public:  filepath.Join(dir, PublicFileName(year)),
		Payment: filepath.Join(dir, PaymentFileName(year)),
	}
	type job struct {
		path  string
		data  *Data
		write func(io.Writer, *Data) error
	}
	jobs := []job{{out.Roster, d, Write}, {out.Public, d, WritePublic}, {out.Payment, d, WritePayment}}
	if opts.SplitByDistrict {
		paid := d.PaidDistricts()
		for _, name := range d.Districts() {
			dd := d.ForDistrict(name)
			jobs = append(jobs, job{filepath.Join(dir, DistrictFileName(FileName(year), name)), dd, Write})
			if slices.Contains(paid, name) {
				jobs = append(jobs,
					job{filepath.Join(dir, DistrictFileName(PublicFileName(year), name)), dd, WritePublic},
					job{filepath.Join(dir, DistrictFileName(PaymentFileName(year), name)), dd, WritePayment})
			}
		}
	}
	for i, j := range jobs {
		if err := writeFile(j.path, j.data, j.write); err != nil {
			return Files{}, err
		}
		if i >= 3 {
			out.Districts = append(out.Districts, j.path)
		}
	}
	return out, nil
}

func writeFile(path string, d *Data, write func(io.Writer, *Data) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".workbook-*.xlsx")
	if err != nil {
		return fmt.Errorf("workbook %s: %w", filepath.Base(path), err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp, d); err != nil {
		tmp.Close()
		return fmt.Errorf("workbook %s: %w", filepath.Base(path), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("workbook %s: %w", filepath.Base(path), err)
	}
	// CreateTemp makes the file private (0600); the workbooks are for bureau staff sharing the machine.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("workbook %s: %w", filepath.Base(path), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("workbook %s: %w", filepath.Base(path), err)
	}
	return nil
}

// Write writes the roster workbook to w. The large sheets go through excelize's StreamWriter, which
// keeps rows on disk rather than in memory.
func Write(w io.Writer, d *Data) error {
	if d.Run.PolicyYear == 0 {
		return fmt.Errorf("workbook: policy year is not set")
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	pg := pageFor(d, "拟奖励名单")

	d10, d11 := splitDirections(d.Roster)
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	if err := writeSummary(f, st, pg, d); err != nil {
		return fmt.Errorf("sheet %s: %w", SheetSummary, err)
	}
	sheets := []tableSheet{
		rosterSheet(SheetD10, d, 10, d10),
		rosterSheet(SheetD11, d, 11, d11),
		reviewSheet(d),
		qualitySheet(d),
		notesSheet(d),
	}
	for _, x := range d.Extra {
		sheets = append(sheets, extraSheet(x))
	}
	for _, t := range sheets {
		if err := writeTable(f, st, pg, t); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	if err := markOwn(f, "拟奖励名单"); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// cityTitle is the start of every title: the city, the policy year and the fund.
func cityTitle(year int) string {
	return fmt.Sprintf("北京市%d年度高精尖产业发展资金「免申即享」", year)
}

// pageFor is the printed page header and footer. The header names the document and its scope on the
// left and the run date on the right (a date in cells would make two runs' cells differ); the footer
// carries the sheet, the short run id (pages of two runs cannot be mixed) and the page numbers.
func pageFor(d *Data, doc string) page {
	scope := "全市"
	if d.District != "" {
		scope = d.District
	}
	left := fmt.Sprintf("%s%s（%s·%s）", cityTitle(d.Run.PolicyYear), doc, roundsOrNone(d.rounds()), scope)
	right := ""
	if !d.Run.StartedAt.IsZero() {
		right = "运行日期：" + d.Run.StartedAt.Format("2006年1月2日")
	}
	footer := "&L&A&C"
	if d.Run.ID != "" {
		footer += hfEscape("运行编号 "+ShortRunID(d.Run.ID)) + " · "
	}
	footer += "第 &P 页 共 &N 页"
	return page{
		header: "&L" + hfEscape(left) + "&R" + hfEscape(right),
		footer: footer,
	}
}

func roundsOrNone(rounds []int) string {
	if s := roundsText(rounds); s != "" {
		return s
	}
	return "批次未定"
}

// hfEscape doubles & so that text in a page header is not read as a control code.
func hfEscape(s string) string { return strings.ReplaceAll(s, "&", "&&") }

// rosterLess orders list rows: rows of one round together, then by district code, credit code and rule.
func rosterLess(a, b RosterRow) bool {
	if a.Round != b.Round {
		return a.Round < b.Round
	}
	if a.DistrictCode != b.DistrictCode {
		return a.DistrictCode < b.DistrictCode
	}
	if a.CreditCode != b.CreditCode {
		return a.CreditCode < b.CreditCode
	}
	if a.Rule.ID != b.Rule.ID {
		return a.Rule.ID < b.Rule.ID
	}
	return a.Tier < b.Tier
}

// sortedRoster is the roster rows in list order.
func sortedRoster(rows []RosterRow) []RosterRow {
	out := slices.Clone(rows)
	sort.SliceStable(out, func(i, j int) bool { return rosterLess(out[i], out[j]) })
	return out
}

// splitDirections puts roster rows on their direction's sheet, in list order.
func splitDirections(rows []RosterRow) (d10, d11 []RosterRow) {
	for _, r := range sortedRoster(rows) {
		if r.Direction == 10 {
			d10 = append(d10, r)
		} else {
			d11 = append(d11, r)
		}
	}
	return d10, d11
}

// directionRules are the workbook's rules of one direction.
func directionRules(d *Data, direction int) []Rule {
	var out []Rule
	for _, r := range d.rules() {
		if r.Direction == direction {
			out = append(out, r)
		}
	}
	return out
}

// rulesRounds are the rounds of the given rules that the run decided.
func rulesRounds(d *Data, rules []Rule) []int {
	decided := d.rounds()
	var out []int
	for _, r := range rules {
		if r.Round > 0 && !slices.Contains(out, r.Round) && (len(decided) == 0 || slices.Contains(decided, r.Round)) {
			out = append(out, r.Round)
		}
	}
	slices.Sort(out)
	return out
}

// scopeSuffix is "·海淀区" in a district's workbook.
func scopeSuffix(d *Data) string {
	if d.District == "" {
		return ""
	}
	return "·" + d.District
}

// listTitle is a list's title: city, year, 拟奖励, what the list is, and the round.
func listTitle(d *Data, what, scope string, rounds []int) string {
	r := roundsText(rounds)
	if r == "" {
		r = "本次未评审"
	}
	if scope != "" {
		r = scope + "·" + r
	}
	return fmt.Sprintf("%s%s（%s%s）", cityTitle(d.Run.PolicyYear), what, r, scopeSuffix(d))
}

// periodsLine names the periods behind 上年值, 本年值 and the 参保人数 columns for the rules of a sheet,
// round by round: the headers keep outputs.md's names, the title says what they are.
func periodsLine(rules []Rule, rounds []int) string {
	var parts []string
	for _, round := range rounds {
		var cur, prev, hp, hc []string
		for _, r := range rules {
			if r.Round != round {
				continue
			}
			if r.CurPeriod != "" && !slices.Contains(cur, r.CurPeriod) {
				cur = append(cur, r.CurPeriod)
			}
			if r.PrevPeriod != "" && !slices.Contains(prev, r.PrevPeriod) {
				prev = append(prev, r.PrevPeriod)
			}
			if r.PrevYearEnd != "" && !slices.Contains(hp, r.PrevYearEnd) {
				hp = append(hp, r.PrevYearEnd)
			}
			if r.CurYearEnd != "" && !slices.Contains(hc, r.CurYearEnd) {
				hc = append(hc, r.CurYearEnd)
			}
		}
		if len(cur) == 0 {
			continue
		}
		s := roundName(round) + "：本年值为" + strings.Join(cur, "、")
		if len(prev) > 0 {
			s += "，上年值为" + strings.Join(prev, "、")
		}
		if len(hp) > 0 {
			s += "，参保人数为" + strings.Join(hp, "、") + "和" + strings.Join(hc, "、")
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "金额单位：万元"
	}
	return strings.Join(parts, "；") + "；金额单位：万元"
}

// fills says which figure columns the rules of a sheet fill.
type fills struct{ measure, prev, cur, growth, headcount bool }

func fillsOf(rules []Rule) fills {
	var f fills
	for _, r := range rules {
		f.measure = f.measure || r.Measure != ""
		f.prev = f.prev || r.PrevPeriod != ""
		f.cur = f.cur || r.CurPeriod != ""
		f.growth = f.growth || r.Tiered
		f.headcount = f.headcount || r.CurYearEnd != ""
	}
	return f
}

// onlyPeriod is the one value of a period field over the rules, or "" when they differ or none has it.
func onlyPeriod(rules []Rule, get func(Rule) string) string {
	p := ""
	for _, r := range rules {
		v := get(r)
		switch {
		case v == "":
		case p == "":
			p = v
		case p != v:
			return ""
		}
	}
	return p
}

func rosterSheet(name string, d *Data, direction int, rows []RosterRow) tableSheet {
	rules := directionRules(d, direction)
	rounds := rulesRounds(d, rules)
	var decided []Rule
	for _, r := range rules {
		if slices.Contains(rounds, r.Round) || r.Round == 0 {
			decided = append(decided, r)
		}
	}
	fl := fillsOf(decided)
	headers := slices.Clone(RosterHeaders)
	if d.Run.RoundFlag != 0 {
		// A workbook of one round names the periods in the headers themselves.
		rename := func(i int, get func(Rule) string, format string) {
			if p := onlyPeriod(decided, get); p != "" {
				headers[i] = fmt.Sprintf(format, p)
			}
		}
		rename(colPrev, func(r Rule) string { return r.PrevPeriod }, "上年值：%s（万元）")
		rename(colCur, func(r Rule) string { return r.CurPeriod }, "本年值：%s（万元）")
		rename(colHeadPrev, func(r Rule) string { return r.PrevYearEnd }, "参保人数（%s）")
		rename(colHeadCur, func(r Rule) string { return r.CurYearEnd }, "参保人数（%s）")
	}
	headers = append(headers, RosterExtraHeaders...)
	cols := columns(headers...)
	// Text columns wrap down to these widths when the sheet is too wide for the page (方向11 shows
	// every figure column): five CJK characters a line for names, three or four for the rest.
	cols[2].MaxWidth, cols[2].MinWidth = 28, 10 // 企业名称
	cols[3].MaxWidth, cols[3].MinWidth = 12, 6  // 所属区
	cols[5].MaxWidth, cols[5].MinWidth = 20, 7  // 行业名称
	cols[6].MaxWidth, cols[6].MinWidth = 22, 7  // 支持类别
	cols[7].MinWidth = 6                        // 考核指标
	cols[colRemarks].MaxWidth, cols[colRemarks].MinWidth = 26, 9
	cols[7].Hidden = !fl.measure
	cols[colPrev].Hidden = !fl.prev
	cols[colCur].Hidden = !fl.cur
	cols[colNet].Hidden, cols[colGrowth].Hidden, cols[colTier].Hidden = !fl.growth, !fl.growth, !fl.growth
	cols[colHeadPrev].Hidden, cols[colHeadCur].Hidden = !fl.headcount, !fl.headcount
	cols[colPaid].Sum = true

	dirName := map[int]string{10: "方向10 做优做强", 11: "方向11 稳运行稳就业"}[direction]
	return tableSheet{
		name:     name,
		title:    listTitle(d, "拟奖励名单", fmt.Sprintf("方向%d", direction), rounds),
		subtitle: dirName + "　" + periodsLine(decided, rounds),
		blocks: []block{{cols: cols, n: len(rows), row: func(i int) []any {
			r := rows[i]
			return []any{
				i + 1, Code(r.CreditCode), r.Name, districtName(r.Enterprise), Code(r.IndustryCode), r.IndustryName,
				r.Category, measure(r.Measure), figOrNil(r.Prev), figOrNil(r.Cur), figOrNil(r.Net),
				growthOf(r.Figures), intOrNil(r.HeadcountPrev), intOrNil(r.HeadcountCur), r.Tier,
				YuanToWan(r.Paid), r.Remarks, roundName(r.Round),
			}
		}}},
		total: &totalRow{label: "合计", text: countText(rows)},
		notes: []string{"注：奖励金额为本次拟兑付金额（差额补齐的为补齐的差额）；上年值、本年值、净增量、增速均截尾显示，不进位。" +
			"备注注明“档位金额为假设值，待核定”或“行业范围为假设值，待核定”的，金额或资格待政策核定。"},
		signOff: true,
	}
}

// countText is the 合计 row's words: how many awards and enterprises, and, when the list holds rows of
// several rounds, how much each round pays.
func countText(rows []RosterRow) string {
	firms := map[string]bool{}
	byRound := map[int][2]decimal.Decimal{} // count, 万元 as shown
	var rounds []int
	for _, r := range rows {
		firms[r.CreditCode] = true
		x, ok := byRound[r.Round]
		if !ok {
			rounds = append(rounds, r.Round)
		}
		byRound[r.Round] = [2]decimal.Decimal{x[0].Add(decimal.NewFromInt(1)), x[1].Add(shownWan(r.Paid))}
	}
	s := fmt.Sprintf("共%d项，涉及%d家企业", len(rows), len(firms))
	if len(rounds) > 1 {
		slices.Sort(rounds)
		var parts []string
		for _, n := range rounds {
			x := byRound[n]
			parts = append(parts, fmt.Sprintf("%s%s项%s", roundName(n), x[0].String(), wanText(x[1])))
		}
		s += "；其中" + strings.Join(parts, "，")
	}
	return s
}

func extraSheet(s Sheet) tableSheet {
	rows := s.Rows
	return tableSheet{
		name: s.Name, title: s.Title,
		blocks: []block{{cols: s.Columns, n: len(rows), row: func(i int) []any { return rows[i] }}},
	}
}

func columns(headers ...string) []Column {
	cols := make([]Column, len(headers))
	for i, h := range headers {
		cols[i] = Column{Header: h}
	}
	return cols
}

// markOwn sets the workbook's properties: its title, and the category by which the loaders know a
// workbook this program wrote when it comes back into the input folder (loaders/ownbook.go). The
// creation time stays excelize's fixed one, so that the same run writes the same file.
func markOwn(f *excelize.File, doc string) error {
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:    "北京市高精尖产业发展资金免申即享" + doc,
		Category: loaders.OwnCategory,
		Creator:  "awards",
	}); err != nil {
		return fmt.Errorf("%s: properties: %w", doc, err)
	}
	return nil
}
