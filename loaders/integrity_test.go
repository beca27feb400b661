package loaders

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// partEdit changes one part of a workbook as it is zipped again: its content, or what the archive records
// about it (CRC-32, sizes), or its compressed bytes.
type partEdit struct {
	content func([]byte) []byte
	crc     func(uint32) uint32
	size    func(uint64) uint64
	raw     func([]byte) []byte
}

// rezip zips a workbook's parts again, deflated, applying the edits by part name.
func rezip(t testing.TB, data []byte, edits map[string]partEdit) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		e := edits[f.Name]
		if e.content != nil {
			content = e.content(content)
		}
		var raw bytes.Buffer
		fw, _ := flate.NewWriter(&raw, flate.DefaultCompression)
		fw.Write(content)
		fw.Close()
		h := zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(content),
			CompressedSize64: uint64(raw.Len()), UncompressedSize64: uint64(len(content))}
		rawBytes := raw.Bytes()
		if e.crc != nil {
			h.CRC32 = e.crc(h.CRC32)
		}
		if e.size != nil {
			h.UncompressedSize64 = e.size(h.UncompressedSize64)
		}
		if e.raw != nil {
			rawBytes = e.raw(rawBytes)
			h.CompressedSize64 = uint64(len(rawBytes))
		}
		w, err := zw.CreateRaw(&h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(rawBytes)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// cutAt returns an edit that cuts a part's content just before the last occurrence of marker (or, with
// after, just after it).
func cutAt(marker string, after bool) func([]byte) []byte {
	return func(b []byte) []byte {
		i := bytes.LastIndex(b, []byte(marker))
		if i < 0 {
			panic("no " + marker)
		}
		if after {
			i += len(marker)
		}
		return b[:i]
	}
}

// damagedBook is a workbook with a cover sheet and a data sheet of a few hundred rows with shared strings.
func damagedBook(t testing.TB) []byte {
	t.Helper()
	sh := xsheet{name: "关联", rows: [][]any{{"统一社会信用代码", "集团编号"}}}
	for i := 1; i <= 300; i++ {
		sh.rows = append(sh.rows, []any{codeN(t, i), "集团" + string(rune('甲'+i%10))})
	}
	cover := xsheet{name: "填表说明", rows: [][]any{{"填表说明"}, {"本表由统计局导出"}}}
	p := filepath.Join(t.TempDir(), "b.xlsx")
	writeXLSX(t, p, cover, sh)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// inputs.md "Fail closed": a workbook cut off (truncated sheet XML, a zip part that fails its checksum) or
// encrypted stops the run naming it; rows before the cut are not published as if complete. Each case is
// read both with the sheets inflated once into memory and in two passes (sheets over the memory budget).
func TestDamagedWorkbooksStopTheRun(t *testing.T) {
	good := damagedBook(t)
	const data, cover, sst, styles = "xl/worksheets/sheet2.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"
	flip := func(c uint32) uint32 { return c ^ 1 }
	for _, tc := range []struct {
		name  string
		edits map[string]partEdit
		sheet string   // the sheet the message names, "" for none
		words []string // what the message says
	}{
		{"the data sheet's checksum fails", map[string]partEdit{data: {crc: flip}}, "关联", []string{"checksum", "again"}},
		{"the cover sheet's checksum fails", map[string]partEdit{cover: {crc: flip}}, "填表说明", []string{"checksum"}},
		{"the shared strings' checksum fails", map[string]partEdit{sst: {crc: flip}}, "", []string{"checksum", sst}},
		{"the styles' checksum fails", map[string]partEdit{styles: {crc: flip}}, "", []string{"checksum", styles}},
		{"a checksum recorded as 0 that the content does not have", map[string]partEdit{data: {crc: func(uint32) uint32 { return 0 }}}, "关联", []string{"checksum"}},
		{"the data sheet's compressed bytes are damaged", map[string]partEdit{data: {raw: func(b []byte) []byte {
			b = bytes.Clone(b)
			for i := len(b) / 2; i < len(b)/2+64 && i < len(b); i++ {
				b[i] ^= 0x5A
			}
			return b
		}}}, "关联", []string{"damaged"}},
		{"the data sheet is shorter than the archive says", map[string]partEdit{data: {size: func(n uint64) uint64 { return n + 100 }}}, "关联", []string{"damaged"}},
		{"the data sheet is longer than the archive says", map[string]partEdit{data: {size: func(n uint64) uint64 { return n - 100 }}}, "关联", []string{"damaged"}},
		{"the data sheet's XML is cut inside a row", map[string]partEdit{data: {content: cutAt(`<c r="B200"`, false)}}, "关联", []string{"cut off"}},
		{"the data sheet's XML is cut inside a tag", map[string]partEdit{data: {content: cutAt(`r="B200"`, false)}}, "关联", []string{"cut off"}},
		{"the data sheet's XML is cut after a row", map[string]partEdit{data: {content: cutAt(`</row>`, true)}}, "关联", []string{"cut off"}},
		{"the data sheet's XML is cut after its rows", map[string]partEdit{data: {content: cutAt(`</sheetData>`, true)}}, "关联", []string{"cut off"}},
		{"the data sheet's XML is cut before its end", map[string]partEdit{data: {content: cutAt(`</worksheet>`, false)}}, "关联", []string{"cut off"}},
		{"the cover sheet's XML is cut", map[string]partEdit{cover: {content: cutAt(`</sheetData>`, false)}}, "填表说明", []string{"cut off"}},
		{"the shared strings are cut", map[string]partEdit{sst: {content: cutAt(`</sst>`, false)}}, "", []string{"cut off", sst}},
		{"the shared strings are cut inside a tag", map[string]partEdit{sst: {content: cutAt(`</si>`, false)}}, "", []string{"cut off", sst}},
		{"the shared strings are larger than the loader holds", map[string]partEdit{sst: {size: func(uint64) uint64 { return maxSharedStrings + 1 }}},
			"", []string{"shared strings", "csv"}},
		{"the workbook part is cut", map[string]partEdit{"xl/workbook.xml": {content: cutAt(`</sheets>`, false)}}, "", []string{"cut off"}},
	} {
		for _, budget := range []uint64{memSheetBudget, 0} {
			t.Run(tc.name+map[bool]string{true: " (in memory)", false: " (two passes)"}[budget > 0], func(t *testing.T) {
				bad := rezip(t, good, tc.edits)
				// The same workbook zipped again without edits loads: the damage is what stops it.
				if _, _, err := openSheets(rezip(t, good, nil), 0, budget); err != nil {
					t.Fatalf("the undamaged workbook: %v", err)
				}
				_, err := loadBook(bad, budget)
				var fe *FileError
				if !errors.Is(err, ErrUnreadable) || !errors.As(err, &fe) || fe.File != "关联.xlsx" || fe.Sheet != tc.sheet {
					t.Fatalf("err = %v, want a *FileError for 关联.xlsx sheet %q wrapping ErrUnreadable", err, tc.sheet)
				}
				for _, w := range tc.words {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("message %q does not say %q", err, w)
					}
				}
			})
		}
	}
}

// loadBook loads a folder holding the workbook as 关联.xlsx, reading its sheets with the given memory
// budget.
func loadBook(data []byte, budget uint64) (*Batch, error) {
	dir, err := os.MkdirTemp("", "book")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "关联.xlsx"), data, 0o644); err != nil {
		return nil, err
	}
	return loadDir(dir, Options{}, budget)
}

