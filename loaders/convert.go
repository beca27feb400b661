package loaders

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bjgjj/awards/loaders/parse"
	"github.com/shopspring/decimal"
)

// unit is the money unit of one column.
type unit struct {
	name   string
	factor decimal.Decimal
	ok     bool
}

// shift is the power of ten the unit's factor is (0 for 元, 4 for 万元), or -1: money in such a unit
// takes parse.FastFixed's digit shifting instead of decimal arithmetic.
func (u unit) shift() int {
	for k := int32(0); k <= 12; k++ {
		if u.factor.Equal(decimal.New(1, k)) {
			return int(k)
		}
	}
	return -1
}

// plan is how the data rows of one sheet are read as one kind.
type plan struct {
	spec  kindSpec
	cols  map[string]column // by field id
	units map[string]unit   // by field id, money fields only
	names []string          // Columns(spec.kind)
	key   []int             // positions in names of the duplicate key's columns
	same  []int             // positions in names of the columns duplicates must agree on
	code  int               // position in names of credit_code, -1 when the kind has none
	bound []binding         // cols and units again, for the per-row lookups (see binding)
	none  column            // the column of a field the sheet lacks (zero)
}

// binding is one field the sheet has: a handful per plan, so a scan of them is cheaper per row than
// map lookups and a copy of the column.
type binding struct {
	id    string
	col   column
	unit  unit // money fields only
	shift int  // unit.shift(), for money fields
}

// binding returns the field's binding, nil when the sheet has no column for it.
func (p *plan) binding(id string) *binding {
	for i := range p.bound {
		if p.bound[i].id == id {
			return &p.bound[i]
		}
	}
	return nil
}

// unitLike reports whether a cell outside a money column may state the sheet's unit: a unit line
// (单位：千元, 计量单位：万元, 金额单位：元) or a bare unit ((千元), 万元). Other text is not searched, so a
// title such as 产值超过1亿元的企业 cannot set the unit.
func unitLike(s string) bool {
	t := compact(s)
	if strings.Contains(t, "单位") {
		return true
	}
	t = strings.Trim(t, "()（）")
	return t == "元" || t == "千元" || t == "万元" || t == "亿元"
}

// sheetUnit finds the unit stated above the header or inside the header rows (outside any bound
// column), or none.
func sheetUnit(rows []sheetRow, h header, bound map[int]bool) unit {
	for i := 0; i < h.dataStart && i < len(rows); i++ {
		for c, cell := range rows[i].cells {
			if i >= h.index && bound[c] {
				continue
			}
			// Above the header a title may carry the unit ("2022年营业收入（万元）"); parse.Unit only reads a
			// unit in brackets or after a 单位 label, so 产值超过1亿元的企业 sets nothing. Inside the header,
			// another column's own unit (营业收入（万元） next to a unitless 工业总产值) must not become the
			// sheet's: there only unit lines count.
			if i >= h.index && !unitLike(cell) {
				continue
			}
			if name, f, ok := parse.Unit(cell); ok {
				return unit{name, f, true}
			}
		}
	}
	return unit{}
}

// columnUnit finds a unit stated in column col below its name, in the header's sub-header or unit rows.
func columnUnit(rows []sheetRow, h header, col int) (unit, bool) {
	for i := h.index + 1; i < h.dataStart && i < len(rows); i++ {
		if cell := cellAt(rows[i], col); unitLike(cell) {
			if name, f, ok := parse.Unit(cell); ok {
				return unit{name, f, true}, true
			}
		}
	}
	return unit{}, false
}

