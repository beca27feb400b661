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
	if strings.EqualFold(filepath.Ext(outPath), ".xlsx") {
		return len(recs), writeHistoryXLSX(outPath, recs)
	}
	f, err := os.Create(outPath)
	if err != nil {
		return 0, err
	}
	f.WriteString("\ufeff")
	w := csv.NewWriter(f)
	w.Write(historyHeader)
	w.WriteAll(recs)
	if err := w.Error(); err != nil {
		f.Close()
		return 0, err
	}
	return len(recs), f.Close()
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
	for i, h := range historyHeader {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellStr(sheet, cell, h)
	}
	for r, rec := range recs {
		for c, v := range rec {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			f.SetCellStr(sheet, cell, v)
		}
	}
	f.SetColStyle(sheet, "A", textStyle)
	return f.SaveAs(path)
}