// A zip archive with two parts of the same name is damaged: which one a spreadsheet program reads is not
// settled, so neither is.
func TestTwoPartsOfTheSameName(t *testing.T) {
	good := damagedBook(t)
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		zw.Copy(f)
		if f.Name == "xl/worksheets/sheet2.xml" {
			w, _ := zw.Create(f.Name)
			w.Write([]byte(`<worksheet><sheetData></sheetData></worksheet>`))
		}
	}
	zw.Close()
	if _, err := loadBook(buf.Bytes(), memSheetBudget); !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "two parts named xl/worksheets/sheet2.xml") {
		t.Fatalf("err = %v, want the duplicate part named", err)
	}
}

// The undamaged workbook, zipped again, loads every row in both reading modes.
func TestRezippedWorkbookLoads(t *testing.T) {
	for _, budget := range []uint64{memSheetBudget, 0} {
		b, err := loadBook(rezip(t, damagedBook(t), nil), budget)
		if err != nil {
			t.Fatal(err)
		}
		if r := b.Reports[len(b.Reports)-1]; r.Kind != Affiliates || r.Loaded != 300 {
			t.Errorf("budget %d: report %+v, want 300 affiliates loaded", budget, r)
		}
	}
}

// A part that would inflate beyond 1 GiB and 100 times its compressed size is a zip bomb: the run stops
// before anything is inflated. A large part below either line is read.
func TestZipBombRule(t *testing.T) {
	for _, tc := range []struct {
		size, compressed uint64
		bomb             bool
	}{
		{2 << 30, 2 << 20, true},
		{1<<30 + 1, 1 << 20, true},
		{1 << 30, 1 << 10, false},               // not beyond 1 GiB
		{100 * 32 << 20, 32 << 20, false},       // exactly 100 times
		{100*32<<20 + 1, 32 << 20, true},        // just over 100 times
		{1 << 62, 1 << 60, false},               // 4 times, however large
		{^uint64(0), ^uint64(0)/100 + 1, false}, // no overflow
	} {
		zf := &zip.File{FileHeader: zip.FileHeader{UncompressedSize64: tc.size, CompressedSize64: tc.compressed}}
		if got := zipBomb(zf); got != tc.bomb {
			t.Errorf("%d bytes from %d: bomb %v, want %v", tc.size, tc.compressed, got, tc.bomb)
		}
	}
	// A real archive whose sheet declares 2 GiB from a few kilobytes stops, naming the part.
	good := damagedBook(t)
	bomb := rezip(t, good, map[string]partEdit{"xl/worksheets/sheet2.xml": {size: func(uint64) uint64 { return 2 << 30 }}})
	_, err := loadBook(bomb, memSheetBudget)
	if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "zip bomb") || !strings.Contains(err.Error(), "sheet2.xml") {
		t.Fatalf("err = %v, want a zip bomb naming the part", err)
	}
}

