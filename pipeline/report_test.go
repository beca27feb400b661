package pipeline

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/bjgjj/awards/reports"
	stages "github.com/bjgjj/awards/sql"
)

// reportDB is a database with the tables writeReports reads, filled by hand per the outputs.md
// contract: the decision stages' tables (decisions with the hold columns, decision_holds,
// affiliate_reviews and affiliate_members, resolution_status) are created here with the columns stage
// 300 gives them, so each kind of 待复核 line has a row behind it.
func reportDB(t *testing.T) *sql.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
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
	exec(t, db,
		// The hold reasons, as the decision stages label them.
		`INSERT INTO reason_codes SELECT * FROM (VALUES ('row_unreadable', '数据行无法读取', 'Row unreadable'),
			('affiliate_shift', '在京关联企业产值异常波动', 'Affiliate shift')) v(c, z, e)
			WHERE c NOT IN (SELECT code FROM reason_codes)`,
		`CREATE TABLE decisions (credit_code VARCHAR, rule_id VARCHAR, outcome VARCHAR, tier VARCHAR,
			amount_yuan DECIMAL(18,2), paid_yuan DECIMAL(18,2), reasons VARCHAR, remarks VARCHAR, near_miss BOOLEAN,
			prev_value DECIMAL(18,2), cur_value DECIMAL(18,2), net_value DECIMAL(18,2), growth DECIMAL(18,6),
			headcount_prev INTEGER, headcount_cur INTEGER, clause VARCHAR, params_used VARCHAR, eval_date DATE,
			direction INTEGER, round INTEGER, data_gap BOOLEAN, potential_tier VARCHAR, potential_amount_yuan DECIMAL(18,2))`,
		`CREATE TABLE decision_holds (credit_code VARCHAR, rule_id VARCHAR, reason VARCHAR, kind VARCHAR,
			source_file VARCHAR, source_sheet VARCHAR, source_row INTEGER, column_name VARCHAR, raw_value VARCHAR, detail VARCHAR)`,
		`CREATE TABLE affiliate_reviews (credit_code VARCHAR, rule_id VARCHAR, net_value_yuan DECIMAL(18,2),
			fall_total_yuan DECIMAL(18,2), limit_yuan DECIMAL(18,2), share DECIMAL(9,4))`,
		`CREATE TABLE affiliate_members (credit_code VARCHAR, rule_id VARCHAR, member_code VARCHAR, member_name VARCHAR,
			prev_yuan DECIMAL(18,2), cur_yuan DECIMAL(18,2), fall_yuan DECIMAL(18,2))`,
		`CREATE TABLE resolution_status (credit_code VARCHAR, rule_id VARCHAR, conclusion VARCHAR,
			confirmed_amount_yuan DECIMAL(18,2), reviewer VARCHAR, reviewed_on DATE, note VARCHAR, status VARCHAR,
			stale_reason VARCHAR, source_file VARCHAR, source_sheet VARCHAR, source_row INTEGER,
			computed_amount_yuan DECIMAL(18,2), outcome_before VARCHAR, reasons_before VARCHAR)`,
		`INSERT INTO enterprises (credit_code, name, industry_code, area_code, district, in_beijing, is_legal_person,
			code_check_ok, source_file, source_sheet, source_row) VALUES
			('91110105MA02CCCC3Z', '=1+1 煤业有限公司', '0610', '110105', '朝阳区', true, true, true, 'a.csv', '', 2),
			('91110108MA01AAAA1X', '近线科技有限公司', '3911', '110108', '海淀区', true, true, true, 'a.csv', '', 3),
			('91110108MA01BBBB2Y', '北京　全角（ＡＢＣ）有限公司', '3911', '110108', '海淀区', true, true, true, 'a.csv', '', 4),
			('91110108MA01CCCC3Z', '关联甲有限公司', '3911', '110108', '海淀区', true, true, true, 'a.csv', '', 5)`,
		`INSERT INTO policy_rules (rule_id, direction, name_zh, measure, end_month, headcount_not_below, tier_table,
			net_min_yuan, growth_min_pct, floor_yuan, round) VALUES
			('D10-3', 10, '工业首超1亿奖励', NULL, NULL, false, NULL, NULL, NULL, 100000000, 1),
			('D11-1', 11, '工业企业全年稳增长奖励', 'output_value', 12, true, 'A', 1000000000, 15, NULL, 2),
			('D11-2', 11, '工业企业一季度稳增长奖励', 'output_value', 3, false, 'B', 200000000, 15, NULL, 1)`,
		`INSERT INTO decided_rounds VALUES (1, '第一批'), (2, '第二批')`,
		`INSERT INTO decisions VALUES
			('91110105MA02CCCC3Z', 'D11-1', 'awarded', 'A1', 3000000, 3000000, '', '', false,
			 1000000000.01, 2234567890.13, 1234567890.12, 1.234568, 812, 905, '', '', DATE '2023-01-31', 11, 2, false, NULL, NULL),
			('91110108MA01AAAA1X', 'D11-2', 'refused', NULL, 0, 0, 'growth_below_threshold', '', true,
			 1000000000, 1145000000, 145000000, 0.145, NULL, NULL, '', '', DATE '2022-06-30', 11, 1, false, NULL, NULL),
			('91110108MA01BBBB2Y', 'D10-3', 'review', NULL, 700000, 0, 'row_unreadable', '', false,
			 NULL, 150000000, NULL, NULL, NULL, NULL, '', '', DATE '2022-06-30', 10, 1, false, NULL, 400000),
			('91110108MA01BBBB2Y', 'D11-1', 'review', 'A2', 10000000, 0, 'affiliate_shift', '', false,
			 5000000000, 6200000000, 1200000000, 0.24, 100, 110, '', '', DATE '2023-01-31', 11, 2, false, NULL, 10000000),
			('91110108MA01AAAA1X', 'D11-1', 'refused', NULL, 0, 0, 'missing_data:headcount', '', false,
			 5000000000, 6200000000, 1200000000, 0.24, 300, NULL, '', '', DATE '2023-01-31', 11, 2, true, 'A2', 10000000)`,
		`INSERT INTO decision_holds VALUES ('91110108MA01BBBB2Y', 'D10-3', 'row_unreadable', 'output_value', '产值.xlsx',
			'产值', 12, '本年', '1,2O5.30', 'bad_number')`,
		`INSERT INTO affiliate_reviews VALUES ('91110108MA01BBBB2Y', 'D11-1', 1200000000, 700000000, 600000000, 0.5)`,
		`INSERT INTO affiliate_members VALUES
			('91110108MA01BBBB2Y', 'D11-1', '91110108MA01CCCC3Z', NULL, 2000000000, 1500000000, 500000000),
			('91110108MA01BBBB2Y', 'D11-1', '91110108MA01DDDD4Q', '不在名录乙', 1000000000, 800000000, 200000000)`,
		`INSERT INTO resolution_status VALUES ('91110105MA02CCCC3Z', 'D11-1', '同意', 3000000, '张三', DATE '2023-02-01',
			NULL, 'stale', '本次结果为奖励，非待复核 / the pair is awarded in this run, not under review', '复核.xlsx', '待复核', 4,
			3000000, 'awarded', '')`,
		`INSERT INTO quarantine (source_file, source_sheet, source_row, kind, credit_code, column_name, raw_value, raw_row, reason)
			VALUES ('产值.xlsx', '产值', 12, 'output_value', '91110108MA01BBBB2Y', '本年', '1,2O5.30', '', 'bad_number'),
			       ('名录.csv', '', 9, 'above_scale', NULL, '统一社会信用代码', '9.11E+17', '', 'bad_code')`,
		`INSERT INTO load_report VALUES ('产值.xlsx', '产值', 'output_value', 10, 9, 1, 0, 0, '', '万元', NULL),
			('说明.docx', '', NULL, 0, 0, 0, 0, 0, NULL, NULL, '不是数据文件')`,
		`INSERT INTO policy_tiers VALUES ('D11-1', 'A1', 1000000000, 5000000000, 15, 20, 3000000, false, '2023年1月通知')`,
		`INSERT INTO policy_params VALUES ('shares.near_miss', '0.05', 0.05, NULL, false, 'project default', '临界未达比例', 'share')`,
		`INSERT INTO runs (run_id, started_at, policy_year, policy_sha256, program_version, input_dir)
			VALUES ('20230130T170000Z-abc123', TIMESTAMPTZ '2023-01-30 17:00:00+00', 2022, 'ab', 'test', '(demo)')`,
		`INSERT INTO run_inputs VALUES ('20230130T170000Z-abc123', '单位名录.csv', 'cd', 10, 2)`,
	)
	if err := recordScope(ctx, db, "20230130T170000Z-abc123", 0, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := recordChanges(ctx, db, "20230130T170000Z-abc123", t.TempDir(), findBaselines(t.TempDir())); err != nil {
		t.Fatal(err)
	}
	return db
}

