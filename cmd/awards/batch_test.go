package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bjgjj/awards/pipeline/synth"
)

// TestDemoOutcomesMatchTheManifest checks the demo's hand-made cases (each with the outcome rules.md gives
// it, worked out by hand in pipeline/synth) against what the real pipeline decided.
func TestDemoOutcomesMatchTheManifest(t *testing.T) {
	db := filepath.Join(demoRun(t), "awards.duckdb")
	recs := queryCSV(t, db, `SELECT credit_code, rule_id, outcome, coalesce(tier, ''), amount_yuan, paid_yuan,
		reasons, remarks, near_miss FROM decisions`)
	got := map[string][]string{}
	for _, r := range recs[1:] {
		got[r[0]+"/"+r[1]] = r[2:]
	}
	manifest := synth.DemoManifest()
	if len(manifest) < 50 {
		t.Fatalf("manifest has only %d cases", len(manifest))
	}
	for _, e := range manifest {
		d, ok := got[e.Code+"/"+e.Rule]
		if !ok {
			if e.Outcome != "" {
				t.Errorf("%s %s (%s): no decision", e.Code, e.Rule, e.Case)
			}
			continue
		}
		want := []string{e.Outcome, e.Tier, fmt.Sprintf("%d.00", e.AmountYuan), fmt.Sprintf("%d.00", e.PaidYuan)}
		for i, w := range want {
			if d[i] != w {
				t.Errorf("%s %s (%s): got %v, want outcome/tier/amount/paid %v", e.Code, e.Rule, e.Case, d[:4], want)
				break
			}
		}
		if e.Reason != "" && !containsItem(d[4], ";", e.Reason) {
			t.Errorf("%s %s (%s): reasons %q lack %s", e.Code, e.Rule, e.Case, d[4], e.Reason)
		}
		if e.Remark != "" && !strings.Contains(d[5], e.Remark) {
			t.Errorf("%s %s (%s): remarks %q lack %s", e.Code, e.Rule, e.Case, d[5], e.Remark)
		}
		if (d[6] == "true") != e.NearMiss {
			t.Errorf("%s %s (%s): near_miss %s, want %v", e.Code, e.Rule, e.Case, d[6], e.NearMiss)
		}
	}
}

func containsItem(list, sep, item string) bool {
	for _, x := range strings.Split(list, sep) {
		if x == item {
			return true
		}
	}
	return false
}

// TestSameInputsSameDecisionsAndCells runs the same batch twice and compares every decision and every
// cell of every sheet but 说明 (which names the run).
func TestSameInputsSameDecisionsAndCells(t *testing.T) {
	first := demoRun(t)
	second := t.TempDir()
	if _, stderr, code := awards(t, "run", "--out", second); code != 0 {
		t.Fatalf("second run exited %d: %s", code, lastLines(stderr, 5))
	}
	q := `SELECT * EXCLUDE (eval_date) FROM decisions ORDER BY credit_code, rule_id`
	a := queryCSV(t, filepath.Join(first, "awards.duckdb"), q)
	b := queryCSV(t, filepath.Join(second, "awards.duckdb"), q)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("two runs on the same inputs gave different decisions")
	}
	for _, book := range demoBooks { // the roster, the 公示名单 and the 拨付清单
		ca := workbookCells(t, filepath.Join(first, book))
		cb := workbookCells(t, filepath.Join(second, book))
		if len(ca) == 0 {
			t.Fatalf("%s: no cells read", book)
		}
		for k, v := range ca {
			if cb[k] != v {
				t.Errorf("%s cell %s: %q then %q", book, k, v, cb[k])
			}
		}
		if len(ca) != len(cb) {
			t.Errorf("%s: %d cells then %d", book, len(ca), len(cb))
		}
	}
}

// workbookCells returns every non-empty cell (raw value) of every sheet except 说明.
func workbookCells(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cells := map[string]string{}
	for _, sh := range f.GetSheetList() {
		if sh == "说明" {
			continue
		}
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v != "" {
					cells[fmt.Sprintf("%s!R%dC%d", sh, r+1, c+1)] = v
				}
			}
		}
	}
	return cells
}

