package parse

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
)

// missingMarkers are the cell texts statisticians write for "no figure" (after [Fold], which turns － into
// - and … stays …). ― (U+2015) is how some GBK decoders render the em dash. "/" is the forms' "not applicable" mark. Anything else that is not a number is an error.
var missingMarkers = map[string]bool{
	"": true, "-": true, "--": true, "—": true, "——": true, "―": true, "――": true, "–": true, "−": true,
	"…": true, "……": true, "...": true, "/": true,
}

// numberRE is a plain decimal: optional sign, an integer part either grouped by commas in threes or not
// grouped at all, an optional fraction, an optional exponent (Excel writes large cells as 1.2345E+08).
// A comma anywhere else ("1,5", "12,34") is refused: it may be a decimal comma, and reading it as a
// thousands separator would multiply the figure.
var numberRE = regexp.MustCompile(`^[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.[0-9]*)?(?:[eE][+-]?[0-9]{1,3})?$`)

// maxExponent bounds a scientific-notation exponent: no figure in these forms comes near 10^30 元, and an
// unbounded exponent would let one cell expand into a gigabyte of digits.
const maxExponent = 30

// Number parses a figure: thousands separators, full-width digits, (negative) parentheses. Missing
// markers ("", —, -, …, －) give ok=false and no error. Anything else unusable gives ErrBadNumber.
//
// Accepted forms: 1234, 1,234.50, １２３, -5, −5, +5, (5) and （5） (negative), 1.2345E+08, .5.
// Refused: an empty pair of parentheses, a sign inside parentheses, inner spaces, currency symbols,
// misplaced commas, an exponent beyond ±30, and a percentage (15%, １５％): no column the loaders read
// holds a ratio, so a percent sign in a money or headcount cell means the cell is not the figure
// (inputs.md "Fail closed"); reading 15% as 15 once turned a 400万 tier into 3,400万.
func Number(s string) (d decimal.Decimal, ok bool, err error) {
	t := Fold(s)
	if missingMarkers[t] {
		return decimal.Decimal{}, false, nil
	}
	if strings.Contains(t, "%") { // Fold has turned ％ into %
		return decimal.Decimal{}, false, fmt.Errorf("%w: %q is a percentage, not a figure", ErrBadNumber, s)
	}
	body := t
	negative := false
	if inner, found := strings.CutPrefix(body, "("); found {
		inner, found = strings.CutSuffix(inner, ")")
		if !found {
			return decimal.Decimal{}, false, badNumber(s)
		}
		if inner == "" || inner[0] == '+' || inner[0] == '-' {
			return decimal.Decimal{}, false, badNumber(s)
		}
		body, negative = inner, true
	}
	// U+2212 MINUS SIGN is what some exports write for a negative figure.
	if rest, found := strings.CutPrefix(body, "−"); found && !negative {
		body, negative = rest, true
	}
	if !numberRE.MatchString(body) || !strings.ContainsAny(mantissa(body), "0123456789") {
		return decimal.Decimal{}, false, badNumber(s)
	}
	if e := strings.IndexAny(body, "eE"); e >= 0 {
		var exp int
		if _, err := fmt.Sscanf(strings.TrimPrefix(body[e+1:], "+"), "%d", &exp); err != nil ||
			exp > maxExponent || exp < -maxExponent {
			return decimal.Decimal{}, false, badNumber(s)
		}
	}
	d, err = decimal.NewFromString(strings.ReplaceAll(body, ",", ""))
	if err != nil {
		return decimal.Decimal{}, false, fmt.Errorf("%w: %q: %v", ErrBadNumber, s, err)
	}
	if negative {
		if d.Sign() < 0 {
			return decimal.Decimal{}, false, badNumber(s)
		}
		d = d.Neg()
	}
	return d, true, nil
}

// mantissa is the part of a number before its exponent.
func mantissa(s string) string {
	if e := strings.IndexAny(s, "eE"); e >= 0 {
		return s[:e]
	}
	return s
}

func badNumber(s string) error {
	return fmt.Errorf("%w: %q is not a number", ErrBadNumber, s)
}