func exec(t *testing.T, db *sql.DB, qs ...string) {
	t.Helper()
	for _, q := range qs {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestWorkbooksShowTheDatabaseExactly checks that the workbooks show the database's figures exactly:
// money scanned from DuckDB DECIMAL without a float, figures truncated beside thresholds, codes as
// text, names from the reference tables, reasons in words, and the decision stages' tables behind
// each 待复核 line.
func TestWorkbooksShowTheDatabaseExactly(t *testing.T) {
	db := reportDB(t)
	dir := t.TempDir()
	files, err := writeReports(context.Background(), db, dir, true)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range files.All() {
		names = append(names, filepath.Base(p))
	}
	want := []string{reports.FileName(2022), reports.PublicFileName(2022), reports.PaymentFileName(2022),
		reports.DistrictFileName(reports.FileName(2022), "朝阳区"), reports.DistrictFileName(reports.PublicFileName(2022), "朝阳区"),
		reports.DistrictFileName(reports.PaymentFileName(2022), "朝阳区"), reports.DistrictFileName(reports.FileName(2022), "海淀区")}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	f, err := excelize.OpenFile(files.Roster)
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
		"I3": "100000", "J3": "223456.78", "K3": "123456.78", "L3": "1.2345", "M3": "812", "N3": "905",
		"O3": "A1", "P3": "300", "R3": "第二批", "A4": "合计", "P4": "300",
	} {
		if got := get("方向11", cell); got != want {
			t.Errorf("方向11!%s = %q, want %q", cell, got, want)
		}
	}
	title := get("方向11", "A1")
	for _, w := range []string{"北京市2022年度", "拟奖励名单", "方向11·第一批、第二批", "第二批：本年值为2022年，上年值为2021年，参保人数为2021年末和2022年末"} {
		if !strings.Contains(title, w) {
			t.Errorf("方向11 title %q lacks %q", title, w)
		}
	}
	review, err := f.GetRows("待复核")
	if err != nil {
		t.Fatal(err)
	}
	byPair := map[string][]string{}
	for _, r := range review[2:] {
		if len(r) > 5 {
			byPair[r[2]+" "+r[5]] = r
		}
	}
	for pair, want := range map[string][]string{
		"91110108MA01BBBB2Y D10-3": {"待复核", "数据行无法读取：工业总产值 产值.xlsx（工作表 产值）第 12 行，列“本年”，原值“1,2O5.30”（数值无法识别）",
			"若同意，本次兑付 40.00万元"},
		"91110108MA01BBBB2Y D11-1": {"待复核", "91110108MA01CCCC3Z 关联甲有限公司：2021年 200,000.00万元 → 2022年 150,000.00万元，下降 50,000.00万元",
			"91110108MA01DDDD4Q 不在名录乙", "达到本企业净增量120,000.00万元的50%（60,000.00万元）"},
		"91110108MA01AAAA1X D11-2": {"临界未达", "增速 14.50%，门槛 15%（含），差 0.50 个百分点"},
		"91110108MA01AAAA1X D11-1": {"数据缺失", "缺少2022年末参保人数", "本次可兑付 1,000.00万元（档位 A2）"},
		"91110105MA02CCCC3Z D11-1": {"复核结论未采用", "核定金额 300.00万元，本次测算金额 300.00万元，复核人 张三，2023-02-01（复核.xlsx（工作表 待复核）第 4 行）：本次结果为奖励，非待复核"},
	} {
		r := byPair[pair]
		if r == nil {
			t.Errorf("%s not on 待复核", pair)
			continue
		}
		text := strings.Join(r, "|")
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: 待复核 line lacks %q:\n%s", pair, w, text)
			}
		}
	}
	quality, _ := f.GetRows("数据质量")
	var text string
	for _, r := range quality {
		text += strings.Join(r, "|") + "\n"
	}
	for _, w := range []string{"产值.xlsx|产值|工业总产值|12|91110108MA01BBBB2Y|北京　全角（ＡＢＣ）有限公司|本年|1,2O5.30|数值无法识别|暂缓兑付：D10-3",
		"名录.csv||规上名录|9|（无法识别）", "说明.docx||（未读取）|0|0|0|0|0|||不是数据文件"} {
		if !strings.Contains(text, w) {
			t.Errorf("数据质量 lacks %q:\n%s", w, text)
		}
	}
	hf, _ := f.GetHeaderFooter("方向11")
	if hf == nil || !strings.Contains(hf.OddHeader, "2023年1月31日") {
		t.Errorf("the run (30 Jan 17:00 UTC) is dated in Beijing time, 31 Jan: header %+v", hf)
	}
	if !strings.Contains(hf.OddFooter, "运行编号 20230130T1700-abc123") {
		t.Errorf("footer %q lacks the short run id", hf.OddFooter)
	}
}