func TestEveryTableViewAndColumnIsDocumented(t *testing.T) {
	db := filepath.Join(demoRun(t), "awards.duckdb")
	missing := queryCSV(t, db, `
		SELECT table_name || '.' || column_name FROM duckdb_columns()
		WHERE NOT internal AND database_name = current_database() AND (comment IS NULL OR comment = '')
		UNION ALL
		SELECT table_name FROM duckdb_tables() WHERE NOT internal AND database_name = current_database() AND (comment IS NULL OR comment = '')
		UNION ALL
		SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database() AND (comment IS NULL OR comment = '')
		ORDER BY 1`)
	if len(missing) > 1 {
		t.Errorf("objects without a COMMENT: %v", missing[1:])
	}
	stdout, stderr, code := awards(t, "schema", "--db", db)
	if code != 0 {
		t.Fatalf("schema exited %d: %s", code, stderr)
	}
	for _, want := range []string{"table decisions", "view roster", "quarantine", "统一社会信用代码"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("schema output lacks %q", want)
		}
	}
}

// writeDemoBatch writes the demo batch to a folder a test can edit.
func writeDemoBatch(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "batch")
	if err := synth.Demo(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestValidateReportsAndPublishesNothing(t *testing.T) {
	batch := writeDemoBatch(t)
	out := filepath.Join(t.TempDir(), "out")
	// validate has no --out: it writes nothing, so there is nowhere to ask it to write.
	if _, _, code := awards(t, "validate", "--input", batch, "--out", out); code != 64 {
		t.Errorf("validate --out exited %d, want 64", code)
	}
	t.Chdir(filepath.Dir(out))
	stdout, stderr, code := awards(t, "validate", "--input", batch)
	if code != 0 {
		t.Fatalf("validate exited %d: %s", code, lastLines(stderr, 5))
	}
	if !strings.Contains(stdout, "nothing published") || !strings.Contains(stdout, "enterprises") {
		t.Errorf("validate output lacks the reconciliation:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), "out")); err == nil {
		t.Error("validate created the default output folder")
	}
	if !strings.Contains(stdout, `"雄安新区": unknown_district`) {
		t.Errorf("validate does not list the quarantined rows:\n%s", stdout)
	}
	// The demo quarantines a few rows on purpose: --strict makes that an error.
	if _, stderr, code := awards(t, "validate", "--input", batch, "--strict"); code != 65 {
		t.Errorf("validate --strict exited %d, want 65: %s", code, lastLines(stderr, 2))
	}
}

func TestQuarantineOverTheShareStopsWithoutPublishing(t *testing.T) {
	batch := writeDemoBatch(t)
	// 200 unusable headcount rows push the batch (about 5,500 rows) over 1% quarantined.
	f, err := os.OpenFile(filepath.Join(batch, "参保人数_2021-2022.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		fmt.Fprintf(f, "BADCODE%03d,2022年12月,12\n", i)
	}
	f.Close()
	out := filepath.Join(t.TempDir(), "out")
	_, stderr, code := awards(t, "run", "--input", batch, "--out", out)
	if code != 65 {
		t.Fatalf("exit %d, want 65; stderr: %s", code, lastLines(stderr, 3))
	}
	if last := lastLines(stderr, 1); !strings.Contains(last, "参保人数_2021-2022.csv") {
		t.Errorf("message does not name the worst file: %s", last)
	}
	if _, err := os.Stat(filepath.Join(out, "awards.duckdb")); err == nil {
		t.Error("a run over the quarantine limit published a database")
	}
	// A looser limit lets the same batch through.
	if _, stderr, code := awards(t, "run", "--input", batch, "--out", out, "--max-quarantine-share", "0.2"); code != 0 {
		t.Errorf("with --max-quarantine-share 0.2: exit %d: %s", code, lastLines(stderr, 3))
	}
}

func TestSplitByDistrictWritesOneWorkbookPerDistrict(t *testing.T) {
	out := t.TempDir()
	if _, stderr, code := awards(t, "run", "--out", out, "--split-by-district"); code != 0 {
		t.Fatalf("exit %d: %s", code, lastLines(stderr, 5))
	}
	db := filepath.Join(out, "awards.duckdb")
	districts := queryCSV(t, db, `SELECT DISTINCT district FROM roster WHERE district IS NOT NULL ORDER BY 1`)
	for _, d := range districts[1:] {
		name := strings.TrimSuffix(workbookName, ".xlsx") + "-" + d[0] + ".xlsx"
		if _, err := os.Stat(filepath.Join(out, "current", name)); err != nil {
			t.Errorf("no workbook for %s: %v", d[0], err)
		}
	}
}

func TestInterruptLeavesNothingHalfPublished(t *testing.T) {
	tmp := t.TempDir()
	batch := filepath.Join(tmp, "batch")
	if _, stderr, code := awards(t, "gen", "--enterprises", "20000", "--out", batch); code != 0 {
		t.Fatalf("gen exited %d: %s", code, stderr)
	}
	out := filepath.Join(tmp, "out")
	cmd := exec.Command(os.Args[0], "run", "--input", batch, "--out", out)
	cmd.Env = append(os.Environ(), "AWARDS_AS_MAIN=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // inside the load of a 20,000-enterprise batch
	cmd.Process.Signal(syscall.SIGINT)
	cmd.Wait()
	code := cmd.ProcessState.ExitCode()
	if code != 130 && code != 0 {
		t.Fatalf("interrupted run exited %d, want 130 (or 0 had it finished first): %s", code, lastLines(stderr.String(), 3))
	}
	if code == 130 {
		if last := lastLines(stderr.String(), 1); last != "awards: interrupted: nothing was published" {
			t.Errorf("last stderr line %q", last)
		}
		if _, err := os.Lstat(filepath.Join(out, "current")); err == nil {
			t.Error("an interrupted run published")
		}
	}
	entries, _ := os.ReadDir(filepath.Join(out, "runs"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("interrupted run left %s", e.Name())
		}
	}
}

// TestCheckTemplateRoundTripsAndAFailingCaseExits1 is what a policy officer does: write the template,
// check it (every example passes), then change an expectation and see the check fail with exit 1.
func TestCheckTemplateRoundTripsAndAFailingCaseExits1(t *testing.T) {
	tmpl := filepath.Join(t.TempDir(), "cases.xlsx")
	if _, stderr, code := awards(t, "check", "--template", tmpl); code != 0 {
		t.Fatalf("check --template exited %d: %s", code, stderr)
	}
	stdout, stderr, code := awards(t, "check", "--cases", tmpl)
	if code != 0 {
		t.Fatalf("template examples do not pass: exit %d\n%s\n%s", code, stdout, lastLines(stderr, 3))
	}
	f, err := excelize.OpenFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("预期")
	if err != nil {
		t.Fatal(err)
	}
	// Find the expected-amount column and make the first example expect one 万元 more than it gets.
	col := -1
	for i, h := range rows[0] {
		if strings.HasPrefix(h, "预期金额") {
			col = i
		}
	}
	if col < 0 || len(rows) < 2 {
		t.Fatalf("template 预期 sheet has no 预期金额 column: %v", rows[0])
	}
	cell, _ := excelize.CoordinatesToCellName(col+1, 2)
	f.SetCellValue("预期", cell, "12345")
	bad := filepath.Join(t.TempDir(), "bad.xlsx")
	if err := f.SaveAs(bad); err != nil {
		t.Fatal(err)
	}
	f.Close()
	stdout, stderr, code = awards(t, "check", "--cases", bad)
	if code != 1 {
		t.Fatalf("a wrong expectation: exit %d, want 1\n%s\n%s", code, stdout, lastLines(stderr, 3))
	}
	if !strings.Contains(stdout, "12345") {
		t.Errorf("the report does not show the expected amount that differed:\n%s", stdout)
	}
}
