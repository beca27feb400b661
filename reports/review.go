package reports

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/bjgjj/awards/reports/display"
)

// ReviewHeaders are the columns of 待复核. The last five are the resolutions input's (inputs.md
// "resolutions"): staff fill them in and return the sheet, which loads as a resolutions file by its
// 统一社会信用代码, 规则 and 结论 headers; rows left unfilled are not resolutions. No other column may
// carry a name the resolutions kind reads (规则编号, 复核结论, 核定金额, 说明 …).
var ReviewHeaders = []string{
	"序号", "类型", "统一社会信用代码", "企业名称", "所属区", "规则", "原因", "详情", "测算金额（万元）",
	"结论", "核定金额（万元）", "复核人", "复核日期", "说明",
}

// The kinds of 待复核 rows, in the order the sheet lists them: first what needs a 结论.
const (
	reviewPending = "待复核"     // outcome review: held, or flagged for affiliate shift
	reviewStale   = "复核结论未采用" // a resolution that was not applied, on a pair no longer under review
	reviewGap     = "数据缺失"    // refused only because figures are missing
	reviewNear    = "临界未达"    // refused for one threshold by a small margin
	reviewOther   = "其他"
)

var reviewOrder = []string{reviewPending, reviewStale, reviewGap, reviewNear, reviewOther}

// reviewKind is the 类型 of a 待复核 row.
func reviewKind(r ReviewRow) string {
	switch {
	case r.Outcome == "review":
		return reviewPending
	case len(r.Stale) > 0:
		return reviewStale
	case r.DataGap:
		return reviewGap
	case r.NearMiss:
		return reviewNear
	}
	return reviewOther
}

// sortedReview orders 待复核: by kind (what needs a 结论 first), then district code, credit code, rule.
func sortedReview(rows []ReviewRow) []ReviewRow {
	out := slices.Clone(rows)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		ka, kb := slices.Index(reviewOrder, reviewKind(a)), slices.Index(reviewOrder, reviewKind(b))
		if ka != kb {
			return ka < kb
		}
		if a.DistrictCode != b.DistrictCode {
			return a.DistrictCode < b.DistrictCode
		}
		if a.CreditCode != b.CreditCode {
			return a.CreditCode < b.CreditCode
		}
		return a.Rule.ID < b.Rule.ID
	})
	return out
}

func reviewSheet(d *Data) tableSheet {
	rows := sortedReview(d.Review)
	files := filesByKind(d.Loads)
	cols := columns(ReviewHeaders...)
	cols[1].MaxWidth, cols[1].MinWidth = 8, 8   // 类型
	cols[3].MaxWidth, cols[3].MinWidth = 24, 10 // 企业名称
	cols[4].MaxWidth, cols[4].MinWidth = 10, 7  // 所属区
	cols[6].MaxWidth, cols[6].MinWidth = 18, 12 // 原因
	cols[7].MaxWidth, cols[7].MinWidth = 60, 30 // 详情
	// The columns staff fill in by hand: wide enough to write 不同意, an amount, a name and a date.
	cols[9].Width, cols[10].Width, cols[11].Width, cols[12].Width, cols[13].Width = 6, 9, 7, 10, 10
	return tableSheet{
		name: SheetReview,
		title: fmt.Sprintf("%s待复核、数据缺失及临界未达名单（%s%s）", cityTitle(d.Run.PolicyYear),
			roundsOrNone(d.rounds()), scopeSuffix(d)),
		// The instructions are in the title, not under the table: the returned sheet is read as a
		// resolutions file, and nothing but review lines may follow its header.
		subtitle: "“待复核”行请填写结论（同意或不同意）、核定金额、复核人、复核日期（年-月-日）后，将本表作为复核结论文件随下一批数据提交；" +
			"同意的，核定金额须与测算金额一致（测算金额为规则的全额，涉及差额补齐的同意后按差额兑付）。\n" +
			"复核结论未采用、数据缺失、临界未达行供核查，不填结论：数据缺失为缺少统计数据，补齐后重新运行即可评审；临界未达为差额在门槛5%以内，不予奖励。" +
			"详情所列数值截尾显示、不进位，差额进位显示，均不会因舍入越过门槛。",
		blocks: []block{{cols: cols, n: len(rows), row: func(i int) []any {
			r := rows[i]
			var amount any
			switch reviewKind(r) {
			case reviewPending:
				amount = YuanToWan(r.Amount)
			case reviewGap:
				if r.Potential != nil {
					amount = YuanToWan(*r.Potential)
				}
			}
			return []any{
				i + 1, reviewKind(r), Code(r.CreditCode), r.Name, districtName(r.Enterprise), Code(r.Rule.ID),
				reasonsText(r.Reasons), reviewDetail(d, r, files), amount,
			}
		}}},
	}
}

