// Package pipeline runs the nightly batch: load the extracts into DuckDB, run the SQL stages that decide
// directions 10 and 11, write the roster workbook, and publish the pair atomically.
package pipeline

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/shopspring/decimal"

	"github.com/bjgjj/awards/loaders"
	"github.com/bjgjj/awards/pipeline/policy"
	"github.com/bjgjj/awards/pipeline/synth"
)

// Errors the command maps to exit codes (see cmd/awards). Each is wrapped with context.
var (
	ErrUsage   = errors.New("usage")                                  // 64
	ErrBadData = errors.New("bad input data")                         // 65
	ErrNoInput = errors.New("missing input")                          // 66
	ErrLocked  = errors.New("output folder is locked by another run") // 75
	ErrConfig  = errors.New("invalid configuration")                  // 78
	// ErrQuery is an analyst's SQL that DuckDB refused (awards query): a usage error, without the hint
	// to read the command's flags.
	ErrQuery = fmt.Errorf("bad query: %w", ErrUsage)
)

// ProgramVersion is recorded in the runs table.
const ProgramVersion = "0.1.0"

// DefaultMaxQuarantineShare is the share of quarantined rows above which a run stops without publishing.
var defaultMaxQuarantineShare = decimal.RequireFromString("0.01")

// minRowsForShare: below this many data rows a batch is too small for a share to mean anything.
const minRowsForShare = 1000

// Options are the settings of one run.
type Options struct {
	Input      string    // batch folder; "" runs the built-in demo batch
	Out        string    // output folder (default ./out)
	Year       int       // embedded policy year (default 2022) when PolicyFile is ""
	PolicyFile string    // an edited policy TOML; conflicts with Year
	AsOf       time.Time // zero: the policy's evaluation dates; else overrides every rule group's
	Encoding   string    // CSV encoding override: "", "utf-8", "gb18030"
	// Round restricts the run to one round (rules.md "Rounds"): 1 (direction 10 and the Q1 rules) or 2
	// (the annual rules); 0 decides every round the batch has data for.
	Round int

	SplitByDistrict    bool
	MaxQuarantineShare *decimal.Decimal // nil: 0.01; applied when the batch has at least 1,000 data rows
	ValidateOnly       bool             // load and report only; nothing is published
	Strict             bool             // with ValidateOnly: any quarantined row is an error
	DryRun             bool             // build everything in a temporary folder, compare, publish nothing

	DB DBSettings

	Logger zerolog.Logger
	Now    func() time.Time // clock, for tests; nil means time.Now
	// Progress, when set, is told as each stage starts (step counts from 1 to StageCount); the command
	// draws a progress bar with it on a terminal.
	Progress func(stage string, step int)
}

// StageCount is the number of stages Progress reports.
const StageCount = 6

func (o Options) progress(stage string, step int) {
	if o.Progress != nil {
		o.Progress(stage, step)
	}
}

// Result summarises a finished run.
type Result struct {
	RunID        string
	RunDir       string // the published run folder
	DBPath       string // OUT/awards.duckdb
	WorkbookPath string
	Files        []string // every published file, relative to RunDir
	RowsRead     int
	Loaded       int
	Quarantined  int
	Decisions    int
	Paid         int
	PaidYuan     decimal.Decimal
	LoadReports  []loaders.SheetReport
	Quarantine   []loaders.Quarantined
	Warnings     []string
	Changes      ChangeSummary
	// Rounds are the rounds decided (rules.md "Rounds"), ascending.
	Rounds []int
	// Holds is what the quarantined rows hold (failclosed.go), for validate to print the verdict a run
	// would reach.
	Holds HoldSummary

	// PublicPath and PaymentPath are the 公示名单 and the 拨付清单 (OUT/…-2022.xlsx).
	PublicPath, PaymentPath string
}

// LoadPolicy returns the policy a run uses: the file when given, else the embedded year (2022 by default).
func LoadPolicy(file string, year int) (*policy.Policy, error) {
	if file != "" && year != 0 {
		return nil, fmt.Errorf("--policy and --year exclude each other: %w", ErrUsage)
	}
	if file != "" {
		if _, err := os.Stat(file); err != nil {
			return nil, fmt.Errorf("policy file %s does not exist: %w", file, ErrNoInput)
		}
		p, err := policy.LoadFile(file)
		if err != nil {
			return nil, fmt.Errorf("%v: %w", err, ErrConfig)
		}
		return p, nil
	}
	if year == 0 {
		year = 2022
	}
	if _, err := policy.EmbeddedTOML(year); err != nil {
		return nil, fmt.Errorf("--year %d: %v (edit a copy of another year's and pass it with --policy): %w", year, err, ErrUsage)
	}
	p, err := policy.Embedded(year)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", err, ErrConfig)
	}
	return p, nil
}

