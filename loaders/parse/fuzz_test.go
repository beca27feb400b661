package parse

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
)

func FuzzNumber(f *testing.F) {
	for _, s := range []string{"1,234.56", "１，２３４", "(5)", "（1,234.5）", "15%", "１５％", "1.2345E+08",
		"—", "-", "…", "", "1,5", "abc", "−5", "(5%)", ".5", "1e-30", "9e30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok, err := Number(s)
		if err != nil {
			if ok || !errors.Is(err, ErrBadNumber) {
				t.Fatalf("Number(%q) = %v, %v, %v: an error must be ErrBadNumber and not ok", s, d, ok, err)
			}
			return
		}
		if !ok {
			if !missingMarkers[Fold(s)] {
				t.Fatalf("Number(%q) is missing but %q is not a missing marker", s, Fold(s))
			}
			return
		}
		again, ok2, err2 := Number(d.String())
		if err2 != nil || !ok2 || !again.Equal(d) {
			t.Fatalf("Number(%q) = %s, which re-parses to %s, %v, %v", s, d, again, ok2, err2)
		}
	})
}

func FuzzUnit(f *testing.F) {
	for _, s := range []string{"单位：千元", "计量单位：万元", "(万元)", "（亿元）", "金额（万元）", "单位:元",
		"工业总产值（当年价格）（千元）", "单位：百万元", "电子元器件", "营业收入/万元", "单位：千元（万元）"} {
		f.Add(s)
	}
	factors := map[string]int64{"元": 1, "千元": 1000, "万元": 10000, "亿元": 100000000}
	f.Fuzz(func(t *testing.T, s string) {
		name, factor, ok := Unit(s)
		if !ok {
			if name != "" || !factor.IsZero() {
				t.Fatalf("Unit(%q) not ok but returned %q, %s", s, name, factor)
			}
			return
		}
		want, known := factors[name]
		if !known || factor.IntPart() != want || !factor.IsInteger() {
			t.Fatalf("Unit(%q) = %q ×%s, not a known unit and factor", s, name, factor)
		}
		if again, _, ok := Unit("单位：" + name); !ok || again != name {
			t.Fatalf("unit %q found in %q does not read back from a unit line (%q)", name, s, again)
		}
	})
}

func FuzzPeriod(f *testing.F) {
	for _, s := range []string{"2022年", "2022年1-12月", "2022年1—12月", "2022年1～3月", "2022年一季度",
		"2022年第一季度", "2022Q1", "2022-Q1", "2022-03", "2022年3月", "2022年上半年", "2022年前三季度",
		"2022年4-6月", "2022.1", "２０２２年１－３月", "2022-02-30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, m, err := Period(s)
		if err != nil {
			if !errors.Is(err, ErrBadPeriod) && !errors.Is(err, ErrMissing) {
				t.Fatalf("Period(%q) error %v is neither bad_period nor missing_value", s, err)
			}
			return
		}
		if m < 1 || m > 12 || y < minYear || y > maxYear {
			t.Fatalf("Period(%q) = %d, %d: implausible", s, y, m)
		}
		// The canonical cumulative form of the result means the same period.
		canon := strconv.Itoa(y) + "年1-" + strconv.Itoa(m) + "月"
		if y2, m2, err := Period(canon); err != nil || y2 != y || m2 != m {
			t.Fatalf("Period(%q) = %d, %d but its canonical form %q gives %d, %d, %v", s, y, m, canon, y2, m2, err)
		}
	})
}

