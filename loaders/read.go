package loaders

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Size limits of the zip-bomb guard (inputs.md "Fail closed": a part that inflates beyond 1 GiB and 100
// times its compressed size stops the run as a zip bomb). Every part's declared size is checked before
// anything is inflated; Go's zip reader refuses a part that inflates beyond its declared size, so the
// declaration bounds what is inflated. Below the bomb line a part of any size is read: the sheet reader
// streams (sheetxml.go), so memory does not grow with a sheet's size.
const (
	bombBytes = 1 << 30 // a part larger than this …
	bombRatio = 100     // … and this many times its compressed size is a zip bomb
	// maxSharedStrings bounds the shared-string table, which is held in memory (cells refer to it by
	// index): a national register's (a million names) is about 60 MiB of XML.
	maxSharedStrings = 128 << 20
	// totalPartsFactor bounds the whole uncompressed workbook at this many times Options.MaxXLSXBytes,
	// when that is set.
	totalPartsFactor = 4
	// memoryPartBytes is excelize's own threshold above which a worksheet is unzipped to a temporary
	// file rather than held in memory (its default, 16 MiB); excelize reads workbooks only in tests.
	memoryPartBytes = 16 << 20
)

// sheetRow is one physical row of a sheet or CSV file.
type sheetRow struct {
	num   int      // 1-based physical row (xlsx) or the line the CSV record starts on
	cells []string // raw cell texts: numbers unformatted, as stored
	flags []byte   // xlsx (streaming reader): per cell, cellPresent | cellTyped | cellDateFmt
	style int32    // xlsx (streaming reader): the row's format when it has customFormat, else -1 (or 0)
	bad   string   // a reason the reader found that keeps the whole row out (field_count, bad_encoding); "" when none
}

// sheetData is one sheet (or a whole CSV file) as read, before any interpretation.
type sheetData struct {
	name     string // the sheet name, "" for CSV
	rows     []sheetRow
	encoding string // CSV only
	// dateCell reports whether the cell in column col of rows[idx] is a number cell with a date format,
	// so that its raw value is an Excel date serial. Nil for CSV.
	dateCell func(idx, col int) bool
	// numberCell reports whether the cell in column col of rows[idx] is a number cell (its text went
	// through a float, with 15 significant digits). Nil for CSV. Only asked about the rare cells whose
	// meaning depends on it (an all-digit credit code), so it may be slow.
	numberCell func(idx, col int) bool
	// date1904 is true for a workbook in the 1904 date system (Excel for Mac), whose serials count from
	// 1904-01-01.
	date1904 bool
	// fmts is set by the streaming xlsx reader: the date test of a row read after the sheet's first rows
	// (see rowSource), which no merged range reaches.
	fmts *sheetFormats
}

// isDate is the date-cell test of a row: rows[idx] when idx >= 0, else a row streamed after them.
func (sd *sheetData) isDate(idx int, r *sheetRow, col int) bool {
	switch {
	case idx >= 0:
		return sd.dateCell != nil && sd.dateCell(idx, col)
	case sd.fmts != nil:
		return sd.fmts.isDate(r, col)
	}
	return false
}

// isNumber is the number-cell test of a row: rows[idx] when idx >= 0, else a row streamed after them.
func (sd *sheetData) isNumber(idx int, r *sheetRow, col int) bool {
	switch {
	case idx >= 0:
		return sd.numberCell != nil && sd.numberCell(idx, col)
	case sd.fmts != nil:
		return isNumberCell(r, col)
	}
	return false
}

// readXLSX opens a workbook held in memory and reads every sheet. Cells are read raw (numbers as stored,
// not as displayed), merged ranges are filled with their top-left value so that a merged header names
// every column under it, and date cells are told apart by their number format.
func readXLSX(data []byte, maxPart int64) ([]*sheetData, error) {
	if maxPart <= 0 {
		maxPart = 2 << 30
	}
	if err := checkZipParts(data, maxPart); err != nil {
		return nil, err
	}
	total := maxPart * totalPartsFactor
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    total,
		UnzipXMLSizeLimit: min(int64(memoryPartBytes), total),
	})
	if err != nil {
		// Encrypted workbooks (an OLE container, not a zip) and corrupt files both end here.
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	defer f.Close()
	var out []*sheetData
	if len(f.GetSheetList()) == 0 {
		return nil, fmt.Errorf("%w: the workbook has no worksheet", ErrUnreadable)
	}
	props, err := f.GetWorkbookProps()
	if err != nil {
		return nil, fmt.Errorf("%w: workbook properties: %v", ErrUnreadable, err)
	}
	date1904 := props.Date1904 != nil && *props.Date1904
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("%w: sheet %s: %v", ErrUnreadable, name, err)
		}
		// A chart sheet has no rows and no merges (excelize refuses to list them): it is kept as an empty
		// sheet, which recognition skips with a warning like any cover sheet.
		if len(rows) > 0 {
			merges, err := f.GetMergeCells(name, true)
			if err != nil {
				return nil, fmt.Errorf("%w: sheet %s: %v", ErrUnreadable, name, err)
			}
			fillMerges(rows, merges)
		}
		sd := &sheetData{name: name, date1904: date1904}
		for i, r := range rows {
			sd.rows = append(sd.rows, sheetRow{num: i + 1, cells: r})
		}
		sd.dateCell = dateCellFunc(f, name, sd)
		sd.numberCell = numberCellFunc(f, name, sd)
		out = append(out, sd)
	}
	return out, nil
}

