package pipeline

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" driver

	"github.com/bjgjj/awards/loaders"
	sqlstages "github.com/bjgjj/awards/sql"
)

// openDB opens (creating) a DuckDB file for writing. Settings are applied per connection, so the pool is
// pinned to one connection: DuckDB parallelises inside a query, not across connections.
func openDB(ctx context.Context, path string, s DBSettings) (*sql.DB, error) {
	db, err := sql.Open("duckdb", path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	for _, q := range s.pragmas() {
		if _, err := db.ExecContext(ctx, q); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %s: %w", path, q, err)
		}
	}
	return db, nil
}

// DBSettings are DuckDB's resource settings; zero values leave DuckDB's defaults, except the memory limit.
type DBSettings struct {
	Threads     int
	MemoryLimit string // e.g. "4GB"; "" means DefaultMemoryLimit
	TempDir     string
}

// DefaultMemoryLimit is DuckDB's memory_limit when --memory-limit is not given. DuckDB's own default is 80%
// of the machine's memory, and a run then takes whatever a batch invites: 2.7 GB for a 195 MB batch of
// 280,000 enterprises. With this limit that batch ran in 34–41 s with a peak of 1.00–1.17 GB (the loader's
// and the workbook writer's share included, the C allocator tuned as malloc.go says), DuckDB spilling to its temporary folder beside the database (in
// the run's staging folder). 500MB ran out of memory in stage 300 two times in three. A batch of the usual
// size never reaches the limit; national batches pass a larger --memory-limit (README, BENCHMARKS.md).
const DefaultMemoryLimit = "700MB"

func (s DBSettings) pragmas() []string {
	var q []string
	if s.Threads > 0 {
		q = append(q, "SET threads = "+strconv.Itoa(s.Threads))
	}
	limit := s.MemoryLimit
	if limit == "" {
		limit = DefaultMemoryLimit
	}
	q = append(q, "SET memory_limit = '"+strings.ReplaceAll(limit, "'", "")+"'")
	if s.TempDir != "" {
		q = append(q, "SET temp_directory = '"+strings.ReplaceAll(s.TempDir, "'", "''")+"'")
	}
	return q
}

// runStages executes SQL stages in order, naming the failing file.
func runStages(ctx context.Context, db *sql.DB, stages []sqlstages.Stage) error {
	for _, s := range stages {
		if _, err := db.ExecContext(ctx, s.SQL); err != nil {
			return fmt.Errorf("sql stage %s: %w", s.Name, err)
		}
	}
	return nil
}

// createSchema creates the loaded, run and reference tables and fills the reference tables.
func createSchema(ctx context.Context, db *sql.DB, tmp string) error {
	stages, err := sqlstages.Schema()
	if err != nil {
		return err
	}
	if err := runStages(ctx, db, stages); err != nil {
		return err
	}
	for _, ref := range []struct{ table, file string }{
		{"industry_codes", "gbt4754-2017.csv"},
		{"districts", "beijing-districts.csv"},
	} {
		b, err := sqlstages.Reference(ref.file)
		if err != nil {
			return err
		}
		p := filepath.Join(tmp, ref.file)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
		if err := insertCSV(ctx, db, ref.table, nil, p); err != nil {
			return fmt.Errorf("reference %s: %w", ref.file, err)
		}
	}
	return nil
}

