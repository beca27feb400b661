package policy

import "strings"

// Units of policy_params.unit: what a setting's number means, so that policy_params.num (which holds
// yuan, percents, years and shares side by side) is never read in the wrong unit.
const (
	UnitYuan    = "元"
	UnitPercent = "%"     // growth_min_pct = 15 means 15%
	UnitShare   = "share" // a ratio: 0.05 means 5%
	UnitYear    = "year"  // a calendar year (2022)
	UnitYears   = "years" // a duration in years
	UnitDate    = "date"
	UnitText    = "text" // lists and clause texts
)

// Unit is the unit of the setting's value, derived from its key as the policy file names them; "" when
// the key follows no known pattern (a test keeps every embedded setting covered).
func (s Setting) Unit() string {
	k := s.Key
	last := k[strings.LastIndex(k, ".")+1:]
	switch {
	case s.Date != nil:
		return UnitDate
	case s.Num == nil:
		return UnitText
	case k == "policy_year" || k == "reference_year" || last == "start_year":
		return UnitYear
	case strings.HasSuffix(last, "_years"):
		return UnitYears
	case strings.HasSuffix(last, "_pct"):
		return UnitPercent
	case strings.HasPrefix(k, "shares."):
		return UnitShare
	case last == "amount" || last == "bonus" || last == "floor" || last == "net_min" || strings.HasSuffix(last, "_yuan"):
		return UnitYuan
	}
	return ""
}
