package parse

import (
	"errors"
	"testing"
	"time"
)

func TestPeriod(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		year, end int // 0, 0 when an error is expected
		wantErr   error
	}{
		{"year", "2022年", 2022, 12, nil},
		{"bare year", "2022", 2022, 12, nil},
		{"year with 年度", "2022年度", 2022, 12, nil},
		{"whole year range", "2022年1-12月", 2022, 12, nil},
		{"whole year range with em dash", "2022年1—12月", 2022, 12, nil},
		{"whole year range with en dash", "2022年1–12月", 2022, 12, nil},
		{"range with full-width tilde", "2022年1～3月", 2022, 3, nil},
		{"range with full-width hyphen", "2022年1－6月", 2022, 6, nil},
		{"range with 至", "2022年1月至9月", 2022, 9, nil},
		{"range with 月 on both ends", "2022年1月-12月", 2022, 12, nil},
		{"first quarter as range", "2022年1-3月", 2022, 3, nil},
		{"half year as range", "2022年1-6月", 2022, 6, nil},
		{"one-month range", "2022年1-1月", 2022, 1, nil},
		{"range with 月份", "2022年1-9月份", 2022, 9, nil},
		{"full-width digits", "２０２２年１－３月", 2022, 3, nil},
		{"spaces inside", "2022 年 1-3 月", 2022, 3, nil},
		{"first quarter in words", "2022年一季度", 2022, 3, nil},
		{"first quarter with 第", "2022年第一季度", 2022, 3, nil},
		{"first quarter with digit", "2022年1季度", 2022, 3, nil},
		{"first quarter as 一季", "2022年一季", 2022, 3, nil},
		{"range with horizontal bar (GBK em dash)", "2022年1―12月", 2022, 12, nil},
		{"range with double em dash", "2022年1——6月", 2022, 6, nil},
		{"Q1", "2022Q1", 2022, 3, nil},
		{"lower-case q1", "2022q1", 2022, 3, nil},
		{"dash Q1", "2022-Q1", 2022, 3, nil},
		{"year-month with dash", "2022-03", 2022, 3, nil},
		{"year-month December", "2022-12", 2022, 12, nil},
		{"year-month with slash", "2022/3", 2022, 3, nil},
		{"six digits", "202209", 2022, 9, nil},
		{"year-month with dot and two digits", "2022.03", 2022, 3, nil},
		{"month in words is cumulative to that month", "2022年3月", 2022, 3, nil},
		{"date in the period column counts by month", "2022-03-31", 2022, 3, nil},
		{"first half year", "2022年上半年", 2022, 6, nil},
		{"first three quarters", "2022年前三季度", 2022, 9, nil},
		{"quarters one to three", "2022年1-3季度", 2022, 9, nil},
		{"quarters one to four in words", "2022年一至四季度", 2022, 12, nil},
		{"Q1 to Q3", "2022Q1-Q3", 2022, 9, nil},

		{"quarter range not from January is refused", "2022年4-6月", 0, 0, ErrBadPeriod},
		{"second quarter alone is refused", "2022年二季度", 0, 0, ErrBadPeriod},
		{"Q2 alone is refused", "2022Q2", 0, 0, ErrBadPeriod},
		{"fourth quarter alone is refused", "2022年第四季度", 0, 0, ErrBadPeriod},
		{"second half year is refused", "2022年下半年", 0, 0, ErrBadPeriod},
		{"quarters two to three are refused", "2022年2-3季度", 0, 0, ErrBadPeriod},
		{"month 13 is refused", "2022年1-13月", 0, 0, ErrBadPeriod},
		{"month 0 is refused", "2022-00", 0, 0, ErrBadPeriod},
		{"ambiguous 2022.1 (January or October) is refused", "2022.1", 0, 0, ErrBadPeriod},
		{"impossible date is refused", "2022-02-30", 0, 0, ErrBadPeriod},
		{"two-digit year is refused", "22年1-3月", 0, 0, ErrBadPeriod},
		{"five digits are not a quarter", "20221", 0, 0, ErrBadPeriod},
		{"a trailing digit after 年 is not a quarter", "2022年1", 0, 0, ErrBadPeriod},
		{"implausible year is refused", "1022年", 0, 0, ErrBadPeriod},
		{"text is refused", "本年", 0, 0, ErrBadPeriod},
		{"empty is missing", " ", 0, 0, ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y, m, err := Period(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Period(%q) = %d, %d, %v; want %v", tt.in, y, m, err, tt.wantErr)
				}
				return
			}
			if err != nil || y != tt.year || m != tt.end {
				t.Errorf("Period(%q) = %d, %d, %v; want %d, %d", tt.in, y, m, err, tt.year, tt.end)
			}
		})
	}
}

