package loaders

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// This file is the loaders' own .xlsx reader. excelize decodes a worksheet with encoding/xml and holds it
// whole (about 30k rows/s for ten columns); the loaders only need every cell's raw text, the merged
// ranges and which cells carry a date format, so a byte-level scanner over the inflated sheet XML gives
// the same rows as excelize's GetRows(RawCellValue) several times faster. The small workbook parts
// (workbook, relationships, styles) are still decoded with encoding/xml; the shared strings, which grow
// with the batch (one per distinct enterprise name), use the scanner too.

// readXLSXStream reads every sheet of a workbook held in memory, with the results readXLSX gives: cells
// raw as stored (trailing empty cells and rows dropped, as excelize's GetRows does), merged ranges filled
// with their top-left value, and date cells told apart by their number format.
func readXLSXStream(data []byte, maxPart int64) ([]*sheetData, error) {
	bk, parts, err := openXLSX(data, maxPart)
	if err != nil {
		return nil, err
	}
	out := make([]*sheetData, 0, len(bk.sheets))
	for _, sh := range bk.sheets {
		if sh.chart {
			out = append(out, chartSheet(bk, sh.name))
			continue
		}
		zf := parts[sh.part]
		if zf == nil {
			return nil, &sheetProblem{sheet: sh.name, err: unreadable("the workbook lists the sheet but its part %s is missing, so it was damaged; export the file again", sh.part)}
		}
		sd, err := bk.readSheet(zf, sh.name)
		if err != nil {
			return nil, &sheetProblem{sheet: sh.name, err: asProblem(err)}
		}
		out = append(out, sd)
	}
	return out, nil
}

func chartSheet(bk *book, name string) *sheetData {
	return &sheetData{name: name, date1904: bk.date1904,
		dateCell: func(int, int) bool { return false }, numberCell: func(int, int) bool { return false }}
}

// openXLSX checks the zip-bomb limits and reads the workbook structure. maxPart, when above 0, also
// bounds every part's declared size at maxPart and their sum at totalPartsFactor × maxPart
// (Options.MaxXLSXBytes).
func openXLSX(data []byte, maxPart int64) (*book, map[string]*zip.File, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, unreadable("it is damaged: its zip directory cannot be read (%v), so it was cut short or altered; copy or export the file again", err)
	}
	// The zip-bomb guard: every part's declared size, and their sum, are bounded before anything is
	// inflated. Go's zip reader refuses a part that inflates beyond its declared size.
	parts := map[string]*zip.File{}
	var total uint64
	for _, zf := range zr.File {
		size := zf.UncompressedSize64
		if zipBomb(zf) {
			return nil, nil, unreadable("part %s would inflate from %s to %s (more than %d times), a zip bomb, not an export; get the file again from the system that exports it",
				zf.Name, byteSize(zf.CompressedSize64), byteSize(size), bombRatio)
		}
		if maxPart > 0 && size > uint64(maxPart) {
			return nil, nil, unreadable("part %s would unzip to %d bytes, over the limit of %d", zf.Name, size, maxPart)
		}
		total += size
		name := strings.TrimPrefix(zf.Name, "/")
		if parts[name] != nil {
			// Which of the two a spreadsheet program would read is not settled: neither is read.
			return nil, nil, unreadable("its zip archive holds two parts named %s, so it was damaged or altered; export the file again", name)
		}
		parts[name] = zf
	}
	if limit := uint64(maxPart) * totalPartsFactor; maxPart > 0 && total > limit {
		return nil, nil, unreadable("the workbook would unzip to %d bytes, over the limit of %d", total, limit)
	}
	bk, err := openBook(parts)
	if err != nil {
		return nil, nil, asProblem(err)
	}
	if len(bk.sheets) == 0 {
		return nil, nil, unreadable("the workbook has no worksheet; export the data again")
	}
	return bk, parts, nil
}

// zipBomb tells a part that would inflate beyond bombBytes and bombRatio times its compressed size.
func zipBomb(zf *zip.File) bool {
	c := zf.CompressedSize64
	return zf.UncompressedSize64 > bombBytes && c <= math.MaxUint64/bombRatio && zf.UncompressedSize64 > bombRatio*c
}