// Run executes one batch.
func Run(ctx context.Context, opts Options) (*Result, error) {
	tuneMalloc()
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	log := opts.Logger
	started := now()
	if opts.Out == "" {
		opts.Out = "out"
	}
	// The DuckDB driver reads a database path as a URL, so a path holding % or ? cannot be opened: the run
	// would load everything and then fail with an internal error. Say so before anything is read. (A # is
	// harmless here, where no option follows the path; OpenReadOnly refuses it.)
	if abs, err := filepath.Abs(opts.Out); err == nil && !opts.ValidateOnly && strings.ContainsAny(abs, "%?") {
		return nil, fmt.Errorf("the output folder %s has %% or ? in its path, which the database library cannot open; choose another --out: %w",
			abs, ErrUsage)
	}
	p, err := LoadPolicy(opts.PolicyFile, opts.Year)
	if err != nil {
		return nil, err
	}
	log.Info().Int("policy_year", p.Year()).Str("policy_sha256", p.SHA256()).
		Int("threads", opts.DB.Threads).Str("memory_limit", opts.DB.MemoryLimit).Str("temp_directory", opts.DB.TempDir).
		Msg("run starting")

	// The lock is taken before anything else, so that of two runs started together on one output folder the
	// second stops at once instead of racing the first to publish.
	// Scratch files (the demo batch) live in the output folder's runs/ under the lock, so that what a
	// killed run leaves behind is removed by the next one; runs that take no lock use the system's
	// temporary folder.
	scratch := ""
	if !opts.ValidateOnly && !opts.DryRun {
		lock, err := lockOut(opts.Out)
		if err != nil {
			return nil, err
		}
		defer lock.release()
		if scratch, err = cleanRuns(opts.Out); err != nil {
			return nil, fmt.Errorf("output folder: %w", err)
		}
	} else if opts.DryRun {
		// A dry run takes no lock, so it cannot clear other runs' staging folders; it works in a folder
		// of its own that it removes, and stale ones of killed dry runs are swept after a day.
		dir, err := newDryRunDir(opts.Out, now())
		if err != nil {
			return nil, fmt.Errorf("output folder: %w", err)
		}
		defer os.RemoveAll(dir)
		scratch = dir
	}

	input := opts.Input
	if input == "" {
		dir, err := os.MkdirTemp(scratch, tmpPrefix+"demo-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		if err := synth.Demo(dir); err != nil {
			return nil, fmt.Errorf("write demo batch: %w", err)
		}
		input = dir
		log.Info().Msg("no --input: running the built-in demo batch")
	} else if st, err := os.Stat(input); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("input folder %s does not exist or is not a folder: %w", input, ErrNoInput)
	}

	t0 := now()
	opts.progress("load", 1)
	batch, err := loadBatch(ctx, input, loaders.Options{Encoding: opts.Encoding}, scratch, opts.ValidateOnly)
	if err != nil {
		return nil, classifyLoadError(err)
	}
	defer batch.remove()
	res := &Result{LoadReports: batch.Reports, Quarantine: batch.Quarantine, Warnings: batch.Warnings}
	for _, r := range batch.Reports {
		res.RowsRead += r.RowsRead
		res.Loaded += r.Loaded
		res.Quarantined += r.Quarantined
	}
	for _, w := range batch.Warnings {
		log.Warn().Msg(w)
	}
	log.Info().Int("files", len(batch.Files)).Int("rows_read", res.RowsRead).Int("loaded", res.Loaded).
		Int("quarantined", res.Quarantined).Float64("seconds", now().Sub(t0).Seconds()).Msg("stage load")

	// The rounds, and with them the kinds the batch must hold, are settled before anything is decided:
	// validate reaches the same verdict as run.
	if res.Rounds, err = decidedRounds(opts.Round, batch.periods, p.Year(), batch.Quarantine); err != nil {
		return res, err
	}
	if err := checkKinds(batch.Batch, res.Rounds); err != nil {
		return res, err
	}
	// Quarantined rows no one can attribute stop the run in a kind whose missing row could raise a payment
	// (failclosed.go), whatever share of the batch is quarantined; the others hold their enterprises.
	if err := checkStops(batch.Batch); err != nil {
		return res, err
	}
	res.Holds = summariseHolds(batch.Batch)
	if err := checkQuarantineShare(batch.Batch, opts.MaxQuarantineShare); err != nil {
		return res, err
	}
	if opts.ValidateOnly {
		if opts.Strict {
			if err := checkStrict(batch.Batch, res.Quarantined); err != nil {
				return res, err
			}
		}
		return res, nil
	}

	runID := newRunID(started)
	args := buildArgs{
		runID: runID, policy: p, batch: batch, opts: opts, started: started,
		inputLabel: labelInput(opts.Input), res: res, now: now, baselines: findBaselines(opts.Out),
	}
	if opts.DryRun {
		// A dry run takes no lock and leaves the output folder as it was: it only reads the published
		// database, which a concurrent run never modifies in place.
		dir, err := os.MkdirTemp(scratch, "build-")
		if err != nil {
			return res, err
		}
		defer os.RemoveAll(dir)
		args.dir = dir
		if _, err := build(ctx, args); err != nil {
			return res, explainResources(err, opts.DB)
		}
		res.RunID = runID
		log.Info().Str("run_id", runID).Msg("dry run: nothing published")
		return res, nil
	}

	staging, err := newStagingDir(opts.Out, runID)
	if err != nil {
		return res, fmt.Errorf("staging folder: %w", err)
	}
	args.dir = staging
	files, err := build(ctx, args)
	if err != nil {
		os.RemoveAll(staging)
		return res, explainResources(err, opts.DB)
	}
	if err := ctx.Err(); err != nil {
		os.RemoveAll(staging)
		return res, err
	}
	opts.progress("publish", 6)
	runDir, err := publish(opts.Out, staging, runID, files)
	if err != nil {
		return res, err
	}
	res.RunID, res.RunDir, res.Files = runID, runDir, files
	res.DBPath = filepath.Join(opts.Out, dbName)
	res.WorkbookPath = filepath.Join(opts.Out, files[1])
	res.PublicPath = filepath.Join(opts.Out, files[2])
	res.PaymentPath = filepath.Join(opts.Out, files[3])
	log.Info().Str("run_id", runID).Str("run_dir", runDir).Int("decisions", res.Decisions).Int("paid", res.Paid).
		Str("paid_yuan", res.PaidYuan.StringFixed(2)).Float64("seconds", now().Sub(started).Seconds()).Msg("run published")
	return res, nil
}

