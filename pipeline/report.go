package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/shopspring/decimal"

	"github.com/bjgjj/awards/reports"
)

// beijingTime is the zone the run date is printed in: China has kept UTC+8 without daylight saving
// since 1991, so a fixed zone is exact and needs no tz database on the machine.
var beijingTime = time.FixedZone("CST", 8*3600)

// writeReports builds the workbook's data from the database and writes the roster workbook (and, with
// split, one workbook per district) into outDir. It returns the paths written, the city-wide workbook
// first. It reads the latest row of runs, so it runs after recordRun.
func writeReports(ctx context.Context, db *sql.DB, outDir string, split bool) ([]string, error) {
	d, err := reportData(ctx, db)
	if err != nil {
		return nil, err
	}
	return reports.WriteFiles(outDir, d, reports.Options{SplitByDistrict: split})
}

// reportData reads everything the workbook shows.
func reportData(ctx context.Context, db *sql.DB) (*reports.Data, error) {
	d := &reports.Data{}
	steps := []struct {
		what string
		read func(context.Context, *sql.DB, *reports.Data) error
	}{
		{"run", readRun}, {"roster and review rows", readDecisions}, {"load report", readLoads},
		{"quarantine", readQuarantine}, {"policy parameters", readParams}, {"policy tiers", readTiers},
		{"changes", readChanges},
	}
	for _, s := range steps {
		if err := s.read(ctx, db, d); err != nil {
			return nil, fmt.Errorf("read %s for the workbook: %w", s.what, err)
		}
	}
	return d, nil
}

func readRun(ctx context.Context, db *sql.DB, d *reports.Data) error {
	var asOf sql.NullTime
	var started time.Time
	err := db.QueryRowContext(ctx, `SELECT run_id, started_at, policy_year, policy_sha256, program_version, as_of, input_dir
		FROM runs ORDER BY started_at DESC, run_id DESC LIMIT 1`).Scan(&d.Run.ID, &started, &d.Run.PolicyYear,
		&d.Run.PolicySHA256, &d.Run.ProgramVersion, &asOf, &d.Run.InputDir)
	if err == sql.ErrNoRows {
		return fmt.Errorf("no run recorded in table runs")
	}
	if err != nil {
		return err
	}
	// started_at is an instant (TIMESTAMPTZ); staff read the run date in Beijing time.
	d.Run.StartedAt = started.In(beijingTime)
	if asOf.Valid {
		t := asOf.Time
		d.Run.AsOf = &t
	}
	rows, err := db.QueryContext(ctx, `SELECT source_file, sha256, size_bytes, rows_read FROM run_inputs
		WHERE run_id = ? ORDER BY source_file`, d.Run.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var in reports.InputFile
		if err := rows.Scan(&in.Name, &in.SHA256, &in.SizeBytes, &in.RowsRead); err != nil {
			return err
		}
		d.Inputs = append(d.Inputs, in)
	}
	return rows.Err()
}

// decisionsSQL reads the rows to pay and the rows to review in one pass. The enterprise is the
// register's first row for the code, as in the view roster. 考核指标 comes from policy_rules.measure;
// D10-3 and D10-4 compare 工业总产值 and 营业收入 against their 1亿 floor (rules.md) although the policy
// table leaves their measure empty.
const decisionsSQL = `
SELECT d.credit_code, coalesce(e.name, ''), coalesce(e.area_code, ''), coalesce(e.area_name, ''),
       coalesce(e.industry_code, ''), coalesce(ic.name, ''),
       d.rule_id, r.direction, coalesce(r.name_zh, d.rule_id),
       coalesce(nullif(r.measure, ''), CASE d.rule_id WHEN 'D10-3' THEN 'output_value' WHEN 'D10-4' THEN 'revenue' END, ''),
       d.outcome, coalesce(d.tier, ''), d.amount_yuan, d.paid_yuan, coalesce(d.reasons, ''), coalesce(d.remarks, ''),
       coalesce(d.near_miss, false), d.prev_value, d.cur_value, d.net_value, d.growth, d.headcount_prev, d.headcount_cur
FROM decisions d
JOIN policy_rules r USING (rule_id)
LEFT JOIN (SELECT DISTINCT ON (credit_code) * FROM enterprises ORDER BY credit_code, source_file, source_sheet, source_row) e
  USING (credit_code)
LEFT JOIN industry_codes ic ON ic.code = e.industry_code
WHERE d.outcome IN ('awarded', 'topped_up', 'review') OR d.near_miss
ORDER BY e.area_code, d.credit_code, d.rule_id`

