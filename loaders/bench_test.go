package loaders_test

// XLSX load speed (issue 6), as ratios against two baselines measured in the same run on the same file:
// the floor (inflating the sheet XML with archive/zip into io.Discard) and excelize's Rows iterator. The
// file is a generated batch's (synth.Generate), cached under the system temporary folder:
//
//	go test ./loaders -run '^$' -bench LoadXLSX -benchtime 3x -awards.enterprises 50000

import (
	"archive/zip"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bjgjj/awards/loaders"
	"github.com/bjgjj/awards/pipeline/synth"
)

var benchEnterprises = flag.Int("awards.enterprises", 10000, "enterprises in the benchmark batch")

func benchBatch(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("awards-bench-%d-seed1", n))
	done := filepath.Join(dir, ".complete")
	if _, err := os.Stat(done); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	if err := synth.Generate(dir, synth.Config{Enterprises: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// inflateSheets reads every worksheet part of the workbook into io.Discard: the least any reader must do.
func inflateSheets(b *testing.B, path string) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") || !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, rc); err != nil {
			b.Fatal(err)
		}
		rc.Close()
	}
}

// excelizeRows walks every row and cell of every sheet with excelize's streaming Rows iterator.
func excelizeRows(b *testing.B, path string) int {
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true, UnzipSizeLimit: 4 << 30})
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	n := 0
	for _, s := range f.GetSheetList() {
		rows, err := f.Rows(s)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			cells, err := rows.Columns()
			if err != nil {
				b.Fatal(err)
			}
			n += len(cells)
		}
		rows.Close()
	}
	return n
}

// BenchmarkLoadXLSX loads one generated workbook with LoadDir (reading, header recognition, conversion,
// duplicate resolution) and reports x_of_rows (its speed as a multiple of excelize's Rows iterator over
// the same file; target ≥ 4) and x_floor (its time as a multiple of inflating the sheet XML; target ≤ 3).
func BenchmarkLoadXLSX(b *testing.B) {
	batch := benchBatch(b, *benchEnterprises)
	for _, name := range []string{"单位名录_2022.xlsx", "工业总产值_2019-2022.xlsx"} {
		b.Run(strings.TrimSuffix(name, ".xlsx"), func(b *testing.B) {
			data, err := os.ReadFile(filepath.Join(batch, name))
			if err != nil {
				b.Fatal(err)
			}
			dir := b.TempDir()
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				b.Fatal(err)
			}
			var ours, floor, rowsIter time.Duration
			loaded := 0
			b.ResetTimer()
			for range b.N {
				t := time.Now()
				bt, err := loaders.LoadDir(dir, loaders.Options{})
				if err != nil {
					b.Fatal(err)
				}
				ours += time.Since(t)
				loaded = 0
				for _, r := range bt.Reports {
					loaded += r.RowsRead
				}
				b.StopTimer()
				t = time.Now()
				inflateSheets(b, path)
				floor += time.Since(t)
				t = time.Now()
				excelizeRows(b, path)
				rowsIter += time.Since(t)
				b.StartTimer()
			}
			b.ReportMetric(float64(rowsIter)/float64(ours), "x_of_rows")
			b.ReportMetric(float64(ours)/float64(floor), "x_floor")
			b.ReportMetric(float64(loaded)*float64(b.N)/ours.Seconds(), "rows/s")
			b.ReportMetric(float64(loaded)*float64(b.N)/rowsIter.Seconds(), "excelize_rows/s")
		})
	}
}

// BenchmarkLoadDirWhole loads a whole generated batch (every file), for profiling the load with
// -cpuprofile.
func BenchmarkLoadDirWhole(b *testing.B) {
	dir := benchBatch(b, *benchEnterprises)
	for range b.N {
		if _, err := loaders.LoadDir(dir, loaders.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
