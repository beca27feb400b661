// Package synth writes input batches in the real formats of inputs.md: the built-in demo batch ([Demo]),
// whose enterprises are chosen so that every rule of rules.md shows awards, refusals and its edge cases,
// and synthetic batches of any size ([Generate]) for load and speed tests.
//
// Both write what the bureau's systems export, quirks included: the register as .xlsx with a title row,
// 规上名录 as GB18030 CSV, 工业总产值 as .xlsx in the statistical form's wide layout (a merged two-row header
// and a 单位：千元 line, with a 合计 row), 营业收入 as UTF-8-with-BOM CSV in the long layout with the unit in
// the header, 参保人数 as plain UTF-8 CSV, and the lists as sheets of two workbooks.
//
// The package does not import DuckDB or package pipeline, so it can be used by the command, by tests of
// any package and by benchmarks without linking the database.
package synth

import "math"

// Years of the 2022 policy this package writes data for (rules.md: P = 2022, R = 2021).
const (
	policyYear = 2022
	refYear    = 2021
)

// money is an amount in 元 (whole yuan); absent marks a missing figure.
type money = int64

const absent money = math.MinInt64

// Handy multiples of 元.
const (
	wan money = 10_000
	yi  money = 100_000_000
)

// series holds one measure (工业总产值 or 营业收入) of one enterprise over the periods the rules use.
type series struct {
	Y2019, Y2020, Y2021, Y2022 money // annual
	Q2021, Q2022               money // 1-3月 cumulative
}

func noSeries() series {
	return series{absent, absent, absent, absent, absent, absent}
}

func (s series) empty() bool { return s == noSeries() }

// specRec is one row of the 专精特新 list.
type specRec struct {
	Level      string // as written on the list
	Recognized string // YYYY-MM-DD; written as an Excel date cell
	ValidUntil string // "" for the default validity
}

// dishRec is one row of the 严重失信 list.
type dishRec struct {
	Listed, Removed string // YYYY-MM-DD; Removed "" while still listed
}

// fundRec is one row of the other-municipal-funds list.
type fundRec struct {
	Direction int
	Name      string
	Year      int // 0 writes an empty cell
}

// priorRec is one row of the paid-awards list.
type priorRec struct {
	Year, Direction int
	Item            string
	Wan             string // 金额（万元）as written
}

// ent is one enterprise with everything any input file says about it. A file writer walks the
// enterprises and writes the rows of its kind, so a batch never needs all enterprises in memory at once.
type ent struct {
	Code      string
	Name      string
	Industry  string // 4-digit GB/T 4754-2017
	Region    string // 区划代码 as written in the register (code or name)
	Legal     string // 是否独立法人 as written; "" means 是
	Start     string // 投产年月 as text; "" for none
	StartDate string // 投产年月 as an Excel date cell (YYYY-MM-DD); used when Start is ""
	Above     []int  // years the enterprise was 规上
	Method    string // 纳入方式 of the first 规上 year
	Out, Rev  series
	Head21    int // 参保人数 2021-12; -1 missing
	Head22    int // 参保人数 2022-12; -1 missing
	Spec      []specRec
	Dish      []dishRec
	SoftYear  int // on the 工业软件 list: 认定年份, -1 listed without a year, 0 not listed
	Funds     []fundRec
	Prior     []priorRec
	Group     string // 集团编号; "" none
	InReg     bool   // written to the register (false: only figures, e.g. a group member outside it)
}

// restrictedRow is one row of the 禁限目录.
type restrictedRow struct {
	Prefix, Type, Scope string
}

// catalogue is the 禁限目录 written with every batch: prefixes at each level, both types, and scopes
// 全市, single districts, lists and the groups of rules.md.
func catalogue() []restrictedRow {
	return []restrictedRow{
		{"0610", "禁止", "全市"},
		{"261", "限制", "全市"},
		{"2710", "禁止", "朝阳区、丰台区"},
		{"3714", "限制", "城六区"},
		{"3990", "限制", "大兴区"},
		{"25", "禁止", "核心区,城市副中心"},
		{"3011", "禁止", "全市"},
		{"4411", "限制", "东城区、西城区、海淀区"},
	}
}
