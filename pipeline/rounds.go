package pipeline

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/bjgjj/awards/loaders"
)

// Rounds (rules.md "Rounds"): staff sign one round at a time. Round 1 (evaluation date 2022-06-30) is
// direction 10 and the Q1 rules D11-2 and D11-4; round 2 (2023-01-31) the annual rules D11-1 and D11-3.
const (
	round1 = 1
	round2 = 2
)

// ruleRound gives the round of each rule.
var ruleRound = map[string]int{
	"D10-1": round1, "D10-2": round1, "D10-3": round1, "D10-4": round1, "D11-2": round1, "D11-4": round1,
	"D11-1": round2, "D11-3": round2,
}

// everyRuleReads are the kinds every rule reads (rules.md "Holds", the table's heading).
var everyRuleReads = []loaders.Kind{loaders.Enterprises, loaders.Dishonesty, loaders.OtherFunds, loaders.PriorAwards,
	loaders.Restricted}

// ruleReads is rules.md's table of the kinds each rule reads besides everyRuleReads. It decides which
// kinds a batch must hold (inputs.md "Fail closed") and which quarantined rows hold which pairs.
var ruleReads = map[string][]loaders.Kind{
	"D10-1": {loaders.AboveScale, loaders.Specialised, loaders.IndustrialSoftware},
	"D10-2": {loaders.AboveScale},
	"D10-3": {loaders.AboveScale, loaders.OutputValue, loaders.Specialised},
	"D10-4": {loaders.AboveScale, loaders.Revenue, loaders.Specialised},
	"D11-1": {loaders.AboveScale, loaders.OutputValue, loaders.Headcount, loaders.Affiliates},
	"D11-2": {loaders.AboveScale, loaders.OutputValue, loaders.Affiliates},
	"D11-3": {loaders.AboveScale, loaders.Revenue, loaders.Headcount, loaders.Affiliates},
	"D11-4": {loaders.AboveScale, loaders.Revenue, loaders.Affiliates},
}

// RuleKinds returns the kinds a rule reads, everyRuleReads included, in the order of loaders.Kinds.
func RuleKinds(rule string) []loaders.Kind {
	var out []loaders.Kind
	for _, k := range loaders.Kinds {
		if slices.Contains(everyRuleReads, k) || slices.Contains(ruleReads[rule], k) {
			out = append(out, k)
		}
	}
	return out
}

// period is a figure's own period, cumulative from January.
type period struct {
	year, endMonth int
}

// roundsOf returns the rounds a batch has data for: round 1 when it holds a figure of the policy year's
// Q1 or the reference year's annual period, round 2 when it holds one of the policy year's annual period.
//
// Decision (rules.md says "holds any 2021 annual figure"): a figure is a row's own period, not a 上年同期
// reported beside it. A round-2 batch of 2022 annual figures in the wide layout carries every 2021 figure
// as 上年同期; reading those as "2021 annual figures" would decide round 1 again in every round-2 batch.
func roundsOf(periods map[period]bool, policyYear int) []int {
	ref := policyYear - 1
	var out []int
	if periods[period{policyYear, 3}] || periods[period{ref, 12}] {
		out = append(out, round1)
	}
	if periods[period{policyYear, 12}] {
		out = append(out, round2)
	}
	return out
}

// decidedRounds is the rounds a run decides: the --round flag (1 or 2) when given, else those the batch
// has data for. A batch with figures for no round stops the run: deciding nothing would publish an empty
// roster as if no one qualified.
//
// q is the batch's quarantine: when figure rows were quarantined (a money column without its unit, say),
// the sentence says so, since the figures are there but could not be read.
func decidedRounds(flag int, periods map[period]bool, policyYear int, q []loaders.Quarantined) ([]int, error) {
	switch flag {
	case 0:
	case round1, round2:
		return []int{flag}, nil
	default:
		return nil, fmt.Errorf("--round %d: want 1 (direction 10 and the Q1 rules) or 2 (the annual rules): %w", flag, ErrUsage)
	}
	rs := roundsOf(periods, policyYear)
	if len(rs) == 0 {
		unread := ""
		var figures []loaders.Quarantined
		for _, x := range q {
			if x.Kind == loaders.OutputValue || x.Kind == loaders.Revenue {
				figures = append(figures, x)
			}
		}
		if len(figures) > 0 {
			unread = fmt.Sprintf(" (%d 工业总产值 or 营业收入 rows were quarantined, %s)", len(figures), reasonsIn(figures))
		}
		return nil, fmt.Errorf("the batch holds no readable 工业总产值 or 营业收入 figure for %d年1-3月, %d年 or %d年%s, so no round can be decided; "+
			"correct or add the figures, or pass --round: %w", policyYear, policyYear-1, policyYear, unread, ErrBadData)
	}
	return rs, nil
}

