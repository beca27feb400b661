package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/width"
)

// The analysts' database is checked the way an analyst meets it: the published file, opened read-only by
// a separate process (awards query opens it with access_mode=read_only, as `duckdb -readonly` does).

// TestAnalystTablesHoldTheirKeys: every table whose data is unique on some columns declares them, but the
// few whose index would be too large at national scale, which name their key in their comment and hold
// unique data all the same.
func TestAnalystTablesHoldTheirKeys(t *testing.T) {
	db := filepath.Join(demoRun(t), "awards.duckdb")
	got := map[string]string{}
	for _, r := range queryCSV(t, db, `
		SELECT table_name, list_sort(constraint_column_names)::VARCHAR FROM duckdb_constraints()
		WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE')
		UNION ALL
		SELECT table_name, regexp_extract(sql, '\((.*)\)', 1) FROM duckdb_indexes() WHERE is_unique`)[1:] {
		got[r[0]] = r[1]
	}
	for table, key := range map[string]string{
		"decisions": "[credit_code, rule_id]", "enterprises": "[credit_code]", "runs": "[run_id]",
		"run_inputs": "[run_id, source_file]", "decision_remarks": "[credit_code, remark, rule_id]",
		"reason_codes": "[code]", "outcomes": "[outcome]", "change_kinds": "[change]", "measures": "[measure]",
		"changes": "[baseline, credit_code, rule_id]", "change_baselines": "[baseline]",
		"policy_params": "[key]", "policy_rules": "[rule_id]", "policy_tiers": "[rule_id, tier]",
		"industry_codes": "[code]", "districts": "[code]", "specialised": "[credit_code, level, recognized_on]",
		"affiliate_reviews": "[credit_code, rule_id]", "affiliate_members": "[credit_code, member_code, rule_id]",
		"resolution_status": "[source_file, source_row, source_sheet]", "decided_rounds": "[round]",
		"prior_awards": "credit_code, \"year\", direction, item", "load_report": "source_file, source_sheet, kind",
	} {
		if got[table] != key {
			t.Errorf("table %s: key %q, want %q", table, got[table], key)
		}
	}
	// Tables without a declared key: the big ones, unique on the key their comment names, and two whose
	// rows nothing but all their cells identifies (a quarantined row may be rejected for several kinds; a
	// hold's cause is a row, a year or a pair of rows).
	unique := map[string]string{
		"above_scale": "credit_code, year", "output_value": "credit_code, year, end_month",
		"revenue": "credit_code, year, end_month", "headcount": "credit_code, year, month",
		"decision_reasons": "credit_code, rule_id, reason",
	}
	noKey := queryCSV(t, db, `SELECT table_name, comment FROM duckdb_tables() t WHERE NOT internal
		AND table_name NOT IN (SELECT table_name FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE'))
		AND table_name NOT IN (SELECT table_name FROM duckdb_indexes() WHERE is_unique) ORDER BY 1`)
	var names []string
	for _, r := range noKey[1:] {
		names = append(names, r[0])
		key, ok := unique[r[0]]
		if !ok {
			continue
		}
		if !strings.Contains(r[1], "key "+key) {
			t.Errorf("table %s: comment %q does not name its key (%s)", r[0], r[1], key)
		}
		dup := queryCSV(t, db, `SELECT count(*) FROM (SELECT `+key+` FROM `+r[0]+` GROUP BY ALL HAVING count(*) > 1)`)
		if dup[1][0] != "0" {
			t.Errorf("table %s: %s keys repeat", r[0], dup[1][0])
		}
	}
	want := "above_scale,decision_holds,decision_reasons,headcount,output_value,quarantine,revenue"
	if strings.Join(names, ",") != want {
		t.Errorf("tables without a declared key: %v, want %s", names, want)
	}
}

