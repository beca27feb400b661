package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/shopspring/decimal"
)

// OpenReadOnly opens a published database for reading. DuckDB lets any number of processes hold a file
// read-only at once, so analysts' sessions and these commands never block the nightly run, which
// writes a new file instead of the published one.
func OpenReadOnly(path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("database %s does not exist (run `awards run` first, or pass --db): %w", path, ErrNoInput)
	}
	db, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// Schema writes the documented schema: every table and view with its comment, then its columns with
// types and comments.
func Schema(ctx context.Context, dbPath string, w io.Writer) error {
	db, err := OpenReadOnly(dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	return writeSchema(ctx, db, w)
}

func writeSchema(ctx context.Context, db *sql.DB, w io.Writer) error {
	keys, err := schemaKeys(ctx, db)
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, `
		SELECT t.name, t.kind, coalesce(t.comment, ''), c.column_name, c.data_type, coalesce(c.comment, '')
		FROM (SELECT table_name AS name, 'table' AS kind, comment FROM duckdb_tables() WHERE NOT internal
		      UNION ALL
		      SELECT view_name, 'view', comment FROM duckdb_views() WHERE NOT internal) t
		JOIN duckdb_columns() c ON c.table_name = t.name AND NOT c.internal
		ORDER BY t.kind, t.name, c.column_index`)
	if err != nil {
		return err
	}
	defer rows.Close()
	last := ""
	for rows.Next() {
		var name, kind, tcomment, col, typ, ccomment string
		if err := rows.Scan(&name, &kind, &tcomment, &col, &typ, &ccomment); err != nil {
			return err
		}
		if name != last {
			if last != "" {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "%s %s -- %s\n", kind, name, tcomment)
			for _, k := range keys[name] {
				fmt.Fprintf(w, "  %s\n", k)
			}
			last = name
		}
		fmt.Fprintf(w, "  %-22s %-16s %s\n", col, typ, ccomment)
	}
	return rows.Err()
}

// schemaKeys returns each table's primary key and unique keys, as DDL text.
func schemaKeys(ctx context.Context, db *sql.DB) (map[string][]string, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT table_name, constraint_text FROM duckdb_constraints()
		WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE')
		UNION ALL
		SELECT table_name, regexp_replace(sql, '^CREATE UNIQUE INDEX \S+ ON \S+\s*', 'UNIQUE') FROM duckdb_indexes() WHERE is_unique
		ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("schema keys: %w", err)
	}
	defer rows.Close()
	keys := map[string][]string{}
	for rows.Next() {
		var table, text string
		if err := rows.Scan(&table, &text); err != nil {
			return nil, err
		}
		keys[table] = append(keys[table], "key: "+strings.TrimSuffix(text, ";"))
	}
	return keys, rows.Err()
}

