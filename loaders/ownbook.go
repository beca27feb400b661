package loaders

// A workbook this program wrote can come back into the input folder: the bureau returns the 奖励名单
// with its 待复核 sheet filled in (outputs.md, "resolutions"), often as the whole workbook. Its other
// sheets are the run's own output, and the rosters' columns (统一社会信用代码, 企业名称, 所属区 …) look
// like a register's: loaded by recognition they would be bound as a second 单位名录 by guess. So reports
// marks every workbook it writes with OwnCategory (the file's 类别 property, cp:category in
// docProps/core.xml, which Excel and WPS keep on save), and in a workbook so marked:
//   - the sheet 待复核 is read as resolutions, and nothing else: a 待复核 sheet without the resolutions
//     columns stops the run, since the reviewers' answers on it would otherwise be lost unseen;
//   - the sheets the program writes (OwnSheetNames) are skipped, each listed in load_report — unless one
//     has the columns of a kind other than the register's (a 失信 list pasted over 说明): that stops the run;
//   - any other sheet stops the run: someone added it, and whether it is an extract cannot be told;
//   - batch.toml naming a sheet ("file#sheet") still decides that sheet.
// A workbook whose properties were lost (saved by a program that drops them, or copied into a new file)
// is recognised like any other: its roster rows then repeat the register's enterprises, which the
// duplicate rule quarantines and holds, so it fails closed either way.

// OwnCategory is the 类别 (category) property of every workbook reports writes.
const OwnCategory = "北京市高精尖资金免申即享·awards 输出"

// ownReviewSheet is the sheet of the 奖励名单 that comes back with the reviewers' answers.
const ownReviewSheet = "待复核"

// OwnSheetNames are the names of the sheets the program writes into its workbooks (reports and the
// pipeline's extra sheets); a test in cmd/awards holds the written workbooks to it.
func OwnSheetNames() []string {
	return []string{"汇总", "方向10", "方向11", ownReviewSheet, "数据质量", "说明", "变化", "公示名单", "拨付清单"}
}

func isOwnSheet(name string) bool {
	for _, s := range OwnSheetNames() {
		if s == name {
			return true
		}
	}
	return false
}