// reasonsText joins a row's reasons in short words: the causes of a hold as holdWords says them, other
// labels without the "待复核" their 类型 already says.
func reasonsText(rs []Reason) string {
	var out []string
	for _, r := range rs {
		l := holdWords[r.Code]
		if l == "" {
			l = r.Label
		}
		if l == "" {
			l = r.Code
		}
		for _, suffix := range []string{"，暂缓兑付待复核", "，待复核"} {
			l = strings.TrimSuffix(l, suffix)
		}
		out = append(out, l)
	}
	return strings.Join(out, "；")
}

// filesByKind lists the files (and sheets) of each kind the batch held, for "where the missing figure
// should come from".
func filesByKind(loads []LoadRow) map[string][]string {
	m := map[string][]string{}
	for _, l := range loads {
		if l.Kind == "" {
			continue
		}
		name := l.SourceFile
		if l.SourceSheet != "" {
			name += "（工作表 " + l.SourceSheet + "）"
		}
		if !slices.Contains(m[l.Kind], name) {
			m[l.Kind] = append(m[l.Kind], name)
		}
	}
	for k := range m {
		slices.Sort(m[k])
	}
	return m
}

// reviewDetail is what a person needs to decide a row without the database, one fact a line.
func reviewDetail(d *Data, r ReviewRow, files map[string][]string) string {
	var lines []string
	add := func(format string, a ...any) { lines = append(lines, fmt.Sprintf(format, a...)) }
	if r.Category != "" {
		add("%s（%s）", r.Category, roundName(r.Round))
	}
	for _, h := range r.Holds {
		add("%s", holdText(h))
	}
	if a := r.Affiliate; a != nil {
		add("集团内其他企业%s下降合计%s，达到本企业净增量%s的%s（%s）：", measureOr(r.Measure, "指标"),
			figureText(a.FallTotal), figureText(a.Net), shareText(a.Share), figureText(a.Limit))
		members := slices.Clone(a.Members)
		sort.SliceStable(members, func(i, j int) bool { return members[i].CreditCode < members[j].CreditCode })
		for _, m := range members {
			name := m.Name
			if name == "" {
				name = "（不在单位名录）"
			}
			add("· %s %s：%s %s → %s %s，下降 %s", m.CreditCode, name, periodOr(r.PrevPeriod, "上年"), figOrDash(m.Prev),
				periodOr(r.CurPeriod, "本年"), figOrDash(m.Cur), figureText(m.Fall))
		}
	}
	if r.Threshold != nil {
		add("%s", thresholdText(r))
	}
	if r.DataGap {
		for _, m := range missingFigures(r, files) {
			add("%s", m)
		}
		if r.Potential != nil {
			tier := ""
			if r.PotentialTier != "" {
				tier = "（档位 " + r.PotentialTier + "）"
			}
			add("如补齐的数据满足条件，本次可兑付 %s%s", amountText(*r.Potential), tier)
		} else {
			add("缺少本规则的考核指标，可兑付金额无法测算")
		}
	}
	if r.Outcome == "review" && r.Potential != nil && !r.Potential.Equal(r.Amount) {
		add("若同意，本次兑付 %s（差额补齐后）", amountText(*r.Potential))
	}
	for _, s := range r.Stale {
		add("%s", staleText(s))
	}
	if r.Remarks != "" {
		add("备注：%s", r.Remarks)
	}
	return strings.Join(lines, "\n")
}

