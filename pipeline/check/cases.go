package check

import (
	"fmt"
	"hash/fnv"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/bjgjj/awards/loaders"
	"github.com/shopspring/decimal"
)

// Cases is the content of a cases workbook.
type Cases struct {
	Enterprises  []Enterprise  // sheet 企业, in sheet order
	Expectations []Expectation // sheet 预期
	Restricted   []Restricted  // sheet 禁限目录
	Members      []Enterprise  // sheet 关联企业: group members outside the cases (only Group, Code, Name, Note, figures)
}

// Period is a reporting period of a figure: a full year, or January to March of it.
type Period struct {
	Year int
	Q1   bool
}

// Label is the period as the 期别 column writes it.
func (p Period) Label() string {
	if p.Q1 {
		return fmt.Sprintf("%d年1-3月", p.Year)
	}
	return fmt.Sprintf("%d年", p.Year)
}

func (p Period) less(q Period) bool {
	if p.Year != q.Year {
		return p.Year < q.Year
	}
	return !p.Q1 && q.Q1
}

// Enterprise is one row of sheet 企业 (or 关联企业). Text fields hold the cell as written (normalised);
// money is in 万元.
type Enterprise struct {
	CaseID       string
	Note         string
	Code         string // as written: "", a prefix, or 18 characters
	Name         string
	Industry     string
	Industry2011 string
	District     string
	LegalPerson  string
	StartMonth   string // YYYY-MM or ""
	AboveScale   []int
	Output       map[Period]decimal.Decimal // 万元
	Revenue      map[Period]decimal.Decimal // 万元
	// OutputPrev and RevenuePrev are the 上年同期 reported with a period's row (the wide layout of the
	// statistical form), 万元: the figure of the same period a year earlier as the later extract revised it.
	OutputPrev  map[Period]decimal.Decimal
	RevenuePrev map[Period]decimal.Decimal
	Headcount   map[int]int64 // year → persons at year end

	SpecLevel string
	SpecDate  string // YYYY-MM-DD, or YYYY for 认定年份 only
	SpecUntil string // YYYY-MM-DD or ""

	Dishonesty []DateRange

	SoftwareYear string // "" not listed, "是" listed without a year, or a year

	OtherFunds  []OtherFund
	PriorAwards []PriorAward
	Group       string

	// Unreadable lists the input kinds (their Chinese names, see UnreadableKinds) in which the batch
	// carries one row about the enterprise that the loader cannot read: a quarantined row that names the
	// enterprise (rules.md "Holds", row_unreadable).
	Unreadable []string
	// Resolutions are staff's decisions on the enterprise's review pairs (the resolutions input).
	Resolutions []Resolution

	Row int // 1-based row of the sheet, for messages
}

// DateRange is one 失信 record: listed on From, removed on To ("" still listed). Dates are YYYY-MM-DD.
type DateRange struct{ From, To string }

// OtherFund is one row of the other-funds list: a direction and a year ("" every year).
type OtherFund struct{ Direction, Year string }

// PriorAward is one row of 已兑付奖励. NoAmount: the 金额 cell is empty (written —): the amount cannot
// be read (rules.md "Holds", prior_award_amount_missing).
type PriorAward struct {
	Year, Direction, Item string
	AmountWan             decimal.Decimal
	NoAmount              bool
}

// Resolution is one row of 复核结论: the rule, 同意 or 不同意, the confirmed amount in 万元 (nil none), who
// and when (YYYY-MM-DD, "" none).
type Resolution struct {
	Rule, Conclusion string
	AmountWan        *decimal.Decimal
	Reviewer, Date   string
}

// UnreadableKinds are the kinds a case can ask an unreadable row in (column 隔离行), by their Chinese names.
// 关联企业 and 禁限目录 are not among them: an unreadable row there holds a whole group or stops the run,
// which a workbook of independent cases cannot carry.
// An unreadable 单位名录 row is the enterprise's own register row, not a row besides it.
var UnreadableKinds = []string{"单位名录", "规上名录", "工业总产值", "营业收入", "参保人数", "专精特新", "严重失信", "工业软件", "其他市级资金", "已兑付奖励"}

