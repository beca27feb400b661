// Package pipeline runs the nightly batch: load the extracts into DuckDB, run the SQL stages that decide
// directions 10 and 11, write the roster workbook, and publish.
package pipeline

import (
	"context"
	"errors"
	"time"

	"github.com/rs/zerolog"
	"github.com/shopspring/decimal"
)

// Errors the command maps to exit codes (see cmd/awards). Each is wrapped with context.
var (
	ErrUsage   = errors.New("usage")          // 64
	ErrBadData = errors.New("bad input data") // 65
	ErrNoInput = errors.New("missing input")  // 66
	ErrLocked  = errors.New("output folder is locked by another run") // 75
	ErrConfig  = errors.New("invalid configuration")                  // 78
)

// Options are the settings of one run.
type Options struct {
	Input      string    // batch folder; "" runs the built-in demo batch
	Out        string    // output folder (default ./out)
	Year       int       // embedded policy year (default 2022) when PolicyFile is ""
	PolicyFile string    // an edited policy TOML; conflicts with Year
	AsOf       time.Time // zero: the policy's evaluation dates; else overrides every rule group's
	Encoding   string    // CSV encoding override: "", "utf-8", "gb18030"

	SplitByDistrict    bool
	MaxQuarantineShare decimal.Decimal // applied when the batch has at least 1,000 data rows
	ValidateOnly       bool            // load and report only
	Strict             bool            // with ValidateOnly: any quarantined row is an error

	Logger zerolog.Logger
	Now    func() time.Time // clock, for tests; nil means time.Now
}

// Result summarises a finished run.
type Result struct {
	RunID        string
	DBPath       string
	WorkbookPath string
	RowsRead     int
	Loaded       int
	Quarantined  int
	Decisions    int
	Awarded      int
	PaidYuan     decimal.Decimal
}

// Run executes one batch.
func Run(ctx context.Context, opts Options) (*Result, error) {
	panic("TODO")
}
