package pipeline

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/bjgjj/awards/pipeline/policy"
	stages "github.com/bjgjj/awards/sql"
)

func TestZZDiagDecide(t *testing.T) {
	src := os.Getenv("DIAG_DB")
	if src == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, err := sql.Open("duckdb", src)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	conn, _ := db.Conn(ctx)
	p, _ := policy.Embedded(2022)
	if err := writePolicy(ctx, conn, p, time.Time{}); err != nil {
		t.Fatal(err)
	}
	list, _ := stages.Decide()
	for _, s := range list {
		if os.Getenv("DIAG_FIX") != "" && s.Name == "250_d11_wenyunxing.sql" {
			s.SQL = strings.Replace(s.SQL, "hp.persons AS headcount_prev, hc.persons AS headcount_cur", "CASE WHEN r.headcount_not_below THEN hp.persons END AS headcount_prev, CASE WHEN r.headcount_not_below THEN hc.persons END AS headcount_cur", 1)
			s.SQL = strings.Replace(s.SQL, "ON r.headcount_not_below AND hp.credit_code", "ON hp.credit_code", 1)
			s.SQL = strings.Replace(s.SQL, "ON r.headcount_not_below AND hc.credit_code", "ON hc.credit_code", 1)
			if os.Getenv("DIAG_FIX") == "2" {
				s.SQL = strings.Replace(s.SQL, "kv(d.rule_key || '.net_min') || ';' || kv(d.rule_key || '.growth_min_pct')", "pn.key || '=' || coalesce(pn.value, '') || ';' || pg.key || '=' || coalesce(pg.value, '')", 1)
				s.SQL = strings.Replace(s.SQL, "WHERE f.credit_code = d.credit_code AND f.rule_id = d.rule_id;", "LEFT JOIN policy_params pn ON pn.key = d.rule_key || '.net_min'\nLEFT JOIN policy_params pg ON pg.key = d.rule_key || '.growth_min_pct'\nWHERE f.credit_code = d.credit_code AND f.rule_id = d.rule_id;", 1)
			}
		}
		for _, st := range strings.Split(s.SQL, ";\n") {
			if strings.TrimSpace(stripComments(st)) == "" {
				continue
			}
			t0 := time.Now()
			if _, err := conn.ExecContext(ctx, st); err != nil {
				t.Fatalf("%s: %v\n%s", s.Name, err, st)
			}
			if d := time.Since(t0); d > 100*time.Millisecond {
				t.Logf("%s %v: %.200s", s.Name, d, strings.TrimSpace(stripComments(st)))
			}
		}
	}
}

func stripComments(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
