package reports

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

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
)

// RosterHeaders are the column headers of 方向10 and 方向11, in order (outputs.md).
var RosterHeaders = []string{
	"序号", "统一社会信用代码", "企业名称", "所属区", "行业代码", "行业名称", "支持类别", "考核指标",
	"上年值（万元）", "本年值（万元）", "净增量（万元）", "增速", "参保人数（上年末）", "参保人数（本年末）",
	"档位", "奖励金额（万元）", "备注",
}

// Options control [WriteFiles].
type Options struct {
	// SplitByDistrict also writes one workbook per district holding only its rows.
	SplitByDistrict bool
}

// FileName is the workbook's file name for a policy year: 高精尖资金免申即享奖励名单-2022.xlsx.
func FileName(year int) string {
	return fmt.Sprintf("高精尖资金免申即享奖励名单-%d.xlsx", year)
}

// DistrictFileName is the file name of one district's workbook: <workbook name>-<区名>.xlsx.
func DistrictFileName(year int, district string) string {
	return strings.TrimSuffix(FileName(year), ".xlsx") + "-" + district + ".xlsx"
}

// WriteFiles writes the city-wide workbook into dir and, with SplitByDistrict, one workbook per
// district; it returns the paths written, the city-wide workbook first. Each file is written under a
// temporary name and renamed, so a failed write leaves no partial workbook.
func WriteFiles(dir string, d *Data, opts Options) ([]string, error) {
	paths := []string{filepath.Join(dir, FileName(d.Run.PolicyYear))}
	datas := []*Data{d}
	if opts.SplitByDistrict {
		for _, name := range d.Districts() {
			paths = append(paths, filepath.Join(dir, DistrictFileName(d.Run.PolicyYear, name)))
			datas = append(datas, d.ForDistrict(name))
		}
	}
	for i, p := range paths {
		if err := writeFile(p, datas[i]); err != nil {
			return nil, err
		}
	}
	return paths, nil
}

func writeFile(path string, d *Data) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".workbook-*.xlsx")
	if err != nil {
		return fmt.Errorf("workbook %s: %w", filepath.Base(path), err)
	}
	defer os.Remove(tmp.Name())
	if err := Write(tmp, d); err != nil {
		tmp.Close()
		return fmt.Errorf("workbook %s: %w", filepath.Base(path), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("workbook %s: %w", filepath.Base(path), err)
	}
	// CreateTemp makes the file private (0600); the roster is for bureau staff sharing the machine.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("workbook %s: %w", filepath.Base(path), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("workbook %s: %w", filepath.Base(path), err)
	}
	return nil
}

// Write writes one workbook to w. The large sheets go through excelize's StreamWriter, which keeps
// rows on disk rather than in memory.
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
	pg := pageFor(d)

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
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// pageFor is the printed page header and footer: the policy year and scope on the left, the run date on
// the right (a date in cells would make two runs' cells differ), page numbers in the footer.
func pageFor(d *Data) page {
	scope := "全市"
	if d.District != "" {
		scope = d.District
	}
	left := fmt.Sprintf("%d年度高精尖产业发展资金免申即享奖励名单（%s）", d.Run.PolicyYear, scope)
	right := ""
	if !d.Run.StartedAt.IsZero() {
		right = "运行日期：" + d.Run.StartedAt.Format("2006年1月2日")
	}
	return page{
		header: "&L" + hfEscape(left) + "&R" + hfEscape(right),
		footer: "&L&A&C第 &P 页，共 &N 页&R经办人：__________  复核人：__________",
	}
}

// hfEscape doubles & so that text in a page header is not read as a control code.
func hfEscape(s string) string { return strings.ReplaceAll(s, "&", "&&") }

// splitDirections puts roster rows on their direction's sheet, ordered by district code, then credit
// code (then rule, so the order never depends on the input's).
func splitDirections(rows []RosterRow) (d10, d11 []RosterRow) {
	for _, r := range rows {
		if r.Direction == 10 {
			d10 = append(d10, r)
		} else {
			d11 = append(d11, r)
		}
	}
	less := func(s []RosterRow) func(i, j int) bool {
		return func(i, j int) bool {
			a, b := s[i], s[j]
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
	}
	sort.SliceStable(d10, less(d10))
	sort.SliceStable(d11, less(d11))
	return d10, d11
}

func scopeTitle(d *Data) string {
	if d.District == "" {
		return ""
	}
	return "（" + d.District + "）"
}

func rosterSheet(name string, d *Data, direction int, rows []RosterRow) tableSheet {
	cols := make([]Column, len(RosterHeaders))
	for i, h := range RosterHeaders {
		cols[i] = Column{Header: h}
	}
	cols[2].MaxWidth = 28  // 企业名称
	cols[5].MaxWidth = 20  // 行业名称
	cols[6].MaxWidth = 24  // 支持类别
	cols[16].MaxWidth = 26 // 备注
	dirName := map[int]string{10: "做优做强", 11: "稳运行稳就业"}[direction]
	return tableSheet{
		name:  name,
		title: fmt.Sprintf("%d年度高精尖产业发展资金 方向%d（%s）免申即享奖励名单%s", d.Run.PolicyYear, direction, dirName, scopeTitle(d)),
		blocks: []block{{cols: cols, n: len(rows), row: func(i int) []any {
			r := rows[i]
			return []any{
				i + 1, Code(r.CreditCode), r.Name, districtName(r.Enterprise), Code(r.IndustryCode), r.IndustryName,
				r.Category, measure(r.Measure), wanOrNil(r.Prev), wanOrNil(r.Cur), wanOrNil(r.Net),
				percentOrNil(r.Growth), intOrNil(r.HeadcountPrev), intOrNil(r.HeadcountCur), r.Tier,
				YuanToWan(r.Paid), r.Remarks,
			}
		}}},
	}
}

func reviewSheet(d *Data) tableSheet {
	rows := append([]ReviewRow(nil), d.Review...)
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.DistrictCode != b.DistrictCode {
			return a.DistrictCode < b.DistrictCode
		}
		if a.CreditCode != b.CreditCode {
			return a.CreditCode < b.CreditCode
		}
		return a.Rule.ID < b.Rule.ID
	})
	headers := []string{"序号", "类型", "统一社会信用代码", "企业名称", "所属区", "行业代码", "支持类别", "考核指标",
		"上年值（万元）", "本年值（万元）", "净增量（万元）", "增速", "档位", "拟奖励金额（万元）", "原因", "备注"}
	cols := make([]Column, len(headers))
	for i, h := range headers {
		cols[i] = Column{Header: h}
	}
	cols[3].MaxWidth = 28
	cols[6].MaxWidth = 24
	cols[14].MaxWidth = 30
	cols[15].MaxWidth = 24
	return tableSheet{
		name:  SheetReview,
		title: fmt.Sprintf("%d年度高精尖产业发展资金 待复核及临界未达名单%s", d.Run.PolicyYear, scopeTitle(d)),
		blocks: []block{{cols: cols, n: len(rows), row: func(i int) []any {
			r := rows[i]
			kind := "待复核"
			var amount any = YuanToWan(r.Amount)
			if r.Outcome != "review" {
				kind, amount = "临界未达", nil
			}
			return []any{
				i + 1, kind, Code(r.CreditCode), r.Name, districtName(r.Enterprise), Code(r.IndustryCode),
				r.Category, measure(r.Measure), wanOrNil(r.Prev), wanOrNil(r.Cur), wanOrNil(r.Net),
				percentOrNil(r.Growth), r.Tier, amount, strings.Join(r.Reasons, "；"), r.Remarks,
			}
		}}},
	}
}