// makePlan binds a kind's fields to the header's columns and settles each money column's unit: its own
// header cell (营业收入（万元）), else its merged parent (工业总产值（千元） over 本年), else the sheet's unit line.
func (m *matcher) makePlan(s kindSpec, rows []sheetRow, h header) plan {
	b := m.bind(s, h.cols)
	p := plan{spec: s, cols: map[string]column{}, units: map[string]unit{},
		names: Columns(s.kind)}
	for _, k := range s.key {
		p.key = append(p.key, slices.Index(p.names, k))
	}
	p.code = slices.Index(p.names, "credit_code")
	// Duplicates are compared on every value that means something: the source columns and the *_raw
	// columns (the same level or legal form written differently) are not compared.
	for c, name := range p.names[:len(p.names)-3] {
		if !strings.HasSuffix(name, "_raw") {
			p.same = append(p.same, c)
		}
	}
	bound := map[int]bool{}
	for id, i := range b {
		p.cols[id] = h.cols[i]
		bound[h.cols[i].idx] = true
	}
	su := sheetUnit(rows, h, bound)
	for _, f := range s.fields {
		c, ok := p.cols[f.id]
		if !ok || f.typ != moneyField {
			continue
		}
		u := unit{}
		if name, fac, ok := parse.Unit(c.own); ok {
			u = unit{name, fac, true}
		} else if name, fac, ok := parse.Unit(c.parent); ok && c.parent != "" {
			u = unit{name, fac, true}
		} else if cu, ok := columnUnit(rows, h, c.idx); ok {
			u = cu
		} else {
			u = su
		}
		p.units[f.id] = u
	}
	for _, f := range s.fields {
		if c, ok := p.cols[f.id]; ok && p.binding(f.id) == nil {
			p.bound = append(p.bound, binding{id: f.id, col: c, unit: p.units[f.id], shift: p.units[f.id].shift()})
		}
	}
	return p
}

// problem is one reason a row cannot be loaded.
type problem struct {
	column string // header text as in the file
	raw    string
	reason string
	// code and group are set on the first problem of a row only: the row's credit code (normalised)
	// and, for affiliates, its group, when they could be read although the row is kept out, so that the
	// quarantined row names its enterprise (rules.md "Holds").
	code, group string
}

// rowReader converts one data row.
type rowReader struct {
	p        *plan
	row      sheetRow
	idx      int
	sd       *sheetData
	problems []problem
	out      []string // in the order of Columns(kind)
	cache    *textCache
}

// textCache holds the texts of years and first days of months a conversion worker has written, so that
// the same few values are not formatted (and allocated) again for each row.
type textCache struct {
	years       [textCacheYears]string
	monthStarts [textCacheYears][12]string
}

const (
	textCacheFrom  = 1900
	textCacheYears = 256
)

// yearText is strconv.Itoa(y), from the cache when there is one and y falls in it.
func (r *rowReader) yearText(y int) string {
	if r.cache == nil || y < textCacheFrom || y >= textCacheFrom+textCacheYears {
		return strconv.Itoa(y)
	}
	s := &r.cache.years[y-textCacheFrom]
	if *s == "" {
		*s = strconv.Itoa(y)
	}
	return *s
}

// monthStart is the first day of month m of year y as YYYY-MM-DD, from the cache when it can be.
func (r *rowReader) monthStart(y, m int) string {
	format := func() string { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly) }
	if r.cache == nil || y < textCacheFrom || y >= textCacheFrom+textCacheYears || m < 1 || m > 12 {
		return format()
	}
	s := &r.cache.monthStarts[y-textCacheFrom][m-1]
	if *s == "" {
		*s = format()
	}
	return *s
}

// set stores the value of a named column of the kind.
func (r *rowReader) set(name, v string) {
	for i, n := range r.p.names {
		if n == name {
			r.out[i] = v
			return
		}
	}
}

// value returns the value set for a named column, "" when the kind has no such column.
func (r *rowReader) value(name string) string {
	for i, n := range r.p.names {
		if n == name {
			return r.out[i]
		}
	}
	return ""
}

func (r *rowReader) fail(c *column, raw, reason string) {
	r.problems = append(r.problems, problem{column: c.text, raw: raw, reason: reason})
}

// get returns the raw cell of a field, and whether the sheet has the column.
func (r *rowReader) get(id string) (raw string, c *column, ok bool) {
	b := r.p.binding(id)
	if b == nil {
		return "", &r.p.none, false
	}
	return cellAt(r.row, b.col.idx), &b.col, true
}

