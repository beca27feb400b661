package loaders

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bjgjj/awards/loaders/parse"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
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
	hdr   []column          // every column of the header, to name a cell of any column in a message
	// fold marks the positions in names of the texts kept verbatim (names, notes: see verbatim), which the
	// duplicate rule compares folded: 甲（北京） and 甲(北京) are the same name written twice.
	fold []bool
	// orgOK: the kind is a list whose rows may name their enterprise by its 9-character 组织机构代码
	// (inputs.md, the paragraph under affiliates); see rowReader.code.
	orgOK bool
	// stop, when set, is why the sheet cannot be read as this kind at all (a sub-column outside the
	// wide layout's vocabulary, two columns for one figure, conflicting units): the run stops naming
	// stopCol rather than bind a figure by guess.
	stop    error
	stopCol string
}

// binding is one field the sheet has: a handful per plan, so a scan of them is cheaper per row than
// map lookups and a copy of the column.
type binding struct {
	id    string
	col   column
	unit  unit   // money fields only
	shift int    // unit.shift(), for money fields
	own   string // the column's own header cell, compacted: a data row repeating it is the header again
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

// statedUnit is a unit stated for the whole sheet, with the cell that states it.
type statedUnit struct {
	unit
	text string
}

// sheetUnits finds the units stated above the header or inside the header rows (outside any bound
// column): every distinct one, so that two lines stating different units are seen to disagree.
func sheetUnits(rows []sheetRow, h header, bound map[int]bool) []statedUnit {
	var out []statedUnit
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
			if name, f, ok := parse.Unit(cell); ok &&
				!slices.ContainsFunc(out, func(su statedUnit) bool { return su.name == name }) {
				out = append(out, statedUnit{unit{name, f, true}, cell})
			}
		}
	}
	return out
}

// quote quotes a header text for a message, shortened: a header is a short text, but nothing an input
// holds may make a message unreadable.
func quote(s string) string {
	return strconv.Quote(clip(strings.TrimSpace(s), 60))
}

// columnName names a column for a message: its letter and its header text.
func columnName(c *column) string {
	letter, err := excelize.ColumnNumberToName(c.idx + 1)
	if err != nil {
		letter = strconv.Itoa(c.idx + 1)
	}
	if strings.TrimSpace(c.text) == "" {
		return letter
	}
	return letter + "（" + clip(strings.TrimSpace(c.text), 60) + "）"
}

// stopAt records why the sheet cannot be read as the plan's kind, naming column c.
func (p *plan) stopAt(c *column, err error) {
	if p.stop == nil {
		p.stop, p.stopCol = err, columnName(c)
	}
}

// uniqueFields are the fields two columns must never both give: the figures, the period they are for,
// and the code that names the enterprise. (Two name columns, or 行业代码 next to 行业代码(2017), are settled
// by bind.)
var uniqueFields = []string{fCode, fPeriod, fValue, fPrev, fPersons, fAmount, fMonth}

// checkColumns stops the plan when the header holds, for a field the kind reads, a sub-column outside the
// wide layout's vocabulary under the field's measure, or two columns that both give a field of
// uniqueFields (本年 and 本年累计; a wide 本年 next to a long 工业总产值 column).
func (p *plan) checkColumns(m *matcher, h header) {
	for _, f := range p.spec.fields {
		if f.wide == subNone {
			continue
		}
		fk := m.keys[string(p.spec.kind)+"."+f.id]
		for i := range h.cols {
			c := &h.cols[i]
			if c.role == subUnknown && slices.Contains(fk.parents, c.parentKey) {
				what := "has no sub-header"
				if strings.TrimSpace(c.own) != "" {
					what = "is " + quote(c.own) + ", which is not a sub-column the loader knows"
				}
				p.stopAt(c, unrecognised("the column under %s %s (current figure: 本年, 本期, 本年累计, 本期累计 or 1-N月; "+
					"previous year: 上年同期, 上年同期累计, 去年同期, 上年 or 上年累计; not read: 本月, 当月, 上月, 同比增长, 增长率, 增速, "+
					"比上年增减 or anything with %%); rename the sub-header or delete the column",
					quote(c.parent), what))
				return
			}
		}
	}
	for _, id := range uniqueFields {
		f, ok := fieldOf(p.spec, id)
		if !ok {
			continue
		}
		var hits []*column
		for i := range h.cols {
			if m.matches(p.spec.kind, f, h.cols[i]) {
				hits = append(hits, &h.cols[i])
			}
		}
		if len(hits) > 1 {
			p.stopAt(hits[1], unrecognised("both column %s and column %s give %s; delete or rename one so that the figure is not taken from a column by guess",
				columnName(hits[0]), columnName(hits[1]), f.name))
			return
		}
	}
}