func FuzzDate(f *testing.F) {
	for _, s := range []string{"2021-07-15", "2021/7/15", "2021年7月15日", "20210715", "2021.7.15",
		"2021-07", "2021年7月", "202107", "2021/7", "2021-12-31", "2021.07", "2021-02-30",
		"2021-07-15 13:45:00", "2021.1"} {
		f.Add(s, 44392.0)
	}
	f.Add("", 60.0)
	f.Add("", 61.0)
	f.Fuzz(func(t *testing.T, s string, serial float64) {
		d, err := Date(s)
		if err != nil {
			if !errors.Is(err, ErrBadDate) && !errors.Is(err, ErrMissing) {
				t.Fatalf("Date(%q) error %v is neither bad_date nor missing_value", s, err)
			}
		} else {
			if d.Hour() != 0 || d.Location() != time.UTC || d.Year() < minYear || d.Year() > maxYear {
				t.Fatalf("Date(%q) = %v: not a plausible midnight UTC", s, d)
			}
			if again, err := Date(d.Format(time.DateOnly)); err != nil || !again.Equal(d) {
				t.Fatalf("Date(%q) = %v does not re-parse: %v, %v", s, d, again, err)
			}
			// A date is also a month: YearMonth ignores its day.
			if y, m, err := YearMonth(s); err != nil || y != d.Year() || m != int(d.Month()) {
				t.Fatalf("Date(%q) = %v but YearMonth gives %d, %d, %v", s, d, y, m, err)
			}
		}
		// A date to the day, the month or the year spans the days it can mean: a full date is one day, and
		// every month DateSpan accepts lies inside its span.
		if first, last, err := DateSpan(s); err != nil {
			if !errors.Is(err, ErrBadDate) && !errors.Is(err, ErrMissing) {
				t.Fatalf("DateSpan(%q) error %v is neither bad_date nor missing_value", s, err)
			}
		} else {
			if first.After(last) || first.Location() != time.UTC || last.Hour() != 0 || last.Sub(first) > 366*24*time.Hour {
				t.Fatalf("DateSpan(%q) = %v … %v: not a span of midnights within a year", s, first, last)
			}
			if d, err := Date(s); err == nil && (!d.Equal(first) || !d.Equal(last)) {
				t.Fatalf("DateSpan(%q) = %v … %v but Date gives %v", s, first, last, d)
			}
			if y, m, err := YearMonth(s); err == nil {
				mFirst := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
				if first.After(mFirst.AddDate(0, 1, -1)) || last.Before(mFirst) {
					t.Fatalf("DateSpan(%q) = %v … %v does not hold the month %d-%d YearMonth reads", s, first, last, y, m)
				}
			}
		}
		if y, m, err := YearMonth(s); err == nil && (m < 1 || m > 12 || y < minYear || y > maxYear) {
			t.Fatalf("YearMonth(%q) = %d, %d: implausible", s, y, m)
		}
		if x, err := ExcelSerial(serial); err == nil {
			if x.Year() < 1900 || x.Year() > 9999 || x.Hour() != 0 {
				t.Fatalf("ExcelSerial(%v) = %v: out of range", serial, x)
			}
			if x.Month() == time.February && x.Day() == 29 && x.Year() == 1900 {
				t.Fatalf("ExcelSerial(%v) produced 1900-02-29", serial)
			}
		} else if !errors.Is(err, ErrBadDate) {
			t.Fatalf("ExcelSerial(%v) error %v is not bad_date", serial, err)
		}
	})
}

func FuzzCreditCode(f *testing.F) {
	for _, s := range []string{"91110108MA01ABCD1X", "９１１１０３０２５６２１３４９１６Ｒ", "9111 0302 5621 3491 6r",
		"9.11101E+17", "91110302562134916", "91110302562134916I", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := CreditCode(s)
		if err != nil {
			if c != "" || (!errors.Is(err, ErrBadCode) && !errors.Is(err, ErrMissing)) {
				t.Fatalf("CreditCode(%q) = %q, %v: an error must be bad_code or missing_value with no code", s, c, err)
			}
			return
		}
		if !CreditCodeShapeOK(c) {
			t.Fatalf("CreditCode(%q) = %q, which has not the GB 32100 shape", s, c)
		}
		if again, err := CreditCode(c); err != nil || again != c {
			t.Fatalf("CreditCode(%q) = %q is not stable: %q, %v", s, c, again, err)
		}
	})
}

