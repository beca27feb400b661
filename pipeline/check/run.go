package check

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" database/sql driver
	"github.com/rs/zerolog"
	"github.com/shopspring/decimal"

	"github.com/bjgjj/awards/pipeline"
)

// Options tune a check run.
type Options struct {
	AsOf       time.Time // zero: the policy's evaluation dates; else overrides every rule group's
	PolicyFile string    // an edited policy TOML; "" uses the embedded policy of Year
	Year       int       // embedded policy year; 0 means 2022
	// KeepDir, when not "", is where the batch folder (input/) and the pipeline output (out/) are written
	// and kept, for a person to look at; "" uses a temporary folder that is removed afterwards.
	KeepDir string
	Logger  zerolog.Logger // the pipeline's logger; the zero value logs nothing
}

// Decision is one row of the decisions table, as the check compares it.
type Decision struct {
	Outcome  string
	Tier     string
	AmountYn decimal.Decimal
	PaidYn   decimal.Decimal
	Reasons  []string
	Remarks  string
	NearMiss bool
	DataGap  bool
	PotTier  string
	PotYn    *decimal.Decimal // potential_amount_yuan; nil when NULL
	Present  bool             // false: the enterprise has no decision for the rule
}

// Run reads the cases workbook at casesPath, runs the real pipeline once on a batch built from all of its
// cases, and compares every expectation with the decisions. An error means the check could not be done
// (unreadable workbook, pipeline failure); failing cases are in the report, see [Report.Failed].
func Run(ctx context.Context, casesPath string, opts Options) (*Report, error) {
	c, err := ReadCases(casesPath)
	if err != nil {
		return nil, err
	}
	return RunCases(ctx, c, opts)
}

// RunCases is [Run] on cases already read (or built in Go).
func RunCases(ctx context.Context, c *Cases, opts Options) (*Report, error) {
	root := opts.KeepDir
	if root == "" {
		tmp, err := os.MkdirTemp("", "awards-check-")
		if err != nil {
			return nil, fmt.Errorf("check: temporary folder: %w", err)
		}
		defer os.RemoveAll(tmp)
		root = tmp
	}
	in, out := filepath.Join(root, "input"), filepath.Join(root, "out")
	if err := os.MkdirAll(in, 0o755); err != nil {
		return nil, fmt.Errorf("check: batch folder: %w", err)
	}
	idx, err := WriteBatch(in, c)
	if err != nil {
		return nil, fmt.Errorf("check: write batch: %w", err)
	}
	// A cases batch quarantines rows on purpose (隔离行), many for its size: the share limit of a nightly
	// run would stop it. Every quarantined row a case did not ask for is still charged to its case.
	all := decimal.NewFromInt(1)
	po := pipeline.Options{Input: in, Out: out, Year: opts.Year, PolicyFile: opts.PolicyFile, AsOf: opts.AsOf,
		Logger: opts.Logger, MaxQuarantineShare: &all}
	if po.PolicyFile == "" && po.Year == 0 {
		po.Year = 2022
	}
	if _, err := pipeline.Run(ctx, po); err != nil {
		return nil, fmt.Errorf("check: the pipeline failed on the cases batch: %w", err)
	}
	got, quarantined, err := readResults(ctx, filepath.Join(out, "awards.duckdb"))
	if err != nil {
		return nil, err
	}
	rep := compare(c, idx, got, quarantined)
	if opts.KeepDir != "" {
		rep.BatchDir = in
		rep.OutDir = out
	}
	return rep, nil
}

type decisionKey struct{ code, rule string }

// quarantinedRow is one quarantine row, with the case its input line came from.
type quarantinedRow struct {
	File, Column, Raw, Reason string
	Row                       int
}

