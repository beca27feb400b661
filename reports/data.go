// Package reports writes the roster workbook that bureau staff print, sign and send on
// (outputs.md, "The roster workbook"). It takes plain Go data, never a database: the pipeline queries
// DuckDB and fills a [Data]; [WriteFiles] and [Write] turn it into xlsx files with excelize.
//
// Money in [Data] is in 元 as exact decimals, as in the database; the workbook shows 万元 with two
// decimals as numbers (see [wanCell] for why the float conversion is exact for display).
package reports

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// Data is everything one workbook shows. Slices need not be sorted: the writer orders every sheet itself,
// so the same Data always gives the same cells.
type Data struct {
	Run Run

	// Roster is the rows to pay (outcomes awarded and topped_up), both directions; the writer puts
	// each row on the sheet of its [Rule.Direction].
	Roster []RosterRow
	// Review is the review-flagged awards and the near misses (待复核).
	Review []ReviewRow

	Loads      []LoadRow
	Quarantine []QuarantineRow

	Params []Param
	Tiers  []Tier
	Inputs []InputFile

	// Extra sheets are appended after 说明 in order (e.g. 变化, the changes since the previous run).
	Extra []Sheet

	// District is set on the Data of a per-district workbook (see [Data.ForDistrict]); "" for the
	// city-wide one.
	District string
}

// Run is the run metadata shown on 说明 and in the page header.
type Run struct {
	ID             string
	PolicyYear     int
	StartedAt      time.Time // shown in its own location; the pipeline passes Beijing time
	ProgramVersion string
	PolicySHA256   string
	AsOf           *time.Time // the --as-of override, nil when the policy's evaluation dates apply
	InputDir       string
}

// Enterprise identifies an enterprise as the roster shows it. Codes are text: credit codes and industry
// codes keep their leading zeros.
type Enterprise struct {
	CreditCode   string
	Name         string
	DistrictCode string // 1101xx, 110115403 …; orders the rows
	District     string // 海淀区 …; "" when unknown
	IndustryCode string // 4-digit GB/T 4754-2017 code, e.g. 0610
	IndustryName string
}

// Rule names the award a row is for.
type Rule struct {
	ID        string // D10-1 … D11-4
	Direction int    // 10 or 11
	Category  string // 支持类别: the rule's Chinese name, e.g. 升规奖励
	Measure   string // 考核指标: 工业总产值, 营业收入, or "" for rules without a figure
}

// Figures are the figures a decision used, in 元; nil means the rule used no such figure.
type Figures struct {
	Prev, Cur, Net *decimal.Decimal
	Growth         *decimal.Decimal // exact ratio: 0.15 is 15%
	HeadcountPrev  *int64
	HeadcountCur   *int64
}

// RosterRow is one award paid now.
type RosterRow struct {
	Enterprise
	Rule
	Figures
	Tier    string
	Paid    decimal.Decimal // 元 paid by this run (the difference for a top-up)
	Remarks string          // the decision's remarks, joined with ；
}

// ReviewRow is a review-flagged award or a near miss.
type ReviewRow struct {
	Enterprise
	Rule
	Figures
	Outcome  string          // review or refused
	NearMiss bool            // refused for one numeric threshold by a small margin
	Tier     string          //
	Amount   decimal.Decimal // 元 the award would pay (0 for a near miss)
	Reasons  []string        // the reasons in Chinese words
	Remarks  string
}

// LoadRow is one line of load_report.
type LoadRow struct {
	SourceFile, SourceSheet, Kind                                   string
	RowsRead, Loaded, Quarantined, SkippedTotals, DuplicatesDropped int64
	Encoding, Unit                                                  string
}

// QuarantineRow is one input row that was not loaded.
type QuarantineRow struct {
	SourceFile, SourceSheet string
	SourceRow               int64
	Kind, Column, RawValue  string
	Reason                  string // the loader's reason codes, ;-joined
}

