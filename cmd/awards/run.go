package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/rs/zerolog"
	"github.com/shopspring/decimal"

	"github.com/bjgjj/awards/loaders/parse"
	"github.com/bjgjj/awards/pipeline"
)

// Exit codes (sysexits), as outputs.md and README.md document them.
const (
	exitOK       = 0
	exitCheck    = 1  // awards check found failing cases
	exitUsage    = 64 // bad flags or arguments
	exitData     = 65 // bad input data: quarantine over the limit, unreadable or unrecognised file
	exitNoInput  = 66 // the input folder or database does not exist
	exitInternal = 70
	exitLocked   = 75 // another run holds the output folder's lock; retry later
	exitConfig   = 78 // the policy file is invalid
	// exitInterrupted follows the shell's convention for a process ended by SIGINT (128 + 2); sysexits
	// has no code for it.
	exitInterrupted = 130
)

// errCheckFailed is returned by `awards check` when a case fails.
var errCheckFailed = errors.New("some cases failed")

const usage = `usage: awards <command> [flags]

commands:
  run       load a batch, decide directions 10 and 11, publish the database and roster
  validate  load a batch and report what would load and what would be quarantined; publish nothing
  policy    print the embedded policy (--year 2022) or check an edited copy (--policy FILE)
  query     run one SQL statement against a database (read-only): awards query --db FILE [--format csv|tsv|json] [--bom] "SQL"
  export    write every table and view as Parquet: awards export --db FILE --out DIR
  sent      mark a published run as sent (变化 then also compares with it): awards sent [--out DIR] RUN_ID
  explain   every rule's outcome for one enterprise: awards explain [--lang zh|en] --db FILE CODE
  schema    print the documented schema of the database
  check     run staff-written cases: awards check --cases FILE | --template FILE
  gen       write a synthetic batch: awards gen --enterprises N --out DIR [--seed S] (or --demo)
  history   awards history export --db FILE --out FILE (the paid roster as next year's prior_awards)

Run "awards <command> -h" for the flags of a command.
`

// run is the whole program; it returns the exit code. Commands write only to the writers given.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		fmt.Fprintln(stderr, "awards: no command given")
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first signal the run winds down (nothing is published); a second one gets the default
	// behaviour and ends the process at once.
	go func() {
		<-ctx.Done()
		stop()
	}()
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "run":
		err = cmdRun(ctx, rest, stdout, stderr, false)
	case "validate":
		err = cmdRun(ctx, rest, stdout, stderr, true)
	case "policy":
		err = cmdPolicy(rest, stdout, stderr)
	case "query":
		err = cmdQuery(ctx, rest, stdout, stderr)
	case "export":
		err = cmdExport(ctx, rest, stdout, stderr)
	case "sent":
		err = cmdSent(rest, stdout, stderr)
	case "explain":
		err = cmdExplain(ctx, rest, stdout, stderr)
	case "schema":
		err = cmdSchema(ctx, rest, stdout, stderr)
	case "check":
		err = cmdCheck(ctx, rest, stdout, stderr)
	case "gen":
		err = cmdGen(rest, stdout, stderr)
	case "history":
		err = cmdHistory(ctx, rest, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		err = fmt.Errorf("unknown command %q: %w", cmd, pipeline.ErrUsage)
	}
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	code := exitCode(err)
	if code == exitUsage && !errors.Is(err, pipeline.ErrQuery) {
		fmt.Fprintf(stderr, "run \"awards %s -h\" for help\n", cmd)
	}
	// The last line on stderr is one plain sentence, whatever the log format.
	fmt.Fprintf(stderr, "awards: %s\n", sentence(err))
	return code
}

func exitCode(err error) int {
	switch {
	case errors.Is(err, errCheckFailed):
		return exitCheck
	case errors.Is(err, pipeline.ErrUsage):
		return exitUsage
	case errors.Is(err, pipeline.ErrBadData):
		return exitData
	case errors.Is(err, pipeline.ErrNoInput):
		return exitNoInput
	case errors.Is(err, pipeline.ErrLocked):
		return exitLocked
	case errors.Is(err, pipeline.ErrConfig):
		return exitConfig
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	}
	return exitInternal
}

// sentence turns an error chain into one line: the messages say what is wrong, so the sentinel that only
// picks the exit code is dropped, and a multi-line message (DuckDB's) is folded onto one line.
func sentence(err error) string {
	if errors.Is(err, context.Canceled) {
		return "interrupted: nothing was published"
	}
	s := err.Error()
	for _, sentinel := range []error{pipeline.ErrQuery, pipeline.ErrUsage, pipeline.ErrBadData, pipeline.ErrNoInput,
		pipeline.ErrConfig, errCheckFailed} {
		s = strings.TrimSuffix(s, ": "+sentinel.Error())
	}
	return strings.Join(strings.Fields(s), " ")
}