// byteSize writes a size for a person: 2.0 GiB, 3.5 MiB, 812 bytes.
func byteSize(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// openSheets opens every sheet of a workbook for streaming: each sheet's first rows (enough for header
// recognition, see readHead) are read, with merged ranges filled, and the rest is left to stream. The
// merged ranges come after the rows in the XML, so a first pass over the sheet finds them (inflating only,
// no parsing). A sheet whose merged ranges reach beyond its first rows is read whole, as before.
//
// memBudget is how much sheet XML the workbook may hold in memory (memSheetBudget; tests pass 0 to read
// every sheet in two passes).
//
// own tells that the workbook's properties say this program wrote it (OwnCategory).
func openSheets(data []byte, maxPart int64, memBudget uint64) (_ []*sheetIn, own bool, _ error) {
	bk, parts, err := openXLSX(data, maxPart)
	if err != nil {
		return nil, false, err
	}
	var out []*sheetIn
	var inMemory uint64 // sheet XML held in memory, within memSheetBudget
	live := false       // a sheet keeps its stream open (see reopened)
	fail := func(name string, err error) ([]*sheetIn, bool, error) {
		closeSheets(out)
		return nil, false, &sheetProblem{sheet: name, err: asProblem(err)}
	}
	for _, sh := range bk.sheets {
		if sh.chart {
			out = append(out, &sheetIn{sd: chartSheet(bk, sh.name)})
			continue
		}
		zf := parts[sh.part]
		if zf == nil {
			return fail(sh.name, unreadable("the workbook lists the sheet but its part %s is missing, so it was damaged; export the file again", sh.part))
		}
		// The first pass runs beside the reading of the sheet's first rows (and, while it lasts, the read-ahead
		// of the rows after them); its error, when it has one, is the one reported, as when it ran first.
		// A sheet within the memory budget is inflated once: the first pass and the rows read the same
		// buffer.
		var inf *inflated
		if size := zf.UncompressedSize64; inMemory+size <= memBudget {
			if inf, err = startInflate(zf); err != nil {
				return fail(sh.name, err)
			}
			inMemory += size
		}
		scanned := make(chan mergeScan, 1)
		go func() {
			if inf != nil {
				scanned <- inf.mergeScan()
				return
			}
			ms, known, err := scanMerges(zf)
			scanned <- mergeScan{ms, known, err}
		}()
		var st *sheetStream
		if inf != nil {
			st = bk.streamOf(inf)
		} else {
			st, err = bk.openSheet(zf)
		}
		if err != nil {
			if m := <-scanned; m.err != nil {
				return fail(sh.name, m.err)
			}
			return fail(sh.name, err)
		}
		head, pending, err := readHead(st, true)
		if err != nil {
			st.close()
			if m := <-scanned; m.err != nil {
				return fail(sh.name, m.err)
			}
			return fail(sh.name, err)
		}
		if pending == nil { // the whole sheet is read: exactly the whole-sheet reader's result
			st.close()
			if m := <-scanned; m.err != nil {
				return fail(sh.name, m.err)
			}
			out = append(out, &sheetIn{sd: bk.sheetOf(sh.name, head, st.fmts, st.merges)})
			continue
		}
		// The column styles (<cols>) precede the rows, so st.fmts is complete once a row has been read and
		// the read-ahead never changes it.
		fmts := st.fmts
		// A sheet held in memory is read ahead whole while the merged ranges are awaited, so that the scanning
		// keeps pace with the inflating and conversion, which needs the header, has only rows to convert
		// once they are known. Its rows take less memory than its XML: a row of cells is at least
		// minRowBytes of XML.
		ahead := prefetchChunks
		if inf != nil {
			ahead = int(zf.UncompressedSize64/(chunkRows*minRowBytes)) + 1
		}
		pf := startPrefetch(st, ahead)
		m := <-scanned
		if m.err != nil {
			pf.close()
			return fail(sh.name, m.err)
		}
		sd := bk.sheetOf(sh.name, head, fmts, m.ms)
		if !m.known || headOpen(sd.rows) {
			// The merged ranges are not known, or the header may reach past the first rows: the sheet is
			// read whole (within wholeSheetCells).
			pf.close()
			if inf != nil {
				sd, err = bk.readStream(bk.streamOf(inf), sh.name)
			} else {
				sd, err = bk.readSheet(zf, sh.name)
			}
			if err != nil {
				return fail(sh.name, err)
			}
			out = append(out, &sheetIn{sd: sd})
			continue
		}
		sd.fmts = fmts
		var src rowSource = pf
		if live {
			// Another sheet of the workbook keeps its stream open: this one is opened again when its rows
			// are wanted, so that the workbook holds one sheet's buffers however many sheets it has.
			pf.close()
			zf, inf := zf, inf
			src = &reopened{after: pending.num, open: func() (rowSource, error) {
				if inf != nil {
					return startPrefetch(bk.streamOf(inf), ahead), nil
				}
				st, err := bk.openSheet(zf)
				if err != nil {
					return nil, err
				}
				return startPrefetch(st, ahead), nil
			}}
		}
		live = true
		if !mergesWithin(m.ms, head) {
			// The pending row goes back in front of the stream: rows a range fills may come before it.
			f := newMergeFill(&prepend{r: *pending, src: src}, m.ms, sd.rows)
			first, _, err := f.next() // the pending row itself at the latest
			if err != nil {
				f.close()
				return fail(sh.name, err)
			}
			pending, src = &first, f
		}
		out = append(out, &sheetIn{sd: sd, pending: pending, src: src})
	}
	return out, bk.own, nil
}

// prepend is a row source giving one row and then src's.
type prepend struct {
	r    sheetRow
	done bool
	src  rowSource
}

func (p *prepend) next() (sheetRow, bool, error) {
	if !p.done {
		p.done = true
		return p.r, true, nil
	}
	return p.src.next()
}

func (p *prepend) close() error { return p.src.close() }

// minRowBytes is about the least XML a row with a cell takes (<c><v>1</v></c></row>): how many rows a
// sheet held in memory can have, at most, for its read-ahead.
const minRowBytes = 16

// mergeScan is the result of scanMerges.
type mergeScan struct {
	ms    []excelize.MergeCell
	known bool
	err   error
}

// mergesWithin reports whether every merged range lies within the rows and columns of head, so that
// filling head's cells is all the ranges do to the sheet.
func mergesWithin(ms []excelize.MergeCell, head []sheetRow) bool {
	width := 0
	for _, r := range head {
		width = max(width, len(r.cells))
	}
	for _, m := range ms {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue // the whole-sheet reader skips such a range too
		}
		if max(r1, r2) > len(head) || max(c1, c2) > width {
			return false
		}
	}
	return true
}

// scanMerges finds a sheet's merged ranges by inflating its XML and parsing only what follows the end of
// <sheetData>. known is false when the end of <sheetData> was not found (a malformed sheet: the caller
// reads it whole).
func scanMerges(zf *zip.File) (ms []excelize.MergeCell, known bool, err error) {
	rc, err := openPart(zf)
	if err != nil {
		return nil, false, err
	}
	defer rc.Close()
	const keep = 128 // bytes carried between reads, so that an end tag cut in two is found
	buf := make([]byte, keep+1<<20)
	var tail []byte
	carried := 0
	for {
		// Read to the very end of the part, so that its size and checksum are verified (archive/zip
		// checks them on the read that reaches the end); an io.ErrUnexpectedEOF from the part is damage.
		n, rerr := readFull(rc, buf[carried:])
		chunk := buf[:carried+n]
		if i := lastSheetDataEnd(chunk); i >= 0 {
			tail, known = append(tail[:0], chunk[i:]...), true
		} else if known {
			tail = append(tail, buf[carried:carried+n]...)
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, false, partError(zf.Name, rerr)
		}
		// The carried bytes are in tail already when the end was found; a tag found again in them resets it.
		carried = copy(buf, chunk[len(chunk)-keep:])
	}
	if !known {
		return nil, false, nil
	}
	if ms, err = parseMergeTail(tail); err != nil {
		return nil, false, err
	}
	return ms, true, nil
}

// readFull reads into b until it is full or the reader ends; it returns io.EOF only with the reader's own
// end (unlike io.ReadFull, which turns an early end into io.ErrUnexpectedEOF, the error archive/zip gives
// a part cut short).
func readFull(r io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// lastSheetDataEnd returns the index just after the last </sheetData> (with or without a namespace
// prefix) in b, or -1. Outside markup a '<' is always escaped, so "</" can only start an end tag.
//
// The search runs forwards: bytes.Index is vectorised, bytes.LastIndex is not, and the tag occurs at most a
// few times per sheet.
func lastSheetDataEnd(b []byte) int {
	const tag = "sheetData>"
	last := -1
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte(tag))
		if i < 0 {
			return last
		}
		i += off
		j := i
		if j > 0 && b[j-1] == ':' {
			j--
			for j > 0 && isNameByte(b[j-1]) {
				j--
			}
		}
		if j >= 2 && b[j-1] == '/' && b[j-2] == '<' {
			last = i + len(tag)
		}
		off = i + len(tag)
	}
}

func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.'
}

// book is the workbook structure the sheets are read with.
type book struct {
	sheets []bookSheet
	sst    []string
	sstBad map[int]bool // the shared strings that held bytes that are not UTF-8 (now U+FFFD)
	// dateXF tells, per cellXfs index (a cell's s attribute), whether its number format shows a date.
	dateXF []bool
	// fmtXF holds, per cellXfs index, the other flags its number format gives a cell: cellPctFmt, and for
	// a date format that shows no day or no month, cellDateNoDay and cellDateNoMonth.
	fmtXF []byte
	// date1904: the workbook counts date serials from 1904-01-01 (Excel for Mac).
	date1904 bool
	// own: the workbook's properties say this program wrote it (OwnCategory).
	own bool
}

