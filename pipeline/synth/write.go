package synth

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// excelMaxRows is Excel's row limit per sheet; generated sheets split before it.
const excelMaxRows = 1_048_576

// Cell values a table row may hold besides string (text), int, int64 and float64 (numbers) and nil (empty).
type (
	// dateCell is a date written as an Excel date cell (serial number with a date format); in a CSV it is
	// the text YYYY-MM-DD.
	dateCell string
	// monthCell is a date written as an Excel date cell formatted as a month (投产年月).
	monthCell string
)

// header is what a sheet shows above its data: an optional title row, an optional unit line and one or
// two header rows, with merged ranges given in header-row coordinates (0-based row and column).
type header struct {
	Title  string
	Unit   string
	Rows   [][]string
	Merges [][4]int // r1, c1, r2, c2 within Rows
	Widths []float64
}

// table receives data rows of one kind.
type table interface {
	Row(vals ...any) error
}

// ---- CSV ----

// csvEncoding names how a CSV file is written.
type csvEncoding int

const (
	utf8Plain csvEncoding = iota
	utf8BOM
	gb18030
)

// csvFile writes one CSV file the way Excel on Chinese Windows does (CRLF line ends), with the title and
// unit lines as one-cell rows above a one-row header.
type csvFile struct {
	f   *os.File
	bw  *bufio.Writer
	tw  io.WriteCloser // the GB18030 encoder, nil otherwise
	w   *csv.Writer
	rec []string
}

func newCSV(path string, enc csvEncoding, h header) (*csvFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	c := &csvFile{f: f, bw: bufio.NewWriterSize(f, 256<<10)}
	var out io.Writer = c.bw
	switch enc {
	case utf8BOM:
		c.bw.WriteString("\uFEFF")
	case gb18030:
		c.tw = transform.NewWriter(c.bw, simplifiedchinese.GB18030.NewEncoder())
		out = c.tw
	}
	c.w = csv.NewWriter(out)
	c.w.UseCRLF = true
	if h.Title != "" {
		c.w.Write([]string{h.Title})
	}
	if h.Unit != "" {
		c.w.Write([]string{h.Unit})
	}
	for _, r := range h.Rows {
		c.w.Write(r)
	}
	return c, nil
}

func (c *csvFile) Row(vals ...any) error {
	c.rec = c.rec[:0]
	for _, v := range vals {
		c.rec = append(c.rec, cellText(v))
	}
	return c.w.Write(c.rec)
}

func (c *csvFile) Close() error {
	c.w.Flush()
	err := c.w.Error()
	if c.tw != nil {
		if e := c.tw.Close(); err == nil {
			err = e
		}
	}
	if e := c.bw.Flush(); err == nil {
		err = e
	}
	if e := c.f.Close(); err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", c.f.Name(), err)
	}
	return nil
}

// cellText is how a value appears in a CSV cell.
func cellText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case dateCell:
		return string(v)
	case monthCell:
		return string(v)[:7]
	}
	return fmt.Sprint(v)
}

// ---- XLSX ----

// fixedTime is the document date of every workbook written, so that the same batch is the same bytes.
var fixedTime = time.Date(2023, 1, 31, 8, 0, 0, 0, time.UTC)

// book is one .xlsx file being written sheet by sheet with excelize's StreamWriter. When a sheet reaches
// maxRows it continues on a new sheet; a book made by newSplitBook continues in a new file once it holds
// sheetsPerFile sheets.
type book struct {
	dir, base     string // file name is base.xlsx, then base_2.xlsx, …
	fileNo        int
	f             *excelize.File
	sheets        int
	maxRows       int
	sheetsPerFile int // 0: never split into files
	dateStyle     int
	monthStyle    int
	written       []string
}

func newBook(dir, base string, maxRows, sheetsPerFile int) (*book, error) {
	if maxRows <= 0 || maxRows > excelMaxRows {
		maxRows = excelMaxRows
	}
	b := &book{dir: dir, base: base, maxRows: maxRows, sheetsPerFile: sheetsPerFile}
	return b, b.open()
}

