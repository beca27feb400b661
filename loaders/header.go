package loaders

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/bjgjj/awards/loaders/parse"
)

// maxHeaderRow is how far down a sheet the header row is looked for: exports put a few title, unit and
// blank rows above it, never pages of them.
const maxHeaderRow = 30

// column is one column of a detected header.
type column struct {
	idx       int
	key       string // parse.HeaderKey of the header text; for a sub-header column, parent key + "/" + child key
	text      string // the header as in the file (parent/child for a sub-header column), for messages
	own       string // the column's own header cell (the child of a sub-header column)
	parent    string // the merged parent above a sub-header, as in the file
	parentKey string
	child     string  // parse.HeaderKey of the sub-header, "" when the column has none
	role      subRole // subNone for a column named by one header cell; else what its sub-header says
	months    int     // for a 1-N月 sub-header, N: the row's period must end in that month
	ignored   bool    // never matched: a 行业代码(2011) column
}

// header is the detected header of a sheet.
type header struct {
	index     int // index in rows of the (first) header row
	dataStart int // index in rows of the first row after the header
	cols      []column
}

// matcher holds the kinds with their aliases normalised by parse.HeaderKey once per load.
type matcher struct {
	specs []kindSpec
	keys  map[string]fieldKeys // by kind + "." + field id
}

type fieldKeys struct{ aliases, parents []string }

func newMatcher() *matcher {
	m := &matcher{specs: specs(), keys: map[string]fieldKeys{}}
	norm := func(ss []string) []string {
		out := make([]string, 0, len(ss))
		for _, s := range ss {
			out = append(out, parse.HeaderKey(s))
		}
		return out
	}
	for _, s := range m.specs {
		for _, f := range s.fields {
			m.keys[string(s.kind)+"."+f.id] = fieldKeys{norm(f.aliases), norm(f.parents)}
		}
	}
	return m
}

// matches reports whether column c is field f of kind k.
func (m *matcher) matches(k Kind, f field, c column) bool {
	if c.ignored || c.key == "" {
		return false
	}
	fk := m.keys[string(k)+"."+f.id]
	if c.role != subNone {
		if f.wide == subNone || !slices.Contains(fk.parents, c.parentKey) {
			return false
		}
		// A sub-column outside the vocabulary under the measure is taken as a candidate for the current
		// figure, so that the sheet is recognised as the kind that would read it and then stopped by
		// makePlan with a message naming the column, rather than skipped as if it held nothing.
		return c.role == f.wide || (f.wide == subCurrent && c.role == subUnknown)
	}
	return slices.Contains(fk.aliases, c.key)
}

// bind maps each field of a kind to the position in cols of its column. When two columns name the same
// field, one saying 2017 wins (行业代码 next to 行业代码(2017)), else the first.
func (m *matcher) bind(s kindSpec, cols []column) map[string]int {
	b := map[string]int{}
	for _, f := range s.fields {
		for i, c := range cols {
			if !m.matches(s.kind, f, c) {
				continue
			}
			prev, seen := b[f.id]
			if !seen || (!strings.Contains(cols[prev].text, "2017") && strings.Contains(c.text, "2017")) {
				b[f.id] = i
			}
		}
	}
	return b
}

// lacking names the required columns of a kind that a binding does not have.
func lacking(s kindSpec, b map[string]int) []string {
	var out []string
	for _, group := range s.required {
		found := false
		var names []string
		for _, id := range group {
			if _, ok := b[id]; ok {
				found = true
			}
			for _, f := range s.fields {
				if f.id == id {
					names = append(names, f.name)
				}
			}
		}
		if !found {
			out = append(out, strings.Join(names, "或"))
		}
	}
	return out
}

// compact folds a cell and removes every space, for comparing short markers such as 合 计.
func compact(s string) string {
	t := parse.Fold(s)
	if !strings.ContainsFunc(t, unicode.IsSpace) { // Join(Fields(t)) would be t: skip its allocations
		return t
	}
	return strings.Join(strings.Fields(t), "")
}

// isIndustry2011 tells a 行业代码(2011) column: the old classification, never to be read as 2017 codes.
func isIndustry2011(text string) bool {
	t := compact(text)
	return strings.Contains(t, "2011") && strings.Contains(t, "行业")
}

func cellAt(r sheetRow, c int) string {
	if c < len(r.cells) {
		return r.cells[c]
	}
	return ""
}

