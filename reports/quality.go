package reports

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/bjgjj/awards/loaders"
)

// QualityLoadHeaders and QualityQuarantineHeaders are the two tables of 数据质量.
var (
	QualityLoadHeaders = []string{"文件", "工作表", "数据类别", "读取行数", "载入行数", "隔离行数", "跳过合计行",
		"剔除重复行", "编码", "金额单位", "跳过原因"}
	QualityQuarantineHeaders = []string{"文件", "工作表", "数据类别", "行号", "统一社会信用代码", "企业名称", "列",
		"原始值", "原因", "影响的评审"}
)

func qualitySheet(d *Data) tableSheet {
	loads := slices.Clone(d.Loads)
	sort.SliceStable(loads, func(i, j int) bool {
		if loads[i].SourceFile != loads[j].SourceFile {
			return loads[i].SourceFile < loads[j].SourceFile
		}
		return loads[i].SourceSheet < loads[j].SourceSheet
	})
	q := slices.Clone(d.Quarantine)
	sort.SliceStable(q, func(i, j int) bool {
		a, b := q[i], q[j]
		if a.SourceFile != b.SourceFile {
			return a.SourceFile < b.SourceFile
		}
		if a.SourceSheet != b.SourceSheet {
			return a.SourceSheet < b.SourceSheet
		}
		return a.SourceRow < b.SourceRow
	})
	loadCols := columns(QualityLoadHeaders...)
	loadCols[0].MaxWidth, loadCols[0].MinWidth = 30, 16
	loadCols[1].MaxWidth, loadCols[1].MinWidth = 16, 8
	loadCols[10].MaxWidth, loadCols[10].MinWidth = 30, 12
	qCols := columns(QualityQuarantineHeaders...)
	qCols[0].MaxWidth, qCols[0].MinWidth = 30, 16
	qCols[5].MaxWidth, qCols[5].MinWidth = 24, 12
	qCols[6].MaxWidth, qCols[6].MinWidth = 16, 8
	qCols[7].MaxWidth, qCols[7].MinWidth = 24, 10
	qCols[8].MaxWidth, qCols[8].MinWidth = 20, 10
	qCols[9].MaxWidth, qCols[9].MinWidth = 24, 10
	qCaption := fmt.Sprintf("隔离行（未载入的输入行，共 %d 行）", len(q))
	if d.District != "" {
		qCaption = fmt.Sprintf("隔离行：本区企业的 %d 行（企业无法识别或不属本区的隔离行见全市工作簿）", len(q))
	}
	return tableSheet{
		name:   SheetQuality,
		title:  fmt.Sprintf("%s输入数据质量（%s%s）", cityTitle(d.Run.PolicyYear), roundsOrNone(d.rounds()), scopeSuffix(d)),
		filter: 1,
		blocks: []block{
			{cols: loadCols, n: len(loads), row: func(i int) []any {
				r := loads[i]
				kind := kindName(r.Kind)
				if r.Kind == "" {
					kind = "（未读取）"
				}
				return []any{r.SourceFile, r.SourceSheet, kind, r.RowsRead, r.Loaded, r.Quarantined,
					r.SkippedTotals, r.DuplicatesDropped, r.Encoding, r.Unit, loaders.SkipReasonZh(r.SkippedReason)}
			}},
			{caption: qCaption, cols: qCols, n: len(q), row: func(i int) []any {
				r := q[i]
				return []any{r.SourceFile, r.SourceSheet, kindName(r.Kind), r.SourceRow, codeOrUnknown(r.Enterprise.CreditCode),
					r.Enterprise.Name, clip(r.Column, 60), clip(r.RawValue, 120), quarantineReasons(r.Reason), touchedText(r)}
			}},
		},
	}
}

func codeOrUnknown(code string) any {
	if code == "" {
		return "（无法识别）"
	}
	return Code(code)
}

// touchedText says what a quarantined row changed: the decisions it holds, or why it holds none.
func touchedText(q QuarantineRow) string {
	if len(q.Touched) > 0 {
		rules := slices.Clone(q.Touched)
		slices.Sort(rules)
		return "暂缓兑付：" + strings.Join(slices.Compact(rules), "、")
	}
	if q.Enterprise.CreditCode == "" {
		return "企业无法识别，未暂缓任何评审"
	}
	return "未暂缓任何评审"
}

