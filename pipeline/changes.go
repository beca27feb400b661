package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// changesDDL is the table a person checks first after a nightly run: who entered or left the roster and
// whose tier or amount changed, compared with the previously published database.
const changesDDL = `
CREATE TABLE changes (
    credit_code      VARCHAR NOT NULL,
    name             VARCHAR,
    rule_id          VARCHAR NOT NULL,
    change           VARCHAR NOT NULL,
    tier_before      VARCHAR,
    tier_after       VARCHAR,
    paid_before_yuan DECIMAL(18,2),
    paid_after_yuan  DECIMAL(18,2),
    previous_run_id  VARCHAR
);
COMMENT ON TABLE changes IS '与上次发布相比的名单变化 / Roster changes against the previously published run';
COMMENT ON COLUMN changes.credit_code IS '统一社会信用代码 / Credit code';
COMMENT ON COLUMN changes.name IS '企业名称 / Enterprise name';
COMMENT ON COLUMN changes.rule_id IS '规则编号 / Rule id';
COMMENT ON COLUMN changes.change IS '变化：entered 新进入名单，left 移出名单，amount_changed 金额变化，tier_changed 档位变化 / Change kind';
COMMENT ON COLUMN changes.tier_before IS '上次档位 / Tier before';
COMMENT ON COLUMN changes.tier_after IS '本次档位 / Tier now';
COMMENT ON COLUMN changes.paid_before_yuan IS '上次本次兑付金额，元 / Amount paid before, yuan';
COMMENT ON COLUMN changes.paid_after_yuan IS '本次兑付金额，元 / Amount paid now, yuan';
COMMENT ON COLUMN changes.previous_run_id IS '比较的上次运行编号 / Run id compared against';
`

// changesSQL compares the paid rows (awarded, topped_up) of this run with those of the previous one.
// A row whose tier and amount both changed is reported once, as amount_changed.
const changesSQL = `
INSERT INTO changes
WITH cur AS (
    SELECT credit_code, rule_id, tier, paid_yuan FROM decisions WHERE outcome IN ('awarded', 'topped_up')
), prev AS (
    SELECT credit_code, rule_id, tier, paid_yuan FROM prev_db.decisions WHERE outcome IN ('awarded', 'topped_up')
), joined AS (
    SELECT coalesce(c.credit_code, p.credit_code) AS credit_code, coalesce(c.rule_id, p.rule_id) AS rule_id,
           CASE WHEN p.credit_code IS NULL THEN 'entered'
                WHEN c.credit_code IS NULL THEN 'left'
                WHEN c.paid_yuan <> p.paid_yuan THEN 'amount_changed'
                WHEN c.tier IS DISTINCT FROM p.tier THEN 'tier_changed' END AS change,
           p.tier AS tier_before, c.tier AS tier_after, p.paid_yuan AS paid_before, c.paid_yuan AS paid_after
    FROM cur c FULL OUTER JOIN prev p ON c.credit_code = p.credit_code AND c.rule_id = p.rule_id
)
SELECT j.credit_code, coalesce(e.name, pe.name), j.rule_id, j.change, j.tier_before, j.tier_after,
       j.paid_before, j.paid_after, (SELECT max(run_id) FROM prev_db.runs)
FROM joined j
LEFT JOIN enterprises e ON e.credit_code = j.credit_code
LEFT JOIN prev_db.enterprises pe ON pe.credit_code = j.credit_code
WHERE j.change IS NOT NULL
ORDER BY j.credit_code, j.rule_id`

// ChangeSummary counts the changes of a run.
type ChangeSummary struct {
	Compared                           bool // false on the first run (nothing published before)
	PreviousRunID                      string
	Entered, Left, AmountChanged, Tier int
}

func (c ChangeSummary) String() string {
	if !c.Compared {
		return "changes: no earlier published run to compare with"
	}
	return fmt.Sprintf("changes since run %s: %d entered the roster, %d left, %d amounts changed, %d tiers changed",
		c.PreviousRunID, c.Entered, c.Left, c.AmountChanged, c.Tier)
}

// recordChanges fills the changes table against the previously published database, attached read-only
// (so an analyst holding it open is no obstacle). A previous database this version cannot read is
// reported in the log and treated as none.
func recordChanges(ctx context.Context, db *sql.DB, prevPath string) (ChangeSummary, error) {
	var s ChangeSummary
	if _, err := db.ExecContext(ctx, changesDDL); err != nil {
		return s, fmt.Errorf("changes: %w", err)
	}
	if prevPath == "" {
		return s, nil
	}
	if _, err := db.ExecContext(ctx, "ATTACH '"+strings.ReplaceAll(prevPath, "'", "''")+"' AS prev_db (READ_ONLY)"); err != nil {
		return s, fmt.Errorf("changes: attach the published database %s: %w", prevPath, err)
	}
	defer db.ExecContext(context.Background(), "DETACH prev_db")
	if _, err := db.ExecContext(ctx, changesSQL); err != nil {
		return s, fmt.Errorf("changes: compare with %s: %w", prevPath, err)
	}
	s.Compared = true
	var prevID sql.NullString
	err := db.QueryRowContext(ctx, `SELECT (SELECT max(run_id) FROM prev_db.runs),
		count(*) FILTER (WHERE change = 'entered'), count(*) FILTER (WHERE change = 'left'),
		count(*) FILTER (WHERE change = 'amount_changed'), count(*) FILTER (WHERE change = 'tier_changed')
		FROM changes`).Scan(&prevID, &s.Entered, &s.Left, &s.AmountChanged, &s.Tier)
	s.PreviousRunID = prevID.String
	return s, err
}
