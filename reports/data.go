// Package reports writes the workbooks that leave the building (outputs.md, "The roster workbook" and
// "The documents that leave the building"): the roster workbook bureau staff check, sign and send on,
// the 公示名单 that is published and the 拨付清单 finance pays from. It takes plain Go data, never a
// database: the pipeline queries DuckDB and fills a [Data]; [WriteFiles] turns it into xlsx files with
// excelize.
//
// Money in [Data] is in 元 as exact decimals, as in the database; the workbooks show 万元 with two
// decimals as numbers (see [wanCell] for why the float conversion is exact for display).
package reports

import (
	"slices"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// Data is everything the workbooks show. Slices need not be sorted: the writer orders every sheet
// itself, so the same Data always gives the same cells.
type Data struct {
	Run Run

	// Rules are the rules of the decided rounds, whether or not anyone qualified: they decide which
	// columns a list sheet shows, the periods its title names and the rows of 汇总. When empty, the
	// rules are taken from the roster and review rows.
	Rules []Rule

	// Roster is the rows to pay (outcomes awarded and topped_up), both directions; the writer puts
	// each row on the sheet of its [Rule.Direction].
	Roster []RosterRow
	// Review is what a person must look at (待复核): review outcomes (holds and affiliate reviews),
	// near misses, data gaps and pairs with a resolution that was not applied.
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

// Run is the run metadata shown on 说明, in titles and in every page's header and footer.
type Run struct {
	ID             string
	PolicyYear     int
	StartedAt      time.Time // shown in its own location; the pipeline passes Beijing time
	ProgramVersion string
	PolicySHA256   string
	AsOf           *time.Time // the --as-of override, nil when the policy's evaluation dates apply
	InputDir       string

	// Rounds are the rounds the run decided (rules.md "Rounds"), ascending; empty means unknown, read
	// as every round the rules name.
	Rounds []int
	// RoundFlag is the --round the run was restricted to, 0 when it decided every round the batch's
	// data reaches. A restricted workbook names the periods in its column headers.
	RoundFlag int
	// DeclaredEmpty are the kinds batch.toml declared empty this time (inputs.md "Fail closed"), as
	// kind codes: it changes who is paid, so 汇总 and 说明 state it.
	DeclaredEmpty []string
}

// Enterprise identifies an enterprise as the workbooks show it. Codes are text: credit codes and
// industry codes keep their leading zeros. Name is the register's, verbatim: a payee name must match
// the bank account's name to the character.
type Enterprise struct {
	CreditCode   string
	Name         string
	DistrictCode string // 1101xx, 110115403 …; orders the rows
	District     string // 海淀区 …; "" when unknown
	IndustryCode string // 4-digit GB/T 4754-2017 code, e.g. 0610
	IndustryName string
}

// Rule names the award a row is for and what the rule compares.
type Rule struct {
	ID        string // D10-1 … D11-4
	Direction int    // 10 or 11
	Category  string // 支持类别: the rule's Chinese name, e.g. 升规奖励
	Measure   string // 考核指标: 工业总产值, 营业收入, or "" for rules without a figure
	Round     int    // 1 or 2 (rules.md "Rounds"); 0 when unknown

	// CurPeriod and PrevPeriod name the periods of 本年值 and 上年值 (2022年1-3月, 2021年); "" when
	// the rule shows no such figure.
	CurPeriod, PrevPeriod string
	// Tiered: the rule compares a net increase and a growth rate and pays by tier (direction 11).
	Tiered bool
	// PrevYearEnd and CurYearEnd name the year ends of 参保人数 the rule compares ("2021年末",
	// "2022年末"); empty when it compares none.
	PrevYearEnd, CurYearEnd string
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

// Reason is a decision's reason code with its Chinese label.
type Reason struct {
	Code, Label string
}

// ReviewRow is one (enterprise, rule) pair a person must look at.
type ReviewRow struct {
	Enterprise
	Rule
	Figures
	Outcome  string // review, or the pair's outcome when it is here as a near miss, a data gap or for a stale resolution
	NearMiss bool   // refused for one numeric threshold by a small margin
	DataGap  bool   // refused only because figures are missing
	Tier     string
	Amount   decimal.Decimal // 元: the rule's full amount (a review pair's computed amount, which 核定金额 must equal)
	// Potential is what the pair would pay now if resolved in its favour (review) or if the missing
	// figures met the rule (data gap), after 孰高 and 差额补齐; nil when it cannot be told.
	Potential     *decimal.Decimal
	PotentialTier string
	Reasons       []Reason
	Remarks       string
	// Threshold is the numeric threshold a near miss missed; nil otherwise.
	Threshold *Threshold
	Holds     []Hold           // the rows behind a hold
	Affiliate *AffiliateReview // the group members' figures behind an affiliate_shift review
	Stale     []Resolution     // resolutions of this pair that were not applied
}

// Threshold is the one threshold a near miss missed.
type Threshold struct {
	// Figure is what was compared: "net" (净增量, 元), "growth" (增速) or "level" (本年值, 元).
	Figure string
	// Value is the threshold: 元 for net and level, percent for growth (15 is 15%).
	Value decimal.Decimal
}

// Hold is one cause behind a held pair (decision_holds).
type Hold struct {
	Reason      Reason
	Kind        string // the input kind of the row behind it, e.g. output_value
	SourceFile  string
	SourceSheet string
	SourceRow   int64 // 0 when the cause is not a row (missing_history)
	Column      string
	RawValue    string
	Detail      string
}

// AffiliateReview is the arithmetic behind an affiliate_shift review: the members' falls against the
// limit (rules.md "Review flags").
type AffiliateReview struct {
	Net       decimal.Decimal // 元: this enterprise's net increase
	FallTotal decimal.Decimal // 元: the sum of the other members' falls
	Limit     decimal.Decimal // 元: the share of Net the falls may not reach
	Share     decimal.Decimal // e.g. 0.5
	Members   []AffiliateMember
}

// AffiliateMember is one other member of the group and its figures over the rule's periods.
type AffiliateMember struct {
	CreditCode, Name string
	Prev, Cur        *decimal.Decimal // 元; nil when the batch has no figure
	Fall             decimal.Decimal  // 元: max(0, prev − cur), 0 without both figures
}

// Resolution is a staff decision on a review pair (resolution_status) that was not applied.
type Resolution struct {
	Conclusion  string           // 同意 / 不同意
	Confirmed   *decimal.Decimal // 核定金额, 元
	Computed    *decimal.Decimal // the amount this run computed for the pair, 元
	Reviewer    string
	ReviewedOn  *time.Time
	Note        string
	StaleReason string
	SourceFile  string
	SourceSheet string
	SourceRow   int64
}

// LoadRow is one line of load_report.
type LoadRow struct {
	SourceFile, SourceSheet, Kind                                   string
	RowsRead, Loaded, Quarantined, SkippedTotals, DuplicatesDropped int64
	Encoding, Unit                                                  string
	SkippedReason                                                   string // set for a file or sheet skipped as not data
}

// QuarantineRow is one input row that was not loaded, with the enterprise it is about.
type QuarantineRow struct {
	SourceFile, SourceSheet string
	SourceRow               int64
	Kind, Column, RawValue  string
	Reason                  string // the loader's reason codes, ;-joined
	// Enterprise is the enterprise the row is about: CreditCode "" when its code cannot be read, Name
	// and District "" when the register does not know it.
	Enterprise Enterprise
	// Touched are the decisions the row holds, as rule ids.
	Touched []string
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
// [Code], [Wan], [Yuan], [Percent], int/int64, time.Time (a date) and nil (empty).
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
	// Width fixes the column's width (a blank column to be written in); 0 fits it to its cells.
	Width float64
	// MinWidth is how narrow the column may become, wrapping its text, when the sheet is too wide for
	// the page at the smallest legible scale; 0 keeps its fitted width.
	MinWidth float64
	// Hidden columns are present (a program finds them by their header) but zero-width and not
	// printed: the sheet's rules never fill them.
	Hidden bool
	// Sum: the 合计 row holds the sum of this column's values as shown.
	Sum bool
}

// Code is a cell written as text with the text number format, so that codes keep leading zeros and a
// spreadsheet never turns them into numbers.
type Code string

// Wan is an amount in 万元, shown as a number with two decimals.
type Wan decimal.Decimal

// Yuan is an amount in 元, shown as a number with two decimals.
type Yuan decimal.Decimal

// Percent is an exact ratio (0.15), shown as a number in the 0.00% format.
type Percent decimal.Decimal

// YuanToWan converts 元 to 万元 exactly (a decimal shift, no division).
func YuanToWan(y decimal.Decimal) Wan { return Wan(y.Shift(-4)) }

// rules returns the rules the workbook covers: Data.Rules, or, when the pipeline gave none, those of
// the rows; sorted by id.
func (d *Data) rules() []Rule {
	seen := map[string]Rule{}
	for _, r := range d.Rules {
		seen[r.ID] = r
	}
	if len(seen) == 0 {
		for _, r := range d.Roster {
			seen[r.Rule.ID] = r.Rule
		}
		for _, r := range d.Review {
			seen[r.Rule.ID] = r.Rule
		}
	}
	out := make([]Rule, 0, len(seen))
	for _, r := range seen {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// rounds returns the rounds the workbook covers: the decided ones, or, when unknown, those of the rules.
func (d *Data) rounds() []int {
	if len(d.Run.Rounds) > 0 {
		return d.Run.Rounds
	}
	var out []int
	for _, r := range d.rules() {
		if r.Round > 0 && !slices.Contains(out, r.Round) {
			out = append(out, r.Round)
		}
	}
	slices.Sort(out)
	return out
}

// Districts lists the districts of the roster and the review rows, by district code, as named in
// per-district file names ("区未知" when unknown).
func (d *Data) Districts() []string {
	var es []Enterprise
	for _, r := range d.Roster {
		es = append(es, r.Enterprise)
	}
	for _, r := range d.Review {
		es = append(es, r.Enterprise)
	}
	return districtsOf(es)
}

// PaidDistricts lists the districts with rows to pay, by district code: those that get a 公示名单 and
// a 拨付清单 of their own.
func (d *Data) PaidDistricts() []string {
	var es []Enterprise
	for _, r := range d.Roster {
		es = append(es, r.Enterprise)
	}
	return districtsOf(es)
}

func districtsOf(es []Enterprise) []string {
	codes := map[string]string{}
	for _, e := range es {
		name := districtName(e)
		if c, ok := codes[name]; !ok || e.DistrictCode < c {
			codes[name] = e.DistrictCode
		}
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
// per-file counts, the quarantined rows about its enterprises (a row whose enterprise cannot be told
// stays in the city-wide workbook), and only the extra sheets that say which column holds the district.
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
	for _, q := range d.Quarantine {
		if q.Enterprise.CreditCode != "" && q.Enterprise.District != "" && q.Enterprise.District == name {
			out.Quarantine = append(out.Quarantine, q)
		}
	}
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

// unknownDistrict names the book and the 所属区 cell of an enterprise whose district the register does
// not give (outputs.md: an unknown district goes to a book named 区未知).
const unknownDistrict = "区未知"

func districtName(e Enterprise) string {
	if e.District == "" {
		return unknownDistrict
	}
	return e.District
}
