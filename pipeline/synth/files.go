package synth

import (
	"fmt"
	"iter"
	"path/filepath"
	"strconv"
)

// layout tunes how a batch is written.
type layout struct {
	maxRows       int // rows per sheet, title and headers included (0: Excel's limit)
	sheetsPerFile int // sheets of one kind per file before a new file starts (0: one file)
	// extra rows (deliberately bad ones) appended to a kind's data, keyed by file kind name.
	extra map[string][][]any
	// with2011 adds a 行业代码(2011) column to the register, holding the codes of the older standard.
	with2011 bool
}

// File names of a batch, by kind.
const (
	fileRegister   = "单位名录_2022"
	fileAbove      = "规上企业名录_2015-2022.csv"
	fileOutput     = "工业总产值_2019-2022"
	fileRevenue    = "营业收入_2019-2022.csv"
	fileHeadcount  = "参保人数_2021-2022.csv"
	fileLists      = "名单汇总_2022"
	fileDishonesty = "失信及禁限目录"
)

// writeBatch writes every file of a batch for the enterprises ents yields (ents is walked once per file).
func writeBatch(dir string, ents iter.Seq[*ent], lo layout) error {
	steps := []func(string, iter.Seq[*ent], layout) error{
		writeRegister, writeAbove, writeOutput, writeRevenue, writeHeadcount, writeLists, writeDishonesty,
	}
	for _, s := range steps {
		if err := s(dir, ents, lo); err != nil {
			return err
		}
	}
	return nil
}

func writeRegister(dir string, ents iter.Seq[*ent], lo layout) error {
	b, err := newBook(dir, fileRegister, lo.maxRows, lo.sheetsPerFile)
	if err != nil {
		return err
	}
	cols := []string{"统一社会信用代码", "单位详细名称", "行业代码", "区划代码", "是否独立法人", "投产年月"}
	widths := []float64{22, 40, 10, 14, 12, 12}
	if lo.with2011 {
		cols = []string{"统一社会信用代码", "单位详细名称", "行业代码(2011)", "行业代码(2017)", "区划代码", "是否独立法人", "投产年月"}
		widths = []float64{22, 40, 14, 14, 14, 12, 12}
	}
	t, err := b.table("单位名录", header{Title: "北京市一套表调查单位名录（2022年）", Rows: [][]string{cols}, Widths: widths})
	if err != nil {
		return err
	}
	for e := range ents {
		if !e.InReg {
			continue
		}
		var ind any = e.Industry
		if e.Industry[0] == '0' {
			n, _ := strconv.Atoi(e.Industry)
			ind = n // Excel dropped the leading zero: 0610 arrives as the number 610
		}
		var region any = e.Region
		if n, err := strconv.Atoi(e.Region); err == nil && len(e.Region) == 6 && e.Code[17]%3 == 0 {
			region = n // some registers hold the code as a number
		}
		var start any
		switch {
		case e.Start != "":
			start = e.Start
		case e.StartDate != "":
			start = monthCell(e.StartDate)
		}
		row := []any{e.Code, e.Name, ind, region, nilIfEmpty(e.Legal), start}
		if lo.with2011 {
			row = []any{e.Code, e.Name, industry2011(e.Industry), ind, region, nilIfEmpty(e.Legal), start}
		}
		if err := t.Row(row...); err != nil {
			return err
		}
	}
	for _, r := range lo.extra["enterprises"] {
		if err := t.Row(r...); err != nil {
			return err
		}
	}
	if err := t.Close(); err != nil {
		return err
	}
	return b.save()
}

