package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The changes a person checks first after a nightly run: who entered or left the roster and whose tier or
// amount changed, against two baselines — the previously published run ('previous') and, once staff
// have marked a run as sent (`awards sent RUN_ID`), the last run sent ('sent').
//
// A comparison never fails quietly. Each baseline's decisions are read from the decisions snapshot its
// run wrote at publish time (runs/<id>/decisions.parquet, a plain file no client can lock), or, for a
// run published before snapshots existed, from a private copy of its database (an analyst's client
// holding the published file read-write blocks any ATTACH of it, but not a copy). What happened — compared,
// nothing to compare with, or failed and why — is recorded in change_baselines and runs, and printed.
const changesDDL = `
CREATE TABLE changes (
    baseline             VARCHAR NOT NULL,
    compared_with_run_id VARCHAR NOT NULL,
    credit_code          VARCHAR NOT NULL,
    name                 VARCHAR,
    rule_id              VARCHAR NOT NULL,
    change               VARCHAR NOT NULL,
    tier_changed         BOOLEAN,
    amount_changed       BOOLEAN,
    tier_before          VARCHAR,
    tier_after           VARCHAR,
    paid_before_yuan     DECIMAL(18,2),
    paid_after_yuan      DECIMAL(18,2),
    outcome_before       VARCHAR,
    outcome_after        VARCHAR,
    PRIMARY KEY (baseline, credit_code, rule_id)
);
COMMENT ON TABLE changes IS '名单变化：与上次发布（baseline = previous）及最近报送的运行（baseline = sent）相比 / Roster changes against the previously published run (baseline previous) and the last run marked sent (baseline sent)';
COMMENT ON COLUMN changes.baseline IS '比较基准：previous 上次发布，sent 最近标记为已报送的运行 / Baseline: previous (the previously published run) or sent (the last run marked sent)';
COMMENT ON COLUMN changes.compared_with_run_id IS '比较的运行编号 / Run id compared against';
COMMENT ON COLUMN changes.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN changes.name IS '企业名称 / Enterprise name';
COMMENT ON COLUMN changes.rule_id IS '规则编号 / Rule id';
COMMENT ON COLUMN changes.change IS '变化（见 change_kinds）：entered 新进入名单，left 移出名单，changed 档位或金额变化 / Change kind (see change_kinds): entered, left, changed';
COMMENT ON COLUMN changes.tier_changed IS '档位是否变化（仅 changed 行；entered/left 为空）/ Tier changed (changed rows; NULL for entered and left)';
COMMENT ON COLUMN changes.amount_changed IS '本次兑付金额是否变化（仅 changed 行；entered/left 为空）/ Amount paid changed (changed rows; NULL for entered and left)';
COMMENT ON COLUMN changes.tier_before IS '基准运行中名单上的档位（不在名单为空）/ Tier on the baseline''s roster; NULL when not on it';
COMMENT ON COLUMN changes.tier_after IS '本次名单上的档位（不在名单为空）/ Tier on this roster; NULL when not on it';
COMMENT ON COLUMN changes.paid_before_yuan IS '基准运行的兑付金额，元（不在名单为空）/ Amount paid by the baseline run, yuan; NULL when not on its roster';
COMMENT ON COLUMN changes.paid_after_yuan IS '本次兑付金额，元（不在名单为空）/ Amount paid now, yuan; NULL when not on this roster';
COMMENT ON COLUMN changes.outcome_before IS '基准运行的结果（见 outcomes；无决策为空）/ Outcome in the baseline run (see outcomes); NULL when it had no decision';
COMMENT ON COLUMN changes.outcome_after IS '本次结果（见 outcomes；无决策为空）/ Outcome now; NULL when this run has no decision';

CREATE TABLE change_baselines (
    baseline             VARCHAR PRIMARY KEY,
    compared_with_run_id VARCHAR,
    status               VARCHAR NOT NULL,
    detail               VARCHAR,
    compared_via         VARCHAR,
    sent_at              TIMESTAMPTZ
);
COMMENT ON TABLE change_baselines IS '本次运行的比较基准及比较结果（每个基准一行）/ What this run compared its roster with, one row per baseline, and what happened';
COMMENT ON COLUMN change_baselines.baseline IS '比较基准：previous 上次发布，sent 最近标记为已报送的运行 / Baseline: previous or sent';
COMMENT ON COLUMN change_baselines.compared_with_run_id IS '基准运行编号（无基准为空）/ Run id of the baseline; NULL when there is none';
COMMENT ON COLUMN change_baselines.status IS '结果：compared 已比较，no_baseline 无可比较的运行，failed 无法比较 / compared, no_baseline (nothing to compare with) or failed';
COMMENT ON COLUMN change_baselines.detail IS '说明（无法比较时为原因）/ What happened, in a sentence; for failed, why';
COMMENT ON COLUMN change_baselines.compared_via IS '读取方式：snapshot 基准运行的 decisions.parquet，database copy 基准数据库的私有副本 / How the baseline was read: its decisions.parquet snapshot, or a private copy of its database';
COMMENT ON COLUMN change_baselines.sent_at IS '基准运行被标记为已报送的时刻（sent 行）/ When the baseline run was marked sent (baseline sent)';
`