func (b *book) open() error {
	b.fileNo++
	b.f = excelize.NewFile()
	b.sheets = 0
	var err error
	if b.dateStyle, err = b.f.NewStyle(&excelize.Style{NumFmt: 14}); err != nil {
		return fmt.Errorf("date style: %w", err)
	}
	month := `yyyy"年"m"月"`
	if b.monthStyle, err = b.f.NewStyle(&excelize.Style{CustomNumFmt: &month}); err != nil {
		return fmt.Errorf("month style: %w", err)
	}
	ts := fixedTime.Format(time.RFC3339)
	return b.f.SetDocProps(&excelize.DocProperties{
		Creator: "北京市统计局", LastModifiedBy: "北京市统计局", Created: ts, Modified: ts,
		Language: "zh-CN",
	})
}

func (b *book) path() string {
	if b.fileNo == 1 {
		return filepath.Join(b.dir, b.base+".xlsx")
	}
	return filepath.Join(b.dir, fmt.Sprintf("%s_%d.xlsx", b.base, b.fileNo))
}

// plainSheet adds a sheet written cell by cell (cover sheets, 填表说明).
func (b *book) plainSheet(name string, lines []string) error {
	if _, err := b.addSheet(name); err != nil {
		return err
	}
	for i, l := range lines {
		if err := b.f.SetCellStr(name, "A"+strconv.Itoa(i+1), l); err != nil {
			return fmt.Errorf("sheet %s: %w", name, err)
		}
	}
	return nil
}

// addSheet creates a sheet, renaming the default Sheet1 for the first one.
func (b *book) addSheet(name string) (string, error) {
	b.sheets++
	var err error
	if b.sheets == 1 {
		err = b.f.SetSheetName("Sheet1", name)
	} else {
		_, err = b.f.NewSheet(name)
	}
	if err != nil {
		return "", fmt.Errorf("%s: sheet %s: %w", b.path(), name, err)
	}
	return name, nil
}

// xtable is one logical table in a book, possibly spread over several sheets (and files).
type xtable struct {
	b     *book
	name  string // sheet name of the first part
	part  int
	h     header
	sw    *excelize.StreamWriter
	row   int // next row to write, 1-based
	cells []any
}

// table starts a sheet holding h and returns it ready for data rows.
func (b *book) table(sheet string, h header) (*xtable, error) {
	t := &xtable{b: b, name: sheet, h: h}
	return t, t.start()
}

func (t *xtable) sheetName() string {
	if t.part <= 1 {
		return t.name
	}
	return fmt.Sprintf("%s（%d）", t.name, t.part)
}

func (t *xtable) start() error {
	t.part++
	if t.b.sheetsPerFile > 0 && t.b.sheets >= t.b.sheetsPerFile {
		if err := t.b.rotate(); err != nil {
			return err
		}
	}
	name, err := t.b.addSheet(t.sheetName())
	if err != nil {
		return err
	}
	if t.sw, err = t.b.f.NewStreamWriter(name); err != nil {
		return fmt.Errorf("%s: stream %s: %w", t.b.path(), name, err)
	}
	for i, w := range t.h.Widths {
		if err := t.sw.SetColWidth(i+1, i+1, w); err != nil {
			return fmt.Errorf("column width: %w", err)
		}
	}
	t.row = 1
	if t.h.Title != "" {
		if err := t.put([]any{t.h.Title}); err != nil {
			return err
		}
	}
	if t.h.Unit != "" {
		if err := t.put([]any{t.h.Unit}); err != nil {
			return err
		}
	}
	first := t.row
	for _, r := range t.h.Rows {
		vals := make([]any, len(r))
		for i, s := range r {
			if s != "" {
				vals[i] = s
			}
		}
		if err := t.put(vals); err != nil {
			return err
		}
	}
	for _, m := range t.h.Merges {
		tl, _ := excelize.CoordinatesToCellName(m[1]+1, first+m[0])
		br, _ := excelize.CoordinatesToCellName(m[3]+1, first+m[2])
		if err := t.sw.MergeCell(tl, br); err != nil {
			return fmt.Errorf("merge %s:%s: %w", tl, br, err)
		}
	}
	return nil
}