// industry2011 gives the GB/T 4754-2011 code a register would carry beside the 2017 one for the codes
// that changed; the trap is 6520, which in 2011 meant 信息系统集成 (2017: 6531).
func industry2011(c string) string {
	switch c {
	case "6511", "6512", "6513":
		return "6510"
	case "6520":
		return "6550"
	case "6531":
		return "6520"
	case "6550":
		return "6540"
	}
	return c
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func writeAbove(dir string, ents iter.Seq[*ent], lo layout) error {
	c, err := newCSV(filepath.Join(dir, fileAbove), gb18030, header{
		Title: "2015—2022年规模以上企业名录",
		Rows:  [][]string{{"统一社会信用代码", "单位详细名称", "年份", "纳入方式"}},
	})
	if err != nil {
		return err
	}
	for e := range ents {
		for i, y := range e.Above {
			var method any
			if i == 0 && e.Method != "" {
				method = e.Method
			}
			yt := strconv.Itoa(y)
			if (y+int(e.Code[16]))%2 == 0 {
				yt += "年"
			}
			if err := c.Row(e.Code, e.Name, yt, method); err != nil {
				return err
			}
		}
	}
	for _, r := range lo.extra["above_scale"] {
		if err := c.Row(r...); err != nil {
			return err
		}
	}
	return c.Close()
}

// qianYuan writes an amount in 元 as a number of 千元 (the statistical forms' unit).
func qianYuan(v money) any {
	if v == absent {
		return "—"
	}
	f, err := strconv.ParseFloat(decimalText(v, 3), 64)
	if err != nil {
		panic(err) // decimalText always writes a number
	}
	return f
}

// decimalText writes v / 10^scale exactly, without trailing zeros.
func decimalText(v int64, scale int) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	for len(s) <= scale {
		s = "0" + s
	}
	intPart, frac := s[:len(s)-scale], s[len(s)-scale:]
	for len(frac) > 0 && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	if frac != "" {
		intPart += "." + frac
	}
	if neg {
		intPart = "-" + intPart
	}
	return intPart
}

// widePeriods are the rows of the statistical form for one enterprise: a period, its figure and the
// same period a year earlier.
func widePeriods(s series) [][3]any {
	rows := [][3]any{
		{"2019年", s.Y2019, absent},
		{"2020年", s.Y2020, s.Y2019},
		{"2021年", s.Y2021, s.Y2020},
		{"2022年1-3月", s.Q2022, s.Q2021},
		{"2022年", s.Y2022, s.Y2021},
	}
	out := rows[:0]
	for _, r := range rows {
		if r[1].(money) != absent || r[2].(money) != absent {
			out = append(out, r)
		}
	}
	return out
}

func writeOutput(dir string, ents iter.Seq[*ent], lo layout) error {
	b, err := newBook(dir, fileOutput, lo.maxRows, lo.sheetsPerFile)
	if err != nil {
		return err
	}
	t, err := b.table("工业总产值", header{
		Title: "规模以上工业企业工业总产值（2019—2022年）",
		Unit:  "单位：千元",
		Rows: [][]string{
			{"统一社会信用代码", "单位详细名称", "期别", "工业总产值（当年价格）", ""},
			{"", "", "", "本年", "上年同期"},
		},
		Merges: [][4]int{{0, 0, 1, 0}, {0, 1, 1, 1}, {0, 2, 1, 2}, {0, 3, 0, 4}},
		Widths: []float64{22, 40, 14, 16, 16},
	})
	if err != nil {
		return err
	}
	var total money
	for e := range ents {
		if e.Out.empty() {
			continue
		}
		for _, p := range widePeriods(e.Out) {
			cur, prev := p[1].(money), p[2].(money)
			if p[0] == "2022年" && cur != absent {
				total += cur
			}
			if err := t.Row(e.Code, e.Name, p[0], qianYuan(cur), qianYuan(prev)); err != nil {
				return err
			}
		}
	}
	for _, r := range lo.extra["output_value"] {
		if err := t.Row(r...); err != nil {
			return err
		}
	}
	if err := t.Row("合计", nil, "2022年", qianYuan(total), nil); err != nil {
		return err
	}
	if err := t.Close(); err != nil {
		return err
	}
	return b.save()
}

