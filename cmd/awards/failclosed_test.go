package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bjgjj/awards/pipeline/synth"
)

// Rows no one can attribute, in a kind whose missing row could raise a payment, stop the run before
// anything is published (rules.md "Holds"), in run and validate alike and whatever share of the batch is
// quarantined; the roster published before stays as it was.
func TestUnattributableRowsStopTheRun(t *testing.T) {
	out := t.TempDir()
	if _, stderr, code := awards(t, "run", "--out", out); code != 0 {
		t.Fatalf("demo run exited %d: %s", code, lastLines(stderr, 3))
	}
	before := publishedHashes(t, out)
	// The register's credit code holding a 组织机构代码, for a list row naming it that way.
	held := synth.DemoCodes()[0]
	for _, tc := range []struct {
		name, file, text string
		stop             []string // what the message names; nil: the run publishes
		stdout           string   // for a batch that publishes: what validate prints about the row (a regular expression)
	}{
		{"an error value as a 失信 row's code", "失信补充.csv", "统一社会信用代码,列入日期\n#N/A,2021-07-01\n",
			[]string{"失信补充.csv row 2", "column 统一社会信用代码", `"#N/A"`, "严重失信主体名单", "error_value", "delete it"}, ""},
		{"an unreadable 禁限目录 row", "禁限补充.csv", "行业代码,管控类型,适用区域\n2611,禁止或限制,全市\n",
			[]string{"禁限补充.csv row 2", "column 管控类型", "禁限目录", "bad_control_type"}, ""},
		{"a prior award naming its enterprise by a 组织机构代码 no enterprise holds", "兑付补充.csv",
			"统一社会信用代码,年度,方向,金额（万元）\n12345678-9,2021,10,30\n",
			[]string{"兑付补充.csv row 2", "已兑付奖励", "bad_code"}, ""},
		{"a 规上名录 row whose code Excel turned into a number", "规上补充.csv", "统一社会信用代码,年份\n\"9.11101E+17\",2021\n",
			[]string{"规上补充.csv row 2", "规上名录", "bad_code"}, ""},
		{"a 失信 row naming its enterprise by its 组织机构代码", "失信补充.csv",
			"统一社会信用代码,列入日期\n" + held[8:16] + "-" + held[16:17] + ",2099-01-01\n", nil,
			`失信补充\.csv +dishonesty +1 +1 +0 `},
		{"a 失信 row whose date cannot be read but whose code can", "失信补充.csv",
			"统一社会信用代码,列入日期\n" + held + ",2021年13月\n", nil, `"2021年13月": bad_date \(enterprise ` + held + `\)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			batch := writeDemoBatch(t)
			if err := os.WriteFile(filepath.Join(batch, tc.file), []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			args := [][]string{{"validate", "--input", batch}, {"run", "--input", batch, "--out", out, "--max-quarantine-share", "1"}}
			if tc.stop == nil {
				args = args[:1] // a run would publish: validate says so
			}
			for _, a := range args {
				stdout, stderr, code := awards(t, a...)
				if tc.stop == nil {
					if code != 0 || !strings.Contains(stdout, "verdict: a run would publish") || !regexp.MustCompile(tc.stdout).MatchString(stdout) {
						t.Fatalf("%s exited %d, want 0 and %q: %s\n%s", a[0], code, tc.stdout, stdout, lastLines(stderr, 3))
					}
					continue
				}
				last := lastLines(stderr, 1)
				if code != 65 {
					t.Fatalf("%s exited %d, want 65: %s", a[0], code, last)
				}
				for _, s := range tc.stop {
					if !strings.Contains(last, s) {
						t.Errorf("%s: message %q does not name %q", a[0], last, s)
					}
				}
				if strings.Count(last, "\n") > 0 || !strings.HasPrefix(last, "awards: ") {
					t.Errorf("%s: not one sentence: %q", a[0], last)
				}
			}
			if got := publishedHashes(t, out); got["awards.duckdb"] != before["awards.duckdb"] || got[workbookName] != before[workbookName] {
				t.Error("the published roster changed")
			}
		})
	}
}

// validate --strict fails on anything that would stop or hold; plain validate prints the verdict.
func TestValidateStrictAndTheVerdict(t *testing.T) {
	batch := writeDemoBatch(t)
	stdout, stderr, code := awards(t, "validate", "--input", batch)
	if code != 0 {
		t.Fatalf("validate exited %d: %s", code, lastLines(stderr, 3))
	}
	// The demo quarantines a register row, a revenue row and a 专精特新 row, each naming its enterprise, and
	// a headcount row whose code cannot be read, which holds nothing.
	if !strings.Contains(stdout, "verdict: a run would publish; 3 quarantined rows hold, for review and unpaid, the paying pairs of up to 3 enterprises") {
		t.Errorf("verdict missing:\n%s", lastLines(stdout, 3))
	}
	_, stderr, code = awards(t, "validate", "--input", batch, "--strict")
	if last := lastLines(stderr, 1); code != 65 || !strings.Contains(last, "4 rows quarantined") {
		t.Errorf("validate --strict exited %d: %s", code, last)
	}
	// Over the quarantine share, validate stops as run would.
	f, err := os.OpenFile(filepath.Join(batch, "参保人数_2021-2022.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		f.WriteString("BADCODE,北京某公司,2022年12月,12\n")
	}
	f.Close()
	if _, stderr, code := awards(t, "validate", "--input", batch); code != 65 || !strings.Contains(lastLines(stderr, 1), "over the limit") {
		t.Errorf("validate over the quarantine share exited %d: %s", code, lastLines(stderr, 1))
	}
	if _, stderr, code := awards(t, "validate", "--input", batch, "--max-quarantine-share", "0.2"); code != 0 {
		t.Errorf("validate --max-quarantine-share 0.2 exited %d: %s", code, lastLines(stderr, 1))
	}
}

// A 列入日期 written only to the month is read as the first day it can mean (rules.md "Holds"): an
// enterprise listed "2021年8月" is refused, where the loader once quarantined the row and paid it.
func TestMonthOnlyListingDateRefuses(t *testing.T) {
	paid := queryCSV(t, filepath.Join(demoRun(t), "awards.duckdb"),
		`SELECT credit_code FROM decisions WHERE paid_yuan > 0 ORDER BY credit_code LIMIT 1`)
	if len(paid) < 2 {
		t.Fatal("the demo pays no one")
	}
	code := paid[1][0]
	batch := writeDemoBatch(t)
	if err := os.WriteFile(filepath.Join(batch, "失信补充.csv"), []byte("统一社会信用代码,列入日期\n"+code+",2021年8月\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, stderr, code := awards(t, "run", "--input", batch, "--out", out); code != 0 {
		t.Fatalf("run exited %d: %s", code, lastLines(stderr, 3))
	}
	got := queryCSV(t, filepath.Join(out, "awards.duckdb"), `SELECT count(*), count(*) FILTER (WHERE paid_yuan > 0),
		count(*) FILTER (WHERE reasons LIKE '%serious_dishonesty%') FROM decisions WHERE credit_code = '`+code+`'`)
	if n := got[1]; n[0] == "0" || n[1] != "0" || n[2] != n[0] {
		t.Errorf("%s: %s decisions, %s paid, %s refused for serious_dishonesty; want every one refused", code, n[0], n[1], n[2])
	}
}
