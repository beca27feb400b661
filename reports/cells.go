package reports

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bjgjj/awards/loaders/parse"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Number formats. Dates carry an explicit Chinese format so that no locale setting changes them.
const (
	fmtMoney    = "#,##0.00"
	fmtPercent  = "0.00%"
	fmtDate     = `yyyy"年"m"月"d"日"`
	fmtDateTime = `yyyy"年"m"月"d"日" hh:mm:ss`
	fmtInt      = "0"
	fmtText     = "@"
)

// cellKind selects the style of a cell.
type cellKind int

const (
	kindText cellKind = iota
	kindWrap          // text in a capped column: wraps instead of spilling
	kindCode
	kindMoney
	kindPercent
	kindInt
	kindDate
	kindDateTime
	kindHeader
	kindTitle
	kindCaption
	kindTotalText
	kindTotalMoney
	kindTotalInt
	kindAssumed // a 说明 row that rests on an assumed value
	numKinds
)

// DateTime is a cell shown as a date and time (the run time on 说明).
type DateTime time.Time

// styles holds one workbook's style ids, so that each style is registered once per file.
type styles [numKinds]int

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1},
	}
	font := &excelize.Font{Family: "等线", Size: 10}
	bold := &excelize.Font{Family: "等线", Size: 10, Bold: true}
	center := &excelize.Alignment{Vertical: "center"}
	wrap := &excelize.Alignment{Vertical: "center", WrapText: true}
	right := &excelize.Alignment{Vertical: "center", Horizontal: "right"}
	strp := func(s string) *string { return &s }
	totalFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	defs := [numKinds]*excelize.Style{
		kindText:     {Font: font, Border: border, Alignment: center},
		kindWrap:     {Font: font, Border: border, Alignment: wrap},
		kindCode:     {Font: font, Border: border, Alignment: center, NumFmt: 49},
		kindMoney:    {Font: font, Border: border, Alignment: right, CustomNumFmt: strp(fmtMoney)},
		kindPercent:  {Font: font, Border: border, Alignment: right, CustomNumFmt: strp(fmtPercent)},
		kindInt:      {Font: font, Border: border, Alignment: right, NumFmt: 1},
		kindDate:     {Font: font, Border: border, Alignment: center, CustomNumFmt: strp(fmtDate)},
		kindDateTime: {Font: font, Border: border, Alignment: center, CustomNumFmt: strp(fmtDateTime)},
		kindHeader: {Font: bold, Border: border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}},
		kindTitle:      {Font: &excelize.Font{Family: "等线", Size: 14, Bold: true}, Alignment: center},
		kindCaption:    {Font: &excelize.Font{Family: "等线", Size: 11, Bold: true}, Alignment: center},
		kindTotalText:  {Font: bold, Border: border, Alignment: center, Fill: totalFill},
		kindTotalMoney: {Font: bold, Border: border, Alignment: right, Fill: totalFill, CustomNumFmt: strp(fmtMoney)},
		kindTotalInt:   {Font: bold, Border: border, Alignment: right, Fill: totalFill, NumFmt: 1},
		kindAssumed: {Font: font, Border: border, Alignment: wrap,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}},
	}
	var s styles
	for k, def := range defs {
		id, err := f.NewStyle(def)
		if err != nil {
			return nil, fmt.Errorf("style %d: %w", k, err)
		}
		s[k] = id
	}
	return &s, nil
}

// wanCell turns an exact decimal into the float64 excelize writes as a number.
//
// Why this is exact for display: the decimal is first rounded to two places (StringFixed), giving a
// decimal string s of at most 15 significant digits for any amount below 10^13 万元. strconv.ParseFloat
// returns the float64 nearest to s, and a float64 round-trips every decimal string of up to 15
// significant digits, so the shortest representation excelize writes into the file
// (strconv.FormatFloat(v, 'f', -1, 64)) is s itself, and a spreadsheet, which shows at most 15
// significant digits, displays exactly s. The function checks that round trip and fails rather than
// write a different number.
func wanCell(d decimal.Decimal) (float64, error) {
	return exactFloat(d, 2)
}