// roundRules lists the rules of the given rounds, in rule order.
func roundRules(rounds []int) []string {
	var out []string
	for r, n := range ruleRound {
		if slices.Contains(rounds, n) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}

// requiredKinds is every kind the rules of the rounds read, in the order of loaders.Kinds.
func requiredKinds(rounds []int) []loaders.Kind {
	need := map[loaders.Kind]bool{}
	for _, r := range roundRules(rounds) {
		for _, k := range RuleKinds(r) {
			need[k] = true
		}
	}
	var out []loaders.Kind
	for _, k := range loaders.Kinds {
		if need[k] {
			out = append(out, k)
		}
	}
	return out
}

// checkKinds stops a run whose batch lacks a kind the decided rounds read (no file, or only files without
// data rows) and that batch.toml does not declare empty, or that declares empty a kind with data rows
// (inputs.md "Fail closed"): a missing list would pay enterprises it excludes.
func checkKinds(b *loaders.Batch, rounds []int) error {
	dataRows := map[loaders.Kind]int{}
	for _, r := range b.Reports {
		if r.Kind != "" {
			dataRows[r.Kind] += r.RowsRead - r.SkippedTotals
		}
	}
	var declaredFull []string
	for _, k := range b.DeclaredEmpty {
		if dataRows[k] > 0 {
			declaredFull = append(declaredFull, fmt.Sprintf("%s (%s, %d rows)", kindLabel(k), k, dataRows[k]))
		}
	}
	if len(declaredFull) > 0 {
		return fmt.Errorf("batch.toml declares empty %s, but the batch has data rows for it; remove it from empty = [...] or remove the rows: %w",
			strings.Join(declaredFull, ", "), ErrBadData)
	}
	var missing []string
	for _, k := range requiredKinds(rounds) {
		if dataRows[k] == 0 && !slices.Contains(b.DeclaredEmpty, k) {
			missing = append(missing, fmt.Sprintf("%s (%s)", kindLabel(k), k))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the batch has no data rows for %s, which the rules of round %s read%s; add the files, or, if a list is truly empty this time, declare it in batch.toml with empty = [\"%s\"]: %w",
			strings.Join(missing, ", "), joinInts(rounds, " and "), notRead(b), firstKind(missing), ErrBadData)
	}
	return nil
}

// notRead names, for the sentence of a missing kind, the subfolders and files of the folder that were
// skipped (the kind may be among them: moved into a subfolder, saved as PDF), at most three; "" when none.
// Skipped sheets of a workbook that was read (cover sheets, 填表说明) are not named.
func notRead(b *loaders.Batch) string {
	var names []string
	for _, r := range b.Reports {
		if r.SkippedReason == "" || r.SourceSheet != "" {
			continue
		}
		name := r.SourceFile
		if strings.HasPrefix(r.SkippedReason, "a subfolder") {
			name += " (a subfolder)"
		}
		names = append(names, name)
	}
	switch {
	case len(names) == 0:
		return ""
	case len(names) > 3:
		names = append(names[:3], "…")
	}
	return " (not read: " + strings.Join(names, ", ") + ")"
}

// reasonsIn names the quarantine reasons of some rows, the most frequent first, with their counts: "976
// unknown_unit, 3 bad_number".
func reasonsIn(q []loaders.Quarantined) string {
	n := map[string]int{}
	for _, x := range q {
		for _, r := range strings.Split(x.Reason, ";") {
			n[r]++
		}
	}
	rs := slices.Collect(maps.Keys(n))
	slices.SortFunc(rs, func(a, b string) int {
		if n[a] != n[b] {
			return n[b] - n[a]
		}
		return strings.Compare(a, b)
	})
	var parts []string
	for _, r := range rs[:min(3, len(rs))] {
		parts = append(parts, fmt.Sprintf("%d %s", n[r], r))
	}
	return strings.Join(parts, ", ")
}

func firstKind(labels []string) string {
	_, k, _ := strings.Cut(labels[0], "(")
	return strings.TrimSuffix(k, ")")
}

func joinInts(xs []int, sep string) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, sep)
}

// kindLabel is a kind's Chinese name, as inputs.md titles it.
func kindLabel(k loaders.Kind) string {
	switch k {
	case loaders.Enterprises:
		return "单位名录"
	case loaders.AboveScale:
		return "规上名录"
	case loaders.OutputValue:
		return "工业总产值"
	case loaders.Revenue:
		return "营业收入"
	case loaders.Headcount:
		return "参保人数"
	case loaders.Specialised:
		return "专精特新名单"
	case loaders.Dishonesty:
		return "严重失信主体名单"
	case loaders.Restricted:
		return "禁限目录"
	case loaders.IndustrialSoftware:
		return "工业软件企业名单"
	case loaders.OtherFunds:
		return "已获其他市级财政资金支持"
	case loaders.PriorAwards:
		return "已兑付奖励"
	case loaders.Affiliates:
		return "在京关联企业"
	case loaders.Resolutions:
		return "复核结论"
	}
	return string(k)
}