func notesSheet(d *Data) tableSheet {
	type line struct {
		group, item string
		value       any
		assumed     bool
		source      string
	}
	var lines []line
	add := func(group, item string, v any) { lines = append(lines, line{group: group, item: item, value: v}) }
	add("运行", "政策年度", fmt.Sprintf("%d年", d.Run.PolicyYear))
	add("运行", "运行编号", d.Run.ID)
	add("运行", "页脚运行编号", ShortRunID(d.Run.ID))
	if !d.Run.StartedAt.IsZero() {
		add("运行", "运行时间", DateTime(d.Run.StartedAt))
	}
	add("运行", "程序版本", d.Run.ProgramVersion)
	add("运行", "政策文件 SHA-256", Code(d.Run.PolicySHA256))
	if d.Run.AsOf != nil {
		add("运行", "评估日期（--as-of 覆盖全部规则组）", *d.Run.AsOf)
	}
	add("运行", "输入目录", d.Run.InputDir)
	rounds := roundsOrNone(d.rounds())
	if d.Run.RoundFlag != 0 {
		rounds += "（按 --round " + itoa(d.Run.RoundFlag) + " 仅评审该批次）"
	} else {
		rounds += "（本批数据所及的全部批次）"
	}
	add("批次", "本次评审批次", rounds)
	for _, r := range d.rules() {
		if !slices.Contains(d.rounds(), r.Round) && len(d.rounds()) > 0 {
			continue
		}
		what := roundName(r.Round) + "；" + measureOr(r.Measure, "无考核指标")
		if r.CurPeriod != "" {
			what += "；本年值 " + r.CurPeriod
		}
		if r.PrevPeriod != "" {
			what += "；上年值 " + r.PrevPeriod
		}
		if r.CurYearEnd != "" {
			what += "；参保人数 " + r.PrevYearEnd + "、" + r.CurYearEnd
		}
		add("批次", r.ID+" "+r.Category, what)
	}
	add("批次", "声明为空的数据类别（batch.toml empty）", emptyKindsText(d.Run.DeclaredEmpty))

	params := slices.Clone(d.Params)
	sort.SliceStable(params, func(i, j int) bool { return params[i].Key < params[j].Key })
	for _, p := range params {
		item := p.Label
		if item == "" {
			item = p.Key
		} else {
			item += "（" + p.Key + "）"
		}
		var v any = p.Value
		switch {
		case p.Date != nil:
			v = *p.Date
		case p.Value == "" && p.Num != nil:
			v = p.Num.String()
		}
		lines = append(lines, line{"政策参数", item, v, p.Assumed, p.Source})
	}
	tiers := slices.Clone(d.Tiers)
	sort.SliceStable(tiers, func(i, j int) bool {
		if tiers[i].RuleID != tiers[j].RuleID {
			return tiers[i].RuleID < tiers[j].RuleID
		}
		return tiers[i].Tier < tiers[j].Tier
	})
	for _, t := range tiers {
		lines = append(lines, line{"档位", t.RuleID + " " + t.Tier, tierText(t), t.Assumed, t.Source})
	}
	inputs := slices.Clone(d.Inputs)
	sort.SliceStable(inputs, func(i, j int) bool { return inputs[i].Name < inputs[j].Name })
	for _, in := range inputs {
		lines = append(lines, line{"输入文件", in.Name, Code(in.SHA256), false,
			fmt.Sprintf("%d 字节，读取 %d 行", in.SizeBytes, in.RowsRead)})
	}

	cols := columns("类别", "项目", "内容", "是否假设值", "来源 / 说明")
	cols[1].MaxWidth, cols[1].MinWidth = 36, 20
	cols[2].MaxWidth, cols[2].MinWidth = 66, 30
	cols[4].MaxWidth, cols[4].MinWidth = 40, 16
	return tableSheet{
		name:  SheetNotes,
		title: fmt.Sprintf("%s说明（政策参数、档位、批次、运行与输入文件）", cityTitle(d.Run.PolicyYear)),
		blocks: []block{{cols: cols, n: len(lines), row: func(i int) []any {
			l := lines[i]
			if !l.assumed {
				return []any{l.group, l.item, l.value, "", l.source}
			}
			v := l.value
			if s, ok := v.(string); ok {
				v = assumedText(s)
			}
			return []any{l.group, assumedText(l.item), v, assumedText("假设值，待核定"), l.source}
		}}},
	}
}

// emptyKindsText names the kinds batch.toml declared empty, or says there are none.
func emptyKindsText(kinds []string) string {
	if len(kinds) == 0 {
		return "无"
	}
	var out []string
	for _, k := range kinds {
		out = append(out, kindName(k)+"（"+k+"）")
	}
	slices.Sort(out)
	return strings.Join(out, "、")
}
