package check

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Sheet names of the cases workbook.
const (
	SheetEnterprises  = "企业"
	SheetExpectations = "预期"
	SheetRestricted   = "禁限目录"
	SheetMembers      = "关联企业"
	SheetHelp         = "填写说明"
)

// Column names of sheet 企业 that are not figures (figures and headcounts follow 规上年份).
var (
	headBefore = []string{"用例编号", "说明", "统一社会信用代码", "企业名称", "行业代码", "行业代码(2011)",
		"所属区", "是否独立法人", "投产年月", "规上年份"}
	headAfter = []string{"专精特新级别", "专精特新认定日期", "专精特新有效期至", "失信列入日期", "失信移出日期",
		"工业软件认定年份", "其他市级资金方向", "其他市级资金年度", "已兑付年度", "已兑付方向", "已兑付项目",
		"已兑付金额(万元)", "关联集团编号", "隔离行", "复核规则", "复核结论", "核定金额(万元)", "复核人", "复核日期"}
	headExpect = []string{"用例编号", "企业名称", "规则", "预期结果", "预期档位", "预期金额(万元)",
		"预期本次兑付(万元)", "预期原因", "预期接近门槛", "预期备注", "预期数据缺口", "预期潜在档位", "预期潜在金额(万元)", "说明"}
	headRestricted = []string{"行业代码", "管控类型", "适用区域", "说明"}
	headMembers    = []string{"集团编号", "统一社会信用代码", "企业名称", "说明"}
	headAliases    = map[string]string{"区划代码": "所属区", "区划代码/所属区": "所属区", "信用代码": "统一社会信用代码"}
)

// defaultPeriods are the figure columns a written workbook always has.
var defaultPeriods = []Period{{2019, false}, {2020, false}, {2021, false}, {2022, false}, {2021, true}, {2022, true}}

// normHeader folds what people type differently in headers: spaces and full-width parentheses.
func normHeader(s string) string {
	s = strings.NewReplacer("（", "(", "）", ")", " ", "", "\u3000", "", "\n", "").Replace(strings.TrimSpace(s))
	if a, ok := headAliases[s]; ok {
		return a
	}
	return s
}

// displayHeader is the header as written into a workbook: full-width parentheses, as Chinese forms do.
func displayHeader(s string) string {
	if s == "行业代码(2011)" {
		return s // the register's own spelling
	}
	return strings.NewReplacer("(", "（", ")", "）").Replace(s)
}

func figureCol(measure string, p Period) string {
	q := ""
	if p.Q1 {
		q = "1-3月"
	}
	return fmt.Sprintf("%s%d年%s(万元)", measure, p.Year, q)
}

// prevCol is the column of the 上年同期 reported with a period's row.
func prevCol(measure string, p Period) string {
	return strings.TrimSuffix(figureCol(measure, p), "(万元)") + "上年同期(万元)"
}

