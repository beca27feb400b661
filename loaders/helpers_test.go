package loaders

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// uscc completes a 17-character prefix with its GB 32100 check character, so tests use valid codes.
func uscc(t testing.TB, first17 string) string {
	t.Helper()
	c, ok := USCCCheckChar(first17)
	if !ok {
		t.Fatalf("bad test code prefix %q", first17)
	}
	return first17 + string(c)
}

// codeN is the n-th valid test credit code.
func codeN(t testing.TB, n int) string {
	return uscc(t, fmt.Sprintf("91110108%09d", n))
}

// xcell is a cell written by the test workbook builder with an explicit type.
type (
	xnum    float64   // a number cell
	xraw    string    // a cell written with excelize's SetCellDefault: a number cell holding this raw text
	xdate   time.Time // a date cell (number with a date format)
	xcustom struct {  // a number cell with a custom number format
		v   float64
		fmt string
	}
)

// xsheet describes one sheet: rows of cells (string cells are text), and merged ranges.
type xsheet struct {
	name   string
	rows   [][]any
	merges [][2]string
}

// writeXLSX builds a workbook the way the bureau's systems leave them: text cells, number cells, date
// cells with a date format, merged header ranges.
func writeXLSX(t testing.TB, path string, sheets ...xsheet) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	custom := map[string]int{}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				switch v := v.(type) {
				case nil:
				case string:
					err = f.SetCellStr(s.name, cell, v)
				case int:
					err = f.SetCellInt(s.name, cell, int64(v))
				case xnum:
					err = f.SetCellFloat(s.name, cell, float64(v), -1, 64)
				case xraw:
					err = f.SetCellDefault(s.name, cell, string(v))
				case xdate:
					if err = f.SetCellValue(s.name, cell, time.Time(v)); err == nil {
						err = f.SetCellStyle(s.name, cell, cell, dateStyle)
					}
				case xcustom:
					id, ok := custom[v.fmt]
					if !ok {
						code := v.fmt
						if id, err = f.NewStyle(&excelize.Style{CustomNumFmt: &code}); err != nil {
							t.Fatal(err)
						}
						custom[v.fmt] = id
					}
					if err = f.SetCellFloat(s.name, cell, v.v, -1, 64); err == nil {
						err = f.SetCellStyle(s.name, cell, cell, id)
					}
				default:
					t.Fatalf("unsupported test cell %T", v)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, m := range s.merges {
			if err := f.MergeCell(s.name, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// writeCSV writes lines joined by CRLF (as Excel does) in the given encoding: "utf-8", "utf-8-bom" or
// "gb18030".
func writeCSV(t testing.TB, path, enc string, lines ...string) {
	t.Helper()
	text := strings.Join(lines, "\r\n") + "\r\n"
	var data []byte
	switch enc {
	case "utf-8":
		data = []byte(text)
	case "utf-8-bom":
		data = append([]byte("\xEF\xBB\xBF"), text...)
	case "gb18030":
		var err error
		if data, err = simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text)); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("unknown test encoding %s", enc)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t testing.TB, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// mustLoad loads a folder and checks the invariants every batch must keep: every report reconciles,
// the loaded rows and quarantine match the reports' counts, every row has Columns(kind) values.
func mustLoad(t testing.TB, dir string, opts Options) *Batch {
	t.Helper()
	b, err := LoadDir(dir, opts)
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	checkReconciles(t, b)
	return b
}

func checkReconciles(t testing.TB, b *Batch) {
	t.Helper()
	loaded, quarantined := map[Kind]int{}, map[Kind]int{}
	for _, r := range b.Reports {
		if r.RowsRead != r.Loaded+r.Quarantined+r.SkippedTotals+r.DuplicatesDropped {
			t.Errorf("report %s/%s %s does not reconcile: %+v", r.SourceFile, r.SourceSheet, r.Kind, r)
		}
		loaded[r.Kind] += r.Loaded
		quarantined[r.Kind] += r.Quarantined
	}
	for _, k := range Kinds {
		if got := len(b.Rows[k]); got != loaded[k] {
			t.Errorf("%s: %d rows loaded, reports say %d", k, got, loaded[k])
		}
		for _, row := range b.Rows[k] {
			if len(row) != len(Columns(k)) {
				t.Errorf("%s row has %d values, want %d: %q", k, len(row), len(Columns(k)), row)
			}
		}
	}
	q := map[Kind]int{}
	for _, x := range b.Quarantine {
		q[x.Kind]++
	}
	for _, k := range Kinds {
		if q[k] != quarantined[k] {
			t.Errorf("%s: %d quarantined rows, reports say %d", k, q[k], quarantined[k])
		}
	}
}

// rowsAsMaps turns the loaded rows of a kind into column → value maps keyed by "file:sheet:row".
func rowsByPlace(b *Batch, k Kind) map[string]map[string]string {
	out := map[string]map[string]string{}
	cols := Columns(k)
	for _, row := range b.Rows[k] {
		m := map[string]string{}
		for i, c := range cols {
			m[c] = row[i]
		}
		out[m["source_file"]+":"+m["source_sheet"]+":"+m["source_row"]] = m
	}
	return out
}

// quarantineByPlace keys the quarantine by "file:sheet:row:kind".
func quarantineByPlace(b *Batch) map[string]Quarantined {
	out := map[string]Quarantined{}
	for _, q := range b.Quarantine {
		out[q.SourceFile+":"+q.SourceSheet+":"+strconv.Itoa(q.SourceRow)+":"+string(q.Kind)] = q
	}
	return out
}

func reportFor(t testing.TB, b *Batch, file, sheet string, k Kind) SheetReport {
	t.Helper()
	i := slices.IndexFunc(b.Reports, func(r SheetReport) bool {
		return r.SourceFile == file && r.SourceSheet == sheet && r.Kind == k
	})
	if i < 0 {
		t.Fatalf("no report for %s/%s %s; have %+v", file, sheet, k, b.Reports)
	}
	return b.Reports[i]
}

func hasWarning(b *Batch, parts ...string) bool {
	return slices.ContainsFunc(b.Warnings, func(w string) bool {
		for _, p := range parts {
			if !strings.Contains(w, p) {
				return false
			}
		}
		return true
	})
}
