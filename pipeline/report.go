package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/shopspring/decimal"

	"github.com/bjgjj/awards/loaders"
	"github.com/bjgjj/awards/reports"
)

// beijingTime is the zone the run date is printed in: China has kept UTC+8 without daylight saving
// since 1991, so a fixed zone is exact and needs no tz database on the machine.
var beijingTime = time.FixedZone("CST", 8*3600)

// recordScope writes what the run was asked to decide (sql/005_run_scope.sql): the --round it was
// restricted to (0: none), and the kinds batch.toml declared empty.
func recordScope(ctx context.Context, db *sql.DB, runID string, roundFlag int, empty []loaders.Kind) error {
	var flag any
	if roundFlag != 0 {
		flag = roundFlag
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO run_scope VALUES (?, ?)`, runID, flag); err != nil {
		return fmt.Errorf("record the run's --round: %w", err)
	}
	for _, k := range empty {
		if _, err := db.ExecContext(ctx, `INSERT INTO run_empty_kinds VALUES (?, ?)`, runID, string(k)); err != nil {
			return fmt.Errorf("record the kinds declared empty: %w", err)
		}
	}
	return nil
}

// writeReports builds the workbooks' data from the database and writes the roster workbook, the
// 公示名单 and the 拨付清单 (and, with split, each once per district) into outDir. It reads the latest
// row of runs, so it runs after recordRun and recordScope.
func writeReports(ctx context.Context, db *sql.DB, outDir string, split bool) (reports.Files, error) {
	d, err := reportData(ctx, db)
	if err != nil {
		return reports.Files{}, err
	}
	return reports.WriteFiles(outDir, d, reports.Options{SplitByDistrict: split})
}

// reportData reads everything the workbooks show.
func reportData(ctx context.Context, db *sql.DB) (*reports.Data, error) {
	r := &reportReader{d: &reports.Data{}}
	steps := []struct {
		what string
		read func(context.Context, *sql.DB) error
	}{
		{"the database's tables", r.readTables}, {"run", r.readRun}, {"rules", r.readRules},
		{"roster and review rows", r.readDecisions}, {"holds", r.readHolds}, {"affiliate reviews", r.readAffiliates},
		{"resolutions not applied", r.readStale}, {"load report", r.readLoads}, {"quarantine", r.readQuarantine},
		{"policy parameters", r.readParams}, {"policy tiers", r.readTiers}, {"changes", r.readChanges},
	}
	for _, s := range steps {
		if err := s.read(ctx, db); err != nil {
			return nil, fmt.Errorf("read %s for the workbooks: %w", s.what, err)
		}
	}
	return r.d, nil
}

// reportReader fills a reports.Data step by step.
type reportReader struct {
	d *reports.Data
	// cols are the columns of each table of the database, so that the workbook shows the changes
	// table's baseline where the table records it.
	cols map[string]map[string]bool
	// rules by id, and the review rows by pair, for attaching holds and members.
	rules  map[string]reports.Rule
	review map[pairKey]int
	// thresholds of each rule, for near misses.
	thresholds map[string]ruleThresholds
}

type pairKey struct{ code, rule string }

type ruleThresholds struct {
	net, level *decimal.Decimal // 元
	growth     *decimal.Decimal // percent
}

func (r *reportReader) has(table string, cols ...string) bool {
	t, ok := r.cols[table]
	if !ok {
		return false
	}
	for _, c := range cols {
		if !t[c] {
			return false
		}
	}
	return true
}

func (r *reportReader) readTables(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT table_name, column_name FROM duckdb_columns()
		WHERE database_name = current_database() AND schema_name = 'main'`)
	if err != nil {
		return err
	}
	defer rows.Close()
	r.cols = map[string]map[string]bool{}
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return err
		}
		if r.cols[t] == nil {
			r.cols[t] = map[string]bool{}
		}
		r.cols[t][c] = true
	}
	return rows.Err()
}