// put writes one row at the current position, turning date values into styled date cells.
func (t *xtable) put(vals []any) error {
	t.cells = t.cells[:0]
	for _, v := range vals {
		switch v := v.(type) {
		case dateCell:
			d, err := time.Parse("2006-01-02", string(v))
			if err != nil {
				return fmt.Errorf("date %q: %w", v, err)
			}
			t.cells = append(t.cells, excelize.Cell{StyleID: t.b.dateStyle, Value: d})
		case monthCell:
			d, err := time.Parse("2006-01-02", string(v))
			if err != nil {
				return fmt.Errorf("date %q: %w", v, err)
			}
			t.cells = append(t.cells, excelize.Cell{StyleID: t.b.monthStyle, Value: d})
		default:
			t.cells = append(t.cells, v)
		}
	}
	cell, _ := excelize.CoordinatesToCellName(1, t.row)
	if err := t.sw.SetRow(cell, t.cells); err != nil {
		return fmt.Errorf("%s sheet %s row %d: %w", t.b.path(), t.sheetName(), t.row, err)
	}
	t.row++
	return nil
}

// Row writes a data row, continuing on a new sheet when this one is full.
func (t *xtable) Row(vals ...any) error {
	if t.row > t.b.maxRows {
		if err := t.sw.Flush(); err != nil {
			return fmt.Errorf("flush %s: %w", t.sheetName(), err)
		}
		t.sw = nil
		if err := t.start(); err != nil {
			return err
		}
	}
	return t.put(vals)
}

// Close flushes the table's last sheet.
func (t *xtable) Close() error {
	if t.sw == nil {
		return nil
	}
	err := t.sw.Flush()
	t.sw = nil
	if err != nil {
		return fmt.Errorf("flush %s: %w", t.sheetName(), err)
	}
	return nil
}

// rotate saves the current file and opens the next one.
func (b *book) rotate() error {
	if err := b.save(); err != nil {
		return err
	}
	return b.open()
}

// save writes the book and makes its bytes reproducible: excelize writes the parts of streamed sheets in
// map order, so the archive is rewritten with its entries sorted by name (compressed data copied as is).
func (b *book) save() error {
	p := b.path()
	tmp := filepath.Join(b.dir, "."+filepath.Base(p)+".tmp") // a dotfile: a loader skips it if left over
	out, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("save %s: %w", p, err)
	}
	err = b.f.Write(out)
	if e := out.Close(); err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("save %s: %w", p, err)
	}
	if err := b.f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", p, err)
	}
	if err := sortZip(tmp, p); err != nil {
		return err
	}
	b.written = append(b.written, filepath.Base(p))
	return os.Remove(tmp)
}

// sortZip copies the archive src to dst with its entries in name order and zero timestamps.
func sortZip(src, dst string) error {
	zr, err := zip.OpenReader(src)
	if err != nil {
		return fmt.Errorf("reopen %s: %w", src, err)
	}
	defer zr.Close()
	files := append([]*zip.File(nil), zr.File...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	out, err := os.Create(dst)
	if err != nil {
		return fmt.Errorf("create %s: %w", dst, err)
	}
	bw := bufio.NewWriterSize(out, 256<<10)
	zw := zip.NewWriter(bw)
	for _, zf := range files {
		fh := zf.FileHeader
		fh.Modified = time.Time{}
		fh.ModifiedDate, fh.ModifiedTime = 0, 0
		fh.Extra = nil
		w, err := zw.CreateRaw(&fh)
		if err != nil {
			out.Close()
			return fmt.Errorf("%s: %s: %w", dst, zf.Name, err)
		}
		r, err := zf.OpenRaw()
		if err != nil {
			out.Close()
			return fmt.Errorf("%s: %s: %w", src, zf.Name, err)
		}
		if _, err := io.Copy(w, r); err != nil {
			out.Close()
			return fmt.Errorf("%s: %s: %w", dst, zf.Name, err)
		}
	}
	err = zw.Close()
	if e := bw.Flush(); err == nil {
		err = e
	}
	if e := out.Close(); err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", dst, err)
	}
	return nil
}