// Expectation is one row of sheet 预期. Nil pointers and empty strings are not checked.
type Expectation struct {
	CaseID     string
	Enterprise string // 企业名称 within the case; "" the first
	Rule       string
	Outcome    string // canonical English: awarded … refused, or "none"
	Tier       *string
	AmountWan  *decimal.Decimal
	PaidWan    *decimal.Decimal
	Reasons    []string
	NearMiss   *bool
	Remarks    []string
	// DataGap, PotentialTier and PotentialWan check decisions.data_gap, potential_tier and
	// potential_amount_yuan (万元); nil is not checked, a PotentialTier of "" expects none.
	DataGap       *bool
	PotentialTier *string
	PotentialWan  *decimal.Decimal
	Note          string
	Row           int
}

// Restricted is one row of sheet 禁限目录.
type Restricted struct {
	Prefix, Type, Scope, Note string
	Row                       int
}

// Rules lists the rule ids the workbook may name, in order.
var Rules = []string{"D10-1", "D10-2", "D10-3", "D10-4", "D11-1", "D11-2", "D11-3", "D11-4"}

// outcomeNames maps every accepted 预期结果 spelling to the canonical outcome; outcomeZH is the reverse.
var (
	outcomeNames = map[string]string{
		"awarded": "awarded", "奖励": "awarded", "予以奖励": "awarded",
		"topped_up": "topped_up", "差额补齐": "topped_up",
		"superseded": "superseded", "被替代": "superseded",
		"review": "review", "待复核": "review",
		"refused": "refused", "不予奖励": "refused",
		"none": "none", "无决策": "none", "无": "none",
	}
	outcomeZH = map[string]string{
		"awarded": "奖励", "topped_up": "差额补齐", "superseded": "被替代", "review": "待复核",
		"refused": "不予奖励", "none": "无决策",
	}
)

// OutcomeLabel gives an outcome in Chinese and English, e.g. "不予奖励 refused".
func OutcomeLabel(o string) string {
	if zh, ok := outcomeZH[o]; ok {
		return zh + " " + o
	}
	return o
}

var (
	figureHeader    = regexp.MustCompile(`^(工业总产值|营业收入)(\d{4})年(1-3月)?(上年同期)?\(万元\)$`)
	headcountHeader = regexp.MustCompile(`^参保人数(\d{4})年末$`)
	listSep         = regexp.MustCompile(`[;；,，、\s]+`)
)

// splitList splits a cell holding several values.
func splitList(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	return listSep.Split(s, -1)
}

