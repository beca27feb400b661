package loaders

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Delimited text: .csv, .tsv and .txt (and a CSV under a spreadsheet's name). Everything about a file is
// decided by its content (inputs.md): the encoding (a UTF-8 or UTF-16 byte-order mark, else valid UTF-8,
// else GB18030, the encoding Excel on Chinese Windows writes), the line ends (LF, CRLF or CR alone) and the
// delimiter (comma, tab or semicolon). Rows the reader cannot take for certain are marked (sheetRow.bad)
// rather than dropped or repaired, so that they are quarantined with their enterprise:
//   - field_count: a record with more or fewer fields than the header (an unquoted thousands separator
//     such as 36,264.26 splits a figure in two; nothing is ever shifted or cut), and every line from a
//     record whose quoted field never closes to the end of the file;
//   - bad_encoding: a record with bytes that decode in none of the file's encodings.
//
// A record with more fields than the header is field_count even when the extra fields are empty: an
// unquoted separator in the last field leaves an empty field at the end too ("1,234," for "1234,"). A
// record whose fields are all empty is a blank row, not a row read.

// Reasons the reader gives a row (sheetRow.bad); they belong to the closed list of inputs.md.
const (
	reasonFieldCount  = "field_count"
	reasonBadEncoding = "bad_encoding"
)

// gbBOM is U+FEFF in GB18030.
var gbBOM = []byte("\x84\x31\x95\x33")

// Delimiters the sniffer chooses from, in the order a tie is settled.
var delimiters = []byte{',', '\t', ';'}

// encCheck says how the rows of a file are checked for bytes that did not decode.
type encCheck int

const (
	checkNone encCheck = iota // the whole file decodes
	checkUTF8                 // UTF-8 with invalid bytes somewhere: a field that is not valid UTF-8
	checkFFFD                 // decoded by a decoder that writes U+FFFD for what it cannot decode
)

// csvStream reads the records of a delimited text file one at a time.
type csvStream struct {
	r     *csv.Reader
	check encCheck
	// width is the header's number of fields once the header is known (0 before): a data record with
	// another number is marked field_count.
	width int
	// tail holds the lines from the start of a record whose quoted field never closes to the end of the
	// file, each read as a record of its own and marked field_count, after the records before it.
	tail []sheetRow
}

func (s *csvStream) next() (sheetRow, bool, error) {
	rec, err := s.r.Read()
	if errors.Is(err, io.EOF) {
		if len(s.tail) == 0 {
			return sheetRow{}, false, nil
		}
		r := s.tail[0]
		s.tail = s.tail[1:]
		return r, true, nil
	}
	if err != nil {
		// With LazyQuotes and a variable field count, only the underlying reader can fail.
		return sheetRow{}, false, unreadable("the text cannot be read (%v); save the file again", err)
	}
	line, _ := s.r.FieldPos(0)
	r := sheetRow{num: line, cells: rec}
	if s.check != checkNone && !decodedOK(rec, s.check) {
		r.bad = reasonBadEncoding
		validUTF8(rec)
	}
	s.mark(&r)
	return r, true, nil
}

// mark sets field_count on a data record whose number of fields is not the header's. A blank record is
// left alone: it is not a row read.
func (s *csvStream) mark(r *sheetRow) {
	if s.width > 0 && len(r.cells) != s.width && r.bad != reasonFieldCount && !allEmpty(r.cells) {
		r.bad = reasonFieldCount
	}
}

func (s *csvStream) close() error { return nil }

func allEmpty(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// validUTF8 turns the bytes of cells that are not UTF-8 into U+FFFD: the row is quarantined, and nothing
// downstream (the staging CSVs DuckDB reads, the quarantine's raw row) may meet them.
func validUTF8(cells []string) {
	for i, c := range cells {
		cells[i] = strings.ToValidUTF8(c, "\uFFFD")
	}
}

func decodedOK(rec []string, check encCheck) bool {
	for _, f := range rec {
		switch check {
		case checkUTF8:
			if !utf8.ValidString(f) {
				return false
			}
		case checkFFFD:
			if strings.Contains(f, "\uFFFD") {
				return false
			}
		}
	}
	return true
}

// readCSV decodes a whole delimited file into memory (see openCSV for the reader LoadDir streams from).
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

// openCSV checks a delimited text file and returns a reader of its records and the encoding found.
// GB18030 is decoded while the records are read, so that no decoded copy of a large file is held; the
// line ends, delimiter and quotes are looked at in the bytes as stored, which GB18030 allows because its
// multi-byte sequences never use a byte below 0x30 (nor 0x3B, the semicolon).
func openCSV(data []byte, force string) (*csvStream, string, error) {
	text, enc, check, err := textBytes(data, force)
	if err != nil {
		return nil, "", err
	}
	if bytes.IndexByte(text, 0) >= 0 {
		// Text files never hold NUL: this is a workbook or other binary file saved under a text name.
		return nil, "", unreadable("it is not a text file (it holds NUL bytes: a workbook or other binary file under a text file's name?); save the data as .xlsx or .csv")
	}
	text = crLineEnds(text)
	delim := sniffDelimiter(text)
	var tail []byte
	tailLine := 0
	switch q := scanQuotes(text, delim); {
	case q.strayLine > 0:
		return nil, "", unreadable("line %d: a quote inside a quoted field is neither doubled nor followed by the delimiter or the end of the line, so where its record ends is uncertain; correct the quoting (a quote inside a field is written twice) or save the file as .xlsx", q.strayLine)
	case q.openLine > 0:
		// The last record runs to the end of the file inside an open quote: every line from its start
		// may be a record of its own, so each is read alone and quarantined (inputs.md "Fail closed").
		text, tail, tailLine = text[:q.openAt], text[q.openAt:], q.openLine
	}
	gb := enc == "gb18030"
	var in io.Reader = bytes.NewReader(text)
	if gb {
		in = transform.NewReader(in, simplifiedchinese.GB18030.NewDecoder())
	}
	s := &csvStream{r: newCSVReader(in, delim), check: check}
	if tail != nil {
		s.tail = tailRows(tail, tailLine, delim, gb)
	}
	return s, enc, nil
}

func newCSVReader(in io.Reader, delim byte) *csv.Reader {
	r := csv.NewReader(in)
	r.Comma = rune(delim)
	r.LazyQuotes = true // hand-typed cells such as 甲"乙"公司; scanQuotes has refused what it cannot settle
	r.FieldsPerRecord = -1
	return r
}

// tailRows reads each line of the text after an unclosed quote as a record of its own, marked field_count.
func tailRows(tail []byte, line int, delim byte, gb bool) []sheetRow {
	var out []sheetRow
	for len(tail) > 0 {
		l := tail
		if i := bytes.IndexByte(tail, '\n'); i >= 0 {
			l, tail = tail[:i], tail[i+1:]
		} else {
			tail = nil
		}
		l = bytes.TrimSuffix(l, []byte("\r"))
		if gb {
			// The decoder writes U+FFFD for what it cannot decode; the row is quarantined either way.
			if d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(l); err == nil {
				l = d
			}
		}
		var cells []string
		if rec, err := newCSVReader(bytes.NewReader(l), delim).Read(); err == nil {
			cells = rec
		} else {
			cells = strings.Split(string(l), string(delim))
		}
		validUTF8(cells)
		if !allEmpty(cells) {
			out = append(out, sheetRow{num: line, cells: cells, bad: reasonFieldCount})
		}
		line++
	}
	return out
}

// textBytes returns the text of a delimited file, the encoding found and how its rows must be checked for
// bytes that did not decode: UTF-8 as a slice of data, GB18030 as data itself (decoded by the caller while
// reading), UTF-16 decoded. Unless forced, the encoding is decided by content: a UTF-8 byte-order mark, a
// UTF-16 one (Excel's "Unicode text"; neither byte pair can start UTF-8 or GB18030 text), valid UTF-8, else
// whichever of UTF-8 and GB18030 leaves fewer bytes undecoded.
func textBytes(data []byte, force string) ([]byte, string, encCheck, error) {
	bom := []byte("\xEF\xBB\xBF")
	switch strings.ToLower(strings.ReplaceAll(force, "_", "-")) {
	case "":
		switch {
		case bytes.HasPrefix(data, []byte("\xFF\xFE")), bytes.HasPrefix(data, []byte("\xFE\xFF")):
			s, enc, err := decodeUTF16(data)
			return []byte(s), enc, checkFFFD, err
		case bytes.HasPrefix(data, bom):
			return data[len(bom):], "utf-8-bom", utf8Check(data[len(bom):]), nil
		case bytes.HasPrefix(data, gbBOM):
			// GB18030's own byte-order mark (U+FEFF), which would otherwise start the first cell.
			if gb18030Invalid(data) > 0 {
				return data[len(gbBOM):], "gb18030", checkFFFD, nil
			}
			return data[len(gbBOM):], "gb18030", checkNone, nil
		case utf8.Valid(data):
			return data, "utf-8", checkNone, nil
		}
		// Decided on the first MiB when it already holds an undecodable byte, else on the whole file.
		sample := data[:min(len(data), 1<<20)]
		if utf8.Valid(sample) {
			sample = data
		}
		if utf8Invalid(sample) < gb18030Invalid(sample) {
			// Mostly UTF-8, with a few bytes that are not (a name pasted from a GBK file, a damaged
			// sector): the rows holding them are quarantined, the rest is read as UTF-8.
			return data, "utf-8", checkUTF8, nil
		}
		if gb18030Invalid(data) > 0 {
			return data, "gb18030", checkFFFD, nil
		}
		return data, "gb18030", checkNone, nil
	case "utf-8", "utf8":
		if bytes.HasPrefix(data, bom) {
			return data[len(bom):], "utf-8-bom", utf8Check(data[len(bom):]), nil
		}
		return data, "utf-8", utf8Check(data), nil
	case "gb18030", "gbk", "gb2312":
		if gb18030Invalid(data) > 0 {
			return data, "gb18030", checkFFFD, nil
		}
		return data, "gb18030", checkNone, nil
	}
	return nil, "", checkNone, fmt.Errorf("unknown encoding %q (want utf-8 or gb18030)", force)
}

func utf8Check(text []byte) encCheck {
	if utf8.Valid(text) {
		return checkNone
	}
	return checkUTF8
}

// decodeText turns delimited-file bytes into UTF-8 text as the reader sees it (GB18030 decoded, CR-only
// line ends made LF) and names the encoding found.
func decodeText(data []byte, force string) (text, enc string, err error) {
	b, enc, _, err := textBytes(data, force)
	if err != nil {
		return "", "", err
	}
	if enc == "gb18030" {
		d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
		if err != nil {
			return "", "", unreadable("the text is not GB18030 (%v)", err)
		}
		b = d
	}
	return string(crLineEnds(b)), enc, nil
}

func decodeUTF16(data []byte) (string, string, error) {
	// ExpectBOM: the byte-order mark decides little or big endian; unpaired surrogates become U+FFFD.
	out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		return "", "", unreadable("the text is not UTF-16 (%v); save it as UTF-8 or as .xlsx", err)
	}
	return string(out), "utf-16", nil
}

// utf8Invalid counts the bytes of b that are not part of a valid UTF-8 sequence.
func utf8Invalid(b []byte) int {
	bad := 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			b = b[1:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			bad++
		}
		b = b[n:]
	}
	return bad
}