// present returns the folded text of a field's cell, "" when the column is absent or the cell empty.
func (r *rowReader) text(id string) string {
	raw, _, _ := r.get(id)
	return parse.Fold(raw)
}

func (r *rowReader) isDate(c *column) bool {
	return r.sd.isDate(r.idx, &r.row, c.idx)
}

// reasonOf names the quarantine reason of a parse error; fallback when it wraps none of parse's errors.
func reasonOf(err error, fallback string) string {
	if r := parse.Reason(err); r != "" {
		return r
	}
	return fallback
}

const reasonMissing = "missing_value"

// required reports a missing required value and returns false, or true when the cell has text.
func (r *rowReader) required(id string) (string, *column, bool) {
	raw, c, _ := r.get(id)
	if parse.Fold(raw) == "" {
		r.fail(c, raw, reasonMissing)
		return "", c, false
	}
	return raw, c, true
}

// identifier removes the wrappers that keep an identifier text when a CSV is opened in Excel: ="0610"
// (an Excel formula giving the text) and a leading apostrophe ('0610). The text inside is the value.
func identifier(raw string) string {
	t := parse.Fold(raw)
	if inner, ok := strings.CutPrefix(t, `="`); ok {
		if inner, ok = strings.CutSuffix(inner, `"`); ok && !strings.Contains(inner, `"`) {
			return inner
		}
	}
	if inner, ok := strings.CutPrefix(t, "'"); ok {
		return inner
	}
	return raw
}

func (r *rowReader) code() string {
	raw, c, ok := r.required(fCode)
	if !ok {
		return ""
	}
	code, err := parse.CreditCode(identifier(raw))
	if err != nil {
		r.fail(c, raw, reasonOf(err, "bad_code"))
		return ""
	}
	// An all-digit code in a number cell went through a float: Excel keeps 15 significant digits, so its
	// last digits are not the code's even when they are written out in full. Never load a wrong code.
	if !strings.ContainsFunc(code, func(c rune) bool { return c < '0' || c > '9' }) &&
		r.sd.isNumber(r.idx, &r.row, c.idx) {
		r.fail(c, raw, "bad_code")
		return ""
	}
	return code
}

// money reads a money field in 元 with two decimals; a missing figure is "" (NULL).
func (r *rowReader) money(id string) string {
	b := r.p.binding(id)
	if b == nil {
		return ""
	}
	raw, c, u := cellAt(r.row, b.col.idx), &b.col, b.unit
	if !u.ok {
		r.fail(c, raw, "unknown_unit")
		return ""
	}
	if k := b.shift; k >= 0 {
		if v, ok := parse.FastFixed(raw, k); ok {
			return v
		}
	}
	d, ok, err := parse.Number(raw)
	if err != nil {
		r.fail(c, raw, reasonOf(err, "bad_number"))
		return ""
	}
	if !ok {
		return ""
	}
	return d.Mul(u.factor).StringFixed(2)
}

// date1904Offset is the number of days between the 1900 and 1904 date systems' serial 0.
const date1904Offset = 1462

// serial reads an Excel date cell's raw value, in the date system of the workbook.
func (r *rowReader) serial(raw string) (time.Time, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil {
		return time.Time{}, err
	}
	if r.sd.date1904 {
		f += date1904Offset
	}
	return parse.ExcelSerial(f)
}

// date reads a date field as YYYY-MM-DD; "" when empty (the caller decides whether that is allowed).
func (r *rowReader) date(id string) string {
	raw, c, ok := r.get(id)
	if !ok || parse.Fold(raw) == "" {
		return ""
	}
	var t time.Time
	var err error
	if r.isDate(c) {
		t, err = r.serial(raw)
	} else {
		t, err = parse.Date(raw)
	}
	if err != nil {
		r.fail(c, raw, reasonOf(err, "bad_date"))
		return ""
	}
	return t.Format(time.DateOnly)
}