func isBlank(r sheetRow) bool {
	for _, c := range r.cells {
		if compact(c) != "" {
			return false
		}
	}
	return true
}

func singleColumn(idx int, raw string) column {
	return column{idx: idx, key: industry2017Key(parse.HeaderKey(raw)), text: strings.TrimSpace(raw), own: raw, ignored: isIndustry2011(raw)}
}

// industry2017Key reads every way of qualifying the industry code as the 2017 classification
// (行业代码（2017版）, 行业代码(GB/T 4754-2017), 国民经济行业代码2017) as the alias 行业代码(2017).
func industry2017Key(key string) string {
	if strings.Contains(key, "行业") && strings.Contains(key, "代码") && strings.Contains(key, "2017") &&
		!strings.Contains(key, "2011") {
		return parse.HeaderKey("行业代码(2017)")
	}
	return key
}

// isUnitRow tells a row that only states units ((万元), 千元, 单位：元): part of a header, never data.
func isUnitRow(r sheetRow) bool {
	found := false
	for _, c := range r.cells {
		if compact(c) == "" {
			continue
		}
		if !unitLike(c) {
			return false
		}
		if _, _, ok := parse.Unit(c); !ok {
			return false
		}
		found = true
	}
	return found
}

// isColumnNumberRow tells the row of column labels that statistical forms print under the header: the
// text columns lettered 甲, 乙, 丙 … (or A, B, C …) and the figure columns numbered 1, 2, 3 … in order.
// No data row looks like this (a data row carries an 18-character credit code or a long prefix code).
func isColumnNumberRow(r sheetRow) bool {
	n, next := 0, 1
	for _, c := range r.cells {
		t := parse.Fold(c)
		if t == "" {
			continue
		}
		n++
		switch {
		case len([]rune(t)) == 1 && strings.ContainsRune("甲乙丙丁戊己庚辛壬癸ABCDEFGHIJ", []rune(t)[0]):
		case t == strconv.Itoa(next):
			next++
		default:
			return false
		}
	}
	return n >= 3
}

// hasSubHeaders reports whether a row holds the sub-headers of the wide layout: a cell of the closed
// vocabulary (本年, 上年同期, 本月, 同比增长（%） …).
func (m *matcher) hasSubHeaders(r sheetRow) bool {
	for _, c := range r.cells {
		if role, _ := subRoleOf(parse.HeaderKey(c)); role != subNone {
			return true
		}
	}
	return false
}

// columnsAt reads the header starting at rows[i]. When the next row holds sub-headers, the two rows form
// one header.
//
// The columns under one parent form a run: a parent merged over several columns repeats its text in each
// (fillMerges), a parent written once is followed by empty upper cells. In a run that holds a sub-header
// of the vocabulary, every column is a sub-header column named by its parent joined with its child, and
// has the child's role; a child outside the vocabulary, or an empty one, is subUnknown (under a measure
// that stops the run: makePlan). Other columns are named by the upper cell, or the lower one when the
// upper is empty (a cell merged over both rows names its column in both).
func (m *matcher) columnsAt(rows []sheetRow, i int) (cols []column, twoRows bool) {
	top := rows[i]
	if i+1 < len(rows) && m.hasSubHeaders(rows[i+1]) {
		sub := rows[i+1]
		n := max(len(top.cells), len(sub.cells))
		parent, run := make([]string, n), make([]int, n)
		hasSub := map[int]bool{}
		r := -1
		for c := 0; c < n; c++ {
			up, low := compact(cellAt(top, c)), compact(cellAt(sub, c))
			switch {
			case up != "":
				if c == 0 || run[c-1] < 0 || up != compact(parent[c-1]) {
					r++
				}
				parent[c], run[c] = cellAt(top, c), r
			case c > 0 && run[c-1] >= 0 && low != "":
				parent[c], run[c] = parent[c-1], run[c-1]
			default:
				run[c] = -1
			}
			if run[c] >= 0 && low != up {
				if role, _ := subRoleOf(parse.HeaderKey(cellAt(sub, c))); role != subNone {
					hasSub[run[c]] = true
				}
			}
		}
		for c := 0; c < n; c++ {
			up, low := cellAt(top, c), cellAt(sub, c)
			switch {
			case run[c] >= 0 && hasSub[run[c]] && compact(low) != compact(up):
				lowKey := parse.HeaderKey(low)
				role, months := subRoleOf(lowKey)
				if role == subNone {
					role = subUnknown
				}
				pk := parse.HeaderKey(parent[c])
				cols = append(cols, column{idx: c, key: pk + "/" + lowKey,
					text: strings.TrimSpace(parent[c]) + "/" + strings.TrimSpace(low),
					own:  low, parent: parent[c], parentKey: pk, child: lowKey, role: role, months: months})
			case compact(up) != "":
				cols = append(cols, singleColumn(c, up))
			case compact(low) != "":
				cols = append(cols, singleColumn(c, low))
			}
		}
		return cols, true
	}
	for c, raw := range top.cells {
		if compact(raw) != "" {
			cols = append(cols, singleColumn(c, raw))
		}
	}
	return cols, false
}