// TestLongTablesAreTheSplitOfTheColumns: decision_reasons and decision_remarks hold exactly the items of
// decisions.reasons and decisions.remarks, and every code has its label.
func TestLongTablesAreTheSplitOfTheColumns(t *testing.T) {
	db := filepath.Join(demoRun(t), "awards.duckdb")
	for _, tc := range []struct{ name, q string }{
		{"reasons", `WITH s AS (SELECT credit_code, rule_id, unnest(string_split(reasons, ';')) AS item FROM decisions WHERE reasons <> '')
			SELECT (SELECT count(*) FROM (SELECT * FROM s EXCEPT ALL SELECT * FROM decision_reasons)),
			       (SELECT count(*) FROM (SELECT * FROM decision_reasons EXCEPT ALL SELECT * FROM s)),
			       (SELECT count(*) FROM decision_reasons)`},
		{"remarks", `WITH s AS (SELECT credit_code, rule_id, unnest(string_split(remarks, '；')) AS item FROM decisions WHERE remarks <> '')
			SELECT (SELECT count(*) FROM (SELECT * FROM s EXCEPT ALL SELECT * FROM decision_remarks)),
			       (SELECT count(*) FROM (SELECT * FROM decision_remarks EXCEPT ALL SELECT * FROM s)),
			       (SELECT count(*) FROM decision_remarks)`},
		{"labels", `SELECT (SELECT count(*) FROM decision_reasons WHERE reason NOT IN (SELECT code FROM reason_codes)),
			(SELECT count(*) FROM decisions WHERE outcome NOT IN (SELECT outcome FROM outcomes)),
			(SELECT count(*) FROM decision_sources WHERE measure NOT IN (SELECT measure FROM measures))`},
	} {
		r := queryCSV(t, db, tc.q)[1]
		if r[0] != "0" || r[1] != "0" {
			t.Errorf("%s: %s items of the column missing from the table, %s extra (or unlabelled)", tc.name, r[0], r[1])
		}
		if tc.name != "labels" && r[2] == "0" {
			t.Errorf("%s: the demo's table is empty", tc.name)
		}
	}
}

// TestRunTimesAreInstants: runs.started_at is a TIMESTAMPTZ, shown with microseconds and the offset of
// the reader's zone: in Beijing, the Beijing date.
func TestRunTimesAreInstants(t *testing.T) {
	db := filepath.Join(demoRun(t), "awards.duckdb")
	r := queryCSV(t, db, `SELECT typeof(started_at), typeof(finished_at), finished_at >= started_at,
		strftime(started_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f') FROM runs`)[1]
	if r[0] != "TIMESTAMP WITH TIME ZONE" || r[1] != "TIMESTAMP WITH TIME ZONE" || r[2] != "true" {
		t.Fatalf("runs times %v, want TIMESTAMPTZ, finished after started", r)
	}
	cmd := awardsEnv(t, []string{"TZ=Asia/Shanghai"}, "query", "--db", db, `SELECT started_at FROM runs`)
	got := strings.Split(strings.TrimSpace(cmd), "\n")[1]
	// The instant in UTC, shown in Beijing: eight hours later, the fraction of a second kept.
	utc, err := time.Parse("2006-01-02 15:04:05.000000", r[3])
	if err != nil {
		t.Fatal(err)
	}
	if want := utc.Add(8*time.Hour).Format("2006-01-02 15:04:05.999999") + "+08"; got != want {
		t.Errorf("started_at in Beijing is shown %q, want %q", got, want)
	}
}

// startCmd prepares the command as a separate process (see TestMain).
func startCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "AWARDS_AS_MAIN=1")
	return cmd
}

// awardsEnv runs the command with extra environment variables and returns stdout; it fails on a non-zero exit.
func awardsEnv(t *testing.T, env []string, args ...string) string {
	t.Helper()
	cmd := startCmd(args...)
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("awards %v: %v\n%s", args, err, lastLines(errb.String(), 5))
	}
	return out.String()
}

