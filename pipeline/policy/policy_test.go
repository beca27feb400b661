package policy

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func mustEmbedded(t *testing.T) []byte {
	t.Helper()
	b, err := EmbeddedTOML(2022)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPolicyValidationNamesTheKey edits the embedded 2022 file one mistake at a time; each edit must be
// refused with an error that names the key a person has to fix.
func TestPolicyValidationNamesTheKey(t *testing.T) {
	base := string(mustEmbedded(t))
	cases := []struct {
		name     string
		old, new string
		wantKey  string
	}{
		{"unknown top-level key", "policy_year = 2022", "policy_year = 2022\npolicy_yaer = 2022", "policy_yaer"},
		{"unknown key inside a rule", "specialised_bonus = true\nfloor = { value = 100000000, source = \"指南 方向10 第二款（1亿元（含））\" }\n\n[d11_1]",
			"specialised_bonus = true\nfloor = { value = 100000000, source = \"指南 方向10 第二款（1亿元（含））\" }\nflor = 1\n\n[d11_1]", "d10_4.flor"},
		{"unknown key in a tier", "tier = \"B2\"", "tier = \"B2\"\namout_yuan = 1", "tiers.B.amout_yuan"},
		{"missing value of a threshold", "net_min = { value = 1000000000, source = \"指南 方向11（1）（净增量10亿元（含）以上）\" }", "net_min = { source = \"x\" }", "d11_1.net_min"},
		{"missing evaluation date", "d11_annual = { value = 2023-01-31, source = \"2023年1月通知（方向11全年兑付）\" }", "", "eval_dates.d11_annual"},
		{"missing clause", "clause = \"指南 方向11（2）第二款\"", "", "d11_4.clause"},
		{"amount given as text that is no number", "amount = { value = 300000,", "amount = { value = \"三十万\",", "d10_1.amount"},
		{"date given as a string", "d10        = { value = 2022-06-30,", "d10        = { value = \"2022-06-30\",", "eval_dates.d10"},
		{"bool given as a number", "headcount_not_below = true\ntiers = \"A\"", "headcount_not_below = 1\ntiers = \"A\"", "d11_1.headcount_not_below"},
		{"overlapping tiers", "tier = \"A3\"\nnet_lo_yuan = 5000000000", "tier = \"A3\"\nnet_lo_yuan = 4000000000", "tiers.A"},
		{"gap between net bands", "tier = \"B2\"\nnet_lo_yuan = 1000000000", "tier = \"B2\"\nnet_lo_yuan = 1100000000", "tiers.B"},
		{"gap above the last band", "tier = \"D3\"\nnet_lo_yuan = 5000000000\ngrowth_lo_pct = 20", "tier = \"D3\"\nnet_lo_yuan = 5000000000\nnet_hi_yuan = 9000000000\ngrowth_lo_pct = 20", "tiers.D"},
		{"gap in growth bands", "tier = \"A1\"\nnet_lo_yuan = 1000000000\nnet_hi_yuan = 5000000000\ngrowth_lo_pct = 15\ngrowth_hi_pct = 20",
			"tier = \"A1\"\nnet_lo_yuan = 1000000000\nnet_hi_yuan = 5000000000\ngrowth_lo_pct = 15\ngrowth_hi_pct = 19", "tiers.A"},
		{"band starting below the rule's floor", "tier = \"C1\"\nnet_lo_yuan = 5000000000", "tier = \"C1\"\nnet_lo_yuan = 4000000000", "tiers.C[0] (C1).net_lo_yuan"},
		{"unknown sector", "sectors = [\"software\"]\nnet_min", "sectors = [\"softwares\"]\nnet_min", "d11_3.sectors"},
		{"bad prefix range", "[\"26\", \"27\", \"34-40\"]", "[\"26\", \"27\", \"34-4\"]", "sectors.advanced_manufacturing"},
		{"unknown specialised level", "[\"municipal\", \"national\"]", "[\"municipal\", \"provincial\"]", "specialised.levels"},
		{"share above one", "near_miss = { value = \"0.05\"", "near_miss = { value = \"5\"", "shares.near_miss"},
		{"tier table no rule uses", "tiers = \"D\"", "tiers = \"C\"", "d11_4.tiers"},
		{"missing start year of D10-2", "start_year = { value = 2021, source = \"rules.md：当年度按参考年度R理解\" }", "", "d10_2.start_year"},
		{"missing history years of D10-3", "history_years = { value = [2019, 2020],", "history_years = { value = [],", "d10_3.history_years"},
		{"a history year not before R", "history_years = { value = [2019, 2020],", "history_years = { value = [2020, 2021],", "d10_3.history_years"},
		{"a history year twice", "history_years = { value = [2019, 2020],", "history_years = { value = [2019, 2019],", "d10_3.history_years"},
		{"history years on a rule that has none", "start_year = { value = 2021,", "history_years = { value = [2019] }\nstart_year = { value = 2021,", "d10_2.history_years"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(base, c.old) {
				t.Fatalf("test setup: %q not in the embedded file", c.old)
			}
			_, err := Parse([]byte(strings.Replace(base, c.old, c.new, 1)))
			if err == nil {
				t.Fatal("Parse accepted a broken policy")
			}
			if !strings.Contains(err.Error(), c.wantKey) {
				t.Errorf("error %q does not name %q", err, c.wantKey)
			}
		})
	}
}

