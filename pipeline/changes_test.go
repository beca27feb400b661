package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// decisionRow is one decision of a hand-made run: what the changes compare.
type decisionRow struct {
	code, rule, outcome, tier string
	paid                      string
}

// runDB creates an in-memory database holding the loaded schema, a runs row and the given decisions.
func runDB(t *testing.T, runID string, rows []decisionRow) *sql.DB {
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
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE decisions (credit_code VARCHAR, rule_id VARCHAR, outcome VARCHAR, tier VARCHAR,
		amount_yuan DECIMAL(18,2), paid_yuan DECIMAL(18,2), direction INTEGER, round INTEGER)`)
	exec(`INSERT INTO runs (run_id, started_at, policy_year, policy_sha256, program_version, input_dir)
		VALUES (?, TIMESTAMPTZ '2026-12-02 18:00:00+00', 2022, 'x', 'test', '(test)')`, runID)
	for _, r := range rows {
		var tier any
		if r.tier != "" {
			tier = r.tier
		}
		exec(`INSERT INTO decisions VALUES (?, ?, ?, ?, CAST(? AS DECIMAL(18,2)), CAST(? AS DECIMAL(18,2)), 11, 2)`,
			r.code, r.rule, r.outcome, tier, r.paid, r.paid)
		exec(`INSERT INTO enterprises (credit_code, name, in_beijing, is_legal_person, code_check_ok, source_file, source_sheet, source_row)
			SELECT ?, '企业' || ?, true, true, true, 'a.csv', '', 2 WHERE ? NOT IN (SELECT credit_code FROM enterprises)`, r.code, r.code, r.code)
	}
	return db
}

// publishRun writes a run's decisions snapshot into out/runs/<id>, as a published run folder holds it.
func publishRun(t *testing.T, out, runID string, rows []decisionRow) string {
	t.Helper()
	dir := filepath.Join(out, runsDir, runID)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := writeSnapshot(context.Background(), runDB(t, runID, rows), dir, runID); err != nil {
		t.Fatal(err)
	}
	return dir
}

type changeRow struct {
	Baseline, Code, Rule, Change string
	TierChanged, AmountChanged   string // true, false, or "" for NULL
	TierBefore, TierAfter        string
	PaidBefore, PaidAfter        string
	OutcomeBefore, OutcomeAfter  string
}

func readChangeRows(t *testing.T, db *sql.DB) []changeRow {
	t.Helper()
	rows, err := db.Query(`SELECT baseline, credit_code, rule_id, change, coalesce(tier_changed::VARCHAR, ''),
		coalesce(amount_changed::VARCHAR, ''), coalesce(tier_before, ''), coalesce(tier_after, ''),
		coalesce(paid_before_yuan::VARCHAR, ''), coalesce(paid_after_yuan::VARCHAR, ''),
		coalesce(outcome_before, ''), coalesce(outcome_after, '')
		FROM changes ORDER BY baseline, credit_code, rule_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []changeRow
	for rows.Next() {
		var c changeRow
		if err := rows.Scan(&c.Baseline, &c.Code, &c.Rule, &c.Change, &c.TierChanged, &c.AmountChanged, &c.TierBefore,
			&c.TierAfter, &c.PaidBefore, &c.PaidAfter, &c.OutcomeBefore, &c.OutcomeAfter); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// TestChangesFlagTierAndAmountApart compares two hand-made runs pair by pair: who entered, who left (and
// what they became), and a pair whose tier and amount both changed counts in both.
func TestChangesFlagTierAndAmountApart(t *testing.T) {
	before := []decisionRow{
		{"A", "D11-1", "awarded", "A1", "3000000"},  // tier and amount change
		{"B", "D11-1", "awarded", "A2", "10000000"}, // tier changes, same amount
		{"C", "D10-3", "topped_up", "", "200000"},   // amount changes
		{"D", "D11-2", "awarded", "B1", "1500000"},  // unchanged
		{"E", "D11-1", "awarded", "A1", "3000000"},  // held for review now: leaves the roster
		{"F", "D10-1", "refused", "", "0"},          // awarded now: enters
		{"H", "D10-1", "awarded", "", "300000"},     // topped_up at the same amount: no change
		{"I", "D11-3", "refused", "", "0"},          // still refused: not on either roster
		{"J", "D11-4", "awarded", "D1", "3000000"},  // no decision now
	}
	after := []decisionRow{
		{"A", "D11-1", "awarded", "A2", "10000000"},
		{"B", "D11-1", "awarded", "A3", "10000000"},
		{"C", "D10-3", "topped_up", "", "300000"},
		{"D", "D11-2", "awarded", "B1", "1500000"},
		{"E", "D11-1", "review", "A1", "0"},
		{"F", "D10-1", "awarded", "", "500000"},
		{"G", "D10-2", "awarded", "", "500000"}, // new pair
		{"H", "D10-1", "topped_up", "", "300000"},
		{"I", "D11-3", "refused", "", "0"},
	}
	out := t.TempDir()
	publishRun(t, out, "run-1", before)
	db := runDB(t, "run-2", after)
	s, err := recordChanges(context.Background(), db, "run-2", t.TempDir(), []baseline{
		{kind: BaselinePrevious, runID: "run-1", dir: filepath.Join(out, runsDir, "run-1")}})
	if err != nil {
		t.Fatal(err)
	}
	want := []changeRow{
		{"previous", "A", "D11-1", "changed", "true", "true", "A1", "A2", "3000000.00", "10000000.00", "awarded", "awarded"},
		{"previous", "B", "D11-1", "changed", "true", "false", "A2", "A3", "10000000.00", "10000000.00", "awarded", "awarded"},
		{"previous", "C", "D10-3", "changed", "false", "true", "", "", "200000.00", "300000.00", "topped_up", "topped_up"},
		{"previous", "E", "D11-1", "left", "", "", "A1", "", "3000000.00", "", "awarded", "review"},
		{"previous", "F", "D10-1", "entered", "", "", "", "", "", "500000.00", "refused", "awarded"},
		{"previous", "G", "D10-2", "entered", "", "", "", "", "", "500000.00", "", "awarded"},
		{"previous", "J", "D11-4", "left", "", "", "D1", "", "3000000.00", "", "awarded", ""},
	}
	if diff := cmp.Diff(want, readChangeRows(t, db)); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	wantSummary := Comparison{Baseline: BaselinePrevious, RunID: "run-1", Status: StatusCompared, Via: "decisions snapshot",
		Detail: "compared with run run-1 through its decisions snapshot", Entered: 2, Left: 2, TierChanged: 2, AmountChanged: 2}
	if diff := cmp.Diff(wantSummary, s.Previous); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	if got := s.Previous.String(); !strings.Contains(got, "2 amounts changed, 2 tiers changed") {
		t.Errorf("stdout line %q does not count the pair whose tier and amount both changed in both", got)
	}
	var compared, status string
	if err := db.QueryRow(`SELECT compared_with_run_id, changes_status FROM runs`).Scan(&compared, &status); err != nil ||
		compared != "run-1" || status != StatusCompared {
		t.Errorf("runs records %q %q (%v), want run-1 compared", compared, status, err)
	}
}

// TestChangesSayWhatHappened: every way a baseline can be missing or unreadable is recorded and printed,
// never passed off as "nothing to compare with".
func TestChangesSayWhatHappened(t *testing.T) {
	rows := []decisionRow{{"A", "D11-1", "awarded", "A1", "3000000"}}
	for _, tc := range []struct {
		name       string
		setup      func(t *testing.T, out string) baseline
		status     string
		via        string
		lineHas    string
		detailHas  string
		wantRows   int
		runsStatus string
	}{
		{"first run", func(t *testing.T, out string) baseline { return findBaselines(out)[0] },
			StatusNoBaseline, "", "no earlier published run to compare with", "no earlier published run", 0, StatusNoBaseline},
		{"snapshot", func(t *testing.T, out string) baseline {
			publishRun(t, out, "run-1", nil)
			return baseline{kind: BaselinePrevious, runID: "run-1", dir: filepath.Join(out, runsDir, "run-1")}
		}, StatusCompared, "decisions snapshot", "changes since run run-1 (the previous published run): 1 entered", "decisions snapshot", 1, StatusCompared},
		{"run folder gone", func(t *testing.T, out string) baseline {
			return baseline{kind: BaselinePrevious, runID: "run-1", dir: filepath.Join(out, runsDir, "run-1")}
		}, StatusFailed, "", "COULD NOT COMPARE with run run-1 (the previous published run) because its run folder", "is gone", 0, StatusFailed},
		{"neither snapshot nor database", func(t *testing.T, out string) baseline {
			dir := filepath.Join(out, runsDir, "run-1")
			os.MkdirAll(dir, 0o755)
			return baseline{kind: BaselinePrevious, runID: "run-1", dir: dir}
		}, StatusFailed, "", "COULD NOT COMPARE", "has neither decisions.parquet nor awards.duckdb", 0, StatusFailed},
		{"snapshot of another run", func(t *testing.T, out string) baseline {
			dir := publishRun(t, out, "run-0", nil)
			moved := filepath.Join(out, runsDir, "run-1")
			os.Rename(dir, moved)
			return baseline{kind: BaselinePrevious, runID: "run-1", dir: moved}
		}, StatusFailed, "", "COULD NOT COMPARE", `names run "run-0", not run run-1`, 0, StatusFailed},
		{"corrupt snapshot", func(t *testing.T, out string) baseline {
			dir := filepath.Join(out, runsDir, "run-1")
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, snapshotName), []byte("not parquet"), 0o644)
			return baseline{kind: BaselinePrevious, runID: "run-1", dir: dir}
		}, StatusFailed, "", "COULD NOT COMPARE", "cannot be read", 0, StatusFailed},
		{"database of an older version", func(t *testing.T, out string) baseline {
			dir := filepath.Join(out, runsDir, "run-1")
			os.MkdirAll(dir, 0o755)
			old, err := sql.Open("duckdb", filepath.Join(dir, dbName))
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				`CREATE TABLE runs (run_id VARCHAR)`, `INSERT INTO runs VALUES ('run-1')`,
				`CREATE TABLE enterprises (credit_code VARCHAR, name VARCHAR, source_file VARCHAR, source_sheet VARCHAR, source_row INTEGER)`,
				`CREATE TABLE decisions (credit_code VARCHAR, rule_id VARCHAR, outcome VARCHAR, tier VARCHAR, paid_yuan DECIMAL(18,2))`,
				`INSERT INTO decisions VALUES ('B', 'D11-1', 'awarded', 'A1', 3000000)`,
			} {
				if _, err := old.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			old.Close()
			return baseline{kind: BaselinePrevious, runID: "run-1", dir: dir}
		}, StatusCompared, "database copy", "changes since run run-1 (the previous published run): 1 entered the roster, 1 left", "database copy", 2, StatusCompared},
		{"unreadable record of sent runs", func(t *testing.T, out string) baseline {
			os.WriteFile(filepath.Join(out, sentFile), []byte("{"), 0o644)
			return findBaselines(out)[1]
		}, StatusFailed, "", "COULD NOT COMPARE with run ? (the last run marked sent", "is not a valid record of sent runs", 0, StatusNoBaseline},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			b := tc.setup(t, out)
			db := runDB(t, "run-2", rows)
			bs := []baseline{b}
			if b.kind == BaselineSent {
				bs = []baseline{{kind: BaselinePrevious}, b}
			}
			s, err := recordChanges(context.Background(), db, "run-2", t.TempDir(), bs)
			if err != nil {
				t.Fatal(err)
			}
			c := s.Previous
			if b.kind == BaselineSent {
				c = s.Sent
			}
			if c.Status != tc.status || c.Via != tc.via || !strings.Contains(c.Detail, tc.detailHas) {
				t.Errorf("comparison %+v, want status %s via %q, detail with %q", c, tc.status, tc.via, tc.detailHas)
			}
			if lines := strings.Join(s.Lines(), "\n"); !strings.Contains(lines, tc.lineHas) {
				t.Errorf("stdout lines %q lack %q", lines, tc.lineHas)
			}
			var n int
			var status, detail string
			if err := db.QueryRow(`SELECT (SELECT count(*) FROM changes), (SELECT changes_status FROM runs),
				(SELECT detail FROM change_baselines WHERE baseline = ?)`, b.kind).Scan(&n, &status, &detail); err != nil {
				t.Fatal(err)
			}
			if n != tc.wantRows || status != tc.runsStatus || !strings.Contains(detail, tc.detailHas) {
				t.Errorf("changes rows %d, runs.changes_status %s, change_baselines.detail %q; want %d, %s, %q",
					n, status, detail, tc.wantRows, tc.runsStatus, tc.detailHas)
			}
		})
	}
}