func (r *reportReader) readRun(ctx context.Context, db *sql.DB) error {
	d := r.d
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
	if err := rows.Err(); err != nil {
		return err
	}
	rounds, err := db.QueryContext(ctx, `SELECT round FROM decided_rounds ORDER BY round`)
	if err != nil {
		return err
	}
	defer rounds.Close()
	for rounds.Next() {
		var n int
		if err := rounds.Scan(&n); err != nil {
			return err
		}
		d.Run.Rounds = append(d.Run.Rounds, n)
	}
	if err := rounds.Err(); err != nil {
		return err
	}
	var flag sql.NullInt64
	err = db.QueryRowContext(ctx, `SELECT round_flag FROM run_scope WHERE run_id = ?`, d.Run.ID).Scan(&flag)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	d.Run.RoundFlag = int(flag.Int64)
	empty, err := db.QueryContext(ctx, `SELECT kind FROM run_empty_kinds WHERE run_id = ? ORDER BY kind`, d.Run.ID)
	if err != nil {
		return err
	}
	defer empty.Close()
	for empty.Next() {
		var k string
		if err := empty.Scan(&k); err != nil {
			return err
		}
		d.Run.DeclaredEmpty = append(d.Run.DeclaredEmpty, k)
	}
	return empty.Err()
}

// readRules reads the rules of the decided rounds with the periods they compare: direction 10 looks at
// the reference year R (a first-over-1亿 level against R−1), direction 11 compares the policy year P
// with R, annual or 1-3月 (rules.md "Years and periods").
func (r *reportReader) readRules(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT rule_id, direction, coalesce(name_zh, rule_id),
		coalesce(nullif(measure, ''), CASE rule_id WHEN 'D10-3' THEN 'output_value' WHEN 'D10-4' THEN 'revenue' END, ''),
		coalesce(end_month, 0), coalesce(headcount_not_below, false), coalesce(tier_table, '') <> '',
		net_min_yuan, growth_min_pct, floor_yuan, coalesce(round, 0)
		FROM policy_rules ORDER BY rule_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	p := r.d.Run.PolicyYear
	ref := p - 1
	r.rules = map[string]reports.Rule{}
	r.thresholds = map[string]ruleThresholds{}
	for rows.Next() {
		var rule reports.Rule
		var measure string
		var endMonth int
		var headcount, tiered bool
		var netMin, growthMin, floor nullDecimal
		if err := rows.Scan(&rule.ID, &rule.Direction, &rule.Category, &measure, &endMonth, &headcount, &tiered,
			&netMin, &growthMin, &floor, &rule.Round); err != nil {
			return err
		}
		rule.Measure = measureName(measure)
		rule.Tiered = tiered
		switch {
		case rule.Direction == 10 && measure != "":
			rule.CurPeriod, rule.PrevPeriod = fmt.Sprintf("%d年", ref), fmt.Sprintf("%d年", ref-1)
		case rule.Direction == 11 && endMonth == 12:
			rule.CurPeriod, rule.PrevPeriod = fmt.Sprintf("%d年", p), fmt.Sprintf("%d年", ref)
		case rule.Direction == 11 && endMonth > 0:
			rule.CurPeriod, rule.PrevPeriod = fmt.Sprintf("%d年1-%d月", p, endMonth), fmt.Sprintf("%d年1-%d月", ref, endMonth)
		}
		if headcount {
			rule.PrevYearEnd, rule.CurYearEnd = fmt.Sprintf("%d年末", ref), fmt.Sprintf("%d年末", p)
		}
		r.rules[rule.ID] = rule
		r.thresholds[rule.ID] = ruleThresholds{net: netMin.ptr(), growth: growthMin.ptr(), level: floor.ptr()}
		if slices.Contains(r.d.Run.Rounds, rule.Round) || len(r.d.Run.Rounds) == 0 {
			r.d.Rules = append(r.d.Rules, rule)
		}
	}
	return rows.Err()
}

// decisionsSQL reads the rows to pay and the rows to look at in one pass: review outcomes, near misses,
// data gaps, and pairs with a resolution that was not applied. The enterprise is the register's first
// row for the code, as in the view roster.
const decisionsSQL = `
SELECT d.credit_code, coalesce(e.name, ''), coalesce(e.area_code, ''), coalesce(e.district, ''),
       coalesce(e.industry_code, ''), coalesce(ic.name, ''),
       d.rule_id, d.outcome, coalesce(d.tier, ''), d.amount_yuan, d.paid_yuan, coalesce(d.reasons, ''),
       coalesce(d.remarks, ''), coalesce(d.near_miss, false), d.prev_value, d.cur_value, d.net_value, d.growth,
       d.headcount_prev, d.headcount_cur, coalesce(d.data_gap, false), d.potential_tier, d.potential_amount_yuan
FROM decisions d
LEFT JOIN (SELECT DISTINCT ON (credit_code) * FROM enterprises ORDER BY credit_code, source_file, source_sheet, source_row) e
  USING (credit_code)
LEFT JOIN industry_codes ic ON ic.code = e.industry_code
WHERE d.outcome IN ('awarded', 'topped_up', 'review') OR d.near_miss OR d.data_gap
   OR EXISTS (SELECT 1 FROM resolution_status s WHERE s.credit_code = d.credit_code AND s.rule_id = d.rule_id
              AND s.status = 'stale')
ORDER BY e.area_code, d.credit_code, d.rule_id`

