package check

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Batch file names, in the input layouts of inputs.md (CSV, UTF-8, canonical column names).
const (
	FileEnterprises = "单位名录.csv"
	FileAboveScale  = "规上名录.csv"
	FileOutput      = "工业总产值.csv"
	FileRevenue     = "营业收入.csv"
	FileHeadcount   = "参保人数.csv"
	FileSpecialised = "专精特新.csv"
	FileSpecYear    = "专精特新-认定年份.csv" // rows that give only 认定年份: inputs.md has 认定日期 or 认定年份
	FileDishonesty  = "失信.csv"
	FileRestricted  = "禁限目录.csv"
	FileSoftware    = "工业软件.csv"
	FileOtherFunds  = "其他市级资金.csv"
	FilePriorAwards = "已兑付奖励.csv"
	FileAffiliates  = "关联企业.csv"
)

// BatchIndex says which case wrote each data line of the batch, so a quarantined input row can be
// charged to its case.
type BatchIndex struct {
	// Lines maps file name → 1-based line number → case id ("" for 禁限目录 and 关联企业 rows, which
	// belong to the workbook, not to one case).
	Lines map[string]map[int]string
	// Codes maps case id → the credit codes of its enterprises, in row order.
	Codes map[string][]string
}

// batchFile accumulates one CSV file.
type batchFile struct {
	name  string
	head  []string
	rows  [][]string
	owner []string
}

func (b *batchFile) add(owner string, v ...string) {
	b.rows = append(b.rows, v)
	b.owner = append(b.owner, owner)
}