// TestPruningKeepsTheLastRunSent: the baseline of the next runs' changes survives pruning; with an
// unreadable record of sent runs nothing is pruned.
func TestPruningKeepsTheLastRunSent(t *testing.T) {
	mk := func(t *testing.T, sent string) (string, []string) {
		out := t.TempDir()
		var ids []string
		for i := range 8 {
			id := fmt.Sprintf("20261201T00000%dZ-aaaaaa", i)
			ids = append(ids, id)
			os.MkdirAll(filepath.Join(out, runsDir, id), 0o755)
			os.WriteFile(filepath.Join(out, runsDir, id, dbName), nil, 0o644)
		}
		if sent != "" {
			os.WriteFile(filepath.Join(out, sentFile), []byte(sent), 0o644)
		}
		return out, ids
	}
	left := func(out string) []string {
		e, _ := os.ReadDir(filepath.Join(out, runsDir))
		var n []string
		for _, x := range e {
			n = append(n, x.Name())
		}
		return n
	}
	t.Run("keeps the last run sent", func(t *testing.T) {
		out, ids := mk(t, "")
		if _, _, err := MarkSent(out, ids[0], time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, _, err := MarkSent(out, ids[1], time.Now()); err != nil {
			t.Fatal(err)
		}
		pruneRuns(out, ids[7])
		want := append([]string{ids[1]}, ids[3:]...)
		if diff := cmp.Diff(want, left(out)); diff != "" {
			t.Errorf("run folders after pruning (-want +got):\n%s", diff)
		}
	})
	t.Run("prunes nothing when the record cannot be read", func(t *testing.T) {
		out, ids := mk(t, "not json")
		pruneRuns(out, ids[7])
		if diff := cmp.Diff(ids, left(out)); diff != "" {
			t.Errorf("run folders after pruning (-want +got):\n%s", diff)
		}
	})
}

// TestChangesSheetSaysWhenItCouldNotCompare: the 变化 sheet carries a failed comparison as a row with its
// reason, so an empty sheet always means "nothing changed" or "nothing to compare with".
func TestChangesSheetSaysWhenItCouldNotCompare(t *testing.T) {
	db := reportDB(t)
	ctx := context.Background()
	exec(t, db, `DROP TABLE changes`, `DROP TABLE change_baselines`)
	out := t.TempDir()
	gone := baseline{kind: BaselinePrevious, runID: "20230101T000000Z-000000", dir: filepath.Join(out, runsDir, "20230101T000000Z-000000")}
	if _, err := recordChanges(ctx, db, "20230130T170000Z-abc123", t.TempDir(), []baseline{gone, {kind: BaselineSent}}); err != nil {
		t.Fatal(err)
	}
	files, err := writeReports(ctx, db, t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(files.Roster)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("变化")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		line := strings.Join(r, "|")
		if strings.Contains(line, "未能比较：its run folder") && strings.Contains(line, gone.runID) && strings.Contains(line, "上次发布") {
			found = true
		}
	}
	if !found {
		t.Errorf("变化 does not say the comparison with %s failed: %q", gone.runID, rows)
	}
}
