package parse

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/width"
)

// The fast paths must give exactly what the general parsers give on every input they claim. Each check
// below is run on the common shapes (which the fast path must claim, or it is useless), on random texts
// built from the characters these shapes are made of, and as a fuzz target.

// shifts are the powers of ten of the money units (元, 千元, 万元, 亿元).
var shifts = []int{0, 3, 4, 8}

func checkFastFixed(t *testing.T, s string) bool {
	t.Helper()
	claimed := false
	for _, k := range shifts {
		got, ok := FastFixed(s, k)
		if !ok {
			continue
		}
		claimed = true
		d, has, err := Number(s)
		if err != nil || !has {
			t.Fatalf("FastFixed(%q, %d) = %q but Number gives %v, %v", s, k, got, has, err)
		}
		factor := decimal.NewFromInt(1) // as parse.Unit gives it: NewFromInt(1000) for 千元
		for range k {
			factor = factor.Mul(decimal.NewFromInt(10))
		}
		if want := d.Mul(factor).StringFixed(2); got != want {
			t.Fatalf("FastFixed(%q, %d) = %q, general path %q", s, k, got, want)
		}
	}
	return claimed
}

func checkFastInteger(t *testing.T, s string) bool {
	t.Helper()
	got, ok := FastInteger(s)
	if !ok {
		return false
	}
	d, has, err := Number(s)
	if err != nil || !has || !d.IsInteger() || d.IsNegative() {
		t.Fatalf("FastInteger(%q) = %q but Number gives %s, %v, %v", s, got, d, has, err)
	}
	if want := d.String(); got != want {
		t.Fatalf("FastInteger(%q) = %q, general path %q", s, got, want)
	}
	return true
}

func checkFastPeriod(t *testing.T, s string) bool {
	t.Helper()
	y, m, ok := fastPeriod(s)
	if !ok {
		return false
	}
	gy, gm, err := periodGeneral(s)
	if err != nil || gy != y || gm != m {
		t.Fatalf("fastPeriod(%q) = %d, %d; general path %d, %d, %v", s, y, m, gy, gm, err)
	}
	return true
}

func checkFastYear(t *testing.T, s string) bool {
	t.Helper()
	y, ok := fastYear(s)
	if !ok {
		return false
	}
	if gy, err := yearGeneral(s); err != nil || gy != y {
		t.Fatalf("fastYear(%q) = %d; general path %d, %v", s, y, gy, err)
	}
	return true
}

func checkFastYearMonth(t *testing.T, s string) bool {
	t.Helper()
	y, m, ok := fastYearMonth(s)
	if !ok {
		return false
	}
	if gy, gm, err := yearMonthGeneral(s); err != nil || gy != y || gm != m {
		t.Fatalf("fastYearMonth(%q) = %d, %d; general path %d, %d, %v", s, y, m, gy, gm, err)
	}
	return true
}

func checkFastDate(t *testing.T, s string) bool {
	t.Helper()
	d, ok := fastDate(s)
	if !ok {
		return false
	}
	if gd, err := dateGeneral(s); err != nil || !gd.Equal(d) || gd.Location() != d.Location() {
		t.Fatalf("fastDate(%q) = %v; general path %v, %v", s, d, gd, err)
	}
	return true
}

func checkFastCreditCode(t *testing.T, s string) bool {
	t.Helper()
	if !fastCreditCode(s) {
		return false
	}
	if g, err := creditCodeGeneral(s); err != nil || g != s {
		t.Fatalf("fastCreditCode claims %q; general path %q, %v", s, g, err)
	}
	return true
}

func checkFastFold(t *testing.T, s string) bool {
	t.Helper()
	got, ok := fastFold(s)
	if !ok {
		return false
	}
	if want := foldGeneral(s); got != want {
		t.Fatalf("fastFold(%q) = %q; general path %q", s, got, want)
	}
	return true
}

// checkAll runs every differential check on s.
func checkAll(t *testing.T, s string) {
	t.Helper()
	checkFastFixed(t, s)
	checkFastInteger(t, s)
	checkFastPeriod(t, s)
	checkFastYear(t, s)
	checkFastYearMonth(t, s)
	checkFastDate(t, s)
	checkFastCreditCode(t, s)
	checkFastFold(t, s)
}

