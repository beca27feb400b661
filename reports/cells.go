package reports

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/bjgjj/awards/reports/display"
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
	kindNote    // a line under a table (caveats, notes): wraps, no border
	kindSign    // a sign-off line: room to sign, no border
	numKinds
)

// DateTime is a cell shown as a date and time (the run time on 说明).
type DateTime time.Time

// styles holds one workbook's style ids, so that each style is registered once per file.
type styles [numKinds]int

// fontFamily is the font of every cell. Arial (Liberation Sans, with the same metrics, where it is
// missing) lays out digits and Latin letters the same in Excel and LibreOffice, so the widths fitted
// here hold wherever the workbook is printed; CJK text falls back to the system's CJK font.
const fontFamily = "Arial"

func newStyles(f *excelize.File) (*styles, error) {
	// Column widths are counted in the default font's digits: make it Arial 11 too (see unitPx).
	if err := f.SetDefaultFont(fontFamily); err != nil {
		return nil, fmt.Errorf("default font: %w", err)
	}
	border := []excelize.Border{
		{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1},
	}
	font := &excelize.Font{Family: fontFamily, Size: 10}
	bold := &excelize.Font{Family: fontFamily, Size: 10, Bold: true}
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
		kindTitle: {Font: &excelize.Font{Family: fontFamily, Size: titleSize, Bold: true},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		kindCaption:    {Font: &excelize.Font{Family: fontFamily, Size: 11, Bold: true}, Alignment: center},
		kindTotalText:  {Font: bold, Border: border, Alignment: wrap, Fill: totalFill},
		kindTotalMoney: {Font: bold, Border: border, Alignment: right, Fill: totalFill, CustomNumFmt: strp(fmtMoney)},
		kindTotalInt:   {Font: bold, Border: border, Alignment: right, Fill: totalFill, NumFmt: 1},
		kindAssumed: {Font: font, Border: border, Alignment: wrap,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}},
		kindNote: {Font: font, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
		kindSign: {Font: &excelize.Font{Family: fontFamily, Size: 11}, Alignment: &excelize.Alignment{Vertical: "bottom"}},
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

// totalStyle is the style of a value in a 合计 row.
func (s *styles) totalStyle(v any) int {
	switch v.(type) {
	case Wan, Yuan, figWan:
		return s[kindTotalMoney]
	case int, int64:
		return s[kindTotalInt]
	}
	return s[kindTotalText]
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

// percentPlaces is the precision a growth ratio is written with: two decimals of a percent, truncated
// toward zero (rules.md: a figure shown beside a threshold never crosses it by rounding), so the cell
// holds exactly what it shows and a growth of 14.9999995% reads 14.99%, never 15.00%.
const percentPlaces = 4

// cell converts one value into an excelize stream cell with its style, and the text it displays (for
// the column's width).
func (s *styles) cell(v any, wrap bool) (excelize.Cell, string, error) {
	money := func(d decimal.Decimal) (excelize.Cell, string, error) {
		f, err := wanCell(d)
		if err != nil {
			return excelize.Cell{}, "", err
		}
		return excelize.Cell{StyleID: s[kindMoney], Value: f}, display.Group(d.StringFixed(2)), nil
	}
	switch x := v.(type) {
	case nil:
		return excelize.Cell{StyleID: s[kindText]}, "", nil
	case string:
		if x == "" {
			return excelize.Cell{StyleID: s[kindText]}, "", nil
		}
		k := kindText
		if wrap {
			k = kindWrap
		}
		// A string is written as an inline string, never a formula: text beginning with =, +, - or @
		// displays exactly as typed.
		return excelize.Cell{StyleID: s[k], Value: x}, x, nil
	case Code:
		return excelize.Cell{StyleID: s[kindCode], Value: string(x)}, string(x), nil
	case Wan:
		return money(decimal.Decimal(x))
	case figWan:
		return money(figureWan(decimal.Decimal(x)))
	case Yuan:
		return money(decimal.Decimal(x))
	case Percent:
		v := decimal.Decimal(x).Truncate(percentPlaces)
		f, err := exactFloat(v, percentPlaces)
		if err != nil {
			return excelize.Cell{}, "", err
		}
		return excelize.Cell{StyleID: s[kindPercent], Value: f}, display.RatioPercentTrunc(v).StringFixed(2) + "%", nil
	case int:
		return excelize.Cell{StyleID: s[kindInt], Value: x}, strconv.Itoa(x), nil
	case int64:
		return excelize.Cell{StyleID: s[kindInt], Value: x}, strconv.FormatInt(x, 10), nil
	case time.Time:
		return excelize.Cell{StyleID: s[kindDate], Value: wallClock(x)}, x.Format("2006年1月2日"), nil
	case DateTime:
		t := time.Time(x)
		return excelize.Cell{StyleID: s[kindDateTime], Value: wallClock(t)}, t.Format("2006年1月2日 15:04:05"), nil
	case assumedText:
		return excelize.Cell{StyleID: s[kindAssumed], Value: string(x)}, string(x), nil
	case totalCell:
		c, shown, err := s.cell(x.v, false)
		c.StyleID = s.totalStyle(x.v)
		return c, shown, err
	}
	return excelize.Cell{}, "", fmt.Errorf("cell value of type %T is not supported", v)
}

// assumedText is text on a 说明 row that rests on an assumed value: highlighted so it stands out on paper.
type assumedText string

// sum adds up a column for its 合计 row, as the cells show the values: amounts at two decimals.
type sum struct {
	d    decimal.Decimal
	kind string // "wan", "yuan", "int"; "" before the first value
}

func (s *sum) add(v any) error {
	switch x := v.(type) {
	case nil:
	case Wan:
		s.d, s.kind = s.d.Add(decimal.Decimal(x).Round(2)), "wan"
	case Yuan:
		s.d, s.kind = s.d.Add(decimal.Decimal(x).Round(2)), "yuan"
	case int:
		s.d, s.kind = s.d.Add(decimal.NewFromInt(int64(x))), "int"
	case int64:
		s.d, s.kind = s.d.Add(decimal.NewFromInt(x)), "int"
	default:
		return fmt.Errorf("a value of type %T cannot be summed", v)
	}
	return nil
}

// value is the sum as a cell value; a column without values sums to 0.00.
func (s sum) value() any {
	switch s.kind {
	case "yuan":
		return Yuan(s.d)
	case "int":
		return s.d.IntPart()
	}
	return Wan(s.d)
}

// wallClock keeps the date and time a person reads in t's own location: excelize converts the instant
// (UTC) to a serial number, which would show a Beijing 08:00 as 00:00.
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}