// A sheet whose rows go beyond Excel's limits is damaged, not read in part: a cell past column XFD.
func TestRowsBeyondExcelsLimits(t *testing.T) {
	good := damagedBook(t)
	for _, tc := range []struct{ name, from, to, words string }{
		{"a cell past column XFD", `<c r="B7"`, `<c r="XFE7"`, "beyond column XFD"},
		{"a row past row 1,048,576", `<row r="7"`, `<row r="1048577"`, "cannot be read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := rezip(t, good, map[string]partEdit{"xl/worksheets/sheet2.xml": {content: func(b []byte) []byte {
				return bytes.Replace(b, []byte(tc.from), []byte(tc.to), 1)
			}}})
			_, err := loadBook(bad, memSheetBudget)
			if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), tc.words) {
				t.Fatalf("err = %v, want ErrUnreadable saying %q", err, tc.words)
			}
		})
	}
}

// The reading mode never changes what loads: the same rows with the sheets in memory or in two passes.
func TestReadingModesLoadTheSame(t *testing.T) {
	for _, dir := range []string{fixtureDir, formatDir} {
		{
			a, errA := loadDir(dir, Options{}, memSheetBudget)
			b, errB := loadDir(dir, Options{}, 0)
			if (errA == nil) != (errB == nil) {
				t.Fatalf("%s: %v vs %v", dir, errA, errB)
			}
			if errA == nil {
				if diff := cmp.Diff(a, b); diff != "" {
					t.Errorf("%s: in memory vs two passes:\n%s", dir, diff)
				}
			}
		}
	}
}

// streamedRows collects what a load converts of each sheet: its first rows and then the rows streamed
// after them, with the number and date verdicts the conversion asks for.
func streamedRows(t *testing.T, data []byte, budget uint64) map[string][]string {
	t.Helper()
	ins, _, err := openSheets(data, 0, budget)
	if err != nil {
		t.Fatal(err)
	}
	defer closeSheets(ins)
	out := map[string][]string{}
	for _, in := range ins {
		sd := in.sd
		add := func(idx int, r sheetRow) {
			if len(r.cells) == 0 {
				return
			}
			var b strings.Builder
			fmt.Fprintf(&b, "%d:", r.num)
			for c, v := range r.cells {
				fmt.Fprintf(&b, " %q", v)
				if sd.isNumber(idx, &r, c) {
					b.WriteString("#")
				}
				if sd.isDate(idx, &r, c) {
					b.WriteString("@")
				}
			}
			out[sd.name] = append(out[sd.name], strings.TrimRight(b.String(), ` ""`))
		}
		for i, r := range sd.rows {
			add(i, r)
		}
		if in.pending == nil {
			continue
		}
		add(-1, *in.pending)
		for {
			r, ok, err := in.src.next()
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			add(-1, r)
		}
	}
	return out
}