// Param is one policy parameter used by the run.
type Param struct {
	Key     string
	Label   string // label_zh
	Value   string
	Num     *decimal.Decimal
	Date    *time.Time
	Assumed bool
	Source  string
}

// Tier is one row of a tier table. Bounds in 元 and percent; nil means unbounded.
type Tier struct {
	RuleID             string
	Tier               string
	NetLo, NetHi       *decimal.Decimal
	GrowthLo, GrowthHi *decimal.Decimal // percent: 15 is 15%
	Amount             decimal.Decimal  // 元
	Assumed            bool
	Source             string
}

// InputFile is one file of the batch.
type InputFile struct {
	Name      string
	SHA256    string
	SizeBytes int64
	RowsRead  int64
}

// Sheet is an extra table sheet: a title in row 1, the headers in row 2 and the rows from row 3, printed
// and formatted like the roster sheets. Cell values are the types [Write] understands: string (text),
// [Code], [Wan], [Percent], int/int64, time.Time (a date) and nil (empty).
type Sheet struct {
	Name    string
	Title   string
	Columns []Column
	Rows    [][]any
	// DistrictColumn is the index of the column holding 所属区, used to keep only a district's rows in
	// its own workbook; -1 leaves the sheet out of per-district workbooks (whose rows it is cannot be
	// told).
	DistrictColumn int
}

// Column is one column of a table sheet.
type Column struct {
	Header   string
	MaxWidth float64 // cap on the fitted width in characters; 0 means 40. Longer text wraps.
}

// Code is a cell written as text with the text number format, so that codes keep leading zeros and a
// spreadsheet never turns them into numbers.
type Code string

// Wan is an amount in 万元, shown as a number with two decimals.
type Wan decimal.Decimal

// Percent is an exact ratio (0.15), shown as a number in the 0.00% format.
type Percent decimal.Decimal

// YuanToWan converts 元 to 万元 exactly (a decimal shift, no division).
func YuanToWan(y decimal.Decimal) Wan { return Wan(y.Shift(-4)) }

// Districts lists the districts of the roster and the review rows, by district code, as named in
// per-district file names ("区划不明" when unknown).
func (d *Data) Districts() []string {
	codes := map[string]string{}
	add := func(e Enterprise) {
		name := districtName(e)
		if c, ok := codes[name]; !ok || e.DistrictCode < c {
			codes[name] = e.DistrictCode
		}
	}
	for _, r := range d.Roster {
		add(r.Enterprise)
	}
	for _, r := range d.Review {
		add(r.Enterprise)
	}
	names := make([]string, 0, len(codes))
	for n := range codes {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if codes[names[i]] != codes[names[j]] {
			return codes[names[i]] < codes[names[j]]
		}
		return names[i] < names[j]
	})
	return names
}

// ForDistrict returns the Data of one district's workbook: only its roster and review rows, the
// per-file counts without the quarantined rows (they may name other districts' enterprises), and
// only the extra sheets that say which column holds the district.
func (d *Data) ForDistrict(name string) *Data {
	out := *d
	out.District = name
	out.Roster = nil
	for _, r := range d.Roster {
		if districtName(r.Enterprise) == name {
			out.Roster = append(out.Roster, r)
		}
	}
	out.Review = nil
	for _, r := range d.Review {
		if districtName(r.Enterprise) == name {
			out.Review = append(out.Review, r)
		}
	}
	out.Quarantine = nil
	out.Extra = nil
	for _, s := range d.Extra {
		if s.DistrictColumn < 0 || s.DistrictColumn >= len(s.Columns) {
			continue
		}
		f := s
		f.Rows = nil
		for _, row := range s.Rows {
			if s.DistrictColumn < len(row) {
				if v, ok := row[s.DistrictColumn].(string); ok && v == name {
					f.Rows = append(f.Rows, row)
				}
			}
		}
		out.Extra = append(out.Extra, f)
	}
	return &out
}

const unknownDistrict = "区划不明"

func districtName(e Enterprise) string {
	if e.District == "" {
		return unknownDistrict
	}
	return e.District
}