func TestYear(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    int
		wantErr error
	}{
		{"bare year", "2021", 2021, nil},
		{"year with 年", "2021年", 2021, nil},
		{"year with 年度", "2021年度", 2021, nil},
		{"number cell", "2021.0", 2021, nil},
		{"full-width digits", "２０２１", 2021, nil},
		{"a month is not a year", "2021.5", 0, ErrBadDate},
		{"two digits are not a year", "21", 0, ErrBadDate},
		{"implausible year", "3021", 0, ErrBadDate},
		{"text", "去年", 0, ErrBadDate},
		{"empty is missing", "", 0, ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Year(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Year(%q) = %d, %v; want %v", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Year(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestYearMonth(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		y, m    int
		wantErr error
	}{
		{"dash", "2021-07", 2021, 7, nil},
		{"dash one digit", "2021-7", 2021, 7, nil},
		{"Chinese", "2021年7月", 2021, 7, nil},
		{"Chinese with 份", "2021年12月份", 2021, 12, nil},
		{"six digits", "202107", 2021, 7, nil},
		{"slash", "2021/7", 2021, 7, nil},
		{"dot with two digits", "2021.07", 2021, 7, nil},
		{"dot with one unambiguous digit", "2021.7", 2021, 7, nil},
		{"date, day ignored", "2021-12-31", 2021, 12, nil},
		{"Chinese date, day ignored", "2021年12月31日", 2021, 12, nil},
		{"eight-digit date", "20211231", 2021, 12, nil},
		{"date with time", "2021-12-31 00:00:00", 2021, 12, nil},
		{"full-width digits", "２０２１年７月", 2021, 7, nil},
		{"ambiguous 2021.1 is refused", "2021.1", 0, 0, ErrBadDate},
		{"impossible day is refused", "2021-02-30", 0, 0, ErrBadDate},
		{"month 13 is refused", "2021-13", 0, 0, ErrBadDate},
		{"a year alone is not a month", "2021", 0, 0, ErrBadDate},
		{"text is refused", "七月", 0, 0, ErrBadDate},
		{"empty is missing", "", 0, 0, ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y, m, err := YearMonth(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("YearMonth(%q) = %d, %d, %v; want %v", tt.in, y, m, err, tt.wantErr)
				}
				return
			}
			if err != nil || y != tt.y || m != tt.m {
				t.Errorf("YearMonth(%q) = %d, %d, %v; want %d, %d", tt.in, y, m, err, tt.y, tt.m)
			}
		})
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string // YYYY-MM-DD
		wantErr error
	}{
		{"ISO", "2021-07-15", "2021-07-15", nil},
		{"slashes, one-digit month", "2021/7/15", "2021-07-15", nil},
		{"Chinese", "2021年7月15日", "2021-07-15", nil},
		{"eight digits", "20210715", "2021-07-15", nil},
		{"dots", "2021.7.15", "2021-07-15", nil},
		{"dots with one-digit month 1 is a date", "2021.1.15", "2021-01-15", nil},
		{"with time", "2021-07-15 13:45:00", "2021-07-15", nil},
		{"with short time", "2021/7/15 0:00", "2021-07-15", nil},
		{"leap day", "2020-02-29", "2020-02-29", nil},
		{"full-width digits", "２０２１－０７－１５", "2021-07-15", nil},
		{"February 30 is refused", "2021-02-30", "", ErrBadDate},
		{"leap day of a common year is refused", "2021-02-29", "", ErrBadDate},
		{"day 32 is refused", "2021-01-32", "", ErrBadDate},
		{"a month is not a date", "2021-07", "", ErrBadDate},
		{"American order is refused", "07/15/2021", "", ErrBadDate},
		{"text is refused", "今天", "", ErrBadDate},
		{"implausible year is refused", "0021-07-15", "", ErrBadDate},
		{"empty is missing", "", "", ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Date(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Date(%q) = %v, %v; want %v", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got.Format(time.DateOnly) != tt.want {
				t.Errorf("Date(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestExcelSerial(t *testing.T) {
	tests := []struct {
		name   string
		serial float64
		want   string // "" when an error is expected
	}{
		{"serial 1 is the first day", 1, "1900-01-01"},
		{"serial 59 is the last real day before the bug", 59, "1900-02-28"},
		{"serial 60 is Excel's non-existent 1900-02-29", 60, ""},
		{"serial 61 is March 1st", 61, "1900-03-01"},
		{"a modern date", 44561, "2021-12-31"},
		{"another modern date", 44392, "2021-07-15"},
		{"a time of day is ignored", 44392.75, "2021-07-15"},
		{"the last date Excel knows", 2958465, "9999-12-31"},
		{"zero is refused", 0, ""},
		{"negative is refused", -1, ""},
		{"beyond 9999 is refused", 2958466, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ExcelSerial(tt.serial)
			if tt.want == "" {
				if !errors.Is(err, ErrBadDate) {
					t.Fatalf("ExcelSerial(%v) = %v, %v; want ErrBadDate", tt.serial, got, err)
				}
				return
			}
			if err != nil || got.Format(time.DateOnly) != tt.want {
				t.Errorf("ExcelSerial(%v) = %v, %v; want %s", tt.serial, got, err, tt.want)
			}
		})
	}
}

func TestDateSpan(t *testing.T) {
	tests := []struct {
		name, in, first, last string
		wantErr               error
	}{
		{"a full date is its own day", "2021-07-20", "2021-07-20", "2021-07-20", nil},
		{"slashes", "2021/7/20", "2021-07-20", "2021-07-20", nil},
		{"dots", "2021.7.20", "2021-07-20", "2021-07-20", nil},
		{"Chinese", "2021年7月20日", "2021-07-20", "2021-07-20", nil},
		{"eight digits", "20210720", "2021-07-20", "2021-07-20", nil},
		{"a time after the date is ignored", "2021-07-20 00:00:00", "2021-07-20", "2021-07-20", nil},
		{"month with a dash", "2021-07", "2021-07-01", "2021-07-31", nil},
		{"month with a slash", "2021/7", "2021-07-01", "2021-07-31", nil},
		{"month with a dot", "2021.7", "2021-07-01", "2021-07-31", nil},
		{"month in Chinese", "2021年8月", "2021-08-01", "2021-08-31", nil},
		{"full-width month in Chinese", "２０２１年８月", "2021-08-01", "2021-08-31", nil},
		{"six digits", "202102", "2021-02-01", "2021-02-28", nil},
		{"February of a leap year", "2020-02", "2020-02-01", "2020-02-29", nil},
		{"December ends the year", "2021年12月", "2021-12-01", "2021-12-31", nil},
		{"2021.10 is October", "2021.10", "2021-10-01", "2021-10-31", nil},
		{"2021.1 may be January or October (2021.10 as a number)", "2021.1", "2021-01-01", "2021-10-31", nil},
		{"a year", "2021", "2021-01-01", "2021-12-31", nil},
		{"a year in Chinese", "2021年", "2021-01-01", "2021-12-31", nil},
		{"empty", " ", "", "", ErrMissing},
		{"month 13", "2021-13", "", "", ErrBadDate},
		{"impossible day", "2021-02-30", "", "", ErrBadDate},
		{"a quarter is not a date", "2021Q1", "", "", ErrBadDate},
		{"text", "去年", "", "", ErrBadDate},
		{"implausible year", "3021", "", "", ErrBadDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, last, err := DateSpan(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("DateSpan(%q) = %v, %v, %v; want %v", tt.in, first, last, err, tt.wantErr)
				}
				return
			}
			if err != nil || first.Format(time.DateOnly) != tt.first || last.Format(time.DateOnly) != tt.last {
				t.Errorf("DateSpan(%q) = %v … %v, %v; want %s … %s", tt.in, first, last, err, tt.first, tt.last)
			}
		})
	}
}