// splitAligned splits a cell of position-aligned values, keeping empty positions ("2021;" has two).
func splitAligned(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	parts := regexp.MustCompile(`[;；]`).Split(s, -1)
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// Validate checks what a run needs: known rules and outcomes, expectations naming existing enterprises,
// and unique credit codes after generation.
func (c *Cases) Validate() error {
	seen := map[string]string{}
	for _, e := range c.allEnterprises() {
		code, err := e.CreditCode()
		if err != nil {
			return err
		}
		who := "用例 " + e.CaseID + " " + e.DisplayName()
		if e.CaseID == "" {
			who = "关联企业 " + e.DisplayName()
		}
		if prev, dup := seen[code]; dup {
			return fmt.Errorf("credit code %s is used by both %s and %s", code, prev, who)
		}
		seen[code] = who
	}
	for _, x := range c.Expectations {
		if _, err := c.Find(x.CaseID, x.Enterprise); err != nil {
			return fmt.Errorf("预期 row %d: %w", x.Row, err)
		}
		if !validRule(x.Rule) {
			return fmt.Errorf("预期 row %d: unknown rule %q (want one of %s)", x.Row, x.Rule, strings.Join(Rules, ", "))
		}
		if _, ok := outcomeZH[x.Outcome]; !ok {
			return fmt.Errorf("预期 row %d: unknown outcome %q", x.Row, x.Outcome)
		}
	}
	for _, e := range c.Enterprises {
		for _, k := range e.Unreadable {
			if !slices.Contains(UnreadableKinds, k) {
				return fmt.Errorf("企业 row %d: 隔离行 %q: want one of %s", e.Row, k, strings.Join(UnreadableKinds, "、"))
			}
		}
		for _, r := range e.Resolutions {
			if !validRule(r.Rule) {
				return fmt.Errorf("企业 row %d: 复核规则 %q: unknown rule", e.Row, r.Rule)
			}
			if r.Conclusion != "同意" && r.Conclusion != "不同意" {
				return fmt.Errorf("企业 row %d: 复核结论 %q: want 同意 or 不同意", e.Row, r.Conclusion)
			}
		}
	}
	return nil
}

func validRule(r string) bool {
	for _, x := range Rules {
		if x == r {
			return true
		}
	}
	return false
}

func (c *Cases) allEnterprises() []*Enterprise {
	out := make([]*Enterprise, 0, len(c.Enterprises)+len(c.Members))
	for i := range c.Enterprises {
		out = append(out, &c.Enterprises[i])
	}
	for i := range c.Members {
		out = append(out, &c.Members[i])
	}
	return out
}

// Find returns the enterprise of a case by name ("" the case's first row).
func (c *Cases) Find(caseID, name string) (*Enterprise, error) {
	found := false
	for i := range c.Enterprises {
		e := &c.Enterprises[i]
		if e.CaseID != caseID {
			continue
		}
		found = true
		if name == "" || e.DisplayName() == name {
			return e, nil
		}
	}
	if !found {
		return nil, fmt.Errorf("case %q has no row on sheet 企业", caseID)
	}
	return nil, fmt.Errorf("case %q has no enterprise named %q", caseID, name)
}

// caseIDs lists the case ids in order of first appearance (企业, then 预期).
func (c *Cases) caseIDs() []string {
	var ids []string
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, e := range c.Enterprises {
		add(e.CaseID)
	}
	for _, x := range c.Expectations {
		add(x.CaseID)
	}
	return ids
}

// DisplayName is the enterprise's name, or the generated one when the sheet leaves it empty.
func (e *Enterprise) DisplayName() string {
	if e.Name != "" {
		return e.Name
	}
	if e.CaseID == "" {
		return "关联企业" + e.Group + "-" + strconv.Itoa(e.Row)
	}
	return "用例" + e.CaseID + "企业" + strconv.Itoa(e.Row)
}

// CreditCode is the code the batch uses: the written 18-character code, or one completed from the
// written prefix with digits derived from the case id and name (stable when rows move) and a valid
// GB 32100 check character.
func (e *Enterprise) CreditCode() (string, error) {
	code := strings.ToUpper(strings.TrimSpace(e.Code))
	if len(code) == 18 {
		return code, nil
	}
	if len(code) > 17 {
		return "", fmt.Errorf("row %d: credit code %q is longer than 18 characters", e.Row, e.Code)
	}
	base := "91110000"
	if len(code) < len(base) {
		code += base[len(code):]
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%s", e.CaseID, e.Group, e.DisplayName())
	digits := fmt.Sprintf("%020d", h.Sum64())
	code += digits[len(digits)-(17-len(code)):]
	c, ok := loaders.USCCCheckChar(code)
	if !ok {
		return "", fmt.Errorf("row %d: credit code prefix %q is not in the GB 32100 alphabet", e.Row, e.Code)
	}
	return code + string(c), nil
}

// periods returns the periods of one figure map of the enterprises (fig picks it: Output, Revenue or their
// 上年同期), sorted, plus the default ones: a sheet's columns are written only for periods a case uses.
func periods(es []Enterprise, defaults []Period, fig func(*Enterprise) map[Period]decimal.Decimal) []Period {
	set := map[Period]bool{}
	for _, p := range defaults {
		set[p] = true
	}
	for i := range es {
		for p := range fig(&es[i]) {
			set[p] = true
		}
	}
	out := make([]Period, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].less(out[j]) })
	return out
}
