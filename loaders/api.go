// Package loaders reads a batch folder of statistics-bureau and social-insurance extracts (.xlsx and .csv,
// as the bureau's systems export them) into typed, normalised rows, one set per input kind of inputs.md.
//
// It does not import DuckDB: the pipeline stages the rows into the database. Every input row ends up
// exactly once in one of: loaded rows, quarantine, skipped totals, or dropped equal duplicates, and the
// per-file/sheet [SheetReport] says how many went where.
package loaders

import (
	"errors"
	"strconv"
)

// Kind names an input kind; its value is the name of the DuckDB table it loads into.
type Kind string

// The input kinds of inputs.md.
const (
	Enterprises        Kind = "enterprises"
	AboveScale         Kind = "above_scale"
	OutputValue        Kind = "output_value"
	Revenue            Kind = "revenue"
	Headcount          Kind = "headcount"
	Specialised        Kind = "specialised"
	Dishonesty         Kind = "dishonesty"
	Restricted         Kind = "restricted"
	IndustrialSoftware Kind = "industrial_software"
	OtherFunds         Kind = "other_funds"
	PriorAwards        Kind = "prior_awards"
	Affiliates         Kind = "affiliates"
	// Resolutions is optional: staff's decisions on review pairs (复核结论, inputs.md), never required.
	Resolutions Kind = "resolutions"
)

// Kinds lists every kind in a fixed order.
var Kinds = []Kind{Enterprises, AboveScale, OutputValue, Revenue, Headcount, Specialised, Dishonesty,
	Restricted, IndustrialSoftware, OtherFunds, PriorAwards, Affiliates, Resolutions}

// Columns gives, for each kind, the order of the values in a loaded row. The names are the columns of the
// table of the same name in sql/001_loaded_tables.sql; the last three are always source_file,
// source_sheet and source_row.
//
// Values are canonical text, "" meaning NULL: dates as YYYY-MM-DD, money in 元 as a plain decimal with at
// most two decimals (e.g. "123456.70", rounded half away from zero), integers in decimal, booleans as
// "true"/"false".
func Columns(k Kind) []string {
	src := []string{"source_file", "source_sheet", "source_row"}
	var c []string
	switch k {
	case Enterprises:
		c = []string{"credit_code", "name", "industry_code", "region_code", "area_code", "district",
			"scope_district", "in_beijing", "legal_person_raw", "is_legal_person", "start_month", "code_check_ok"}
	case AboveScale:
		c = []string{"credit_code", "year", "inclusion_method"}
	case OutputValue, Revenue:
		c = []string{"credit_code", "year", "end_month", "value_yuan", "prev_value_yuan"}
	case Headcount:
		c = []string{"credit_code", "year", "month", "persons"}
	case Specialised:
		// A date given only to the month or year is read so that doubt never pays (rules.md D10):
		// recognized_on is the latest day the recognition can mean (validity starts then),
		// recognized_earliest the earliest (the default validity of three years runs from it), valid_until
		// the earliest day the 有效期至 can mean. For a full date the three are as written.
		c = []string{"credit_code", "level", "level_raw", "recognized_on", "recognized_earliest", "valid_until"}
	case Dishonesty:
		// listed_on is the earliest day a 列入日期 can mean, removed_on the latest day a 移出日期 can mean
		// (rules.md "Holds": the 失信 window widens when a date is given only to the month or year).
		c = []string{"credit_code", "listed_on", "removed_on"}
	case Restricted:
		c = []string{"prefix", "control_type", "scope", "whole_city"}
	case IndustrialSoftware:
		c = []string{"credit_code", "recognized_year"}
	case OtherFunds:
		c = []string{"credit_code", "direction", "fund_name", "year"}
	case PriorAwards:
		c = []string{"credit_code", "year", "direction", "item", "amount_yuan"}
	case Affiliates:
		c = []string{"credit_code", "group_id"}
	case Resolutions:
		// conclusion is "同意" or "不同意"; confirmed_amount_yuan the 核定金额 in 元 (required for 同意).
		c = []string{"credit_code", "rule_id", "conclusion", "confirmed_amount_yuan", "reviewer", "reviewed_on", "note"}
	default:
		return nil
	}
	return append(c, src...)
}

// Options tunes a load.
type Options struct {
	// Encoding forces the text encoding of CSV files: "" (decide by content: a UTF-8 BOM, a UTF-16 BOM,
	// valid UTF-8, else GB18030), "utf-8" or "gb18030".
	Encoding string
	// MaxXLSXBytes, when above 0, bounds the uncompressed size of any one part of an .xlsx file, and
	// four times it their sum. With 0, only the zip-bomb rule applies (a part beyond 1 GiB and 100 times
	// its compressed size stops the run): sheets are streamed, so their size does not grow memory.
	MaxXLSXBytes int64
}