type buildArgs struct {
	dir, runID, inputLabel string
	baselines              []baseline // the runs the changes compare with (findBaselines)
	policy                 *policy.Policy
	batch                  *stagedBatch
	opts                   Options
	started                time.Time
	res                    *Result
	now                    func() time.Time
}

// build writes the database and the workbooks into the staging folder; it returns the file names
// written: the database, the roster workbook, the 公示名单, the 拨付清单, then the district workbooks.
func build(ctx context.Context, a buildArgs) ([]string, error) {
	log := a.opts.Logger
	dbPath := filepath.Join(a.dir, dbName)
	db, err := openDB(ctx, dbPath, a.opts.DB)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	tmp, err := os.MkdirTemp(a.dir, ".stage-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	t := a.now()
	a.opts.progress("database", 2)
	if err := createSchema(ctx, db, tmp); err != nil {
		return nil, err
	}
	if err := stageBatch(ctx, db, a.batch, tmp); err != nil {
		return nil, err
	}
	log.Info().Float64("seconds", a.now().Sub(t).Seconds()).Msg("stage database")

	var orphans int
	if err := db.QueryRowContext(ctx, orphanFiguresSQL).Scan(&orphans); err != nil {
		return nil, fmt.Errorf("count figures outside the register: %w", err)
	}
	if orphans > 0 {
		log.Warn().Int("rows", orphans).Msg("figures for credit codes not in the register: loaded, no decisions")
	}

	// The loader's buffers are garbage by now; the Go runtime would give their memory back to the system
	// only gradually, while the SQL stages take theirs (inputs.md: 1 GiB for a batch of 200 MB).
	debug.FreeOSMemory()

	t = a.now()
	a.opts.progress("decide", 3)
	if err := decide(ctx, db, a.policy, a.opts.AsOf, a.res.Rounds, log); err != nil {
		return nil, err
	}
	if err := db.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE paid_yuan > 0),
		coalesce(sum(paid_yuan), 0)::VARCHAR FROM decisions`).Scan(&a.res.Decisions, &a.res.Paid, decimalScanner{&a.res.PaidYuan}); err != nil {
		return nil, fmt.Errorf("summarise decisions: %w", err)
	}
	log.Info().Int("decisions", a.res.Decisions).Float64("seconds", a.now().Sub(t).Seconds()).Msg("stage decide")

	if err := recordRun(ctx, db, a); err != nil {
		return nil, err
	}
	if err := recordScope(ctx, db, a.runID, a.opts.Round, a.batch.DeclaredEmpty); err != nil {
		return nil, err
	}
	a.opts.progress("changes", 4)
	changes, err := recordChanges(ctx, db, a.runID, tmp, a.baselines)
	if err != nil {
		return nil, err
	}
	a.res.Changes = changes
	for _, c := range []Comparison{changes.Previous, changes.Sent} {
		ev := log.Info()
		if c.Status == StatusFailed {
			ev = log.Warn()
		}
		ev.Str("baseline", c.Baseline).Str("status", c.Status).Str("compared_with_run_id", c.RunID).Str("detail", c.Detail).
			Int("entered", c.Entered).Int("left", c.Left).Int("amount_changed", c.AmountChanged).
			Int("tier_changed", c.TierChanged).Msg("stage changes")
	}
	t = a.now()
	if err := writeSnapshot(ctx, db, a.dir, a.runID); err != nil {
		return nil, err
	}
	log.Debug().Float64("seconds", a.now().Sub(t).Seconds()).Msg("decisions snapshot written")
	t = a.now()
	a.opts.progress("report", 5)
	written, err := writeReports(ctx, db, a.dir, a.opts.SplitByDistrict)
	if err != nil {
		return nil, fmt.Errorf("write the workbooks: %w", err)
	}
	books := written.All()
	log.Info().Int("workbooks", len(books)).Float64("seconds", a.now().Sub(t).Seconds()).Msg("stage report")
	t = a.now()
	if err := addLoadedKeys(ctx, db); err != nil {
		return nil, err
	}
	log.Debug().Float64("seconds", a.now().Sub(t).Seconds()).Msg("keys of the loaded tables")
	if _, err := db.ExecContext(ctx, `UPDATE runs SET finished_at = ?::TIMESTAMPTZ WHERE run_id = ?`,
		a.now().UTC().Format(timestampTZLayout), a.runID); err != nil {
		return nil, err
	}
	// A checkpoint folds the write-ahead log into the file, so the published folder holds no .wal.
	t = a.now()
	if _, err := db.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	log.Debug().Float64("seconds", a.now().Sub(t).Seconds()).Msg("checkpoint")
	if err := db.Close(); err != nil {
		return nil, fmt.Errorf("close database: %w", err)
	}
	files := []string{dbName}
	for _, b := range books {
		files = append(files, filepath.Base(b))
	}
	if len(files) < 4 {
		return nil, errors.New("write the workbooks: the roster, 公示名单 and 拨付清单 were not all written")
	}
	return files, nil
}

const orphanFiguresSQL = `SELECT
	(SELECT count(*) FROM output_value WHERE credit_code NOT IN (SELECT credit_code FROM enterprises)) +
	(SELECT count(*) FROM revenue WHERE credit_code NOT IN (SELECT credit_code FROM enterprises)) +
	(SELECT count(*) FROM headcount WHERE credit_code NOT IN (SELECT credit_code FROM enterprises))`

// timestampTZLayout writes an instant for a ?::TIMESTAMPTZ parameter: microseconds and the offset, so
// the stored instant is exact whatever the session's TimeZone.
const timestampTZLayout = "2006-01-02 15:04:05.000000-07:00"

func recordRun(ctx context.Context, db *sql.DB, a buildArgs) error {
	var asOf any
	if !a.opts.AsOf.IsZero() {
		asOf = a.opts.AsOf.Format("2006-01-02")
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO runs (run_id, started_at, policy_year, policy_sha256,
		program_version, as_of, input_dir, rows_read, rows_loaded, rows_quarantined)
		VALUES (?, ?::TIMESTAMPTZ, ?, ?, ?, ?::DATE, ?, ?, ?, ?)`,
		a.runID, a.started.UTC().Format(timestampTZLayout), a.policy.Year(), a.policy.SHA256(),
		ProgramVersion, asOf, a.inputLabel, a.res.RowsRead, a.res.Loaded, a.res.Quarantined); err != nil {
		return fmt.Errorf("record run: %w", err)
	}
	for _, f := range a.batch.Files {
		if _, err := db.ExecContext(ctx, `INSERT INTO run_inputs (run_id, source_file, sha256, size_bytes, rows_read) VALUES (?, ?, ?, ?, ?)`,
			a.runID, f.Name, f.SHA256, f.Size, f.Rows); err != nil {
			return fmt.Errorf("record run inputs: %w", err)
		}
	}
	return nil
}