// guardFields are, per kind, the optional columns whose absence can only raise a payment: without
// 是否独立法人 every enterprise is a legal person (G2), without 有效期至 a 专精特新 recognition runs its
// default three years, without 认定年份 a 工业软件 listing counts whatever its year, without 项目 a rule
// already paid this year is not seen as paid (rules.md "Rounds"). With each, the words a header naming the
// same thing under a name the loader does not know would hold. (The other optional columns — 移出日期,
// 年度 of the other-funds list, 投产年月, 金额 — refuse or hold more when absent, never less.)
var guardFields = map[Kind]struct {
	id    string
	stems []string
}{
	Enterprises:        {fLegal, []string{"法人", "单位类型"}},
	Specialised:        {fValid, []string{"有效期", "到期"}},
	IndustrialSoftware: {fRecYear, []string{"认定"}},
	PriorAwards:        {fItem, []string{"项目", "规则"}},
}

// checkGuards stops the plan when the sheet lacks its kind's guard column (guardFields) and has a column
// that may be it: a header that cannot be read (an error value), no header over a column holding data, or
// a header the loader does not know that holds one of the guard's words. Leaving such a column out would
// read every row as if the refusing value were absent (inputs.md "Fail closed": never bind — nor drop — a
// column by guess).
func (p *plan) checkGuards(rows []sheetRow, h header, bound map[int]bool) {
	g, ok := guardFields[p.spec.kind]
	if !ok || p.stop != nil {
		return
	}
	if _, has := p.cols[g.id]; has {
		return
	}
	f, _ := fieldOf(p.spec, g.id)
	named := map[int]bool{}
	for i := range h.cols {
		c := &h.cols[i]
		named[c.idx] = true
		if bound[c.idx] || c.ignored {
			continue
		}
		text := compact(c.own)
		why := ""
		switch {
		case isErrorValue(text) || (h.index < len(rows) && rows[h.index].flag(c.idx)&cellError != 0):
			why = "cannot be read"
		case slices.ContainsFunc(g.stems, func(w string) bool { return strings.Contains(text, w) }):
			why = "is not a name the loader knows"
		default:
			continue
		}
		p.stopAt(c, unrecognised("the header of column %s %s, and the sheet has no %s column, whose values it may hold "+
			"(leaving them out could pay an enterprise they exclude); name the column %s or delete it",
			columnName(c), why, f.name, f.name))
		return
	}
	// A column with no header over data of its own.
	for i := h.dataStart; i < len(rows); i++ {
		for col, cell := range rows[i].cells {
			if named[col] || strings.TrimSpace(cell) == "" {
				continue
			}
			c := &column{idx: col}
			p.stopAt(c, unrecognised("column %s holds data but has no header, and the sheet has no %s column, whose values it may hold "+
				"(leaving them out could pay an enterprise they exclude); name the column %s or delete it",
				columnName(c), f.name, f.name))
			return
		}
	}
}

