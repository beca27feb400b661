package loaders

import "fmt"

// The reasons a file or sheet is skipped, as load_report says them.
const (
	skipSubfolder  = "a subfolder: only files directly in the input folder are read; move its files into the input folder to load them"
	skipLockFile   = "an Excel or WPS lock file (the workbook it belongs to is open somewhere)"
	skipHidden     = "a hidden file"
	skipNotRegular = "not a regular file"
	skipEmptyText  = "an empty text file"
)

var (
	skipNoHeader  = fmt.Sprintf("no header of a known kind in its first %d rows", maxHeaderRow)
	skipReadme    = fmt.Sprintf("a text file with %s (a readme?); name its kind in %s if it is data", skipNoHeader, batchFile)
	skipWeakSheet = fmt.Sprintf("its only known column is 统一社会信用代码 (a cover or notes sheet?); name it in %s to load it as %s",
		batchFile, IndustrialSoftware)
	skipOwnSheet = fmt.Sprintf("a sheet of a workbook this program wrote; only its %s sheet is read back, as resolutions", ownReviewSheet)
	skipOwnBook  = fmt.Sprintf("a workbook this program wrote, with no %s sheet to read back", ownReviewSheet)
)

// SkipReasonZh gives the Chinese of a reason the loader writes for a file or sheet it skips
// (SheetReport.SkippedReason, load_report.skipped_reason), for the 数据质量 sheet bureau staff read. The
// reasons stay English in the database and the log, like every other message of the command; a reason
// this does not know comes back as it is. The table sits here, beside the sentences it translates
// (load.go, ownbook.go), so that a new reason is given its Chinese where it is written.
func SkipReasonZh(en string) string {
	switch en {
	case skipSubfolder:
		return "子文件夹：只读取直接放在输入文件夹中的文件；如需读取，请把其中的文件移到输入文件夹"
	case skipLockFile:
		return "Excel 或 WPS 的临时锁定文件（对应的工作簿正在别处打开）"
	case skipHidden:
		return "隐藏文件"
	case skipNotRegular:
		return "不是普通文件"
	case skipEmptyText:
		return "空的文本文件"
	case skipOwnSheet:
		return "本程序输出的工作簿中的工作表；只读回其中的“" + ownReviewSheet + "”表（复核结论）"
	case skipOwnBook:
		return "本程序输出的工作簿，其中没有可读回的“" + ownReviewSheet + "”表"
	case skipReadme:
		return fmt.Sprintf("文本文件的前%d行中没有可识别的表头（说明文件？）；如为数据，请在 %s 中写明类别", maxHeaderRow, batchFile)
	case skipNoHeader:
		return fmt.Sprintf("前%d行中没有可识别的表头（封面或填表说明？）", maxHeaderRow)
	case skipWeakSheet:
		return fmt.Sprintf("只有“统一社会信用代码”一列可识别（封面或填表说明？）；如为工业软件名单，请在 %s 中写明", batchFile)
	case otherReason(fmtXLSX):
		return "Excel 工作簿，但文件扩展名不是表格文件的；改为 .xlsx 即可读取"
	case otherReason(fmtText):
		return "不是数据文件（文本文件，但扩展名不是 .csv、.tsv 或 .txt）"
	}
	for f := fmtText; f <= fmtBinary; f++ {
		if en == otherReason(f) {
			if f == fmtBIFF || f == fmtODS || f == fmtXLSB || f == fmtEncrypted {
				return f.describeZh() + "，但文件扩展名不是表格文件的；另存为 .xlsx 即可读取"
			}
			return "不是数据文件（" + f.describeZh() + "）"
		}
	}
	return en
}

// describeZh is describe in Chinese.
func (f format) describeZh() string {
	switch f {
	case fmtText:
		return "文本文件"
	case fmtXLSX:
		return "Excel 工作簿（.xlsx）"
	case fmtBIFF:
		return "Excel 97–2003 工作簿（.xls，或同格式的 WPS .et）"
	case fmtEncrypted:
		return "设有密码（加密）的工作簿"
	case fmtODS:
		return "OpenDocument 电子表格（.ods）"
	case fmtXLSB:
		return "Excel 二进制工作簿（.xlsb）"
	case fmtNumbers:
		return "Apple Numbers 文档"
	case fmtDBF:
		return "dBASE 数据表（.dbf）"
	case fmtHTML:
		return "网页（HTML），不是工作簿"
	case fmtXMLSS:
		return "Excel 2003 XML 电子表格"
	case fmtZipCorrupt:
		return "已损坏的 zip 压缩包（.xlsx 本身是 zip 压缩包）"
	case fmtZipOther:
		return "不是工作簿的 zip 压缩包（Word、PowerPoint 文档或普通 .zip）"
	case fmtOLEOther:
		return "不是 Excel 工作簿的 Office 97–2003 文件（Word、PowerPoint 文档或 WPS 自有格式文件）"
	case fmtPDF:
		return "PDF 文档"
	case fmtImage:
		return "图片"
	case fmtUTF16NoBOM:
		return "没有字节顺序标记的 UTF-16 文本，无法确定读法"
	}
	return "不是表格的二进制文件"
}
