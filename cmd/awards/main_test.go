package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestMain lets the test binary act as the awards command when AWARDS_AS_MAIN is set, so tests that need
// a real process (exit codes, locks, kills) re-run this binary instead of building another one.
func TestMain(m *testing.M) {
	if os.Getenv("AWARDS_AS_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	code := m.Run()
	if demoOnce.dir != "" {
		os.RemoveAll(demoOnce.dir) // the shared demo output is no test's TempDir: remove it here
	}
	os.Exit(code)
}

// awards runs the command as a separate process and returns stdout, stderr and the exit code.
func awards(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "AWARDS_AS_MAIN=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// demoOut runs the demo batch once for all tests that only read its outputs.
var demoOnce struct {
	sync.Once
	dir    string
	stdout string
	stderr string
	code   int
}

func demoRun(t *testing.T) string {
	t.Helper()
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "awards-demo-out-")
		if err != nil {
			t.Fatal(err)
		}
		demoOnce.dir = dir
		demoOnce.stdout, demoOnce.stderr, demoOnce.code = awards(t, "run", "--out", dir)
	})
	if demoOnce.code != 0 {
		t.Fatalf("awards run (demo) exited %d\nstdout:\n%s\nstderr:\n%s", demoOnce.code, demoOnce.stdout, lastLines(demoOnce.stderr, 20))
	}
	return demoOnce.dir
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}

func queryCSV(t *testing.T, db, q string) [][]string {
	t.Helper()
	out, errs, code := awards(t, "query", "--db", db, q)
	if code != 0 {
		t.Fatalf("awards query %q exited %d: %s", q, code, lastLines(errs, 5))
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("query output is not CSV: %v\n%s", err, out)
	}
	return recs
}

func TestDemoRunPublishesDatabaseAndRoster(t *testing.T) {
	out := demoRun(t)
	for _, name := range []string{"awards.duckdb", "高精尖资金免申即享奖励名单-2022.xlsx"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s not published: %v", name, err)
		}
	}
	if matches, _ := filepath.Glob(filepath.Join(out, "current", "*.wal")); len(matches) > 0 {
		t.Errorf("published folder holds a write-ahead log: %v", matches)
	}
	if !strings.Contains(demoOnce.stdout, "decisions") {
		t.Errorf("run summary missing from stdout:\n%s", demoOnce.stdout)
	}
	// Every rule has at least one payment and one refusal in the demo.
	recs := queryCSV(t, filepath.Join(out, "awards.duckdb"), `
		SELECT rule_id,
		       count(*) FILTER (WHERE outcome IN ('awarded', 'topped_up')) AS paid,
		       count(*) FILTER (WHERE outcome = 'refused') AS refused
		FROM decisions GROUP BY rule_id ORDER BY rule_id`)
	if len(recs) != 9 {
		t.Fatalf("want 8 rules in decisions, got %v", recs)
	}
	for _, r := range recs[1:] {
		if r[1] == "0" || r[2] == "0" {
			t.Errorf("rule %s: %s paid, %s refused in the demo; want both", r[0], r[1], r[2])
		}
	}
	review := queryCSV(t, filepath.Join(out, "awards.duckdb"), `SELECT count(*) FROM decisions WHERE outcome = 'review'`)
	if review[1][0] == "0" {
		t.Error("the demo has no review case")
	}
}

func TestQueryPrintsCSVWithExactDecimals(t *testing.T) {
	out := demoRun(t)
	recs := queryCSV(t, filepath.Join(out, "awards.duckdb"), `SELECT 1.50::DECIMAL(18,2) AS x, 'a,b' AS y, DATE '2022-06-30' AS d`)
	want := [][]string{{"x", "y", "d"}, {"1.50", "a,b", "2022-06-30"}}
	if len(recs) != 2 || strings.Join(recs[0], "|") != strings.Join(want[0], "|") || strings.Join(recs[1], "|") != strings.Join(want[1], "|") {
		t.Errorf("query output = %v, want %v", recs, want)
	}
}