// TestQueryKeepsNullApartFromEmpty: the output formats of awards query, and what it refuses.
func TestQueryKeepsNullApartFromEmpty(t *testing.T) {
	db := filepath.Join(demoRun(t), "awards.duckdb")
	const q = `SELECT NULL::VARCHAR AS a, '' AS b, 'x,"y' AS c, 1.50::DECIMAL(18,2) AS d,
		TIMESTAMPTZ '2022-01-01 02:00:00.123456+08' AS t, TIMESTAMP '2022-01-01 02:00:00.5' AS ts, DATE '2022-06-30' AS dt`
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"csv", nil, "a,b,c,d,t,ts,dt\n,\"\",\"x,\"\"y\",1.50,2022-01-01 02:00:00.123456+08,2022-01-01 02:00:00.5,2022-06-30\n"},
		{"tsv", []string{"--format", "tsv"}, "a\tb\tc\td\tt\tts\tdt\n\t\"\"\t\"x,\"\"y\"\t1.50\t2022-01-01 02:00:00.123456+08\t2022-01-01 02:00:00.5\t2022-06-30\n"},
		{"json", []string{"--format", "json"}, "[\n{\"a\":null,\"b\":\"\",\"c\":\"x,\\\"y\",\"d\":1.50,\"t\":\"2022-01-01 02:00:00.123456+08\",\"ts\":\"2022-01-01 02:00:00.5\",\"dt\":\"2022-06-30\"}\n]\n"},
		{"bom", []string{"--bom"}, "\ufeffa,b,c,d,t,ts,dt\n,\"\",\"x,\"\"y\",1.50,2022-01-01 02:00:00.123456+08,2022-01-01 02:00:00.5,2022-06-30\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"query", "--db", db}, tc.args...)
			got := awardsEnv(t, []string{"TZ=Asia/Shanghai"}, append(args, q)...)
			if got != tc.want {
				t.Errorf("output\n%q\nwant\n%q", got, tc.want)
			}
			if tc.name == "json" {
				var v []map[string]any
				if err := json.Unmarshal([]byte(got), &v); err != nil || len(v) != 1 || v[0]["a"] != nil || v[0]["b"] != "" {
					t.Errorf("JSON does not read back with null apart from \"\": %v %v", v, err)
				}
			}
		})
	}
	for _, tc := range []struct {
		name, sql string
		args      []string
		msg       string
	}{
		{"two statements", "SELECT 1; SELECT 2", nil, "exactly one SQL statement, got 2"},
		{"no statement", " ;", nil, "exactly one SQL statement, got 0"},
		{"syntax error", "SELEC 1", nil, "syntax error"},
		{"unknown format", "SELECT 1", []string{"--format", "xml"}, "--format"},
		{"writing to the published file", "CREATE TABLE x AS SELECT 1", nil, "read-only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string{"query", "--db", db}, tc.args...), tc.sql)
			stdout, stderr, code := awards(t, args...)
			if code != 64 || !strings.Contains(lastLines(stderr, 1), tc.msg) || stdout != "" {
				t.Errorf("exit %d, stdout %q, last stderr line %q; want 64, nothing printed, %q", code, stdout, lastLines(stderr, 1), tc.msg)
			}
		})
	}
}

// TestExportWritesEveryTableAsParquet: one file per table and view, the rows and the types kept.
func TestExportWritesEveryTableAsParquet(t *testing.T) {
	db := filepath.Join(demoRun(t), "awards.duckdb")
	dir := filepath.Join(t.TempDir(), "parquet")
	if _, stderr, code := awards(t, "export", "--db", db, "--out", dir); code != 0 {
		t.Fatalf("export exited %d: %s", code, lastLines(stderr, 3))
	}
	objects := queryCSV(t, db, `SELECT table_name FROM duckdb_tables() WHERE NOT internal
		UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1`)
	for _, r := range objects[1:] {
		if _, err := os.Stat(filepath.Join(dir, r[0]+".parquet")); err != nil {
			t.Errorf("no Parquet file for %s: %v", r[0], err)
		}
	}
	p := func(name string) string { return "'" + filepath.Join(dir, name+".parquet") + "'" }
	r := queryCSV(t, db, `SELECT
		(SELECT count(*) FROM read_parquet(`+p("decisions")+`)) = (SELECT count(*) FROM decisions),
		(SELECT count(*) FROM (SELECT * FROM read_parquet(`+p("decisions")+`) EXCEPT ALL SELECT * FROM decisions)),
		(SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet(`+p("decisions")+`)) WHERE column_name = 'paid_yuan'),
		(SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet(`+p("runs")+`)) WHERE column_name = 'started_at'),
		(SELECT count(*) FROM read_parquet(`+p("roster")+`)) = (SELECT count(*) FROM roster),
		(SELECT decode(value) FROM parquet_kv_metadata(`+p("decisions")+`) WHERE decode(key) = 'comment') =
		(SELECT comment FROM duckdb_tables() WHERE table_name = 'decisions')`)[1]
	want := []string{"true", "0", "DECIMAL(18,2)", "TIMESTAMP WITH TIME ZONE", "true", "true"}
	if strings.Join(r, "|") != strings.Join(want, "|") {
		t.Errorf("exported decisions/runs/roster: %v, want %v", r, want)
	}
}

