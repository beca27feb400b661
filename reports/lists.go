package reports

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// The 公示名单 and the 拨付清单 (outputs.md "The documents that leave the building") list the pairs
// paid now (awarded, topped_up) at the amount paid now, rows of one round together.
const (
	SheetPublic  = "公示名单"
	SheetPayment = "拨付清单"
)

// PublicHeaders are the 公示名单's columns, and nothing else: enterprises' statistical figures are
// confidential under the 统计法 and never appear on a public list, nor do internal remarks.
var PublicHeaders = []string{"序号", "企业名称", "统一社会信用代码", "所属区", "奖励事项", "奖励金额（万元）"}

// PaymentHeaders are the 拨付清单's columns. The payee is the registered name, verbatim; the bank
// columns and 承诺书已签 are left blank: they come from the enterprise's 承诺书 and are checked by the
// district bureau.
var PaymentHeaders = []string{"序号", "收款单位全称", "统一社会信用代码", "所属区", "奖励事项", "金额（元）", "金额（万元）",
	"开户银行", "银行账号", "承诺书已签"}

// awardItem is the 奖励事项 of a row: the direction and the award's name.
func awardItem(r Rule) string { return fmt.Sprintf("方向%d·%s", r.Direction, r.Category) }

// WritePublic writes the 公示名单 workbook to w.
func WritePublic(w io.Writer, d *Data) error {
	rows := sortedRoster(d.Roster)
	cols := columns(PublicHeaders...)
	cols[1].MaxWidth, cols[1].MinWidth = 36, 20
	cols[3].MaxWidth = 20
	cols[4].MaxWidth, cols[4].MinWidth = 40, 20
	cols[5].Sum = true
	t := tableSheet{
		name:  SheetPublic,
		title: listTitle(d, "拟奖励企业公示名单", "", d.rounds()),
		blocks: []block{{cols: cols, n: len(rows), row: func(i int) []any {
			r := rows[i]
			return []any{i + 1, r.Name, Code(r.CreditCode), districtName(r.Enterprise), awardItem(r.Rule), YuanToWan(r.Paid)}
		}}},
		total:   &totalRow{label: "合计", text: countText(rows)},
		signOff: true,
	}
	return writeList(w, d, "公示名单", t)
}

// WritePayment writes the 拨付清单 workbook to w.
func WritePayment(w io.Writer, d *Data) error {
	rows := sortedRoster(d.Roster)
	cols := columns(PaymentHeaders...)
	cols[1].MaxWidth, cols[1].MinWidth = 30, 16
	cols[3].MaxWidth, cols[3].MinWidth = 12, 8
	cols[4].MaxWidth, cols[4].MinWidth = 28, 14
	cols[5].Sum, cols[6].Sum = true, true
	// Blank columns to be written in: as wide as what goes there (a bank's name, an account number of up
	// to 30 digits, 是/否).
	cols[7].Width, cols[8].Width, cols[9].Width = 20, 26, 8
	t := tableSheet{
		name:  SheetPayment,
		title: listTitle(d, "拟奖励资金拨付清单", "", d.rounds()),
		blocks: []block{{cols: cols, n: len(rows), row: func(i int) []any {
			r := rows[i]
			return []any{i + 1, r.Name, Code(r.CreditCode), districtName(r.Enterprise), awardItem(r.Rule), Yuan(r.Paid),
				YuanToWan(r.Paid), nil, nil, nil}
		}}},
		total: &totalRow{label: "合计", text: countText(rows)},
		notes: []string{
			"注：1. 收款单位全称为单位名录登记的企业名称，须与开户名称逐字一致；金额为本次拟兑付金额（差额补齐的为差额）。",
			"注：2. 开户银行、银行账号、承诺书已签三栏留空：依据企业按《指南》二（一）6 在资金拨付前签署的承诺书填写，由区主管部门核对。",
		},
		signOff: true,
	}
	return writeList(w, d, "拨付清单", t)
}

// writeList writes a workbook of one list sheet.
func writeList(w io.Writer, d *Data, doc string, t tableSheet) error {
	if d.Run.PolicyYear == 0 {
		return fmt.Errorf("%s: policy year is not set", doc)
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", t.name); err != nil {
		return err
	}
	if err := writeTable(f, st, pageFor(d, doc), t); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if err := markOwn(f, doc); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write %s: %w", doc, err)
	}
	return nil
}