func FuzzDistrict(f *testing.F) {
	for _, s := range []string{"110108", "110108.0", "110115403", "110115403001", "110302", "110228", "110000",
		"110103", "130102", "海淀", "海淀区", "亦庄", "经济技术开发区", "石家庄", "全市", "核心区、海淀区",
		"中心城区，城市副中心", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDistrict(s)
		if err != nil {
			if !errors.Is(err, ErrUnknownDist) && !errors.Is(err, ErrMissing) {
				t.Fatalf("ParseDistrict(%q) error %v is neither unknown_district nor missing_value", s, err)
			}
		} else {
			checkDistrict(t, s, d)
		}
		whole, names, err := Scope(s)
		if err != nil {
			if !errors.Is(err, ErrBadScope) && !errors.Is(err, ErrMissing) {
				t.Fatalf("Scope(%q) error %v is neither bad_scope nor missing_value", s, err)
			}
			return
		}
		if whole && names != nil {
			t.Fatalf("Scope(%q) is the whole city and also names %v", s, names)
		}
		if !whole && len(names) == 0 {
			t.Fatalf("Scope(%q) names nothing", s)
		}
		codes := make([]string, len(names))
		for i, n := range names {
			dd, ok := districtByName(n)
			if !ok || dd.name != n {
				t.Fatalf("Scope(%q) gives %q, not a full district name", s, n)
			}
			codes[i] = dd.code
		}
		if !slices.IsSorted(codes) || len(slices.Compact(slices.Clone(codes))) != len(codes) {
			t.Fatalf("Scope(%q) = %v: not sorted by code or not unique", s, names)
		}
	})
}

// checkDistrict asserts the invariants of a parsed district.
func checkDistrict(t *testing.T, s string, d District) {
	t.Helper()
	if d.InBeijing != strings.HasPrefix(d.AreaCode, "11") {
		t.Fatalf("ParseDistrict(%q) = %+v: InBeijing disagrees with the area code", s, d)
	}
	// Old and registration codes map to another area, but never to another province.
	if d.RegionCode != "" && d.RegionCode[:2] != d.AreaCode[:2] {
		t.Fatalf("ParseDistrict(%q) = %+v: area code in another province than the region code", s, d)
	}
	switch {
	case !d.InBeijing:
		if d.AreaName != "" || d.ScopeDistrict != "" || len(d.AreaCode) != 6 {
			t.Fatalf("ParseDistrict(%q) = %+v: outside Beijing but named", s, d)
		}
	case d.AreaCode == beijingCode:
		if d.AreaName != "" || d.ScopeDistrict != "" {
			t.Fatalf("ParseDistrict(%q) = %+v: district unknown but named", s, d)
		}
	case d.AreaCode == etownCode:
		if d.AreaName != etownName || d.ScopeDistrict != etownDistrict {
			t.Fatalf("ParseDistrict(%q) = %+v: E-Town misnamed", s, d)
		}
	default:
		dd, ok := districtByCode(d.AreaCode)
		if !ok || dd.name != d.AreaName || d.ScopeDistrict != d.AreaName {
			t.Fatalf("ParseDistrict(%q) = %+v: area code and name disagree", s, d)
		}
	}
}

func FuzzHeaderKey(f *testing.F) {
	for _, s := range []string{"工业总产值（当年价格）（千元）", "*统一社会信用代码", "期别：", "营业收入/万元",
		"统一社会\n信用 代码", "（千元）", "金额(万元)(万元):", "ＵＳＣＣ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := HeaderKey(s)
		if strings.ContainsFunc(k, unicode.IsSpace) || strings.Contains(k, "*") || strings.HasSuffix(k, ":") {
			t.Fatalf("HeaderKey(%q) = %q still has spaces, stars or a trailing colon", s, k)
		}
		if again := HeaderKey(k); again != k {
			t.Fatalf("HeaderKey is not idempotent: %q → %q → %q", s, k, again)
		}
	})
}