// TestDecisionSourcesAreTheRowsAPersonSees opens each batch's files the way a person does and checks, for
// every figure a decision used, that the row decision_sources names holds the enterprise's code and the
// figure (in the unit the file states). Three batches: the examiner's black-box batch, the demo batch and
// a generated one (wide and long layouts, 千元 and 万元, CSV in GB18030 and UTF-8, title rows).
func TestDecisionSourcesAreTheRowsAPersonSees(t *testing.T) {
	tmp := t.TempDir()
	demo := filepath.Join(tmp, "demo")
	gen := filepath.Join(tmp, "gen")
	if _, stderr, code := awards(t, "gen", "--demo", "--out", demo); code != 0 {
		t.Fatalf("gen --demo: %s", stderr)
	}
	if _, stderr, code := awards(t, "gen", "--enterprises", "2000", "--seed", "7", "--out", gen); code != 0 {
		t.Fatalf("gen: %s", stderr)
	}
	for name, batch := range map[string]string{"blackbox": filepath.Join(blackBoxDir, "batch"), "demo": demo, "generated": gen} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(tmp, "out-"+name)
			if _, stderr, code := awards(t, "run", "--input", batch, "--out", out); code != 0 {
				t.Fatalf("run exited %d: %s", code, lastLines(stderr, 5))
			}
			db := filepath.Join(out, "awards.duckdb")
			// Every figure of decisions has exactly one source, of the same value; no source without a figure.
			r := queryCSV(t, db, `WITH f AS (
				SELECT credit_code, rule_id, 'cur' AS figure, cur_value AS v FROM decisions WHERE cur_value IS NOT NULL
				UNION ALL SELECT credit_code, rule_id, 'prev', prev_value FROM decisions WHERE prev_value IS NOT NULL
				UNION ALL SELECT credit_code, rule_id, 'headcount_cur', headcount_cur FROM decisions WHERE headcount_cur IS NOT NULL
				UNION ALL SELECT credit_code, rule_id, 'headcount_prev', headcount_prev FROM decisions WHERE headcount_prev IS NOT NULL)
				SELECT (SELECT count(*) FROM f),
				       (SELECT count(*) FROM f JOIN decision_sources s USING (credit_code, rule_id, figure)
				        WHERE f.v = coalesce(s.value_yuan, s.persons)),
				       (SELECT count(*) FROM decision_sources)`)[1]
			if r[0] == "0" || r[0] != r[1] || r[1] != r[2] {
				t.Fatalf("%s figures in decisions, %s with a source of the same value, %s sources", r[0], r[1], r[2])
			}
			files := map[string]*sourceFile{}
			rows := queryCSV(t, db, `SELECT credit_code, rule_id, figure, source_file, source_sheet, source_row,
				coalesce(unit, ''), coalesce(value_yuan::VARCHAR, ''), coalesce(persons::VARCHAR, '') FROM decision_sources`)
			for _, s := range rows[1:] {
				f := files[s[3]]
				if f == nil {
					f = openSourceFile(t, filepath.Join(batch, s[3]))
					files[s[3]] = f
				}
				n, _ := strconv.Atoi(s[5])
				cells := f.row(t, s[4], n)
				want, factor := s[8], decimal.NewFromInt(1)
				if s[7] != "" {
					want, factor = s[7], unitFactor(t, s[6])
				}
				if !rowHas(cells, s[0], want, factor) {
					t.Errorf("%s %s %s: %s#%s row %d is %q: no cell %s with %s %s", s[0], s[1], s[2], s[3], s[4], n, cells, s[0], want, s[6])
				}
			}
		})
	}
}

func unitFactor(t *testing.T, unit string) decimal.Decimal {
	f, ok := map[string]int64{"元": 1, "千元": 1000, "万元": 10000, "亿元": 100000000}[unit]
	if !ok {
		t.Fatalf("unit %q is not a money unit", unit)
	}
	return decimal.NewFromInt(f)
}

// rowHas tells whether a row holds the credit code and a number cell that, in the unit, is the figure.
func rowHas(cells []string, code, figure string, factor decimal.Decimal) bool {
	want, err := decimal.NewFromString(figure)
	if err != nil {
		return false
	}
	hasCode, hasFigure := false, false
	for _, c := range cells {
		// A person reads ６００，０００ as 600,000: full-width digits and commas are folded as the loader folds them.
		c = strings.TrimSpace(width.Narrow.String(c))
		if strings.EqualFold(c, code) {
			hasCode = true
		}
		if d, err := decimal.NewFromString(strings.ReplaceAll(c, ",", "")); err == nil && d.Mul(factor).Equal(want) {
			hasFigure = true
		}
	}
	return hasCode && hasFigure
}