// insertCSV loads a UTF-8 CSV with a header into table. Values arrive as text and are cast by the INSERT
// to the table's types, so a DECIMAL column receives the exact decimal the text spells (this avoids the
// Appender, which stores decimals as unscaled integers). cols nil means the file's header names.
func insertCSV(ctx context.Context, db *sql.DB, table string, cols []string, path string) error {
	if cols == nil {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		hdr, err := csv.NewReader(f).Read()
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: header: %w", path, err)
		}
		cols = hdr
	}
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
	}
	list := strings.Join(quoted, ", ")
	// read_csv reads an empty field as NULL, which is what "" means in a loaded row, except for
	// source_sheet, where "" is the sheet name of a CSV file.
	sel := make([]string, len(cols))
	for i, c := range cols {
		sel[i] = quoted[i]
		if c == "source_sheet" {
			sel[i] = "coalesce(source_sheet, '')"
		}
	}
	q := fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM read_csv(?, header = true, all_varchar = true,
		delim = ',', quote = '"', escape = '"', auto_detect = false, columns = {%s})`,
		table, list, strings.Join(sel, ", "), csvColumnTypes(cols))
	if _, err := db.ExecContext(ctx, q, path); err != nil {
		return fmt.Errorf("load %s into %s: %w", filepath.Base(path), table, err)
	}
	return nil
}

func csvColumnTypes(cols []string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = "'" + strings.ReplaceAll(c, "'", "''") + "': 'VARCHAR'"
	}
	return strings.Join(parts, ", ")
}

// writeCSV writes a header and rows to path, streaming through a buffer so that staging a national
// batch does not hold a second copy of every row in memory.
func writeCSV(path string, header []string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	if err := w.Write(header); err != nil {
		f.Close()
		return err
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			f.Close()
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// stagedBatch is a batch whose rows were written, as they were read, to one UTF-8 CSV staging file per
// kind (loaders.LoadDirTo), so that a national batch is never held in memory.
type stagedBatch struct {
	*loaders.Batch
	dir   string // "" when the rows were only counted (validation)
	files map[loaders.Kind]string
	// periods are the own periods of the 工业总产值 and 营业收入 rows read: the rounds the batch has data
	// for (rules.md "Rounds").
	periods map[period]bool
}

// remove deletes the staging files.
func (b *stagedBatch) remove() {
	if b != nil && b.dir != "" {
		os.RemoveAll(b.dir)
	}
}

// loadBatch loads an input folder. Unless validateOnly, each kind's rows go to a staging CSV in a new
// folder under scratch ("" for the system's temporary folder), which stageBatch inserts into DuckDB.
func loadBatch(ctx context.Context, input string, opts loaders.Options, scratch string, validateOnly bool) (*stagedBatch, error) {
	if validateOnly {
		c := &cancellable{ctx: ctx, sink: discardRows{}, periods: map[period]bool{}}
		b, err := loaders.LoadDirTo(input, opts, c)
		if err != nil {
			return nil, err
		}
		return &stagedBatch{Batch: b, periods: c.periods}, nil
	}
	dir, err := os.MkdirTemp(scratch, tmpPrefix+"rows-")
	if err != nil {
		return nil, fmt.Errorf("staging folder for rows: %w", err)
	}
	sink := &csvSink{dir: dir, files: map[loaders.Kind]*csvFile{}}
	c := &cancellable{ctx: ctx, sink: sink, periods: map[period]bool{}}
	b, err := loaders.LoadDirTo(input, opts, c)
	if cerr := sink.close(); err == nil && cerr != nil {
		err = fmt.Errorf("staging rows: %w", cerr)
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	sb := &stagedBatch{Batch: b, dir: dir, files: map[loaders.Kind]string{}, periods: c.periods}
	for k, f := range sink.files {
		sb.files[k] = f.path
	}
	// The loaders' duplicate index is garbage now; give its memory back before DuckDB takes its share.
	debug.FreeOSMemory()
	return sb, nil
}

type discardRows struct{}

func (discardRows) Row(loaders.Kind, []string) error { return nil }

// cancellable stops a load when the run is cancelled (SIGINT, SIGTERM): the loaders stop reading at the
// first row a sink refuses and release everything they hold. The context is looked at every 4,096 rows,
// which is milliseconds.
//
// It also notes the periods of the figure rows (see stagedBatch.periods).
type cancellable struct {
	ctx     context.Context
	sink    loaders.RowSink
	n       int
	periods map[period]bool
	last    [2]string // the last figure period seen, as text: most rows repeat it
}

func (c *cancellable) Row(k loaders.Kind, v []string) error {
	c.n++
	if c.n&4095 == 0 {
		if err := c.ctx.Err(); err != nil {
			return err
		}
	}
	if k == loaders.OutputValue || k == loaders.Revenue {
		// loaders.Columns: credit_code, year, end_month, …
		if v[1] != c.last[0] || v[2] != c.last[1] {
			c.last = [2]string{v[1], v[2]}
			y, err1 := strconv.Atoi(v[1])
			m, err2 := strconv.Atoi(v[2])
			if err1 == nil && err2 == nil {
				c.periods[period{y, m}] = true
			}
		}
	}
	return c.sink.Row(k, v)
}

// csvSink writes each kind's rows to its own staging CSV, with the header of loaders.Columns.
type csvSink struct {
	dir   string
	files map[loaders.Kind]*csvFile
}

type csvFile struct {
	path string
	f    *os.File
	bw   *bufio.Writer
	w    *csv.Writer
}

func (s *csvSink) Row(k loaders.Kind, v []string) error {
	cf := s.files[k]
	if cf == nil {
		p := filepath.Join(s.dir, string(k)+".csv")
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		cf = &csvFile{path: p, f: f, bw: bw, w: csv.NewWriter(bw)}
		s.files[k] = cf
		if err := cf.w.Write(loaders.Columns(k)); err != nil {
			return err
		}
	}
	return cf.w.Write(v)
}

func (s *csvSink) close() error {
	var first error
	for _, k := range loaders.Kinds { // a fixed order, so the error reported is always the same one
		cf := s.files[k]
		if cf == nil {
			continue
		}
		cf.w.Flush()
		err := cf.w.Error()
		if err == nil {
			err = cf.bw.Flush()
		}
		if cerr := cf.f.Close(); err == nil {
			err = cerr
		}
		if err != nil && first == nil {
			first = fmt.Errorf("write %s: %w", cf.path, err)
		}
	}
	return first
}

// dropRecords copies a staging CSV without the records at the given ordinals (ascending; the header is
// not counted). The files are written by encoding/csv, so a record ends at a newline outside quotes and
// a quote inside a quoted field is doubled: a quote toggle tells where records end.
func dropRecords(src, dst string, drop []int) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	br := bufio.NewReaderSize(in, 1<<20)
	bw := bufio.NewWriterSize(out, 1<<20)
	rec, quoted := -1, false // -1: the header
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > 0 {
			if rec < 0 || len(drop) == 0 || drop[0] != rec {
				bw.Write(line)
			}
			for _, c := range line {
				if c == '"' {
					quoted = !quoted
				}
			}
			if !quoted && line[len(line)-1] == '\n' {
				if rec >= 0 && len(drop) > 0 && drop[0] == rec {
					drop = drop[1:]
				}
				rec++
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			out.Close()
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// stageBatch inserts the staged rows, without the ones the duplicate rule excluded, and writes the
// quarantine and load report into their tables.
func stageBatch(ctx context.Context, db *sql.DB, b *stagedBatch, tmp string) error {
	for _, k := range loaders.Kinds {
		p := b.files[k]
		if p == "" {
			continue
		}
		if ex := b.Excluded[k]; len(ex) > 0 {
			q := filepath.Join(tmp, string(k)+".csv")
			if err := dropRecords(p, q, ex); err != nil {
				return fmt.Errorf("stage %s: %w", k, err)
			}
			os.Remove(p)
			p = q
		}
		if err := insertCSV(ctx, db, string(k), loaders.Columns(k), p); err != nil {
			return err
		}
		os.Remove(p)
	}
	if len(b.Quarantine) > 0 {
		cols := []string{"source_file", "source_sheet", "source_row", "kind", "credit_code", "group_id", "column_name",
			"raw_value", "raw_row", "reason"}
		rows := make([][]string, len(b.Quarantine))
		for i, q := range b.Quarantine {
			rows[i] = []string{q.SourceFile, q.SourceSheet, strconv.Itoa(q.SourceRow), string(q.Kind), q.CreditCode, q.Group,
				q.Column, q.RawValue, q.RawRow, q.Reason}
		}
		p := filepath.Join(tmp, "quarantine.csv")
		if err := writeCSV(p, cols, rows); err != nil {
			return err
		}
		if err := insertCSV(ctx, db, "quarantine", cols, p); err != nil {
			return err
		}
	}
	cols := []string{"source_file", "source_sheet", "kind", "rows_read", "loaded", "quarantined", "skipped_totals",
		"duplicates_dropped", "encoding", "unit", "skipped_reason"}
	rows := make([][]string, len(b.Reports))
	for i, r := range b.Reports {
		rows[i] = []string{r.SourceFile, r.SourceSheet, string(r.Kind), strconv.Itoa(r.RowsRead), strconv.Itoa(r.Loaded),
			strconv.Itoa(r.Quarantined), strconv.Itoa(r.SkippedTotals), strconv.Itoa(r.DuplicatesDropped), r.Encoding, r.Unit,
			r.SkippedReason}
	}
	p := filepath.Join(tmp, "load_report.csv")
	if err := writeCSV(p, cols, rows); err != nil {
		return err
	}
	return insertCSV(ctx, db, "load_report", cols, p)
}

// explainResources turns DuckDB's out-of-memory error into a sentence that says what to do: the batch is
// not bad, the run needs more room.
func explainResources(err error, s DBSettings) error {
	if err == nil || !strings.Contains(err.Error(), "Out of Memory") {
		return err
	}
	limit := s.MemoryLimit
	if limit == "" {
		limit = DefaultMemoryLimit
	}
	return fmt.Errorf("the database ran out of memory within --memory-limit %s; run again with a larger --memory-limit "+
		"(e.g. 2GB) or a --temp-dir on a disk with room to spill: %w", limit, err)
}