// changesSQL compares this run's roster (outcomes that pay) with the baseline's decisions, loaded into the
// TEMP table change_base. A pair on either roster gets a row when it entered, left, or changed tier or
// amount; a pair whose tier and amount both changed has both flags set.
const changesSQL = `
INSERT INTO changes
WITH cur AS (
    SELECT credit_code, rule_id, outcome, tier, paid_yuan, outcome IN ('awarded', 'topped_up') AS pays FROM decisions
), base AS (
    SELECT credit_code, rule_id, outcome, tier, paid_yuan, name, outcome IN ('awarded', 'topped_up') AS pays FROM change_base
), pairs AS (
    SELECT credit_code, rule_id FROM cur WHERE pays
    UNION
    SELECT credit_code, rule_id FROM base WHERE pays
), joined AS (
    SELECT p.credit_code, p.rule_id, b.name AS base_name,
           coalesce(b.pays, false) AS paid_before, coalesce(c.pays, false) AS paid_after,
           CASE WHEN b.pays THEN b.tier END AS tier_before, CASE WHEN c.pays THEN c.tier END AS tier_after,
           CASE WHEN b.pays THEN b.paid_yuan END AS paid_before_yuan, CASE WHEN c.pays THEN c.paid_yuan END AS paid_after_yuan,
           b.outcome AS outcome_before, c.outcome AS outcome_after
    FROM pairs p
    LEFT JOIN cur c ON c.credit_code = p.credit_code AND c.rule_id = p.rule_id
    LEFT JOIN base b ON b.credit_code = p.credit_code AND b.rule_id = p.rule_id
), classified AS (
    SELECT *,
           CASE WHEN NOT paid_before THEN 'entered' WHEN NOT paid_after THEN 'left' ELSE 'changed' END AS change,
           CASE WHEN paid_before AND paid_after THEN tier_before IS DISTINCT FROM tier_after END AS tier_changed,
           CASE WHEN paid_before AND paid_after THEN paid_before_yuan IS DISTINCT FROM paid_after_yuan END AS amount_changed
    FROM joined
)
SELECT ?, ?, c.credit_code, coalesce(e.name, c.base_name), c.rule_id, c.change, c.tier_changed, c.amount_changed,
       c.tier_before, c.tier_after, c.paid_before_yuan, c.paid_after_yuan, c.outcome_before, c.outcome_after
FROM classified c
LEFT JOIN enterprises e ON e.credit_code = c.credit_code
WHERE c.change <> 'changed' OR c.tier_changed OR c.amount_changed
ORDER BY c.credit_code, c.rule_id`

// Baseline kinds of changes.baseline.
const (
	BaselinePrevious = "previous"
	BaselineSent     = "sent"
)

// Comparison statuses of change_baselines.status and runs.changes_status.
const (
	StatusCompared   = "compared"
	StatusNoBaseline = "no_baseline"
	StatusFailed     = "failed"
)

