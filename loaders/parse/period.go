package parse

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Years outside [minYear, maxYear] are typing errors, not data: the oldest enterprises in the register
// started in the 20th century, and nothing is recorded beyond this century.
const (
	minYear = 1900
	maxYear = 2100
)

// rangeDash matches the separators people put in a month range: hyphen (and folded －), en dash, em dash
// (single or doubled), horizontal bar (what some GBK decoders make of the em dash), (folded) tildes,
// wave dash, 至 and 到.
const rangeDash = `(?:-|–|—|——|―|~|〜|至|到)`

var (
	periodYearRE  = regexp.MustCompile(`^([0-9]{4})年?度?(?:全年)?(?:累计)?$`)
	periodRangeRE = regexp.MustCompile(`^([0-9]{4})年?([0-9]{1,2})月?` + rangeDash + `([0-9]{1,2})月份?(?:累计)?$`)
	periodMonthRE = regexp.MustCompile(`^([0-9]{4})年([0-9]{1,2})月份?(?:累计)?$`)
	// 2022-03, 2022/3, 2022.03, 202203, and a date in the period column (2022-03-31): the month counts.
	periodNumMonthRE = regexp.MustCompile(`^([0-9]{4})(?:[-/.]([0-9]{1,2})|([0-9]{2}))(?:[-/.]([0-9]{1,2}))?$`)
	// 2022Q1, 2022-Q1, 2022年Q1, 2022年一季度, 2022年第一季度, 2022年1季度. 季 is required with a numeral, or
	// "20221" would read as a quarter.
	periodQuarterRE = regexp.MustCompile(`^([0-9]{4})(?:年|-)?(?:[Qq]([1-4])|第?([一二三四1-4])季(?:度)?)$`)
	// Cumulative quarter spans: 2022年前三季度, 2022年1-3季度, 2022年一至三季度, 2022Q1-Q3.
	periodFrontQuartersRE = regexp.MustCompile(`^([0-9]{4})年?前([一二两三四1-4])(?:个)?季度$`)
	periodQuarterSpanRE   = regexp.MustCompile(`^([0-9]{4})(?:年|-)?(?:第?([一二三四1-4])` + rangeDash + `第?([一二三四1-4])季度|[Qq]([1-4])` + rangeDash + `[Qq]([1-4]))$`)
	periodHalfRE          = regexp.MustCompile(`^([0-9]{4})年?(上半年|下半年)$`)
)

// quarterDigit reads a quarter number written as a digit or a Chinese numeral.
func quarterDigit(s string) int {
	switch s {
	case "一", "1":
		return 1
	case "二", "两", "2":
		return 2
	case "三", "3":
		return 3
	case "四", "4":
		return 4
	}
	return 0
}

// Period parses a 期别 into a cumulative period (year, last month): 2022年, 2022年1-12月, 2022年1—12月,
// 2022-12 → (2022,12); 2022年1-3月, 2022年一季度, 2022Q1, 2022-03 → (2022,3).
//
// Statistical figures are cumulative from January, so only periods that start in January are accepted:
// 2022年1-6月 and 2022年上半年 are (2022,6), 2022年前三季度 and 2022Q1-Q3 (2022,9), 2022年3月 and 2022-03 the
// cumulative figure to March. A period that does not start in January (2022年4-6月, 2022年二季度, 2022Q2,
// 2022年下半年) is ErrBadPeriod: turning a quarter's own figure into a cumulative one would be a guess.
func Period(s string) (year, endMonth int, err error) {
	if y, m, ok := fastPeriod(s); ok {
		return y, m, nil
	}
	return periodGeneral(s)
}

// periodGeneral is [Period] for any text.
func periodGeneral(s string) (year, endMonth int, err error) {
	t := compact(s)
	if t == "" {
		return 0, 0, missing("period")
	}
	year, endMonth, ok := period(t)
	if !ok {
		return 0, 0, fmt.Errorf("%w: %q is not a cumulative period", ErrBadPeriod, s)
	}
	if year < minYear || year > maxYear {
		return 0, 0, fmt.Errorf("%w: %q: year %d out of range", ErrBadPeriod, s, year)
	}
	return year, endMonth, nil
}