// miss describes the closest a sheet came to fitting a kind, for the error naming what it lacked.
type miss struct {
	kind    Kind
	row     int // physical row of the closest header candidate, 0 when none
	lacking []string
	found   int // required groups found
	has2011 bool
}

func (ms miss) String() string {
	if ms.kind == "" {
		// Nothing came close: name the columns every kind is recognised by.
		return fmt.Sprintf("no row among the first %d has the columns of any kind: it lacks 统一社会信用代码 "+
			"(required by every kind but the 禁限目录, which needs 行业代码, 管控类型 and 适用区域)", maxHeaderRow)
	}
	s := fmt.Sprintf("closest kind %s (row %d) lacks %s", ms.kind, ms.row, strings.Join(ms.lacking, ", "))
	if ms.has2011 && slices.Contains(ms.lacking, "行业代码") {
		s += " (only 行业代码(2011) is present; 2017 codes are required)"
	}
	return s
}

// detectHeader finds the header row: the first row within maxHeaderRow where every required column of
// some candidate kind is present. Title rows and unit lines above it are passed over. When none fits,
// it returns the closest miss.
func (m *matcher) detectHeader(rows []sheetRow, candidates []kindSpec) (header, bool, miss) {
	var best miss
	for i := 0; i < len(rows) && rows[i].num <= maxHeaderRow; i++ {
		if isBlank(rows[i]) {
			continue
		}
		cols, two := m.columnsAt(rows, i)
		has2011 := slices.ContainsFunc(cols, func(c column) bool { return c.ignored })
		for _, s := range candidates {
			b := m.bind(s, cols)
			lack := lacking(s, b)
			if len(lack) == 0 {
				h := header{index: i, dataStart: i + 1, cols: cols}
				if two {
					h.dataStart = i + 2
				}
				// A row of units right under the column names (营业收入 over 万元) belongs to the header.
				// So does the column-number row of statistical forms (甲 | 乙 | 1 | 2 | 3 …).
				for h.dataStart < len(rows) && (isUnitRow(rows[h.dataStart]) || isColumnNumberRow(rows[h.dataStart])) {
					h.dataStart++
				}
				return h, true, miss{}
			}
			if found := len(s.required) - len(lack); found > best.found {
				best = miss{kind: s.kind, row: rows[i].num, lacking: lack, found: found, has2011: has2011}
			}
		}
	}
	return header{}, false, best
}

// fitting returns the kinds whose required columns the header has, with the number of matched columns.
func (m *matcher) fitting(h header, candidates []kindSpec) (fits []kindSpec, score map[Kind]int) {
	score = map[Kind]int{}
	for _, s := range candidates {
		b := m.bind(s, h.cols)
		if len(lacking(s, b)) == 0 {
			fits = append(fits, s)
			score[s.kind] = len(b)
		}
	}
	return fits, score
}