// yearMonthOf reads the year and month of a cell: from the serial of an Excel date cell (its month is
// the month meant, a period cumulative to it), else by parsing the text with text.
func (r *rowReader) yearMonthOf(raw string, c *column, text func(string) (int, int, error)) (int, int, error) {
	if !r.isDate(c) {
		return text(raw)
	}
	t, err := r.serial(raw)
	if err != nil {
		return 0, 0, err
	}
	return t.Year(), int(t.Month()), nil
}

// month reads a year and month given as text or as an Excel date cell; ok false when empty or bad.
func (r *rowReader) month(id string) (y, m int, ok bool) {
	raw, c, has := r.get(id)
	if !has || parse.Fold(raw) == "" {
		return 0, 0, false
	}
	y, m, err := r.yearMonthOf(raw, c, parse.YearMonth)
	if err != nil {
		r.fail(c, raw, reasonOf(err, "bad_date"))
		return 0, 0, false
	}
	return y, m, true
}

// year reads a year field; "" when empty.
func (r *rowReader) year(id string) string {
	raw, c, ok := r.get(id)
	if !ok || parse.Fold(raw) == "" {
		return ""
	}
	// A year typed into Excel as a date (2021-01-01 shown as 2021 through a yyyy format) is a date cell:
	// its year counts, never the serial.
	if r.isDate(c) {
		t, err := r.serial(raw)
		if err != nil {
			r.fail(c, raw, reasonOf(err, "bad_date"))
			return ""
		}
		return r.yearText(t.Year())
	}
	y, err := parse.Year(raw)
	if err != nil {
		r.fail(c, raw, reasonOf(err, "bad_period"))
		return ""
	}
	return r.yearText(y)
}

func (r *rowReader) direction() string {
	raw, c, ok := r.required(fDirection)
	if !ok {
		return ""
	}
	d, err := parse.Direction(raw)
	if err != nil {
		r.fail(c, raw, reasonOf(err, "bad_direction"))
		return ""
	}
	return strconv.Itoa(d)
}

// requireYear reads a required year field.
func (r *rowReader) requireYear(id string) string {
	if _, _, ok := r.required(id); !ok {
		return ""
	}
	return r.year(id)
}

// convert reads data row rows[idx] of a sheet as the plan's kind: the values in the order of
// Columns(kind) (source columns included), or the problems that keep it out.
func (p *plan) convert(file, sheet string, sd *sheetData, idx int) ([]string, []problem) {
	row := sd.rows[idx]
	return p.convertRow(file, sheet, sd, idx, row, make([]string, len(p.names)), strconv.Itoa(row.num), nil)
}

// convertRow converts one data row; idx is its index in sd.rows, or -1 for a row streamed after them.
// out (len(p.names) empty strings) receives the values and is returned unless the row has problems; num
// is the row number as text; cache, when not nil, is the worker's (see textCache).
func (p *plan) convertRow(file, sheet string, sd *sheetData, idx int, row sheetRow, out []string, num string,
	cache *textCache) ([]string, []problem) {
	r := &rowReader{p: p, row: row, idx: idx, sd: sd, out: out, cache: cache}
	switch p.spec.kind {
	case Enterprises:
		r.readEnterprise()
	case AboveScale:
		r.set("credit_code", r.code())
		r.set("year", r.requireYear(fYear))
		r.set("inclusion_method", r.text(fMethod))
	case OutputValue, Revenue:
		r.set("credit_code", r.code())
		r.readPeriod()
		r.set("value_yuan", r.money(fValue))
		r.set("prev_value_yuan", r.money(fPrev))
	case Headcount:
		r.set("credit_code", r.code())
		if _, _, ok := r.required(fMonth); ok {
			if y, m, ok := r.month(fMonth); ok {
				r.set("year", r.yearText(y))
				r.set("month", strconv.Itoa(m))
			}
		}
		r.set("persons", r.persons())
	case Specialised:
		r.readSpecialised()
	case Dishonesty:
		r.set("credit_code", r.code())
		if _, _, ok := r.required(fListed); ok {
			r.set("listed_on", r.date(fListed))
		}
		r.set("removed_on", r.date(fRemoved))
	case Restricted:
		r.readRestricted()
	case IndustrialSoftware:
		r.set("credit_code", r.code())
		r.set("recognized_year", r.year(fRecYear))
	case OtherFunds:
		r.set("credit_code", r.code())
		r.set("direction", r.direction())
		r.set("fund_name", r.text(fFund))
		r.set("year", r.year(fYear))
	case PriorAwards:
		r.set("credit_code", r.code())
		r.set("year", r.requireYear(fYear))
		r.set("direction", r.direction())
		r.set("item", r.text(fItem))
		r.set("amount_yuan", r.money(fAmount))
	case Affiliates:
		r.set("credit_code", r.code())
		if _, _, ok := r.required(fGroup); ok {
			r.set("group_id", r.text(fGroup))
		}
	case Resolutions:
		r.readResolution()
	}
	if len(r.problems) > 0 {
		r.problems[0].code, r.problems[0].group = r.value("credit_code"), r.value("group_id")
		return nil, r.problems
	}
	n := len(r.out)
	r.out[n-3], r.out[n-2], r.out[n-1] = file, sheet, num
	return r.out, nil
}

