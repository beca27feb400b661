package main

import (
	"flag"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The row sweep: every cell of every loaded row, damaged. A pass picks a kind, the i-th row of that kind
// of each enterprise (file order) and one column, and writes a damaged value into that cell for every
// enterprise at once (for the 禁限目录, whose rows name no enterprise, every row at once). The rules decide
// each enterprise on its own rows, so one run checks the damage for every enterprise; what crosses
// enterprises (a group's figures in the affiliate review) is what the invariant must catch anyway.
//
// Each pass is held to the invariant of every damage (damage_test.go), and to one more check: a damaged row
// is either quarantined or changes nothing for its enterprise (a column the kind does not read).
var (
	damageValues = flag.String("damage.values", "error",
		"the sweep's damaged values: error (#N/A), or all (#N/A, — for no figure, and text no parser reads)")
	damageSweep = flag.String("damage.sweep", "blackbox",
		"the batches the sweep damages: blackbox (the edge cases; what CI runs), or all (the demo too: 126 more runs)")
)

// sweepCell is one cell the sweep damages.
type sweepCell struct {
	file, sheet string
	row, col    int // row 1-based (as source_row), col 0-based
	code        string
}

// sweepPass is one run of the sweep.
type sweepPass struct {
	name  string
	value string
	cells []sweepCell
}

// freeText are header texts of columns loaded as written, whatever they hold.
var freeText = []string{"项目", "资金名称", "纳入方式", "集团编号", "说明", "备注"}

// notRead are header texts of columns no kind reads: the names printed beside the codes.
var notRead = []string{"企业名称", "单位详细名称", "单位名称", "行业名称"}

func TestDamageSweep(t *testing.T) {
	bases := &damageBases{top: t, m: map[string]*damageBase{}}
	values := []string{"#N/A"}
	if *damageValues == "all" {
		values = append(values, "—", "？？")
	}
	for _, name := range []string{"blackbox", "demo"} {
		t.Run(name, func(t *testing.T) {
			if testing.Short() {
				t.Skip("the sweep runs in the full matrix only (go test without -short)")
			}
			if name != "blackbox" && *damageSweep != "all" {
				t.Skip("the demo's sweep runs with -damage.sweep=all")
			}
			base := bases.get(t, name)
			for _, p := range sweepPasses(t, base, values) {
				t.Run(p.name, func(t *testing.T) {
					t.Parallel()
					b := &batch{t: t, dir: filepath.Join(t.TempDir(), "batch"), base: base.res}
					copyDir(t, base.dir, b.dir)
					applySweep(b, p)
					got := runBatch(t, b.dir, "--max-quarantine-share", "1")
					checkFailClosed(t, base.res, got, false)
					if got.exit == 0 {
						checkSweptRows(t, base.res, got, p)
					}
				})
			}
		})
	}
}

// sweepPasses lists the passes over a base batch: for each kind, each row ordinal and each column of its
// sheet that a kind may read.
func sweepPasses(t *testing.T, base *damageBase, values []string) []sweepPass {
	b := &batch{t: t, dir: base.dir, base: base.res}
	var passes []sweepPass
	kinds := keys(base.res.rows)
	sort.Strings(kinds)
	for _, kind := range kinds {
		// The i-th row of each enterprise (each 禁限目录 row is its own).
		byOrd := map[int][]srcRow{}
		seen := map[string]int{}
		for _, s := range base.res.rows[kind] {
			key := s.Code
			if kind == "restricted" {
				key = ""
			}
			byOrd[seen[key]] = append(byOrd[seen[key]], s)
			seen[key]++
		}
		ords := keys(byOrd)
		sort.Ints(ords)
		for _, ord := range ords {
			rows := byOrd[ord]
			// The columns of the sheets these rows are in (a kind may span files: the widest header).
			heads := map[string][]string{}
			for _, s := range rows {
				k := s.File + "#" + s.Sheet
				if _, ok := heads[k]; !ok {
					heads[k] = b.headerOf(s.File, s.Sheet)
				}
			}
			width := 0
			for _, h := range heads {
				width = max(width, len(h))
			}
			for col := 0; col < width; col++ {
				var cells []sweepCell
				label := ""
				for _, s := range rows {
					h := heads[s.File+"#"+s.Sheet]
					if col >= len(h) || slices.ContainsFunc(notRead, func(n string) bool { return strings.Contains(h[col], n) }) {
						continue
					}
					label = h[col]
					cells = append(cells, sweepCell{file: s.File, sheet: s.Sheet, row: s.Row, col: col, code: s.Code})
				}
				if len(cells) == 0 {
					continue
				}
				for _, v := range values {
					passes = append(passes, sweepPass{
						name:  fmt.Sprintf("%s/row%d/col%d_%s/%s", kind, ord+1, col+1, strings.ReplaceAll(label, " ", ""), v),
						value: v, cells: cells,
					})
				}
			}
		}
	}
	t.Logf("%d passes over %s", len(passes), filepath.Base(filepath.Dir(base.dir)))
	return passes
}

// headerOf returns the header cells of a file's sheet as one row: for a header of two rows, a sub-header
// cell where there is one (本年, 上年同期), else the cell above it.
func (b *batch) headerOf(file, sheet string) []string {
	var rows [][]string
	if sheet == "" {
		tf := b.text(file)
		h := tf.header()
		rows = tf.recs[h:min(h+2, len(tf.recs))]
	} else {
		f, err := excelize.OpenFile(b.path(file))
		if err != nil {
			b.t.Fatal(err)
		}
		all, err := f.GetRows(sheet)
		f.Close()
		if err != nil {
			b.t.Fatal(err)
		}
		for i, r := range all {
			if slices.ContainsFunc(r, func(c string) bool { return strings.Contains(c, "信用代码") || c == "行业代码" }) {
				rows = all[i:min(i+2, len(all))]
				break
			}
		}
	}
	if len(rows) == 0 {
		b.t.Fatalf("%s %s: no header", file, sheet)
	}
	head := slices.Clone(rows[0])
	if len(rows) > 1 && !slices.ContainsFunc(rows[1], func(c string) bool { return len(strings.TrimSpace(c)) == 18 }) {
		for i, c := range rows[1] {
			for len(head) <= i {
				head = append(head, "")
			}
			if strings.TrimSpace(c) != "" {
				head[i] = c
			}
		}
	}
	return head
}

// applySweep writes a pass's damaged value into its cells.
func applySweep(b *batch, p sweepPass) {
	byFile := map[string][]sweepCell{}
	for _, c := range p.cells {
		byFile[c.file] = append(byFile[c.file], c)
	}
	for file, cells := range byFile {
		if cells[0].sheet == "" {
			b.editText(file, func(tf *textFile) {
				for _, c := range cells {
					tf.set(c.row, c.col, p.value)
				}
			})
			continue
		}
		b.editBook(file, func(f *excelize.File) {
			for _, c := range cells {
				if err := f.SetCellStr(c.sheet, cellName(c.col, c.row), p.value); err != nil {
					b.t.Fatal(err)
				}
			}
		})
	}
}

// checkSweptRows checks that each damaged row is quarantined or changes nothing for its enterprise. An
// enterprise in an affiliate group is left to the invariant: its decisions may rest on another member's
// damaged row.
func checkSweptRows(t *testing.T, base, got *runResult, p sweepPass) {
	t.Helper()
	if p.value == "—" {
		return // no figure: a value, not a damage the loader can see
	}
	if p.value != "#N/A" && slices.ContainsFunc(freeText, func(h string) bool { return strings.Contains(p.name, "_"+h) }) {
		return // free text (项目 may be 方向9, 首台套, anything): loaded as written
	}
	grouped := map[string]bool{}
	for _, m := range got.groups {
		for _, c := range m {
			grouped[c] = true
		}
	}
	n := 0
	for _, c := range p.cells {
		if grouped[c.code] || slices.ContainsFunc(got.quarantine, func(q qrow) bool {
			return q.File == c.file && q.Sheet == c.sheet && q.Row == c.row
		}) {
			continue
		}
		for k, d := range base.dec {
			if k.code == c.code && got.dec[k] != d {
				if n++; n <= 5 {
					t.Errorf("%s row %d column %d holds %q, was loaded, and changed %s %s from %+v to %+v",
						c.file, c.row, c.col+1, p.value, k.code, k.rule, d, got.dec[k])
				}
			}
		}
	}
}

// TestDamageHeaders damages the header instead: each header cell of each file of the black-box batch in
// turn, as an export that garbled (#N/A) or lost one column name. The sheet must then be read as its kind with the column
// missing (a figure never bound by guess), or not recognised (the kind missing stops the run), or stop —
// and never be read as another kind whose rows would pay (a 失信 list read as a 工业软件 list).
func TestDamageHeaders(t *testing.T) {
	if testing.Short() {
		t.Skip("in the full matrix only (go test without -short)")
	}
	bases := &damageBases{top: t, m: map[string]*damageBase{}}
	for _, name := range []string{"blackbox", "demo"} {
		t.Run(name, func(t *testing.T) {
			if name != "blackbox" && *damageSweep != "all" {
				t.Skip("the demo's headers are damaged with -damage.sweep=all")
			}
			damageHeaders(t, bases.get(t, name))
		})
	}
}

// damageHeaders runs TestDamageHeaders on one base batch.
func damageHeaders(t *testing.T, base *damageBase) {
	files := map[string]bool{}
	for _, rows := range base.res.rows {
		for _, s := range rows {
			files[s.File+"#"+s.Sheet] = true
		}
	}
	b := &batch{t: t, dir: base.dir, base: base.res}
	for _, fs := range slices.Sorted(maps.Keys(files)) {
		file, sheet, _ := strings.Cut(fs, "#")
		head := b.headerOf(file, sheet)
		for col, h := range head {
			if strings.TrimSpace(h) == "" {
				continue
			}
			for _, v := range []string{"#N/A", ""} {
				t.Run(fmt.Sprintf("%s/%s/%q", fs, h, v), func(t *testing.T) {
					t.Parallel()
					b := &batch{t: t, dir: filepath.Join(t.TempDir(), "batch"), base: base.res}
					copyDir(t, base.dir, b.dir)
					b.damageHeader(file, sheet, h, col, v)
					got := runBatch(t, b.dir)
					checkFailClosed(t, base.res, got, false)
					if got.exit == 65 {
						t.Logf("stops: %s", lastLines(got.stderr, 1))
					}
				})
			}
		}
	}
}

// damageHeader writes v over a header cell (every row of a two-row header that holds the text).
func (b *batch) damageHeader(file, sheet, text string, col int, v string) {
	if sheet == "" {
		b.editText(file, func(tf *textFile) {
			h := tf.header()
			for i := h; i < min(h+2, len(tf.recs)); i++ {
				if col < len(tf.recs[i]) && tf.recs[i][col] == text {
					tf.recs[i][col] = v
				}
			}
		})
		return
	}
	b.editBook(file, func(f *excelize.File) {
		rows, _ := f.GetRows(sheet)
		for i, r := range rows[:min(len(rows), 8)] {
			if col < len(r) && r[col] == text {
				f.SetCellStr(sheet, cellName(col, i+1), v)
			}
		}
	})
}
