package synth

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestGenerateWritesOneRegisterRowPerEnterpriseDeterministically(t *testing.T) {
	cfg := Config{Enterprises: 2000, Seed: 7}
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := Generate(dir, cfg); err != nil {
			t.Fatal(err)
		}
	}
	if err := Generate(c, Config{Enterprises: 2000, Seed: 8}); err != nil {
		t.Fatal(err)
	}
	rows := rowsOf(t, openXLSX(t, filepath.Join(a, fileRegister+".xlsx")), "单位名录")
	if got := len(rows) - 2; got != 2000 {
		t.Errorf("register has %d data rows, want 2000", got)
	}
	ha, hb, hc := hashDir(t, a), hashDir(t, b), hashDir(t, c)
	for name, h := range ha {
		if hb[name] != h {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	if ha[fileRegister+".xlsx"] == hc[fileRegister+".xlsx"] {
		t.Error("a different seed wrote the same register")
	}
	codes := map[string]bool{}
	for _, r := range rows[2:] {
		if codes[r[0]] {
			t.Errorf("code %s twice", r[0])
		}
		codes[r[0]] = true
	}
}

func TestGenerateSplitsLongSheetsIntoSheetsAndFiles(t *testing.T) {
	const n = 400
	dir := t.TempDir()
	if err := Generate(dir, Config{Enterprises: n, Seed: 1, MaxSheetRows: 150, SheetsPerFile: 2}); err != nil {
		t.Fatal(err)
	}
	// the register: 400 rows at 148 a sheet (title and header repeated) → 3 sheets over 2 files
	total := 0
	parts := 0
	for _, name := range []string{fileRegister + ".xlsx", fileRegister + "_2.xlsx"} {
		f := openXLSX(t, filepath.Join(dir, name))
		for _, s := range f.GetSheetList() {
			rows := rowsOf(t, f, s)
			if len(rows) > 150 {
				t.Errorf("%s sheet %s has %d rows, over the cap", name, s, len(rows))
			}
			if rows[1][0] != "统一社会信用代码" {
				t.Errorf("%s sheet %s does not repeat the header", name, s)
			}
			total += len(rows) - 2
			parts++
		}
	}
	if total != n || parts != 3 {
		t.Errorf("register split into %d sheets holding %d rows, want 3 sheets and %d", parts, total, n)
	}
	// the output value: every wide row of every industrial enterprise, plus the 合计 row, across parts
	want := 1
	for e := range synthetic(Config{Enterprises: n, Seed: 1}) {
		want += len(widePeriods(e.Out))
	}
	got := 0
	hasFile := hashDir(t, dir)
	for name := range hasFile {
		if !strings.HasPrefix(name, fileOutput) {
			continue
		}
		f := openXLSX(t, filepath.Join(dir, name))
		for _, s := range f.GetSheetList() {
			rows := rowsOf(t, f, s)
			if rows[1][0] != "单位：千元" || rows[3][3] != "本年" {
				t.Errorf("%s sheet %s lacks the unit line or the two-row header", name, s)
			}
			got += len(rows) - 4
		}
	}
	if got != want {
		t.Errorf("output value parts hold %d rows, want %d", got, want)
	}
}

func BenchmarkGenerate10k(b *testing.B) {
	for b.Loop() {
		if err := Generate(b.TempDir(), Config{Enterprises: 10_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