func labelInput(in string) string {
	if in == "" {
		return "(demo)"
	}
	if abs, err := filepath.Abs(in); err == nil {
		return abs
	}
	return in
}

// newRunID sorts by time and is unique even for two runs in the same second.
func newRunID(t time.Time) string {
	var b [3]byte
	rand.Read(b[:])
	return t.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// classifyLoadError adds the sentinel that picks the exit code, keeping the loader's *FileError (file,
// sheet, row, column) reachable with errors.As.
func classifyLoadError(err error) error {
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, loaders.ErrNoInput):
		return fmt.Errorf("%w: %w", err, ErrNoInput)
	case errors.Is(err, loaders.ErrUnreadable), errors.Is(err, loaders.ErrUnrecognised):
		return fmt.Errorf("%w: %w", err, ErrBadData)
	}
	return fmt.Errorf("load: %w", err)
}

// checkQuarantineShare stops a run whose quarantined share exceeds the limit, naming the worst files and the
// reason most of their rows have (a money column without its unit quarantines a whole sheet), and saying
// what to do.
func checkQuarantineShare(b *loaders.Batch, limit *decimal.Decimal) error {
	share := defaultMaxQuarantineShare
	if limit != nil {
		share = *limit
	}
	var read, bad int
	perFile := map[string]int{}
	for _, r := range b.Reports {
		read += r.RowsRead
		bad += r.Quarantined
		perFile[r.SourceFile] += r.Quarantined
	}
	if read < minRowsForShare {
		return nil
	}
	// bad/read > share  ⇔  bad > share × read: compared without division.
	if decimal.NewFromInt(int64(bad)).LessThanOrEqual(share.Mul(decimal.NewFromInt(int64(read)))) {
		return nil
	}
	return fmt.Errorf("%d of %d rows quarantined, over the limit of %s (worst: %s); correct the files, or pass --max-quarantine-share to publish with these rows held for review: %w",
		bad, read, share.String(), worstFiles(perFile, b.Quarantine, 3), ErrBadData)
}