// baseline is a run to compare with, found before the build: its folder, or why there is none.
type baseline struct {
	kind   string
	runID  string    // "" when there is no run to compare with
	dir    string    // the run's folder
	sentAt time.Time // for kind sent: when it was marked
	err    error     // set when the baseline exists but cannot be found or read (status failed)
}

// Comparison is what a run did with one baseline.
type Comparison struct {
	Baseline                                  string // previous or sent
	RunID                                     string // the baseline's run id; "" when there was none
	Status                                    string // compared, no_baseline, failed
	Detail                                    string // a sentence; for failed, why
	Via                                       string // snapshot, database copy
	SentAt                                    time.Time
	Entered, Left, TierChanged, AmountChanged int
}

// ChangeSummary is the comparison with the previous published run and with the last run sent.
type ChangeSummary struct {
	Previous, Sent Comparison
}

// Lines says what happened, one line per baseline; the sent baseline only once some run was marked sent.
func (s ChangeSummary) Lines() []string {
	var out []string
	for _, c := range []Comparison{s.Previous, s.Sent} {
		if c.Baseline == "" || (c.Baseline == BaselineSent && c.Status == StatusNoBaseline) {
			continue
		}
		out = append(out, c.String())
	}
	return out
}

func (c Comparison) what() string {
	if c.Baseline == BaselineSent {
		return fmt.Sprintf("the last run marked sent, on %s", c.SentAt.In(beijingTime).Format("2006-01-02 15:04 MST"))
	}
	return "the previous published run"
}

func (c Comparison) String() string {
	switch c.Status {
	case StatusCompared:
		return fmt.Sprintf("changes since run %s (%s): %d entered the roster, %d left, %d amounts changed, %d tiers changed",
			c.RunID, c.what(), c.Entered, c.Left, c.AmountChanged, c.TierChanged)
	case StatusNoBaseline:
		if c.Baseline == BaselineSent {
			return "changes: no run has been marked as sent (awards sent RUN_ID)"
		}
		return "changes: no earlier published run to compare with"
	}
	id := c.RunID
	if id == "" {
		id = "?"
	}
	return fmt.Sprintf("changes: COULD NOT COMPARE with run %s (%s) because %s; the changes table has no rows for it",
		id, c.what(), c.Detail)
}

// findBaselines returns the previous published run and the last run marked sent in the output folder.
func findBaselines(out string) []baseline {
	prev := baseline{kind: BaselinePrevious}
	if target, err := os.Readlink(filepath.Join(out, currentLink)); err == nil {
		prev.runID = filepath.Base(target)
		prev.dir = filepath.Join(out, runsDir, prev.runID)
	} else if !errors.Is(err, os.ErrNotExist) {
		prev.err = fmt.Errorf("the link %s cannot be read: %v", filepath.Join(out, currentLink), err)
	}
	sent := baseline{kind: BaselineSent}
	marks, err := readSent(out)
	if err != nil {
		sent.err = err
	} else if len(marks) > 0 {
		last := marks[len(marks)-1]
		sent.runID, sent.sentAt = last.RunID, last.MarkedAt
		sent.dir = filepath.Join(out, runsDir, last.RunID)
	}
	return []baseline{prev, sent}
}

