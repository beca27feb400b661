package loaders

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file describes the columns of every input kind of inputs.md: their names and aliases, which are
// required, and the keywords that settle a tie between kinds.

// fieldType says how a column's cells are read.
type fieldType int

const (
	textField   fieldType = iota // free text, folded
	codeField                    // an identifier: read as text, never as a number
	moneyField                   // a money figure that needs a unit
	dateField                    // a date or month, as text or as an Excel date cell
	numberField                  // any other figure or value that a number cell may hold
)

// Field identifiers, shared by the kinds that have the column.
const (
	fCode      = "code"
	fName      = "name"
	fIndustry  = "industry"
	fDistrict  = "district"
	fLegal     = "legal"
	fStart     = "start"
	fYear      = "year"
	fMethod    = "method"
	fPeriod    = "period"
	fValue     = "value"
	fPrev      = "prev"
	fMonth     = "month"
	fPersons   = "persons"
	fLevel     = "level"
	fRecDate   = "rec_date"
	fRecYear   = "rec_year"
	fValid     = "valid_until"
	fListed    = "listed_on"
	fRemoved   = "removed_on"
	fControl   = "control"
	fScope     = "scope"
	fDirection = "direction"
	fFund      = "fund"
	fItem      = "item"
	fAmount    = "amount"
	fGroup     = "group"
	fRule      = "rule"
	fVerdict   = "verdict"
	fReviewer  = "reviewer"
	fReviewed  = "reviewed_on"
	fNote      = "note"
)

// field is one column a kind reads.
type field struct {
	id      string
	name    string   // canonical header, used in messages about missing columns
	aliases []string // every accepted header (the canonical one included), matched after parse.HeaderKey
	typ     fieldType
	// wide and parents describe the value columns of the wide layout: the field also matches a sub-header
	// column whose child has the role wide (current or previous), under a (merged) parent named by one of
	// parents.
	wide    subRole
	parents []string
}

// kindSpec is what recognising and reading one kind needs.
type kindSpec struct {
	kind   Kind
	fields []field
	// required lists groups of field ids; the kind fits a header when every group has a matched field.
	required [][]string
	// keywords settle ties between fitting kinds (sheet name first, then file name).
	keywords []string
	// key lists the columns (names of Columns(kind)) that identify a row for duplicate detection.
	key []string
}

// subRole is what a sub-header of the wide layout says its column holds.
type subRole int8

const (
	subNone     subRole = iota // not a sub-header column
	subCurrent                 // the figure of the row's own period
	subPrevious                // the figure of the same period one year earlier
	subIgnored                 // a column the loaders never read (本月, 同比增长 …)
	subUnknown                 // under a measure, but outside the vocabulary: the run stops (see makePlan)
)

// The closed sub-column vocabulary of the wide layout (inputs.md "output_value — 工业总产值 / revenue"),
// compared after parse.HeaderKey. A sub-column outside it is never bound by guess: the monthly report's
// 本月 | 本年累计 | 上年同期累计 once loaded 本月 as the year's figure.
var (
	currentSubHeaders = []string{"本年", "本期", "本年累计", "本期累计"} // and 1-N月, see subRoleOf
	prevSubHeaders    = []string{"上年同期", "上年同期累计", "去年同期", "上年", "上年累计"}
	ignoredSubHeaders = []string{"本月", "当月", "上月", "同比增长", "增长率", "增速", "比上年增减"} // and anything with %
)

// monthsRE is the 1-N月 sub-header (cumulative from January to month N), with the dashes people type.
var monthsRE = regexp.MustCompile(`^1(?:-|–|—|——|―|~|〜|至|到)([0-9]{1,2})月$`)

// subRoleOf classifies a sub-header by its parse.HeaderKey: the role, and for 1-N月 the month N it ends
// with (0 otherwise). Text outside the vocabulary is subNone; whether that stops the run depends on the
// column being under a measure (header.go).
func subRoleOf(key string) (subRole, int) {
	switch {
	case slices.Contains(currentSubHeaders, key):
		return subCurrent, 0
	case slices.Contains(prevSubHeaders, key):
		return subPrevious, 0
	case slices.Contains(ignoredSubHeaders, key):
		return subIgnored, 0
	}
	if m := monthsRE.FindStringSubmatch(key); m != nil {
		if n, _ := strconv.Atoi(m[1]); n >= 1 && n <= 12 {
			return subCurrent, n
		}
	}
	// Anything with % is a ratio column (同比增长（%）, 增速%). A figure with a percent sign ("15%", a data
	// cell) is not a header: it must not make the first data row a sub-header row.
	if strings.Contains(key, "%") && !strings.ContainsAny(key, "0123456789") {
		return subIgnored, 0
	}
	return subNone, 0
}