// parseAsOf reads --as-of; "" is the zero time (the policy's evaluation dates).
func parseAsOf(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--as-of %q: want YYYY-MM-DD: %w", s, pipeline.ErrUsage)
	}
	return t, nil
}

// newFlagSet returns a flag set whose parse errors are usage errors.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("awards "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%v: %w", err, pipeline.ErrUsage)
	}
	return nil
}

// newLogger writes JSON lines to stderr, or a console format when stderr is a terminal; with a log file,
// JSON lines go there too.
func newLogger(stderr io.Writer, logFile, level string, bar *termProgress) (zerolog.Logger, func(), error) {
	lvl, err := zerolog.ParseLevel(level)
	if err != nil || level == "" {
		return zerolog.Nop(), nil, fmt.Errorf("--log-level %q: %w", level, pipeline.ErrUsage)
	}
	var w io.Writer = stderr
	if bar != nil {
		w = zerolog.ConsoleWriter{Out: bar, TimeFormat: "15:04:05"}
	}
	closer := func() {}
	if logFile != "" {
		f, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return zerolog.Nop(), nil, fmt.Errorf("--log-file: %v: %w", err, pipeline.ErrUsage)
		}
		w = zerolog.MultiLevelWriter(w, f)
		closer = func() { f.Close() }
	}
	return zerolog.New(w).Level(lvl).With().Timestamp().Logger(), closer, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer, validate bool) error {
	name := "run"
	if validate {
		name = "validate"
	}
	fs := newFlagSet(name, stderr)
	input := fs.String("input", "", "batch folder of extracts (default: the built-in demo batch)")
	out := fs.String("out", "out", "output folder")
	year := fs.Int("year", 0, "embedded policy year (default 2022)")
	policyFile := fs.String("policy", "", "policy TOML file (instead of --year)")
	asOf := fs.String("as-of", "", "evaluation date YYYY-MM-DD for every rule group (default: the policy's)")
	encoding := fs.String("encoding", "", "CSV encoding: utf-8 or gb18030 (default: decided by content)")
	round := fs.Int("round", 0, "decide one round only: 1 (direction 10 and the Q1 rules) or 2 (the annual rules); default every round the batch has data for")
	split := fs.Bool("split-by-district", false, "also write one workbook per district")
	maxQ := fs.String("max-quarantine-share", "0.01", "stop without publishing when more than this share of rows is quarantined (batches of 1,000 rows or more)")
	strict := fs.Bool("strict", false, "validate: anything that would stop or hold a payment is an error (quarantined rows, skipped files, missing kinds)")
	dryRun := fs.Bool("dry-run", false, "build everything in a temporary folder and print the changes; publish nothing")
	threads := fs.Int("threads", 0, "DuckDB threads (default: all cores)")
	memLimit := fs.String("memory-limit", "", "DuckDB memory_limit, e.g. 4GB")
	tempDir := fs.String("temp-dir", "", "DuckDB temp_directory for spilling")
	logFile := fs.String("log-file", "", "also append JSON log lines to this file")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn, error")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: %w", fs.Arg(0), pipeline.ErrUsage)
	}
	// run and validate share one flag set; a flag that means nothing to the command is refused rather
	// than silently ignored.
	notFor := map[string]bool{"strict": true}
	if validate {
		// --max-quarantine-share is a flag of both: validate reaches the verdict the run would.
		notFor = map[string]bool{"out": true, "split-by-district": true, "dry-run": true,
			"threads": true, "memory-limit": true, "temp-dir": true}
	}
	var misused error
	fs.Visit(func(f *flag.Flag) {
		if notFor[f.Name] && misused == nil {
			misused = fmt.Errorf("--%s is not a flag of awards %s: %w", f.Name, name, pipeline.ErrUsage)
		}
	})
	if misused != nil {
		return misused
	}
	if validate && *input == "" {
		return fmt.Errorf("validate needs --input DIR: %w", pipeline.ErrUsage)
	}
	switch *encoding {
	case "", "utf-8", "utf8", "gb18030", "gbk":
	default:
		return fmt.Errorf("--encoding %q: want utf-8 or gb18030: %w", *encoding, pipeline.ErrUsage)
	}
	opts := pipeline.Options{
		Input: *input, Out: *out, Year: *year, PolicyFile: *policyFile, Encoding: normEncoding(*encoding), Round: *round,
		SplitByDistrict: *split, ValidateOnly: validate, Strict: *strict, DryRun: *dryRun,
		DB: pipeline.DBSettings{Threads: *threads, MemoryLimit: *memLimit, TempDir: *tempDir},
	}
	asOfDate, err := parseAsOf(*asOf)
	if err != nil {
		return err
	}
	opts.AsOf = asOfDate
	share, err := decimal.NewFromString(*maxQ)
	if err != nil || share.IsNegative() || share.GreaterThan(decimal.NewFromInt(1)) {
		return fmt.Errorf("--max-quarantine-share %q: want a number from 0 to 1: %w", *maxQ, pipeline.ErrUsage)
	}
	opts.MaxQuarantineShare = &share
	// A progress bar and console logs only on a terminal; JSON lines otherwise (cron, CI, pipes).
	var bar *termProgress
	if isTerminal(stderr) {
		bar = &termProgress{w: stderr, total: pipeline.StageCount}
		opts.Progress = bar.set
		defer bar.done()
	}
	log, closeLog, err := newLogger(stderr, *logFile, *logLevel, bar)
	if err != nil {
		return err
	}
	defer closeLog()
	opts.Logger = log

	res, err := pipeline.Run(ctx, opts)
	if bar != nil {
		bar.done()
	}
	if res != nil && !errors.Is(err, context.Canceled) {
		printLoadReport(stdout, res)
	}
	if err != nil {
		return err
	}
	if validate {
		printQuarantine(stdout, res, 50)
		fmt.Fprintf(stdout, "validated: %d rows read, %d loaded, %d quarantined; nothing published\n",
			res.RowsRead, res.Loaded, res.Quarantined)
		// The verdict a run on this batch reaches: a stop has been returned as the error above.
		fmt.Fprintf(stdout, "verdict: a run would publish; %s\n", res.Holds)
		return nil
	}
	fmt.Fprintf(stdout, "run %s: %d decisions, %d paid, %s 万元 in total\n", res.RunID, res.Decisions, res.Paid,
		res.PaidYuan.Shift(-4).StringFixed(2))
	if *dryRun {
		fmt.Fprintln(stdout, "dry run: nothing published")
	} else {
		fmt.Fprintf(stdout, "database: %s\nroster:   %s\npublic:   %s\npayment:  %s\n", res.DBPath, res.WorkbookPath,
			res.PublicPath, res.PaymentPath)
	}
	for _, l := range res.Changes.Lines() {
		fmt.Fprintln(stdout, l)
	}
	return nil
}