func (r *reportReader) readDecisions(ctx context.Context, db *sql.DB) error {
	labels, err := reasonLabelsZh(ctx, db)
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, decisionsSQL)
	if err != nil {
		return err
	}
	defer rows.Close()
	r.review = map[pairKey]int{}
	for rows.Next() {
		var (
			e                      reports.Enterprise
			ruleID, outcome, tier  string
			reasons, remarks       string
			nearMiss, dataGap      bool
			amount, paid           nullDecimal
			prev, cur, net, growth nullDecimal
			headPrev, headCur      sql.NullInt64
			potTier                sql.NullString
			potAmount              nullDecimal
		)
		if err := rows.Scan(&e.CreditCode, &e.Name, &e.DistrictCode, &e.District, &e.IndustryCode, &e.IndustryName,
			&ruleID, &outcome, &tier, &amount, &paid, &reasons, &remarks, &nearMiss, &prev, &cur, &net, &growth,
			&headPrev, &headCur, &dataGap, &potTier, &potAmount); err != nil {
			return err
		}
		rule, ok := r.rules[ruleID]
		if !ok {
			return fmt.Errorf("decision for %s names rule %s, which policy_rules does not hold", e.CreditCode, ruleID)
		}
		fig := reports.Figures{Prev: prev.ptr(), Cur: cur.ptr(), Net: net.ptr(), Growth: growth.ptr(),
			HeadcountPrev: intPtr(headPrev), HeadcountCur: intPtr(headCur)}
		switch outcome {
		case "awarded", "topped_up":
			r.d.Roster = append(r.d.Roster, reports.RosterRow{Enterprise: e, Rule: rule, Figures: fig, Tier: tier,
				Paid: paid.value(), Remarks: remarks})
		default:
			row := reports.ReviewRow{Enterprise: e, Rule: rule, Figures: fig, Outcome: outcome, NearMiss: nearMiss,
				DataGap: dataGap, Tier: tier, Amount: amount.value(), Potential: potAmount.ptr(),
				PotentialTier: potTier.String, Reasons: reasonList(reasons, labels), Remarks: remarks}
			if nearMiss {
				row.Threshold = r.threshold(ruleID, reasons)
			}
			r.review[pairKey{e.CreditCode, ruleID}] = len(r.d.Review)
			r.d.Review = append(r.d.Review, row)
		}
	}
	return rows.Err()
}

