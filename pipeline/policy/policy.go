// Package policy holds the policy of one year as data: every threshold, amount, date, sector list and tier
// table that directions 10 and 11 use, each with its source and whether it is verified or assumed. The
// policy of each year is a TOML file embedded in the binary; the bureau may run an edited copy instead.
// Parsing is strict: an unknown key, a missing value, a value of the wrong type or a tier table whose
// bands overlap or leave a gap is an error naming the key, so a typo never silently changes an award.
package policy

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/shopspring/decimal"
)

//go:embed *.toml
var embedded embed.FS

// Param is one policy value with where it comes from. Assumed marks a value the public texts do not give
// (rules.md marks them); every award resting on an assumed tier says so on the roster.
type Param[T any] struct {
	Value   *T     `toml:"value"`
	Source  string `toml:"source"`
	Assumed bool   `toml:"assumed"`
}

// Dec is an exact decimal read from a TOML integer, string ("0.05") or float (taken at its shortest
// decimal spelling, so 0.05 is exactly 0.05).
type Dec struct{ decimal.Decimal }

// UnmarshalTOML implements toml.Unmarshaler.
func (d *Dec) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case int64:
		d.Decimal = decimal.NewFromInt(x)
		return nil
	case float64:
		s := strconv.FormatFloat(x, 'f', -1, 64)
		v, err := decimal.NewFromString(s)
		if err != nil {
			return fmt.Errorf("not a decimal number: %v", x)
		}
		d.Decimal = v
		return nil
	case string:
		v, err := decimal.NewFromString(strings.TrimSpace(x))
		if err != nil {
			return fmt.Errorf("not a decimal number: %q", x)
		}
		d.Decimal = v
		return nil
	default:
		return fmt.Errorf("incompatible types: want a number, got %T", v)
	}
}

// EvalDates are the as-of dates of the rule groups (the date lists with dates, e.g. 失信, are read on).
type EvalDates struct {
	D10       Param[time.Time] `toml:"d10"`
	D11Q1     Param[time.Time] `toml:"d11_q1"`
	D11Annual Param[time.Time] `toml:"d11_annual"`
}

// Sectors are GB/T 4754-2017 industry-code prefix lists. An entry "34-40" stands for every prefix of
// that length from 34 to 40.
type Sectors struct {
	AdvancedManufacturing Param[[]string] `toml:"advanced_manufacturing"`
	Industrial            Param[[]string] `toml:"industrial"`
	Software              Param[[]string] `toml:"software"`
	BasicSoftware         Param[[]string] `toml:"basic_software"`
	ICDesign              Param[[]string] `toml:"ic_design"`
}

// Specialised is 专精特新: the levels that count, the default validity and the direction-10 bonus.
type Specialised struct {
	Levels        Param[[]string] `toml:"levels"`
	ValidityYears Param[int64]    `toml:"validity_years"`
	Bonus         Param[Dec]      `toml:"bonus"`
}

// Shares are this project's review settings (not values of the policy texts).
type Shares struct {
	NearMiss  Param[Dec] `toml:"near_miss"`
	Affiliate Param[Dec] `toml:"affiliate"`
}

// Clauses name the policy text behind the conditions every rule shares.
type Clauses struct {
	Register    string `toml:"register"`    // G1–G3
	OtherFunds  string `toml:"other_funds"` // G4
	OneProject  string `toml:"one_project"` // 孰高兑付 / 差额补齐
	Stacking    string `toml:"stacking"`    // direction 11 stacks
	Affiliates  string `toml:"affiliates"`  // affiliate review
	Specialised string `toml:"specialised"` // 专精特新 bonus
	OneTime     string `toml:"one_time"`    // direction 10 is one-time
	Restricted  string `toml:"restricted"`  // 禁限目录外
}

// D10Rule is one direction-10 item. Floor is used by D10-3 and D10-4 (the 1亿 threshold), StartYear by
// D10-2 (the year 投产 must fall in), HistoryYears by D10-3 (the years "首次" is checked against).
type D10Rule struct {
	NameZh           string          `toml:"name_zh"`
	Clause           string          `toml:"clause"`
	Sectors          []string        `toml:"sectors"`
	Amount           Param[Dec]      `toml:"amount"`
	SpecialisedBonus *bool           `toml:"specialised_bonus"`
	Floor            *Param[Dec]     `toml:"floor"`
	StartYear        *Param[int64]   `toml:"start_year"`
	HistoryYears     *Param[[]int64] `toml:"history_years"`
}

