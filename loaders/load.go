package loaders

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// batchFile is the optional file in a batch folder that names kinds explicitly.
const batchFile = "batch.toml"

// LoadDir reads every input file directly in dir (not subfolders) and returns the batch.
// A fatal problem with any file returns a *FileError wrapping ErrUnreadable or ErrUnrecognised;
// bad rows never fail the load, they are quarantined.
//
// A long-layout sheet with both a 工业总产值 and a 营业收入 column loads as both kinds: it gets two
// SheetReports (one per kind, each reconciling on its own, each counting every row of the sheet), and a
// row that cannot be used is quarantined once per kind. InputFile.Rows counts such a row once.
func LoadDir(dir string, opts Options) (*Batch, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, &FileError{File: dir, Err: fmt.Errorf("%w: %v", ErrNoInput, err)}
	}
	l := &loader{dir: dir, opts: opts, m: newMatcher(), b: &Batch{Rows: map[Kind][][]string{}}, seen: map[string]bool{}}
	if err := l.readOverrides(); err != nil {
		return nil, err
	}
	for _, e := range entries { // os.ReadDir sorts by name
		name := e.Name()
		switch {
		case name == batchFile:
			continue
		case e.IsDir():
			l.warn("%s: skipped: a subfolder (only files directly in the input folder are read)", name)
			continue
		case strings.HasPrefix(name, "."), strings.HasPrefix(name, "~$"):
			l.warn("%s: skipped: a hidden file or an Excel lock file", name)
			continue
		}
		ext := strings.ToLower(filepath.Ext(name))
		if ext != ".xlsx" && ext != ".csv" {
			l.warn("%s: skipped: not an .xlsx or .csv file", name)
			continue
		}
		if err := l.loadFile(name, ext); err != nil {
			return nil, err
		}
	}
	if len(l.b.Files) == 0 {
		return nil, &FileError{File: dir, Err: fmt.Errorf("%w: no .xlsx or .csv file in the folder", ErrNoInput)}
	}
	for key := range l.overrides {
		file, sheet, isSheet := strings.Cut(key, "#")
		switch {
		case !slices.ContainsFunc(l.b.Files, func(f InputFile) bool { return f.Name == file }):
			l.warn("%s: names %q, which is not an input file of the folder", batchFile, key)
		case isSheet && !l.seen[key]:
			l.warn("%s: names %q, but %s has no sheet %q", batchFile, key, file, sheet)
		}
	}
	l.resolveDuplicates()
	l.warnCheckDigits()
	return l.b, nil
}

// loader carries the state of one LoadDir call.
type loader struct {
	dir       string
	opts      Options
	m         *matcher
	b         *Batch
	overrides map[string]Kind // batch.toml [files]: "file" or "file#sheet" → kind
	pending   []pendingRow
	seen      map[string]bool // "file#sheet" of every sheet read, for batch.toml's warnings
}

// pendingRow is a converted row waiting for duplicate resolution.
type pendingRow struct {
	kind   Kind
	report int // index in Batch.Reports
	values []string
}

func (l *loader) warn(format string, args ...any) {
	l.b.Warnings = append(l.b.Warnings, fmt.Sprintf(format, args...))
}

// readOverrides reads batch.toml when the folder has one. An unknown kind is an error: a typo must not
// silently fall back to recognition.
func (l *loader) readOverrides() error {
	path := filepath.Join(l.dir, batchFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &FileError{File: batchFile, Err: fmt.Errorf("%w: %v", ErrUnreadable, err)}
	}
	var cfg struct {
		Files map[string]string `toml:"files"`
	}
	md, err := toml.Decode(string(data), &cfg)
	if err != nil {
		return &FileError{File: batchFile, Err: fmt.Errorf("%w: %v", ErrUnrecognised, err)}
	}
	for _, k := range md.Undecoded() {
		l.warn("%s: unknown key %s ignored", batchFile, k)
	}
	l.overrides = map[string]Kind{}
	for file, kind := range cfg.Files {
		if !slices.Contains(Kinds, Kind(kind)) {
			return &FileError{File: batchFile, Column: file,
				Err: fmt.Errorf("%w: unknown kind %q (want one of %v)", ErrUnrecognised, kind, Kinds)}
		}
		l.overrides[file] = Kind(kind)
	}
	return nil
}

