package check

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/bjgjj/awards/loaders/parse"
)

// Report is the result of a check run: one entry per case, in workbook order.
type Report struct {
	Cases []*CaseResult
	// Problems are quarantined input rows that belong to no single case (禁限目录, 关联企业).
	Problems []string
	// BatchDir and OutDir are set when Options.KeepDir kept the batch and the pipeline output.
	BatchDir, OutDir string
}

// CaseResult is one case's checks.
type CaseResult struct {
	CaseID   string
	Note     string
	Checks   []CheckResult
	Problems []string // this case's input rows that the pipeline quarantined
}

// CheckResult is one expectation against the decision found.
type CheckResult struct {
	Rule       string
	Enterprise string
	CreditCode string
	Expected   Expectation
	Got        Decision
	Diffs      []Diff
}

// Diff is one difference: the field and both values, in Chinese and English words.
type Diff struct {
	Field, Want, Got string
}

func (d Diff) String() string {
	return fmt.Sprintf("%s: 预期 want %s, 实际 got %s", d.Field, d.Want, d.Got)
}

// Passed reports whether every check of the case held and none of its input rows was quarantined.
// A case without expectations does not pass: it checks nothing.
func (c *CaseResult) Passed() bool {
	if len(c.Checks) == 0 || len(c.Problems) > 0 {
		return false
	}
	for _, x := range c.Checks {
		if len(x.Diffs) > 0 {
			return false
		}
	}
	return true
}

// Failed is the number of cases that did not pass, plus one when rows outside any case were quarantined.
func (r *Report) Failed() int {
	n := 0
	for _, c := range r.Cases {
		if !c.Passed() {
			n++
		}
	}
	if len(r.Problems) > 0 {
		n++
	}
	return n
}

// Failures lists every failing check as one line naming the case, rule, enterprise and differences.
func (r *Report) Failures() []string {
	var out []string
	for _, c := range r.Cases {
		if len(c.Checks) == 0 {
			out = append(out, fmt.Sprintf("用例 %s: 没有预期 no expectations", c.CaseID))
		}
		for _, p := range c.Problems {
			out = append(out, fmt.Sprintf("用例 %s: %s", c.CaseID, p))
		}
		for _, x := range c.Checks {
			if len(x.Diffs) == 0 {
				continue
			}
			var ds []string
			for _, d := range x.Diffs {
				ds = append(ds, d.String())
			}
			out = append(out, fmt.Sprintf("用例 %s %s %s (%s): %s", c.CaseID, x.Rule, x.Enterprise, x.CreditCode,
				strings.Join(ds, "; ")))
		}
	}
	out = append(out, r.Problems...)
	return out
}

// Print writes the report as a table, one line per check (columns aligned for a terminal, where a
// Chinese character takes two cells), the differences under a failing check, then a summary line.
func (r *Report) Print(w io.Writer) error {
	type line struct {
		cells  []string
		detail []string
	}
	var lines []line
	lines = append(lines, line{cells: []string{"结果", "用例", "规则", "企业", "信用代码", "实际 got", "说明"}})
	checks := 0
	for _, c := range r.Cases {
		mark := "通过 PASS"
		if !c.Passed() {
			mark = "失败 FAIL"
		}
		if len(c.Checks) == 0 {
			lines = append(lines, line{cells: []string{mark, c.CaseID, "", "", "", "", c.Note + " 没有预期 no expectations"}})
		}
		for i, x := range c.Checks {
			checks++
			m := "  ok"
			if len(x.Diffs) > 0 {
				m = "  ✗"
			}
			if i == 0 {
				m = mark
			}
			note := x.Expected.Note
			if note == "" && i == 0 {
				note = c.Note
			}
			l := line{cells: []string{m, c.CaseID, x.Rule, x.Enterprise, x.CreditCode, gotText(x.Got), note}}
			for _, d := range x.Diffs {
				l.detail = append(l.detail, d.String())
			}
			lines = append(lines, l)
		}
		if len(c.Problems) > 0 {
			lines = append(lines, line{cells: []string{mark, c.CaseID}, detail: c.Problems})
		}
	}
	widths := make([]int, 7)
	for _, l := range lines {
		for i, c := range l.cells {
			if i < len(widths)-1 && parse.DisplayWidth(c) > widths[i] {
				widths[i] = parse.DisplayWidth(c)
			}
		}
	}
	bw := bufio.NewWriter(w)
	for _, l := range lines {
		var b strings.Builder
		for i, c := range l.cells {
			b.WriteString(c)
			if i < len(l.cells)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-parse.DisplayWidth(c)+2))
			}
		}
		fmt.Fprintln(bw, strings.TrimRight(b.String(), " "))
		for _, d := range l.detail {
			fmt.Fprintf(bw, "      ↳ %s\n", d)
		}
	}
	for _, p := range r.Problems {
		fmt.Fprintf(bw, "问题 problem: %s\n", p)
	}
	fmt.Fprintf(bw, "%d 个用例 cases, %d 项核对 checks, %d 个失败 failed\n", len(r.Cases), checks, r.Failed())
	return bw.Flush()
}

// gotText summarises a decision in one cell.
func gotText(d Decision) string {
	if !d.Present {
		return OutcomeLabel("none")
	}
	s := OutcomeLabel(d.Outcome)
	if d.Tier != "" {
		s += " " + d.Tier
	}
	if !d.AmountYn.IsZero() {
		s += " " + d.AmountYn.Div(wan).String() + "万"
	}
	if !d.PaidYn.Equal(d.AmountYn) {
		s += " 付 paid " + d.PaidYn.Div(wan).String() + "万"
	}
	if len(d.Reasons) > 0 {
		s += " [" + strings.Join(d.Reasons, ";") + "]"
	}
	return s
}