// D11Rule is one direction-11 item: floors on the net increase (元) and growth (percent), whether the
// year-end headcount must not fall, and the tier table that sets the amount.
type D11Rule struct {
	NameZh            string     `toml:"name_zh"`
	Clause            string     `toml:"clause"`
	Sectors           []string   `toml:"sectors"`
	NetMin            Param[Dec] `toml:"net_min"`
	GrowthMinPct      Param[Dec] `toml:"growth_min_pct"`
	HeadcountNotBelow *bool      `toml:"headcount_not_below"`
	Tiers             string     `toml:"tiers"`
}

// Tier is one band of a tier table: [net_lo, net_hi) × [growth_lo, growth_hi), hi absent = no bound.
type Tier struct {
	Tier        string `toml:"tier"`
	NetLoYuan   *Dec   `toml:"net_lo_yuan"`
	NetHiYuan   *Dec   `toml:"net_hi_yuan"`
	GrowthLoPct *Dec   `toml:"growth_lo_pct"`
	GrowthHiPct *Dec   `toml:"growth_hi_pct"`
	AmountYuan  *Dec   `toml:"amount_yuan"`
	Source      string `toml:"source"`
	Assumed     bool   `toml:"assumed"`
}

// Policy is one policy year, validated.
type Policy struct {
	PolicyYear    *int64      `toml:"policy_year"`
	ReferenceYear *int64      `toml:"reference_year"`
	Documents     []string    `toml:"documents"`
	EvalDates     EvalDates   `toml:"eval_dates"`
	Sectors       Sectors     `toml:"sectors"`
	Specialised   Specialised `toml:"specialised"`
	Shares        Shares      `toml:"shares"`
	Clauses       Clauses     `toml:"clauses"`

	D10_1 D10Rule `toml:"d10_1"`
	D10_2 D10Rule `toml:"d10_2"`
	D10_3 D10Rule `toml:"d10_3"`
	D10_4 D10Rule `toml:"d10_4"`
	D11_1 D11Rule `toml:"d11_1"`
	D11_2 D11Rule `toml:"d11_2"`
	D11_3 D11Rule `toml:"d11_3"`
	D11_4 D11Rule `toml:"d11_4"`

	Tiers map[string][]Tier `toml:"tiers"`

	raw []byte
}

// Embedded returns the policy of a year built into the binary.
func Embedded(year int) (*Policy, error) {
	b, err := EmbeddedTOML(year)
	if err != nil {
		return nil, err
	}
	p, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("embedded policy %d: %w", year, err)
	}
	return p, nil
}

// EmbeddedTOML returns the TOML text of a year's embedded policy, e.g. for `awards policy --year 2022`.
func EmbeddedTOML(year int) ([]byte, error) {
	b, err := embedded.ReadFile(fmt.Sprintf("%d.toml", year))
	if err != nil {
		return nil, fmt.Errorf("no embedded policy for year %d", year)
	}
	return b, nil
}

// LoadFile reads and validates an edited policy file.
func LoadFile(path string) (*Policy, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("policy file: %w", err)
	}
	p, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("policy file %s: %w", path, err)
	}
	return p, nil
}

// Parse decodes and validates a policy TOML.
func Parse(data []byte) (*Policy, error) {
	var p Policy
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&p)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("policy: unknown key %s", strings.Join(keys, ", "))
	}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	p.raw = append([]byte(nil), data...)
	return &p, nil
}

// SHA256 is the hex SHA-256 of the TOML bytes the policy was parsed from (recorded with every run).
func (p *Policy) SHA256() string {
	s := sha256.Sum256(p.raw)
	return hex.EncodeToString(s[:])
}

// TOML returns the bytes the policy was parsed from.
func (p *Policy) TOML() []byte { return append([]byte(nil), p.raw...) }

// Year is the policy year P.
func (p *Policy) Year() int { return int(*p.PolicyYear) }

// RefYear is the reference year R (上一年度).
func (p *Policy) RefYear() int { return int(*p.ReferenceYear) }
