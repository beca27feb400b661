package parse

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Byte-level fast paths for the cell shapes that make up nearly every row of a national batch (ASCII
// credit codes, plain decimals, 2022年 / 2022年1-12月 / 2022Q1 / 2022-03 periods, 4-digit years, ISO
// dates). Each claims only inputs whose result it can give exactly (ok true) and leaves every other input,
// errors included, to the general parser; fast_test.go checks each against its general parser.

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digits2 reads one or two ASCII digits at s[i:], returning the value and the index after them.
func digits2(s string, i int) (v, next int, ok bool) {
	if i >= len(s) || !isDigit(s[i]) {
		return 0, i, false
	}
	v, i = int(s[i]-'0'), i+1
	if i < len(s) && isDigit(s[i]) {
		v, i = v*10+int(s[i]-'0'), i+1
	}
	return v, i, true
}

// year4 reads four ASCII digits at the start of s as a year within [minYear, maxYear].
func year4(s string) (int, bool) {
	if len(s) < 4 || !isDigit(s[0]) || !isDigit(s[1]) || !isDigit(s[2]) || !isDigit(s[3]) {
		return 0, false
	}
	y := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	return y, minYear <= y && y <= maxYear
}

const nian = "年"
const yue = "月"

// fastPeriod reads 2022, 2022年, 2022年M月, 2022年1-M月, 2022Q1 and 2022-MM.
func fastPeriod(s string) (year, endMonth int, ok bool) {
	y, ok := year4(s)
	if !ok {
		return 0, 0, false
	}
	rest := s[4:]
	switch {
	case rest == "" || rest == nian:
		return y, 12, true
	case rest == "Q1":
		return y, 3, true
	case len(rest) == 3 && rest[0] == '-' && isDigit(rest[1]) && isDigit(rest[2]):
		m := int(rest[1]-'0')*10 + int(rest[2]-'0')
		return y, m, 1 <= m && m <= 12
	}
	rest, ok = strings.CutPrefix(rest, nian)
	if !ok {
		return 0, 0, false
	}
	rest, ok = strings.CutSuffix(rest, yue)
	if !ok {
		return 0, 0, false
	}
	from, i, ok := digits2(rest, 0)
	if !ok {
		return 0, 0, false
	}
	if i == len(rest) { // 2022年M月
		return y, from, 1 <= from && from <= 12
	}
	if rest[i] != '-' || from != 1 {
		return 0, 0, false
	}
	to, j, ok := digits2(rest, i+1)
	if !ok || j != len(rest) {
		return 0, 0, false
	}
	return y, to, 1 <= to && to <= 12
}

// fastYear reads 2021 and 2021年.
func fastYear(s string) (int, bool) {
	if len(s) != 4 && (len(s) != 4+len(nian) || s[4:] != nian) {
		return 0, false
	}
	return year4(s)
}

// fastYearMonth reads 2021-7, 2021-07, 202107 and 2021年7月 (also 2021年07月).
func fastYearMonth(s string) (year, month int, ok bool) {
	y, ok := year4(s)
	if !ok {
		return 0, 0, false
	}
	rest := s[4:]
	switch {
	case len(rest) == 2 && isDigit(rest[0]) && isDigit(rest[1]):
		month = int(rest[0]-'0')*10 + int(rest[1]-'0')
	case len(rest) >= 2 && rest[0] == '-':
		m, i, ok := digits2(rest, 1)
		if !ok || i != len(rest) {
			return 0, 0, false
		}
		month = m
	default:
		rest, ok = strings.CutPrefix(rest, nian)
		if !ok {
			return 0, 0, false
		}
		rest, ok = strings.CutSuffix(rest, yue)
		if !ok {
			return 0, 0, false
		}
		m, i, ok := digits2(rest, 0)
		if !ok || i != len(rest) {
			return 0, 0, false
		}
		month = m
	}
	return y, month, 1 <= month && month <= 12
}

// fastDate reads YYYY-MM-DD.
func fastDate(s string) (time.Time, bool) {
	y, ok := year4(s)
	if !ok || len(s) != 10 || s[4] != '-' || s[7] != '-' ||
		!isDigit(s[5]) || !isDigit(s[6]) || !isDigit(s[8]) || !isDigit(s[9]) {
		return time.Time{}, false
	}
	m := int(s[5]-'0')*10 + int(s[6]-'0')
	d := int(s[8]-'0')*10 + int(s[9]-'0')
	if !validDate(y, m, d) {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

// usccByte reports whether c is in [USCCAlphabet].
func usccByte(c byte) bool {
	switch {
	case isDigit(c):
		return true
	case c < 'A' || c > 'Y':
		return false
	}
	return c != 'I' && c != 'O' && c != 'S' && c != 'V'
}

// fastCreditCode claims an 18-character code already in canonical form (no space, upper case, the GB
// 32100 alphabet) that cannot be read as scientific notation (digits around one E).
func fastCreditCode(s string) bool {
	if len(s) != 18 {
		return false
	}
	letters, es := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !usccByte(c) {
			return false
		}
		if !isDigit(c) {
			letters++
			if c == 'E' {
				es++
			}
		}
	}
	return !(letters == 1 && es == 1)
}

// plainNumber splits a plain ASCII decimal — an optional minus, an integer part ungrouped or grouped by
// commas in threes, an optional fraction, at least one digit, nothing else — into its digits.
func plainNumber(s string) (neg bool, whole, frac string, ok bool) {
	if s != "" && s[0] == '-' {
		neg, s = true, s[1:]
	}
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	whole = s[:i]
	if i < len(s) && s[i] == ',' { // grouped: 1 to 3 digits, then groups of exactly three
		if i == 0 || i > 3 {
			return false, "", "", false
		}
		var b strings.Builder
		b.WriteString(s[:i])
		for i < len(s) && s[i] == ',' {
			if i+4 > len(s) || !isDigit(s[i+1]) || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
				return false, "", "", false
			}
			b.WriteString(s[i+1 : i+4])
			i += 4
		}
		if i < len(s) && isDigit(s[i]) {
			return false, "", "", false
		}
		whole = b.String()
	}
	if i < len(s) {
		if s[i] != '.' {
			return false, "", "", false
		}
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j != len(s) {
			return false, "", "", false
		}
		frac = s[i+1:]
	}
	return neg, whole, frac, whole != "" || frac != ""
}

// FastFixed returns Number(s) × 10^shift with two decimals rounded half away from zero, exactly as
// d.Mul(10^shift).StringFixed(2) of shopspring/decimal gives it, when s is a plain decimal (see
// plainNumber; surrounding ASCII spaces allowed). ok is false for any other input: the caller then uses
// [Number].
func FastFixed(s string, shift int) (string, bool) {
	if shift < 0 || shift > 18 || !isASCII(s) {
		return "", false
	}
	neg, whole, frac, ok := plainNumber(strings.TrimSpace(s))
	if !ok {
		return "", false
	}
	// digits holds the scaled number with exactly three decimals (the third only for rounding).
	var buf [64]byte
	digits := buf[:0]
	if len(whole)+shift+4 > len(buf) {
		return "", false
	}
	digits = append(digits, '0') // room for a carry, and the integer digit of 0.xx
	digits = append(digits, whole...)
	for k := 0; k < shift+3; k++ {
		if k < len(frac) {
			digits = append(digits, frac[k])
		} else {
			digits = append(digits, '0')
		}
	}
	roundUp := digits[len(digits)-1] >= '5'
	digits = digits[:len(digits)-1]
	if roundUp {
		i := len(digits) - 1
		for ; digits[i] == '9'; i-- { // stops at the leading 0 at the latest
			digits[i] = '0'
		}
		digits[i]++
	}
	// Leading zeros go, keeping one before the decimal point.
	lead := 0
	for lead < len(digits)-3 && digits[lead] == '0' {
		lead++
	}
	digits = digits[lead:]
	zero := true
	for _, c := range digits {
		if c != '0' {
			zero = false
			break
		}
	}
	var out [72]byte
	o := out[:0]
	if neg && !zero {
		o = append(o, '-')
	}
	o = append(o, digits[:len(digits)-2]...)
	o = append(o, '.')
	o = append(o, digits[len(digits)-2:]...)
	return string(o), true
}

// FastInteger returns the decimal text of a whole, non-negative plain number (digits, optionally grouped
// by commas in threes; surrounding ASCII spaces allowed) as Number(s) then d.String() gives it. ok is
// false for any other input.
func FastInteger(s string) (string, bool) {
	if !isASCII(s) {
		return "", false
	}
	neg, whole, _, ok := plainNumber(strings.TrimSpace(s))
	if !ok || neg || whole == "" || strings.IndexByte(s, '.') >= 0 {
		return "", false
	}
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		return "0", true
	}
	return whole, true
}