// Merged ranges reaching a sheet's data rows are filled into the streamed rows exactly as the
// whole-sheet reader fills them (which TestStreamingReaderReadsWhatExcelizeReads holds to excelize's):
// ranges within the first rows, across their end, deep in the data, over several rows and columns, on
// text and number cells; with one sheet's stream kept open and the others opened again.
func TestMergedRangesFillStreamedRowsAsTheWholeSheetReader(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for round := range 20 {
		var sheets []xsheet
		for s := range 3 {
			sh := xsheet{name: fmt.Sprintf("表%d", s)}
			rows := 40 + rng.IntN(200)
			for r := range rows {
				var row []any
				for c := range 5 {
					switch rng.IntN(6) {
					case 0:
						row = append(row, nil)
					case 1:
						row = append(row, xnum(rng.IntN(1000)))
					case 2:
						row = append(row, xdate(time.Date(2021, time.Month(1+rng.IntN(12)), 1, 0, 0, 0, 0, time.UTC)))
					default:
						row = append(row, fmt.Sprintf("文%d-%d", r, c))
					}
				}
				sh.rows = append(sh.rows, row)
			}
			used := map[[2]int]bool{}
			for range 2 + rng.IntN(8) {
				r1, c1 := 1+rng.IntN(rows), 1+rng.IntN(5)
				r2, c2 := min(rows+3, r1+rng.IntN(6)), min(7, c1+rng.IntN(3))
				clash := false
				for r := r1; r <= r2; r++ {
					for c := c1; c <= c2; c++ {
						clash = clash || used[[2]int{r, c}]
					}
				}
				if clash { // excelize refuses overlapping ranges
					continue
				}
				for r := r1; r <= r2; r++ {
					for c := c1; c <= c2; c++ {
						used[[2]int{r, c}] = true
					}
				}
				a, _ := excelize.CoordinatesToCellName(c1, r1)
				b, _ := excelize.CoordinatesToCellName(c2, r2)
				sh.merges = append(sh.merges, [2]string{a, b})
			}
			sheets = append(sheets, sh)
		}
		p := filepath.Join(t.TempDir(), "m.xlsx")
		writeXLSX(t, p, sheets...)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := readXLSXStream(data, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{}
		for _, sd := range whole {
			for i, r := range sd.rows {
				if len(r.cells) == 0 {
					continue
				}
				var b strings.Builder
				fmt.Fprintf(&b, "%d:", r.num)
				for c, v := range r.cells {
					fmt.Fprintf(&b, " %q", v)
					if sd.numberCell(i, c) {
						b.WriteString("#")
					}
					if sd.dateCell(i, c) {
						b.WriteString("@")
					}
				}
				want[sd.name] = append(want[sd.name], strings.TrimRight(b.String(), ` ""`))
			}
		}
		for _, budget := range []uint64{memSheetBudget, 0} {
			if diff := cmp.Diff(want, streamedRows(t, data, budget)); diff != "" {
				t.Fatalf("round %d, budget %d (-whole +streamed):\n%s", round, budget, diff)
			}
		}
	}
}

// Rows that span far more cells than their XML holds (a cell in column XFD of row after row) would take
// minutes and gigabytes to read: past spanFree cells the sheet is refused. A sheet whose rows hold a value
// in most of the cells they span reads whatever its size.
func TestRowsSpanningFarMoreCellsThanTheyHold(t *testing.T) {
	sheet := func(rows int, far string) []byte {
		var b bytes.Buffer
		b.WriteString(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>统一社会信用代码</t></is></c><c r="B1" t="inlineStr"><is><t>集团编号</t></is></c></row>`)
		for r := 2; r <= rows; r++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c><c r="B%d"><v>1</v></c>`, r, r, codeN(t, r), r)
			if far != "" {
				fmt.Fprintf(&b, `<c r="%s%d"><v>1</v></c>`, far, r)
			}
			b.WriteString(`</row>`)
		}
		b.WriteString(`</sheetData></worksheet>`)
		return b.Bytes()
	}
	good := damagedBook(t)
	for _, tc := range []struct {
		name, far string
		refused   bool
	}{
		{"a cell in column XFD of every row", "XFD", true},
		{"a note in column Z of every row", "Z", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := rezip(t, good, map[string]partEdit{"xl/worksheets/sheet2.xml": {content: func([]byte) []byte { return sheet(3000, tc.far) }}})
			b, err := loadBook(bad, memSheetBudget)
			if tc.refused {
				if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "stray cells") {
					t.Fatalf("err = %v, want the sheet refused", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r := b.Reports[len(b.Reports)-1]; r.RowsRead != 2999 {
				t.Errorf("report %+v, want 2999 rows read", r)
			}
		})
	}
}

// A workbook's XML is UTF-8: a cell whose bytes are not (in the shared strings or written inline) keeps
// its row out as bad_encoding, its bytes made U+FFFD so that nothing downstream meets them; the other rows
// are read as they are.
func TestBytesThatAreNotUTF8InAWorkbook(t *testing.T) {
	good := damagedBook(t)
	for _, tc := range []struct {
		name, part string
		edit       func([]byte) []byte
		bad        int // the row marked
	}{
		{"in a shared string", "xl/sharedStrings.xml", func(b []byte) []byte {
			return bytes.Replace(b, []byte(codeN(t, 7)), []byte(codeN(t, 7)+"\xff"), 1)
		}, 8},
		{"in a cell written inline", "xl/worksheets/sheet2.xml", func(b []byte) []byte {
			return bytes.Replace(b, []byte(`<c r="B9" t="s"><v>`), []byte(`<c r="B9" t="inlineStr"><is><t>乙`+"\xfe"+`</t></is></c><c r="Z9"><v>`), 1)
		}, 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := rezip(t, good, map[string]partEdit{tc.part: {content: tc.edit}})
			for _, budget := range []uint64{memSheetBudget, 0} {
				ins, _, err := openSheets(data, 0, budget)
				if err != nil {
					t.Fatal(err)
				}
				in := ins[1]
				rows := append([]sheetRow{}, in.sd.rows...)
				if in.pending != nil {
					rows = append(rows, *in.pending)
					for {
						r, ok, err := in.src.next()
						if err != nil {
							t.Fatal(err)
						}
						if !ok {
							break
						}
						rows = append(rows, r)
					}
				}
				closeSheets(ins)
				var marked []int
				for _, r := range rows {
					if r.bad != "" {
						marked = append(marked, r.num)
						if r.bad != reasonBadEncoding || !strings.Contains(strings.Join(r.cells, ""), "\uFFFD") {
							t.Errorf("row %d: %q %q", r.num, r.bad, r.cells)
						}
					}
					for _, c := range r.cells {
						if !utf8.ValidString(c) {
							t.Errorf("row %d holds bytes that are not UTF-8: %q", r.num, c)
						}
					}
				}
				if len(marked) != 1 || marked[0] != tc.bad {
					t.Errorf("budget %d: rows marked %v, want [%d]", budget, marked, tc.bad)
				}
			}
		})
	}
}