// period does the matching of [Period] on a compacted text; ok is false when no form fits or the
// period is not cumulative from January.
func period(t string) (year, endMonth int, ok bool) {
	if m := periodYearRE.FindStringSubmatch(t); m != nil {
		return atoi(m[1]), 12, true
	}
	if m := periodRangeRE.FindStringSubmatch(t); m != nil {
		from, to := atoi(m[2]), atoi(m[3])
		return atoi(m[1]), to, from == 1 && to >= 1 && to <= 12
	}
	if m := periodMonthRE.FindStringSubmatch(t); m != nil {
		mo := atoi(m[2])
		return atoi(m[1]), mo, mo >= 1 && mo <= 12
	}
	if m := periodNumMonthRE.FindStringSubmatch(t); m != nil {
		y, mo, ok := numericYearMonth(m)
		return y, mo, ok
	}
	if m := periodQuarterRE.FindStringSubmatch(t); m != nil {
		q := quarterDigit(m[2] + m[3])
		// Only the first quarter is cumulative by itself; 二季度 is April to June.
		return atoi(m[1]), 3, q == 1
	}
	if m := periodFrontQuartersRE.FindStringSubmatch(t); m != nil {
		return atoi(m[1]), 3 * quarterDigit(m[2]), true
	}
	if m := periodQuarterSpanRE.FindStringSubmatch(t); m != nil {
		from, to := quarterDigit(m[2]+m[4]), quarterDigit(m[3]+m[5])
		return atoi(m[1]), 3 * to, from == 1 && to >= 1
	}
	if m := periodHalfRE.FindStringSubmatch(t); m != nil {
		return atoi(m[1]), 6, m[2] == "上半年"
	}
	return 0, 0, false
}

// numericYearMonth reads a match of periodNumMonthRE. "2022.1" is refused: an Excel number cell holding
// 2022.10 displays as 2022.1, so it may be January or October.
func numericYearMonth(m []string) (year, month int, ok bool) {
	year = atoi(m[1])
	if m[3] != "" { // 202203
		if m[4] != "" {
			return 0, 0, false
		}
		month = atoi(m[3])
	} else {
		month = atoi(m[2])
		if m[0][4] == '.' && m[2] == "1" && m[4] == "" {
			return 0, 0, false
		}
	}
	if month < 1 || month > 12 {
		return 0, 0, false
	}
	if m[4] != "" { // a full date: the day must exist, then it is ignored.
		day := atoi(m[4])
		if !validDate(year, month, day) {
			return 0, 0, false
		}
	}
	return year, month, true
}

// atoi converts a string of at most a few ASCII digits (guaranteed by the regular expressions).
func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Year() == y && int(t.Month()) == m && t.Day() == d
}

var yearRE = regexp.MustCompile(`^([0-9]{4})(?:年度?|\.0+)?$`)

// Year parses 2021 or 2021年 (also 2021年度 and a number cell 2021.0).
func Year(s string) (int, error) {
	if y, ok := fastYear(s); ok {
		return y, nil
	}
	return yearGeneral(s)
}

// yearGeneral is [Year] for any text.
func yearGeneral(s string) (int, error) {
	t := compact(s)
	if t == "" {
		return 0, missing("year")
	}
	m := yearRE.FindStringSubmatch(t)
	if m == nil {
		return 0, fmt.Errorf("%w: %q is not a year", ErrBadDate, s)
	}
	y := atoi(m[1])
	if y < minYear || y > maxYear {
		return 0, fmt.Errorf("%w: %q: year out of range", ErrBadDate, s)
	}
	return y, nil
}

var (
	ymCJKRE = regexp.MustCompile(`^([0-9]{4})年([0-9]{1,2})月(?:份|([0-9]{1,2})日)?$`)
	// 2021-07, 2021/7, 2021.07, 202107, and the date forms 2021-12-31, 2021/12/31, 20211231.
	ymNumRE = regexp.MustCompile(`^([0-9]{4})(?:([-/.])([0-9]{1,2})(?:[-/.]([0-9]{1,2}))?|([0-9]{2})([0-9]{2})?)$`)
)

// YearMonth parses a month: 2021-07, 2021年7月, 202107, 2021/7, 2021-12-31 (day ignored), 2021.07.
//
// A day, when given, must exist (2021-02-30 is refused) and is then ignored. "2021.1" is refused: as an
// Excel number it may be 2021.10. A time after a date ("2021-12-31 00:00:00") is ignored.
func YearMonth(s string) (year, month int, err error) {
	if y, m, ok := fastYearMonth(s); ok {
		return y, m, nil
	}
	return yearMonthGeneral(s)
}

// yearMonthGeneral is [YearMonth] for any text.
func yearMonthGeneral(s string) (year, month int, err error) {
	t := stripTime(Fold(s))
	if t == "" {
		return 0, 0, missing("month")
	}
	y, m, d, ok := splitDate(t)
	if !ok || m == 0 {
		return 0, 0, fmt.Errorf("%w: %q is not a month", ErrBadDate, s)
	}
	if d != 0 && !validDate(y, m, d) || m < 1 || m > 12 {
		return 0, 0, fmt.Errorf("%w: %q is not a real month", ErrBadDate, s)
	}
	if y < minYear || y > maxYear {
		return 0, 0, fmt.Errorf("%w: %q: year out of range", ErrBadDate, s)
	}
	return y, m, nil
}