func measureOr(m, alt string) string {
	if m == "" {
		return alt
	}
	return m
}

func periodOr(p, alt string) string {
	if p == "" {
		return alt
	}
	return p
}

func figOrDash(d *decimal.Decimal) string {
	if d == nil {
		return "无数据"
	}
	return figureText(*d)
}

// shareText writes a share (0.5) as a percent: 50%.
func shareText(s decimal.Decimal) string { return s.Shift(2).String() + "%" }

// sourceText names a row of an input file as a person finds it.
func sourceText(file, sheet string, row int64) string {
	s := file
	if sheet != "" {
		s += "（工作表 " + sheet + "）"
	}
	if row > 0 {
		s += fmt.Sprintf("第 %d 行", row)
	}
	return s
}

// holdWords are the causes of a hold in short words (reason_codes' labels say "暂缓兑付待复核" too,
// which 类型 already says).
var holdWords = map[string]string{
	"row_unreadable":             "数据行无法读取",
	"prior_award_amount_missing": "本年已兑付奖励缺少金额，孰高兑付基数不明",
	"missing_history":            "无法确认首次突破",
	"figures_disagree":           "本期值与次年报送的上年同期数分处门槛两侧",
}

// holdText is one cause of a hold and the row behind it, as a person finds it in the batch.
func holdText(h Hold) string {
	words := holdWords[h.Reason.Code]
	if words == "" {
		words = h.Reason.Label
	}
	if words == "" {
		words = h.Reason.Code
	}
	where := ""
	if h.SourceFile != "" {
		where = kindName(h.Kind) + " " + sourceText(h.SourceFile, h.SourceSheet, h.SourceRow)
	}
	col := ""
	if h.Column != "" {
		col = "，列“" + clip(h.Column, 30) + "”"
	}
	switch h.Reason.Code {
	case "row_unreadable":
		// detail is the loader's reasons for quarantining the row.
		s := words + "：" + where + col
		if h.RawValue != "" {
			s += "，原值“" + clip(h.RawValue, 60) + "”"
		}
		if h.Detail != "" {
			s += "（" + quarantineReasons(h.Detail) + "）"
		}
		return s
	case "prior_award_amount_missing":
		// detail names the award: year, direction and 项目.
		return words + "：" + where + "（" + clip(h.Detail, 60) + "）"
	case "missing_history":
		// detail is the history year the enterprise was 规上 in without an annual 工业总产值 of its own.
		return fmt.Sprintf("%s：%s年为规上（%s），批次中无%s年全年工业总产值（本年或次年报送的上年同期）",
			words, clip(h.Detail, 10), where, clip(h.Detail, 10))
	case "figures_disagree":
		// raw_value is the figure in 元; detail says which of the two rows it is.
		s := words + "：" + where + "，" + clip(h.Detail, 40)
		if v, err := decimal.NewFromString(h.RawValue); err == nil {
			s += " " + figureText(v)
		} else if h.RawValue != "" {
			s += " “" + clip(h.RawValue, 60) + "”"
		}
		return s
	}
	s := words
	if where != "" {
		s += "：" + where + col
	}
	if h.RawValue != "" {
		s += "，原值“" + clip(h.RawValue, 60) + "”"
	}
	if h.Detail != "" {
		s += "；" + clip(h.Detail, 200)
	}
	return s
}