// sourceFile is an input file as a person sees it: sheets of rows (xlsx) or physical lines (CSV).
type sourceFile struct {
	xlsx  map[string][][]string
	lines []string
}

func openSourceFile(t *testing.T, path string) *sourceFile {
	t.Helper()
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		s := &sourceFile{xlsx: map[string][][]string{}}
		for _, sh := range f.GetSheetList() {
			rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			s.xlsx[sh] = rows
		}
		return s
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if !utf8.Valid(b) {
		if b, err = simplifiedchinese.GB18030.NewDecoder().Bytes(b); err != nil {
			t.Fatal(err)
		}
	}
	return &sourceFile{lines: strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")}
}

// row returns the cells of the 1-based row n of a sheet, or of line n of a CSV file.
func (s *sourceFile) row(t *testing.T, sheet string, n int) []string {
	t.Helper()
	if s.xlsx != nil {
		rows, ok := s.xlsx[sheet]
		if !ok || n < 1 || n > len(rows) {
			t.Fatalf("sheet %q has no row %d", sheet, n)
		}
		return rows[n-1]
	}
	if n < 1 || n > len(s.lines) {
		t.Fatalf("file has no line %d", n)
	}
	for _, delim := range []rune{',', '\t', ';'} {
		r := csv.NewReader(strings.NewReader(s.lines[n-1]))
		r.Comma, r.LazyQuotes, r.FieldsPerRecord = delim, true, -1
		if rec, err := r.Read(); err == nil && len(rec) > 1 {
			return rec
		}
	}
	return []string{s.lines[n-1]}
}

// TestExplainCitesDecisionSources: awards explain names, for each figure a decision used, the file, sheet
// and row decision_sources holds for it.
func TestExplainCitesDecisionSources(t *testing.T) {
	db := filepath.Join(demoRun(t), "awards.duckdb")
	pick := queryCSV(t, db, `SELECT credit_code FROM decision_sources GROUP BY credit_code
		HAVING count(DISTINCT figure) = 4 AND count(DISTINCT source_file) > 1 ORDER BY credit_code LIMIT 1`)
	if len(pick) < 2 {
		t.Fatal("no enterprise in the demo whose decisions use figures from two files")
	}
	code := pick[1][0]
	stdout, stderr, rc := awards(t, "explain", "--db", db, code)
	if rc != 0 {
		t.Fatalf("explain exited %d: %s", rc, lastLines(stderr, 3))
	}
	for _, s := range queryCSV(t, db, `SELECT DISTINCT source_file, source_sheet, source_row FROM decision_sources WHERE credit_code = '`+code+`'`)[1:] {
		want := s[0] + " 第" + s[2] + "行"
		if s[1] != "" {
			want = s[0] + " 工作表 " + s[1] + " 第" + s[2] + "行"
		}
		if !strings.Contains(stdout, "数据来源") || !strings.Contains(stdout, want) {
			t.Errorf("explain %s does not cite %q:\n%s", code, want, stdout)
		}
	}
}

// A database in a folder whose path holds % ? or # cannot be opened right by the driver (it reads the path
// as a URL; after a # the read-only option would be lost): query says so as a usage error naming the path,
// and never writes to the published database.
func TestQueryRefusesAPathTheDriverCannotOpen(t *testing.T) {
	out := demoRun(t)
	data, err := os.ReadFile(filepath.Join(out, "awards.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	for _, folder := range []string{"100%", "a?b", "a#b"} {
		dir := filepath.Join(t.TempDir(), folder)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		db := filepath.Join(dir, "awards.duckdb")
		if err := os.WriteFile(db, data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, stderr, code := awards(t, "query", "--db", db, "DELETE FROM decisions")
		if code != 64 || !strings.Contains(stderr, db) || !strings.Contains(stderr, "% or ? or #") {
			t.Errorf("%s: exit %d, want 64 naming %s and saying why: %s", folder, code, db, lastLines(stderr, 3))
		}
		if after, _ := os.ReadFile(db); !bytes.Equal(after, data) {
			t.Errorf("%s: the database was written to", folder)
		}
	}
}