// splitDate reads year, month and day (0 when absent) from a folded text without a time part.
func splitDate(t string) (y, m, d int, ok bool) {
	t = strings.ReplaceAll(t, " ", "")
	if g := ymCJKRE.FindStringSubmatch(t); g != nil {
		d = 0
		if g[3] != "" {
			d = atoi(g[3])
		}
		return atoi(g[1]), atoi(g[2]), d, true
	}
	g := ymNumRE.FindStringSubmatch(t)
	if g == nil {
		return 0, 0, 0, false
	}
	y = atoi(g[1])
	if g[2] != "" {
		m = atoi(g[3])
		if g[4] != "" {
			d = atoi(g[4])
		} else if g[2] == "." && g[3] == "1" {
			return 0, 0, 0, false // 2021.1 may be 2021.10
		}
		return y, m, d, true
	}
	m = atoi(g[5])
	if g[6] != "" {
		d = atoi(g[6])
	}
	return y, m, d, true
}

// timeSuffixRE is a time of day after a date, as CSV exports of date cells write it.
var timeSuffixRE = regexp.MustCompile(`(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)$`)

func stripTime(t string) string {
	return strings.TrimSpace(timeSuffixRE.ReplaceAllString(t, ""))
}

// Date parses a date given as text: 2021-07-15, 2021/7/15, 2021年7月15日, 20210715, 2021.7.15.
//
// The date must exist (2021-02-30 is refused); a time after it is ignored. The result is midnight UTC.
func Date(s string) (time.Time, error) {
	if t, ok := fastDate(s); ok {
		return t, nil
	}
	return dateGeneral(s)
}

// dateGeneral is [Date] for any text.
func dateGeneral(s string) (time.Time, error) {
	t := stripTime(Fold(s))
	if t == "" {
		return time.Time{}, missing("date")
	}
	y, m, d, ok := splitDate(t)
	if !ok || d == 0 {
		return time.Time{}, fmt.Errorf("%w: %q is not a date", ErrBadDate, s)
	}
	if !validDate(y, m, d) {
		return time.Time{}, fmt.Errorf("%w: %q is not a real date", ErrBadDate, s)
	}
	if y < minYear || y > maxYear {
		return time.Time{}, fmt.Errorf("%w: %q: year out of range", ErrBadDate, s)
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
}

// DateSpan reads a date written to the day, to the month only or to the year only, and returns the first
// and the last day it can mean: 2021-07-20 is that day twice, 2021-07 / 2021/7 / 2021.7 / 2021年7月 / 202107
// run from 1 to 31 July, 2021 and 2021年 from 1 January to 31 December (inputs.md "Dates in the lists and the
// register"). The caller picks the end that cannot raise a payment (rules.md "Holds").
//
// "2021.1" is the one form that means two things: January as text, or October as an Excel number cell
// holding 2021.10 (shown 2021.1). Its span covers both, 1 January to 31 October, so that neither reading
// can pay. Anything else is ErrBadDate; an empty cell ErrMissing.
func DateSpan(s string) (first, last time.Time, err error) {
	if t, ok := fastDate(s); ok {
		return t, t, nil
	}
	t := stripTime(Fold(s))
	if t == "" {
		return time.Time{}, time.Time{}, missing("date")
	}
	if d, err := dateGeneral(s); err == nil {
		return d, d, nil
	}
	if y, m, d, ok := splitDate(t); ok && d == 0 && m >= 1 && m <= 12 && y >= minYear && y <= maxYear {
		return monthSpan(y, m, m)
	}
	if c := strings.ReplaceAll(t, " ", ""); len(c) == 6 && c[4:] == ".1" {
		if y, ok := year4(c); ok {
			return monthSpan(y, 1, 10)
		}
	}
	if y, err := yearGeneral(t); err == nil {
		return monthSpan(y, 1, 12)
	}
	return time.Time{}, time.Time{}, fmt.Errorf("%w: %q is not a date, a month or a year", ErrBadDate, s)
}

// monthSpan is the first day of month from and the last day of month to, of year y.
func monthSpan(y, from, to int) (time.Time, time.Time, error) {
	first := time.Date(y, time.Month(from), 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(y, time.Month(to)+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	return first, last, nil
}

// maxSerial is 9999-12-31, the last date Excel can represent.
const maxSerial = 2958465

// ExcelSerial converts an Excel (1900 system) date serial to a date.
//
// Serial 1 is 1900-01-01. Excel treats 1900 as a leap year (a Lotus 1-2-3 compatibility bug), so serial 60
// is the non-existent 1900-02-29 and is refused, and every serial after it is one day ahead of a plain day
// count: serial 61 is 1900-03-01. A fractional part (a time of day) is ignored. The result is midnight UTC.
func ExcelSerial(serial float64) (time.Time, error) {
	if math.IsNaN(serial) || serial < 1 || serial >= maxSerial+1 {
		return time.Time{}, fmt.Errorf("%w: Excel date serial %v out of range", ErrBadDate, serial)
	}
	days := int(math.Floor(serial))
	if days == 60 {
		return time.Time{}, fmt.Errorf("%w: Excel date serial 60 is 1900-02-29, which does not exist", ErrBadDate)
	}
	base := time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	if days > 60 {
		base = base.AddDate(0, 0, -1)
	}
	return base.AddDate(0, 0, days), nil
}