// TestPolicyEmbedded2022MatchesRules checks the embedded file against the values of rules.md.
func TestPolicyEmbedded2022MatchesRules(t *testing.T) {
	p, err := Embedded(2022)
	if err != nil {
		t.Fatal(err)
	}
	if p.Year() != 2022 || p.RefYear() != 2021 {
		t.Errorf("years = %d/%d, want 2022/2021", p.Year(), p.RefYear())
	}
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	for group, want := range map[string]string{"d10": "2022-06-30", "d11_q1": "2022-06-30", "d11_annual": "2023-01-31"} {
		if got := p.EvalDate(group); !got.Equal(day(want)) && got.Format("2006-01-02") != want {
			t.Errorf("eval date %s = %v, want %s", group, got, want)
		}
	}
	settings := map[string]Setting{}
	for _, s := range p.Settings() {
		settings[s.Key] = s
	}
	wantNum := map[string]string{
		"d10_1.amount": "300000", "d10_2.amount": "500000", "d10_3.amount": "500000", "d10_4.amount": "500000",
		"d10_3.floor": "100000000", "d10_4.floor": "100000000", "d10_2.start_year": "2021",
		"specialised.bonus": "200000", "specialised.validity_years": "3",
		"d11_1.net_min": "1000000000", "d11_1.growth_min_pct": "15", "d11_2.net_min": "200000000", "d11_2.growth_min_pct": "15",
		"d11_3.net_min": "5000000000", "d11_3.growth_min_pct": "20", "d11_4.net_min": "1000000000", "d11_4.growth_min_pct": "20",
		"shares.near_miss": "0.05", "shares.affiliate": "0.5",
	}
	for k, want := range wantNum {
		s, ok := settings[k]
		if !ok || s.Num == nil || !s.Num.Equal(decimal.RequireFromString(want)) {
			t.Errorf("%s = %+v, want %s", k, s, want)
		}
	}
	if h := settings["d10_3.history_years"]; h.Value != "2019,2020" || !h.Assumed {
		t.Errorf("d10_3.history_years = %+v, want 2019,2020 marked assumed (rules.md: R−2 and R−1)", h)
	}
	if got := p.Rules()[2].HistoryYears; len(got) != 2 || got[0] != 2019 || got[1] != 2020 {
		t.Errorf("D10-3 history years = %v", got)
	}
	if a := p.SectorAssumed(); !a[SectorAdvancedManufacturing] || a[SectorIndustrial] || a[SectorSoftware] || a[SectorBasicSoftware] || a[SectorICDesign] {
		t.Errorf("assumed sectors = %v, want only advanced_manufacturing", a)
	}
	for _, k := range []string{"shares.near_miss", "shares.affiliate", "sectors.advanced_manufacturing"} {
		if !settings[k].Assumed {
			t.Errorf("%s must be marked assumed", k)
		}
	}
	for _, k := range []string{"d11_1.net_min", "d10_1.amount", "specialised.bonus"} {
		if settings[k].Assumed || settings[k].Source == "" {
			t.Errorf("%s: assumed=%v source=%q, want verified with a source", k, settings[k].Assumed, settings[k].Source)
		}
	}
	sec := p.SectorPrefixes()
	if got := strings.Join(sec[SectorAdvancedManufacturing], ","); got != "26,27,34,35,36,37,38,39,40" {
		t.Errorf("advanced manufacturing = %s", got)
	}
	if got := sec[SectorIndustrial]; len(got) != 41 || got[0] != "06" || got[40] != "46" {
		t.Errorf("industrial = %v", got)
	}
	if got := strings.Join(sec[SectorSoftware], ","); got != "64,65" {
		t.Errorf("software = %s", got)
	}
	wantTiers := map[string]string{
		"A1": "D11-1 [1000000000,5000000000)x[15,20)→3000000 false",
		"A2": "D11-1 [1000000000,5000000000)x[20,∞)→10000000 false",
		"A3": "D11-1 [5000000000,10000000000)x[15,20)→6000000 false",
		"A4": "D11-1 [5000000000,10000000000)x[20,∞)→20000000 true",
		"A5": "D11-1 [10000000000,∞)x[15,20)→15000000 true",
		"A6": "D11-1 [10000000000,∞)x[20,∞)→30000000 true",
		"B1": "D11-2 [200000000,1000000000)x[15,∞)→2000000 true",
		"B2": "D11-2 [1000000000,2000000000)x[15,∞)→4000000 true",
		"B3": "D11-2 [2000000000,∞)x[15,∞)→6000000 true",
		"C1": "D11-3 [5000000000,10000000000)x[20,∞)→10000000 true",
		"C2": "D11-3 [10000000000,20000000000)x[20,∞)→20000000 true",
		"C3": "D11-3 [20000000000,∞)x[20,∞)→30000000 true",
		"D1": "D11-4 [1000000000,2000000000)x[20,∞)→2000000 true",
		"D2": "D11-4 [2000000000,5000000000)x[20,∞)→4000000 true",
		"D3": "D11-4 [5000000000,∞)x[20,∞)→6000000 true",
	}
	rows := p.TierRows()
	if len(rows) != len(wantTiers) {
		t.Errorf("%d tiers, want %d", len(rows), len(wantTiers))
	}
	for _, r := range rows {
		got := r.RuleID + " " + r.Band() + " " + map[bool]string{true: "true", false: "false"}[r.Assumed]
		if got != wantTiers[r.Tier] {
			t.Errorf("tier %s = %s, want %s", r.Tier, got, wantTiers[r.Tier])
		}
	}
	rules := p.Rules()
	if len(rules) != 8 || rules[0].ID != "D10-1" || rules[7].ID != "D11-4" {
		t.Fatalf("rules = %+v", rules)
	}
	for _, r := range rules {
		if r.Clause == "" {
			t.Errorf("%s has no clause", r.ID)
		}
	}
	if len(p.SHA256()) != 64 {
		t.Errorf("SHA256 = %q", p.SHA256())
	}
}

func TestPolicyLoadFileNamesThePath(t *testing.T) {
	_, err := LoadFile("/nonexistent/policy.toml")
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/policy.toml") {
		t.Errorf("err = %v", err)
	}
	if _, err := Embedded(1999); err == nil {
		t.Error("Embedded(1999) should fail: no such policy")
	}
}