// readResults opens the published database read-only (an analyst may hold it too) and reads the
// decisions and the quarantine.
func readResults(ctx context.Context, dbPath string) (map[decisionKey]Decision, []quarantinedRow, error) {
	// The check's own output: opened read-only when the path allows it (a # in a --keep folder drops the
	// option, harmlessly here), never refused after the whole batch has run.
	db, err := sql.Open("duckdb", dbPath+"?access_mode=read_only")
	if err != nil {
		return nil, nil, fmt.Errorf("check: open %s: %w", dbPath, err)
	}
	defer db.Close()
	// Money is read as text and parsed as decimal: no float ever touches an amount.
	rows, err := db.QueryContext(ctx, `SELECT credit_code, rule_id, outcome, coalesce(tier, ''),
		CAST(amount_yuan AS VARCHAR), CAST(paid_yuan AS VARCHAR), coalesce(reasons, ''), coalesce(remarks, ''),
		coalesce(near_miss, false), coalesce(data_gap, false), coalesce(potential_tier, ''),
		CAST(potential_amount_yuan AS VARCHAR)
		FROM decisions`)
	if err != nil {
		return nil, nil, fmt.Errorf("check: read decisions: %w", err)
	}
	defer rows.Close()
	got := map[decisionKey]Decision{}
	for rows.Next() {
		var code, rule, amount, paid, reasons string
		var amountN, paidN, potN sql.NullString
		d := Decision{Present: true}
		if err := rows.Scan(&code, &rule, &d.Outcome, &d.Tier, &amountN, &paidN, &reasons, &d.Remarks, &d.NearMiss,
			&d.DataGap, &d.PotTier, &potN); err != nil {
			return nil, nil, fmt.Errorf("check: read decisions: %w", err)
		}
		if potN.Valid {
			p, err := decimal.NewFromString(potN.String)
			if err != nil {
				return nil, nil, fmt.Errorf("check: decision %s %s: potential_amount_yuan %q: %w", code, rule, potN.String, err)
			}
			d.PotYn = &p
		}
		amount, paid = orZero(amountN), orZero(paidN)
		if d.AmountYn, err = decimal.NewFromString(amount); err != nil {
			return nil, nil, fmt.Errorf("check: decision %s %s: amount_yuan %q: %w", code, rule, amount, err)
		}
		if d.PaidYn, err = decimal.NewFromString(paid); err != nil {
			return nil, nil, fmt.Errorf("check: decision %s %s: paid_yuan %q: %w", code, rule, paid, err)
		}
		for _, r := range strings.Split(reasons, ";") {
			if r = strings.TrimSpace(r); r != "" {
				d.Reasons = append(d.Reasons, r)
			}
		}
		k := decisionKey{code, rule}
		if _, dup := got[k]; dup {
			return nil, nil, fmt.Errorf("check: decisions has two rows for %s %s", code, rule)
		}
		got[k] = d
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("check: read decisions: %w", err)
	}
	var q []quarantinedRow
	qr, err := db.QueryContext(ctx, `SELECT source_file, source_row, coalesce(column_name, ''),
		coalesce(raw_value, ''), reason FROM quarantine ORDER BY source_file, source_row`)
	if err != nil {
		return nil, nil, fmt.Errorf("check: read quarantine: %w", err)
	}
	defer qr.Close()
	for qr.Next() {
		var r quarantinedRow
		if err := qr.Scan(&r.File, &r.Row, &r.Column, &r.Raw, &r.Reason); err != nil {
			return nil, nil, fmt.Errorf("check: read quarantine: %w", err)
		}
		q = append(q, r)
	}
	return got, q, qr.Err()
}

func orZero(s sql.NullString) string {
	if !s.Valid || s.String == "" {
		return "0"
	}
	return s.String
}

var wan = decimal.NewFromInt(10000)

// compare checks every expectation against the decisions and charges quarantined input rows to their
// cases.
func compare(c *Cases, idx *BatchIndex, got map[decisionKey]Decision, quarantined []quarantinedRow) *Report {
	rep := &Report{}
	byCase := map[string]*CaseResult{}
	for _, id := range c.caseIDs() {
		cr := &CaseResult{CaseID: id}
		for _, e := range c.Enterprises {
			if e.CaseID == id && e.Note != "" && cr.Note == "" {
				cr.Note = e.Note
			}
		}
		byCase[id] = cr
		rep.Cases = append(rep.Cases, cr)
	}
	for _, q := range quarantined {
		if idx.Intended[filepath.Base(q.File)][q.Row] {
			continue // a row the case asked to be unreadable (隔离行)
		}
		owner := idx.Lines[filepath.Base(q.File)][q.Row]
		msg := fmt.Sprintf("输入行被隔离 input row quarantined: %s 第%d行 row %d, %s=%q: %s", q.File, q.Row, q.Row, q.Column, q.Raw, q.Reason)
		if cr, ok := byCase[owner]; ok && owner != "" {
			cr.Problems = append(cr.Problems, msg)
		} else {
			rep.Problems = append(rep.Problems, msg)
		}
	}
	for _, x := range c.Expectations {
		e, _ := c.Find(x.CaseID, x.Enterprise) // Validate found it
		code, _ := e.CreditCode()
		d := got[decisionKey{code, x.Rule}]
		res := CheckResult{Rule: x.Rule, Enterprise: e.DisplayName(), CreditCode: code, Expected: x, Got: d}
		res.Diffs = diff(x, d)
		cr := byCase[x.CaseID]
		cr.Checks = append(cr.Checks, res)
	}
	return rep
}