func normEncoding(e string) string {
	switch e {
	case "utf8":
		return "utf-8"
	case "gbk":
		return "gb18030"
	}
	return e
}

// printLoadReport prints the reconciliation of every file and sheet: rows read = loaded + quarantined +
// skipped totals + dropped duplicates.
func printLoadReport(w io.Writer, res *pipeline.Result) {
	if len(res.LoadReports) == 0 {
		return
	}
	fmt.Fprintf(w, "%s %-20s %8s %8s %8s %8s %8s\n", pad("file#sheet", 44), "kind", "read", "loaded", "quarant.", "totals", "dup.drop")
	for _, r := range res.LoadReports {
		name := r.SourceFile
		if r.SourceSheet != "" {
			name += "#" + r.SourceSheet
		}
		if r.SkippedReason != "" {
			// A file or sheet that is not data: say why, so the line is not read as a kind with no rows.
			fmt.Fprintf(w, "%s skipped: %s\n", pad(name, 44), r.SkippedReason)
			continue
		}
		fmt.Fprintf(w, "%s %-20s %8d %8d %8d %8d %8d\n", pad(name, 44), r.Kind, r.RowsRead, r.Loaded, r.Quarantined,
			r.SkippedTotals, r.DuplicatesDropped)
	}
}

// printQuarantine lists the first n quarantined rows, where a person would look them up in the file.
func printQuarantine(w io.Writer, res *pipeline.Result, n int) {
	if len(res.Quarantine) == 0 {
		return
	}
	fmt.Fprintln(w, "quarantined rows (file, sheet, row, column, raw value: reason (the enterprise it names)):")
	for i, q := range res.Quarantine {
		if i == n {
			fmt.Fprintf(w, "  … and %d more\n", len(res.Quarantine)-n)
			break
		}
		sheet := q.SourceSheet
		if sheet == "" {
			sheet = "-"
		}
		who := "enterprise unknown"
		if q.CreditCode != "" {
			who = "enterprise " + q.CreditCode
		}
		fmt.Fprintf(w, "  %s, %s, row %d, %s, %q: %s (%s)\n", q.SourceFile, sheet, q.SourceRow, q.Column, q.RawValue, q.Reason, who)
	}
}

// pad right-pads s to n terminal cells; Chinese characters take two.
func pad(s string, n int) string {
	w := parse.DisplayWidth(s)
	if w >= n {
		return s
	}
	return s + strings.Repeat(" ", n-w)
}