// fieldOf returns the field of a kind with the given id.
func fieldOf(s kindSpec, id string) (field, bool) {
	for _, f := range s.fields {
		if f.id == id {
			return f, true
		}
	}
	return field{}, false
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
// header cell (营业收入（万元）), its merged parent (工业总产值（千元） over 本年), a unit cell under it, or the
// sheet's unit line — every one of them that states a unit must state the same one, else the sheet stops
// the run (plan.stop). So does a sub-column outside the wide layout's vocabulary under a measure the kind
// reads, and a figure, period or code that two columns give: the loader never picks one by guess.
func (m *matcher) makePlan(s kindSpec, rows []sheetRow, h header) plan {
	b := m.bind(s, h.cols)
	p := plan{spec: s, cols: map[string]column{}, units: map[string]unit{},
		names: Columns(s.kind), hdr: h.cols}
	p.fold = make([]bool, len(p.names))
	for i, n := range p.names {
		p.fold[i] = slices.Contains(verbatimColumns, n)
	}
	switch s.kind {
	case Dishonesty, OtherFunds, PriorAwards, Affiliates, Specialised, IndustrialSoftware:
		p.orgOK = true
	}
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
	p.checkColumns(m, h)
	p.checkGuards(rows, h, bound)
	sheetUnits := sheetUnits(rows, h, bound)
	for _, f := range s.fields {
		c, ok := p.cols[f.id]
		if !ok || f.typ != moneyField {
			continue
		}
		// Every statement of the unit that applies to the column, most specific first; the first is the
		// column's unit when they all agree.
		var found []unit
		var where []string
		if name, fac, ok := parse.Unit(c.own); ok {
			found, where = append(found, unit{name, fac, true}), append(where, "its header "+quote(c.own))
		}
		if name, fac, ok := parse.Unit(c.parent); ok && c.parent != "" {
			found, where = append(found, unit{name, fac, true}), append(where, "its parent header "+quote(c.parent))
		}
		if cu, ok := columnUnit(rows, h, c.idx); ok {
			found, where = append(found, cu), append(where, "the unit cell under it")
		}
		for _, su := range sheetUnits {
			found, where = append(found, su.unit), append(where, "the unit line "+quote(su.text))
		}
		u := unit{}
		if len(found) > 0 {
			u = found[0]
		}
		for i := range found {
			if found[i].name != u.name && p.stop == nil {
				p.stopAt(&c, unrecognised("the unit of %s is %s by %s but %s by %s; correct the header or the unit line so that they agree",
					quote(c.text), u.name, where[0], found[i].name, where[i]))
			}
		}
		p.units[f.id] = u
	}
	for _, f := range s.fields {
		if c, ok := p.cols[f.id]; ok && p.binding(f.id) == nil {
			p.bound = append(p.bound, binding{id: f.id, col: c, unit: p.units[f.id], shift: p.units[f.id].shift(), own: compact(c.own)})
		}
	}
	return p
}

// problem is one reason a row cannot be loaded.
type problem struct {
	col    *column // the column it is about; nil for the whole row
	column string  // header text as in the file
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
	// org is the 9-character 组织机构代码 a list row names its enterprise by instead of the credit code
	// (normalised), "" otherwise: the code is found in the register once the whole batch is read.
	org string
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

// fail records a problem with a column's cell. Only the first problem of a column counts: a cell already
// refused (an error value, a text too long) is not refused again by the parser that reads it next.
func (r *rowReader) fail(c *column, raw, reason string) {
	if c != &r.p.none && slices.ContainsFunc(r.problems, func(p problem) bool { return p.col == c }) {
		return
	}
	r.problems = append(r.problems, problem{col: c, column: c.text, raw: raw, reason: reason})
}

// maxText is the longest text a cell the loaders read may hold (inputs.md "Fail closed": value_too_long).
// No name, code, figure or note comes near it; a longer one is a paste gone wrong, and a cell of a
// megabyte must not reach the database or the workbooks.
const maxText = 500

// checkCells refuses, before anything is parsed, the cells no parser may read: in a column the kind reads,
// an Excel error value (error_value: #N/A is not a code, and never a total row) or a text over maxText
// characters (value_too_long); in any column, a formula whose value was never computed
// (formula_without_value: what it holds is unknown, so the row is not read as if the cell were empty).
func (r *rowReader) checkCells() {
	for i := range r.p.bound {
		b := &r.p.bound[i]
		raw := cellAt(r.row, b.col.idx)
		switch {
		case isErrorCell(&r.row, b.col.idx):
			r.fail(&b.col, raw, "error_value")
		case len(raw) > maxText && utf8.RuneCountInString(strings.TrimSpace(raw)) > maxText:
			r.fail(&b.col, raw, "value_too_long")
		}
	}
	if hasNoValueCell(&r.row) {
		for col, f := range r.row.flags {
			if f&cellNoValue != 0 {
				r.fail(r.p.columnAt(col), "", "formula_without_value")
			}
		}
	}
}

// columnAt returns the header column at index col, or a column named by its letter when the header has
// none there.
func (p *plan) columnAt(col int) *column {
	for i := range p.bound {
		if p.bound[i].col.idx == col {
			return &p.bound[i].col
		}
	}
	for i := range p.hdr {
		if p.hdr[i].idx == col {
			return &p.hdr[i]
		}
	}
	c := &column{idx: col}
	c.text = columnName(c)
	return c
}

// get returns the raw cell of a field, and whether the sheet has the column.
func (r *rowReader) get(id string) (raw string, c *column, ok bool) {
	b := r.p.binding(id)
	if b == nil {
		return "", &r.p.none, false
	}
	return cellAt(r.row, b.col.idx), &b.col, true
}

// text returns the folded text of a field's cell, "" when the column is absent or the cell empty: for
// values that are matched (a group, an item id), where ＡＢ and AB must be the same.
func (r *rowReader) text(id string) string {
	raw, _, _ := r.get(id)
	return parse.Fold(raw)
}

// verbatimColumns are the loaded texts that are shown, not matched: kept exactly as the file writes them,
// outer spaces trimmed and nothing else (no full-width folding), so that the roster's payee name is the
// register's and the bank's (inputs.md first paragraph, outputs.md). Decided per free-text column:
//   - verbatim (shown): enterprises.name, other_funds.fund_name, above_scale.inclusion_method,
//     specialised.level_raw, enterprises.legal_person_raw, resolutions.reviewer and resolutions.note;
//   - folded (matched): prior_awards.item (a rule id such as D10-1), affiliates.group_id (members of one
//     group are found by it), and every code, enum and header, which the parsers fold.
//
// The duplicate rule compares verbatim texts folded (plan.fold).
var verbatimColumns = []string{"name", "fund_name", "inclusion_method", "level_raw", "legal_person_raw", "reviewer", "note"}

// verbatim returns a field's cell with its outer spaces trimmed, "" when the column is absent.
func (r *rowReader) verbatim(id string) string {
	raw, _, _ := r.get(id)
	return strings.TrimSpace(raw)
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
		if org, ok := orgCode(identifier(raw)); ok && r.p.orgOK {
			r.org = org
			return ""
		}
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
	if r.notAFigureCell(b.col.idx, raw) {
		r.fail(c, raw, "bad_number")
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

// notAFigureCell reports a number cell formatted as a percentage (0.15 shown as 15%): in a money or headcount
// column it is a ratio, not the figure (inputs.md "Fail closed": bad_number). So is a date cell: what the
// person saw there was a date (2022-01-01), and its serial (44562) is no figure.
func (r *rowReader) notAFigureCell(col int, raw string) bool {
	f := r.row.flag(col)
	return (f&cellPctFmt != 0 && f&cellTyped == 0 && parse.Fold(raw) != "") || r.sd.isDate(r.idx, &r.row, col)
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

// dateSpan reads a date field given to the day, the month or the year (inputs.md "Dates in the lists and
// the register") as the first and the last day it can mean, YYYY-MM-DD; both "" when empty. An Excel date
// cell is its day, unless its format shows only the month or the year (yyyy"年"m"月"), which is then the
// precision the person saw and meant. The caller takes the end under which doubt never pays (rules.md
// "Holds").
func (r *rowReader) dateSpan(id string) (first, last string) {
	raw, c, ok := r.get(id)
	if !ok || parse.Fold(raw) == "" {
		return "", ""
	}
	var a, b time.Time
	var err error
	if r.isDate(c) {
		if a, err = r.serial(raw); err == nil {
			b = a
			switch f := r.row.flag(c.idx); {
			case f&cellDateNoMonth != 0:
				a, b = time.Date(a.Year(), 1, 1, 0, 0, 0, 0, time.UTC), time.Date(a.Year(), 12, 31, 0, 0, 0, 0, time.UTC)
			case f&cellDateNoDay != 0:
				a = time.Date(a.Year(), a.Month(), 1, 0, 0, 0, 0, time.UTC)
				b = a.AddDate(0, 1, -1)
			}
		}
	} else {
		a, b, err = parse.DateSpan(raw)
	}
	if err != nil {
		r.fail(c, raw, reasonOf(err, "bad_date"))
		return "", ""
	}
	return a.Format(time.DateOnly), b.Format(time.DateOnly)
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
	vals, probs, _ := p.convertRow(file, sheet, sd, idx, row, make([]string, len(p.names)), strconv.Itoa(row.num), nil)
	return vals, probs
}

// convertRow converts one data row; idx is its index in sd.rows, or -1 for a row streamed after them.
// out (len(p.names) empty strings) receives the values and is returned unless the row has problems; num
// is the row number as text; cache, when not nil, is the worker's (see textCache). org, when not "", is
// the 组织机构代码 the row names its enterprise by: its credit_code is "" until the register is known
// (loader.resolveOrgCodes).
func (p *plan) convertRow(file, sheet string, sd *sheetData, idx int, row sheetRow, out []string, num string,
	cache *textCache) (vals []string, probs []problem, org string) {
	r := &rowReader{p: p, row: row, idx: idx, sd: sd, out: out, cache: cache}
	if row.bad != "" {
		// The reader could not split or decode the row (field_count, bad_encoding): no cell is where its
		// header says, so none is read, but the enterprise is named when a credit code can be found.
		return nil, []problem{{column: "", reason: row.bad, code: p.codeOfBadRow(sd, idx, &row)}}, ""
	}
	r.checkCells()
	switch p.spec.kind {
	case Enterprises:
		r.readEnterprise()
	case AboveScale:
		r.set("credit_code", r.code())
		r.set("year", r.requireYear(fYear))
		r.set("inclusion_method", r.verbatim(fMethod))
	case OutputValue, Revenue:
		r.set("credit_code", r.code())
		r.readPeriod()
		r.set("value_yuan", r.money(fValue))
		r.set("prev_value_yuan", r.money(fPrev))
		// A 1-N月 column holds the figure to month N: a row of another period cannot take it.
		if b := p.binding(fValue); b != nil && b.col.months > 0 && r.value("end_month") != "" &&
			r.value("end_month") != strconv.Itoa(b.col.months) {
			raw, c, _ := r.get(fPeriod)
			r.fail(c, raw, "bad_period")
		}
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
		// The 失信 window widens when a date is given only to the month or the year: listed from the
		// earliest day the 列入日期 can mean, removed on the latest day the 移出日期 can mean (rules.md
		// "Holds"), so that no reading of the date pays.
		r.set("credit_code", r.code())
		if _, _, ok := r.required(fListed); ok {
			first, _ := r.dateSpan(fListed)
			r.set("listed_on", first)
		}
		_, last := r.dateSpan(fRemoved)
		r.set("removed_on", last)
	case Restricted:
		r.readRestricted()
	case IndustrialSoftware:
		r.set("credit_code", r.code())
		r.set("recognized_year", r.year(fRecYear))
	case OtherFunds:
		r.set("credit_code", r.code())
		r.set("direction", r.direction())
		r.set("fund_name", r.verbatim(fFund))
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
		return nil, r.problems, r.org
	}
	n := len(r.out)
	r.out[n-3], r.out[n-2], r.out[n-1] = file, sheet, num
	return r.out, nil, r.org
}

// codeOfBadRow finds the credit code of a row the reader could not split: the cell of the code column
// when it holds a valid code, else the one valid code (check digit included) anywhere in the row. A row
// of a kind without a code column, or with no such code or two different ones, names no enterprise.
func (p *plan) codeOfBadRow(sd *sheetData, idx int, row *sheetRow) string {
	if p.code < 0 {
		return ""
	}
	if b := p.binding(fCode); b != nil {
		if code, err := parse.CreditCode(identifier(cellAt(*row, b.col.idx))); err == nil &&
			!sd.isNumber(idx, row, b.col.idx) {
			return code
		}
	}
	found := ""
	for col, c := range row.cells {
		code, err := parse.CreditCode(identifier(c))
		if err != nil || !USCCCheckOK(code) || sd.isNumber(idx, row, col) {
			continue
		}
		if found != "" && found != code {
			return ""
		}
		found = code
	}
	return found
}

// orgCode reads a 9-character 组织机构代码 (GB 11714: eight characters and a check character, often
// written with a hyphen before the last), as a credit code holds it at positions 9–17: ok is false for
// anything else.
func orgCode(raw string) (string, bool) {
	t := strings.ToUpper(parse.Fold(raw))
	t = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '–' || r == '—' {
			return -1
		}
		return r
	}, t)
	if len(t) != 9 || strings.Trim(t, parse.USCCAlphabet) != "" {
		return "", false
	}
	return t, true
}

func (r *rowReader) readEnterprise() {
	code := r.code()
	r.set("credit_code", code)
	r.set("name", r.verbatim(fName))
	// 行业代码 (2017) is required: an enterprise without it would get no decision at all, silently; a 2011
	// column never stands in (header.go ignores it).
	if raw, c, ok := r.required(fIndustry); ok {
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
		r.set("district", d.AreaName)
		r.set("scope_district", d.ScopeDistrict)
		r.set("in_beijing", strconv.FormatBool(d.InBeijing))
	}
	raw, c, _ := r.get(fLegal)
	r.set("legal_person_raw", strings.TrimSpace(raw))
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
	if r.notAFigureCell(c.idx, raw) {
		r.fail(c, raw, "bad_number")
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
		r.set("level_raw", strings.TrimSpace(raw))
	}
	// 认定日期 when the sheet has it and the cell is filled, else 认定年份. A date given only to the month or
	// the year narrows validity, so that doubt never pays (rules.md D10): it starts on the latest day the
	// date can mean, its default three years run from the earliest, and 有效期至 ends on the earliest day it
	// can mean.
	if first, last := r.dateSpan(fRecDate); last != "" {
		r.set("recognized_on", last)
		r.set("recognized_earliest", first)
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
	validFirst, _ := r.dateSpan(fValid)
	r.set("valid_until", validFirst)
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
// "Holds": a resolution applies only when its amount equals the computed one). A 规则 that names no rule of
// directions 10 and 11 is bad_direction (the closed list has no reason closer to a rule id); a 结论 that
// is neither verdict is missing_value (no verdict was given). Rows left unfilled are not read at all
// (see classify).
func (r *rowReader) readResolution() {
	r.set("credit_code", r.code())
	if raw, c, ok := r.required(fRule); ok {
		id := strings.ToUpper(strings.ReplaceAll(parse.Fold(raw), " ", ""))
		if !isRuleID(id) {
			r.fail(c, raw, "bad_direction")
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
	r.set("reviewer", r.verbatim(fReviewer))
	r.set("reviewed_on", r.date(fReviewed))
	r.set("note", r.verbatim(fNote))
}

// isRuleID reports whether s names a rule of directions 10 or 11 (D10-1 … D10-4, D11-1 … D11-4).
func isRuleID(s string) bool {
	return len(s) == 5 && (strings.HasPrefix(s, "D10-") || strings.HasPrefix(s, "D11-")) && s[4] >= '1' && s[4] <= '4'
}