// Batch is everything read from one input folder.
type Batch struct {
	// Rows holds the loaded rows of each kind, values in the order of Columns(kind), after duplicates
	// have been resolved. Row order is deterministic (file name, sheet order, row number).
	Rows map[Kind][][]string
	// Excluded, set by LoadDirTo (nil from LoadDir), lists per kind the ordinals (from 0, counting the
	// rows the sink received of that kind), ascending, of rows the duplicate rule drops or quarantines:
	// they must not be loaded.
	Excluded map[Kind][]int
	// Quarantine holds every input row that was not loaded, with its reason.
	Quarantine []Quarantined
	// Reports has one entry per loaded file and sheet, in file-name then sheet order.
	Reports []SheetReport
	// Files lists every file of the folder that was read (not the skipped ones), with its SHA-256.
	Files []InputFile
	// Warnings are messages for the run log: skipped files and sheets, unknown units, failed check
	// digits (counted), figures for codes not in the register are counted by the pipeline, not here.
	Warnings []string
	// DeclaredEmpty lists the kinds batch.toml's top-level `empty = [...]` declares truly empty this time
	// (inputs.md "Fail closed"), in the order of Kinds.
	DeclaredEmpty []Kind
}

// Quarantined is one input row that was not loaded. Column is the first offending column (for a duplicate,
// the key columns joined with ","; "" when the whole row is at fault: field_count, bad_encoding); Reason is
// every reason that applies, ";"-joined, from the closed list of inputs.md "Fail closed" (bad_code,
// bad_number, bad_period, bad_date, bad_legal_person, bad_level, bad_direction, bad_industry_code,
// bad_control_type, bad_scope, bad_encoding, unknown_unit, unknown_district, missing_value, duplicate,
// formula_without_value, error_value, field_count, value_too_long).
//
// CreditCode is the enterprise the row is about, normalised, whenever its code column can be read (even
// when another column is what keeps the row out; for a list row naming it by a 组织机构代码, the register's
// code holding it); "" when it cannot. rules.md "Holds" turns a quarantined row into holds on that
// enterprise's pairs, or stops the run when the code cannot be read in a kind whose missing row could
// raise a payment. Group is, for an affiliates row, the 集团编号 when it can be read ("" otherwise), in the
// form affiliates.group_id holds it (folded), so that the group's members are found: a quarantined row
// holds the whole group. RawValue and RawRow (the row's cells as read, tab-joined, so a person sees what
// the file held) are cut to a few hundred and a few thousand characters.
type Quarantined struct {
	SourceFile  string
	SourceSheet string
	SourceRow   int
	Kind        Kind
	CreditCode  string
	Group       string
	Column      string
	RawValue    string
	RawRow      string
	Reason      string
}

// SheetReport reconciles one file and sheet: RowsRead = Loaded + Quarantined + SkippedTotals +
// DuplicatesDropped.
type SheetReport struct {
	SourceFile        string
	SourceSheet       string // "" for CSV
	Kind              Kind
	RowsRead          int
	Loaded            int
	Quarantined       int
	SkippedTotals     int
	DuplicatesDropped int
	Encoding          string // for CSV: "utf-8", "utf-8-bom", "utf-16" (with a BOM) or "gb18030"; "" for xlsx
	Unit              string // the money unit found (元/千元/万元/亿元), "" when the kind has no money
	// SkippedReason is set, with Kind "" and every count 0, on the report of a file or sheet that was
	// skipped as not data (outputs.md load_report): the database then shows everything the folder held.
	SkippedReason string
}

// InputFile is one file of the batch folder that was read.
type InputFile struct {
	Name   string // relative to the input folder
	SHA256 string // hex
	Size   int64
	Rows   int // rows read over all its sheets
}

// Errors a caller maps to exit codes (all wrapped in a *FileError naming the file).
var (
	// ErrUnreadable: corrupt, encrypted or not a spreadsheet, or over the size limits.
	ErrUnreadable = errors.New("file cannot be read as a spreadsheet")
	// ErrUnrecognised: a CSV, or an xlsx none of whose sheets fits any kind, or an ambiguous kind.
	ErrUnrecognised = errors.New("file kind not recognised")
	// ErrNoInput: the folder does not exist or holds no input file.
	ErrNoInput = errors.New("no input")
)

// FileError is a fatal problem with one file, shaped like csv.ParseError.
type FileError struct {
	File   string
	Sheet  string
	Row    int // 0 when not about a row
	Column string
	Err    error
}

func (e *FileError) Error() string {
	s := e.File
	if e.Sheet != "" {
		s += " sheet " + e.Sheet
	}
	if e.Row > 0 {
		s += " row " + strconv.Itoa(e.Row)
	}
	if e.Column != "" {
		s += " column " + e.Column
	}
	return s + ": " + e.Err.Error()
}

func (e *FileError) Unwrap() error { return e.Err }