func TestExplainShowsEveryRuleOfAnEnterprise(t *testing.T) {
	out := demoRun(t)
	db := filepath.Join(out, "awards.duckdb")
	recs := queryCSV(t, db, `SELECT credit_code, count(*) FROM decisions WHERE rule_id IN ('D11-1', 'D11-2') AND outcome = 'awarded'
		GROUP BY credit_code ORDER BY credit_code LIMIT 1`)
	if len(recs) < 2 {
		t.Fatal("no D11 awardee in the demo")
	}
	code := recs[1][0]
	stdout, stderr, rc := awards(t, "explain", "--db", db, code)
	if rc != 0 {
		t.Fatalf("explain exited %d: %s", rc, stderr)
	}
	// Chinese by default, English with --lang en (issue 11: an answer to the enterprise's phone call).
	for _, want := range []string{code, "D11-1", "D11-2", "：奖励 ", "万元（", "档位 ", "门槛 ", "（含）"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("explain output lacks %q:\n%s", want, stdout)
		}
	}
	stdout, stderr, rc = awards(t, "explain", "--lang", "en", "--db", db, code)
	if rc != 0 {
		t.Fatalf("explain --lang en exited %d: %s", rc, stderr)
	}
	for _, want := range []string{code, "D11-1", ": awarded ", "yuan)", "tier ", "threshold ", "(inclusive)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("explain --lang en output lacks %q:\n%s", want, stdout)
		}
	}
	if _, _, rc := awards(t, "explain", "--lang", "fr", "--db", db, code); rc != 64 {
		t.Errorf("explain --lang fr exited %d, want 64", rc)
	}
}

func TestExitCodes(t *testing.T) {
	tmp := t.TempDir()
	badPolicy := filepath.Join(tmp, "bad.toml")
	os.WriteFile(badPolicy, []byte("policy_year = 2022\nno_such_key = 1\n"), 0o644)
	notSheet := filepath.Join(tmp, "notsheet")
	os.MkdirAll(notSheet, 0o755)
	os.WriteFile(filepath.Join(notSheet, "单位名录.xlsx"), []byte("this is not a zip file"), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no command", nil, 64, "no command"},
		{"unknown command", []string{"frobnicate"}, 64, "unknown command"},
		{"unknown flag", []string{"run", "--nope"}, 64, "nope"},
		{"policy and year together", []string{"run", "--policy", badPolicy, "--year", "2022", "--out", tmp}, 64, "exclude"},
		{"bad as-of date", []string{"run", "--as-of", "2022-13-01", "--out", tmp}, 64, "as-of"},
		{"missing input folder", []string{"run", "--input", filepath.Join(tmp, "nope"), "--out", tmp}, 66, "input"},
		{"invalid policy file", []string{"run", "--policy", badPolicy, "--out", tmp}, 78, "no_such_key"},
		{"unreadable spreadsheet", []string{"run", "--input", notSheet, "--out", filepath.Join(tmp, "o")}, 65, "单位名录.xlsx"},
		// The database library reads its path as a URL: the run must say so, not fail after loading with 70.
		{"an output folder with % in its path", []string{"run", "--out", filepath.Join(tmp, "100%_done")}, 64, "100%_done"},
		{"query on a missing database", []string{"query", "--db", filepath.Join(tmp, "none.duckdb"), "SELECT 1"}, 66, "none.duckdb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := awards(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.code, lastLines(stderr, 5))
			}
			last := lastLines(stderr, 1)
			if tc.code != 0 && !strings.HasPrefix(last, "awards: ") {
				t.Errorf("last stderr line %q is not a plain 'awards: …' sentence", last)
			}
			if !strings.Contains(last, tc.msg) {
				t.Errorf("last stderr line %q does not mention %q", last, tc.msg)
			}
		})
	}
}

func TestPolicyPrintsTheEmbeddedFile(t *testing.T) {
	stdout, stderr, code := awards(t, "policy", "--year", "2022")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"2022", "assumed"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("policy output lacks %q", want)
		}
	}
	// The printed file is itself a valid policy.
	p := filepath.Join(t.TempDir(), "p.toml")
	os.WriteFile(p, []byte(stdout), 0o644)
	if _, stderr, code := awards(t, "policy", "--policy", p); code != 0 {
		t.Errorf("the printed policy does not validate: exit %d: %s", code, stderr)
	}
}