// sheetPlan is a recognised sheet ready to be read.
type sheetPlan struct {
	sd    *sheetData
	h     header
	plans []plan
	// weak: recognised only as industrial_software by its code column alone, neither batch.toml nor a
	// name saying 工业软件. A 填表说明 listing the column names looks like that.
	weak bool
}

// loadFile reads one input file, recognises its sheets and converts their rows.
func (l *loader) loadFile(name, ext string) error {
	data, err := os.ReadFile(filepath.Join(l.dir, name))
	if err != nil {
		return &FileError{File: name, Err: fmt.Errorf("%w: %v", ErrUnreadable, err)}
	}
	sum := sha256.Sum256(data)
	var sheets []*sheetData
	if ext == ".csv" {
		sd, err := readCSV(data, l.opts.Encoding)
		if err != nil {
			return &FileError{File: name, Err: err}
		}
		sheets = []*sheetData{sd}
	} else {
		if sheets, err = readXLSXStream(data, l.opts.MaxXLSXBytes); err != nil {
			return &FileError{File: name, Err: err}
		}
	}
	var (
		recognised []sheetPlan
		skipped    []string
		closest    miss
		closestAt  string
	)
	for _, sd := range sheets {
		candidates := l.m.specs
		if k, ok := l.override(name, sd.name); ok {
			s, _ := specFor(k)
			candidates = []kindSpec{s}
		}
		l.seen[name+"#"+sd.name] = true
		h, ok, ms := l.m.detectHeader(sd.rows, candidates)
		if !ok && sd.name != "" && l.overrides[name+"#"+sd.name] != "" {
			// batch.toml names this very sheet: it is meant to be data, so skipping it would lose it.
			return &FileError{File: name, Sheet: sd.name,
				Err: fmt.Errorf("%w: %s names it %s, but it does not have that kind's columns: %s",
					ErrUnrecognised, batchFile, l.overrides[name+"#"+sd.name], ms)}
		}
		if !ok {
			if ms.found > closest.found || closestAt == "" {
				closest, closestAt = ms, sd.name
			}
			skipped = append(skipped, sd.name)
			continue
		}
		chosen, tied := l.m.recognise(h, candidates, sd.name, name)
		if _, forced := l.override(name, sd.name); !forced && len(chosen) == 1 && chosen[0].kind == IndustrialSoftware {
			if ms, other := l.m.looksLikeOther(h, sd.rows, sd.name, name); other {
				if ms.found > closest.found || closestAt == "" {
					closest, closestAt = ms, sd.name
				}
				skipped = append(skipped, sd.name)
				continue
			}
		}
		if len(chosen) == 0 {
			return &FileError{File: name, Sheet: sd.name, Row: sd.rows[h.index].num,
				Err: fmt.Errorf("%w: the header fits %v equally and neither the sheet nor the file name settles it; name the kind in %s",
					ErrUnrecognised, tied, batchFile)}
		}
		sp := sheetPlan{sd: sd, h: h}
		for _, s := range chosen {
			sp.plans = append(sp.plans, l.m.makePlan(s, sd.rows, h))
		}
		_, forced := l.override(name, sd.name)
		sp.weak = !forced && len(chosen) == 1 && chosen[0].kind == IndustrialSoftware && len(sp.plans[0].cols) == 1 &&
			!strings.Contains(sd.name, "工业软件") && !strings.Contains(name, "工业软件")
		recognised = append(recognised, sp)
	}
	// "Inside an xlsx that has a recognised sheet, other sheets are skipped": a weak sheet next to a
	// sheet of real data is a cover or notes sheet naming the columns, not a 工业软件 list. Alone, it
	// loads as inputs.md says.
	if slices.ContainsFunc(recognised, func(sp sheetPlan) bool { return !sp.weak }) {
		recognised = slices.DeleteFunc(recognised, func(sp sheetPlan) bool {
			if sp.weak {
				l.warn("%s: sheet %q skipped: its only known column is 统一社会信用代码 (a cover or notes sheet?); name it in %s to load it as %s",
					name, sp.sd.name, batchFile, IndustrialSoftware)
			}
			return sp.weak
		})
	}
	if len(recognised) == 0 {
		return &FileError{File: name, Sheet: closestAt,
			Err: fmt.Errorf("%w: no sheet has the columns of any kind: %s", ErrUnrecognised, closest)}
	}
	for _, s := range skipped {
		l.warn("%s: sheet %q skipped: no header of a known kind in its first %d rows", name, s, maxHeaderRow)
	}
	rows := 0
	for _, sp := range recognised {
		rows += l.readSheet(name, sp)
	}
	l.b.Files = append(l.b.Files, InputFile{Name: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), Rows: rows})
	return nil
}