// ReadCases reads a cases workbook (see the package documentation for its sheets and columns).
func ReadCases(path string) (*Cases, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("open cases workbook: %w", err)
	}
	defer f.Close()
	c := &Cases{}
	sheets := map[string]bool{}
	for _, s := range f.GetSheetList() {
		sheets[s] = true
	}
	for _, need := range []string{SheetEnterprises, SheetExpectations} {
		if !sheets[need] {
			return nil, fmt.Errorf("%s: the cases workbook has no sheet %s", path, need)
		}
	}
	read := func(sheet string, fn func(r row) error) error {
		if !sheets[sheet] {
			return nil
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return fmt.Errorf("%s sheet %s: %w", path, sheet, err)
		}
		if len(rows) == 0 {
			return nil
		}
		cols := map[string]int{}
		for i, h := range rows[0] {
			if h = normHeader(h); h != "" {
				cols[h] = i
			}
		}
		for i, cells := range rows[1:] {
			r := row{cols: cols, cells: cells, n: i + 2, sheet: sheet}
			if r.blank() {
				continue
			}
			if err := fn(r); err != nil {
				return fmt.Errorf("%s sheet %s row %d: %w", path, sheet, r.n, err)
			}
		}
		return nil
	}
	if err := read(SheetEnterprises, func(r row) error {
		e, err := r.enterprise(true)
		if err == nil {
			c.Enterprises = append(c.Enterprises, e)
		}
		return err
	}); err != nil {
		return nil, err
	}
	if err := read(SheetMembers, func(r row) error {
		e, err := r.enterprise(false)
		if err == nil {
			c.Members = append(c.Members, e)
		}
		return err
	}); err != nil {
		return nil, err
	}
	if err := read(SheetExpectations, func(r row) error {
		x, err := r.expectation()
		if err == nil {
			c.Expectations = append(c.Expectations, x)
		}
		return err
	}); err != nil {
		return nil, err
	}
	if err := read(SheetRestricted, func(r row) error {
		x := Restricted{Prefix: digitsCode(r.get("行业代码"), 0), Type: r.get("管控类型"),
			Scope: r.get("适用区域"), Note: r.get("说明"), Row: r.n}
		if x.Prefix == "" || x.Type == "" || x.Scope == "" {
			return errors.New("行业代码, 管控类型 and 适用区域 are all required")
		}
		c.Restricted = append(c.Restricted, x)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// row is one data row of a sheet with its header map.
type row struct {
	cols  map[string]int
	cells []string
	n     int
	sheet string
}

func (r row) get(col string) string {
	i, ok := r.cols[col]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

func (r row) blank() bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func (r row) enterprise(isCase bool) (Enterprise, error) {
	e := Enterprise{Note: r.get("说明"), Code: r.get("统一社会信用代码"), Name: r.get("企业名称"), Row: r.n,
		Output: map[Period]decimal.Decimal{}, Revenue: map[Period]decimal.Decimal{}, Headcount: map[int]int64{},
		OutputPrev: map[Period]decimal.Decimal{}, RevenuePrev: map[Period]decimal.Decimal{}}
	if isCase {
		e.CaseID = r.get("用例编号")
		if e.CaseID == "" {
			return e, errors.New("用例编号 is empty")
		}
		e.Group = r.get("关联集团编号")
	} else {
		e.Group = r.get("集团编号")
		if e.Group == "" {
			return e, errors.New("集团编号 is empty")
		}
	}
	e.Industry = digitsCode(r.get("行业代码"), 4)
	e.Industry2011 = digitsCode(r.get("行业代码(2011)"), 4)
	e.District = r.get("所属区")
	e.LegalPerson = r.get("是否独立法人")
	var err error
	if e.StartMonth, err = parseMonth(r.get("投产年月")); err != nil {
		return e, fmt.Errorf("投产年月: %w", err)
	}
	for _, y := range splitList(r.get("规上年份")) {
		n, err := strconv.Atoi(strings.TrimSuffix(y, "年"))
		if err != nil {
			return e, fmt.Errorf("规上年份 %q: not a year", y)
		}
		e.AboveScale = append(e.AboveScale, n)
	}
	for col, i := range r.cols {
		v := ""
		if i < len(r.cells) {
			v = strings.TrimSpace(r.cells[i])
		}
		if v == "" {
			continue
		}
		if m := figureHeader.FindStringSubmatch(col); m != nil {
			y, _ := strconv.Atoi(m[2])
			d, err := parseMoney(v)
			if err != nil {
				return e, fmt.Errorf("%s: %w", displayHeader(col), err)
			}
			p := Period{Year: y, Q1: m[3] != ""}
			switch {
			case m[1] == "工业总产值" && m[4] != "":
				e.OutputPrev[p] = d
			case m[1] == "工业总产值":
				e.Output[p] = d
			case m[4] != "":
				e.RevenuePrev[p] = d
			default:
				e.Revenue[p] = d
			}
		} else if m := headcountHeader.FindStringSubmatch(col); m != nil {
			y, _ := strconv.Atoi(m[1])
			d, err := decimal.NewFromString(v)
			if err != nil || !d.IsInteger() {
				return e, fmt.Errorf("%s: %q is not a whole number", col, v)
			}
			e.Headcount[y] = d.IntPart()
		}
	}
	if !isCase {
		return e, nil
	}
	e.SpecLevel = r.get("专精特新级别")
	if e.SpecDate, err = parseDateOrYear(r.get("专精特新认定日期")); err != nil {
		return e, fmt.Errorf("专精特新认定日期: %w", err)
	}
	if e.SpecUntil, err = parseDateOrMonth(r.get("专精特新有效期至")); err != nil {
		return e, fmt.Errorf("专精特新有效期至: %w", err)
	}
	if e.SpecLevel != "" && e.SpecDate == "" {
		return e, errors.New("专精特新级别 is given without 专精特新认定日期")
	}
	from, to := splitAligned(r.get("失信列入日期")), splitAligned(r.get("失信移出日期"))
	if len(to) > len(from) {
		return e, errors.New("失信移出日期 has more entries than 失信列入日期")
	}
	for i, f := range from {
		var d DateRange
		if d.From, err = parseDateOrMonth(f); err != nil || d.From == "" {
			return e, fmt.Errorf("失信列入日期 %q: not a date", f)
		}
		if i < len(to) {
			if d.To, err = parseDateOrMonth(to[i]); err != nil {
				return e, fmt.Errorf("失信移出日期: %w", err)
			}
		}
		e.Dishonesty = append(e.Dishonesty, d)
	}
	e.SoftwareYear = strings.TrimSuffix(r.get("工业软件认定年份"), "年")
	if e.SoftwareYear != "" && e.SoftwareYear != "是" {
		if _, err := strconv.Atoi(e.SoftwareYear); err != nil {
			return e, fmt.Errorf("工业软件认定年份 %q: want a year or 是", e.SoftwareYear)
		}
	}
	dirs, years := splitAligned(r.get("其他市级资金方向")), splitAligned(r.get("其他市级资金年度"))
	if len(years) > len(dirs) {
		return e, errors.New("其他市级资金年度 has more entries than 其他市级资金方向")
	}
	for i, d := range dirs {
		f := OtherFund{Direction: d}
		if i < len(years) {
			f.Year = years[i]
		}
		e.OtherFunds = append(e.OtherFunds, f)
	}
	py, pd, pi, pa := splitAligned(r.get("已兑付年度")), splitAligned(r.get("已兑付方向")),
		splitAligned(r.get("已兑付项目")), splitAligned(r.get("已兑付金额(万元)"))
	if len(pd) != len(py) || len(pa) != len(py) || len(pi) > len(py) {
		return e, errors.New("已兑付年度, 已兑付方向 and 已兑付金额 must have the same number of entries")
	}
	for i := range py {
		a := PriorAward{Year: py[i], Direction: pd[i]}
		if i < len(pi) {
			a.Item = pi[i]
		}
		if pa[i] == "" || pa[i] == "—" {
			a.NoAmount = true
		} else if a.AmountWan, err = parseMoney(pa[i]); err != nil {
			return e, fmt.Errorf("已兑付金额: %w", err)
		}
		e.PriorAwards = append(e.PriorAwards, a)
	}
	e.Unreadable = splitList(r.get("隔离行"))
	rr, rc, ra, rp, rd := splitAligned(r.get("复核规则")), splitAligned(r.get("复核结论")), splitAligned(r.get("核定金额(万元)")),
		splitAligned(r.get("复核人")), splitAligned(r.get("复核日期"))
	if len(rc) != len(rr) || len(ra) > len(rr) || len(rp) > len(rr) || len(rd) > len(rr) {
		return e, errors.New("复核规则, 复核结论, 核定金额, 复核人 and 复核日期 must be aligned (复核规则 and 复核结论 the same number of entries)")
	}
	for i := range rr {
		res := Resolution{Rule: strings.ToUpper(rr[i]), Conclusion: rc[i]}
		if i < len(ra) && ra[i] != "" {
			d, err := parseMoney(ra[i])
			if err != nil {
				return e, fmt.Errorf("核定金额: %w", err)
			}
			res.AmountWan = &d
		}
		if i < len(rp) {
			res.Reviewer = rp[i]
		}
		if i < len(rd) {
			if res.Date, err = parseDate(rd[i]); err != nil {
				return e, fmt.Errorf("复核日期: %w", err)
			}
		}
		e.Resolutions = append(e.Resolutions, res)
	}
	return e, nil
}

func (r row) expectation() (Expectation, error) {
	x := Expectation{CaseID: r.get("用例编号"), Enterprise: r.get("企业名称"), Rule: strings.ToUpper(r.get("规则")),
		Note: r.get("说明"), Row: r.n}
	if x.CaseID == "" {
		return x, errors.New("用例编号 is empty")
	}
	o := r.get("预期结果")
	var ok bool
	if x.Outcome, ok = outcomeNames[strings.ToLower(o)]; !ok {
		return x, fmt.Errorf("预期结果 %q: want awarded/topped_up/superseded/review/refused/none or 奖励/差额补齐/被替代/待复核/不予奖励/无决策", o)
	}
	if t := strings.ToUpper(r.get("预期档位")); t != "" {
		if t == "无" || t == "NONE" {
			t = ""
		}
		x.Tier = &t
	}
	for col, dst := range map[string]**decimal.Decimal{"预期金额(万元)": &x.AmountWan, "预期本次兑付(万元)": &x.PaidWan} {
		if v := r.get(col); v != "" {
			d, err := parseMoney(v)
			if err != nil {
				return x, fmt.Errorf("%s: %w", displayHeader(col), err)
			}
			*dst = &d
		}
	}
	x.Reasons = splitList(r.get("预期原因"))
	var err error
	if x.NearMiss, err = r.yesNo("预期接近门槛"); err != nil {
		return x, err
	}
	for _, s := range splitAligned(r.get("预期备注")) {
		if s != "" {
			x.Remarks = append(x.Remarks, s)
		}
	}
	if x.DataGap, err = r.yesNo("预期数据缺口"); err != nil {
		return x, err
	}
	if t := strings.ToUpper(r.get("预期潜在档位")); t != "" {
		if t == "无" || t == "NONE" {
			t = ""
		}
		x.PotentialTier = &t
	}
	if v := r.get("预期潜在金额(万元)"); v != "" {
		d, err := parseMoney(v)
		if err != nil {
			return x, fmt.Errorf("预期潜在金额: %w", err)
		}
		x.PotentialWan = &d
	}
	return x, nil
}

// digitsCode restores the leading zeros Excel drops from a numeric code (610 → 0610) when width > 0.
func digitsCode(s string, width int) string {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, ".0") {
		s = strings.TrimSuffix(s, ".0")
	}
	if width > 0 && s != "" && len(s) < width && strings.Trim(s, "0123456789") == "" {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

// parseMoney reads a 万元 figure. Values typed in Excel may come back with binary noise
// (9999.999900000001): six decimals of 万元 are 分, so the figure is rounded there.
func parseMoney(s string) (decimal.Decimal, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	d, err := decimal.NewFromString(s)
	if err != nil {
		return d, fmt.Errorf("%q is not a number (万元)", s)
	}
	return d.Round(6), nil
}

var (
	dateForms  = []string{"2006-01-02", "2006/1/2", "2006-1-2", "2006.1.2", "2006年1月2日", "20060102"}
	monthForms = []string{"2006-01", "2006-1", "2006/1", "2006.1", "2006年1月", "200601"}
	yearOnly   = regexp.MustCompile(`^\d{4}年?$`)
)

// excelSerial turns an Excel date serial (days since 1899-12-30) into a date.
func excelSerial(s string) (time.Time, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 1 || f > 2958465 {
		return time.Time{}, false
	}
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(math.Floor(f))), true
}

func parseDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	for _, f := range dateForms {
		if t, err := time.Parse(f, s); err == nil {
			return t.Format("2006-01-02"), nil
		}
	}
	if t, ok := excelSerial(s); ok && !yearOnly.MatchString(s) {
		return t.Format("2006-01-02"), nil
	}
	return "", fmt.Errorf("%q is not a date (write 2022-09-01)", s)
}

func parseDateOrYear(s string) (string, error) {
	s = strings.TrimSpace(s)
	if yearOnly.MatchString(s) {
		return strings.TrimSuffix(s, "年"), nil
	}
	return parseDateOrMonth(s)
}

// parseDateOrMonth reads a full date (YYYY-MM-DD) or a date written only to the month (YYYY-MM), as the
// lists may give them (inputs.md): the loader, not the workbook, decides what a month means.
func parseDateOrMonth(s string) (string, error) {
	s = strings.TrimSpace(s)
	if d, err := parseDate(s); err == nil {
		return d, nil
	}
	for _, f := range monthForms {
		if t, err := time.Parse(f, s); err == nil {
			return t.Format("2006-01"), nil
		}
	}
	return "", fmt.Errorf("%q is not a date (write 2022-09-01, or 2022-09 for a month)", s)
}

func parseMonth(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	for _, f := range monthForms {
		if t, err := time.Parse(f, s); err == nil {
			return t.Format("2006-01"), nil
		}
	}
	if d, err := parseDate(s); err == nil {
		return d[:7], nil
	}
	return "", fmt.Errorf("%q is not a month (write 2021-07)", s)
}

// WriteCases writes c as a cases workbook at path. The output is deterministic: the same cases give the
// same cells.
func WriteCases(path string, c *Cases) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetEnterprises); err != nil {
		return fmt.Errorf("write cases workbook: %w", err)
	}
	everyone := append(append([]Enterprise{}, c.Enterprises...), c.Members...)
	outP := periods(everyone, defaultPeriods, func(e *Enterprise) map[Period]decimal.Decimal { return e.Output })
	revP := periods(everyone, defaultPeriods, func(e *Enterprise) map[Period]decimal.Decimal { return e.Revenue })
	outPrevP := periods(everyone, nil, func(e *Enterprise) map[Period]decimal.Decimal { return e.OutputPrev })
	revPrevP := periods(everyone, nil, func(e *Enterprise) map[Period]decimal.Decimal { return e.RevenuePrev })
	years := map[int]bool{2021: true, 2022: true}
	for _, e := range c.Enterprises {
		for y := range e.Headcount {
			years[y] = true
		}
	}
	var hcYears []int
	for y := range years {
		hcYears = append(hcYears, y)
	}
	sortInts(hcYears)

	figHeads := func() []string {
		var h []string
		for _, p := range outP {
			h = append(h, figureCol("工业总产值", p))
		}
		for _, p := range revP {
			h = append(h, figureCol("营业收入", p))
		}
		for _, p := range outPrevP {
			h = append(h, prevCol("工业总产值", p))
		}
		for _, p := range revPrevP {
			h = append(h, prevCol("营业收入", p))
		}
		return h
	}
	figCells := func(e Enterprise) []any {
		var v []any
		for _, p := range outP {
			v = append(v, moneyCell(e.Output, p))
		}
		for _, p := range revP {
			v = append(v, moneyCell(e.Revenue, p))
		}
		for _, p := range outPrevP {
			v = append(v, moneyCell(e.OutputPrev, p))
		}
		for _, p := range revPrevP {
			v = append(v, moneyCell(e.RevenuePrev, p))
		}
		return v
	}

	w := &sheetWriter{f: f}
	// 企业
	head := append(append([]string{}, headBefore...), figHeads()...)
	for _, y := range hcYears {
		head = append(head, fmt.Sprintf("参保人数%d年末", y))
	}
	head = append(head, headAfter...)
	w.start(SheetEnterprises, head)
	for _, e := range c.Enterprises {
		var above []string
		for _, y := range e.AboveScale {
			above = append(above, strconv.Itoa(y))
		}
		v := []any{e.CaseID, e.Note, e.Code, e.Name, e.Industry, e.Industry2011, e.District, e.LegalPerson,
			e.StartMonth, strings.Join(above, ",")}
		v = append(v, figCells(e)...)
		for _, y := range hcYears {
			if n, ok := e.Headcount[y]; ok {
				v = append(v, n)
			} else {
				v = append(v, "")
			}
		}
		var from, to, fd, fy, py, pd, pi, pa []string
		for _, d := range e.Dishonesty {
			from, to = append(from, d.From), append(to, d.To)
		}
		for _, o := range e.OtherFunds {
			fd, fy = append(fd, o.Direction), append(fy, o.Year)
		}
		for _, a := range e.PriorAwards {
			amount := a.AmountWan.String()
			if a.NoAmount {
				amount = "—"
			}
			py, pd, pi, pa = append(py, a.Year), append(pd, a.Direction), append(pi, a.Item), append(pa, amount)
		}
		var rr, rc, ra, rp, rd []string
		for _, r := range e.Resolutions {
			amount := ""
			if r.AmountWan != nil {
				amount = r.AmountWan.String()
			}
			rr, rc, ra, rp, rd = append(rr, r.Rule), append(rc, r.Conclusion), append(ra, amount), append(rp, r.Reviewer), append(rd, r.Date)
		}
		v = append(v, e.SpecLevel, e.SpecDate, e.SpecUntil, joinAligned(from), joinAligned(to), e.SoftwareYear,
			joinAligned(fd), joinAligned(fy), joinAligned(py), joinAligned(pd), joinAligned(pi), joinAligned(pa), e.Group,
			strings.Join(e.Unreadable, ";"), joinAligned(rr), joinAligned(rc), joinAligned(ra), joinAligned(rp), joinAligned(rd))
		w.row(v)
	}
	// 预期
	w.start(SheetExpectations, headExpect)
	for _, x := range c.Expectations {
		tier := ""
		if x.Tier != nil {
			tier = *x.Tier
			if tier == "" {
				tier = "无"
			}
		}
		near := ""
		if x.NearMiss != nil {
			near = map[bool]string{true: "是", false: "否"}[*x.NearMiss]
		}
		gap := ""
		if x.DataGap != nil {
			gap = map[bool]string{true: "是", false: "否"}[*x.DataGap]
		}
		potTier := ""
		if x.PotentialTier != nil {
			potTier = *x.PotentialTier
			if potTier == "" {
				potTier = "无"
			}
		}
		w.row([]any{x.CaseID, x.Enterprise, x.Rule, outcomeZH[x.Outcome], tier, decCell(x.AmountWan), decCell(x.PaidWan),
			strings.Join(x.Reasons, ";"), near, strings.Join(x.Remarks, ";"), gap, potTier, decCell(x.PotentialWan), x.Note})
	}
	// 禁限目录
	w.start(SheetRestricted, headRestricted)
	for _, r := range c.Restricted {
		w.row([]any{r.Prefix, r.Type, r.Scope, r.Note})
	}
	// 关联企业
	w.start(SheetMembers, append(append([]string{}, headMembers...), figHeads()...))
	for _, m := range c.Members {
		w.row(append([]any{m.Group, m.Code, m.Name, m.Note}, figCells(m)...))
	}
	// 填写说明
	w.start(SheetHelp, []string{"填写说明"})
	for _, line := range helpLines {
		w.row([]any{line})
	}
	if w.err != nil {
		return fmt.Errorf("write cases workbook: %w", w.err)
	}
	f.SetActiveSheet(0)
	if err := f.SaveAs(path); err != nil {
		return fmt.Errorf("write cases workbook %s: %w", path, err)
	}
	return nil
}