// gb18030Invalid counts the bytes of b that start no valid GB18030 sequence (one byte up to 0x80; two
// bytes 81–FE then 40–FE but 7F; four bytes 81–FE, 30–39, 81–FE, 30–39).
func gb18030Invalid(b []byte) int {
	bad := 0
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			i++
		case c == 0x80: // the euro sign of code page 936, which the decoder reads (WHATWG's gb18030)
			i++
		case c == 0xFF:
			bad++
			i++
		case i+1 < len(b) && b[i+1] >= 0x40 && b[i+1] <= 0xFE && b[i+1] != 0x7F:
			i += 2
		case i+3 < len(b) && b[i+1] >= 0x30 && b[i+1] <= 0x39 && b[i+2] >= 0x81 && b[i+2] <= 0xFE &&
			b[i+3] >= 0x30 && b[i+3] <= 0x39:
			i += 4
		default:
			bad++
			i++
		}
	}
	return bad
}

// crLineEnds turns the line ends of a file that has no LF at all (old Mac "CR only") into LF, so that its
// lines are records and their numbers are the lines a person sees. A file with LF or CRLF line ends is
// returned as it is.
func crLineEnds(text []byte) []byte {
	if bytes.IndexByte(text, '\n') >= 0 || bytes.IndexByte(text, '\r') < 0 {
		return text
	}
	return bytes.ReplaceAll(text, []byte("\r"), []byte("\n"))
}