func (r *rowReader) readEnterprise() {
	code := r.code()
	r.set("credit_code", code)
	r.set("name", r.text(fName))
	if raw, c, _ := r.get(fIndustry); parse.Fold(raw) != "" {
		ic, err := parse.IndustryCode(identifier(raw), false)
		if err != nil {
			r.fail(c, raw, reasonOf(err, "bad_industry_code"))
		}
		r.set("industry_code", ic)
	}
	// An enterprise without a district cannot be placed for G1 or the 禁限 scopes: it is quarantined rather
	// than loaded as outside Beijing.
	if raw, c, ok := r.required(fDistrict); ok {
		d, err := parse.ParseDistrict(identifier(raw))
		if err != nil {
			r.fail(c, raw, reasonOf(err, "unknown_district"))
		}
		r.set("region_code", d.RegionCode)
		r.set("area_code", d.AreaCode)
		r.set("area_name", d.AreaName)
		r.set("scope_district", d.ScopeDistrict)
		r.set("in_beijing", strconv.FormatBool(d.InBeijing))
	}
	raw, c, _ := r.get(fLegal)
	r.set("legal_person_raw", parse.Fold(raw))
	lp, err := parse.LegalPerson(raw)
	if err != nil {
		r.fail(c, raw, reasonOf(err, "bad_legal_person"))
	}
	// A code beginning 92 is an 个体工商户, never an independent legal person, whatever the column says.
	if strings.HasPrefix(code, "92") {
		lp = false
	}
	r.set("is_legal_person", strconv.FormatBool(lp))
	if y, m, ok := r.month(fStart); ok {
		r.set("start_month", r.monthStart(y, m))
	}
	r.set("code_check_ok", strconv.FormatBool(USCCCheckOK(code)))
}

// readPeriod reads 期别 as a cumulative (year, end month). An Excel date cell (2022-03 typed into Excel
// becomes 2022-03-01) is read as its month.
func (r *rowReader) readPeriod() {
	raw, c, ok := r.required(fPeriod)
	if !ok {
		return
	}
	y, m, err := r.yearMonthOf(raw, c, parse.Period)
	if err != nil {
		r.fail(c, raw, reasonOf(err, "bad_period"))
		return
	}
	r.set("year", r.yearText(y))
	r.set("end_month", strconv.Itoa(m))
}

// persons reads 参保人数: a whole, non-negative number; a missing figure is NULL.
func (r *rowReader) persons() string {
	raw, c, ok := r.get(fPersons)
	if !ok {
		return ""
	}
	if v, ok := parse.FastInteger(raw); ok {
		return v
	}
	d, ok, err := parse.Number(raw)
	if err != nil || (ok && (!d.IsInteger() || d.IsNegative())) {
		r.fail(c, raw, "bad_number")
		return ""
	}
	if !ok {
		return ""
	}
	return d.String()
}

