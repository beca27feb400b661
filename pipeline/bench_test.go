package pipeline

// Speed benchmarks (issue 6). Every figure is a ratio against a baseline measured in the same run, since
// the machines are shared and noisy. The batch is made by synth.Generate and cached under the system
// temporary folder per size and seed, so repeated runs skip generation:
//
//	go test ./pipeline -run '^$' -bench . -benchtime 3x -awards.enterprises 50000
//
// See BENCHMARKS.md for the figures and .ci/bench.sh for the end-to-end runs.

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/bjgjj/awards/loaders"
	"github.com/bjgjj/awards/pipeline/policy"
	"github.com/bjgjj/awards/pipeline/synth"
)

var benchEnterprises = flag.Int("awards.enterprises", 10000, "enterprises in the benchmark batch")

// benchBatch returns a generated batch folder of n enterprises (seed 1), written once per size.
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

// oneFile copies one file of the batch into a folder of its own (LoadDir reads whole folders), optionally
// transcoding a UTF-8 CSV (with or without BOM) to GB18030.
func oneFile(b *testing.B, batch, name string, gb bool) (dir string, size int64) {
	b.Helper()
	data, err := os.ReadFile(filepath.Join(batch, name))
	if err != nil {
		b.Fatal(err)
	}
	if gb {
		data = trimBOM(data)
		if data, err = simplifiedchinese.GB18030.NewEncoder().Bytes(data); err != nil {
			b.Fatal(err)
		}
	}
	dir = b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir, int64(len(data))
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

func benchDB(b *testing.B) (*sql.DB, string) {
	b.Helper()
	dir := b.TempDir()
	db, err := openDB(context.Background(), filepath.Join(dir, "bench.duckdb"), DBSettings{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, dir
}

// readCSVBaseline is DuckDB's own read_csv of the 营业收入 file into a table: all columns as text, the
// title line skipped, no sniffing. It is the throughput the loaders are measured against.
func readCSVBaseline(b *testing.B, db *sql.DB, path string) time.Duration {
	b.Helper()
	t := time.Now()
	if _, err := db.Exec(`CREATE OR REPLACE TABLE bench_read_csv AS SELECT * FROM read_csv(?, header = false,
		skip = 2, all_varchar = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
		columns = {'code': 'VARCHAR', 'name': 'VARCHAR', 'period': 'VARCHAR', 'value': 'VARCHAR'})`, path); err != nil {
		b.Fatal(err)
	}
	return time.Since(t)
}

// BenchmarkLoadCSV loads the 营业收入 CSV (long layout, ~12 rows per 1,000 bytes) as a run does
// (loadBatch: decoding, header recognition, conversion to canonical values, duplicate resolution, the
// rows streamed to a staging CSV) and, in the "+stage" variants, inserts them into DuckDB too. x_of_read_csv is the loaders' throughput as a
// multiple of DuckDB's read_csv of the same UTF-8 content (target ≥ 0.5).
func BenchmarkLoadCSV(b *testing.B) {
	batch := benchBatch(b, *benchEnterprises)
	const name = "营业收入_2019-2022.csv"
	utf8Dir, size := oneFile(b, batch, name, false)
	utf8Path := filepath.Join(utf8Dir, name)
	for _, tc := range []struct {
		label string
		gb    bool
		stage bool
	}{{"utf-8", false, false}, {"gb18030", true, false}, {"utf-8+stage", false, true}, {"gb18030+stage", true, true}} {
		b.Run(tc.label, func(b *testing.B) {
			dir, _ := oneFile(b, batch, name, tc.gb)
			db, tmp := benchDB(b)
			if err := createSchema(context.Background(), db, tmp); err != nil {
				b.Fatal(err)
			}
			var ours, base time.Duration
			rows := 0
			b.ResetTimer()
			for range b.N {
				t := time.Now()
				bt, err := loadBatch(context.Background(), dir, loaders.Options{}, tmp, false)
				if err != nil {
					b.Fatal(err)
				}
				if tc.stage {
					if _, err := db.Exec("DELETE FROM revenue; DELETE FROM load_report"); err != nil {
						b.Fatal(err)
					}
					if err := stageBatch(context.Background(), db, bt, tmp); err != nil {
						b.Fatal(err)
					}
				}
				ours += time.Since(t)
				bt.remove()
				rows = bt.Reports[0].Loaded
				b.StopTimer()
				base += readCSVBaseline(b, db, utf8Path)
				b.StartTimer()
			}
			b.ReportMetric(float64(base)/float64(ours), "x_of_read_csv")
			b.ReportMetric(float64(size)*float64(b.N)/ours.Seconds()/1e6, "MB/s")
			b.ReportMetric(float64(size)*float64(b.N)/base.Seconds()/1e6, "read_csv_MB/s")
			b.ReportMetric(float64(rows)*float64(b.N)/ours.Seconds(), "rows/s")
		})
	}
}

// stagedDB loads and stages a generated batch into a fresh database, ready for Decide.
func stagedDB(b *testing.B, n int) (*sql.DB, *stagedBatch) {
	b.Helper()
	db, tmp := benchDB(b)
	bt, err := loadBatch(context.Background(), benchBatch(b, n), loaders.Options{}, tmp, false)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(bt.remove)
	ctx := context.Background()
	if err := createSchema(ctx, db, tmp); err != nil {
		b.Fatal(err)
	}
	if err := stageBatch(ctx, db, bt, tmp); err != nil {
		b.Fatal(err)
	}
	return db, bt
}

// BenchmarkDecide runs every decision stage over a staged batch: enterprises per second over all rules.
// With -v it logs the slowest statements' share through the stage list (one Exec per file).
func BenchmarkDecide(b *testing.B) {
	n := *benchEnterprises
	db, _ := stagedDB(b, n)
	p, err := policy.Embedded(2022)
	if err != nil {
		b.Fatal(err)
	}
	var decisions int
	b.ResetTimer()
	for range b.N {
		if err := Decide(context.Background(), db, p, time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if err := db.QueryRow(`SELECT count(*) FROM decisions`).Scan(&decisions); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "enterprises/s")
	b.ReportMetric(float64(decisions)*float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
}

// BenchmarkWriteRoster writes the roster workbook of a decided batch: roster rows per second, and the
// peak Go heap while writing, sampled every 5 ms, against the heap before it started.
func BenchmarkWriteRoster(b *testing.B) {
	n := *benchEnterprises
	db, bt := stagedDB(b, n)
	p, err := policy.Embedded(2022)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if err := Decide(ctx, db, p, time.Time{}); err != nil {
		b.Fatal(err)
	}
	// The workbook's 说明 and changes sheets read the run's row and the changes table.
	if err := recordRun(ctx, db, buildArgs{runID: "bench", policy: p, batch: bt, started: time.Now(),
		inputLabel: "bench", res: &Result{}}); err != nil {
		b.Fatal(err)
	}
	if _, err := recordChanges(ctx, db, "bench", b.TempDir(), findBaselines(b.TempDir())); err != nil {
		b.Fatal(err)
	}
	var rows int
	if err := db.QueryRow(`SELECT count(*) FROM decisions`).Scan(&rows); err != nil {
		b.Fatal(err)
	}
	var peak uint64
	b.ResetTimer()
	for range b.N {
		out := b.TempDir()
		var p uint64
		p, err = peakHeap(func() error { _, err := writeReports(ctx, db, out, false); return err })
		if err != nil {
			b.Fatal(err)
		}
		peak = max(peak, p)
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak_heap_MiB")
}

// peakHeap runs f and returns the largest Go heap in use seen while it ran, above the heap before.
func peakHeap(f func() error) (uint64, error) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > base && m.HeapInuse-base > peak.Load() {
				peak.Store(m.HeapInuse - base)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	err := f()
	close(stop)
	<-done
	return peak.Load(), err
}