// thresholdText is a near miss's figure, the threshold and the shortfall. The figure is truncated
// toward zero and the shortfall rounded away from zero (rules.md), so neither reads as meeting it.
func thresholdText(r ReviewRow) string {
	t := r.Threshold
	switch t.Figure {
	case "growth":
		var shown, short decimal.Decimal
		switch {
		case r.Net != nil && r.Prev != nil && r.Prev.IsPositive():
			shown, _ = display.PercentTrunc(*r.Net, *r.Prev)
			short = display.ShortfallPoints(*r.Net, *r.Prev, t.Value)
		case r.Growth != nil:
			shown = display.RatioPercentTrunc(*r.Growth)
			short = t.Value.Sub(r.Growth.Shift(2)).RoundUp(2)
		default:
			return "临界未达：门槛 " + pctText(t.Value)
		}
		return fmt.Sprintf("增速 %s%%，门槛 %s（含），差 %s 个百分点", shown.StringFixed(2), pctText(t.Value), short.StringFixed(2))
	case "net":
		if r.Net == nil {
			break
		}
		return fmt.Sprintf("净增量 %s，门槛 %s（%s，含），差 %s", figureText(*r.Net), wanText(t.Value.Shift(-4).Round(2)),
			yuanText(t.Value), shortfallText(*r.Net, t.Value))
	case "level":
		if r.Cur == nil {
			break
		}
		return fmt.Sprintf("%s%s %s，门槛 %s（%s，含），差 %s", periodOr(r.CurPeriod, "本年"), measureOr(r.Measure, "值"),
			figureText(*r.Cur), wanText(t.Value.Shift(-4).Round(2)), yuanText(t.Value), shortfallText(*r.Cur, t.Value))
	}
	return "临界未达：门槛 " + t.Value.String()
}

// missingFigures names each figure a data gap lacks, the kind of file it comes from and the batch's
// files of that kind.
func missingFigures(r ReviewRow, files map[string][]string) []string {
	var out []string
	from := func(kind string) string {
		fs := files[kind]
		if len(fs) == 0 {
			return "应来自" + kindName(kind) + "文件（本批没有此类文件）"
		}
		return "应来自" + kindName(kind) + "：" + strings.Join(fs, "、")
	}
	for _, reason := range r.Reasons {
		m, ok := strings.CutPrefix(reason.Code, "missing_data:")
		if !ok {
			continue
		}
		switch m {
		case "output_value", "revenue":
			name := kindName(m)
			var which []string
			if r.Cur == nil {
				which = append(which, periodOr(r.CurPeriod, "本期")+name)
			}
			if r.Prev == nil {
				which = append(which, periodOr(r.PrevPeriod, "上年同期")+name)
			}
			if len(which) == 0 {
				which = append(which, name)
			}
			out = append(out, "缺少"+strings.Join(which, "、")+"，"+from(m))
		case "headcount":
			var which []string
			if r.HeadcountPrev == nil {
				which = append(which, periodOr(r.PrevYearEnd, "上年末")+"参保人数")
			}
			if r.HeadcountCur == nil {
				which = append(which, periodOr(r.CurYearEnd, "本年末")+"参保人数")
			}
			if len(which) == 0 {
				which = append(which, "参保人数")
			}
			out = append(out, "缺少"+strings.Join(which, "、")+"，"+from("headcount"))
		case "start_month":
			out = append(out, "缺少投产年月，"+from("enterprises"))
		default:
			out = append(out, "缺少"+m)
		}
	}
	return out
}

// staleText describes a resolution that was not applied, and why.
func staleText(s Resolution) string {
	parts := []string{"复核结论未采用：" + clip(s.Conclusion, 10)}
	if s.Confirmed != nil {
		parts = append(parts, "核定金额 "+amountText(*s.Confirmed))
	}
	if s.Computed != nil {
		parts = append(parts, "本次测算金额 "+amountText(*s.Computed))
	}
	if s.Reviewer != "" {
		parts = append(parts, "复核人 "+clip(s.Reviewer, 20))
	}
	if s.ReviewedOn != nil {
		parts = append(parts, s.ReviewedOn.Format("2006-01-02"))
	}
	txt := strings.Join(parts, "，")
	if s.SourceFile != "" {
		txt += "（" + sourceText(s.SourceFile, s.SourceSheet, s.SourceRow) + "）"
	}
	if s.StaleReason != "" {
		// The decision stages give the reason in Chinese and English: the sheet shows the Chinese.
		zh, _, _ := strings.Cut(s.StaleReason, " / ")
		txt += "：" + clip(zh, 120)
	}
	return txt
}