func readDecisions(ctx context.Context, db *sql.DB, d *reports.Data) error {
	labels, err := reasonLabelsZh(ctx, db)
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, decisionsSQL)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			e                      reports.Enterprise
			rule                   reports.Rule
			measure, outcome, tier string
			reasons, remarks       string
			nearMiss               bool
			amount, paid           nullDecimal
			prev, cur, net, growth nullDecimal
			headPrev, headCur      sql.NullInt64
		)
		if err := rows.Scan(&e.CreditCode, &e.Name, &e.DistrictCode, &e.District, &e.IndustryCode, &e.IndustryName,
			&rule.ID, &rule.Direction, &rule.Category, &measure, &outcome, &tier, &amount, &paid, &reasons, &remarks,
			&nearMiss, &prev, &cur, &net, &growth, &headPrev, &headCur); err != nil {
			return err
		}
		rule.Measure = measureName(measure)
		fig := reports.Figures{Prev: prev.ptr(), Cur: cur.ptr(), Net: net.ptr(), Growth: growth.ptr(),
			HeadcountPrev: intPtr(headPrev), HeadcountCur: intPtr(headCur)}
		switch outcome {
		case "awarded", "topped_up":
			d.Roster = append(d.Roster, reports.RosterRow{Enterprise: e, Rule: rule, Figures: fig, Tier: tier,
				Paid: paid.value(), Remarks: remarks})
		default:
			d.Review = append(d.Review, reports.ReviewRow{Enterprise: e, Rule: rule, Figures: fig, Outcome: outcome,
				NearMiss: nearMiss, Tier: tier, Amount: amount.value(), Reasons: reasonWords(reasons, labels), Remarks: remarks})
		}
	}
	return rows.Err()
}

