package policy

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Sector names a rule may list. industrial_software is the 工业软件 list (an input), not a prefix list.
const (
	SectorAdvancedManufacturing = "advanced_manufacturing"
	SectorIndustrial            = "industrial"
	SectorSoftware              = "software"
	SectorBasicSoftware         = "basic_software"
	SectorICDesign              = "ic_design"
	SectorIndustrialSoftware    = "industrial_software"
)

// Specialised levels as the loaders write them (specialised.level).
var specialisedLevels = map[string]bool{"innovative": true, "municipal": true, "national": true}

func (p *Policy) validate() error {
	var errs []string
	add := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }

	if p.PolicyYear == nil {
		add("policy_year: missing value")
	}
	if p.ReferenceYear == nil {
		add("reference_year: missing value")
	}
	if p.PolicyYear != nil && p.ReferenceYear != nil && *p.ReferenceYear >= *p.PolicyYear {
		add("reference_year: %d must be before policy_year %d", *p.ReferenceYear, *p.PolicyYear)
	}
	for _, d := range []struct {
		key string
		v   Param[time.Time]
	}{{"eval_dates.d10", p.EvalDates.D10}, {"eval_dates.d11_q1", p.EvalDates.D11Q1}, {"eval_dates.d11_annual", p.EvalDates.D11Annual}} {
		if d.v.Value == nil {
			add("%s: missing value", d.key)
		}
	}
	for _, s := range p.sectorParams() {
		if s.p.Value == nil || len(*s.p.Value) == 0 {
			add("sectors.%s: missing value", s.name)
			continue
		}
		if _, err := expandPrefixes(*s.p.Value); err != nil {
			add("sectors.%s: %v", s.name, err)
		}
	}
	if p.Specialised.Levels.Value == nil || len(*p.Specialised.Levels.Value) == 0 {
		add("specialised.levels: missing value")
	} else {
		for _, l := range *p.Specialised.Levels.Value {
			if !specialisedLevels[l] {
				add("specialised.levels: unknown level %q (want innovative, municipal or national)", l)
			}
		}
	}
	if v := p.Specialised.ValidityYears.Value; v == nil {
		add("specialised.validity_years: missing value")
	} else if *v <= 0 {
		add("specialised.validity_years: must be positive, got %d", *v)
	}
	checkMoney(add, "specialised.bonus", p.Specialised.Bonus, true)
	for _, s := range []struct {
		key string
		v   Param[Dec]
	}{{"shares.near_miss", p.Shares.NearMiss}, {"shares.affiliate", p.Shares.Affiliate}} {
		if s.v.Value == nil {
			add("%s: missing value", s.key)
		} else if s.v.Value.IsNegative() || s.v.Value.GreaterThan(decimal.NewFromInt(1)) {
			add("%s: must be between 0 and 1, got %s", s.key, s.v.Value.String())
		}
	}
	for _, c := range []struct{ key, v string }{
		{"register", p.Clauses.Register}, {"other_funds", p.Clauses.OtherFunds}, {"one_project", p.Clauses.OneProject},
		{"stacking", p.Clauses.Stacking}, {"affiliates", p.Clauses.Affiliates}, {"specialised", p.Clauses.Specialised},
		{"one_time", p.Clauses.OneTime}, {"restricted", p.Clauses.Restricted},
	} {
		if strings.TrimSpace(c.v) == "" {
			add("clauses.%s: missing value", c.key)
		}
	}

	for _, r := range p.d10Rules() {
		k := r.key
		checkRuleText(add, k, r.r.NameZh, r.r.Clause, r.r.Sectors)
		checkMoney(add, k+".amount", r.r.Amount, false)
		if r.r.SpecialisedBonus == nil {
			add("%s.specialised_bonus: missing value", k)
		}
		if r.id == "D10-3" || r.id == "D10-4" {
			if r.r.Floor == nil {
				add("%s.floor: missing value", k)
			} else {
				checkMoney(add, k+".floor", *r.r.Floor, false)
			}
		} else if r.r.Floor != nil {
			add("%s.floor: not used by %s", k, r.id)
		}
		if r.id == "D10-2" {
			if r.r.StartYear == nil || r.r.StartYear.Value == nil {
				add("%s.start_year: missing value", k)
			}
		} else if r.r.StartYear != nil {
			add("%s.start_year: not used by %s", k, r.id)
		}
		if r.id == "D10-3" {
			checkHistoryYears(add, k+".history_years", r.r.HistoryYears, p.ReferenceYear)
		} else if r.r.HistoryYears != nil {
			add("%s.history_years: not used by %s", k, r.id)
		}
	}
	used := map[string]string{}
	for _, r := range p.d11Rules() {
		k := r.key
		checkRuleText(add, k, r.r.NameZh, r.r.Clause, r.r.Sectors)
		checkMoney(add, k+".net_min", r.r.NetMin, false)
		if r.r.GrowthMinPct.Value == nil {
			add("%s.growth_min_pct: missing value", k)
		} else if !r.r.GrowthMinPct.Value.IsPositive() {
			add("%s.growth_min_pct: must be positive", k)
		}
		if r.r.HeadcountNotBelow == nil {
			add("%s.headcount_not_below: missing value", k)
		}
		if r.r.Tiers == "" {
			add("%s.tiers: missing value", k)
			continue
		}
		if _, ok := p.Tiers[r.r.Tiers]; !ok {
			add("%s.tiers: no tier table %q", k, r.r.Tiers)
			continue
		}
		if other, dup := used[r.r.Tiers]; dup {
			add("%s.tiers: table %q is already used by %s", k, r.r.Tiers, other)
			continue
		}
		used[r.r.Tiers] = k
		if r.r.NetMin.Value != nil && r.r.GrowthMinPct.Value != nil {
			for _, e := range checkTierTable("tiers."+r.r.Tiers, p.Tiers[r.r.Tiers], r.r.NetMin.Value.Decimal, r.r.GrowthMinPct.Value.Decimal) {
				add("%s", e)
			}
		}
	}
	names := map[string]string{}
	tables := make([]string, 0, len(p.Tiers))
	for t := range p.Tiers {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	for _, t := range tables {
		if _, ok := used[t]; !ok {
			add("tiers.%s: not used by any rule", t)
		}
		for i, tr := range p.Tiers[t] {
			if tr.Tier == "" {
				add("tiers.%s[%d].tier: missing value", t, i)
				continue
			}
			if prev, dup := names[tr.Tier]; dup {
				add("tiers.%s[%d].tier: %q already used in tiers.%s", t, i, tr.Tier, prev)
			}
			names[tr.Tier] = t
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

// checkHistoryYears checks D10-3's history years: at least one (an empty list would confirm "first"
// without looking, which could pay), each before the reference year, none twice.
func checkHistoryYears(add func(string, ...any), key string, v *Param[[]int64], ref *int64) {
	if v == nil || v.Value == nil || len(*v.Value) == 0 {
		add("%s: missing value", key)
		return
	}
	seen := map[int64]bool{}
	for _, y := range *v.Value {
		if ref != nil && y >= *ref {
			add("%s: %d is not before reference_year %d", key, y, *ref)
		}
		if y < 1900 {
			add("%s: %d is not a year", key, y)
		}
		if seen[y] {
			add("%s: %d is listed twice", key, y)
		}
		seen[y] = true
	}
}

func checkRuleText(add func(string, ...any), k, name, clause string, sectors []string) {
	if strings.TrimSpace(name) == "" {
		add("%s.name_zh: missing value", k)
	}
	if strings.TrimSpace(clause) == "" {
		add("%s.clause: missing value", k)
	}
	if len(sectors) == 0 {
		add("%s.sectors: missing value", k)
	}
	for _, s := range sectors {
		switch s {
		case SectorAdvancedManufacturing, SectorIndustrial, SectorSoftware, SectorBasicSoftware, SectorICDesign, SectorIndustrialSoftware:
		default:
			add("%s.sectors: unknown sector %q", k, s)
		}
	}
}

func checkMoney(add func(string, ...any), key string, v Param[Dec], zeroOK bool) {
	switch {
	case v.Value == nil:
		add("%s: missing value", key)
	case v.Value.IsNegative() || (!zeroOK && v.Value.IsZero()):
		add("%s: must be positive, got %s", key, v.Value.String())
	}
}

// checkTierTable checks that the bands match every (net, growth) point at or above the floors exactly
// once. Bands are half-open rectangles, so it is enough to test the lower corner of every cell of the
// grid that all band edges (and the floors) cut the plane into.
func checkTierTable(key string, tiers []Tier, netFloor, growthFloor decimal.Decimal) []string {
	var errs []string
	if len(tiers) == 0 {
		return []string{key + ": missing value"}
	}
	nets := []decimal.Decimal{netFloor}
	growths := []decimal.Decimal{growthFloor}
	ok := true
	for i, t := range tiers {
		k := fmt.Sprintf("%s[%d] (%s)", key, i, t.Tier)
		for _, f := range []struct {
			name string
			v    *Dec
		}{{"net_lo_yuan", t.NetLoYuan}, {"growth_lo_pct", t.GrowthLoPct}, {"amount_yuan", t.AmountYuan}} {
			if f.v == nil {
				errs = append(errs, fmt.Sprintf("%s.%s: missing value", k, f.name))
				ok = false
			}
		}
		if !ok {
			continue
		}
		if !t.AmountYuan.IsPositive() {
			errs = append(errs, fmt.Sprintf("%s.amount_yuan: must be positive", k))
		}
		if t.NetHiYuan != nil && !t.NetHiYuan.GreaterThan(t.NetLoYuan.Decimal) {
			errs = append(errs, fmt.Sprintf("%s.net_hi_yuan: must be above net_lo_yuan", k))
			ok = false
		}
		if t.GrowthHiPct != nil && !t.GrowthHiPct.GreaterThan(t.GrowthLoPct.Decimal) {
			errs = append(errs, fmt.Sprintf("%s.growth_hi_pct: must be above growth_lo_pct", k))
			ok = false
		}
		if t.NetLoYuan.LessThan(netFloor) {
			errs = append(errs, fmt.Sprintf("%s.net_lo_yuan: %s is below the rule's floor %s (overlap outside the rule)", k, t.NetLoYuan.String(), netFloor.String()))
			ok = false
		}
		if t.GrowthLoPct.LessThan(growthFloor) {
			errs = append(errs, fmt.Sprintf("%s.growth_lo_pct: %s is below the rule's floor %s (overlap outside the rule)", k, t.GrowthLoPct.String(), growthFloor.String()))
			ok = false
		}
		nets = append(nets, t.NetLoYuan.Decimal)
		growths = append(growths, t.GrowthLoPct.Decimal)
		if t.NetHiYuan != nil {
			nets = append(nets, t.NetHiYuan.Decimal)
		}
		if t.GrowthHiPct != nil {
			growths = append(growths, t.GrowthHiPct.Decimal)
		}
	}
	if !ok {
		return errs
	}
	nets, growths = uniqueSorted(nets), uniqueSorted(growths)
	reported := map[string]bool{}
	for _, n := range nets {
		for _, g := range growths {
			var hit []string
			for _, t := range tiers {
				if t.contains(n, g) {
					hit = append(hit, t.Tier)
				}
			}
			switch {
			case len(hit) == 0:
				msg := fmt.Sprintf("%s: gap: no tier matches net %s yuan, growth %s%%", key, n.String(), g.String())
				if !reported[msg] {
					errs = append(errs, msg)
					reported[msg] = true
				}
			case len(hit) > 1:
				msg := fmt.Sprintf("%s: overlap: tiers %s all match net %s yuan, growth %s%%", key, strings.Join(hit, ", "), n.String(), g.String())
				pair := key + strings.Join(hit, ",")
				if !reported[pair] {
					errs = append(errs, msg)
					reported[pair] = true
				}
			}
		}
	}
	return errs
}

func (t Tier) contains(net, growth decimal.Decimal) bool {
	if net.LessThan(t.NetLoYuan.Decimal) || (t.NetHiYuan != nil && !net.LessThan(t.NetHiYuan.Decimal)) {
		return false
	}
	if growth.LessThan(t.GrowthLoPct.Decimal) || (t.GrowthHiPct != nil && !growth.LessThan(t.GrowthHiPct.Decimal)) {
		return false
	}
	return true
}

func uniqueSorted(v []decimal.Decimal) []decimal.Decimal {
	sort.Slice(v, func(i, j int) bool { return v[i].LessThan(v[j]) })
	out := v[:0]
	for i, d := range v {
		if i == 0 || !d.Equal(out[len(out)-1]) {
			out = append(out, d)
		}
	}
	return out
}

// expandPrefixes turns ["26", "34-40"] into ["26", "34", "35", …, "40"]. Prefixes are 2 to 4 digits.
func expandPrefixes(entries []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, e := range entries {
		e = strings.TrimSpace(e)
		lo, hi, isRange := strings.Cut(e, "-")
		if !isRange {
			hi = lo
		}
		if len(lo) < 2 || len(lo) > 4 || len(lo) != len(hi) || !allDigits(lo) || !allDigits(hi) {
			return nil, fmt.Errorf("bad prefix %q (want 2 to 4 digits, or a range like 34-40)", e)
		}
		a, _ := strconv.Atoi(lo)
		b, _ := strconv.Atoi(hi)
		if b < a {
			return nil, fmt.Errorf("bad range %q", e)
		}
		for n := a; n <= b; n++ {
			s := fmt.Sprintf("%0*d", len(lo), n)
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