// numberCellFunc builds the number-cell test of one sheet: a cell without a type (or of type n) holding a
// value of its own is a number. A cell that only received a merged range's value is not.
func numberCellFunc(f *excelize.File, sheet string, sd *sheetData) func(idx, col int) bool {
	return func(idx, col int) bool {
		if idx < 0 || idx >= len(sd.rows) || col < 0 || col >= len(sd.rows[idx].cells) {
			return false
		}
		name, err := excelize.CoordinatesToCellName(col+1, sd.rows[idx].num)
		if err != nil {
			return false
		}
		t, err := f.GetCellType(sheet, name)
		if err != nil || (t != excelize.CellTypeUnset && t != excelize.CellTypeNumber) {
			return false
		}
		v, err := f.GetCellValue(sheet, name, excelize.Options{RawCellValue: true})
		return err == nil && strings.TrimSpace(v) != ""
	}
}

// checkZipParts refuses a workbook whose parts declare more than maxPart bytes each, or more than
// totalPartsFactor × maxPart together. Go's zip reader
// refuses a part that inflates beyond its declared size, so the declaration can be trusted.
func checkZipParts(data []byte, maxPart int64) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("%w: not an xlsx (zip) file: %v", ErrUnreadable, err)
	}
	var total uint64
	for _, zf := range zr.File {
		if zf.UncompressedSize64 > uint64(maxPart) {
			return fmt.Errorf("%w: part %s would unzip to %d bytes, over the limit of %d", ErrUnreadable,
				zf.Name, zf.UncompressedSize64, maxPart)
		}
		total += zf.UncompressedSize64
	}
	if limit := uint64(maxPart) * totalPartsFactor; total > limit {
		return fmt.Errorf("%w: the workbook would unzip to %d bytes, over the limit of %d", ErrUnreadable, total, limit)
	}
	return nil
}

// fillMerges copies the top-left value of every merged range into the other cells of the range, within
// the rows and columns that exist (a merge reaching the sheet's last column must not allocate it).
func fillMerges(rows [][]string, merges []excelize.MergeCell) {
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r1 > len(rows) {
			continue
		}
		v := ""
		if c1-1 < len(rows[r1-1]) {
			v = rows[r1-1][c1-1]
		}
		if v == "" {
			continue
		}
		for r := r1; r <= min(r2, len(rows)); r++ {
			for c := c1; c <= min(c2, width); c++ {
				for len(rows[r-1]) < c {
					rows[r-1] = append(rows[r-1], "")
				}
				if rows[r-1][c-1] == "" {
					rows[r-1][c-1] = v
				}
			}
		}
	}
}

// dateCellFunc builds the date-cell test of one sheet. Only cells whose raw value is a number are looked
// up, and each style's verdict is cached, so the lookup costs little even on large sheets.
func dateCellFunc(f *excelize.File, sheet string, sd *sheetData) func(idx, col int) bool {
	cache := map[int]bool{}
	return func(idx, col int) bool {
		if idx < 0 || idx >= len(sd.rows) || col < 0 || col >= len(sd.rows[idx].cells) {
			return false
		}
		if _, err := strconv.ParseFloat(strings.TrimSpace(sd.rows[idx].cells[col]), 64); err != nil {
			return false
		}
		name, err := excelize.CoordinatesToCellName(col+1, sd.rows[idx].num)
		if err != nil {
			return false
		}
		styleID, err := f.GetCellStyle(sheet, name)
		if err != nil {
			return false
		}
		if v, ok := cache[styleID]; ok {
			return v
		}
		st, err := f.GetStyle(styleID)
		isDate := err == nil && isDateFormat(st)
		cache[styleID] = isDate
		return isDate
	}
}

// isDateFormat reports whether a cell style displays a number as a date: the built-in date formats
// (14–22, and 27–36 and 50–58 of the East Asian locales) or a custom format with y or d outside quotes
// and brackets (m alone could be minutes).
func isDateFormat(st *excelize.Style) bool {
	if st == nil {
		return false
	}
	if st.CustomNumFmt != nil {
		return customIsDate(*st.CustomNumFmt)
	}
	n := st.NumFmt
	return (n >= 14 && n <= 22) || (n >= 27 && n <= 36) || (n >= 50 && n <= 58)
}

func customIsDate(code string) bool {
	inQuote, inBracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '\\' && !inQuote:
			i++ // an escaped literal
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '[':
			inBracket = true
		case c == ']':
			inBracket = false
		case inBracket:
		case c == 'y' || c == 'Y' || c == 'd' || c == 'D':
			return true
		}
	}
	// Chinese formats such as yyyy"年"m"月" are caught above; 年/月/日 written literally without quotes also count.
	return strings.ContainsAny(code, "年月日")
}
