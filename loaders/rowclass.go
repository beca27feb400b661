package loaders

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file tells the rows of a sheet that are not enterprises (blank rows, totals, notes) from the data
// rows, and builds the quarantine record of a data row that cannot be loaded.

// totalMarkers begin the first text cell of a total or sub-total row (inputs.md: 合计, 合 计, 总计, 小计,
// 其中, or anything starting with #; the cell is compacted, so 合 计 is 合计).
var totalMarkers = [...]string{"合计", "总计", "小计", "其中", "#"}

// noteMarkers begin the first text cell of a note under (or inside) a table: 注：…, 制表人：…, 填报日期：…
// (inputs.md "What real exports look like"). Such rows are skipped and counted like totals.
var noteMarkers = [...]string{"注", "说明", "备注", "制表", "填表", "填报", "审核", "负责人", "单位负责人", "统计负责人",
	"数据来源", "资料来源", "打印"}

// errorValues are the texts Excel and WPS show for a formula that failed (as an error cell's value, or as
// text in a CSV saved from one). They begin with # but are never total markers: an error value is a value
// that could not be computed (inputs.md "Fail closed").
var errorValues = [...]string{"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
	"#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#UNKNOWN!", "#BUSY!", "#PYTHON!"}

// isErrorValue reports whether a compacted cell text is an Excel error value, in any letter case.
func isErrorValue(t string) bool {
	if len(t) < 4 || t[0] != '#' || len(t) > len("#GETTING_DATA") {
		return false
	}
	u := strings.ToUpper(t)
	return slices.Contains(errorValues[:], u)
}

// isErrorCell reports whether cell col of a row holds an error value: an error cell of a workbook, or its
// text (a CSV keeps only the text).
func isErrorCell(r *sheetRow, col int) bool {
	if r.flag(col)&cellError != 0 {
		return true
	}
	c := cellAt(*r, col)
	if strings.IndexByte(c, '#') < 0 && !strings.Contains(c, "＃") {
		return false
	}
	return isErrorValue(compact(c))
}

// isMarker reports whether the (compacted) first text cell of a row makes it a total or a note.
func isMarker(t string) bool {
	for _, p := range totalMarkers {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	for _, p := range noteMarkers {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// isTotalRow tells a total, sub-total or note row by its first text cell: 序号 numbers and error values are
// passed over (an error value is never a marker, whatever it starts with).
func isTotalRow(r sheetRow) bool {
	for _, c := range r.cells {
		t := compact(c)
		if t == "" || isPlainNumber(t) || isErrorValue(t) {
			continue
		}
		return isMarker(t)
	}
	return false
}

// rowClass classifies a row in one pass over its cells, most of them without folding (an ASCII cell
// folds to itself without its outer spaces and compacts to itself without any space, so its bytes settle
// it): blank when it has no cell but empty ones and error values, total when it is not blank and
// isTotalRow holds. errs reports an error value among the cells read: every error cell when the row is
// blank, those before its first text cell otherwise. Whether an error value in a column the kind reads
// turns a blank or total row into a data row is the caller's to decide (see classify).
func rowClass(r sheetRow) (blank, total, errs bool) {
	blank = true
	for _, c := range r.cells {
		empty, number, hash, ascii := asciiClass(c)
		if ascii && !hash {
			if empty {
				continue
			}
			blank = false
			if number {
				continue
			}
			// The first text cell, ASCII and not starting with #: no marker is ASCII but #.
			return false, false, errs
		}
		t := compact(c)
		if t == "" {
			continue
		}
		if isErrorValue(t) {
			errs = true
			continue
		}
		blank = false
		if isPlainNumber(t) {
			continue
		}
		return false, isMarker(t), errs
	}
	return blank, false, errs
}

// asciiClass reads a cell as compact would leave it: empty, a plain number, or starting with #, from its
// bytes up to the first that settles it; ascii is false (and the rest unset) when a byte before that is not
// ASCII.
func asciiClass(s string) (empty, number, hash, ascii bool) {
	empty, number = true, true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80:
			return false, false, false, false
		case c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
		default:
			if empty {
				hash = c == '#'
			}
			empty = false
			if (c < '0' || c > '9') && c != '.' {
				// Settled whatever follows: folding never changes an ASCII character nor removes one
				// other than a space, so c stays in compact's text, after the same first character.
				return false, false, hash, true
			}
		}
	}
	return empty, number, hash, true
}

func isPlainNumber(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// hasNoValueCell reports whether a row holds a formula without a cached value, in any column.
func hasNoValueCell(r *sheetRow) bool {
	for _, f := range r.flags {
		if f&cellNoValue != 0 {
			return true
		}
	}
	return false
}

// Bounds on what a quarantine record keeps of a row: enough for a person to find and recognise it, never
// so much that a cell of a megabyte is copied into the database and the workbooks (a 1 MB name once
// crashed the run).
const (
	maxRawValue = 200
	maxRawRow   = 1000
)

// clip shortens s to at most n characters, marking the cut with the length it had.
func clip(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if n == 0 {
			cut = i
			break
		}
		n--
	}
	return s[:cut] + "…（共" + strconv.Itoa(utf8.RuneCountInString(s)) + "字）"
}

// quarantined builds the quarantine record of a row: the first offending column and its raw value, and
// every distinct reason. cells are the row's cells as read, kept tab-joined in RawRow.
func quarantined(file, sheet string, row int, k Kind, probs []problem, cells []string) Quarantined {
	var reasons []string
	for _, p := range probs {
		if !slices.Contains(reasons, p.reason) {
			reasons = append(reasons, p.reason)
		}
	}
	return Quarantined{SourceFile: file, SourceSheet: sheet, SourceRow: row, Kind: k,
		CreditCode: probs[0].code, Group: probs[0].group,
		Column: probs[0].column, RawValue: clip(probs[0].raw, maxRawValue), RawRow: clip(strings.Join(cells, "\t"), maxRawRow),
		Reason: strings.Join(reasons, ";")}
}