// foldRune is what [Fold]'s fast path does with one non-ASCII rune: a full-width ASCII variant becomes its
// ASCII character, a rune width.Fold and the space mapping leave alone stays (keep), and any other rune
// sends the text to the general path (ok false).
func foldRune(r rune) (folded rune, ok bool) {
	switch {
	case 0xFF01 <= r && r <= 0xFF5E:
		return r - 0xFEE0, true
	case 0x4E00 <= r && r <= 0x9FFF, 0x3001 <= r && r <= 0x303F, 0x2010 <= r && r <= 0x2027:
		return r, true
	}
	return 0, false
}

// fastFold folds a text of ASCII, CJK ideographs, CJK punctuation and full-width ASCII variants; ok is
// false when it holds anything else.
func fastFold(s string) (string, bool) {
	changed := false
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		// A CJK ideograph of U+4E00–U+9FFF (most of a name), read from its three bytes: E4 B8–BF or E5–E9,
		// then two continuation bytes. It folds to itself.
		if c := s[i]; c >= 0xE4 && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 &&
			(c != 0xE4 || s[i+1] >= 0xB8) {
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		f, ok := foldRune(r)
		if !ok {
			return "", false
		}
		changed = changed || f != r
		i += n
	}
	if !changed {
		return strings.TrimSpace(s), true
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			b = append(b, byte(r))
			continue
		}
		f, _ := foldRune(r)
		b = utf8.AppendRune(b, f)
	}
	return strings.TrimSpace(string(b)), true
}
