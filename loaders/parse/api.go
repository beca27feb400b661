// Package parse turns the cell texts of bureau extracts into canonical values: numbers, money units,
// periods, dates, identifiers, districts. It is pure (no I/O) and fuzzed.
package parse

import (
	"errors"
	"time"

	"github.com/shopspring/decimal"
)

// Errors name the quarantine reason of a value that cannot be used (errors.Is).
var (
	ErrBadNumber     = errors.New("bad_number")
	ErrBadPeriod     = errors.New("bad_period")
	ErrBadDate       = errors.New("bad_date")
	ErrBadCode       = errors.New("bad_code")
	ErrBadIndustry   = errors.New("bad_industry_code")
	ErrUnknownDist   = errors.New("unknown_district")
	ErrBadLegal      = errors.New("bad_legal_person")
	ErrBadLevel      = errors.New("bad_level")
	ErrBadDirection  = errors.New("bad_direction")
	ErrBadScope      = errors.New("bad_scope")
	ErrScientific    = errors.New("bad_code") // an identifier Excel turned into scientific notation
	ErrMissing       = errors.New("missing_value")
	ErrBadControlTyp = errors.New("bad_control_type")
)

// Fold folds full-width characters to their narrow forms (golang.org/x/text/width, not NFKC, so ① stays ①),
// turns U+3000 and NBSP into spaces, and trims spaces.
func Fold(s string) string { panic("TODO") }

// Number parses a figure: thousands separators, full-width digits, (negative) parentheses, a trailing
// % or ％ (returned as the number itself, 15% → 15). Missing markers ("", —, -, …, －) give ok=false and
// no error. Anything else unusable gives ErrBadNumber.
func Number(s string) (d decimal.Decimal, ok bool, err error) { panic("TODO") }

// Unit finds a money unit in a header or unit-line text: 元, 千元, 万元, 亿元 (e.g. "单位：千元",
// "营业收入（万元）", "计量单位:万元"). factor converts to 元. ok is false when there is none.
func Unit(s string) (name string, factor decimal.Decimal, ok bool) { panic("TODO") }

// Period parses a 期别 into a cumulative period (year, last month): 2022年, 2022年1-12月, 2022年1—12月,
// 2022-12 → (2022,12); 2022年1-3月, 2022年一季度, 2022Q1, 2022-03 → (2022,3).
func Period(s string) (year, endMonth int, err error) { panic("TODO") }

// Year parses 2021 or 2021年 (also a number cell 2021.0).
func Year(s string) (int, error) { panic("TODO") }

// YearMonth parses a month: 2021-07, 2021年7月, 202107, 2021/7, 2021-12-31 (day ignored), 2021.07.
func YearMonth(s string) (year, month int, err error) { panic("TODO") }

// Date parses a date given as text: 2021-07-15, 2021/7/15, 2021年7月15日, 20210715, 2021.7.15.
func Date(s string) (time.Time, error) { panic("TODO") }

// ExcelSerial converts an Excel (1900 system) date serial to a date.
func ExcelSerial(serial float64) (time.Time, error) { panic("TODO") }

// CreditCode normalises a 统一社会信用代码 (trim, fold full width, upper-case, remove inner spaces) and
// checks it is 18 characters of the GB 32100 alphabet; a value in scientific notation (9.11E+17) is
// ErrScientific, any other bad shape ErrBadCode. The check digit is not checked here.
func CreditCode(s string) (string, error) { panic("TODO") }

// IndustryCode normalises a 4-digit GB/T 4754 code, restoring leading zeros lost by Excel (610 → 0610,
// "610.0" → 0610); a 2- or 3-digit prefix is accepted only when prefixOK (禁限目录 rows).
func IndustryCode(s string, prefixOK bool) (string, error) { panic("TODO") }

// District is where an enterprise is registered, as rules and rosters need it.
type District struct {
	RegionCode    string // the digits as given, or "" when a name was given
	AreaCode      string // 1101xx, 110115403 (北京经济技术开发区), 110000 (Beijing, district unknown), else the first 6 digits
	AreaName      string // 海淀区 …, 北京经济技术开发区; "" when unknown or outside Beijing
	ScopeDistrict string // the district for 禁限目录 scopes: AreaName, but 大兴区 for 北京经济技术开发区
	InBeijing     bool
}

// ParseDistrict reads a 区划代码 or district name (inputs.md "Districts"): 6-, 9- or 12-digit codes, names
// with or without 区, 经济技术开发区 / 北京经济技术开发区 / 亦庄, old codes 110228, 110229, 110304, 110302, and
// 110000. A code outside 11 parses (InBeijing false); an unknown name is ErrUnknownDist.
func ParseDistrict(s string) (District, error) { panic("TODO") }

// Scope reads a 禁限目录 适用区域: 全市, or district names separated by 、 or , (with groups 核心区, 中心城区,
// 城六区, 城市副中心 expanded). It returns whole=true for 全市, else the canonical district names, sorted.
func Scope(s string) (whole bool, districts []string, err error) { panic("TODO") }

// LegalPerson reads 是否独立法人 / 法人类型: 是, 法人, "" → true; 否, 产业活动单位, 个体 → false; else ErrBadLegal.
func LegalPerson(s string) (bool, error) { panic("TODO") }

// SpecialisedLevel maps a 级别 to innovative, municipal or national (any quotation marks around 小巨人).
func SpecialisedLevel(s string) (string, error) { panic("TODO") }

// ControlType reads 管控类型: 禁止 or 限制 (also 禁止类, 限制类).
func ControlType(s string) (string, error) { panic("TODO") }

// Direction reads a 方向: 方向10, 10, 方向十一, 11.
func Direction(s string) (int, error) { panic("TODO") }

// HeaderKey normalises a header cell for alias matching: Fold, remove all spaces and line breaks, drop
// a trailing unit in parentheses (（千元）, (万元)), so "工业总产值（当年价格）（千元）" → "工业总产值(当年价格)".
func HeaderKey(s string) string { panic("TODO") }