// override returns the kind batch.toml names for a sheet: "file#sheet" first, then "file".
func (l *loader) override(file, sheet string) (Kind, bool) {
	if sheet != "" {
		if k, ok := l.overrides[file+"#"+sheet]; ok {
			return k, true
		}
	}
	k, ok := l.overrides[file]
	return k, ok
}

// readSheet converts the data rows of a recognised sheet, once per kind it holds, and returns the number
// of rows read.
func (l *loader) readSheet(file string, sp sheetPlan) int {
	sd := sp.sd
	var reports []int
	for _, p := range sp.plans {
		r := SheetReport{SourceFile: file, SourceSheet: sd.name, Kind: p.spec.kind, Encoding: sd.encoding}
		for _, f := range p.spec.fields {
			if u, ok := p.units[f.id]; ok && r.Unit == "" {
				r.Unit = u.name
			}
		}
		l.b.Reports = append(l.b.Reports, r)
		reports = append(reports, len(l.b.Reports)-1)
		for _, f := range p.spec.fields {
			if u, ok := p.units[f.id]; ok && !u.ok {
				l.warn("%s: money column %q has no unit (元/千元/万元/亿元) in its header or a unit line: every row of the sheet is quarantined (unknown_unit)",
					sheetLabel(file, sd.name), p.cols[f.id].text)
			}
		}
	}
	read := 0
	for idx := sp.h.dataStart; idx < len(sd.rows); idx++ {
		row := sd.rows[idx]
		if isBlank(row) {
			continue
		}
		read++
		total := isTotalRow(row)
		for i, p := range sp.plans {
			rep := &l.b.Reports[reports[i]]
			rep.RowsRead++
			if total {
				rep.SkippedTotals++
				continue
			}
			vals, probs := p.convert(file, sd.name, sd, idx)
			if len(probs) > 0 {
				rep.Quarantined++
				l.b.Quarantine = append(l.b.Quarantine, quarantined(file, sd.name, row.num, p.spec.kind, probs))
				continue
			}
			l.pending = append(l.pending, pendingRow{kind: p.spec.kind, report: reports[i], values: vals})
		}
	}
	return read
}

func sheetLabel(file, sheet string) string {
	if sheet == "" {
		return file
	}
	return file + " sheet " + sheet
}

// isTotalRow tells a total or sub-total row by its first text cell (序号 numbers are passed over):
// 合计, 合 计, 总计, 小计, 其中…, or anything starting with #.
func isTotalRow(r sheetRow) bool {
	for _, c := range r.cells {
		t := compact(c)
		if t == "" || isPlainNumber(t) {
			continue
		}
		for _, p := range []string{"合计", "总计", "小计", "其中", "#"} {
			if strings.HasPrefix(t, p) {
				return true
			}
		}
		return false
	}
	return false
}