type bookSheet struct {
	name, part string
	chart      bool // a chart sheet: read as an empty sheet, which recognition skips like a cover sheet
}

// openBook reads the workbook, its relationships, the styles and the shared strings.
func openBook(parts map[string]*zip.File) (*book, error) {
	wbPart, corePart := "xl/workbook.xml", ""
	if rels, err := readRels(parts, "_rels/.rels", ""); err == nil {
		for _, r := range rels {
			switch {
			case strings.HasSuffix(r.Type, "/officeDocument"):
				wbPart = r.Target
			case strings.HasSuffix(r.Type, "/core-properties"):
				corePart = r.Target
			}
		}
	}
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decodePart(parts, wbPart, &wb); err != nil {
		return nil, err
	}
	bk := &book{date1904: wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"}
	if corePart != "" && parts[corePart] != nil {
		var core struct {
			Category string `xml:"category"`
		}
		// Properties that cannot be read only mean the workbook is not known as this program's own: its
		// sheets are then recognised like any other's.
		if decodePart(parts, corePart, &core) == nil {
			bk.own = strings.TrimSpace(core.Category) == OwnCategory
		}
	}
	dir := path.Dir(wbPart)
	rels, err := readRels(parts, path.Join(dir, "_rels", path.Base(wbPart)+".rels"), dir)
	if err != nil {
		return nil, err
	}
	byID := map[string]string{}
	chart := map[string]bool{}
	var sstPart, stylesPart string
	for _, r := range rels {
		byID[r.ID] = r.Target
		chart[r.ID] = strings.HasSuffix(r.Type, "/chartsheet")
		switch {
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			sstPart = r.Target
		case strings.HasSuffix(r.Type, "/styles"):
			stylesPart = r.Target
		}
	}
	for _, s := range wb.Sheets {
		bk.sheets = append(bk.sheets, bookSheet{name: s.Name, part: byID[s.RID], chart: chart[s.RID]})
	}
	if stylesPart != "" && parts[stylesPart] != nil {
		if bk.dateXF, bk.fmtXF, err = readDateStyles(parts, stylesPart); err != nil {
			return nil, err
		}
	}
	if sstPart != "" && parts[sstPart] != nil {
		if bk.sst, bk.sstBad, err = readSharedStrings(parts[sstPart]); err != nil {
			return nil, err
		}
	}
	return bk, nil
}

type rel struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

// readRels reads a relationships part, resolving targets against dir (absolute targets start with /).
func readRels(parts map[string]*zip.File, name, dir string) ([]rel, error) {
	var rs struct {
		Rels []rel `xml:"Relationship"`
	}
	if err := decodePart(parts, name, &rs); err != nil {
		return nil, err
	}
	for i, r := range rs.Rels {
		if strings.HasPrefix(r.Target, "/") {
			rs.Rels[i].Target = strings.TrimPrefix(r.Target, "/")
		} else {
			rs.Rels[i].Target = path.Join(dir, r.Target)
		}
	}
	return rs.Rels, nil
}

func decodePart(parts map[string]*zip.File, name string, v any) error {
	zf := parts[name]
	if zf == nil {
		return fmt.Errorf("part %s missing", name)
	}
	rc, err := openPart(zf)
	if err != nil {
		return partError(name, err)
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return unreadable("part %s ends before its XML does, so the file was cut off; export it again", name)
		}
		var se *xml.SyntaxError
		if errors.As(err, &se) && se.Msg == "unexpected EOF" {
			return unreadable("part %s ends before its XML does, so the file was cut off; export it again", name)
		}
		if errors.As(err, &se) {
			return unreadable("part %s is not well-formed XML (%v), so the file is damaged; export it again", name, err)
		}
		return partError(name, err)
	}
	// The decoder stops at the end of the root element: the rest is read so that the part's size and
	// checksum are verified.
	if _, err := io.Copy(io.Discard, rc); err != nil {
		return partError(name, err)
	}
	return nil
}

// readDateStyles decides, per cell format, whether it shows a number as a date, as isDateFormat does on
// the style excelize builds: a built-in (or East Asian language) format id is judged by its number, any
// other id by the custom format code of that id. It also gives each format's other flags (see
// book.fmtXF): a percentage, a date shown without its day or without its month.
func readDateStyles(parts map[string]*zip.File, name string) ([]bool, []byte, error) {
	var ss struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID *int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := decodePart(parts, name, &ss); err != nil {
		return nil, nil, err
	}
	custom := map[int]string{}
	for _, n := range ss.NumFmts {
		if _, dup := custom[n.ID]; !dup {
			custom[n.ID] = n.Code
		}
	}
	out := make([]bool, len(ss.Xfs))
	flags := make([]byte, len(ss.Xfs))
	for i, xf := range ss.Xfs {
		if xf.NumFmtID == nil {
			continue
		}
		id := *xf.NumFmtID
		if builtinNumFmt(id) {
			out[i] = isDateFormat(&excelize.Style{NumFmt: id})
			flags[i] = builtinFmtFlags(id)
		} else if code, ok := custom[id]; ok {
			out[i] = customIsDate(code)
			flags[i] = customFmtFlags(code, out[i])
		}
	}
	return out, flags, nil
}

// builtinFmtFlags gives the flags of a built-in format id: 9 and 10 are percentages (0%, 0.00%); 17
// (mmm-yy) and the Chinese locale's 27, 36, 50, 52 and 57 (yyyy"年"m"月") show a date without its day.
func builtinFmtFlags(id int) byte {
	switch id {
	case 9, 10:
		return cellPctFmt
	case 17, 27, 36, 50, 52, 57:
		return cellDateNoDay
	}
	return 0
}

// customFmtFlags reads a custom format code's flags: a % outside quotes and brackets shows a percentage;
// a date format without a day (d, 日) or a month (m, 月) outside quotes shows the date only to the month or
// the year, so the cell's serial is more precise than what the person saw and meant (yyyy"年"m"月" over
// 2021-08-01 means August, not its first day).
func customFmtFlags(code string, isDate bool) byte {
	var pct, day, month bool
	inQuote, inBracket, escaped := false, false, false
	for _, r := range code {
		switch {
		case escaped: // the character after a backslash is a literal
			escaped = false
		case r == '\\' && !inQuote:
			escaped = true
		case r == '"':
			inQuote = !inQuote
		case inQuote:
		case r == '[':
			inBracket = true
		case r == ']':
			inBracket = false
		case inBracket:
		case r == '%':
			pct = true
		case r == 'd' || r == 'D' || r == '日':
			day = true
		case r == 'm' || r == 'M' || r == '月':
			month = true
		}
	}
	var f byte
	if pct {
		f |= cellPctFmt
	}
	if isDate && !day {
		f |= cellDateNoDay
		if !month {
			f |= cellDateNoMonth
		}
	}
	return f
}