// helpLines explain the workbook to the person filling it in (the package documentation in short).
var helpLines = []string{
	"企业：每行一家企业，用例编号相同的行属于同一用例。信用代码可留空（自动生成有效代码），也可只写前缀（如92表示个体工商户）。",
	"金额单位均为万元，可写到小数点后6位（0.0001万元=1元）。空单元格表示没有该数据。",
	"所属区：写区划代码（110108、110115403、110000）或区名（海淀区）。日期写成2022-09-01，年月写成2021-07。",
	"规上年份、其他市级资金、已兑付、失信等可在一格内写多项，用分号分隔，各列按位置对应。",
	"工业软件认定年份：在工业软件名单上写认定年份；名单上没有年份写“是”；不在名单上留空。",
	"预期：每行一条预期决定。预期结果写 奖励/差额补齐/被替代/待复核/不予奖励/无决策（或英文）。",
	"预期档位、预期金额、预期本次兑付留空表示不核对；档位写“无”表示应无档位。预期原因写原因代码，须全部出现。",
	"禁限目录：整批共用，对所有用例生效，请选用只属于目标用例的行业代码。",
	"关联企业：不属于任何用例、但属于某集团的成员企业及其产值。",
	"工业总产值2022年上年同期（万元）等列：随该期别一行报送的上年同期数（统计报表的宽表格式）。",
	"已兑付金额写“—”表示该行金额缺失（无法读取）。隔离行：写数据类别（单位名录、规上名录、工业总产值、营业收入、参保人数、专精特新、严重失信、工业软件、其他市级资金、已兑付奖励），批次中为该企业写入一行无法读取的数据（单位名录：该企业本身的名录行，区划写成无法识别的地名）。",
	"复核规则、复核结论（同意/不同意）、核定金额（万元）、复核人、复核日期：工作人员对待复核事项的结论，各列按位置对应。",
	"预期数据缺口写 是/否；预期潜在档位、预期潜在金额（万元）为补齐数据或复核同意后本次可兑付的档位和金额，留空不核对。",
	"运行：awards check --cases 本文件。所有用例合并为一批，运行一次真实流程，逐条核对。",
}