// recordChanges creates the changes tables and fills them against each baseline; it records in runs and
// change_baselines what happened. Only an error of this database (not of a baseline) is returned.
func recordChanges(ctx context.Context, db *sql.DB, runID, tmp string, baselines []baseline) (ChangeSummary, error) {
	var s ChangeSummary
	if _, err := db.ExecContext(ctx, changesDDL); err != nil {
		return s, fmt.Errorf("changes: %w", err)
	}
	for _, b := range baselines {
		c := compareWith(ctx, db, tmp, b)
		if err := ctx.Err(); err != nil {
			return s, err
		}
		var baseRun, via, sentAt any
		if c.RunID != "" {
			baseRun = c.RunID
		}
		if c.Via != "" {
			via = c.Via
		}
		if !c.SentAt.IsZero() {
			sentAt = c.SentAt.UTC().Format(timestampTZLayout)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO change_baselines VALUES (?, ?, ?, ?, ?, ?::TIMESTAMPTZ)`,
			c.Baseline, baseRun, c.Status, c.Detail, via, sentAt); err != nil {
			return s, fmt.Errorf("changes: record the %s baseline: %w", b.kind, err)
		}
		switch b.kind {
		case BaselinePrevious:
			s.Previous = c
			var compared any
			if c.Status == StatusCompared {
				compared = c.RunID
			}
			if _, err := db.ExecContext(ctx, `UPDATE runs SET compared_with_run_id = ?, changes_status = ? WHERE run_id = ?`,
				compared, c.Status, runID); err != nil {
				return s, fmt.Errorf("changes: record the comparison in runs: %w", err)
			}
		case BaselineSent:
			s.Sent = c
		}
	}
	return s, nil
}

// compareWith reads one baseline's decisions and inserts its changes. Whatever goes wrong with the
// baseline is the comparison's status, never the run's error.
func compareWith(ctx context.Context, db *sql.DB, tmp string, b baseline) Comparison {
	c := Comparison{Baseline: b.kind, RunID: b.runID, SentAt: b.sentAt}
	fail := func(err error) Comparison {
		c.Status, c.Detail = StatusFailed, err.Error()
		// Rows of a half-done comparison would be read as the whole story.
		db.ExecContext(context.Background(), `DELETE FROM changes WHERE baseline = ?`, b.kind)
		return c
	}
	switch {
	case b.err != nil:
		return fail(b.err)
	case b.runID == "" && b.kind == BaselineSent:
		c.Status, c.Detail = StatusNoBaseline, "no run has been marked as sent (awards sent RUN_ID)"
		return c
	case b.runID == "":
		c.Status, c.Detail = StatusNoBaseline, "no earlier published run in the output folder"
		return c
	}
	via, err := loadBaseline(ctx, db, tmp, b)
	if err != nil {
		return fail(err)
	}
	defer db.ExecContext(context.Background(), `DROP TABLE IF EXISTS change_base`)
	c.Via = via
	if _, err := db.ExecContext(ctx, changesSQL, b.kind, b.runID); err != nil {
		return fail(fmt.Errorf("the comparison with run %s failed: %v", b.runID, err))
	}
	if err := db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE change = 'entered'), count(*) FILTER (WHERE change = 'left'),
		count(*) FILTER (WHERE tier_changed), count(*) FILTER (WHERE amount_changed) FROM changes WHERE baseline = ?`, b.kind).
		Scan(&c.Entered, &c.Left, &c.TierChanged, &c.AmountChanged); err != nil {
		return fail(fmt.Errorf("counting the changes failed: %v", err))
	}
	c.Status = StatusCompared
	c.Detail = fmt.Sprintf("compared with run %s through its %s", b.runID, via)
	return c
}

// snapshotName is the decisions snapshot each published run folder holds, written at build time.
const snapshotName = "decisions.parquet"

// writeSnapshot writes the run's decisions, with the enterprise name and the run id, as Parquet into the
// run folder: the baseline the next runs compare with, readable whatever holds the database open. The
// run id is also in the file's key-value metadata, so that even a run without decisions names itself.
func writeSnapshot(ctx context.Context, db *sql.DB, dir, runID string) error {
	// enterprises holds one row per code (its key, declared at the end of the run): a plain join, and no
	// sort — the snapshot is read by key, never by position.
	// Only what a comparison reads: the clause and parameter texts of every decision would double its
	// size and time.
	q := `COPY (
		SELECT d.credit_code, d.rule_id, d.outcome, d.tier, d.amount_yuan, d.paid_yuan, d.direction, d.round,
		       e.name, ` + sqlString(runID) + ` AS run_id
		FROM decisions d LEFT JOIN enterprises e USING (credit_code)
	) TO ` + sqlString(filepath.Join(dir, snapshotName)) + ` (FORMAT parquet, KV_METADATA {run_id: ` + sqlString(runID) + `})`
	if _, err := db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("write the decisions snapshot: %w", err)
	}
	return nil
}