// builtinNumFmt lists the format ids excelize treats as built in (its builtInNumFmt and isLangNumFmt).
func builtinNumFmt(id int) bool {
	return (id >= 0 && id <= 4) || (id >= 9 && id <= 22) || (id >= 27 && id <= 62) || (id >= 67 && id <= 81)
}

// readSharedStrings reads the shared-string table: the text of each <si>, its rich-text runs joined,
// phonetic runs (<rPh>) left out, _xHHHH_ escapes decoded as excelize does.
func readSharedStrings(zf *zip.File) (out []string, sstBad map[int]bool, err error) {
	if zf.UncompressedSize64 > maxSharedStrings {
		return nil, nil, unreadable("its shared strings (part %s) take %s, more than the %s the loader holds in memory; save each sheet as .csv, or split the workbook",
			zf.Name, byteSize(zf.UncompressedSize64), byteSize(maxSharedStrings))
	}
	rc, err := openPart(zf)
	if err != nil {
		return nil, nil, partError(zf.Name, err)
	}
	defer rc.Close()
	sc := newXMLScanner(rc)
	var (
		cur       []byte
		inSI, inT bool
		phonetic  int
		closed    bool // </sst> seen: the table is whole
	)
	for {
		tok, err := sc.next()
		var co cutOff
		if err == io.EOF && !closed || errors.As(err, &co) {
			return nil, nil, unreadable("part %s ends before its last shared string, so the file was cut off; export it again", zf.Name)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, partError(zf.Name, err)
		}
		if tok.kind == tokEnd && string(tok.name) == "sst" {
			closed = true
		}
		switch tok.kind {
		case tokText:
			if inT && phonetic == 0 {
				cur = sc.appendToken(cur, tok)
			}
		case tokStart:
			switch string(tok.name) {
			case "si":
				inSI, cur = true, cur[:0]
			case "t":
				inT = inSI && !tok.selfClose
			case "rPh":
				if !tok.selfClose {
					phonetic++
				}
			}
		case tokEnd:
			switch string(tok.name) {
			case "si":
				t := bstrUnescape(string(cur))
				if !utf8.ValidString(t) { // see sheetStream.row
					if sstBad == nil {
						sstBad = map[int]bool{}
					}
					sstBad[len(out)], t = true, strings.ToValidUTF8(t, "\uFFFD")
				}
				out = append(out, t)
				inSI = false
			case "t":
				inT = false
			case "rPh":
				phonetic--
			}
		}
	}
	return out, sstBad, nil
}