// sniffLines and sniffBytes bound what the delimiter sniffer looks at.
const (
	sniffLines = 100
	sniffBytes = 256 << 10
)

// sniffDelimiter decides a file's delimiter from its first records: for each candidate, the records
// (quotes minded: a delimiter inside a quoted field does not count) are split and the most common number
// of fields found; the candidate under which the most records share a number of fields above one wins
// (then the larger number of fields, then the order of delimiters). A header of Chinese column names
// has no comma in it, so the header alone decides nothing: title rows, the header and the data rows all
// count. A file whose records all have one field under every candidate is one column: comma.
func sniffDelimiter(text []byte) byte {
	head := text
	truncated := false
	if len(head) > sniffBytes {
		head, truncated = head[:sniffBytes], true
	}
	best, bestN, bestW := delimiters[0], 0, 0
	for _, d := range delimiters {
		counts := fieldCounts(head, d, truncated)
		freq := map[int]int{}
		for _, c := range counts {
			if c > 1 {
				freq[c]++
			}
		}
		n, w := 0, 0
		for c, f := range freq {
			if f > n || f == n && c > w {
				n, w = f, c
			}
		}
		if n > bestN || n == bestN && n > 0 && w > bestW {
			best, bestN, bestW = d, n, w
		}
	}
	return best
}