func TestFastPathsClaimTheCommonShapesAndAgreeWithTheGeneralParsers(t *testing.T) {
	for _, tc := range []struct {
		name  string
		check func(*testing.T, string) bool
		claim []string // inputs the fast path must take
		leave []string // inputs it must leave to the general parser
	}{
		{"money", checkFastFixed,
			[]string{"8,411.36", "1,910.9", "225402", "0", "-5", "0.005", "-0.004", "-0.005", "999.995", "99.999",
				"1,234,567.891", ".5", "5.", " 12 ", "007", "-0", "123456789012345678.125", "12,345"},
			[]string{"", "-", "1,5", "12,34", "1,2345", "1.2e3", "(5)", "+5", "15%", "１２", "1 2", "abc", ".", "-.", ",123", "1,,234"}},
		{"whole number", checkFastInteger,
			[]string{"0", "12", "007", "1,234", " 5 "},
			[]string{"-1", "1.0", "1.", "1.5", "", "—", "1e3"}},
		{"period", checkFastPeriod,
			[]string{"2022", "2022年", "2022年1-12月", "2022年1-3月", "2022年01-03月", "2022年3月", "2022Q1", "2022-03", "2022-12"},
			[]string{"2022年4-6月", "2022Q2", "2022-13", "2022-00", "2022年13月", "1899年", "2101年", "2022年1-13月",
				"2022年0月", "2022年上半年", "2022 年", "２０２２年", "2022年1—12月", "2022-3"}},
		{"year", checkFastYear,
			[]string{"2021", "2021年", "1900", "2100"},
			[]string{"1899", "2101", "2021.0", "2021年度", " 2021", "21"}},
		{"year and month", checkFastYearMonth,
			[]string{"2018-08", "2018-8", "201808", "2010年5月", "2012年11月", "2012年01月"},
			[]string{"2018-13", "201813", "2018.1", "2018/08", "2018-08-01", "2018年13月", "1899-01", "2018-008"}},
		{"date", checkFastDate,
			[]string{"2021-07-15", "2020-02-29", "1900-01-01"},
			[]string{"2021-02-29", "2021-13-01", "2021-7-15", "2021/07/15", "2021-07-15 00:00:00", "1899-12-31"}},
		{"credit code", checkFastCreditCode,
			[]string{"91110113MA0000CT76", "91110000100000000X", "911100001000E000XA"},
			[]string{"911100001000E00000", "91110113ma0000ct76", " 91110113MA0000CT76", "91110113MA0000CT7", "91110113MA0000CT7I"}},
		{"fold", checkFastFold,
			[]string{"智辰网络科技（北京）有限公司", "北京德晟能源科技有限公司", "１２３", "营业收入（万元）", "2022年1—12月", "、。“”"},
			[]string{"a\u3000b", "x\u00a0", "\u200b北京", "①", "ｶﾅ", "\xff"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, s := range tc.claim {
				if !tc.check(t, s) {
					t.Errorf("%q is left to the general parser; the fast path should take it", s)
				}
			}
			for _, s := range tc.leave {
				if tc.check(t, s) {
					t.Errorf("%q is taken by the fast path; it should go to the general parser", s)
				}
			}
		})
	}
}

// TestFastPathsAgreeOnRandomTexts builds many short texts from the characters of the common shapes (so
// that near misses are frequent) and checks every fast path that claims one.
func TestFastPathsAgreeOnRandomTexts(t *testing.T) {
	pieces := []string{"0", "1", "2", "3", "5", "9", "20", "19", "21", "-", ",", ".", "年", "月", "Q", "E", "e", " ",
		"A", "X", "M", "I", "（", "）", "—", "\u3000", "+", "%", "度", "日", "/"}
	rng := rand.New(rand.NewPCG(1, 2))
	n := 200000
	if testing.Short() {
		n = 20000
	}
	for range n {
		var b strings.Builder
		if rng.IntN(2) == 0 { // most shapes start with a year
			b.WriteString([]string{"2022", "2021", "1900", "2100", "1899", "9111"}[rng.IntN(6)])
		}
		for range rng.IntN(16) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		checkAll(t, b.String())
	}
}

// TestFoldRuneMatchesWidthFold checks foldRune against width.Fold and the space mapping for every rune.
func TestFoldRuneMatchesWidthFold(t *testing.T) {
	for r := rune(0x80); r <= utf8.MaxRune; r++ {
		f, ok := foldRune(r)
		if !ok {
			continue
		}
		if !utf8.ValidRune(r) || needsMapping(r) || needsMapping(f) {
			t.Fatalf("foldRune claims U+%04X, which the general path maps", r)
		}
		if got := width.Fold.String(string(r)); got != string(f) {
			t.Fatalf("foldRune(U+%04X) = %q, width.Fold gives %q", r, string(f), got)
		}
	}
}

func FuzzFastPaths(f *testing.F) {
	for _, s := range []string{"8,411.36", "2022年1-12月", "2022Q1", "2022-03", "2021年", "2021-07-15", "201808",
		"91110113MA0000CT76", "智辰网络科技（北京）有限公司", "-0.005", "911100001000E00000", "2012年11月"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkAll(t, s) })
}

func TestUSCCByteIsTheAlphabet(t *testing.T) {
	for c := 0; c < 256; c++ {
		if got, want := usccByte(byte(c)), strings.IndexByte(USCCAlphabet, byte(c)) >= 0; got != want {
			t.Errorf("usccByte(%q) = %v, want %v", rune(c), got, want)
		}
	}
}
