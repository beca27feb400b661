package loaders

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// The committed files under testdata/formats were written by LibreOffice from the workbook formatSource
// builds, with
//
//	go test ./loaders -run TestGenerateFormatFixtures -update
//
// (LibreOffice stays out of CI: the tests read the committed files).
const formatDir = "testdata/formats"

// formatSource is a small register and a wide 工业总产值 sheet with the things real exports hold: Chinese
// text, a title row, date cells, a number stored as text with thousands separators, a leading-zero
// industry code stored as text, a merged two-row header, several sheets.
func formatSource(t testing.TB) []xsheet {
	return []xsheet{
		{name: "单位名录", rows: [][]any{
			{"2022年规模以上工业企业名录"},
			{"统一社会信用代码", "单位详细名称", "行业代码", "区划代码", "投产年月"},
			{codeN(t, 1), "北京甲乙科技有限公司（测试）", "0610", "110108", xdate(time.Date(2021, 7, 20, 0, 0, 0, 0, time.UTC))},
			{codeN(t, 2), "丙丁公司", 3911, 110108, xdate(time.Date(2020, 12, 1, 0, 0, 0, 0, time.UTC))},
			{"合计"},
		}, merges: [][2]string{{"A1", "E1"}}},
		{name: "产值", rows: [][]any{
			{"统一社会信用代码", "期别", "工业总产值（当年价格）（千元）", nil},
			{nil, nil, "本年", "上年同期"},
			{codeN(t, 1), "2022年1-12月", "36,264.26", xnum(12345.67)},
			{codeN(t, 2), "2022年1-12月", xnum(0.5), xnum(123456789.25)},
		}, merges: [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "D1"}}},
		{name: "说明", rows: [][]any{{"填表说明：本表由统计局导出。"}}},
	}
}

