package pipeline

import (
	"context"
	"database/sql"
	"fmt"
)

// loadedKeysDDL declares the keys of the loaded tables: the columns the loaders deduplicate on
// (loaders/kinds.go — equal duplicates dropped, differing ones quarantined), so a violation is a program
// error, never bad input, and stops the run before anything is published. A key with a column that may
// be NULL (other_funds.fund_name, prior_awards.item, load_report.kind) is a UNIQUE index instead of a
// primary key. resolutions is keyed by its row: the decision stages treat two resolutions of one pair as
// stale rather than trusting the loader to have refused the second.
//
// They are added once the run's work is done, just before the database is closed: one index build per
// table rather than index upkeep on every bulk-inserted row, and no index memory held while the decision
// stages run.
//
// The figure tables (above_scale, output_value, revenue, headcount) get none: at a million enterprises
// they hold 12 million rows, and DuckDB's key indexes (about 75 bytes a key, stored in the file) made the
// published database 7.5 times larger (2.3 GB instead of 0.3 GB) and the run minutes longer. Their key is
// in their table comments; the loaders guarantee it, and the decision stages group by it anyway.
const loadedKeysDDL = `
ALTER TABLE enterprises         ADD PRIMARY KEY (credit_code);
ALTER TABLE specialised         ADD PRIMARY KEY (credit_code, level, recognized_on);
ALTER TABLE dishonesty          ADD PRIMARY KEY (credit_code, listed_on);
ALTER TABLE restricted          ADD PRIMARY KEY (prefix, control_type, scope);
ALTER TABLE industrial_software ADD PRIMARY KEY (credit_code);
ALTER TABLE affiliates          ADD PRIMARY KEY (credit_code);
ALTER TABLE resolutions         ADD PRIMARY KEY (source_file, source_sheet, source_row);
CREATE UNIQUE INDEX other_funds_key  ON other_funds (credit_code, direction, fund_name);
CREATE UNIQUE INDEX prior_awards_key ON prior_awards (credit_code, year, direction, item);
CREATE UNIQUE INDEX load_report_key  ON load_report (source_file, source_sheet, kind);
-- What the run was asked to decide (sql/005), filled by the pipeline during the run.
ALTER TABLE run_scope           ADD PRIMARY KEY (run_id);
ALTER TABLE run_empty_kinds     ADD PRIMARY KEY (run_id, kind);
`

func addLoadedKeys(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, loadedKeysDDL); err != nil {
		return fmt.Errorf("keys of the loaded tables: %w", err)
	}
	return nil
}