// FuzzSheetStream: whatever a sheet part holds, both sheet readers (two passes, and inflated once into
// memory) return rows or an error that stops the run, never panic, and agree with each other.
func FuzzSheetStream(f *testing.F) {
	for _, s := range []string{
		`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>统一社会信用代码</t></is></c></row></sheetData></worksheet>`,
		`<worksheet><sheetData><row r="2"><c r="B2"><v>1</v></c><c r="A2" s="3"><v>2</v></c></row></sheetData><mergeCells><mergeCell ref="A1:B2"/></mergeCells></worksheet>`,
		`<worksheet><sheetData><row><c><v>&#0;&amp;_x0001_</v></c></row><row r="1"/></sheetData></worksheet>`,
		`<worksheet><sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData></worksheet>`,
		`<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>`,
		"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\xff</t></is></c></row></sheetData></worksheet>",
		`<?xml version="1.0"?><!-- x --><x:worksheet><x:sheetData><![CDATA[<row>]]></x:sheetData></x:worksheet>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, xml []byte) {
		zf := zipPart(t, xml)
		bk := &book{}
		st, err := bk.openSheet(zf)
		if err != nil {
			t.Fatal(err)
		}
		twoPass := drain(st)
		inf, err := startInflate(zf)
		if err != nil {
			t.Fatal(err)
		}
		once := drain(bk.streamOf(inf))
		if diff := cmp.Diff(twoPass, once); diff != "" {
			t.Fatalf("two passes vs inflated once:\n%s", diff)
		}
		if twoPass.Err != "" && !strings.Contains(twoPass.Err, "export") && !strings.Contains(twoPass.Err, "save") {
			t.Fatalf("error %q does not say what to do", twoPass.Err)
		}
		if i := lastSheetDataEndFromBack(xml); i >= 0 {
			if _, err := parseMergeTail(xml[i:]); err != nil && !errors.Is(err, ErrUnreadable) {
				t.Fatalf("merged ranges: %v is not ErrUnreadable", err)
			}
		}
	})
}
