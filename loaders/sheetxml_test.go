package loaders

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// sameAsExcelize reads a workbook with both readers and fails on any difference a loader could see:
// sheet names, row numbers, cell texts (merged ranges filled) and, for every cell, the date verdict.
func sameAsExcelize(t *testing.T, data []byte) {
	t.Helper()
	want, err := readXLSX(data, 0)
	if err != nil {
		t.Fatalf("excelize reader: %v", err)
	}
	got, err := readXLSXStream(data, 0)
	if err != nil {
		t.Fatalf("streaming reader: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("sheets: got %d, want %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if g.name != w.name || g.date1904 != w.date1904 {
			t.Errorf("sheet %d: name %q (1904: %v), want %q (%v)", i, g.name, g.date1904, w.name, w.date1904)
		}
		if diff := cmp.Diff(rowsOf(w), rowsOf(g), cmp.AllowUnexported(sheetRow{})); diff != "" {
			t.Errorf("sheet %s rows (-excelize +stream):\n%s", w.name, diff)
			continue
		}
		for r := range w.rows {
			for c := range w.rows[r].cells {
				if wd, gd := w.dateCell(r, c), g.dateCell(r, c); wd != gd {
					t.Errorf("sheet %s row %d col %d: date %v, want %v", w.name, w.rows[r].num, c+1, gd, wd)
				}
				if wn, gn := w.numberCell(r, c), g.numberCell(r, c); wn != gn {
					t.Errorf("sheet %s row %d col %d: number %v, want %v", w.name, w.rows[r].num, c+1, gn, wn)
				}
			}
		}
	}
}

func rowsOf(sd *sheetData) []sheetRow {
	out := make([]sheetRow, len(sd.rows))
	for i, r := range sd.rows {
		out[i] = sheetRow{num: r.num, cells: append([]string{}, r.cells...)}
		if len(out[i].cells) == 0 {
			out[i].cells = nil
		}
	}
	return out
}

func TestStreamingReaderReadsWhatExcelizeReads(t *testing.T) {
	day := time.Date(2021, 3, 15, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		sheets []xsheet
	}{
		{"text numbers and gaps", []xsheet{{name: "名录", rows: [][]any{
			{"北京市工业总产值（2022年）"},
			nil,
			{"统一社会信用代码", "单位详细名称", nil, "金额"},
			{"91110108MA01234567", "甲&乙<公司>\"引号\"", nil, xnum(1234.5)},
			{"91110108MA0123456X", "  前后空格  ", xraw("0610"), xnum(-0.001)},
			{nil, nil, nil, nil},
			{"合计", nil, nil, int(99)},
		}}}},
		{"merged two-row header", []xsheet{{name: "Sheet1", rows: [][]any{
			{"工业总产值（千元）", nil, "期别"},
			{"本年", "上年同期", nil},
			{xnum(1), xnum(2), "2022年1-3月"},
		}, merges: [][2]string{{"A1", "B1"}, {"C1", "C2"}}}}},
		{"date and custom formats", []xsheet{{name: "日期", rows: [][]any{
			{"认定日期", "投产年月", "金额", "时间"},
			{xdate(day), xcustom{44197, `yyyy"年"m"月"`}, xcustom{1234.5, "#,##0.00"}, xcustom{0.5, "h:mm"}},
			{xdate(day.AddDate(1, 0, 0)), xcustom{44197, "yyyy年m月"}, xcustom{12, "0.0%"}, "文本"},
		}}}},
		{"several sheets", []xsheet{
			{name: "一", rows: [][]any{{"a", "b"}, {"c"}}},
			{name: "空表", rows: nil},
			{name: "三", rows: [][]any{nil, nil, {nil, nil, "远处的格"}}},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "book.xlsx")
			writeXLSX(t, p, tc.sheets...)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			sameAsExcelize(t, data)
		})
	}
}

func TestStreamingReaderReadsTheRealExports(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*", "*.xlsx"))
	n := 0
	for _, p := range paths {
		if strings.HasPrefix(filepath.Base(p), "~$") {
			continue
		}
		n++
		t.Run(filepath.Base(p), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			sameAsExcelize(t, data)
		})
	}
	if n == 0 {
		t.Skip("no real export in testdata")
	}
}

func TestStreamingReaderHonoursTheZipBombLimits(t *testing.T) {
	p := filepath.Join(t.TempDir(), "book.xlsx")
	rows := make([][]any, 2000)
	for i := range rows {
		rows[i] = []any{strings.Repeat("填充", 20), xnum(float64(i))}
	}
	writeXLSX(t, p, xsheet{name: "大", rows: rows})
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := readXLSXStream(data, 64<<10); err == nil || !strings.Contains(err.Error(), "over the limit") {
		t.Errorf("a part over the limit: got %v, want an over-the-limit error", err)
	}
	if _, err := readXLSXStream(data, 8<<20); err != nil {
		t.Errorf("a part within the limit: %v", err)
	}
}

func TestXMLTextIsUnescapedAsEncodingXMLDoes(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"a&amp;b&lt;c&gt;d&quot;e&apos;f", `a&b<c>d"e'f`},
		{"&#20013;&#x6587;", "中文"},
		{"line\r\nnext\rlast", "line\nnext\nlast"},
		{"&unknown; & bare", "&unknown; & bare"},
	}
	var s xmlScanner
	for _, tc := range cases {
		if got := string(s.appendText(nil, []byte(tc.in))); got != tc.want {
			t.Errorf("appendText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := bstrUnescape("a_x000D_b_x005F_x0041_"); got != "a\rb_x0041_" {
		t.Errorf("bstrUnescape = %q", got)
	}
	_ = excelize.TotalRows
}