// wanYuan writes an amount in 元 as text in 万元; thousands separators on some rows, as typed by hand.
func wanYuan(v money, sep bool) string {
	if v == absent {
		return ""
	}
	s := decimalText(v, 4)
	if !sep {
		return s
	}
	intPart, frac := s, ""
	for i := range s {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i:]
			break
		}
	}
	var out []byte
	for i := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 && intPart[i-1] != '-' {
			out = append(out, ',')
		}
		out = append(out, intPart[i])
	}
	return string(out) + frac
}

func writeRevenue(dir string, ents iter.Seq[*ent], lo layout) error {
	c, err := newCSV(filepath.Join(dir, fileRevenue), utf8BOM, header{
		Title: "规模以上服务业企业营业收入（2019—2022年）",
		Rows:  [][]string{{"统一社会信用代码", "单位详细名称", "期别", "营业收入（万元）"}},
	})
	if err != nil {
		return err
	}
	for e := range ents {
		s := e.Rev
		sep := e.Code[16]%5 == 0
		for _, p := range []struct {
			name string
			v    money
		}{
			{"2019年1-12月", s.Y2019}, {"2020年1-12月", s.Y2020}, {"2021年1-12月", s.Y2021},
			{"2021年1-3月", s.Q2021}, {"2022年1-3月", s.Q2022}, {"2022年1-12月", s.Y2022},
		} {
			if p.v == absent {
				continue
			}
			if err := c.Row(e.Code, e.Name, p.name, wanYuan(p.v, sep)); err != nil {
				return err
			}
		}
	}
	for _, r := range lo.extra["revenue"] {
		if err := c.Row(r...); err != nil {
			return err
		}
	}
	return c.Close()
}

func writeHeadcount(dir string, ents iter.Seq[*ent], lo layout) error {
	c, err := newCSV(filepath.Join(dir, fileHeadcount), utf8Plain, header{
		Rows: [][]string{{"统一社会信用代码", "单位名称", "统计时点", "参保人数"}},
	})
	if err != nil {
		return err
	}
	for e := range ents {
		long := e.Code[15]%2 == 0 // some extracts write the month, others the last day
		for _, h := range []struct {
			n             int
			month, dayEnd string
		}{{e.Head21, "2021年12月", "2021-12-31"}, {e.Head22, "2022年12月", "2022-12-31"}} {
			if h.n < 0 {
				continue
			}
			when := h.month
			if long {
				when = h.dayEnd
			}
			if err := c.Row(e.Code, e.Name, when, h.n); err != nil {
				return err
			}
		}
	}
	for _, r := range lo.extra["headcount"] {
		if err := c.Row(r...); err != nil {
			return err
		}
	}
	return c.Close()
}