// recognise decides the kind(s) of a sheet from its header, as inputs.md says: the fitting kind matching
// the most columns wins; a tie goes to the kind with the longest keyword in the sheet name, then the file
// name. A long-layout sheet with both 工业总产值 and 营业收入 columns is both output_value and revenue. It
// returns the candidates when the tie cannot be settled.
func (m *matcher) recognise(h header, candidates []kindSpec, sheetName, fileName string) ([]kindSpec, []Kind) {
	fits, score := m.fitting(h, candidates)
	if len(fits) == 0 {
		return nil, nil
	}
	top := 0
	for _, s := range fits {
		top = max(top, score[s.kind])
	}
	var tied []kindSpec
	for _, s := range fits {
		if score[s.kind] == top {
			tied = append(tied, s)
		}
	}
	// "A sheet with both columns loads both": when the winner is output_value or revenue and the other
	// fits too (a wide 工业总产值 next to a long 营业收入 column scores higher than the 营业收入), the sheet
	// holds both figures.
	figures := func(s kindSpec) bool { return s.kind == OutputValue || s.kind == Revenue }
	if !slices.ContainsFunc(tied, func(s kindSpec) bool { return !figures(s) }) {
		if both := slices.DeleteFunc(slices.Clone(fits), func(s kindSpec) bool { return !figures(s) }); len(both) == 2 {
			return both, nil
		}
	}
	if len(tied) == 1 {
		return tied, nil
	}
	for _, name := range []string{sheetName, fileName} {
		if s, ok := byKeyword(tied, name); ok {
			return []kindSpec{s}, nil
		}
	}
	var names []Kind
	for _, s := range tied {
		names = append(names, s.kind)
	}
	return nil, names
}

// byKeyword picks the kind whose longest keyword found in name is strictly the longest of all.
func byKeyword(tied []kindSpec, name string) (kindSpec, bool) {
	bestLen, bestAt, unique := 0, -1, false
	for i, s := range tied {
		l := 0
		for _, kw := range s.keywords {
			if strings.Contains(name, kw) {
				l = max(l, len([]rune(kw)))
			}
		}
		switch {
		case l > bestLen:
			bestLen, bestAt, unique = l, i, true
		case l == bestLen && l > 0:
			unique = false
		}
	}
	if bestAt < 0 || !unique {
		return kindSpec{}, false
	}
	return tied[bestAt], true
}

// looksLikeOther guards the one kind that fits almost any sheet: industrial_software needs only a credit
// code column, so a 产值 extract that lost its value column, or a register exported with 2011 industry
// codes, would otherwise load as a list of 工业软件 enterprises. When neither the sheet nor the file name
// says 工业软件 and the header also has a required column of another kind (besides the code), or the sheet's
// or file's name holds another kind's keyword (失信, 关联 …), the sheet is treated as that other kind lacking
// columns, which is an error naming them.
func (m *matcher) looksLikeOther(h header, rows []sheetRow, sheetName, fileName string) (miss, bool) {
	for _, name := range []string{sheetName, fileName} {
		if strings.Contains(name, "工业软件") {
			return miss{}, false
		}
	}
	var best miss
	has2011 := slices.ContainsFunc(h.cols, func(c column) bool { return c.ignored })
	// Columns a 工业软件 list has itself (the code, 认定年份) and a name column, which nearly every list
	// has, are no evidence of another kind: a list of 统一社会信用代码, 企业名称, 认定年份 is what inputs.md
	// describes for industrial_software and must load as it.
	spec, _ := specFor(IndustrialSoftware)
	own := map[int]bool{}
	for _, i := range m.bind(spec, h.cols) {
		own[i] = true
	}
	for _, s := range m.specs {
		if s.kind == IndustrialSoftware {
			continue
		}
		b := m.bind(s, h.cols)
		found := 0
		for _, group := range s.required {
			if slices.ContainsFunc(group, func(id string) bool {
				i, ok := b[id]
				return ok && id != fCode && id != fName && !own[i]
			}) {
				found++
			}
		}
		if found > 0 && found+1 > best.found {
			best = miss{kind: s.kind, row: rows[h.index].num, lacking: lacking(s, b), found: found + 1, has2011: has2011}
		}
	}
	if best.kind != "" {
		return best, true
	}
	// The sheet's or the file's name saying another kind is evidence too: a 失信 list whose 列入日期 header
	// was lost, a 关联企业 list whose 集团编号 was, must never load as a 工业软件 list (D10-1 would pay its
	// enterprises). The sheet's name is asked first, then the file's, as recognition does.
	for _, name := range []string{sheetName, fileName} {
		for _, s := range m.specs {
			if s.kind == IndustrialSoftware || s.kind == Resolutions {
				continue
			}
			if slices.ContainsFunc(s.keywords, func(k string) bool { return strings.Contains(name, k) }) {
				return miss{kind: s.kind, row: rows[h.index].num, lacking: lacking(s, m.bind(s, h.cols)), found: 1, has2011: has2011}, true
			}
		}
	}
	return best, false
}
