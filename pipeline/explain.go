package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/bjgjj/awards/reports/display"
)

// ExplainOptions tune [Explain].
type ExplainOptions struct {
	// Lang is "zh" (the default, also for "") or "en".
	Lang string
}

// Explain writes, for one enterprise, what a person answering its phone call needs: every rule's outcome in
// words, the amounts in 万元 with 元 in brackets, the figures with their periods named (2021年,
// 2022年1-3月) against the thresholds (shown truncated, shortfalls rounded up: package display), and for
// every reason the record behind it — 失信 dates, the 禁限目录 row and its scope, 投产年月, the 规上 years,
// the 专精特新 record and its validity, the prior awards a top-up or supersession rests on, the quarantined
// row behind a hold, the figure a data gap lacks and which kind of file it comes from, who resolved what
// and when — each with its source file and row. Chinese by default; Lang "en" writes English.
func Explain(ctx context.Context, dbPath, code string, w io.Writer, opts ExplainOptions) error {
	lang := strings.ToLower(strings.TrimSpace(opts.Lang))
	switch lang {
	case "", "zh":
		lang = "zh"
	case "en":
	default:
		return fmt.Errorf("--lang %q: want zh or en: %w", opts.Lang, ErrUsage)
	}
	db, err := OpenReadOnly(dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	x := &explainer{ctx: ctx, db: db, en: lang == "en", code: strings.ToUpper(strings.TrimSpace(code))}
	if err := x.load(); err != nil {
		if errors.Is(err, errNotInRegister) {
			return fmt.Errorf("enterprise %s is not in the register of %s: %w", x.code, dbPath, ErrUsage)
		}
		return fmt.Errorf("explain %s: %w", x.code, err)
	}
	_, err = io.WriteString(w, x.render())
	return err
}

var errNotInRegister = errors.New("not in the register")

// source is where a row came from.
type source struct {
	file, sheet string
	row         int
}

// explain rows of the loaded lists and the decision tables, for one enterprise.
type (
	exDecision struct {
		rule, name, outcome, tier, reasons, remarks, clause, measure string
		amount, paid                                                 decimal.Decimal
		prev, cur, net, growth, potAmount                            *decimal.Decimal
		headPrev, headCur                                            *int64
		nearMiss, dataGap                                            bool
		potTier                                                      string
		eval                                                         time.Time
		direction, endMonth                                          int
		floor, netMin, growthMin                                     *decimal.Decimal
		headcountRule                                                bool
	}
	exYearRow struct {
		year int
		src  source
	}
	exDishonest struct {
		listed  time.Time
		removed *time.Time
		src     source
	}
	exFund struct {
		direction int
		year      *int
		name      string
		src       source
	}
	exPrior struct {
		year, direction int
		item            string
		amount          *decimal.Decimal
		src             source
	}
	exRestricted struct {
		prefix, typ, scope string
		whole              bool
		src                source
	}
	exSpecialised struct {
		level, raw   string
		on, earliest time.Time
		until        *time.Time
		src          source
	}
	exHold struct {
		rule, reason, kind, column, raw, detail string
		src                                     source
	}
	exResolution struct {
		rule, conclusion, reviewer, note, status, stale, outcomeBefore, reasonsBefore string
		amount, computed                                                              *decimal.Decimal
		on                                                                            *time.Time
		src                                                                           source
	}
	exAffiliate struct {
		net, fall, limit, share decimal.Decimal
		members                 []exMember
	}
	exMember struct {
		code, name string
		prev, cur  *decimal.Decimal
		fall       decimal.Decimal
	}
	exFigure struct {
		measure     string
		year, month int
		value, prev *decimal.Decimal
		src         source
	}
	exCited struct {
		figure, measure, unit string
		year, month           int
		src                   source
	}
)

type explainer struct {
	ctx  context.Context
	db   *sql.DB
	en   bool
	code string

	name, area, industry, industryName, legalRaw string
	startMonth                                   *time.Time
	inBeijing, legal, codeOK                     bool
	regSrc                                       source
	// regUnreadable: the enterprise's register row was quarantined (these are its reasons): it was decided
	// with its register facts unknown (sql/100_stg_enterprises.sql) and regSrc is that row.
	regUnreadable string
	scopeDistrict string

	policyYear, refYear int
	history             string
	bonusWan            decimal.Decimal
	nearShare           decimal.Decimal
	advancedPrefixes    string
	rounds              []string

	decisions   []exDecision
	labels      map[string][2]string
	aboveScale  []exYearRow
	dishonesty  []exDishonest
	funds       []exFund
	prior       []exPrior
	restricted  []exRestricted
	specialised []exSpecialised
	holds       map[string][]exHold
	resolutions map[string][]exResolution
	affiliates  map[string]*exAffiliate
	figures     []exFigure
	heads       map[int]exYearRow // year → the December headcount row
	cited       map[string][]exCited
	quarantined []exHold
}

// tr picks the language.
func (x *explainer) tr(zh, en string) string {
	if x.en {
		return en
	}
	return zh
}

func (x *explainer) query(q string, scan func(*sql.Rows) error, args ...any) error {
	rows, err := x.db.QueryContext(x.ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (x *explainer) tableExists(name string) (bool, error) {
	var n int
	err := x.db.QueryRowContext(x.ctx, `SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND NOT internal`, name).Scan(&n)
	return n > 0, err
}

// dec reads a DECIMAL that the query cast to VARCHAR.
func dec(s sql.NullString) *decimal.Decimal {
	if !s.Valid {
		return nil
	}
	d, err := decimal.NewFromString(s.String)
	if err != nil {
		return nil
	}
	return &d
}

func (x *explainer) load() error {
	var area, industry, industryName, legalRaw, scope sql.NullString
	var start sql.NullTime
	// A database written before enterprises.area_name was renamed district (kept for audit) is explained too.
	district := "district"
	var renamed bool
	if err := x.db.QueryRowContext(x.ctx, `SELECT count(*) = 0 FROM duckdb_columns()
		WHERE table_name = 'enterprises' AND column_name = 'district'`).Scan(&renamed); err == nil && renamed {
		district = "area_name"
	}
	err := x.db.QueryRowContext(x.ctx, `SELECT e.name, e.`+district+`, e.industry_code, i.name, e.legal_person_raw, e.start_month,
		e.in_beijing, e.is_legal_person, e.code_check_ok, e.scope_district, e.source_file, e.source_sheet, e.source_row
		FROM enterprises e LEFT JOIN industry_codes i ON i.code = e.industry_code
		WHERE e.credit_code = ? ORDER BY e.source_file, e.source_sheet, e.source_row LIMIT 1`, x.code).
		Scan(&x.name, &area, &industry, &industryName, &legalRaw, &start, &x.inBeijing, &x.legal, &x.codeOK, &scope,
			&x.regSrc.file, &x.regSrc.sheet, &x.regSrc.row)
	if errors.Is(err, sql.ErrNoRows) {
		err = x.db.QueryRowContext(x.ctx, `SELECT source_file, source_sheet, source_row, reason FROM quarantine
			WHERE kind = 'enterprises' AND trim(credit_code) = ? ORDER BY source_file, source_sheet, source_row LIMIT 1`, x.code).
			Scan(&x.regSrc.file, &x.regSrc.sheet, &x.regSrc.row, &x.regUnreadable)
		if errors.Is(err, sql.ErrNoRows) {
			return errNotInRegister
		}
		x.codeOK = true // not known: no note
	}
	if err != nil {
		return err
	}
	x.area, x.industry, x.industryName, x.legalRaw, x.scopeDistrict = area.String, industry.String, industryName.String, legalRaw.String, scope.String
	if start.Valid {
		x.startMonth = &start.Time
	}
	params := map[string]string{}
	if err := x.query(`SELECT key, coalesce(value, '') FROM policy_params`, func(r *sql.Rows) error {
		var k, v string
		if err := r.Scan(&k, &v); err != nil {
			return err
		}
		params[k] = v
		return nil
	}); err != nil {
		return err
	}
	x.policyYear, _ = strconv.Atoi(params["policy_year"])
	x.refYear, _ = strconv.Atoi(params["reference_year"])
	x.history = params["d10_3.history_years"]
	x.bonusWan = decimal.RequireFromString(orZero(params["specialised.bonus"])).Div(decimal.NewFromInt(10000))
	x.nearShare = decimal.RequireFromString(orZero(params["shares.near_miss"]))
	x.advancedPrefixes = params["sectors.advanced_manufacturing"]
	if err := x.query(`SELECT round, label_zh FROM decided_rounds ORDER BY round`, func(r *sql.Rows) error {
		var n int
		var l string
		err := r.Scan(&n, &l)
		x.rounds = append(x.rounds, x.tr(l, map[int]string{1: "round 1 (direction 10 and the Q1 rules)", 2: "round 2 (the annual rules)"}[n]))
		return err
	}); err != nil {
		return err
	}
	if err := x.loadDecisions(); err != nil {
		return err
	}
	if x.labels, err = reasonLabels(x.ctx, x.db); err != nil {
		return err
	}
	return x.loadRecords()
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

func (x *explainer) loadDecisions() error {
	return x.query(`
		SELECT d.rule_id, coalesce(r.name_zh, ''), d.outcome, coalesce(d.tier, ''), coalesce(d.reasons, ''), coalesce(d.remarks, ''),
		       coalesce(d.clause, ''), coalesce(r.measure, CASE d.rule_id WHEN 'D10-3' THEN 'output_value' WHEN 'D10-4' THEN 'revenue' END, ''),
		       CAST(d.amount_yuan AS VARCHAR), CAST(d.paid_yuan AS VARCHAR), CAST(d.prev_value AS VARCHAR), CAST(d.cur_value AS VARCHAR),
		       CAST(d.net_value AS VARCHAR), CAST(d.growth AS VARCHAR), CAST(d.potential_amount_yuan AS VARCHAR),
		       d.headcount_prev, d.headcount_cur, coalesce(d.near_miss, false), coalesce(d.data_gap, false), coalesce(d.potential_tier, ''),
		       d.eval_date, coalesce(r.direction, 0), coalesce(r.end_month, 12),
		       CAST(r.floor_yuan AS VARCHAR), CAST(r.net_min_yuan AS VARCHAR), CAST(r.growth_min_pct AS VARCHAR), coalesce(r.headcount_not_below, false)
		FROM decisions d LEFT JOIN policy_rules r USING (rule_id)
		WHERE d.credit_code = ? ORDER BY d.rule_id`, func(r *sql.Rows) error {
		var d exDecision
		var amount, paid, prev, cur, net, growth, pot, floor, netMin, growthMin sql.NullString
		var hp, hc sql.NullInt64
		var eval sql.NullTime
		if err := r.Scan(&d.rule, &d.name, &d.outcome, &d.tier, &d.reasons, &d.remarks, &d.clause, &d.measure, &amount, &paid,
			&prev, &cur, &net, &growth, &pot, &hp, &hc, &d.nearMiss, &d.dataGap, &d.potTier, &eval, &d.direction, &d.endMonth,
			&floor, &netMin, &growthMin, &d.headcountRule); err != nil {
			return err
		}
		if a := dec(amount); a != nil {
			d.amount = *a
		}
		if p := dec(paid); p != nil {
			d.paid = *p
		}
		d.prev, d.cur, d.net, d.growth, d.potAmount = dec(prev), dec(cur), dec(net), dec(growth), dec(pot)
		d.floor, d.netMin, d.growthMin = dec(floor), dec(netMin), dec(growthMin)
		if hp.Valid {
			d.headPrev = &hp.Int64
		}
		if hc.Valid {
			d.headCur = &hc.Int64
		}
		if eval.Valid {
			d.eval = eval.Time
		}
		x.decisions = append(x.decisions, d)
		return nil
	}, x.code)
}

func scanSource(s *source) []any { return []any{&s.file, &s.sheet, &s.row} }

func (x *explainer) loadRecords() error {
	steps := []struct {
		q    string
		scan func(*sql.Rows) error
	}{
		{`SELECT year, source_file, source_sheet, source_row FROM above_scale WHERE credit_code = ? ORDER BY year`, func(r *sql.Rows) error {
			var y exYearRow
			err := r.Scan(append([]any{&y.year}, scanSource(&y.src)...)...)
			x.aboveScale = append(x.aboveScale, y)
			return err
		}},
		{`SELECT listed_on, removed_on, source_file, source_sheet, source_row FROM dishonesty WHERE credit_code = ? ORDER BY listed_on`, func(r *sql.Rows) error {
			var d exDishonest
			var removed sql.NullTime
			err := r.Scan(append([]any{&d.listed, &removed}, scanSource(&d.src)...)...)
			if removed.Valid {
				d.removed = &removed.Time
			}
			x.dishonesty = append(x.dishonesty, d)
			return err
		}},
		{`SELECT direction, year, coalesce(fund_name, ''), source_file, source_sheet, source_row FROM other_funds WHERE credit_code = ? ORDER BY direction, year`, func(r *sql.Rows) error {
			var f exFund
			var y sql.NullInt64
			err := r.Scan(append([]any{&f.direction, &y, &f.name}, scanSource(&f.src)...)...)
			if y.Valid {
				v := int(y.Int64)
				f.year = &v
			}
			x.funds = append(x.funds, f)
			return err
		}},
		{`SELECT year, direction, coalesce(item, ''), CAST(amount_yuan AS VARCHAR), source_file, source_sheet, source_row FROM prior_awards WHERE credit_code = ? ORDER BY year, direction, item`, func(r *sql.Rows) error {
			var p exPrior
			var a sql.NullString
			err := r.Scan(append([]any{&p.year, &p.direction, &p.item, &a}, scanSource(&p.src)...)...)
			p.amount = dec(a)
			x.prior = append(x.prior, p)
			return err
		}},
		{`SELECT level, coalesce(level_raw, level), recognized_on, recognized_earliest, valid_until, source_file, source_sheet, source_row
			FROM specialised WHERE credit_code = ? ORDER BY recognized_on`, func(r *sql.Rows) error {
			var s exSpecialised
			var until sql.NullTime
			err := r.Scan(append([]any{&s.level, &s.raw, &s.on, &s.earliest, &until}, scanSource(&s.src)...)...)
			if until.Valid {
				s.until = &until.Time
			}
			x.specialised = append(x.specialised, s)
			return err
		}},
	}
	for _, s := range steps {
		if err := x.query(s.q, s.scan, x.code); err != nil {
			return err
		}
	}
	// The catalogue rows that match the enterprise's industry and district (stage 205's test).
	if err := x.query(`SELECT prefix, control_type, scope, whole_city, source_file, source_sheet, source_row FROM restricted
		WHERE starts_with(?, prefix) AND (whole_city OR list_contains(string_split(replace(scope, ',', '、'), '、'), ?))
		ORDER BY prefix, source_file, source_row`, func(r *sql.Rows) error {
		var c exRestricted
		err := r.Scan(append([]any{&c.prefix, &c.typ, &c.scope, &c.whole}, scanSource(&c.src)...)...)
		x.restricted = append(x.restricted, c)
		return err
	}, x.industry, x.scopeDistrict); err != nil {
		return err
	}
	x.holds = map[string][]exHold{}
	if err := x.query(`SELECT rule_id, reason, coalesce(kind, ''), coalesce(column_name, ''), coalesce(raw_value, ''), coalesce(detail, ''),
		source_file, source_sheet, source_row FROM decision_holds WHERE credit_code = ? ORDER BY rule_id, reason, source_file, source_row`, func(r *sql.Rows) error {
		var h exHold
		err := r.Scan(append([]any{&h.rule, &h.reason, &h.kind, &h.column, &h.raw, &h.detail}, scanSource(&h.src)...)...)
		x.holds[h.rule] = append(x.holds[h.rule], h)
		return err
	}, x.code); err != nil {
		return err
	}
	if err := x.query(`SELECT coalesce(kind, ''), coalesce(column_name, ''), coalesce(raw_value, ''), reason, source_file, source_sheet, source_row
		FROM quarantine WHERE credit_code = ? ORDER BY source_file, source_sheet, source_row`, func(r *sql.Rows) error {
		var h exHold
		err := r.Scan(append([]any{&h.kind, &h.column, &h.raw, &h.detail}, scanSource(&h.src)...)...)
		x.quarantined = append(x.quarantined, h)
		return err
	}, x.code); err != nil {
		return err
	}
	x.resolutions = map[string][]exResolution{}
	if err := x.query(`SELECT rule_id, conclusion, coalesce(reviewer, ''), coalesce(note, ''), status, coalesce(stale_reason, ''),
		coalesce(outcome_before, ''), coalesce(reasons_before, ''), CAST(confirmed_amount_yuan AS VARCHAR), CAST(computed_amount_yuan AS VARCHAR),
		reviewed_on, source_file, source_sheet, source_row FROM resolution_status WHERE credit_code = ? ORDER BY rule_id, source_file, source_row`, func(r *sql.Rows) error {
		var s exResolution
		var amount, computed sql.NullString
		var on sql.NullTime
		err := r.Scan(append([]any{&s.rule, &s.conclusion, &s.reviewer, &s.note, &s.status, &s.stale, &s.outcomeBefore, &s.reasonsBefore,
			&amount, &computed, &on}, scanSource(&s.src)...)...)
		s.amount, s.computed = dec(amount), dec(computed)
		if on.Valid {
			s.on = &on.Time
		}
		x.resolutions[s.rule] = append(x.resolutions[s.rule], s)
		return err
	}, x.code); err != nil {
		return err
	}
	x.affiliates = map[string]*exAffiliate{}
	if err := x.query(`SELECT rule_id, CAST(net_value_yuan AS VARCHAR), CAST(fall_total_yuan AS VARCHAR), CAST(limit_yuan AS VARCHAR),
		CAST(share AS VARCHAR) FROM affiliate_reviews WHERE credit_code = ?`, func(r *sql.Rows) error {
		var rule string
		var n, f, l, s sql.NullString
		if err := r.Scan(&rule, &n, &f, &l, &s); err != nil {
			return err
		}
		a := &exAffiliate{}
		for _, p := range []struct {
			dst *decimal.Decimal
			v   sql.NullString
		}{{&a.net, n}, {&a.fall, f}, {&a.limit, l}, {&a.share, s}} {
			if d := dec(p.v); d != nil {
				*p.dst = *d
			}
		}
		x.affiliates[rule] = a
		return nil
	}, x.code); err != nil {
		return err
	}
	if err := x.query(`SELECT rule_id, member_code, coalesce(member_name, ''), CAST(prev_yuan AS VARCHAR), CAST(cur_yuan AS VARCHAR),
		CAST(fall_yuan AS VARCHAR) FROM affiliate_members WHERE credit_code = ? ORDER BY rule_id, member_code`, func(r *sql.Rows) error {
		var rule string
		var m exMember
		var p, c, f sql.NullString
		if err := r.Scan(&rule, &m.code, &m.name, &p, &c, &f); err != nil {
			return err
		}
		m.prev, m.cur = dec(p), dec(c)
		if d := dec(f); d != nil {
			m.fall = *d
		}
		if a := x.affiliates[rule]; a != nil {
			a.members = append(a.members, m)
		}
		return nil
	}, x.code); err != nil {
		return err
	}
	if err := x.query(`SELECT 'output_value', year, end_month, CAST(value_yuan AS VARCHAR), CAST(prev_value_yuan AS VARCHAR), source_file, source_sheet, source_row
		FROM output_value WHERE credit_code = ?
		UNION ALL
		SELECT 'revenue', year, end_month, CAST(value_yuan AS VARCHAR), CAST(prev_value_yuan AS VARCHAR), source_file, source_sheet, source_row
		FROM revenue WHERE credit_code = ?
		ORDER BY 1, 2, 3`, func(r *sql.Rows) error {
		var f exFigure
		var v, p sql.NullString
		err := r.Scan(append([]any{&f.measure, &f.year, &f.month, &v, &p}, scanSource(&f.src)...)...)
		f.value, f.prev = dec(v), dec(p)
		x.figures = append(x.figures, f)
		return err
	}, x.code, x.code); err != nil {
		return err
	}
	x.heads = map[int]exYearRow{}
	if err := x.query(`SELECT year, source_file, source_sheet, source_row FROM headcount WHERE credit_code = ? AND month = 12`, func(r *sql.Rows) error {
		var y exYearRow
		err := r.Scan(append([]any{&y.year}, scanSource(&y.src)...)...)
		x.heads[y.year] = y
		return err
	}, x.code); err != nil {
		return err
	}
	// decision_sources (built by a later stage when present) cites every figure a decision used.
	x.cited = map[string][]exCited{}
	if ok, err := x.tableExists("decision_sources"); err != nil {
		return err
	} else if ok {
		if err := x.query(`SELECT rule_id, figure, coalesce(measure, ''), coalesce(year, 0), coalesce(end_month, 0), coalesce(unit, ''),
			source_file, source_sheet, source_row FROM decision_sources WHERE credit_code = ? ORDER BY rule_id, figure`, func(r *sql.Rows) error {
			var rule string
			var c exCited
			err := r.Scan(append([]any{&rule, &c.figure, &c.measure, &c.year, &c.month, &c.unit}, scanSource(&c.src)...)...)
			x.cited[rule] = append(x.cited[rule], c)
			return err
		}, x.code); err != nil {
			return err
		}
	}
	return nil
}

// ---- rendering --------------------------------------------------------------------------------------

func (x *explainer) render() string {
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	line("%s %s", x.code, x.name)
	ind := x.industry
	if x.industryName != "" {
		ind += x.tr("（"+x.industryName+"）", " ("+x.industryName+")")
	}
	if x.regUnreadable != "" {
		line(x.tr("单位名录中该企业的行无法读取（已隔离，%s：%s）：登记信息不明，应付事项一律暂缓待复核，复核同意也不兑付；请更正单位名录后重新运行",
			"the enterprise's register row could not be read (quarantined, %s: %s): its register facts are unknown, so whatever it would be paid is held, and no 同意 pays it; correct the register and run again"),
			x.src(x.regSrc), x.regUnreadable)
	} else {
		line(x.tr("所属区 %s；行业代码 %s；单位名录：%s", "District %s; industry %s; register: %s"), orDash(x.area), orDash(ind), x.src(x.regSrc))
	}
	if x.policyYear > 0 {
		line(x.tr("政策年度 %d年（参考年度 %d年）；本次决定：%s", "Policy year %d (reference year %d); rounds decided: %s"),
			x.policyYear, x.refYear, strings.Join(x.rounds, x.tr("；", "; ")))
	}
	if !x.codeOK {
		line(x.tr("提示：信用代码校验位不符，请核对。", "Note: the credit code fails its check digit; please verify it."))
	}
	if len(x.quarantined) > 0 {
		line(x.tr("本批次有 %d 行关于该企业的数据未能读取（已隔离）：", "%d rows about this enterprise could not be read (quarantined):"), len(x.quarantined))
		for _, q := range x.quarantined {
			line("  - %s", x.quarantinedText(q))
		}
	}
	if len(x.decisions) == 0 {
		line("")
		line(x.tr("该企业不在任何规则的行业范围内（或其规则所属轮次本次未决定），没有决定。",
			"No rule applies to this enterprise's sector (or its rules' rounds were not decided in this run)."))
		return b.String()
	}
	for _, d := range x.decisions {
		line("")
		x.renderDecision(&b, d)
	}
	return b.String()
}

func (x *explainer) src(s source) string {
	if s.sheet != "" {
		return x.tr(fmt.Sprintf("%s 工作表 %s 第%d行", s.file, s.sheet, s.row), fmt.Sprintf("%s, sheet %s, row %d", s.file, s.sheet, s.row))
	}
	return x.tr(fmt.Sprintf("%s 第%d行", s.file, s.row), fmt.Sprintf("%s, row %d", s.file, s.row))
}

// money is an amount in 万元 with 元 in brackets, exactly: 30万元（300,000.00元）.
func (x *explainer) money(yuan decimal.Decimal) string {
	return x.tr(display.WanExact(yuan)+"万元（"+display.Yuan(yuan)+"元）", display.WanExact(yuan)+" 万元 ("+display.Yuan(yuan)+" yuan)")
}

// figure is a figure shown beside a threshold: 万元 truncated, 元 in brackets.
func (x *explainer) figure(yuan decimal.Decimal) string {
	return x.tr(display.WanShown(yuan)+"万元（"+display.Yuan(yuan)+"元）", display.WanShown(yuan)+" 万元 ("+display.Yuan(yuan)+" yuan)")
}

func (x *explainer) date(t time.Time) string {
	return x.tr(fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()), t.Format("2006-01-02"))
}

// period names a cumulative period: 2022年, 2022年1-3月.
func (x *explainer) period(year, month int) string {
	switch {
	case month == 12 || month == 0:
		return x.tr(fmt.Sprintf("%d年", year), strconv.Itoa(year))
	case month == 3:
		return x.tr(fmt.Sprintf("%d年1-3月", year), fmt.Sprintf("Jan–Mar %d", year))
	}
	return x.tr(fmt.Sprintf("%d年1-%d月", year, month), fmt.Sprintf("Jan–%s %d", time.Month(month).String()[:3], year))
}

func (x *explainer) measureName(m string) string {
	switch m {
	case "output_value":
		return x.tr("工业总产值", "gross industrial output")
	case "revenue":
		return x.tr("营业收入", "operating revenue")
	case "headcount":
		return x.tr("参保人数", "insured headcount")
	}
	return m
}

func (x *explainer) outcomeWords(o string) string {
	switch o {
	case "awarded":
		return x.tr("奖励", "awarded")
	case "topped_up":
		return x.tr("差额补齐", "topped up")
	case "superseded":
		return x.tr("不兑付（孰高兑付）", "superseded (one project a year)")
	case "review":
		return x.tr("待复核", "under review")
	case "refused":
		return x.tr("不予奖励", "refused")
	}
	return o
}

func (x *explainer) renderDecision(b *strings.Builder, d exDecision) {
	line := func(format string, a ...any) { fmt.Fprintf(b, "  "+format+"\n", a...) }
	head := d.rule + " " + d.name + x.tr("：", ": ")
	tier := ""
	if d.tier != "" {
		tier = x.tr("，档位 ", ", tier ") + d.tier
	}
	switch d.outcome {
	case "awarded":
		head += x.tr("奖励 ", "awarded ") + x.money(d.amount) + tier
	case "topped_up":
		head += x.tr("差额补齐：应奖 ", "topped up: award ") + x.money(d.amount) + x.tr("，本次兑付 ", ", paid now ") + x.money(d.paid)
	case "superseded":
		head += x.outcomeWords(d.outcome) + x.tr("：本项 ", ": this item ") + x.money(d.amount) + x.tr("，本次不兑付", ", not paid now")
	case "review":
		head += x.tr("待复核：计算金额 ", "under review: computed amount ") + x.money(d.amount) + tier + x.tr("，复核前不兑付", ", nothing paid until a person resolves it")
	default:
		head += x.outcomeWords(d.outcome)
	}
	fmt.Fprintln(b, head)
	basis := d.clause
	if !d.eval.IsZero() {
		basis += x.tr("；评价日 ", "; evaluation date ") + x.date(d.eval)
	}
	if basis != "" {
		line(x.tr("依据：%s", "Basis: %s"), basis)
	}
	x.renderFigures(b, d)
	for _, r := range splitReasons(d.reasons) {
		line(x.tr("原因：%s", "Reason: %s"), x.label(r))
		for _, s := range x.reasonRecords(d, r) {
			line("  %s", s)
		}
	}
	if d.nearMiss {
		line(x.tr("接近门槛：差距不超过门槛值的%s%%（含），已列入待复核表供参考，结果仍为不予奖励。",
			"Near miss: short by no more than %s%% of the threshold (inclusive); listed on 待复核 for information, still refused."),
			x.nearShare.Mul(decimal.NewFromInt(100)).String())
	}
	if d.dataGap {
		if d.potAmount != nil {
			pot := x.money(*d.potAmount)
			if d.potTier != "" {
				pot = x.tr("档位 ", "tier ") + d.potTier + " " + pot
			}
			line(x.tr("数据缺口：这不是结论，需补齐数据。补齐且达标时本次可兑付 %s。", "Data gap: not a verdict, data to obtain. With the missing figures meeting the rule it would pay %s now."), pot)
		} else {
			line(x.tr("数据缺口：这不是结论，需补齐数据；缺少本规则的考核指标，无法估算金额。",
				"Data gap: not a verdict, data to obtain; the rule's own measure is missing, so no amount can be estimated."))
		}
	}
	switch {
	case d.outcome == "review" && d.potAmount != nil && x.regUnreadable != "":
		line(x.tr("单位名录更正后，如仍如此，本次可兑付 %s。", "Once the register is corrected, if nothing else changes, it would pay %s now."), x.money(*d.potAmount))
	case d.outcome == "review" && d.potAmount != nil:
		line(x.tr("如复核同意，本次可兑付 %s。", "If resolved in its favour it would pay %s now."), x.money(*d.potAmount))
	}
	for _, r := range x.resolutions[d.rule] {
		line("%s", x.resolutionText(r))
	}
	if d.remarks != "" {
		line(x.tr("备注：%s", "Remarks: %s"), d.remarks)
		for _, s := range x.remarkRecords(d) {
			line("  %s", s)
		}
	}
	if d.outcome != "refused" && (d.rule == "D10-1" || d.rule == "D10-3" || d.rule == "D10-4") && !strings.Contains(d.remarks, "含专精特新") {
		// A 专精特新 record that did not count: say why there is no bonus.
		for _, s := range x.specialised {
			line(x.tr("专精特新：%s（评价日不在有效期内或级别不计入，不加奖）", "专精特新: %s (not valid on the evaluation date or a level that does not count: no bonus)"),
				x.specialisedText(s))
		}
	}
	for _, c := range x.cited[d.rule] {
		line(x.tr("数据来源：%s %s（%s）— %s", "Source: %s %s (%s) — %s"), x.period(c.year, c.month), x.measureName(c.measure),
			x.figureRole(c.figure, c.unit), x.src(c.src))
	}
	if len(x.cited) == 0 {
		for _, s := range x.figureSources(d) {
			line(x.tr("数据来源：%s", "Source: %s"), s)
		}
	}
}

func (x *explainer) figureRole(figure, unit string) string {
	role := map[string][2]string{"cur": {"本期值", "current"}, "prev": {"上期值", "previous"},
		"headcount_cur": {"本年末参保人数", "year-end headcount"}, "headcount_prev": {"上年末参保人数", "previous year-end headcount"}}[figure]
	s := x.tr(role[0], role[1])
	if s == "" {
		s = figure
	}
	if unit != "" {
		s += x.tr("，单位 ", ", unit ") + unit
	}
	return s
}

func splitReasons(s string) []string {
	var out []string
	for _, r := range strings.Split(s, ";") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}

func (x *explainer) label(code string) string {
	l, ok := x.labels[code]
	if !ok {
		if fam, _, cut := strings.Cut(code, ":"); cut {
			l = x.labels[fam]
		}
	}
	if x.en {
		if l[1] != "" {
			return l[1] + " (" + code + ")"
		}
		return code
	}
	if l[0] != "" {
		return l[0] + "（" + code + "）"
	}
	return code
}

// renderFigures shows the measure against the rule's thresholds, periods named, figures truncated and
// shortfalls rounded up (package display).
func (x *explainer) renderFigures(b *strings.Builder, d exDecision) {
	line := func(format string, a ...any) { fmt.Fprintf(b, "  "+format+"\n", a...) }
	ok := func(met bool) string {
		if met {
			return x.tr("满足", "met")
		}
		return x.tr("未满足", "not met")
	}
	m := x.measureName(d.measure)
	switch {
	case d.direction == 10 && d.floor != nil:
		// D10-3, D10-4: the level of R against the floor.
		if d.cur == nil {
			return
		}
		s := fmt.Sprintf(x.tr("%s%s %s", "%s %s %s"), x.period(x.refYear, 12), m, x.figure(*d.cur))
		if d.prev != nil {
			s += x.tr("（", " (") + x.period(x.refYear-1, 12) + " " + x.figure(*d.prev) + x.tr("）", ")")
		}
		line("%s", s)
		met := d.cur.GreaterThanOrEqual(*d.floor)
		t := fmt.Sprintf(x.tr("门槛 %s万元（含）：%s", "threshold %s 万元 (inclusive): %s"), display.WanExact(*d.floor), ok(met))
		if !met {
			t += fmt.Sprintf(x.tr("，差 %s万元", ", short by %s 万元"), display.Group(display.ShortfallWan(*d.cur, *d.floor).StringFixed(2)))
		}
		line("%s", t)
	case d.direction == 11:
		cur, prev := x.period(x.policyYear, d.endMonth), x.period(x.refYear, d.endMonth)
		if d.cur == nil && d.prev == nil {
			return
		}
		fig := func(v *decimal.Decimal) string {
			if v == nil {
				return x.tr("缺", "missing")
			}
			return x.figure(*v)
		}
		line(x.tr("%s：%s %s，%s %s", "%s: %s %s, %s %s"), m, prev, fig(d.prev), cur, fig(d.cur))
		if d.net != nil && d.netMin != nil {
			met := d.net.GreaterThanOrEqual(*d.netMin)
			t := fmt.Sprintf(x.tr("净增量 %s，门槛 %s万元（含）：%s", "net increase %s, threshold %s 万元 (inclusive): %s"),
				x.figure(*d.net), display.WanExact(*d.netMin), ok(met))
			if !met {
				t += fmt.Sprintf(x.tr("，差 %s万元", ", short by %s 万元"), display.Group(display.ShortfallWan(*d.net, *d.netMin).StringFixed(2)))
			}
			line("%s", t)
		}
		if d.net != nil && d.prev != nil && d.growthMin != nil {
			if pct, defined := display.PercentTrunc(*d.net, *d.prev); defined {
				// growth ≥ g% ⇔ net × 100 ≥ g × prev: compared exactly, shown truncated.
				met := d.net.Mul(decimal.NewFromInt(100)).GreaterThanOrEqual(d.growthMin.Mul(*d.prev))
				t := fmt.Sprintf(x.tr("增速 %s%%，门槛 %s%%（含）：%s", "growth %s%%, threshold %s%% (inclusive): %s"),
					pct.StringFixed(2), d.growthMin.String(), ok(met))
				if !met {
					t += fmt.Sprintf(x.tr("，差 %s个百分点", ", short by %s percentage points"),
						display.ShortfallPoints(*d.net, *d.prev, *d.growthMin).StringFixed(2))
				}
				line("%s", t)
			} else {
				line(x.tr("%s上期值不为正，增速无定义", "the %s figure of the earlier period is not positive: growth is undefined"), prev)
			}
		}
		if d.headcountRule {
			persons := func(n *int64) string {
				if n == nil {
					return x.tr("缺", "missing")
				}
				return strconv.FormatInt(*n, 10) + x.tr("人", "")
			}
			t := fmt.Sprintf(x.tr("参保人数：%d年末 %s，%d年末 %s", "insured headcount: end of %d %s, end of %d %s"),
				x.refYear, persons(d.headPrev), x.policyYear, persons(d.headCur))
			if d.headPrev != nil && d.headCur != nil {
				t += x.tr("；本年末不低于上年末：", "; year end not below the previous: ") + ok(*d.headCur >= *d.headPrev)
			}
			line("%s", t)
		}
	}
}

// figureSources names the rows the decision's figures came from, when no decision_sources table cites them.
func (x *explainer) figureSources(d exDecision) []string {
	var out []string
	find := func(measure string, year, month int) *exFigure {
		for i := range x.figures {
			f := &x.figures[i]
			if f.measure == measure && f.year == year && f.month == month {
				return f
			}
		}
		return nil
	}
	m := x.measureName(d.measure)
	switch {
	case d.direction == 10 && d.floor != nil:
		if f := find(d.measure, x.refYear, 12); f != nil {
			out = append(out, fmt.Sprintf(x.tr("%s%s %s", "%s %s: %s"), x.period(x.refYear, 12), m, x.src(f.src)))
		} else if f := find(d.measure, x.policyYear, 12); f != nil && f.prev != nil {
			out = append(out, fmt.Sprintf(x.tr("%s%s：%s行报送的上年同期 %s", "%s %s: reported as 上年同期 with %s, %s"),
				x.period(x.refYear, 12), m, x.period(x.policyYear, 12), x.src(f.src)))
		}
	case d.direction == 11:
		if f := find(d.measure, x.policyYear, d.endMonth); f != nil {
			out = append(out, fmt.Sprintf(x.tr("%s%s %s", "%s %s: %s"), x.period(x.policyYear, d.endMonth), m, x.src(f.src)))
			if f.prev != nil {
				out = append(out, fmt.Sprintf(x.tr("%s%s：同一行报送的上年同期", "%s %s: the 上年同期 reported on the same row"), x.period(x.refYear, d.endMonth), m))
			} else if p := find(d.measure, x.refYear, d.endMonth); p != nil {
				out = append(out, fmt.Sprintf(x.tr("%s%s %s", "%s %s: %s"), x.period(x.refYear, d.endMonth), m, x.src(p.src)))
			}
		}
		if d.headcountRule {
			for _, y := range []int{x.refYear, x.policyYear} {
				if h, ok := x.heads[y]; ok {
					out = append(out, fmt.Sprintf(x.tr("%d年末参保人数 %s", "headcount at the end of %d: %s"), y, x.src(h.src)))
				}
			}
		}
	}
	return out
}

// reasonRecords are the records behind one reason, each with its source.
func (x *explainer) reasonRecords(d exDecision, r string) []string {
	var out []string
	add := func(format string, a ...any) { out = append(out, fmt.Sprintf(format, a...)) }
	switch {
	case r == "not_beijing":
		add(x.tr("单位名录所属区：%s（%s）", "register district: %s (%s)"), orDash(x.area), x.src(x.regSrc))
	case r == "not_legal_person":
		if strings.HasPrefix(x.code, "92") {
			add("%s", x.tr("信用代码以92开头（个体工商户）", "the credit code begins 92 (individual business)"))
		}
		if x.legalRaw != "" {
			add(x.tr("是否独立法人：%s（%s）", "legal person: %s (%s)"), x.legalRaw, x.src(x.regSrc))
		}
	case r == "serious_dishonesty":
		from := d.eval.AddDate(-3, 0, 0)
		if d.eval.Month() == 2 && d.eval.Day() == 29 {
			from = time.Date(d.eval.Year()-3, 2, 28, 0, 0, 0, 0, time.UTC)
		}
		add(x.tr("核查期间 %s 至 %s（含）", "window %s to %s (inclusive)"), x.date(from), x.date(d.eval))
		for _, s := range x.dishonesty {
			if s.listed.After(d.eval) || (s.removed != nil && s.removed.Before(from)) {
				continue
			}
			removed := x.tr("仍在名单", "still listed")
			if s.removed != nil {
				removed = x.tr("移出 ", "removed ") + x.date(*s.removed)
			}
			add(x.tr("严重失信记录：列入 %s，%s（%s）", "serious dishonesty record: listed %s, %s (%s)"), x.date(s.listed), removed, x.src(s.src))
		}
	case r == "other_municipal_funds":
		for _, f := range x.funds {
			if f.direction != d.direction || (f.year != nil && *f.year != x.policyYear) {
				continue
			}
			y := x.tr("未注明年度", "no year given")
			if f.year != nil {
				y = strconv.Itoa(*f.year)
			}
			add(x.tr("已获其他市级资金：方向%d，%s，%s（%s）", "other municipal funds: direction %d, %s, %s (%s)"), f.direction, orDash(f.name), y, x.src(f.src))
		}
	case r == "already_awarded" || r == "prior_award_in_year":
		for _, p := range x.prior {
			earlierD10 := r == "already_awarded" && d.direction == 10 && p.direction == 10 && p.year < x.policyYear
			sameRule := r == "already_awarded" && p.year == x.policyYear && itemRule(p.item) == d.rule
			baseline := r == "prior_award_in_year" && p.year == x.policyYear && p.direction != 11
			if earlierD10 || sameRule || baseline {
				add("%s", x.priorText(p))
			}
		}
	case r == "restricted_industry":
		for _, c := range x.restricted {
			add(x.tr("禁限目录：行业代码 %s 开头，%s，适用区域 %s（%s）；本企业行业代码 %s，所属区 %s", "restricted catalogue: industry prefix %s, %s, scope %s (%s); the enterprise's code %s, district %s"),
				c.prefix, c.typ, c.scope, x.src(c.src), x.industry, orDash(x.scopeDistrict))
		}
	case r == "not_above_scale" || r == "not_first_above_scale":
		add("%s", x.aboveScaleText())
	case r == "not_started_in_year" || r == "missing_data:start_month":
		if x.startMonth != nil {
			add(x.tr("投产年月 %d年%d月（%s）；须在 %d年", "production started %d-%02d (%s); must be in %d"), x.startMonth.Year(), int(x.startMonth.Month()), x.src(x.regSrc), x.refYear)
		} else {
			add(x.tr("单位名录未填投产年月（%s）：请从单位名录（101-1表）的投产年月栏补齐", "the register gives no 投产年月 (%s): obtain it for the register (form 101-1)"), x.src(x.regSrc))
		}
	case r == "not_first_over_threshold":
		for _, f := range x.figures {
			if f.measure != d.measure || f.month != 12 {
				continue
			}
			if f.year < x.refYear && f.value != nil && d.floor != nil && f.value.GreaterThanOrEqual(*d.floor) {
				add(x.tr("%s%s %s，已达门槛（%s）", "%s %s %s already reached the threshold (%s)"), x.period(f.year, 12), x.measureName(f.measure), x.figure(*f.value), x.src(f.src))
			}
			if f.year <= x.refYear && f.prev != nil && d.floor != nil && f.prev.GreaterThanOrEqual(*d.floor) {
				add(x.tr("%s%s %s（随%s行报送的上年同期），已达门槛（%s）", "%s %s %s (reported as 上年同期 with %s) already reached the threshold (%s)"),
					x.period(f.year-1, 12), x.measureName(f.measure), x.figure(*f.prev), x.period(f.year, 12), x.src(f.src))
			}
		}
	case strings.HasPrefix(r, "missing_data:"):
		add("%s", x.missingText(d, strings.TrimPrefix(r, "missing_data:")))
	case strings.HasPrefix(r, "superseded_by:"):
		win := strings.TrimPrefix(r, "superseded_by:")
		for _, o := range x.decisions {
			if o.rule == win {
				add(x.tr("孰高兑付：%s %s（%s）金额更高或相同而规则号在前，本项不兑付", "one project a year: %s %s (%s) is higher, or equal with the lower rule id; this item is not paid"),
					o.rule, o.name, x.money(o.amount))
			}
		}
	case r == "affiliate_shift":
		out = append(out, x.affiliateText(d)...)
	case r == "row_unreadable" || r == "prior_award_amount_missing" || r == "missing_history" || r == "figures_disagree":
		for _, h := range x.holds[d.rule] {
			if h.reason == r {
				add("%s", x.holdText(h))
			}
		}
	case r == "rejected_on_review":
		// The resolution itself is printed below the reasons.
	}
	return out
}

func (x *explainer) priorText(p exPrior) string {
	amount := x.tr("金额缺失", "no amount")
	if p.amount != nil {
		amount = x.money(*p.amount)
	}
	return fmt.Sprintf(x.tr("已兑付奖励：%d年 方向%d %s %s（%s）", "prior award: %d, direction %d %s %s (%s)"), p.year, p.direction, orDash(p.item), amount, x.src(p.src))
}

func (x *explainer) aboveScaleText() string {
	if len(x.aboveScale) == 0 {
		return x.tr("规上名录中没有该企业", "the enterprise is not on the 规上 roster")
	}
	var parts []string
	for _, y := range x.aboveScale {
		parts = append(parts, fmt.Sprintf(x.tr("%s（%s）", "%s (%s)"), x.period(y.year, 12), x.src(y.src)))
	}
	return x.tr("规上年份：", "above-scale years: ") + strings.Join(parts, x.tr("、", "; "))
}

func (x *explainer) specialisedText(s exSpecialised) string {
	until := ""
	if s.until != nil {
		until = x.tr("有效期至 ", "valid until ") + x.date(*s.until)
	} else {
		until = x.tr("未注明有效期，按认定后三年计", "no end date: three years from recognition")
	}
	on := x.date(s.on)
	if !s.on.Equal(s.earliest) {
		on = x.tr(fmt.Sprintf("%s（只写到年或月，按最晚一日起算；三年有效期自 %s 起算）", on, x.date(s.earliest)),
			fmt.Sprintf("%s (given to the month or year: counted from the latest day; the three years run from %s)", on, x.date(s.earliest)))
	}
	return fmt.Sprintf(x.tr("%s，认定 %s，%s（%s）", "%s, recognised %s, %s (%s)"), s.raw, on, until, x.src(s.src))
}

func (x *explainer) remarkRecords(d exDecision) []string {
	var out []string
	if strings.Contains(d.remarks, "含专精特新") {
		for _, s := range x.specialised {
			out = append(out, x.tr("专精特新：", "专精特新: ")+x.specialisedText(s))
		}
	}
	if strings.Contains(d.remarks, "差额补齐") {
		for _, p := range x.prior {
			if p.year == x.policyYear && p.direction != 11 {
				out = append(out, x.priorText(p))
			}
		}
	}
	if strings.Contains(d.remarks, "行业范围为假设值") {
		out = append(out, fmt.Sprintf(x.tr("先进制造业范围（假设值，待核定）：行业代码前缀 %s；本企业 %s", "advanced manufacturing (assumed list, to be confirmed): prefixes %s; the enterprise's code %s"),
			x.advancedPrefixes, x.industry))
	}
	return out
}

func (x *explainer) kindName(k string) string {
	names := map[string][2]string{
		"enterprises": {"单位名录", "register"}, "above_scale": {"规上名录", "above-scale roster"}, "output_value": {"工业总产值", "output value"},
		"revenue": {"营业收入", "revenue"}, "headcount": {"参保人数（社保数据）", "insured headcount (social insurance)"},
		"specialised": {"专精特新名单", "专精特新 list"}, "dishonesty": {"严重失信主体名单", "serious dishonesty list"},
		"restricted": {"禁限目录", "restricted catalogue"}, "industrial_software": {"工业软件企业名单", "industrial software list"},
		"other_funds": {"已获其他市级资金名单", "other municipal funds list"}, "prior_awards": {"已兑付奖励", "prior awards"},
		"affiliates": {"在京关联企业", "Beijing affiliates"}, "resolutions": {"复核结论", "resolutions"},
	}
	n, ok := names[k]
	if !ok {
		return k
	}
	return x.tr(n[0], n[1])
}

func (x *explainer) quarantinedText(q exHold) string {
	return fmt.Sprintf(x.tr("%s：%s，列 %s 值“%s”，原因 %s", "%s: %s, column %s value %q, reason %s"), x.kindName(q.kind), x.src(q.src), orDash(q.column), q.raw, q.detail)
}

func (x *explainer) holdText(h exHold) string {
	switch h.reason {
	case "row_unreadable":
		return x.tr("无法读取的行：", "unreadable row: ") + x.quarantinedText(h)
	case "prior_award_amount_missing":
		return fmt.Sprintf(x.tr("已兑付奖励 %s 没有可读的金额，本年已兑付基数不明（%s）", "prior award %s has no readable amount: this year's baseline is unknown (%s)"), h.detail, x.src(h.src))
	case "missing_history":
		return fmt.Sprintf(x.tr("%s年为规上（%s），但本批次没有该企业%s年全年工业总产值（本年行或次年行的上年同期）：无法确认“首次”。核查年度：%s（假设值）",
			"above scale in %s (%s) but the batch has no annual output of its own for %s (own row or 上年同期 with the next year): \"first\" cannot be confirmed. Years checked: %s (assumed)"),
			h.detail, x.src(h.src), h.detail, x.history)
	case "figures_disagree":
		v := h.raw
		if d, err := decimal.NewFromString(h.raw); err == nil {
			v = x.figure(d)
		}
		what := x.tr("本身数值", "own figure")
		if h.column == "上年同期" {
			what = x.tr("次年行报送的上年同期", "上年同期 reported with the next year")
		}
		return fmt.Sprintf(x.tr("%s%s：%s %s（%s）", "%s %s: %s %s (%s)"), x.period(x.refYear, 12), x.measureName(h.kind), what, v, x.src(h.src))
	}
	return h.detail
}

func (x *explainer) missingText(d exDecision, measure string) string {
	var what []string
	switch measure {
	case "headcount":
		if d.headPrev == nil {
			what = append(what, fmt.Sprintf(x.tr("%d年末参保人数", "insured headcount at the end of %d"), x.refYear))
		}
		if d.headCur == nil {
			what = append(what, fmt.Sprintf(x.tr("%d年末参保人数", "insured headcount at the end of %d"), x.policyYear))
		}
		return x.tr("缺少 ", "missing: ") + strings.Join(what, x.tr("、", ", ")) + x.tr("，来自参保人数（社保数据）文件", ", from the insured-headcount (social insurance) file")
	case "output_value", "revenue":
		file := x.tr("来自"+x.measureName(measure)+"文件", ", from the "+x.measureName(measure)+" file")
		if d.direction == 10 {
			return fmt.Sprintf(x.tr("缺少 %s%s，%s", "missing: %s %s%s"), x.period(x.refYear, 12), x.measureName(measure), file)
		}
		if d.cur == nil {
			what = append(what, x.period(x.policyYear, d.endMonth)+x.tr("", " ")+x.measureName(measure))
		}
		if d.prev == nil {
			what = append(what, x.period(x.refYear, d.endMonth)+x.tr("", " ")+x.measureName(measure)+x.tr("（或本期行报送的上年同期）", " (or the 上年同期 reported with the current period)"))
		}
		sep := x.tr("，", "")
		return x.tr("缺少 ", "missing: ") + strings.Join(what, x.tr("、", ", ")) + sep + file
	case "start_month":
		return x.tr("缺少投产年月，来自单位名录（101-1表）", "missing: the month production started, from the register (form 101-1)")
	}
	return measure
}

func (x *explainer) affiliateText(d exDecision) []string {
	a := x.affiliates[d.rule]
	if a == nil {
		return nil
	}
	out := []string{fmt.Sprintf(x.tr("本企业净增量 %s；同集团其他成员下降合计 %s，达到界限 %s（净增量×%s）",
		"this enterprise's net increase %s; the group's other members fell by %s in total, at or above the limit %s (net × %s)"),
		x.figure(a.net), x.figure(a.fall), x.figure(a.limit.Round(2)), a.share.String())}
	for _, m := range a.members {
		v := func(p *decimal.Decimal) string {
			if p == nil {
				return x.tr("缺", "missing")
			}
			return x.figure(*p)
		}
		name := m.name
		if name == "" {
			name = x.tr("（不在名录）", "(not in the register)")
		}
		out = append(out, fmt.Sprintf(x.tr("成员 %s %s：%s %s，%s %s，下降 %s", "member %s %s: %s %s, %s %s, fell %s"), m.code, name,
			x.period(x.refYear, d.endMonth), v(m.prev), x.period(x.policyYear, d.endMonth), v(m.cur), x.figure(m.fall)))
	}
	return out
}

func (x *explainer) resolutionText(r exResolution) string {
	who := orDash(r.reviewer)
	when := "—"
	if r.on != nil {
		when = r.on.Format("2006-01-02")
	}
	amount := ""
	if r.amount != nil {
		amount = x.tr("，核定金额 ", ", confirmed amount ") + x.money(*r.amount)
	}
	s := fmt.Sprintf(x.tr("复核结论：%s%s，复核人 %s，%s（%s）", "resolution: %s%s, reviewer %s, %s (%s)"), r.conclusion, amount, who, when, x.src(r.src))
	if r.status == "applied" {
		return s + x.tr("——已采用", " — applied")
	}
	zh, en, _ := strings.Cut(r.stale, " / ")
	return s + x.tr("——未采用："+zh, " — not applied: "+en)
}

func reasonLabels(ctx context.Context, db *sql.DB) (map[string][2]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT code, label_zh, label_en FROM reason_codes`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string][2]string{}
	for rows.Next() {
		var c, zh, en string
		if err := rows.Scan(&c, &zh, &en); err != nil {
			return nil, err
		}
		m[c] = [2]string{zh, en}
	}
	return m, rows.Err()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// itemRule reads a 已兑付奖励 row's 项目 as a rule id the way stage 200 matches it: spaces removed, any dash
// a hyphen, letters upper-cased (D11 —2 is D11-2).
func itemRule(item string) string {
	var b strings.Builder
	for _, r := range item {
		switch {
		case unicode.IsSpace(r):
		case strings.ContainsRune("_‐‑‒–—―−﹣－", r):
			b.WriteByte('-')
		default:
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}