// threshold is the one numeric threshold a near miss missed, from its reason.
func (r *reportReader) threshold(rule, reasons string) *reports.Threshold {
	t := r.thresholds[rule]
	for _, c := range strings.Split(reasons, ";") {
		switch strings.TrimSpace(c) {
		case "net_below_threshold":
			if t.net != nil {
				return &reports.Threshold{Figure: "net", Value: *t.net}
			}
		case "growth_below_threshold":
			if t.growth != nil {
				return &reports.Threshold{Figure: "growth", Value: *t.growth}
			}
		case "below_first_threshold":
			if t.level != nil {
				return &reports.Threshold{Figure: "level", Value: *t.level}
			}
		}
	}
	return nil
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

// reasonList turns the ;-joined reason codes into reasons with their Chinese labels. A code of a family
// (missing_data:x) without its own label takes the family's label with the member named.
func reasonList(codes string, labels map[string]string) []reports.Reason {
	var out []reports.Reason
	for _, c := range strings.Split(codes, ";") {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		out = append(out, reports.Reason{Code: c, Label: reasonLabel(c, labels)})
	}
	return out
}

func reasonLabel(c string, labels map[string]string) string {
	switch family, member, ok := strings.Cut(c, ":"); {
	case labels[c] != "":
		return labels[c]
	case ok && labels[family] != "":
		return labels[family] + "（" + reportsKindName(member) + "）"
	}
	return c
}

// reportsKindName names a measure of a missing_data reason as the workbooks do.
func reportsKindName(m string) string {
	switch m {
	case "start_month":
		return "投产年月"
	case "headcount":
		return "参保人数"
	}
	return measureName(m)
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

// readHolds attaches the rows behind each hold (decision_holds) to its review row.
func (r *reportReader) readHolds(ctx context.Context, db *sql.DB) error {
	labels, err := reasonLabelsZh(ctx, db)
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, `SELECT credit_code, rule_id, reason, coalesce(kind, ''), coalesce(source_file, ''),
		coalesce(source_sheet, ''), coalesce(source_row, 0), coalesce(column_name, ''), coalesce(raw_value, ''),
		coalesce(detail, '')
		FROM decision_holds ORDER BY credit_code, rule_id, reason, source_file, source_sheet, source_row`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var code, rule, reason string
		var h reports.Hold
		if err := rows.Scan(&code, &rule, &reason, &h.Kind, &h.SourceFile, &h.SourceSheet, &h.SourceRow, &h.Column,
			&h.RawValue, &h.Detail); err != nil {
			return err
		}
		h.Reason = reports.Reason{Code: reason, Label: reasonLabel(reason, labels)}
		if i, ok := r.review[pairKey{code, rule}]; ok {
			r.d.Review[i].Holds = append(r.d.Review[i].Holds, h)
		}
	}
	return rows.Err()
}

// readAffiliates attaches the members' figures behind each affiliate_shift review.
func (r *reportReader) readAffiliates(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT credit_code, rule_id, net_value_yuan, fall_total_yuan, limit_yuan, share
		FROM affiliate_reviews ORDER BY credit_code, rule_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var code, rule string
		var net, fall, limit, share nullDecimal
		if err := rows.Scan(&code, &rule, &net, &fall, &limit, &share); err != nil {
			return err
		}
		if i, ok := r.review[pairKey{code, rule}]; ok {
			r.d.Review[i].Affiliate = &reports.AffiliateReview{Net: net.value(), FallTotal: fall.value(),
				Limit: limit.value(), Share: share.value()}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	members, err := db.QueryContext(ctx, `SELECT m.credit_code, m.rule_id, m.member_code,
		coalesce(nullif(m.member_name, ''), e.name, ''), m.prev_yuan, m.cur_yuan, m.fall_yuan
		FROM affiliate_members m
		LEFT JOIN (SELECT DISTINCT ON (credit_code) credit_code, name FROM enterprises
		           ORDER BY credit_code, source_file, source_sheet, source_row) e ON e.credit_code = m.member_code
		ORDER BY m.credit_code, m.rule_id, m.member_code`)
	if err != nil {
		return err
	}
	defer members.Close()
	for members.Next() {
		var code, rule string
		var m reports.AffiliateMember
		var prev, cur, fall nullDecimal
		if err := members.Scan(&code, &rule, &m.CreditCode, &m.Name, &prev, &cur, &fall); err != nil {
			return err
		}
		m.Prev, m.Cur, m.Fall = prev.ptr(), cur.ptr(), fall.value()
		if i, ok := r.review[pairKey{code, rule}]; ok && r.d.Review[i].Affiliate != nil {
			r.d.Review[i].Affiliate.Members = append(r.d.Review[i].Affiliate.Members, m)
		}
	}
	return members.Err()
}

// readStale attaches the resolutions that were not applied to their pair's row.
func (r *reportReader) readStale(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT credit_code, rule_id, coalesce(conclusion, ''), confirmed_amount_yuan,
		coalesce(reviewer, ''), reviewed_on, coalesce(note, ''), coalesce(stale_reason, ''), coalesce(source_file, ''),
		coalesce(source_sheet, ''), coalesce(source_row, 0), computed_amount_yuan
		FROM resolution_status WHERE status = 'stale' ORDER BY credit_code, rule_id, source_file, source_sheet, source_row`)
	if err != nil {
		return err
	}
	defer rows.Close()
	type stale struct {
		code, rule string
		res        reports.Resolution
	}
	var all []stale
	for rows.Next() {
		var x stale
		var amount, computed nullDecimal
		var on sql.NullTime
		if err := rows.Scan(&x.code, &x.rule, &x.res.Conclusion, &amount, &x.res.Reviewer, &on, &x.res.Note,
			&x.res.StaleReason, &x.res.SourceFile, &x.res.SourceSheet, &x.res.SourceRow, &computed); err != nil {
			return err
		}
		x.res.Confirmed, x.res.Computed = amount.ptr(), computed.ptr()
		if on.Valid {
			t := on.Time
			x.res.ReviewedOn = &t
		}
		all = append(all, x)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close() // the lookups below need the connection
	for _, x := range all {
		i, ok := r.review[pairKey{x.code, x.rule}]
		if !ok {
			// A resolution for a pair not otherwise listed (now paid or refused, a rule of another round,
			// an enterprise not in the register): listed on its own, so that nothing staff returned is
			// lost quietly.
			ru, known := r.rules[x.rule]
			if !known {
				ru = reports.Rule{ID: x.rule}
			}
			e, err := enterpriseOf(ctx, db, x.code)
			if err != nil {
				return err
			}
			i = len(r.d.Review)
			r.review[pairKey{x.code, x.rule}] = i
			r.d.Review = append(r.d.Review, reports.ReviewRow{Enterprise: e, Rule: ru, Outcome: "none"})
		}
		r.d.Review[i].Stale = append(r.d.Review[i].Stale, x.res)
	}
	return nil
}

// enterpriseOf reads one enterprise as the workbooks show it; only its code when the register lacks it.
func enterpriseOf(ctx context.Context, db *sql.DB, code string) (reports.Enterprise, error) {
	e := reports.Enterprise{CreditCode: code}
	err := db.QueryRowContext(ctx, `SELECT coalesce(e.name, ''), coalesce(e.area_code, ''), coalesce(e.district, ''),
		coalesce(e.industry_code, ''), coalesce(ic.name, '')
		FROM enterprises e LEFT JOIN industry_codes ic ON ic.code = e.industry_code
		WHERE e.credit_code = ? ORDER BY e.source_file, e.source_sheet, e.source_row LIMIT 1`, code).
		Scan(&e.Name, &e.DistrictCode, &e.District, &e.IndustryCode, &e.IndustryName)
	if err == sql.ErrNoRows {
		return e, nil
	}
	return e, err
}

func (r *reportReader) readLoads(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT source_file, source_sheet, coalesce(kind, ''), rows_read, loaded,
		quarantined, skipped_totals, duplicates_dropped, coalesce(encoding, ''), coalesce(unit, ''),
		coalesce(skipped_reason, '')
		FROM load_report ORDER BY source_file, source_sheet`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var l reports.LoadRow
		if err := rows.Scan(&l.SourceFile, &l.SourceSheet, &l.Kind, &l.RowsRead, &l.Loaded, &l.Quarantined,
			&l.SkippedTotals, &l.DuplicatesDropped, &l.Encoding, &l.Unit, &l.SkippedReason); err != nil {
			return err
		}
		r.d.Loads = append(r.d.Loads, l)
	}
	return rows.Err()
}

// readQuarantine reads the quarantined rows with the enterprise each is about and the decisions it holds
// (decision_holds rows citing the same file, sheet and row).
func (r *reportReader) readQuarantine(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT q.source_file, q.source_sheet, q.source_row, coalesce(q.kind, ''),
		coalesce(q.column_name, ''), coalesce(q.raw_value, ''), q.reason, coalesce(q.credit_code, ''),
		coalesce(e.name, ''), coalesce(e.area_code, ''), coalesce(e.district, ''),
		(SELECT list(DISTINCT h.rule_id ORDER BY h.rule_id) FROM decision_holds h
		 WHERE h.source_file = q.source_file AND h.source_sheet = q.source_sheet AND h.source_row = q.source_row) AS touched
		FROM quarantine q
		LEFT JOIN (SELECT DISTINCT ON (credit_code) credit_code, name, area_code, district FROM enterprises
		           ORDER BY credit_code, source_file, source_sheet, source_row) e ON e.credit_code = q.credit_code
		ORDER BY q.source_file, q.source_sheet, q.source_row, q.column_name`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var q reports.QuarantineRow
		var rules []any
		if err := rows.Scan(&q.SourceFile, &q.SourceSheet, &q.SourceRow, &q.Kind, &q.Column, &q.RawValue, &q.Reason,
			&q.Enterprise.CreditCode, &q.Enterprise.Name, &q.Enterprise.DistrictCode, &q.Enterprise.District,
			listScanner{&rules}); err != nil {
			return err
		}
		for _, x := range rules {
			if s, ok := x.(string); ok {
				q.Touched = append(q.Touched, s)
			}
		}
		r.d.Quarantine = append(r.d.Quarantine, q)
	}
	return rows.Err()
}

// listScanner scans a DuckDB LIST (NULL as empty).
type listScanner struct{ l *[]any }

func (s listScanner) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*s.l = nil
	case []any:
		*s.l = x
	default:
		return fmt.Errorf("list: cannot scan %T", v)
	}
	return nil
}

func (r *reportReader) readParams(ctx context.Context, db *sql.DB) error {
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
		r.d.Params = append(r.d.Params, p)
	}
	return rows.Err()
}

func (r *reportReader) readTiers(ctx context.Context, db *sql.DB) error {
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
		r.d.Tiers = append(r.d.Tiers, t)
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

// changeWords are the 变化 sheet's words for the change kinds of the changes table (change_kinds); a
// changed row says what changed from its flags.
var changeWords = map[string]string{"entered": "新进入名单", "left": "移出名单"}

// baselineWords name what a row of changes compares with (changes.baseline).
var baselineWords = map[string]string{"previous": "上次发布", "sent": "最近报送"}

// readChanges adds the 变化 sheet: the first thing a person checks after a nightly run. A comparison that
// could not be made is a row of its own, with the reason (change_baselines), never an empty sheet.
func (r *reportReader) readChanges(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `
		SELECT c.credit_code, coalesce(c.name, ''), coalesce(e.district, ''), c.rule_id, c.change,
		       coalesce(c.tier_changed, false), coalesce(c.amount_changed, false),
		       coalesce(c.tier_before, ''), coalesce(c.tier_after, ''), c.paid_before_yuan, c.paid_after_yuan,
		       c.compared_with_run_id, c.baseline
		FROM changes c
		LEFT JOIN (SELECT DISTINCT ON (credit_code) credit_code, area_code, district FROM enterprises
		           ORDER BY credit_code, source_file, source_sheet, source_row) e USING (credit_code)
		ORDER BY c.baseline, coalesce(e.area_code, ''), c.credit_code, c.rule_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	sheet := reports.Sheet{
		Name: reports.SheetChanges,
		Title: fmt.Sprintf("北京市%d年度高精尖产业发展资金「免申即享」拟奖励名单变化（与上次发布或最近报送的运行相比）",
			r.d.Run.PolicyYear),
		Columns: []reports.Column{{Header: "统一社会信用代码"}, {Header: "企业名称", MaxWidth: 30, MinWidth: 14}, {Header: "所属区"},
			{Header: "规则"}, {Header: "变化"}, {Header: "原档位"}, {Header: "现档位"},
			{Header: "原兑付金额（万元）"}, {Header: "现兑付金额（万元）"}, {Header: "比较的运行"}, {Header: "比较基准"}},
		DistrictColumn: 2,
	}
	for rows.Next() {
		var code, name, area, rule, change, tb, ta, prevRun, base string
		var tierChanged, amountChanged bool
		var before, after nullDecimal
		if err := rows.Scan(&code, &name, &area, &rule, &change, &tierChanged, &amountChanged, &tb, &ta, &before, &after,
			&prevRun, &base); err != nil {
			return err
		}
		if area == "" {
			area = "区未知"
		}
		words := changeWords[change]
		if change == "changed" {
			var w []string
			if tierChanged {
				w = append(w, "档位变化")
			}
			if amountChanged {
				w = append(w, "金额变化")
			}
			words = strings.Join(w, "、")
		}
		sheet.Rows = append(sheet.Rows, []any{reports.Code(code), name, area, rule, words, tb, ta,
			wanOrNil(before), wanOrNil(after), prevRun, baselineWords[base]})
	}
	if err := rows.Err(); err != nil {
		return err
	}
	failed, err := db.QueryContext(ctx, `SELECT baseline, coalesce(compared_with_run_id, ''), coalesce(detail, '')
		FROM change_baselines WHERE status = 'failed' ORDER BY baseline`)
	if err != nil {
		return err
	}
	defer failed.Close()
	for failed.Next() {
		var base, run, detail string
		if err := failed.Scan(&base, &run, &detail); err != nil {
			return err
		}
		sheet.Rows = append(sheet.Rows, []any{"", "未能比较：" + detail, "", "", "", "", "", nil, nil, run, baselineWords[base]})
	}
	if err := failed.Err(); err != nil {
		return err
	}
	if len(sheet.Rows) == 0 {
		sheet.Rows = append(sheet.Rows, []any{"", "无变化或无可比较的上次发布", "", "", "", "", "", nil, nil, "", ""})
	}
	r.d.Extra = append(r.d.Extra, sheet)
	return nil
}

func wanOrNil(n nullDecimal) any {
	if p := n.ptr(); p != nil {
		return reports.Wan(p.Shift(-4))
	}
	return nil
}
