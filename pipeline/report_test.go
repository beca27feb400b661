package pipeline

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bjgjj/awards/reports"
	stages "github.com/bjgjj/awards/sql"
)

// TestWorkbookShowsTheDatabaseExactly fills the tables writeReports reads (decisions by hand, per the
// outputs.md contract) and checks that the workbook shows their figures exactly: money scanned from
// DuckDB DECIMAL without a float, codes as text, names from the reference tables, reasons in words.
func TestWorkbookShowsTheDatabaseExactly(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := createSchema(ctx, db, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, policyDDL); err != nil {
		t.Fatal(err)
	}
	decide, err := stages.Decide()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range decide {
		if s.Name == "310_reason_codes.sql" {
			if _, err := db.ExecContext(ctx, s.SQL); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, q := range []string{
		`CREATE TABLE decisions (credit_code VARCHAR, rule_id VARCHAR, outcome VARCHAR, tier VARCHAR,
			amount_yuan DECIMAL(18,2), paid_yuan DECIMAL(18,2), reasons VARCHAR, remarks VARCHAR, near_miss BOOLEAN,
			prev_value DECIMAL(18,2), cur_value DECIMAL(18,2), net_value DECIMAL(18,2), growth DECIMAL(18,6),
			headcount_prev INTEGER, headcount_cur INTEGER, clause VARCHAR, params_used VARCHAR, eval_date DATE)`,
		`INSERT INTO enterprises (credit_code, name, industry_code, area_code, area_name, in_beijing, is_legal_person,
			code_check_ok, source_file, source_sheet, source_row) VALUES
			('91110105MA02CCCC3Z', '=1+1 煤业有限公司', '0610', '110105', '朝阳区', true, true, true, 'a.csv', '', 2),
			('91110108MA01AAAA1X', '近线科技有限公司', '3911', '110108', '海淀区', true, true, true, 'a.csv', '', 3)`,
		`INSERT INTO policy_rules (rule_id, direction, name_zh, measure) VALUES
			('D11-1', 11, '工业企业全年稳增长奖励', 'output_value'), ('D11-2', 11, '工业企业一季度稳增长奖励', 'output_value')`,
		`INSERT INTO decisions VALUES
			('91110105MA02CCCC3Z', 'D11-1', 'awarded', 'A1', 3000000, 3000000, '', '', false,
			 1000000000.01, 2234567890.13, 1234567890.12, 1.234568, 812, 905, '', '', DATE '2023-01-31'),
			('91110108MA01AAAA1X', 'D11-2', 'refused', NULL, 0, 0, 'growth_below_threshold', '', true,
			 1000000000, 1145000000, 145000000, 0.145, NULL, NULL, '', '', DATE '2022-06-30')`,
		`INSERT INTO policy_tiers VALUES ('D11-1', 'A1', 1000000000, 5000000000, 15, 20, 3000000, false, '2023年1月通知')`,
		`INSERT INTO policy_params VALUES ('shares.near_miss', '0.05', 0.05, NULL, false, 'project default', '临界未达比例', 'share')`,
		`INSERT INTO runs (run_id, started_at, policy_year, policy_sha256, program_version, input_dir)
			VALUES ('run-1', TIMESTAMPTZ '2023-01-30 17:00:00+00', 2022, 'ab', 'test', '(demo)')`,
		`INSERT INTO run_inputs VALUES ('run-1', '单位名录.csv', 'cd', 10, 2)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	if _, err := recordChanges(ctx, db, "run-1", t.TempDir(), findBaselines(t.TempDir())); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	paths, err := writeReports(ctx, db, dir, true)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{reports.FileName(2022), reports.DistrictFileName(2022, "朝阳区"), reports.DistrictFileName(2022, "海淀区")}
	if len(paths) != len(want) {
		t.Fatalf("wrote %v, want %v", paths, want)
	}
	for i, p := range paths {
		if filepath.Base(p) != want[i] {
			t.Errorf("path %d is %s, want %s", i, filepath.Base(p), want[i])
		}
	}
	f, err := excelize.OpenFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	get := func(sheet, cell string) string {
		v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for cell, want := range map[string]string{
		"B3": "91110105MA02CCCC3Z", "C3": "=1+1 煤业有限公司", "D3": "朝阳区", "E3": "0610",
		"F3": "烟煤和无烟煤开采洗选", "G3": "工业企业全年稳增长奖励", "H3": "工业总产值",
		"I3": "100000", "J3": "223456.79", "K3": "123456.79", "L3": "1.234568", "M3": "812", "N3": "905",
		"O3": "A1", "P3": "300",
	} {
		if got := get("方向11", cell); got != want {
			t.Errorf("方向11!%s = %q, want %q", cell, got, want)
		}
	}
	if got := get("待复核", "O3"); got != "增速未达门槛" {
		t.Errorf("near miss reason %q, want the reason_codes label", got)
	}
	hf, _ := f.GetHeaderFooter("方向11")
	if hf == nil || !strings.Contains(hf.OddHeader, "2023年1月31日") {
		t.Errorf("the run (30 Jan 17:00 UTC) is dated in Beijing time, 31 Jan: header %+v", hf)
	}
}
