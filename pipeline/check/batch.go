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
	// FileOutputWide and FileRevenueWide carry the rows that report a 上年同期, in the wide layout of the
	// statistical form (本年 and 上年同期 under the measure); a period's row is in one file or the other.
	FileOutputWide  = "工业总产值-上年同期.csv"
	FileRevenueWide = "营业收入-上年同期.csv"
	FileResolutions = "复核结论.csv"
)

// BatchIndex says which case wrote each data line of the batch, so a quarantined input row can be
// charged to its case.
type BatchIndex struct {
	// Lines maps file name → 1-based line number → case id ("" for 禁限目录 and 关联企业 rows, which
	// belong to the workbook, not to one case).
	Lines map[string]map[int]string
	// Codes maps case id → the credit codes of its enterprises, in row order.
	Codes map[string][]string
	// Intended marks file name → line numbers of the unreadable rows a case asked for (column 隔离行):
	// their quarantine is the case, not a problem of it.
	Intended map[string]map[int]bool
}

// batchFile accumulates one CSV file. head2, when set, is a second header row (the wide layout's
// sub-headers under a measure).
type batchFile struct {
	name     string
	head     []string
	head2    []string
	rows     [][]string
	owner    []string
	intended []bool
}

func (b *batchFile) add(owner string, v ...string) {
	b.rows = append(b.rows, v)
	b.owner = append(b.owner, owner)
	b.intended = append(b.intended, false)
}

// addUnreadable adds a row the loader must quarantine (a case's 隔离行).
func (b *batchFile) addUnreadable(owner string, v ...string) {
	b.add(owner, v...)
	b.intended[len(b.intended)-1] = true
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
		outW   = &batchFile{name: FileOutputWide, head: []string{"统一社会信用代码", "期别", "工业总产值（万元）", ""},
			head2: []string{"", "", "本年", "上年同期"}}
		revW = &batchFile{name: FileRevenueWide, head: []string{"统一社会信用代码", "期别", "营业收入（万元）", ""},
			head2: []string{"", "", "本年", "上年同期"}}
		resol = &batchFile{name: FileResolutions, head: []string{"统一社会信用代码", "规则", "结论", "核定金额（万元）", "复核人", "复核日期", "说明"}}
	)
	idx := &BatchIndex{Lines: map[string]map[int]string{}, Codes: map[string][]string{}, Intended: map[string]map[int]bool{}}

	// A period with a 上年同期 goes to the wide file (with its own figure, if any); the others to the long one.
	figures := func(owner, code string, e *Enterprise) {
		write := func(long, wide *batchFile, own, prev map[Period]decimal.Decimal) {
			all := map[Period]decimal.Decimal{}
			for p, v := range own {
				all[p] = v
			}
			for p := range prev {
				if _, ok := all[p]; !ok {
					all[p] = decimal.Zero // placeholder: the period has only a 上年同期
				}
			}
			for _, p := range sortedPeriods(all) {
				pv, hasPrev := prev[p]
				ov, hasOwn := own[p]
				switch {
				case !hasPrev:
					long.add(owner, code, p.Label(), ov.String())
				case hasOwn:
					wide.add(owner, code, p.Label(), ov.String(), pv.String())
				default:
					wide.add(owner, code, p.Label(), "", pv.String())
				}
			}
		}
		write(output, outW, e.Output, e.OutputPrev)
		write(rev, revW, e.Revenue, e.RevenuePrev)
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
		if slices.Contains(e.Unreadable, "单位名录") {
			// Its only register row names no Beijing district (unknown_district): the enterprise is decided
			// with every register fact unknown (sql/100_stg_enterprises.sql).
			v[3] = "雄安新区"
			ents.addUnreadable(own, v...)
		} else {
			ents.add(own, v...)
		}
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
			amount := a.AmountWan.String()
			if a.NoAmount {
				amount = "—"
			}
			prior.add(own, code, a.Year, a.Direction, a.Item, amount)
		}
		if e.Group != "" {
			aff.add(own, code, e.Group)
		}
		for i, r := range e.Resolutions {
			amount := ""
			if r.AmountWan != nil {
				amount = r.AmountWan.String()
			}
			resol.add(own, code, r.Rule, r.Conclusion, amount, r.Reviewer, r.Date, "用例复核"+strconv.Itoa(i+1))
		}
		// One row the loader cannot read, naming the enterprise, per kind asked (years far from the rules'
		// so that nothing else of the case collides with it).
		for _, k := range e.Unreadable {
			switch k {
			case "规上名录":
				above.addUnreadable(own, code, "去年")
			case "工业总产值":
				output.addUnreadable(own, code, "2017年", "约一亿")
			case "营业收入":
				rev.addUnreadable(own, code, "2017年", "约一亿")
			case "参保人数":
				heads.addUnreadable(own, code, "2017年12月", "约一百")
			case "专精特新":
				spec.addUnreadable(own, code, "市级专精特新", "某日", "")
			case "严重失信":
				dis.addUnreadable(own, code, "不详", "")
			case "工业软件":
				soft.addUnreadable(own, code, "不详")
			case "其他市级资金":
				funds.addUnreadable(own, code, "未知", "用例隔离资金", "")
			case "已兑付奖励":
				prior.addUnreadable(own, code, "2022", "5", "用例隔离项目", "三十")
			}
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
	// Resolutions are optional (inputs.md): never declared empty.
	kinds := map[*batchFile]string{ents: "enterprises", above: "above_scale", output: "output_value", rev: "revenue",
		heads: "headcount", spec: "specialised", specY: "specialised", dis: "dishonesty", restr: "restricted",
		soft: "industrial_software", funds: "other_funds", prior: "prior_awards", aff: "affiliates",
		outW: "output_value", revW: "revenue"}
	all := []*batchFile{ents, above, output, rev, heads, spec, specY, dis, restr, soft, funds, prior, aff, outW, revW, resol}
	filled := map[string]bool{}
	for _, b := range all {
		if len(b.rows) > 0 {
			filled[kinds[b]] = true
		}
	}
	var empty []string
	for _, b := range all {
		if k := kinds[b]; k != "" && !filled[k] && b != ents && !slices.Contains(empty, k) {
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
		heads := [][]string{b.head}
		if b.head2 != nil {
			heads = append(heads, b.head2)
		}
		if err := writeCSV(filepath.Join(dir, b.name), heads, b.rows); err != nil {
			return nil, err
		}
		lines, intended := map[int]string{}, map[int]bool{}
		for i, o := range b.owner {
			line := i + 1 + len(heads) // the header takes the first lines
			lines[line] = o
			if b.intended[i] {
				intended[line] = true
			}
		}
		idx.Lines[b.name] = lines
		idx.Intended[b.name] = intended
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

func writeCSV(path string, heads [][]string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write batch file: %w", err)
	}
	w := csv.NewWriter(f)
	for _, h := range heads {
		w.Write(h)
	}
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