func exactFloat(d decimal.Decimal, places int32) (float64, error) {
	s := d.StringFixed(places)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("number %s: %w", s, err)
	}
	back, err := decimal.NewFromString(strconv.FormatFloat(v, 'f', -1, 64))
	if err != nil || !back.Equal(d.Round(places)) {
		return 0, fmt.Errorf("number %s cannot be written exactly", s)
	}
	return v, nil
}

// percentPlaces keeps growth to a millionth of a percent: enough that a near miss (14.99%) never reads
// back as the threshold, while the cell shows two decimals of a percent.
const percentPlaces = 8

// cell converts one value into an excelize stream cell with its style, and the text width it displays.
func (s *styles) cell(v any, wrap bool) (excelize.Cell, float64, error) {
	switch x := v.(type) {
	case nil:
		return excelize.Cell{StyleID: s[kindText]}, 0, nil
	case string:
		if x == "" {
			return excelize.Cell{StyleID: s[kindText]}, 0, nil
		}
		k := kindText
		if wrap {
			k = kindWrap
		}
		// A string is written as an inline string, never a formula: text beginning with =, +, - or @
		// displays exactly as typed.
		return excelize.Cell{StyleID: s[k], Value: x}, textWidth(x), nil
	case Code:
		return excelize.Cell{StyleID: s[kindCode], Value: string(x)}, textWidth(string(x)), nil
	case Wan:
		f, err := wanCell(decimal.Decimal(x))
		if err != nil {
			return excelize.Cell{}, 0, err
		}
		return excelize.Cell{StyleID: s[kindMoney], Value: f}, moneyWidth(decimal.Decimal(x)), nil
	case Percent:
		f, err := exactFloat(decimal.Decimal(x), percentPlaces)
		if err != nil {
			return excelize.Cell{}, 0, err
		}
		return excelize.Cell{StyleID: s[kindPercent], Value: f}, float64(len(decimal.Decimal(x).Shift(2).StringFixed(2)) + 1), nil
	case int:
		return excelize.Cell{StyleID: s[kindInt], Value: x}, float64(len(strconv.Itoa(x))), nil
	case int64:
		return excelize.Cell{StyleID: s[kindInt], Value: x}, float64(len(strconv.FormatInt(x, 10))), nil
	case time.Time:
		return excelize.Cell{StyleID: s[kindDate], Value: wallClock(x)}, textWidth(x.Format("2006年1月2日")), nil
	case DateTime:
		t := time.Time(x)
		return excelize.Cell{StyleID: s[kindDateTime], Value: wallClock(t)}, textWidth(t.Format("2006年1月2日 15:04:05")), nil
	case assumedText:
		return excelize.Cell{StyleID: s[kindAssumed], Value: string(x)}, textWidth(string(x)), nil
	}
	return excelize.Cell{}, 0, fmt.Errorf("cell value of type %T is not supported", v)
}

// assumedText is text on a 说明 row that rests on an assumed value: highlighted so it stands out on paper.
type assumedText string

// textWidth is the width of s in spreadsheet character units: CJK and full-width characters take about
// two, others one. For multi-line text it is the longest line.
func textWidth(s string) float64 {
	best := 0
	for _, line := range strings.Split(s, "\n") {
		best = max(best, parse.DisplayWidth(line))
	}
	return float64(best)
}

// moneyWidth is the width of an amount shown with thousands separators and two decimals.
func moneyWidth(d decimal.Decimal) float64 {
	s := d.Abs().StringFixed(2)
	intPart := utf8.RuneCountInString(s) - 3
	w := len(s) + (intPart-1)/3
	if d.IsNegative() {
		w++
	}
	return float64(w)
}

// wallClock keeps the date and time a person reads in t's own location: excelize converts the instant
// (UTC) to a serial number, which would show a Beijing 08:00 as 00:00.
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}