// fieldCounts returns the number of fields of each non-blank record among the first sniffLines of text
// split on d, minding quotes as encoding/csv does; when the text was cut short its last record is left out.
func fieldCounts(text []byte, d byte, truncated bool) []int {
	var out []int
	fields, inQuote, fieldStart, blank := 1, false, true, true
	for i := 0; i < len(text) && len(out) < sniffLines; i++ {
		c := text[i]
		if inQuote {
			if c == '"' {
				if i+1 < len(text) && text[i+1] == '"' {
					i++
				} else {
					inQuote = false
				}
			}
			continue
		}
		switch {
		case c == '\n':
			if !blank {
				out = append(out, fields)
			}
			fields, fieldStart, blank = 1, true, true
			continue
		case c == d:
			fields++
			fieldStart = true
			blank = false
			continue
		case c == '"' && fieldStart:
			inQuote = true
		}
		if c != '\r' && c != ' ' {
			blank = false
		}
		fieldStart = false
	}
	if !blank && !truncated && len(out) < sniffLines {
		out = append(out, fields)
	}
	return out
}

// quoteScan is what scanQuotes finds.
type quoteScan struct {
	// strayLine: the line where a quoted field starts in which a quote is neither doubled nor followed by
	// the delimiter or the end of the line; encoding/csv (with LazyQuotes) would read on past it, perhaps
	// swallowing the following lines into one cell, so where the record ends is uncertain.
	strayLine int
	// openLine and openAt: the line and byte offset where the record starts whose quoted field never
	// closes (it runs to the end of the file).
	openLine, openAt int
}

// scanQuotes looks for quoted fields encoding/csv would read wrongly: see quoteScan.
func scanQuotes(text []byte, delim byte) quoteScan {
	n, start := 1, 0
	recLine, recAt := 1, 0
	inQuote, fieldStart := false, true
	for i := 0; i < len(text); i++ {
		ch := text[i]
		if !inQuote {
			switch {
			case ch == '\n':
				n++
				fieldStart = true
				recLine, recAt = n, i+1
			case ch == delim:
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
			if i+1 < len(text) && text[i+1] != delim && text[i+1] != '\r' && text[i+1] != '\n' {
				return quoteScan{strayLine: start}
			}
			inQuote = false
		}
	}
	if inQuote {
		return quoteScan{openLine: recLine, openAt: recAt}
	}
	return quoteScan{}
}