func TestGenerateFormatFixtures(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite testdata/formats (needs LibreOffice)")
	}
	if err := os.MkdirAll(formatDir, 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	src := filepath.Join(tmp, "register.xlsx")
	writeXLSX(t, src, formatSource(t)...)
	for _, to := range []string{"xls", "ods", "xlsx"} {
		out := filepath.Join(tmp, to)
		cmd := exec.Command("soffice", "--headless", "--convert-to", to, "--outdir", out, src)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice --convert-to %s: %v\n%s", to, err, b)
		}
		data, err := os.ReadFile(filepath.Join(out, "register."+to))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(formatDir, "libreoffice."+to), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// comparable returns a batch's loaded rows with the source file and sheet blanked, so that the same data
// in another format compares equal.
func comparable(b *Batch) map[Kind][][]string {
	out := map[Kind][][]string{}
	for k, rows := range b.Rows {
		n := len(Columns(k))
		for _, r := range rows {
			r = slices.Clone(r)
			r[n-3], r[n-2] = "", ""
			out[k] = append(out[k], r)
		}
	}
	return out
}

// A workbook LibreOffice saved as .xlsx is read as the original: the same rows, cell for cell.
func TestLibreOfficeXLSXLoadsAsTheOriginal(t *testing.T) {
	orig := t.TempDir()
	writeXLSX(t, filepath.Join(orig, "register.xlsx"), formatSource(t)...)
	lo := t.TempDir()
	data, err := os.ReadFile(filepath.Join(formatDir, "libreoffice.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(lo, "register.xlsx"), string(data))
	want, got := mustLoad(t, orig, Options{}), mustLoad(t, lo, Options{})
	if len(want.Rows[Enterprises]) != 2 || len(want.Rows[OutputValue]) != 2 {
		t.Fatalf("the original loads %d enterprises and %d output rows, want 2 and 2", len(want.Rows[Enterprises]), len(want.Rows[OutputValue]))
	}
	if diff := cmp.Diff(want.Rows, got.Rows); diff != "" {
		t.Errorf("LibreOffice's xlsx loads differently (-original +libreoffice):\n%s", diff)
	}
}

// zipOf builds a zip archive of the given parts.
func zipOf(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// dbfHeader is the start of a dBASE III table with two fields.
func dbfHeader() []byte {
	h := make([]byte, 97)
	h[0], h[1], h[2], h[3] = 0x03, 122, 11, 26
	binary.LittleEndian.PutUint16(h[8:], 97)
	binary.LittleEndian.PutUint16(h[10:], 30)
	copy(h[32:], "CODE")
	copy(h[64:], "NAME")
	h[96] = 0x0D
	return h
}

// oleWith is an OLE compound file header followed by one directory entry: a stream of the given name.
func oleWith(stream string) []byte {
	b := append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 1024-8)...)
	e := b[512:640]
	u := utf16.Encode([]rune(stream))
	for i, c := range u {
		binary.LittleEndian.PutUint16(e[2*i:], c)
	}
	binary.LittleEndian.PutUint16(e[64:], uint16(2*(len(u)+1)))
	e[66] = 2
	return b
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(formatDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func encryptedWorkbook(t *testing.T) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), "x.xlsx")
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellStr("Sheet1", "A1", "统一社会信用代码")
	if err := f.SaveAs(p, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	return b
}

// goodBatch writes a small batch (a register as .xlsx, affiliates as CSV) and returns what it loads.
func goodBatch(t *testing.T, dir string) *Batch {
	t.Helper()
	writeXLSX(t, filepath.Join(dir, "单位名录.xlsx"), formatSource(t)[0])
	writeCSV(t, filepath.Join(dir, "关联.csv"), "utf-8", "统一社会信用代码,集团编号", codeN(t, 1)+",G1", codeN(t, 2)+",G1")
	return mustLoad(t, dir, Options{})
}

// inputs.md: a file is read as what its content is when that is a format the loader reads; any other
// spreadsheet or table format stops the run naming the file and saying to save it as .xlsx; other files
// are skipped with a warning and a load_report row.
func TestFileTypesAreDecidedByContent(t *testing.T) {
	base := goodBatch(t, t.TempDir())
	xlsx := func(t *testing.T) []byte {
		p := filepath.Join(t.TempDir(), "a.xlsx")
		writeXLSX(t, p, xsheet{name: "Sheet1", rows: [][]any{{"统一社会信用代码", "集团编号"}, {codeN(t, 3), "G2"}}})
		b, _ := os.ReadFile(p)
		return b
	}
	csvText := func(*testing.T) []byte {
		return []byte("统一社会信用代码,集团编号\r\n" + codeN(t, 3) + ",G2\r\n")
	}
	wantExtra := [][]string{{codeN(t, 3), "G2"}}
	for _, tc := range []struct {
		name, file string
		data       func(t *testing.T) []byte
		// exactly one of: the extra affiliates rows it loads, the words of the stop message, or skipped
		loads   [][]string
		stop    []string
		skipped bool
	}{
		{"an xlsx named .xls loads", "关联2.xls", xlsx, wantExtra, nil, false},
		{"an xlsx named .xlsm loads", "关联2.xlsm", xlsx, wantExtra, nil, false},
		{"a WPS .et saved as xlsx loads", "关联2.et", xlsx, wantExtra, nil, false},
		{"a CSV named .xls loads", "关联2.xls", csvText, wantExtra, nil, false},
		{"a CSV named .xlsx loads", "关联2.xlsx", csvText, wantExtra, nil, false},
		{"delimited data in a .txt loads", "关联2.txt", csvText, wantExtra, nil, false},
		{"an Excel 97–2003 workbook stops", "名录.xls", func(t *testing.T) []byte { return fixture(t, "libreoffice.xls") },
			nil, []string{"Excel 97–2003", "save it as .xlsx"}, false},
		{"a WPS .et in the 97–2003 format stops", "名录.et", func(t *testing.T) []byte { return fixture(t, "libreoffice.xls") },
			nil, []string{"Excel 97–2003", "save it as .xlsx"}, false},
		{"a WPS .et of its own compound format stops", "名录.et", func(*testing.T) []byte {
			return append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 2048)...)
		}, nil, []string{"97–2003", "save it as .xlsx"}, false},
		{"a Word 97–2003 document named .xlsx stops", "名录.xlsx", func(*testing.T) []byte {
			return oleWith("WordDocument")
		}, nil, []string{"not an Excel workbook"}, false},
		{"an .ods stops", "名录.ods", func(t *testing.T) []byte { return fixture(t, "libreoffice.ods") },
			nil, []string{"OpenDocument", "save it as .xlsx"}, false},
		{"an .ods named .xls stops", "名录.xls", func(t *testing.T) []byte { return fixture(t, "libreoffice.ods") },
			nil, []string{"OpenDocument", "save it as .xlsx"}, false},
		{"an .xlsb stops", "名录.xlsb", func(t *testing.T) []byte {
			return zipOf(t, "[Content_Types].xml", "<Types/>", "xl/workbook.bin", "\x83\x01")
		}, nil, []string{"binary workbook", "save it as .xlsx"}, false},
		{"a Numbers document stops", "名录.numbers", func(t *testing.T) []byte {
			return zipOf(t, "Index/Document.iwa", "\x00\x01", "Metadata/Properties.plist", "x")
		}, nil, []string{"Numbers", "save it as .xlsx"}, false},
		{"UTF-16 text without a byte-order mark stops", "关联2.txt", func(t *testing.T) []byte {
			return must(xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM).NewEncoder().Bytes(csvText(t)))
		}, nil, []string{"UTF-16", "byte-order mark"}, false},
		{"a .dbf stops", "名录.dbf", func(*testing.T) []byte { return dbfHeader() }, nil, []string{"dBASE", "save it as .xlsx"}, false},
		{"a .dbf named .xls stops", "名录.xls", func(*testing.T) []byte { return dbfHeader() }, nil, []string{"dBASE", "save it as .xlsx"}, false},
		{"an HTML table named .xls stops", "名录.xls", func(*testing.T) []byte {
			return []byte("<html><body><table><tr><td>统一社会信用代码</td><td>集团编号</td></tr></table></body></html>")
		}, nil, []string{"web page", "save it as .xlsx"}, false},
		{"an Excel 2003 XML spreadsheet named .xls stops", "名录.xls", func(*testing.T) []byte {
			return []byte(`<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>`)
		}, nil, []string{"XML spreadsheet", "save it as .xlsx"}, false},
		{"a password-protected workbook stops", "名录.xlsx", encryptedWorkbook, nil, []string{"password", "save it as .xlsx"}, false},
		{"a PDF named .xlsx stops", "名录.xlsx", func(*testing.T) []byte { return []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n") },
			nil, []string{"PDF", "not a spreadsheet"}, false},
		{"a Word document named .xlsx stops", "名录.xlsx", func(t *testing.T) []byte {
			return zipOf(t, "[Content_Types].xml", "<Types/>", "word/document.xml", "<w:document/>")
		}, nil, []string{"not a workbook"}, false},
		{"a zip cut short stops", "名录.xlsx", func(t *testing.T) []byte { b := xlsx(t); return b[:len(b)/2] },
			nil, []string{"damaged", "again"}, false},
		{"an empty workbook file stops", "名录.xlsx", func(*testing.T) []byte { return nil }, nil, []string{"empty", "again"}, false},
		{"an empty .txt is skipped", "说明.txt", func(*testing.T) []byte { return nil }, nil, nil, true},
		{"a PDF is skipped", "通知.pdf", func(*testing.T) []byte { return []byte("%PDF-1.7\n") }, nil, nil, true},
		{"a Word document is skipped", "通知.docx", func(t *testing.T) []byte {
			return zipOf(t, "[Content_Types].xml", "<Types/>", "word/document.xml", "<w:document/>")
		}, nil, nil, true},
		{"an image is skipped", "盖章.png", func(*testing.T) []byte { return []byte("\x89PNG\r\n\x1a\n\x00\x00") }, nil, nil, true},
		{"a readme .txt is skipped", "说明.txt", func(*testing.T) []byte {
			return []byte("本批次数据由统计局提供。\n如有疑问请联系。\n")
		}, nil, nil, true},
		{"a markdown note is skipped", "README.md", func(*testing.T) []byte { return []byte("# 说明\n") }, nil, nil, true},
		{"a workbook under another name is skipped", "关联2.xlsx.bak", xlsx, nil, nil, true},
		{"a hidden file is skipped", ".DS_Store", func(*testing.T) []byte { return []byte("\x00\x00\x00\x01Bud1") }, nil, nil, true},
		{"an Excel lock file is skipped", "~$单位名录.xlsx", func(*testing.T) []byte { return []byte("\x05user") }, nil, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			goodBatch(t, dir)
			writeFile(t, filepath.Join(dir, tc.file), string(tc.data(t)))
			b, err := LoadDir(dir, Options{})
			switch {
			case tc.stop != nil:
				var fe *FileError
				if !errors.Is(err, ErrUnreadable) || !errors.As(err, &fe) || fe.File != tc.file {
					t.Fatalf("err = %v, want a *FileError for %s wrapping ErrUnreadable", err, tc.file)
				}
				for _, w := range tc.stop {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("message %q does not say %q", err, w)
					}
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			checkReconciles(t, b)
			want := comparable(base)
			for _, r := range tc.loads {
				want[Affiliates] = append(want[Affiliates], append(r, "", "", "2"))
			}
			if diff := cmp.Diff(want, comparable(b)); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			i := slices.IndexFunc(b.Reports, func(r SheetReport) bool { return r.SourceFile == tc.file })
			switch {
			case tc.skipped && (i < 0 || b.Reports[i].SkippedReason == "" || b.Reports[i].Kind != "" || b.Reports[i].RowsRead != 0):
				t.Errorf("reports %+v: want a skipped report for %s", b.Reports, tc.file)
			case tc.skipped && !hasWarning(b, tc.file, "skipped"):
				t.Errorf("warnings %q: want one about %s", b.Warnings, tc.file)
			case tc.skipped && slices.ContainsFunc(b.Files, func(f InputFile) bool { return f.Name == tc.file }):
				t.Errorf("files %+v: a skipped file is not an input file", b.Files)
			case !tc.skipped && (i < 0 || b.Reports[i].Kind != Affiliates):
				t.Errorf("reports %+v: want %s loaded as affiliates", b.Reports, tc.file)
			}
		})
	}
}