// loadBaseline fills the TEMP table change_base (credit_code, rule_id, outcome, tier, paid_yuan, name) with
// the baseline run's decisions and says how it read them.
func loadBaseline(ctx context.Context, db *sql.DB, tmp string, b baseline) (string, error) {
	if _, err := os.Stat(b.dir); err != nil {
		return "", fmt.Errorf("its run folder %s is gone (%v)", b.dir, errors.Unwrap(err))
	}
	snap := filepath.Join(b.dir, snapshotName)
	if _, err := os.Stat(snap); err == nil {
		if _, err := db.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE change_base AS
			SELECT credit_code, rule_id, outcome, tier, paid_yuan, name, run_id FROM read_parquet(`+sqlString(snap)+`)`); err != nil {
			return "", fmt.Errorf("its decisions snapshot %s cannot be read: %v", snap, err)
		}
		var meta sql.NullString
		if err := db.QueryRowContext(ctx, `SELECT max(decode(value)) FROM parquet_kv_metadata(`+sqlString(snap)+`)
			WHERE decode(key) = 'run_id'`).Scan(&meta); err != nil {
			return "", fmt.Errorf("its decisions snapshot %s cannot be read: %v", snap, err)
		}
		if meta.String != b.runID {
			return "", fmt.Errorf("its decisions snapshot %s names run %q, not run %s", snap, meta.String, b.runID)
		}
		if err := checkBaseRunID(ctx, db, b.runID, snap); err != nil {
			return "", err
		}
		return "decisions snapshot", nil
	}
	// A run published before snapshots existed: compare with a private copy of its database. Copying reads
	// the file's bytes, which no lock of another process prevents; what a client holding it read-write
	// has not checkpointed stays in that client's write-ahead log, so the copy is the database as published.
	src := filepath.Join(b.dir, dbName)
	if _, err := os.Stat(src); err != nil {
		return "", fmt.Errorf("its run folder %s has neither %s nor %s", b.dir, snapshotName, dbName)
	}
	cp := filepath.Join(tmp, "baseline-"+b.kind+".duckdb")
	if err := copyFile(src, cp); err != nil {
		return "", fmt.Errorf("its database %s cannot be copied: %v", src, err)
	}
	defer os.Remove(cp)
	if _, err := db.ExecContext(ctx, "ATTACH "+sqlString(cp)+" AS change_base_db (READ_ONLY)"); err != nil {
		return "", fmt.Errorf("a copy of its database %s cannot be opened: %v", src, err)
	}
	defer db.ExecContext(context.Background(), "DETACH change_base_db")
	if _, err := db.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE change_base AS
		SELECT d.credit_code, d.rule_id, d.outcome, d.tier, d.paid_yuan, e.name, (SELECT max(run_id) FROM change_base_db.runs) AS run_id
		FROM change_base_db.decisions d
		LEFT JOIN (SELECT DISTINCT ON (credit_code) credit_code, name FROM change_base_db.enterprises
		           ORDER BY credit_code, source_file, source_sheet, source_row) e USING (credit_code)`); err != nil {
		return "", fmt.Errorf("the decisions of its database %s cannot be read: %v", src, err)
	}
	if err := checkBaseRunID(ctx, db, b.runID, src); err != nil {
		return "", err
	}
	return "database copy", nil
}

// checkBaseRunID makes sure the baseline's rows are the run its folder names: a file copied between run
// folders by hand must not pass for another run.
func checkBaseRunID(ctx context.Context, db *sql.DB, want, file string) error {
	var n int
	var other string
	if err := db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE run_id IS DISTINCT FROM $1),
		coalesce(max(run_id) FILTER (WHERE run_id IS DISTINCT FROM $1), 'without a run id')
		FROM change_base`, want).Scan(&n, &other); err != nil {
		return fmt.Errorf("%s cannot be read: %v", file, err)
	}
	if n > 0 {
		return fmt.Errorf("%s holds decisions of run %s, not of run %s", file, other, want)
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