func qualitySheet(d *Data) tableSheet {
	loads := append([]LoadRow(nil), d.Loads...)
	sort.SliceStable(loads, func(i, j int) bool {
		if loads[i].SourceFile != loads[j].SourceFile {
			return loads[i].SourceFile < loads[j].SourceFile
		}
		return loads[i].SourceSheet < loads[j].SourceSheet
	})
	q := append([]QuarantineRow(nil), d.Quarantine...)
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
	loadCols := columns("文件", "工作表", "数据类别", "读取行数", "载入行数", "隔离行数", "跳过合计行", "剔除重复行", "编码", "金额单位")
	loadCols[0].MaxWidth = 36
	qCols := columns("文件", "工作表", "数据类别", "行号", "列", "原始值", "原因", "原因代码")
	qCols[0].MaxWidth = 36
	qCols[5].MaxWidth = 24
	qCaption := fmt.Sprintf("隔离行（未载入的输入行，共 %d 行）", len(q))
	if d.District != "" {
		qCaption = "隔离行：见全市工作簿（隔离行可能涉及其他区的企业，不在分区工作簿中列出）"
	}
	return tableSheet{
		name:   SheetQuality,
		title:  fmt.Sprintf("%d年度高精尖产业发展资金 输入数据质量", d.Run.PolicyYear),
		filter: 1,
		blocks: []block{
			{cols: loadCols, n: len(loads), row: func(i int) []any {
				r := loads[i]
				return []any{r.SourceFile, r.SourceSheet, kindName(r.Kind), r.RowsRead, r.Loaded, r.Quarantined,
					r.SkippedTotals, r.DuplicatesDropped, r.Encoding, r.Unit}
			}},
			{caption: qCaption, cols: qCols, n: len(q), row: func(i int) []any {
				r := q[i]
				return []any{r.SourceFile, r.SourceSheet, kindName(r.Kind), r.SourceRow, r.Column, r.RawValue,
					quarantineReasons(r.Reason), r.Reason}
			}},
		},
	}
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
	if !d.Run.StartedAt.IsZero() {
		add("运行", "运行时间", DateTime(d.Run.StartedAt))
	}
	add("运行", "程序版本", d.Run.ProgramVersion)
	add("运行", "政策文件 SHA-256", Code(d.Run.PolicySHA256))
	if d.Run.AsOf != nil {
		add("运行", "评估日期（--as-of 覆盖全部规则组）", *d.Run.AsOf)
	}
	add("运行", "输入目录", d.Run.InputDir)

	params := append([]Param(nil), d.Params...)
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
	tiers := append([]Tier(nil), d.Tiers...)
	sort.SliceStable(tiers, func(i, j int) bool {
		if tiers[i].RuleID != tiers[j].RuleID {
			return tiers[i].RuleID < tiers[j].RuleID
		}
		return tiers[i].Tier < tiers[j].Tier
	})
	for _, t := range tiers {
		lines = append(lines, line{"档位", t.RuleID + " " + t.Tier, tierText(t), t.Assumed, t.Source})
	}
	inputs := append([]InputFile(nil), d.Inputs...)
	sort.SliceStable(inputs, func(i, j int) bool { return inputs[i].Name < inputs[j].Name })
	for _, in := range inputs {
		lines = append(lines, line{"输入文件", in.Name, Code(in.SHA256), false,
			fmt.Sprintf("%d 字节，读取 %d 行", in.SizeBytes, in.RowsRead)})
	}

	cols := columns("类别", "项目", "内容", "是否假设值", "来源 / 说明")
	cols[1].MaxWidth = 36
	cols[2].MaxWidth = 66
	cols[4].MaxWidth = 40
	return tableSheet{
		name:  SheetNotes,
		title: fmt.Sprintf("%d年度高精尖产业发展资金免申即享 说明（政策参数、档位、运行与输入文件）", d.Run.PolicyYear),
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