// Subfolders are skipped with a report row (a kind moved into one is then missing, which the pipeline
// stops on); a Numbers package, which is a folder, stops the run.
func TestFoldersInTheBatch(t *testing.T) {
	dir := t.TempDir()
	base := goodBatch(t, dir)
	if err := os.MkdirAll(filepath.Join(dir, "旧数据"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeCSV(t, filepath.Join(dir, "旧数据", "关联.csv"), "utf-8", "统一社会信用代码,集团编号", codeN(t, 5)+",G5")
	b := mustLoad(t, dir, Options{})
	if diff := cmp.Diff(comparable(base), comparable(b)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if i := slices.IndexFunc(b.Reports, func(r SheetReport) bool { return r.SourceFile == "旧数据" }); i < 0 ||
		!strings.Contains(b.Reports[i].SkippedReason, "subfolder") {
		t.Errorf("reports %+v: want the subfolder's skipped report", b.Reports)
	}
	if err := os.MkdirAll(filepath.Join(dir, "名录.numbers", "Index"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDir(dir, Options{}); !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "名录.numbers") {
		t.Errorf("err = %v, want ErrUnreadable naming 名录.numbers", err)
	}
}

// delimitedTable is a register as text rows: a name holding a comma, a semicolon and a quote, so that
// quoting is exercised under every delimiter.
var delimitedTable = [][]string{
	{"统一社会信用代码", "单位详细名称", "行业代码", "区划代码", "投产年月"},
	{"", "甲,乙;丙\"丁\"公司", "0610", "110108", "2021-07"},
	{"", "戊公司", "3911", "110105", "2021年7月"},
}

// delimited writes the table with the delimiter and line end given, quoting as Excel does.
func delimited(t *testing.T, delim, eol string) string {
	var lines []string
	for i, r := range delimitedTable {
		var fields []string
		for j, f := range r {
			if i > 0 && j == 0 {
				f = codeN(t, i)
			}
			if strings.ContainsAny(f, delim+"\"\r\n") {
				f = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
			}
			fields = append(fields, f)
		}
		lines = append(lines, strings.Join(fields, delim))
	}
	return strings.Join(lines, eol) + eol
}

// inputs.md: delimited text, comma, tab or semicolon decided by content; UTF-8 (with or without a BOM),
// GB18030 or UTF-16 with a BOM; LF, CRLF or CR line ends. The same table loads the same in every form.
func TestDelimitedTextInEveryForm(t *testing.T) {
	load := func(t *testing.T, name string, data []byte) *Batch {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, name), string(data))
		return mustLoad(t, dir, Options{})
	}
	base := load(t, "名录.csv", []byte(delimited(t, ",", "\r\n")))
	if got := base.Rows[Enterprises]; len(got) != 2 || got[0][1] != "甲,乙;丙\"丁\"公司" || got[0][2] != "0610" {
		t.Fatalf("the comma CSV loads %q", got)
	}
	utf16 := func(order xunicode.Endianness, s string) []byte {
		b, err := xunicode.UTF16(order, xunicode.UseBOM).NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	gb := func(s string) []byte {
		b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		name, file, enc string
		data            []byte
	}{
		{"tab-separated .tsv", "名录.tsv", "utf-8", []byte(delimited(t, "\t", "\r\n"))},
		{"tab-separated .txt", "名录.txt", "utf-8", []byte(delimited(t, "\t", "\n"))},
		{"semicolons", "名录.csv", "utf-8", []byte(delimited(t, ";", "\r\n"))},
		{"Excel's Unicode text: UTF-16 LE with a BOM, tabs", "名录.txt", "utf-16", utf16(xunicode.LittleEndian, delimited(t, "\t", "\r\n"))},
		{"UTF-16 BE with a BOM", "名录.txt", "utf-16", utf16(xunicode.BigEndian, delimited(t, ",", "\r\n"))},
		{"GB18030 with CR line ends", "名录.csv", "gb18030", gb(delimited(t, ",", "\r"))},
		{"UTF-8 with a BOM and CR line ends, semicolons", "名录.csv", "utf-8-bom", []byte("\xEF\xBB\xBF" + delimited(t, ";", "\r"))},
		{"GB18030 tab-separated under .xls", "名录.xls", "gb18030", gb(delimited(t, "\t", "\r\n"))},
		{"GB18030 with its byte-order mark", "名录.csv", "gb18030", gb("\uFEFF" + delimited(t, ",", "\r\n"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := load(t, tc.file, tc.data)
			if diff := cmp.Diff(comparable(base), comparable(b)); diff != "" {
				t.Errorf("rows (-comma CSV +this):\n%s", diff)
			}
			if b.Reports[0].Encoding != tc.enc {
				t.Errorf("encoding %q, want %q", b.Reports[0].Encoding, tc.enc)
			}
		})
	}
}

// readMarked reads delimited text as a load does up to conversion: the header found, the rows after it
// marked by the reader (sheetRow.bad).
func readMarked(t *testing.T, data []byte) []sheetRow {
	t.Helper()
	src, _, err := openCSV(data, "")
	if err != nil {
		t.Fatal(err)
	}
	head, pending, err := readHead(src, false)
	if err != nil {
		t.Fatal(err)
	}
	in := &sheetIn{sd: &sheetData{rows: head}, pending: pending, src: src}
	m := newMatcher()
	h, ok, ms := m.detectHeader(head, m.specs)
	if !ok {
		t.Fatalf("no header: %s", ms)
	}
	markFieldCounts(sheetPlan{in: in, h: h})
	rows := head[h.dataStart:]
	if pending != nil {
		rows = append(rows, *pending)
		for {
			r, ok, err := src.next()
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// inputs.md "Fail closed": a record with more or fewer fields than its header is quarantined
// (field_count), never shifted or cut; bytes that decode in none of the file's encodings keep their row
// out (bad_encoding). The reader marks the rows; the rows around them are read as they are.
func TestDelimitedRowsTheReaderKeepsOut(t *testing.T) {
	c := func(n int) string { return codeN(t, n) }
	for _, tc := range []struct {
		name string
		data []byte
		want []string // per row after the header: "line reason"
	}{
		{"an unquoted thousands separator adds a field", []byte("统一社会信用代码,期别,营业收入（万元）\r\n" +
			c(1) + ",2021年1-12月,36,264.26\r\n" + c(2) + ",2021年1-12月,\"36,264.26\"\r\n"),
			[]string{"2 field_count", "3 "}},
		{"a record with a field missing", []byte("统一社会信用代码,期别,营业收入（万元）\n" + c(1) + ",2021年\n" + c(2) + ",2021年,5\n"),
			[]string{"2 field_count", "3 "}},
		{"a blank record of delimiters is no row", []byte("统一社会信用代码,期别,营业收入（万元）\n,,\n,\n" + c(2) + ",2021年,5\n"),
			[]string{"2 ", "3 ", "4 "}},
		{"a two-row header whose first row stops short", []byte("统一社会信用代码,期别,营业收入（万元）\n,,本期,上年同期\n" +
			c(1) + ",2022年,1,2\n" + c(2) + ",2022年,1\n"),
			[]string{"3 ", "4 field_count"}},
		{"tab-separated with a comma in a figure", []byte("统一社会信用代码\t期别\t营业收入（万元）\n" + c(1) + "\t2021年\t36,264.26\n"),
			[]string{"2 "}},
		{"a byte UTF-8 cannot decode in a UTF-8 file", []byte("统一社会信用代码,单位详细名称,行业代码,区划代码\n" +
			c(1) + ",甲公司,3911,110108\n" + c(2) + ",乙\xff公司,3911,110108\n" + c(3) + ",丙公司,3911,110108\n"),
			[]string{"2 ", "3 bad_encoding", "4 "}},
		{"a byte GB18030 cannot decode in a GB18030 file", append(append(must(simplifiedchinese.GB18030.NewEncoder().Bytes(
			[]byte("统一社会信用代码,单位详细名称,行业代码,区划代码\n"+c(1)+",甲公司,3911,110108\n"+c(2)+",乙"))), 0xFF),
			must(simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("公司,3911,110108\n"+c(3)+",丙公司,3911,110108\n")))...),
			[]string{"2 ", "3 bad_encoding", "4 "}},
		{"an unpaired surrogate in UTF-16", utf16LE("\uFEFF统一社会信用代码\t单位详细名称\t行业代码\t区划代码\r\n"+c(1)+"\t甲", 0xD800,
			"公司\t3911\t110108\r\n"+c(2)+"\t乙公司\t3911\t110108\r\n"),
			[]string{"2 bad_encoding", "3 "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, r := range readMarked(t, tc.data) {
				got = append(got, fmt.Sprintf("%d %s", r.num, r.bad))
				for _, c := range r.cells {
					if !utf8.ValidString(c) { // nothing downstream may meet bytes that are not UTF-8
						t.Errorf("line %d holds bytes that are not UTF-8: %q", r.num, c)
					}
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// utf16LE encodes a, then the raw code unit u, then b as UTF-16 LE.
func utf16LE(a string, u uint16, b string) []byte {
	enc := func(s string) []byte {
		return must(xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM).NewEncoder().Bytes([]byte(s)))
	}
	out := enc(a)
	out = binary.LittleEndian.AppendUint16(out, u)
	return append(out, enc(b)...)
}

// The delimiter sniffer: decided by how consistently the first records split, quotes minded.
func TestSniffDelimiter(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       byte
	}{
		{"commas", "a,b,c\n1,2,3\n", ','},
		{"tabs with commas in figures", "统一社会信用代码\t营业收入\n1\t1,234.5\n2\t2,345,678.9\n", '\t'},
		{"semicolons with decimal commas", "统一社会信用代码;营业收入\n1;1,5\n2;2,5\n", ';'},
		{"a Chinese header without commas and a title line", "2022年名录\n统一社会信用代码,名称\n1,甲\n2,乙\n", ','},
		{"commas inside quotes do not count", "a;b\n\"1,2,3\";x\n\"4,5,6\";y\n", ';'},
		{"one column", "统一社会信用代码\n1\n2\n", ','},
		{"empty", "", ','},
	} {
		if got := sniffDelimiter([]byte(tc.text)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// FuzzSniffDelimiter: the sniffer never panics and always names one of the delimiters; the reader built
// on its choice never panics either, and every row it returns lies on a line of the file.
func FuzzSniffDelimiter(f *testing.F) {
	for _, s := range []string{
		"a,b,c\n1,2,3\n",
		"统一社会信用代码\t营业收入\n1\t1,234.5\n",
		"a;\"b;c\"\r\n1;2\r",
		"\"open\n,,\n\"\"",
		"\xff\xfea\x00\t\x00b\x00",
		"x\ry\rz",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if d := sniffDelimiter(data); !slices.Contains(delimiters, d) {
			t.Fatalf("delimiter %q", d)
		}
		src, _, err := openCSV(data, "")
		if err != nil {
			if !errors.Is(err, ErrUnreadable) {
				t.Fatalf("error %v is not ErrUnreadable", err)
			}
			return
		}
		text, _, _ := decodeText(data, "")
		lines := strings.Count(text, "\n") + 1
		for {
			r, ok, err := src.next()
			if err != nil || !ok {
				return
			}
			if r.num < 1 || r.num > lines {
				t.Fatalf("row at line %d of %d", r.num, lines)
			}
		}
	})
}

// FuzzSniffFormat: telling a file's format from its bytes never panics, and every format it tells has a
// sentence and a verdict under a data file's name.
func FuzzSniffFormat(f *testing.F) {
	for _, s := range [][]byte{
		[]byte("统一社会信用代码,集团编号\r\n"),
		[]byte("<html><table>"),
		[]byte("PK\x03\x04garbage"),
		oleWith("Workbook"),
		oleWith("EncryptionInfo"),
		dbfHeader(),
		[]byte("\xFF\xFE<\x00h\x00t\x00m\x00l\x00"),
		[]byte("\xFE\xFF"),
		{},
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := sniff(data)
		if got.describe() == "" {
			t.Fatalf("format %d has no description", got)
		}
		if got != fmtXLSX && got != fmtText && stopReason(got, nameData, ".xls") == nil {
			t.Fatalf("format %d has no verdict", got)
		}
	})
}
