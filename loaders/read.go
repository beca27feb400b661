package loaders

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Size limits of the zip-bomb guard. An .xlsx is a zip archive whose parts can expand a thousandfold, so
// the declared size of every part is checked before excelize unzips anything.
const (
	// defaultMaxPartBytes bounds one uncompressed part (a worksheet or the shared strings) when
	// Options.MaxXLSXBytes is 0. A sheet at Excel's 1,048,576-row limit is ~340 MiB for the register's
	// six columns and can pass 1 GiB for wide ones; the streaming reader (sheetxml.go) never holds the
	// inflated XML, so the bound only has to stop a bomb, not protect memory.
	defaultMaxPartBytes = 2 << 30
	// totalPartsFactor bounds the whole uncompressed workbook at this many times the part limit
	// (1 GiB by default); excelize enforces it while unzipping (UnzipSizeLimit).
	totalPartsFactor = 4
	// memoryPartBytes is excelize's own threshold above which a worksheet is unzipped to a temporary
	// file rather than held in memory (its default, 16 MiB).
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

// readCSV decodes a whole CSV file into memory (see openCSV for the reader LoadDir streams from).
func readCSV(data []byte, force string) (*sheetData, error) {
	src, enc, err := openCSV(data, force)
	if err != nil {
		return nil, err
	}
	sd := &sheetData{encoding: enc}
	for {
		r, ok, err := src.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return sd, nil
		}
		sd.rows = append(sd.rows, r)
	}
}

// csvStream reads the records of a CSV file one at a time.
type csvStream struct{ r *csv.Reader }

func (s *csvStream) next() (sheetRow, bool, error) {
	rec, err := s.r.Read()
	if errors.Is(err, io.EOF) {
		return sheetRow{}, false, nil
	}
	if err != nil {
		return sheetRow{}, false, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	line, _ := s.r.FieldPos(0)
	return sheetRow{num: line, cells: rec}, true, nil
}

func (s *csvStream) close() error { return nil }

// openCSV checks a CSV file and returns a reader of its records. The encoding is decided by content
// unless forced: a UTF-8 byte-order mark, else valid UTF-8, else GB18030 (a superset of GBK, what Excel on
// Chinese Windows writes). GB18030 is decoded while the records are read, so that no decoded copy of a
// large file is held; the checks for NUL bytes and runaway quotes run on the bytes as stored, which
// GB18030 allows because its multi-byte sequences never use a byte below 0x30.
func openCSV(data []byte, force string) (*csvStream, string, error) {
	text, enc, err := textBytes(data, force)
	if err != nil {
		return nil, "", err
	}
	if bytes.IndexByte(text, 0) >= 0 {
		// Text files never hold NUL: this is a workbook or other binary file saved under a .csv name.
		return nil, "", fmt.Errorf("%w: not a text file (it holds NUL bytes: a workbook or binary file named .csv?)", ErrUnreadable)
	}
	if line, what := badQuote(text); line > 0 {
		return nil, "", fmt.Errorf("%w: line %d: %s", ErrUnreadable, line, what)
	}
	var in io.Reader = bytes.NewReader(text)
	if enc == "gb18030" {
		in = transform.NewReader(in, simplifiedchinese.GB18030.NewDecoder())
	}
	r := csv.NewReader(in)
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	return &csvStream{r: r}, enc, nil
}

// textBytes is decodeText without the copy: UTF-8 text is returned as a slice of data, GB18030 as data
// itself (decoded by the caller while reading), UTF-16 decoded.
func textBytes(data []byte, force string) ([]byte, string, error) {
	bom := []byte("\xEF\xBB\xBF")
	switch strings.ToLower(strings.ReplaceAll(force, "_", "-")) {
	case "":
		switch {
		case bytes.HasPrefix(data, bom):
			return data[len(bom):], "utf-8-bom", nil
		case bytes.HasPrefix(data, []byte("\xFF\xFE")), bytes.HasPrefix(data, []byte("\xFE\xFF")):
			s, enc, err := decodeUTF16(data)
			return []byte(s), enc, err
		case utf8.Valid(data):
			return data, "utf-8", nil
		}
		return data, "gb18030", nil
	case "utf-8", "utf8":
		if bytes.HasPrefix(data, bom) {
			return data[len(bom):], "utf-8-bom", nil
		}
		return data, "utf-8", nil
	case "gb18030", "gbk", "gb2312":
		return data, "gb18030", nil
	}
	return nil, "", fmt.Errorf("unknown encoding %q (want utf-8 or gb18030)", force)
}

// decodeText turns CSV bytes into UTF-8 text and names the encoding found.
func decodeText(data []byte, force string) (text, enc string, err error) {
	bom := []byte("\xEF\xBB\xBF")
	switch strings.ToLower(strings.ReplaceAll(force, "_", "-")) {
	case "":
		switch {
		case bytes.HasPrefix(data, bom):
			return string(data[len(bom):]), "utf-8-bom", nil
		case bytes.HasPrefix(data, []byte("\xFF\xFE")), bytes.HasPrefix(data, []byte("\xFE\xFF")):
			// Excel's "Unicode text" and some exporters write UTF-16 with a BOM; neither byte pair can
			// start UTF-8 or GB18030 text, so the BOM decides.
			return decodeUTF16(data)
		case utf8.Valid(data):
			return string(data), "utf-8", nil
		}
		return decodeGB18030(data)
	case "utf-8", "utf8":
		if bytes.HasPrefix(data, bom) {
			return string(data[len(bom):]), "utf-8-bom", nil
		}
		return string(data), "utf-8", nil
	case "gb18030", "gbk", "gb2312":
		return decodeGB18030(data)
	}
	return "", "", fmt.Errorf("unknown encoding %q (want utf-8 or gb18030)", force)
}

func decodeUTF16(data []byte) (string, string, error) {
	out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fmt.Errorf("%w: not UTF-16 text: %v", ErrUnreadable, err)
	}
	return string(out), "utf-16", nil
}

