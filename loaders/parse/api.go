// Package parse turns the cell texts of bureau extracts into canonical values: numbers, money units,
// periods, dates, identifiers, districts. It is pure (no I/O, no package-level mutable state) and fuzzed.
//
// Every function folds its input first ([Fold]). An empty cell is never silently accepted as a value:
// [Number] reports it as ok=false (a missing figure), [LegalPerson] as true (inputs.md: empty means 是),
// and every other parser returns an error wrapping [ErrMissing].
//
// Errors wrap exactly one of the sentinels below (errors.Is); [Reason] gives the quarantine reason text.
// An identifier in scientific notation wraps both [ErrScientific] and [ErrBadCode].
package parse

import (
	"errors"
	"fmt"
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

// sentinels lists the errors [Reason] recognises. ErrScientific comes before ErrBadCode only for
// completeness: both carry the reason "bad_code".
var sentinels = [...]error{
	ErrMissing, ErrBadNumber, ErrBadPeriod, ErrBadDate, ErrScientific, ErrBadCode, ErrBadIndustry,
	ErrUnknownDist, ErrBadLegal, ErrBadLevel, ErrBadDirection, ErrBadScope, ErrBadControlTyp,
}

// Reason returns the quarantine reason of an error returned by this package ("bad_number", "bad_code",
// "missing_value", …), or "" when err is nil or none of the sentinels.
func Reason(err error) string {
	if err == nil {
		return ""
	}
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return s.Error()
		}
	}
	return ""
}

// missing is the error for an empty required cell; what names the value for the message.
func missing(what string) error {
	return fmt.Errorf("%w: empty %s", ErrMissing, what)
}