// bstrUnescape decodes the _xHHHH_ escapes Excel writes for characters XML cannot hold (and _x005F_ for
// a literal underscore), as excelize's bstrUnmarshal does.
func bstrUnescape(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' && isHex4(s[i+2:i+6]) {
			v, _ := strconv.ParseUint(s[i+2:i+6], 16, 32)
			if v == 0x5F {
				b.WriteByte('_')
			} else {
				b.WriteRune(rune(v))
			}
			i += 7
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func isHex4(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// Flags of a cell as read, kept per cell so that the date and number tests need not keep the XML.
const (
	cellPresent     byte = 1 << iota // the cell has a value in the XML (not a gap, not filled from a merge)
	cellTyped                        // its t attribute names a type other than a number (s, str, inlineStr, b, e, d)
	cellDateFmt                      // its format (own, else its row's, else its column's) shows a date
	cellError                        // an error cell (t="e": #N/A, #REF! …): its text is the error, not a value
	cellNoValue                      // a formula whose value was never computed and saved (no cached <v>)
	cellPctFmt                       // its format shows a percentage (0%, 0.00%)
	cellDateNoDay                    // its date format shows no day (yyyy"年"m"月", mmm-yy)
	cellDateNoMonth                  // its date format shows only the year (yyyy, yyyy"年")
)

// sheetFormats is what the date test needs about a sheet beyond each row's cell flags: the column
// styles (<cols>, read before the rows) and the workbook's date formats.
type sheetFormats struct {
	bk   *book
	cols []colRange
}

// dateFmt tells whether an absent cell shows a date: its row's format (when the row has customFormat),
// else its column's, as excelize's GetCellStyle.
func (sf *sheetFormats) dateFmt(rowStyle int32, col int) bool {
	st := int(rowStyle)
	if st <= 0 {
		st = colStyleOf(sf.cols, col+1)
	}
	return st > 0 && st < len(sf.bk.dateXF) && sf.bk.dateXF[st]
}

// isDate is the date-cell test of one row that no merged range reaches.
func (sf *sheetFormats) isDate(r *sheetRow, col int) bool {
	if col < 0 || col >= len(r.cells) {
		return false
	}
	f := r.flag(col)
	if f&cellPresent != 0 && f&cellDateFmt == 0 || f&cellPresent == 0 && !sf.dateFmt(r.style, col) {
		return false
	}
	_, err := strconv.ParseFloat(strings.TrimSpace(r.cells[col]), 64)
	return err == nil
}

// isNumber is the number-cell test of one row that no merged range reaches: a cell without a type, or
// of type n, holding a value.
func isNumberCell(r *sheetRow, col int) bool {
	if col < 0 || col >= len(r.cells) || strings.TrimSpace(r.cells[col]) == "" {
		return false
	}
	return r.flag(col)&cellTyped == 0
}

func (r *sheetRow) flag(col int) byte {
	if col < len(r.flags) {
		return r.flags[col]
	}
	return 0
}

func colStyleOf(cols []colRange, col int) int {
	st := -1
	for _, c := range cols {
		if c.min <= col && col <= c.max {
			st = c.style
		}
	}
	return st
}

// sheetStream reads a worksheet's rows one at a time from the inflated XML, so that a sheet of a million
// rows is never held whole. It also collects the column styles (before the rows) and the merged ranges
// (after them: only known once the last row has been read).
type sheetStream struct {
	bk     *book
	closer io.Closer
	sc     *xmlScanner
	fmts   *sheetFormats
	merges []excelize.MergeCell
	done   bool
	// blocks the rows' cells and flags are cut from (see row)
	cellBlock []string
	flagBlock []byte
	// tokensOnly turns the fast paths off (sheetxml_fast.go): the differential tests' reference.
	tokensOnly bool
	// closed is set by the root's end tag (</worksheet>): a part whose XML ends before it was cut off,
	// and rows may be missing (inputs.md "Fail closed").
	closed bool
	// spanned is the cells the rows read so far span (see spanRows).
	spanned int64

	rowNum   int
	rowStyle int // the row's s when customFormat="1", else -1
	rowText  []byte
	offs     []cellOff
	// the cell being read
	inCell, inV, inIS, inT bool
	phonetic               int
	col, lastCol, style    int
	typ                    []byte
	hasF, hasV             bool
	valStart               int
}

func (bk *book) openSheet(zf *zip.File) (*sheetStream, error) {
	zrc, err := openPart(zf)
	if err != nil {
		return nil, partError(zf.Name, err)
	}
	rc := newReadAhead(zrc, zf.Name)
	return &sheetStream{bk: bk, closer: rc, sc: newXMLScanner(rc), fmts: &sheetFormats{bk: bk}, rowStyle: -1}, nil
}

func (s *sheetStream) close() error { return s.closer.Close() }

const rowsPerBlock = 64

// row builds the row just read: one string holds all its texts, cells slice it.
func (s *sheetStream) row() sheetRow {
	width := s.offs[len(s.offs)-1].col + 1
	if width > excelize.MaxColumns {
		// next reports it; a row this wide is not allocated.
		return sheetRow{num: s.rowNum, cells: make([]string, excelize.MaxColumns+1)[:width:width]}
	}
	str := string(s.rowText)
	// The cells and flags of consecutive rows are cut from shared blocks: two allocations per block, not
	// per row.
	if len(s.cellBlock) < width {
		n := max(width*rowsPerBlock, 256)
		s.cellBlock, s.flagBlock = make([]string, n), make([]byte, n)
	}
	r := sheetRow{num: s.rowNum, cells: s.cellBlock[:width:width], flags: s.flagBlock[:width:width], style: int32(s.rowStyle)}
	s.cellBlock, s.flagBlock = s.cellBlock[width:], s.flagBlock[width:]
	badText := !utf8.Valid(s.rowText)
	for _, o := range s.offs {
		if o.sst >= 0 {
			r.cells[o.col] = s.bk.sst[o.sst]
			badText = badText || s.bk.sstBad[o.sst]
		} else {
			r.cells[o.col] = str[o.a:o.b]
		}
		r.flags[o.col] = o.flags
	}
	if badText {
		// The XML of a workbook is UTF-8: bytes that are not are damage (inputs.md bad_encoding). They
		// become U+FFFD, so that nothing downstream (the staging CSVs DuckDB reads) meets them, and the
		// row is kept out.
		for i, c := range r.cells {
			r.cells[i] = strings.ToValidUTF8(c, "\uFFFD")
		}
		r.bad = reasonBadEncoding
	}
	return r
}

// Bounds on what one row may hold, so that no sheet, whatever its parts inflate to, makes a row take
// more memory than this: Excel's own limits are 16,384 columns and 32,767 characters a cell.
const (
	maxRowText  = 64 << 20 // the text of a row's cells
	maxTokenLen = 64 << 20 // one piece of XML (a tag, or a text between tags)
)

// next returns the next row that has a cell, in sheet order (row numbers rise; empty rows are not
// returned), or ok false at the end of the sheet. A sheet whose XML ends before its root element does is
// an error, as is a row beyond Excel's limits.
func (s *sheetStream) next() (sheetRow, bool, error) {
	r, ok, err := s.nextRow()
	switch {
	case err != nil:
		return sheetRow{}, false, sheetXMLError(err)
	case ok && len(r.cells) > excelize.MaxColumns:
		return sheetRow{}, false, unreadable("row %d has a cell beyond column XFD, the last an Excel sheet has, so the file is damaged; export it again", r.num)
	case ok && s.spanRows(len(r.cells)):
		return sheetRow{}, false, unreadable("by row %d its rows span more than %d cells for each byte of their XML (a cell far to the right of the others in row after row?), which no export writes; delete the stray cells or save the sheet as .csv", r.num, spanPerByte)
	case !ok && !s.closed:
		return sheetRow{}, false, errCutOffSheet()
	}
	return r, ok, nil
}

// Rows cost memory and time by the cells they span, gaps included: a row whose cells are in A and XFD
// is 60 bytes of XML and 16,384 cells. Past spanFree cells, a sheet whose rows span more than spanPerByte
// cells per byte of XML read is refused: an export's rows hold a value in most of the cells they span
// (at least 15 bytes of XML each), while a million such rows would take minutes to read.
const (
	spanFree    = 16 << 20
	spanPerByte = 16
)

// spanRows counts the cells a row spans and reports whether the sheet's rows are now over the bound.
func (s *sheetStream) spanRows(width int) bool {
	s.spanned += int64(width)
	return s.spanned > spanFree && s.spanned > spanPerByte*s.sc.consumed()
}

// sheetXMLError says in a sentence what is wrong with a sheet whose XML could not be read.
func sheetXMLError(err error) error {
	var fp *fileProblem
	var co cutOff
	switch {
	case errors.As(err, &fp):
		return err
	case errors.As(err, &co):
		return errCutOffSheet()
	}
	return unreadable("its XML cannot be read (%v), so the file is damaged; export it again", err)
}

func (s *sheetStream) nextRow() (sheetRow, bool, error) {
	if s.done {
		return sheetRow{}, false, nil
	}
	sc := s.sc
	for {
		if len(s.rowText) > maxRowText {
			return sheetRow{}, false, unreadable("row %d holds more than %s of text, more than Excel can hold, so the file is not an export; export it again", s.rowNum, byteSize(maxRowText))
		}
		if sc.pos < sc.end && sc.buf[sc.pos] == '<' && !s.tokensOnly {
			// The common shapes of a cell and the end of a row are read in one step (sheetxml_fast.go).
			if s.fastCell() {
				continue
			}
			if r, ok := s.fastRowEnd(); ok {
				return r, true, nil
			}
		}
		tok, err := sc.next()
		if err == io.EOF {
			s.done = true
			if len(s.offs) > 0 { // a sheet cut off inside a row keeps what was read
				r := s.row()
				s.offs = s.offs[:0]
				return r, true, nil
			}
			return sheetRow{}, false, nil
		}
		if err != nil {
			return sheetRow{}, false, err
		}
		switch tok.kind {
		case tokText:
			if s.inCell && (s.inV || (s.inIS && s.inT && s.phonetic == 0)) {
				s.rowText = sc.appendToken(s.rowText, tok)
			}
		case tokStart:
			switch string(tok.name) {
			case "row":
				n := 0
				custom := false
				s.rowStyle = -1
				sc.attrs(tok.attrs, func(k, v []byte) {
					switch string(k) {
					case "r":
						n = atoiBytes(v)
					case "s":
						s.rowStyle = atoiBytes(v)
					case "customFormat":
						custom = string(v) == "1" || string(v) == "true"
					}
				})
				if !custom {
					s.rowStyle = -1
				}
				if n <= 0 {
					n = s.rowNum + 1
				}
				if n <= s.rowNum {
					return sheetRow{}, false, fmt.Errorf("row %d out of order after row %d", n, s.rowNum)
				}
				if n > excelize.TotalRows {
					return sheetRow{}, false, fmt.Errorf("row %d beyond the sheet's last row", n)
				}
				s.rowNum, s.lastCol = n, 0
				s.rowText, s.offs = s.rowText[:0], s.offs[:0]
				s.closed = false
			case "c":
				s.inCell, s.hasF, s.hasV, s.typ, s.style = true, false, false, s.typ[:0], -1
				c := 0
				sc.attrs(tok.attrs, func(k, v []byte) {
					switch string(k) {
					case "r":
						c = colOfRef(v)
					case "s":
						s.style = atoiBytes(v)
					case "t":
						s.typ = append(s.typ[:0], v...)
					}
				})
				if c <= 0 {
					c = s.lastCol + 1
				}
				s.col, s.lastCol = c, c
				s.valStart = len(s.rowText)
				if tok.selfClose {
					s.inCell = false
				}
			case "v":
				s.inV = s.inCell && !tok.selfClose
				s.hasV = s.hasV || s.inCell
			case "f":
				if s.inCell {
					s.hasF = true
				}
			case "is":
				s.inIS = s.inCell && !tok.selfClose
			case "t":
				s.inT = s.inIS && !tok.selfClose
			case "rPh":
				if !tok.selfClose {
					s.phonetic++
				}
			case "col":
				var cr colRange
				cr.style = -1
				sc.attrs(tok.attrs, func(k, v []byte) {
					switch string(k) {
					case "min":
						cr.min = atoiBytes(v)
					case "max":
						cr.max = atoiBytes(v)
					case "style":
						cr.style = atoiBytes(v)
					}
				})
				if cr.style > 0 {
					s.fmts.cols = append(s.fmts.cols, cr)
				}
			case "mergeCell":
				if len(s.merges) >= maxMerges {
					return sheetRow{}, false, tooManyMerges()
				}
				sc.attrs(tok.attrs, func(k, v []byte) {
					if string(k) == "ref" {
						s.merges = append(s.merges, excelize.MergeCell{string(v)})
					}
				})
			}
		case tokEnd:
			switch string(tok.name) {
			case "worksheet", "macrosheet", "dialogsheet": // the root: the sheet is whole
				s.closed = true
			case "c":
				if s.inCell {
					n := s.bk.endCell(&s.offs, s.rowText, s.valStart, s.col, s.style, s.rowStyle, s.fmts.cols, s.typ, s.hasF, s.hasV)
					s.rowText = s.rowText[:s.valStart+n]
				}
				s.inCell, s.inV, s.inIS, s.inT = false, false, false, false
			case "v":
				s.inV = false
			case "is":
				s.inIS = false
			case "t":
				s.inT = false
			case "rPh":
				s.phonetic--
			case "row":
				if len(s.offs) > 0 {
					r := s.row()
					s.offs = s.offs[:0]
					return r, true, nil
				}
			}
		}
	}
}

func tooManyMerges() error {
	return unreadable("it has more than %d merged ranges, more than the loader holds in memory; unmerge the cells (or save the sheet as .csv)", maxMerges)
}

// readSheet scans one whole worksheet into memory: the reader the tests compare with excelize's, and the
// fallback for a large sheet whose merged ranges reach its data rows.
func (bk *book) readSheet(zf *zip.File, name string) (*sheetData, error) {
	st, err := bk.openSheet(zf)
	if err != nil {
		return nil, err
	}
	return bk.readStream(st, name)
}

// readStream reads a whole sheet from an open stream, which it closes.
func (bk *book) readStream(st *sheetStream, name string) (*sheetData, error) {
	defer st.close()
	var rows []sheetRow
	cells := 0
	for {
		r, ok, err := st.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if cells += len(r.cells); cells > wholeSheetCells {
			return nil, unreadable("its rows up to row %d already span more than %d cells (cells far apart, or a damaged sheet), more than the loader holds in memory; save the sheet as .csv, or delete its empty rows and columns", r.num, wholeSheetCells)
		}
		for len(rows) < r.num-1 { // gaps are empty rows, so that rows[i] is physical row i+1
			rows = append(rows, sheetRow{num: len(rows) + 1, style: -1})
		}
		rows = append(rows, r)
	}
	return bk.sheetOf(name, rows, st.fmts, st.merges), nil
}

// sheetOf builds a sheet from rows held in memory (rows[i] is physical row i+1): merged ranges are filled
// and the date and number tests see them.
func (bk *book) sheetOf(name string, rows []sheetRow, fmts *sheetFormats, ms []excelize.MergeCell) *sheetData {
	cells := make([][]string, len(rows))
	for i := range rows {
		cells[i] = rows[i].cells
	}
	fillMerges(cells, ms)
	var merges [][4]int
	for i := range rows {
		rows[i].cells = cells[i]
	}
	for _, m := range ms {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 == nil && err2 == nil {
			merges = append(merges, [4]int{r1 - 1, c1 - 1, r2 - 1, c2 - 1})
		}
	}
	sd := &sheetData{name: name, rows: rows, date1904: bk.date1904, fmts: fmts}
	inRange := func(idx, col int) bool {
		return idx >= 0 && idx < len(sd.rows) && col >= 0 && col < len(sd.rows[idx].cells)
	}
	sd.dateCell = func(idx, col int) bool {
		if !inRange(idx, col) {
			return false
		}
		return fmts.isDate(&sd.rows[idx], col)
	}
	// A cell without a type, or of type n, is a number; inside a merged range the top-left cell's type
	// counts, as excelize's GetCellType reports it.
	sd.numberCell = func(idx, col int) bool {
		if !inRange(idx, col) || strings.TrimSpace(sd.rows[idx].cells[col]) == "" {
			return false
		}
		ti, tc := idx, col
		for _, m := range merges {
			if m[0] <= idx && idx <= m[2] && m[1] <= col && col <= m[3] {
				ti, tc = m[0], m[1]
				break
			}
		}
		return ti >= len(sd.rows) || sd.rows[ti].flag(tc)&cellTyped == 0
	}
	return sd
}

// cellOff locates one non-empty cell of the row being read: its 0-based column and either its text in
// the row's buffer (a..b) or its shared-string index.
type cellOff struct {
	col, a, b, sst int
	flags          byte
}

type colRange struct{ min, max, style int }

// endCell records the cell whose value text is rowText[start:] and returns how many bytes of it stay in
// the buffer (0 for a shared string, whose text is the table's). A cell counts when its value is not
// empty or it has a formula, as in excelize's GetRows.
//
// hasV tells whether the cell had a <v> element. A formula with no cached value — no <v>, or an empty one
// on a cell that is not a text result (t="str": an empty text is a value) — is flagged cellNoValue: what
// it would compute is unknown, which is not the same as an empty cell (inputs.md "Fail closed").
func (bk *book) endCell(offs *[]cellOff, rowText []byte, start, col, style, rowStyle int,
	cols []colRange, typ []byte, hasF, hasV bool) int {
	v := rowText[start:]
	o := cellOff{col: col - 1, a: start, b: len(rowText), sst: -1, flags: cellPresent}
	kept := len(v)
	if string(typ) == "s" && len(bytes.TrimSpace(v)) > 0 {
		i := atoiBytes(bytes.TrimSpace(v))
		if i < 0 || i >= len(bk.sst) {
			// excelize reports an invalid index as an empty cell.
			o.a, o.b, kept = start, start, 0
			if !hasF {
				return 0
			}
		} else {
			o.sst, kept = i, 0
			if bk.sst[i] == "" && !hasF {
				return 0
			}
		}
	} else if len(v) == 0 && !hasF {
		return 0
	}
	if len(typ) > 0 && string(typ) != "n" {
		o.flags |= cellTyped
	}
	if string(typ) == "e" {
		o.flags |= cellError
	}
	if hasF && o.a == o.b && o.sst < 0 && (!hasV || string(typ) != "str") {
		o.flags |= cellNoValue
	}
	// A cell without its own format (s absent or 0) takes its row's, else its column's, as excelize's
	// GetCellStyle does.
	if style <= 0 {
		style = rowStyle
	}
	if style <= 0 {
		style = colStyleOf(cols, col)
	}
	if style > 0 && style < len(bk.dateXF) && bk.dateXF[style] {
		o.flags |= cellDateFmt
	}
	if style > 0 && style < len(bk.fmtXF) {
		o.flags |= bk.fmtXF[style]
	}
	placeCell(offs, o)
	return kept
}

// placeCell adds a cell to the row; a repeated column replaces the earlier cell and an out-of-order one
// moves back to its place (cells almost always arrive in order).
func placeCell(offs *[]cellOff, o cellOff) {
	if n := len(*offs); n == 0 || (*offs)[n-1].col < o.col {
		*offs = append(*offs, o)
		return
	}
	for i := range *offs {
		if (*offs)[i].col == o.col {
			(*offs)[i] = o
			return
		}
	}
	*offs = append(*offs, o)
	sortOffsTail(*offs)
}

// sortOffsTail moves the last cell back to its column's place (cells almost always arrive in order).
func sortOffsTail(o []cellOff) {
	for i := len(o) - 1; i > 0 && o[i].col < o[i-1].col; i-- {
		o[i], o[i-1] = o[i-1], o[i]
	}
}

// colOfRef returns the 1-based column of a cell reference such as AB12, 0 when it has none.
func colOfRef(ref []byte) int {
	c := 0
	for _, b := range ref {
		switch {
		case 'A' <= b && b <= 'Z':
			c = c*26 + int(b-'A'+1)
		case 'a' <= b && b <= 'z':
			c = c*26 + int(b-'a'+1)
		default:
			return c
		}
		if c > excelize.MaxColumns {
			return excelize.MaxColumns + 1 // beyond the last column: the row is refused (sheetStream.next)
		}
	}
	return c
}

func atoiBytes(b []byte) int {
	n := 0
	if len(b) == 0 {
		return -1
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
		if n > 1<<31 {
			return -1
		}
	}
	return n
}

// ---- the scanner ----

type tokKind int

const (
	tokText tokKind = iota
	tokStart
	tokEnd
)

// token is one piece of XML; its byte slices point into the scanner's buffer and are valid until the
// next call to next.
type token struct {
	kind      tokKind
	name      []byte // local name, namespace prefix removed
	attrs     []byte // the raw attribute text of a start tag
	selfClose bool
	text      []byte // raw (still escaped) text, or CDATA content with cdata set
	cdata     bool
}

// xmlScanner splits XML into start tags, end tags and text without building a tree or allocating per
// token. It handles what spreadsheet parts contain: the declaration, comments, CDATA, processing
// instructions and namespace prefixes; it does not validate.
type xmlScanner struct {
	r    io.Reader
	buf  []byte
	pos  int
	end  int
	eof  bool
	last token
	grow *inflated // set: the input is this part, read in place as it is inflated
	read int64     // bytes read from r (in grow mode, end is the count)
}

// consumed is how many bytes of XML the scanner has taken in.
func (s *xmlScanner) consumed() int64 {
	if s.grow != nil {
		return int64(s.end)
	}
	return s.read
}

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: r, buf: make([]byte, 256<<10)}
}

