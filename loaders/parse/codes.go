package parse

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// USCCAlphabet is the GB 32100-2015 character set: digits and upper-case letters without I, O, S, V, Z,
// in the order that gives each its value for the check character (package loaders computes it).
const USCCAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// CreditCodeShapeOK reports whether s is 18 characters of the GB 32100 alphabet, the shape
// [CreditCode] guarantees for its results.
func CreditCodeShapeOK(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !usccByte(s[i]) {
			return false
		}
	}
	return true
}

// scientificRE is a number as Excel displays a long digit string it has turned into a float
// (9.11101E+17, 9.111E17): the trailing digits are gone for good.
var scientificRE = regexp.MustCompile(`^[0-9]+(?:\.[0-9]*)?E[+-]?[0-9]+$`)

// scientificError is an identifier that arrived in scientific notation. It is both [ErrScientific]
// (why) and [ErrBadCode] (the quarantine reason).
type scientificError struct{ raw string }

func (e *scientificError) Error() string {
	return fmt.Sprintf("bad_code: %q is in scientific notation (Excel stored the code as a number and lost digits)", e.raw)
}

func (e *scientificError) Is(target error) bool {
	return target == ErrScientific || target == ErrBadCode
}

// CreditCode normalises a 统一社会信用代码 (trim, fold full width, upper-case, remove inner spaces) and
// checks it is 18 characters of the GB 32100 alphabet; a value in scientific notation (9.11E+17) is
// ErrScientific, any other bad shape ErrBadCode. The check digit is not checked here.
//
// Only white space is removed: a hyphen or other punctuation inside a code is not something exports
// produce, so such a value is refused rather than repaired. An empty cell is ErrMissing.
func CreditCode(s string) (string, error) {
	if fastCreditCode(s) {
		return s, nil
	}
	return creditCodeGeneral(s)
}

// creditCodeGeneral is [CreditCode] for any text.
func creditCodeGeneral(s string) (string, error) {
	t := strings.ToUpper(compact(s))
	if t == "" {
		return "", missing("credit code")
	}
	if scientificRE.MatchString(t) {
		return "", &scientificError{raw: s}
	}
	if !CreditCodeShapeOK(t) {
		return "", fmt.Errorf("%w: %q is not 18 characters of 0-9A-HJ-NPQRTUWXY", ErrBadCode, s)
	}
	return t, nil
}

// IndustryCode normalises a 4-digit GB/T 4754 code, restoring leading zeros lost by Excel (610 → 0610,
// "610.0" → 0610); a 2- or 3-digit prefix is accepted only when prefixOK (禁限目录 rows).
//
// Without prefixOK the code must be 4 digits, or 3 digits that lost the zero of a division 01–09.
// With prefixOK (a catalogue prefix of 2, 3 or 4 digits) a lost zero cannot always be told apart from a
// shorter prefix: a 1-digit value is a division that lost its zero (6 → 06), but a 3-digit value is kept
// as a 3-digit group prefix (610 stays 610, not 0610) and a 2-digit value as a division (61 stays 61, not
// 061). Catalogue files should therefore keep the column as text; the loader cannot do better.
// The division (first two digits) must be 01–97, the range of GB/T 4754-2017. Letters (the section
// letters A–T), signs, or more than 4 digits are ErrBadIndustry; an empty cell is ErrMissing.
func IndustryCode(s string, prefixOK bool) (string, error) {
	t := compact(s)
	if t == "" {
		return "", missing("industry code")
	}
	// An Excel number cell may come as "610.0" or "610.00"; any other fraction is not a code.
	if i := strings.IndexByte(t, '.'); i >= 0 && strings.Trim(t[i+1:], "0") == "" {
		t = t[:i]
	}
	if t == "" || !isDigits(t) {
		return "", fmt.Errorf("%w: %q is not a number of digits", ErrBadIndustry, s)
	}
	switch {
	case len(t) == 4:
	case len(t) == 3 && !prefixOK:
		t = "0" + t
	case len(t) == 1 && prefixOK:
		t = "0" + t
	case (len(t) == 2 || len(t) == 3) && prefixOK:
	default:
		return "", fmt.Errorf("%w: %q has %d digits", ErrBadIndustry, s, len(t))
	}
	if div := t[:2]; div < "01" || div > "97" {
		return "", fmt.Errorf("%w: %q: no GB/T 4754 division %s", ErrBadIndustry, s, div)
	}
	return t, nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII || r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