func reasonLabelsZh(ctx context.Context, db *sql.DB) (map[string]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT code, label_zh FROM reason_codes`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var code string
		var label sql.NullString
		if err := rows.Scan(&code, &label); err != nil {
			return nil, err
		}
		m[code] = label.String
	}
	return m, rows.Err()
}

// reasonWords turns the ;-joined reason codes into their Chinese labels. A code of a family
// (missing_data:x) without its own label falls back to the family's label with the member named.
func reasonWords(codes string, labels map[string]string) []string {
	var out []string
	for _, c := range strings.Split(codes, ";") {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		switch family, member, ok := strings.Cut(c, ":"); {
		case labels[c] != "":
			out = append(out, labels[c])
		case ok && labels[family] != "":
			out = append(out, labels[family]+"（"+member+"）")
		default:
			out = append(out, c)
		}
	}
	return out
}

func measureName(m string) string {
	switch m {
	case "output_value":
		return "工业总产值"
	case "revenue":
		return "营业收入"
	}
	return m
}

func readLoads(ctx context.Context, db *sql.DB, d *reports.Data) error {
	rows, err := db.QueryContext(ctx, `SELECT source_file, source_sheet, coalesce(kind, ''), rows_read, loaded,
		quarantined, skipped_totals, duplicates_dropped, coalesce(encoding, ''), coalesce(unit, '')
		FROM load_report ORDER BY source_file, source_sheet`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var l reports.LoadRow
		if err := rows.Scan(&l.SourceFile, &l.SourceSheet, &l.Kind, &l.RowsRead, &l.Loaded, &l.Quarantined,
			&l.SkippedTotals, &l.DuplicatesDropped, &l.Encoding, &l.Unit); err != nil {
			return err
		}
		d.Loads = append(d.Loads, l)
	}
	return rows.Err()
}

func readQuarantine(ctx context.Context, db *sql.DB, d *reports.Data) error {
	rows, err := db.QueryContext(ctx, `SELECT source_file, source_sheet, source_row, coalesce(kind, ''),
		coalesce(column_name, ''), coalesce(raw_value, ''), reason
		FROM quarantine ORDER BY source_file, source_sheet, source_row, column_name`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var q reports.QuarantineRow
		if err := rows.Scan(&q.SourceFile, &q.SourceSheet, &q.SourceRow, &q.Kind, &q.Column, &q.RawValue, &q.Reason); err != nil {
			return err
		}
		d.Quarantine = append(d.Quarantine, q)
	}
	return rows.Err()
}

func readParams(ctx context.Context, db *sql.DB, d *reports.Data) error {
	rows, err := db.QueryContext(ctx, `SELECT key, coalesce(value, ''), num, date_value, coalesce(assumed, false),
		coalesce(source, ''), coalesce(label_zh, '') FROM policy_params ORDER BY key`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var p reports.Param
		var num nullDecimal
		var date sql.NullTime
		if err := rows.Scan(&p.Key, &p.Value, &num, &date, &p.Assumed, &p.Source, &p.Label); err != nil {
			return err
		}
		p.Num = num.ptr()
		if date.Valid {
			t := date.Time
			p.Date = &t
		}
		d.Params = append(d.Params, p)
	}
	return rows.Err()
}

func readTiers(ctx context.Context, db *sql.DB, d *reports.Data) error {
	rows, err := db.QueryContext(ctx, `SELECT rule_id, tier, net_lo_yuan, net_hi_yuan, growth_lo_pct, growth_hi_pct,
		amount_yuan, coalesce(assumed, false), coalesce(source, '') FROM policy_tiers ORDER BY rule_id, tier`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var t reports.Tier
		var netLo, netHi, gLo, gHi, amount nullDecimal
		if err := rows.Scan(&t.RuleID, &t.Tier, &netLo, &netHi, &gLo, &gHi, &amount, &t.Assumed, &t.Source); err != nil {
			return err
		}
		t.NetLo, t.NetHi, t.GrowthLo, t.GrowthHi, t.Amount = netLo.ptr(), netHi.ptr(), gLo.ptr(), gHi.ptr(), amount.value()
		d.Tiers = append(d.Tiers, t)
	}
	return rows.Err()
}

func intPtr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

// nullDecimal scans a DECIMAL column exactly. duckdb-go returns DECIMAL as its own duckdb.Decimal (an
// unscaled big.Int and a scale), which becomes a decimal.Decimal without any rounding; a VARCHAR
// rendering is parsed as text. A float is refused: money never passes through binary floating point.
type nullDecimal struct {
	d     decimal.Decimal
	valid bool
}

func (n *nullDecimal) Scan(v any) error {
	n.valid = v != nil
	switch x := v.(type) {
	case nil:
		n.d = decimal.Zero
	case duckdb.Decimal:
		if x.Value == nil {
			n.d = decimal.Zero
			return nil
		}
		n.d = decimal.NewFromBigInt(new(big.Int).Set(x.Value), -int32(x.Scale))
	case string:
		d, err := decimal.NewFromString(x)
		if err != nil {
			return fmt.Errorf("decimal %q: %w", x, err)
		}
		n.d = d
	case []byte:
		return n.Scan(string(x))
	case int64:
		n.d = decimal.NewFromInt(x)
	case int32:
		n.d = decimal.NewFromInt(int64(x))
	default:
		return fmt.Errorf("decimal: cannot scan %T exactly", v)
	}
	return nil
}

func (n nullDecimal) ptr() *decimal.Decimal {
	if !n.valid {
		return nil
	}
	d := n.d
	return &d
}

func (n nullDecimal) value() decimal.Decimal { return n.d }

// changeWords are the 变化 sheet's words for the change kinds and baselines of the changes table.
var changeWords = map[string]string{
	"entered": "新进入名单", "left": "移出名单", "previous": "上次发布", "sent": "最近报送",
}

// readChanges adds the 变化 sheet: the first thing a person checks after a nightly run. Rows against the
// previous published run come first, then those against the last run marked sent.
func readChanges(ctx context.Context, db *sql.DB, d *reports.Data) error {
	rows, err := db.QueryContext(ctx, `
		SELECT c.credit_code, coalesce(c.name, ''), coalesce(e.area_name, ''), c.rule_id, c.change,
		       coalesce(c.tier_changed, false), coalesce(c.amount_changed, false),
		       coalesce(c.tier_before, ''), coalesce(c.tier_after, ''), c.paid_before_yuan, c.paid_after_yuan,
		       c.baseline, c.compared_with_run_id
		FROM changes c LEFT JOIN enterprises e USING (credit_code)
		ORDER BY c.baseline = 'sent', coalesce(e.area_code, ''), c.credit_code, c.rule_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	sheet := reports.Sheet{
		Name:  "变化",
		Title: "与上次发布（及最近报送）相比的名单变化",
		Columns: []reports.Column{{Header: "统一社会信用代码"}, {Header: "企业名称", MaxWidth: 30}, {Header: "所属区"},
			{Header: "规则"}, {Header: "变化"}, {Header: "原档位"}, {Header: "现档位"},
			{Header: "原兑付金额（万元）"}, {Header: "现兑付金额（万元）"}, {Header: "比较基准"}, {Header: "比较的运行"}},
		DistrictColumn: 2,
	}
	for rows.Next() {
		var code, name, area, rule, change, tb, ta, baseline, prevRun string
		var tierChanged, amountChanged bool
		var before, after nullDecimal
		if err := rows.Scan(&code, &name, &area, &rule, &change, &tierChanged, &amountChanged, &tb, &ta, &before, &after,
			&baseline, &prevRun); err != nil {
			return err
		}
		word := changeWords[change]
		if change == "changed" {
			var w []string
			if tierChanged {
				w = append(w, "档位变化")
			}
			if amountChanged {
				w = append(w, "金额变化")
			}
			word = strings.Join(w, "、")
		}
		sheet.Rows = append(sheet.Rows, []any{reports.Code(code), name, area, rule, word, tb, ta,
			wanOrNil(before), wanOrNil(after), changeWords[baseline], prevRun})
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(sheet.Rows) == 0 {
		sheet.Rows = append(sheet.Rows, []any{"", "无变化或无可比较的上次发布 / no changes, or no earlier published run",
			"", "", "", "", "", nil, nil, "", ""})
	}
	d.Extra = append(d.Extra, sheet)
	return nil
}

func wanOrNil(n nullDecimal) any {
	if p := n.ptr(); p != nil {
		return reports.Wan(p.Shift(-4))
	}
	return nil
}