// Explain writes, for one enterprise, every rule's outcome with its reasons in Chinese and English, the
// figures used, the policy parameters and the clause.
func Explain(ctx context.Context, dbPath, code string, w io.Writer) error {
	db, err := OpenReadOnly(dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	code = strings.ToUpper(strings.TrimSpace(code))
	var name, area, industry sql.NullString
	err = db.QueryRowContext(ctx, `SELECT name, area_name, industry_code FROM enterprises WHERE credit_code = ?`, code).
		Scan(&name, &area, &industry)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("enterprise %s is not in the register of %s: %w", code, dbPath, ErrUsage)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s %s（%s，行业代码 %s）\n", code, name.String, orDash(area.String), orDash(industry.String))
	rows, err := db.QueryContext(ctx, `
		SELECT d.rule_id, d.outcome, coalesce(d.tier, ''), d.amount_yuan::VARCHAR, d.paid_yuan::VARCHAR,
		       coalesce(d.reasons, ''), coalesce(d.remarks, ''), d.near_miss,
		       coalesce(d.prev_value::VARCHAR, ''), coalesce(d.cur_value::VARCHAR, ''),
		       coalesce(d.net_value::VARCHAR, ''), coalesce(d.growth::VARCHAR, ''),
		       coalesce(d.headcount_prev::VARCHAR, ''), coalesce(d.headcount_cur::VARCHAR, ''),
		       coalesce(d.clause, ''), coalesce(d.params_used, ''), coalesce(d.eval_date::VARCHAR, ''),
		       coalesce(r.name_zh, '')
		FROM decisions d LEFT JOIN policy_rules r USING (rule_id)
		WHERE d.credit_code = ? ORDER BY d.rule_id`, code)
	if err != nil {
		return err
	}
	defer rows.Close()
	labels, err := reasonLabels(ctx, db)
	if err != nil {
		return err
	}
	n := 0
	for rows.Next() {
		var rule, outcome, tier, amount, paid, reasons, remarks, prev, cur, net, growth, hp, hc, clause, params, eval, ruleName string
		var near bool
		if err := rows.Scan(&rule, &outcome, &tier, &amount, &paid, &reasons, &remarks, &near, &prev, &cur, &net,
			&growth, &hp, &hc, &clause, &params, &eval, &ruleName); err != nil {
			return err
		}
		n++
		fmt.Fprintf(w, "\n%s %s — %s / %s\n", rule, ruleName, outcomeZH[outcome], outcome)
		if clause != "" {
			fmt.Fprintf(w, "  依据 clause: %s；评价日 evaluation date: %s\n", clause, eval)
		}
		if cur != "" || prev != "" {
			fmt.Fprintf(w, "  数据 figures: 上年值 prev %s 元，本年值 cur %s 元，净增量 net %s 元，增速 growth %s\n",
				orDash(prev), orDash(cur), orDash(net), formatGrowth(growth))
		}
		if hp != "" || hc != "" {
			fmt.Fprintf(w, "  参保人数 headcount: 上年末 %s，本年末 %s\n", orDash(hp), orDash(hc))
		}
		if params != "" {
			fmt.Fprintf(w, "  参数 parameters: %s\n", params)
		}
		for _, c := range comparisons(params, prev, cur, net, hp, hc, rule) {
			fmt.Fprintf(w, "  比较 comparison: %s\n", c)
		}
		if tier != "" {
			fmt.Fprintf(w, "  档位 tier: %s\n", tier)
		}
		fmt.Fprintf(w, "  金额 amount: %s 元；本次兑付 paid now: %s 元\n", amount, paid)
		if reasons != "" {
			for _, r := range strings.Split(reasons, ";") {
				l := labels[r]
				if l[0] == "" {
					if fam, _, ok := strings.Cut(r, ":"); ok {
						l = labels[fam]
					}
				}
				fmt.Fprintf(w, "  原因 reason: %s — %s / %s\n", r, l[0], l[1])
			}
		}
		if near {
			fmt.Fprintln(w, "  接近门槛 near miss: 差距不足门槛值的 5%，列入待复核表")
		}
		if strings.Contains(reasons, "affiliate_shift") {
			if err := explainAffiliates(ctx, db, w, code, rule); err != nil {
				return err
			}
		}
		if remarks != "" {
			fmt.Fprintf(w, "  备注 remarks: %s\n", remarks)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintln(w, "\n无适用规则 no rule applies to this enterprise's sector")
	}
	return nil
}

var outcomeZH = map[string]string{
	"awarded": "奖励", "topped_up": "差额补齐", "superseded": "被替代（孰高兑付）", "review": "待复核", "refused": "不予奖励",
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

func formatGrowth(g string) string {
	if g == "" {
		return "—"
	}
	d, err := decimal.NewFromString(g)
	if err != nil {
		return g
	}
	return d.Shift(2).StringFixed(2) + "%"
}

// comparisons spells out, in Chinese, the threshold comparisons a decision rests on, from the figures
// and the policy parameters it recorded. Growth is compared as rules.md says, without division:
// growth ≥ g% ⇔ net × 100 ≥ g × prev.
func comparisons(params, prev, cur, net, hp, hc, rule string) []string {
	p := map[string]decimal.Decimal{}
	for _, kv := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if d, err := decimal.NewFromString(v); err == nil {
			p[k[strings.Index(k, ".")+1:]] = d
		}
	}
	dec := func(s string) (decimal.Decimal, bool) {
		d, err := decimal.NewFromString(s)
		return d, err == nil
	}
	mark := func(ok bool) string {
		if ok {
			return "✓ 满足"
		}
		return "✗ 未满足"
	}
	var out []string
	if floor, ok := p["floor"]; ok {
		if c, ok := dec(cur); ok {
			out = append(out, fmt.Sprintf("本年值 %s 元 ≥ 门槛 %s 元（含）%s", c.StringFixed(2), floor.StringFixed(2), mark(c.GreaterThanOrEqual(floor))))
		}
	}
	if min, ok := p["net_min"]; ok {
		if n, ok := dec(net); ok {
			out = append(out, fmt.Sprintf("净增量 %s 元 ≥ %s 元（含）%s", n.StringFixed(2), min.StringFixed(2), mark(n.GreaterThanOrEqual(min))))
		}
	}
	if g, ok := p["growth_min_pct"]; ok {
		n, okn := dec(net)
		pv, okp := dec(prev)
		if okn && okp {
			if !pv.IsPositive() {
				out = append(out, fmt.Sprintf("上年值 %s 元 ≤ 0：增速无定义 ✗", pv.StringFixed(2)))
			} else {
				lhs, rhs := n.Mul(decimal.NewFromInt(100)), g.Mul(pv)
				out = append(out, fmt.Sprintf("增速 ≥ %s%%（含）⇔ 净增量×100 = %s ≥ %s×上年值 = %s %s", g.String(),
					lhs.StringFixed(2), g.String(), rhs.StringFixed(2), mark(lhs.GreaterThanOrEqual(rhs))))
			}
		}
	}
	if (rule == "D11-1" || rule == "D11-3") && hp != "" && hc != "" {
		a, oka := dec(hc)
		b, okb := dec(hp)
		if oka && okb {
			out = append(out, fmt.Sprintf("参保人数 本年末 %s ≥ 上年末 %s %s", hc, hp, mark(a.GreaterThanOrEqual(b))))
		}
	}
	return out
}

// explainAffiliates lists the other members of the enterprise's groups with their figures over the rule's
// periods, so a reviewer sees the falls behind an affiliate_shift flag.
func explainAffiliates(ctx context.Context, db *sql.DB, w io.Writer, code, rule string) error {
	measure, month := "output_value", 12
	switch rule {
	case "D11-2":
		month = 3
	case "D11-3":
		measure = "revenue"
	case "D11-4":
		measure, month = "revenue", 3
	}
	rows, err := db.QueryContext(ctx, `
		WITH p AS (SELECT max(policy_year) AS y FROM runs),
		members AS (
			SELECT DISTINCT a2.group_id, a2.credit_code FROM affiliates a1
			JOIN affiliates a2 ON a2.group_id = a1.group_id AND a2.credit_code <> a1.credit_code
			WHERE a1.credit_code = ?)
		SELECT m.group_id, m.credit_code, coalesce(e.name, '（不在名录 not in the register）'),
		       coalesce(cur.prev_value_yuan, prv.value_yuan)::VARCHAR, cur.value_yuan::VARCHAR
		FROM members m CROSS JOIN p
		LEFT JOIN enterprises e ON e.credit_code = m.credit_code
		LEFT JOIN measures_by_period cur ON cur.credit_code = m.credit_code AND cur.measure = ? AND cur.year = p.y AND cur.end_month = ?
		LEFT JOIN measures_by_period prv ON prv.credit_code = m.credit_code AND prv.measure = ? AND prv.year = p.y - 1 AND prv.end_month = ?
		ORDER BY m.group_id, m.credit_code`, code, measure, month, measure, month)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var group, member, name string
		var prev, cur sql.NullString
		if err := rows.Scan(&group, &member, &name, &prev, &cur); err != nil {
			return err
		}
		fall := "—"
		if p, err1 := decimal.NewFromString(prev.String); err1 == nil {
			if c, err2 := decimal.NewFromString(cur.String); err2 == nil {
				fall = decimal.Max(decimal.Zero, p.Sub(c)).StringFixed(2) + " 元"
			}
		}
		fmt.Fprintf(w, "  关联企业 affiliate (集团 %s): %s %s 上年 %s，本年 %s，下降 fall %s\n", group, member, name,
			orDash(prev.String), orDash(cur.String), fall)
	}
	return rows.Err()
}