// WriteBatch writes the batch folder of c into dir (which must exist): one CSV file per input kind that
// has rows. Every enterprise of a case is in the register; 关联企业 members are not (their figures load
// and count for the group, and they get no decisions).
func WriteBatch(dir string, c *Cases) (*BatchIndex, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	has2011 := false
	for _, e := range c.Enterprises {
		if e.Industry2011 != "" {
			has2011 = true
		}
	}
	entHead := []string{"统一社会信用代码", "单位详细名称", "行业代码", "区划代码", "是否独立法人", "投产年月"}
	if has2011 {
		entHead = append(entHead, "行业代码(2011)")
	}
	var (
		ents   = &batchFile{name: FileEnterprises, head: entHead}
		above  = &batchFile{name: FileAboveScale, head: []string{"统一社会信用代码", "年份"}}
		output = &batchFile{name: FileOutput, head: []string{"统一社会信用代码", "期别", "工业总产值（万元）"}}
		rev    = &batchFile{name: FileRevenue, head: []string{"统一社会信用代码", "期别", "营业收入（万元）"}}
		heads  = &batchFile{name: FileHeadcount, head: []string{"统一社会信用代码", "统计时点", "参保人数"}}
		spec   = &batchFile{name: FileSpecialised, head: []string{"统一社会信用代码", "级别", "认定日期", "有效期至"}}
		specY  = &batchFile{name: FileSpecYear, head: []string{"统一社会信用代码", "级别", "认定年份", "有效期至"}}
		dis    = &batchFile{name: FileDishonesty, head: []string{"统一社会信用代码", "列入日期", "移出日期"}}
		restr  = &batchFile{name: FileRestricted, head: []string{"行业代码", "管控类型", "适用区域"}}
		soft   = &batchFile{name: FileSoftware, head: []string{"统一社会信用代码", "认定年份"}}
		funds  = &batchFile{name: FileOtherFunds, head: []string{"统一社会信用代码", "方向", "资金名称", "年度"}}
		prior  = &batchFile{name: FilePriorAwards, head: []string{"统一社会信用代码", "年度", "方向", "项目", "金额（万元）"}}
		aff    = &batchFile{name: FileAffiliates, head: []string{"统一社会信用代码", "集团编号"}}
	)
	idx := &BatchIndex{Lines: map[string]map[int]string{}, Codes: map[string][]string{}}

	figures := func(owner, code string, e *Enterprise) {
		for _, p := range sortedPeriods(e.Output) {
			output.add(owner, code, p.Label(), e.Output[p].String())
		}
		for _, p := range sortedPeriods(e.Revenue) {
			rev.add(owner, code, p.Label(), e.Revenue[p].String())
		}
	}
	for i := range c.Enterprises {
		e := &c.Enterprises[i]
		code, err := e.CreditCode()
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", e.CaseID, err)
		}
		own := e.CaseID
		idx.Codes[own] = append(idx.Codes[own], code)
		v := []string{code, e.DisplayName(), e.Industry, e.District, e.LegalPerson, e.StartMonth}
		if has2011 {
			v = append(v, e.Industry2011)
		}
		ents.add(own, v...)
		for _, y := range e.AboveScale {
			above.add(own, code, strconv.Itoa(y))
		}
		figures(own, code, e)
		years := make([]int, 0, len(e.Headcount))
		for y := range e.Headcount {
			years = append(years, y)
		}
		sort.Ints(years)
		for _, y := range years {
			heads.add(own, code, fmt.Sprintf("%d年12月", y), strconv.FormatInt(e.Headcount[y], 10))
		}
		if e.SpecLevel != "" {
			if len(e.SpecDate) == 4 {
				specY.add(own, code, e.SpecLevel, e.SpecDate, e.SpecUntil)
			} else {
				spec.add(own, code, e.SpecLevel, e.SpecDate, e.SpecUntil)
			}
		}
		for _, d := range e.Dishonesty {
			dis.add(own, code, d.From, d.To)
		}
		switch e.SoftwareYear {
		case "":
		case "是":
			soft.add(own, code, "")
		default:
			soft.add(own, code, e.SoftwareYear)
		}
		for i, f := range e.OtherFunds {
			// The fund name is part of the list's key: number them so two rows of one case stay distinct.
			funds.add(own, code, f.Direction, "用例资金"+strconv.Itoa(i+1), f.Year)
		}
		for _, a := range e.PriorAwards {
			prior.add(own, code, a.Year, a.Direction, a.Item, a.AmountWan.String())
		}
		if e.Group != "" {
			aff.add(own, code, e.Group)
		}
	}
	for i := range c.Members {
		m := &c.Members[i]
		code, err := m.CreditCode()
		if err != nil {
			return nil, fmt.Errorf("关联企业 %s: %w", m.DisplayName(), err)
		}
		aff.add("", code, m.Group)
		figures("", code, m)
	}
	for _, r := range c.Restricted {
		restr.add("", r.Prefix, r.Type, r.Scope)
	}
	// A list no case fills is truly empty in a cases workbook: batch.toml says so, as inputs.md "Fail
	// closed" asks of a batch that lacks a kind.
	kinds := map[*batchFile]string{ents: "enterprises", above: "above_scale", output: "output_value", rev: "revenue",
		heads: "headcount", spec: "specialised", specY: "specialised", dis: "dishonesty", restr: "restricted",
		soft: "industrial_software", funds: "other_funds", prior: "prior_awards", aff: "affiliates"}
	all := []*batchFile{ents, above, output, rev, heads, spec, specY, dis, restr, soft, funds, prior, aff}
	filled := map[string]bool{}
	for _, b := range all {
		if len(b.rows) > 0 {
			filled[kinds[b]] = true
		}
	}
	var empty []string
	for _, b := range all {
		if k := kinds[b]; !filled[k] && b != ents && !slices.Contains(empty, k) {
			empty = append(empty, k)
		}
	}
	if len(empty) > 0 {
		toml := "# written by awards check: the lists no case fills\nempty = [\"" + strings.Join(empty, "\", \"") + "\"]\n"
		if err := os.WriteFile(filepath.Join(dir, "batch.toml"), []byte(toml), 0o644); err != nil {
			return nil, err
		}
	}
	for _, b := range all {
		if len(b.rows) == 0 && b != ents {
			continue
		}
		if err := writeCSV(filepath.Join(dir, b.name), b.head, b.rows); err != nil {
			return nil, err
		}
		lines := map[int]string{}
		for i, o := range b.owner {
			lines[i+2] = o // line 1 is the header
		}
		idx.Lines[b.name] = lines
	}
	return idx, nil
}

func sortedPeriods(m map[Period]decimal.Decimal) []Period {
	out := make([]Period, 0, len(m))
	for p := range m {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].less(out[j]) })
	return out
}

func writeCSV(path string, head []string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write batch file: %w", err)
	}
	w := csv.NewWriter(f)
	w.Write(head)
	w.WriteAll(rows) // flushes
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("write batch file %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write batch file %s: %w", path, err)
	}
	return nil
}

// caseOfCode maps every case enterprise's credit code to its case id.
func (ix *BatchIndex) caseOfCode() map[string]string {
	m := map[string]string{}
	for id, codes := range ix.Codes {
		for _, c := range codes {
			m[c] = id
		}
	}
	return m
}