func codeColumn() field {
	return field{id: fCode, name: "统一社会信用代码", aliases: []string{"统一社会信用代码", "信用代码", "社会信用代码", "USCC"}, typ: codeField}
}

// specs returns the kinds in the order of Kinds. It is a function, not a variable, so that no package
// state can be changed by a caller.
func specs() []kindSpec {
	return []kindSpec{
		{
			kind: Enterprises,
			fields: []field{
				codeColumn(),
				{id: fName, name: "单位详细名称", aliases: []string{"单位详细名称", "企业名称", "单位名称"}},
				// 行业代码(2011) is deliberately not an alias (and header.go ignores any column naming 2011):
				// 2011 codes must never be read as 2017 ones. A register with only a 2011 column therefore
				// fails recognition with an error (ErrUnrecognised naming 行业代码 and the 2011 column)
				// rather than quarantining every row: the whole file is wrong, not some of its rows.
				{id: fIndustry, name: "行业代码", aliases: []string{"行业代码", "行业代码(2017)", "国民经济行业代码", "行业小类代码"}, typ: codeField},
				{id: fDistrict, name: "区划代码", aliases: []string{"区划代码", "所属区划代码", "单位所在地区划代码", "所属区"}, typ: codeField},
				{id: fLegal, name: "是否独立法人", aliases: []string{"是否独立法人", "法人类型", "单位类型"}},
				{id: fStart, name: "投产年月", aliases: []string{"投产年月", "正式投产时间", "开业（投产）年月", "开业时间"}, typ: dateField},
			},
			required: [][]string{{fCode}, {fName}, {fIndustry}, {fDistrict}},
			keywords: []string{"单位名录", "企业名录"},
			key:      []string{"credit_code"},
		},
		{
			kind: AboveScale,
			fields: []field{
				codeColumn(),
				{id: fYear, name: "年份", aliases: []string{"年份", "统计年度", "年度"}, typ: numberField},
				{id: fMethod, name: "纳入方式", aliases: []string{"纳入方式"}},
			},
			required: [][]string{{fCode}, {fYear}},
			keywords: []string{"规上"},
			key:      []string{"credit_code", "year"},
		},
		figureSpec(OutputValue, "工业总产值（当年价格）", []string{"工业总产值（当年价格）", "工业总产值"}, []string{"产值"}),
		figureSpec(Revenue, "营业收入", []string{"营业收入"}, []string{"营业收入"}),
		{
			kind: Headcount,
			fields: []field{
				codeColumn(),
				{id: fMonth, name: "统计时点", aliases: []string{"统计时点"}, typ: dateField},
				{id: fPersons, name: "参保人数", aliases: []string{"参保人数", "参保人数(人)"}, typ: numberField},
			},
			required: [][]string{{fCode}, {fMonth}, {fPersons}},
			keywords: []string{"参保"},
			key:      []string{"credit_code", "year", "month"},
		},
		{
			kind: Specialised,
			fields: []field{
				codeColumn(),
				{id: fLevel, name: "级别", aliases: []string{"级别"}},
				{id: fRecDate, name: "认定日期", aliases: []string{"认定日期"}, typ: dateField},
				{id: fRecYear, name: "认定年份", aliases: []string{"认定年份"}, typ: numberField},
				{id: fValid, name: "有效期至", aliases: []string{"有效期至"}, typ: dateField},
			},
			required: [][]string{{fCode}, {fLevel}, {fRecDate, fRecYear}},
			keywords: []string{"专精特新"},
			key:      []string{"credit_code", "level", "recognized_on"},
		},
		{
			kind: Dishonesty,
			fields: []field{
				codeColumn(),
				{id: fListed, name: "列入日期", aliases: []string{"列入日期"}, typ: dateField},
				{id: fRemoved, name: "移出日期", aliases: []string{"移出日期"}, typ: dateField},
			},
			required: [][]string{{fCode}, {fListed}},
			keywords: []string{"失信"},
			key:      []string{"credit_code", "listed_on"},
		},
		{
			kind: Restricted,
			fields: []field{
				// inputs.md gives the 禁限目录 column no aliases; the register's are accepted too, since the
				// catalogue is keyed by the same classification.
				{id: fIndustry, name: "行业代码", aliases: []string{"行业代码", "行业代码(2017)", "国民经济行业代码", "行业小类代码"}, typ: codeField},
				{id: fControl, name: "管控类型", aliases: []string{"管控类型"}},
				{id: fScope, name: "适用区域", aliases: []string{"适用区域"}},
			},
			required: [][]string{{fIndustry}, {fControl}, {fScope}},
			keywords: []string{"禁限"},
			key:      []string{"prefix", "control_type", "scope"},
		},
		{
			kind: IndustrialSoftware,
			fields: []field{
				codeColumn(),
				{id: fRecYear, name: "认定年份", aliases: []string{"认定年份"}, typ: numberField},
			},
			required: [][]string{{fCode}},
			keywords: []string{"工业软件"},
			key:      []string{"credit_code"},
		},
		{
			kind: OtherFunds,
			fields: []field{
				codeColumn(),
				{id: fDirection, name: "方向", aliases: []string{"方向"}, typ: numberField},
				{id: fFund, name: "资金名称", aliases: []string{"资金名称"}},
				{id: fYear, name: "年度", aliases: []string{"年度"}, typ: numberField},
			},
			required: [][]string{{fCode}, {fDirection}},
			keywords: []string{"其他市级"},
			key:      []string{"credit_code", "direction", "fund_name"},
		},
		{
			kind: PriorAwards,
			fields: []field{
				codeColumn(),
				{id: fYear, name: "年度", aliases: []string{"年度"}, typ: numberField},
				{id: fDirection, name: "方向", aliases: []string{"方向"}, typ: numberField},
				{id: fItem, name: "项目", aliases: []string{"项目"}},
				{id: fAmount, name: "金额（万元）", aliases: []string{"金额"}, typ: moneyField},
			},
			required: [][]string{{fCode}, {fYear}, {fDirection}},
			keywords: []string{"兑付", "已获奖励"},
			key:      []string{"credit_code", "year", "direction", "item"},
		},
		{
			kind: Affiliates,
			fields: []field{
				codeColumn(),
				{id: fGroup, name: "集团编号", aliases: []string{"集团编号"}},
			},
			required: [][]string{{fCode}, {fGroup}},
			keywords: []string{"关联"},
			key:      []string{"credit_code"},
		},
		{
			// 复核结论: the 待复核 sheet of a roster with its 结论 columns filled in is one (its other
			// columns are simply not read).
			kind: Resolutions,
			fields: []field{
				codeColumn(),
				{id: fRule, name: "规则", aliases: []string{"规则", "规则编号"}},
				{id: fVerdict, name: "结论", aliases: []string{"结论", "复核结论"}},
				{id: fAmount, name: "核定金额（万元）", aliases: []string{"核定金额"}, typ: moneyField},
				{id: fReviewer, name: "复核人", aliases: []string{"复核人"}},
				{id: fReviewed, name: "复核日期", aliases: []string{"复核日期"}, typ: dateField},
				{id: fNote, name: "说明", aliases: []string{"说明"}},
			},
			required: [][]string{{fCode}, {fRule}, {fVerdict}},
			keywords: []string{"复核"},
			key:      []string{"credit_code", "rule_id"},
		},
	}
}

// figureSpec describes output_value and revenue, which share their layouts: long (one value column) and
// wide (本年 and 上年同期 under a merged parent naming the figure).
func figureSpec(k Kind, name string, aliases, keywords []string) kindSpec {
	return kindSpec{
		kind: k,
		fields: []field{
			codeColumn(),
			{id: fPeriod, name: "期别", aliases: []string{"期别"}, typ: dateField},
			{id: fValue, name: name, aliases: aliases, typ: moneyField, wide: subCurrent, parents: aliases},
			// The previous-year figure exists only in the wide layout, under the same parent.
			{id: fPrev, name: name + "/上年同期", typ: moneyField, wide: subPrevious, parents: aliases},
		},
		required: [][]string{{fCode}, {fPeriod}, {fValue}},
		keywords: keywords,
		key:      []string{"credit_code", "year", "end_month"},
	}
}

// specFor returns the spec of one kind.
func specFor(k Kind) (kindSpec, bool) {
	for _, s := range specs() {
		if s.kind == k {
			return s, true
		}
	}
	return kindSpec{}, false
}