// badQuote finds a quoted field that would make encoding/csv (with LazyQuotes, needed for the bare quotes
// of hand-typed cells such as 甲"乙"公司) swallow the following lines into one cell, silently losing their
// rows: a quoted field that never closes, or a quote inside a quoted field that is neither doubled nor
// followed by a comma or the end of the line. It returns the line where that field starts, or 0.
func badQuote(text []byte) (line int, what string) {
	n, start := 1, 0
	inQuote, fieldStart := false, true
	for i := 0; i < len(text); i++ {
		ch := text[i]
		if !inQuote {
			switch {
			case ch == '\n':
				n++
				fieldStart = true
			case ch == ',':
				fieldStart = true
			case ch == '"' && fieldStart:
				inQuote, start, fieldStart = true, n, false
			default:
				fieldStart = false
			}
			continue
		}
		switch {
		case ch == '\n':
			n++
		case ch == '"' && i+1 < len(text) && text[i+1] == '"':
			i++ // an escaped quote
		case ch == '"':
			if i+1 < len(text) && text[i+1] != ',' && text[i+1] != '\r' && text[i+1] != '\n' {
				return start, "a quote inside a quoted field is neither doubled nor followed by a comma or the end of the line"
			}
			inQuote = false
		}
	}
	if inQuote {
		return start, "a quoted field is never closed"
	}
	return 0, ""
}

func decodeGB18030(data []byte) (string, string, error) {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fmt.Errorf("%w: not GB18030 text: %v", ErrUnreadable, err)
	}
	return string(out), "gb18030", nil
}

// readXLSX opens a workbook held in memory and reads every sheet. Cells are read raw (numbers as stored,
// not as displayed), merged ranges are filled with their top-left value so that a merged header names
// every column under it, and date cells are told apart by their number format.
func readXLSX(data []byte, maxPart int64) ([]*sheetData, error) {
	if maxPart <= 0 {
		maxPart = defaultMaxPartBytes
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