func (r *rowReader) readSpecialised() {
	r.set("credit_code", r.code())
	if raw, c, ok := r.required(fLevel); ok {
		lvl, err := parse.SpecialisedLevel(raw)
		if err != nil {
			r.fail(c, raw, reasonOf(err, "bad_level"))
		}
		r.set("level", lvl)
		r.set("level_raw", parse.Fold(raw))
	}
	// 认定日期 when the sheet has it and the cell is filled, else 认定年份: validity starts on the latest day
	// the year can mean (31 December) and its default three years run from the earliest (1 January), so
	// that doubt never pays (rules.md D10).
	if d := r.date(fRecDate); d != "" {
		r.set("recognized_on", d)
		r.set("recognized_earliest", d)
	} else if raw, _, _ := r.get(fRecDate); parse.Fold(raw) == "" {
		if y := r.year(fRecYear); y != "" {
			r.set("recognized_on", y+"-12-31")
			r.set("recognized_earliest", y+"-01-01")
		} else if raw, _, _ := r.get(fRecYear); parse.Fold(raw) == "" {
			c, ok := r.p.cols[fRecDate]
			if !ok {
				c = r.p.cols[fRecYear]
			}
			r.fail(&c, "", reasonMissing)
		}
	}
	r.set("valid_until", r.date(fValid))
}

func (r *rowReader) readRestricted() {
	if raw, c, ok := r.required(fIndustry); ok {
		pre, err := parse.IndustryCode(identifier(raw), true)
		if err != nil {
			r.fail(c, raw, reasonOf(err, "bad_industry_code"))
		}
		r.set("prefix", pre)
	}
	if raw, c, ok := r.required(fControl); ok {
		ct, err := parse.ControlType(raw)
		if err != nil {
			r.fail(c, raw, reasonOf(err, "bad_control_type"))
		}
		r.set("control_type", ct)
	}
	if raw, c, ok := r.required(fScope); ok {
		whole, ds, err := parse.Scope(raw)
		switch {
		case err != nil:
			r.fail(c, raw, reasonOf(err, "bad_scope"))
		case whole:
			r.set("scope", "全市")
			r.set("whole_city", "true")
		default:
			r.set("scope", strings.Join(ds, "、"))
			r.set("whole_city", "false")
		}
	}
}

// readResolution reads one 复核结论 row. 结论 is 同意 or 不同意; 同意 needs the confirmed amount (rules.md
// "Holds": a resolution applies only when its amount equals the computed one).
func (r *rowReader) readResolution() {
	r.set("credit_code", r.code())
	if raw, c, ok := r.required(fRule); ok {
		id := strings.ToUpper(strings.ReplaceAll(parse.Fold(raw), " ", ""))
		if !isRuleID(id) {
			r.fail(c, raw, reasonMissing)
		}
		r.set("rule_id", id)
	}
	verdict := ""
	if raw, c, ok := r.required(fVerdict); ok {
		switch v := strings.ReplaceAll(parse.Fold(raw), " ", ""); v {
		case "同意", "不同意":
			verdict = v
		default:
			r.fail(c, raw, reasonMissing)
		}
		r.set("conclusion", verdict)
	}
	amount := r.money(fAmount)
	if verdict == "同意" && amount == "" {
		raw, c, _ := r.get(fAmount)
		r.fail(c, raw, reasonMissing)
	}
	r.set("confirmed_amount_yuan", amount)
	r.set("reviewer", r.text(fReviewer))
	r.set("reviewed_on", r.date(fReviewed))
	r.set("note", r.text(fNote))
}

// isRuleID reports whether s names a rule of directions 10 or 11 (D10-1 … D10-4, D11-1 … D11-4).
func isRuleID(s string) bool {
	return len(s) == 5 && (strings.HasPrefix(s, "D10-") || strings.HasPrefix(s, "D11-")) && s[4] >= '1' && s[4] <= '4'
}