// writeLists writes the 名单汇总 workbook: a 填表说明 cover sheet and one sheet per list.
func writeLists(dir string, ents iter.Seq[*ent], lo layout) error {
	b, err := newBook(dir, fileLists, lo.maxRows, 0)
	if err != nil {
		return err
	}
	if err := b.plainSheet("填表说明", []string{
		"填表说明",
		"1. 本表汇总2022年高精尖产业发展资金“免申即享”审核所需名单。",
		"2. 各名单以统一社会信用代码为准，企业名称仅供参考。",
		"3. 金额单位以表头为准。",
	}); err != nil {
		return err
	}
	sheets := []struct {
		name string
		h    header
		rows func(e *ent, t table) error
	}{
		{"专精特新", header{Rows: [][]string{{"统一社会信用代码", "企业名称", "级别", "认定日期", "有效期至"}}},
			func(e *ent, t table) error {
				for _, s := range e.Spec {
					if err := t.Row(e.Code, e.Name, s.Level, dateCell(s.Recognized), nilIfEmpty(s.ValidUntil)); err != nil {
						return err
					}
				}
				return nil
			}},
		{"工业软件", header{Title: "北京市工业软件企业名单", Rows: [][]string{{"统一社会信用代码", "企业名称", "认定年份"}}},
			func(e *ent, t table) error {
				switch {
				case e.SoftYear > 0:
					return t.Row(e.Code, e.Name, e.SoftYear)
				case e.SoftYear < 0:
					return t.Row(e.Code, e.Name, nil)
				}
				return nil
			}},
		{"其他市级资金", header{Rows: [][]string{{"统一社会信用代码", "企业名称", "方向", "资金名称", "年度"}}},
			func(e *ent, t table) error {
				for _, f := range e.Funds {
					var y any
					if f.Year > 0 {
						y = f.Year
					}
					if err := t.Row(e.Code, e.Name, fmt.Sprintf("方向%d", f.Direction), f.Name, y); err != nil {
						return err
					}
				}
				return nil
			}},
		{"已兑付奖励", header{Rows: [][]string{{"统一社会信用代码", "企业名称", "年度", "方向", "项目", "金额（万元）"}}},
			func(e *ent, t table) error {
				for _, p := range e.Prior {
					if err := t.Row(e.Code, e.Name, p.Year, strconv.Itoa(p.Direction), nilIfEmpty(p.Item), p.Wan); err != nil {
						return err
					}
				}
				return nil
			}},
		{"关联企业", header{Title: "在京关联企业", Rows: [][]string{{"统一社会信用代码", "企业名称", "集团编号"}}},
			func(e *ent, t table) error {
				if e.Group == "" {
					return nil
				}
				return t.Row(e.Code, e.Name, e.Group)
			}},
	}
	for _, s := range sheets {
		t, err := b.table(s.name, s.h)
		if err != nil {
			return err
		}
		for e := range ents {
			if err := s.rows(e, t); err != nil {
				return err
			}
		}
		if err := t.Close(); err != nil {
			return err
		}
	}
	return b.save()
}

// writeDishonesty writes the 失信 list and the 禁限目录 as two sheets of one workbook.
func writeDishonesty(dir string, ents iter.Seq[*ent], lo layout) error {
	b, err := newBook(dir, fileDishonesty, lo.maxRows, 0)
	if err != nil {
		return err
	}
	t, err := b.table("严重失信主体名单", header{Rows: [][]string{{"统一社会信用代码", "企业名称", "列入日期", "移出日期"}}})
	if err != nil {
		return err
	}
	n := 0
	for e := range ents {
		for _, d := range e.Dish {
			n++
			var listed any = d.Listed
			if n%2 == 0 {
				listed = dateCell(d.Listed) // the list mixes typed dates and text
			}
			if err := t.Row(e.Code, e.Name, listed, nilIfEmpty(d.Removed)); err != nil {
				return err
			}
		}
	}
	if err := t.Close(); err != nil {
		return err
	}
	r, err := b.table("禁限目录", header{
		Title: "北京市新增产业的禁止和限制目录（摘录）",
		Rows:  [][]string{{"行业代码", "行业名称", "管控类型", "适用区域"}},
	})
	if err != nil {
		return err
	}
	for _, c := range catalogue() {
		if err := r.Row(c.Prefix, industryName(c.Prefix), c.Type, c.Scope); err != nil {
			return err
		}
	}
	if err := r.Close(); err != nil {
		return err
	}
	return b.save()
}

// industryName names the catalogue's prefixes (for people reading the sheet; the loader ignores it).
func industryName(prefix string) string {
	switch prefix {
	case "0610":
		return "烟煤和无烟煤开采洗选"
	case "261":
		return "基础化学原料制造"
	case "2710":
		return "化学药品原料药制造"
	case "3714":
		return "高铁设备、配件制造"
	case "3990":
		return "其他电子设备制造"
	case "25":
		return "石油、煤炭及其他燃料加工业"
	case "3011":
		return "水泥制造"
	case "4411":
		return "火力发电"
	}
	return ""
}