// worstFiles names the n files with the most quarantined rows, each with its count and, for the first, the
// reason most of its rows have.
func worstFiles(perFile map[string]int, q []loaders.Quarantined, n int) string {
	type fc struct {
		f string
		c int
	}
	var l []fc
	for f, c := range perFile {
		if c > 0 {
			l = append(l, fc{f, c})
		}
	}
	sort.Slice(l, func(i, j int) bool { return l[i].c > l[j].c || (l[i].c == l[j].c && l[i].f < l[j].f) })
	s := ""
	for i, x := range l {
		if i == n {
			break
		}
		if s != "" {
			s += ", "
		}
		rows := "rows"
		if x.c == 1 {
			rows = "row"
		}
		s += fmt.Sprintf("%s %d %s", x.f, x.c, rows)
		if i == 0 {
			var mine []loaders.Quarantined
			for _, r := range q {
				if r.SourceFile == x.f {
					mine = append(mine, r)
				}
			}
			if top, _, _ := strings.Cut(reasonsIn(mine), ", "); top != "" {
				s += " (" + top + ")"
			}
		}
	}
	return s
}

// decimalScanner scans a VARCHAR rendering of a DECIMAL into a decimal.Decimal exactly.
type decimalScanner struct{ d *decimal.Decimal }

func (s decimalScanner) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*s.d = decimal.Zero
		return nil
	case string:
		d, err := decimal.NewFromString(x)
		if err != nil {
			return err
		}
		*s.d = d
		return nil
	case []byte:
		return s.Scan(string(x))
	}
	return fmt.Errorf("decimal: cannot scan %T", v)
}