// fill makes room and reads more; it returns false at the end of input.
func (s *xmlScanner) fill() (bool, error) {
	if s.grow != nil {
		return s.fillGrow()
	}
	if s.eof {
		return false, nil
	}
	if s.pos > 0 {
		copy(s.buf, s.buf[s.pos:s.end])
		s.end -= s.pos
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxTokenLen {
			return false, unreadable("a piece of its XML is longer than %s (a cell's text can hold 32,767 characters), so the file is damaged or not an export; export it again", byteSize(maxTokenLen))
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	n, err := s.r.Read(s.buf[s.end:])
	s.end += n
	s.read += int64(n)
	if err == io.EOF {
		s.eof = true
		return n > 0, nil
	}
	if err != nil {
		return false, err
	}
	return true, nil
}

// find returns the index (from s.pos) of sep, reading more input as needed; -1 at the end of input.
func (s *xmlScanner) find(from int, sep []byte) (int, error) {
	for {
		if i := bytes.Index(s.buf[s.pos+from:s.end], sep); i >= 0 {
			return from + i, nil
		}
		from = max(0, s.end-s.pos-len(sep)+1)
		more, err := s.fill()
		if err != nil {
			return -1, err
		}
		if !more {
			return -1, nil
		}
	}
}

var (
	ltSep     = []byte("<")
	gtSep     = []byte(">")
	cdataEnd  = []byte("]]>")
	commentEd = []byte("-->")
	piEnd     = []byte("?>")
)

func (s *xmlScanner) next() (token, error) {
	for {
		if s.pos >= s.end {
			more, err := s.fill()
			if err != nil {
				return token{}, err
			}
			if !more {
				return token{}, io.EOF
			}
		}
		if s.buf[s.pos] != '<' {
			i, err := s.find(0, ltSep)
			if err != nil {
				return token{}, err
			}
			if i < 0 {
				i = s.end - s.pos
			}
			t := token{kind: tokText, text: s.buf[s.pos : s.pos+i]}
			s.pos += i
			return t, nil
		}
		// A tag, comment, CDATA section or processing instruction: make sure its start is in the buffer.
		for s.end-s.pos < 9 {
			more, err := s.fill()
			if err != nil {
				return token{}, err
			}
			if !more {
				break
			}
		}
		rest := s.buf[s.pos:s.end]
		switch {
		case len(rest) < 2 || rest[1] != '!' && rest[1] != '?': // an element's tag: the common case
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i, err := s.find(9, cdataEnd)
			if err != nil || i < 0 {
				return token{}, errOr(err, "unterminated CDATA section")
			}
			t := token{kind: tokText, text: s.buf[s.pos+9 : s.pos+i], cdata: true}
			s.pos += i + 3
			return t, nil
		case bytes.HasPrefix(rest, []byte("<!--")):
			i, err := s.find(4, commentEd)
			if err != nil || i < 0 {
				return token{}, errOr(err, "unterminated comment")
			}
			s.pos += i + 3
			continue
		case bytes.HasPrefix(rest, []byte("<?")), bytes.HasPrefix(rest, []byte("<!")):
			sep := gtSep
			if rest[1] == '?' {
				sep = piEnd
			}
			i, err := s.find(2, sep)
			if err != nil || i < 0 {
				return token{}, errOr(err, "unterminated declaration")
			}
			s.pos += i + len(sep)
			continue
		}
		i, err := s.find(1, gtSep)
		if err != nil || i < 0 {
			return token{}, errOr(err, "unterminated tag")
		}
		tag := s.buf[s.pos+1 : s.pos+i]
		s.pos += i + 1
		t := token{kind: tokStart}
		if len(tag) > 0 && tag[0] == '/' {
			t.kind, tag = tokEnd, tag[1:]
		} else if len(tag) > 0 && tag[len(tag)-1] == '/' {
			t.selfClose, tag = true, tag[:len(tag)-1]
		}
		n := 0
		for n < len(tag) && !isXMLSpace(tag[n]) {
			n++
		}
		t.name, t.attrs = tag[:n], tag[n:]
		if j := bytes.IndexByte(t.name, ':'); j >= 0 {
			t.name = t.name[j+1:]
		}
		return t, nil
	}
}

func errOr(err error, msg string) error {
	if err != nil {
		return err
	}
	return cutOff{msg}
}

// cutOff is the scanner's error for XML that ends inside a tag, comment or CDATA section: the input ended
// there.
type cutOff struct{ what string }

func (c cutOff) Error() string { return "malformed XML: " + c.what }

// errCutOffSheet is the verdict on a sheet whose XML ends before the sheet does.
func errCutOffSheet() error {
	return unreadable("its XML ends before the end of the sheet (the export was cut off while the file was being written?), so rows may be missing; export the file again")
}

func isXMLSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// attrs calls f for each attribute of a start tag, with its local name and raw (escaped) value; values
// holding entities are unescaped first.
func (s *xmlScanner) attrs(a []byte, f func(k, v []byte)) {
	for {
		k, v, rest, ok := nextAttr(a)
		if !ok {
			return
		}
		a = rest
		if bytes.IndexByte(v, '&') >= 0 {
			v = s.appendText(nil, v)
		}
		f(k, v)
	}
}

// nextAttr splits the first attribute off the attribute text of a start tag: its local name, its raw
// value (still escaped) and the text after it; ok is false when there is none (or it is malformed, which
// ends the attributes).
func nextAttr(a []byte) (k, v, rest []byte, ok bool) {
	for len(a) > 0 && isXMLSpace(a[0]) {
		a = a[1:]
	}
	eq := bytes.IndexByte(a, '=')
	if eq < 0 {
		return nil, nil, nil, false
	}
	k = bytes.TrimSpace(a[:eq])
	if j := bytes.IndexByte(k, ':'); j >= 0 {
		k = k[j+1:]
	}
	a = a[eq+1:]
	for len(a) > 0 && isXMLSpace(a[0]) {
		a = a[1:]
	}
	if len(a) == 0 || (a[0] != '"' && a[0] != '\'') {
		return nil, nil, nil, false
	}
	q := a[0]
	end := bytes.IndexByte(a[1:], q)
	if end < 0 {
		return nil, nil, nil, false
	}
	return k, a[1 : 1+end], a[end+2:], true
}

// appendToken appends a text token: CDATA as is, other text unescaped.
func (s *xmlScanner) appendToken(dst []byte, t token) []byte {
	if t.cdata {
		return append(dst, t.text...)
	}
	return s.appendText(dst, t.text)
}

// appendText appends text with XML's entities and character references decoded and line ends
// normalised to \n (as encoding/xml does). CDATA is appended as is by the caller passing cdata text.
func (s *xmlScanner) appendText(dst, text []byte) []byte {
	if bytes.IndexByte(text, '&') < 0 && bytes.IndexByte(text, '\r') < 0 {
		return append(dst, text...)
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch c {
		case '\r':
			dst = append(dst, '\n')
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
		case '&':
			j := bytes.IndexByte(text[i:], ';')
			if j < 0 {
				dst = append(dst, c)
				continue
			}
			ent := text[i+1 : i+j]
			if r, ok := entity(ent); ok {
				dst = utf8.AppendRune(dst, r)
				i += j
				continue
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

func entity(e []byte) (rune, bool) {
	switch string(e) {
	case "amp":
		return '&', true
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(e) > 1 && e[0] == '#' {
		var v uint64
		var err error
		if e[1] == 'x' || e[1] == 'X' {
			v, err = strconv.ParseUint(string(e[2:]), 16, 32)
		} else {
			v, err = strconv.ParseUint(string(e[1:]), 10, 32)
		}
		if err == nil && utf8.ValidRune(rune(v)) {
			return rune(v), true
		}
	}
	return 0, false
}

// readAhead inflates a sheet part on its own goroutine, a block ahead of the scanner, so that inflating
// and scanning a large sheet use two cores. Data and the error that ends the part come out in order.
type readAhead struct {
	rc   io.ReadCloser
	full chan aheadBlock
	free chan []byte
	stop chan struct{}
	done chan struct{}
	cur  aheadBlock
	off  int
}

type aheadBlock struct {
	b   []byte
	err error
}

const aheadBlocks, aheadBlockSize = 4, 256 << 10

func newReadAhead(rc io.ReadCloser, part string) *readAhead {
	r := &readAhead{rc: rc, full: make(chan aheadBlock, aheadBlocks), free: make(chan []byte, aheadBlocks),
		stop: make(chan struct{}), done: make(chan struct{})}
	for range aheadBlocks {
		r.free <- make([]byte, aheadBlockSize)
	}
	go func() {
		defer close(r.done)
		for {
			var buf []byte
			select {
			case buf = <-r.free:
			case <-r.stop:
				return
			}
			n, err := readFull(rc, buf) // to the very end: archive/zip checks the size and checksum there
			if err != nil && err != io.EOF {
				err = partError(part, err)
			}
			select {
			case r.full <- aheadBlock{b: buf[:n], err: err}:
			case <-r.stop:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return r
}

func (r *readAhead) Read(p []byte) (int, error) {
	for r.off == len(r.cur.b) {
		if r.cur.err != nil {
			return 0, r.cur.err
		}
		if r.cur.b != nil {
			r.free <- r.cur.b[:cap(r.cur.b)]
		}
		r.cur, r.off = <-r.full, 0
	}
	n := copy(p, r.cur.b[r.off:])
	r.off += n
	return n, nil
}

func (r *readAhead) Close() error {
	close(r.stop)
	<-r.done
	return r.rc.Close()
}