func isPlainNumber(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// quarantined builds the quarantine record of a row: the first offending column and its raw value, and
// every distinct reason.
func quarantined(file, sheet string, row int, k Kind, probs []problem) Quarantined {
	var reasons []string
	for _, p := range probs {
		if !slices.Contains(reasons, p.reason) {
			reasons = append(reasons, p.reason)
		}
	}
	return Quarantined{SourceFile: file, SourceSheet: sheet, SourceRow: row, Kind: k,
		Column: probs[0].column, RawValue: probs[0].raw, Reason: strings.Join(reasons, ";")}
}

// resolveDuplicates applies inputs.md's duplicate rule per kind over the whole batch: rows with the same
// key and the same values keep the first and count the others as dropped; rows with the same key and
// different values are all quarantined as duplicate.
func (l *loader) resolveDuplicates() {
	// One pass groups the rows by key and notes whether each group's rows all equal its first, so no
	// group keeps a list of its rows (a national batch has millions of keys).
	type group struct {
		first, n int
		equal    bool
	}
	type kindKey struct {
		idx    []int
		groups map[string]int32
	}
	keys := map[Kind]*kindKey{}
	var groups []group
	groupOf := make([]int32, len(l.pending))
	var kb strings.Builder
	for i, pr := range l.pending {
		kk := keys[pr.kind]
		if kk == nil {
			s, _ := specFor(pr.kind)
			cols := Columns(pr.kind)
			kk = &kindKey{groups: map[string]int32{}}
			for _, k := range s.key {
				kk.idx = append(kk.idx, slices.Index(cols, k))
			}
			keys[pr.kind] = kk
		}
		kb.Reset()
		for j, c := range kk.idx {
			if j > 0 {
				kb.WriteByte(0)
			}
			kb.WriteString(pr.values[c])
		}
		key := kb.String()
		gi, ok := kk.groups[key]
		if !ok {
			gi = int32(len(groups))
			kk.groups[key] = gi
			groups = append(groups, group{first: i, equal: true})
		} else if g := &groups[gi]; g.equal {
			g.equal = allEqual(l.pending, []int{g.first, i})
		}
		groups[gi].n++
		groupOf[i] = gi
	}
	for i, pr := range l.pending {
		g := groups[groupOf[i]]
		rep := &l.b.Reports[pr.report]
		if g.n == 1 {
			l.load(pr, rep)
			continue
		}
		if g.equal {
			if g.first == i {
				l.load(pr, rep)
			} else {
				rep.DuplicatesDropped++
			}
			continue
		}
		s, _ := specFor(pr.kind)
		cols := Columns(pr.kind)
		var raw []string
		for _, k := range s.key {
			raw = append(raw, pr.values[slices.Index(cols, k)])
		}
		n := len(cols)
		row := 0
		fmt.Sscan(pr.values[n-1], &row)
		rep.Quarantined++
		l.b.Quarantine = append(l.b.Quarantine, Quarantined{SourceFile: pr.values[n-3], SourceSheet: pr.values[n-2],
			SourceRow: row, Kind: pr.kind, Column: strings.Join(s.key, ","), RawValue: strings.Join(raw, ","),
			Reason: "duplicate"})
	}
}

func (l *loader) load(pr pendingRow, rep *SheetReport) {
	l.b.Rows[pr.kind] = append(l.b.Rows[pr.kind], pr.values)
	rep.Loaded++
}

// allEqual reports whether the rows of a group agree on every value that means something: the source
// columns and the *_raw columns (the same level or legal form written differently) are not compared.
func allEqual(pending []pendingRow, rows []int) bool {
	cols := Columns(pending[rows[0]].kind)
	first := pending[rows[0]].values
	for _, i := range rows[1:] {
		for c, name := range cols[:len(cols)-3] {
			if strings.HasSuffix(name, "_raw") {
				continue
			}
			if pending[i].values[c] != first[c] {
				return false
			}
		}
	}
	return true
}

// warnCheckDigits counts, per sheet and kind, the loaded credit codes whose GB 32100 check digit fails:
// such codes load (some early codes were issued that way) but the run log must say how many there are.
func (l *loader) warnCheckDigits() {
	for _, r := range l.b.Reports {
		cc := slices.Index(Columns(r.Kind), "credit_code")
		if cc < 0 {
			continue
		}
		n := 0
		for _, row := range l.b.Rows[r.Kind] {
			if row[len(row)-3] == r.SourceFile && row[len(row)-2] == r.SourceSheet && !USCCCheckOK(row[cc]) {
				n++
			}
		}
		if n > 0 {
			l.warn("%s: %d %s row(s) with a credit code failing the GB 32100 check digit (loaded; awards carry a remark)",
				sheetLabel(r.SourceFile, r.SourceSheet), n, r.Kind)
		}
	}
}
