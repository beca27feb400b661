package policy

import "testing"

// Every setting of the embedded policy says its unit, and the units are the ones its keys mean.
func TestEverySettingHasAUnit(t *testing.T) {
	p, err := Embedded(2022)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"policy_year": UnitYear, "reference_year": UnitYear, "d10_2.start_year": UnitYear,
		"specialised.validity_years": UnitYears, "specialised.bonus": UnitYuan, "d10_1.amount": UnitYuan,
		"d10_3.floor": UnitYuan, "d11_1.net_min": UnitYuan, "d11_1.growth_min_pct": UnitPercent,
		"shares.near_miss": UnitShare, "eval_dates.d10": UnitDate, "sectors.industrial": UnitText,
		"clauses.stacking": UnitText,
	}
	seen := map[string]bool{}
	for _, s := range p.Settings() {
		u := s.Unit()
		if u == "" {
			t.Errorf("setting %s (value %s) has no unit: teach Setting.Unit its key", s.Key, s.Value)
		}
		if w, ok := want[s.Key]; ok {
			seen[s.Key] = true
			if u != w {
				t.Errorf("setting %s: unit %q, want %q", s.Key, u, w)
			}
		}
	}
	for k := range want {
		if !seen[k] {
			t.Errorf("setting %s not in the embedded policy", k)
		}
	}
}
