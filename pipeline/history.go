package pipeline

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// historyHeader is the prior_awards layout of inputs.md, so next year's batch reads the export as its
// 已兑付奖励 input (one-time rule of direction 10, 孰高兑付 baseline).
var historyHeader = []string{"统一社会信用代码", "年度", "方向", "项目", "金额（万元）"}

// HistoryExport writes the paid roster of a published database (what this run pays, not the full amounts)
// as a prior_awards file: .xlsx, or .csv (UTF-8 with BOM, so Excel opens it correctly) otherwise.
func HistoryExport(ctx context.Context, dbPath, outPath string) (int, error) {
	db, err := OpenReadOnly(dbPath)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `
		SELECT d.credit_code, (SELECT max(policy_year) FROM runs)::VARCHAR,
		       CASE WHEN d.rule_id LIKE 'D10-%' THEN '10' ELSE '11' END, d.rule_id,
		       (d.paid_yuan / 10000)::DECIMAL(18,2)::VARCHAR
		FROM decisions d WHERE d.paid_yuan > 0 AND d.outcome IN ('awarded', 'topped_up')
		ORDER BY d.credit_code, d.rule_id`)
	if err != nil {
		return 0, fmt.Errorf("history export: %w", err)
	}
	defer rows.Close()
	var recs [][]string
	for rows.Next() {
		r := make([]string, 5)
		if err := rows.Scan(&r[0], &r[1], &r[2], &r[3], &r[4]); err != nil {
			return 0, err
		}
		recs = append(recs, r)
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	// Written under a temporary name and renamed: a failed export never leaves a truncated file that next
	// year's batch would read as its prior awards.
	tmp := filepath.Join(filepath.Dir(outPath), ".tmp-"+filepath.Base(outPath)) // keeps the extension excelize checks
	if strings.EqualFold(filepath.Ext(outPath), ".xlsx") {
		err = writeHistoryXLSX(tmp, recs)
	} else {
		err = writeHistoryCSV(tmp, recs)
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, outPath)
	}
	if err != nil {
		os.Remove(tmp)
		return 0, fmt.Errorf("history export %s: %w", outPath, err)
	}
	return len(recs), nil
}

func writeHistoryCSV(path string, recs [][]string) error {
	var buf strings.Builder
	buf.WriteString("\ufeff") // a BOM, so Excel on Chinese Windows reads UTF-8
	w := csv.NewWriter(&buf)
	w.Write(historyHeader)
	w.WriteAll(recs) // flushes
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(buf.String()), 0o644)
}

func writeHistoryXLSX(path string, recs [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "已兑付奖励"
	f.SetSheetName("Sheet1", sheet)
	textStyle, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	rows := append([][]string{historyHeader}, recs...)
	for r, rec := range rows {
		for c, v := range rec {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return err
			}
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				return err
			}
		}
	}
	if err := f.SetColStyle(sheet, "A", textStyle); err != nil {
		return err
	}
	return f.SaveAs(path)
}