func joinAligned(v []string) string {
	for _, s := range v {
		if s != "" {
			return strings.Join(v, ";")
		}
	}
	return ""
}

func moneyCell(m map[Period]decimal.Decimal, p Period) any {
	d, ok := m[p]
	if !ok {
		return ""
	}
	return numberCell(d)
}

func decCell(d *decimal.Decimal) any {
	if d == nil {
		return ""
	}
	return numberCell(*d)
}

// numberCell writes a decimal as a number when a float64 carries it exactly enough to read back
// (15 significant digits), else as text so no 分 is lost.
func numberCell(d decimal.Decimal) any {
	f, _ := d.Float64()
	if back, err := decimal.NewFromString(strconv.FormatFloat(f, 'f', -1, 64)); err == nil && back.Round(6).Equal(d) {
		return f
	}
	return d.String()
}

func sortInts(v []int) {
	for i := 1; i < len(v); i++ {
		for j := i; j > 0 && v[j] < v[j-1]; j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
}

// sheetWriter writes rows of mixed cells, keeping the first error.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	n     int
	err   error
}

func (w *sheetWriter) start(sheet string, head []string) {
	if w.err != nil {
		return
	}
	if idx, _ := w.f.GetSheetIndex(sheet); idx < 0 {
		if _, w.err = w.f.NewSheet(sheet); w.err != nil {
			return
		}
	}
	w.sheet, w.n = sheet, 0
	cells := make([]any, len(head))
	for i, h := range head {
		cells[i] = displayHeader(h)
	}
	w.row(cells)
	if w.err == nil {
		w.err = w.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
	if w.err == nil && len(head) > 0 {
		last, _ := excelize.ColumnNumberToName(len(head))
		w.err = w.f.SetColWidth(sheet, "A", last, 14)
	}
}

func (w *sheetWriter) row(cells []any) {
	if w.err != nil {
		return
	}
	w.n++
	for i, v := range cells {
		ref, err := excelize.CoordinatesToCellName(i+1, w.n)
		if err != nil {
			w.err = err
			return
		}
		switch v := v.(type) {
		case string:
			if v == "" {
				continue
			}
			// Text cells stay text: codes keep their leading zeros and nothing is read as a formula.
			w.err = w.f.SetCellStr(w.sheet, ref, v)
		default:
			w.err = w.f.SetCellValue(w.sheet, ref, v)
		}
		if w.err != nil {
			return
		}
	}
}

// yesNo reads a 是/否 column: nil when blank.
func (r row) yesNo(col string) (*bool, error) {
	switch v := r.get(col); v {
	case "":
		return nil, nil
	case "是", "true", "TRUE", "1", "Y", "y":
		b := true
		return &b, nil
	case "否", "false", "FALSE", "0", "N", "n":
		b := false
		return &b, nil
	default:
		return nil, fmt.Errorf("%s %q: want 是 or 否", col, v)
	}
}