// diff lists what differs between an expectation and a decision, in Chinese and English words.
func diff(x Expectation, d Decision) []Diff {
	var out []Diff
	gotOutcome := d.Outcome
	if !d.Present {
		gotOutcome = "none"
	}
	if x.Outcome != gotOutcome {
		out = append(out, Diff{Field: "结果 outcome", Want: OutcomeLabel(x.Outcome), Got: OutcomeLabel(gotOutcome)})
	}
	if !d.Present {
		return out // nothing else to compare
	}
	if x.Tier != nil && *x.Tier != d.Tier {
		out = append(out, Diff{Field: "档位 tier", Want: tierText(*x.Tier), Got: tierText(d.Tier)})
	}
	if x.AmountWan != nil && !x.AmountWan.Mul(wan).Equal(d.AmountYn) {
		out = append(out, Diff{Field: "金额 amount", Want: wanText(x.AmountWan.Mul(wan)), Got: wanText(d.AmountYn)})
	}
	if x.PaidWan != nil && !x.PaidWan.Mul(wan).Equal(d.PaidYn) {
		out = append(out, Diff{Field: "本次兑付 paid now", Want: wanText(x.PaidWan.Mul(wan)), Got: wanText(d.PaidYn)})
	}
	var missing []string
	for _, r := range x.Reasons {
		if !contains(d.Reasons, r) {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		out = append(out, Diff{Field: "原因 reasons", Want: "含 includes " + strings.Join(missing, ";"),
			Got: orNone(strings.Join(d.Reasons, ";"))})
	}
	if x.NearMiss != nil && *x.NearMiss != d.NearMiss {
		out = append(out, Diff{Field: "接近门槛 near miss", Want: yesNo(*x.NearMiss), Got: yesNo(d.NearMiss)})
	}
	for _, r := range x.Remarks {
		if !strings.Contains(d.Remarks, r) {
			out = append(out, Diff{Field: "备注 remarks", Want: "含 includes " + r, Got: orNone(d.Remarks)})
		}
	}
	if x.DataGap != nil && *x.DataGap != d.DataGap {
		out = append(out, Diff{Field: "数据缺口 data gap", Want: yesNo(*x.DataGap), Got: yesNo(d.DataGap)})
	}
	if x.PotentialTier != nil && *x.PotentialTier != d.PotTier {
		out = append(out, Diff{Field: "潜在档位 potential tier", Want: tierText(*x.PotentialTier), Got: tierText(d.PotTier)})
	}
	if x.PotentialWan != nil && (d.PotYn == nil || !x.PotentialWan.Mul(wan).Equal(*d.PotYn)) {
		got := "无 none"
		if d.PotYn != nil {
			got = wanText(*d.PotYn)
		}
		out = append(out, Diff{Field: "潜在金额 potential amount", Want: wanText(x.PotentialWan.Mul(wan)), Got: got})
	}
	return out
}

func contains(v []string, s string) bool {
	for _, x := range v {
		if x == s {
			return true
		}
	}
	return false
}

func tierText(t string) string {
	if t == "" {
		return "无 none"
	}
	return t
}

func wanText(yuan decimal.Decimal) string {
	return yuan.Div(wan).String() + "万元 (" + yuan.StringFixed(2) + " 元 yuan)"
}

func yesNo(b bool) string {
	if b {
		return "是 yes"
	}
	return "否 no"
}

func orNone(s string) string {
	if s == "" {
		return "（无 none）"
	}
	return s
}
