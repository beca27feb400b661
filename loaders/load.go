package loaders

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// batchFile is the optional file in a batch folder that names kinds explicitly.
const batchFile = "batch.toml"

// LoadDir reads every input file directly in dir (not subfolders) and returns the batch with every
// loaded row in Batch.Rows. It holds the whole batch in memory; LoadDirTo streams the rows instead.
// A fatal problem with any file returns a *FileError wrapping ErrUnreadable or ErrUnrecognised;
// bad rows never fail the load, they are quarantined.
//
// A long-layout sheet with both a 工业总产值 and a 营业收入 column loads as both kinds: it gets two
// SheetReports (one per kind, each reconciling on its own, each counting every row of the sheet), and a
// row that cannot be used is quarantined once per kind. InputFile.Rows counts such a row once.
func LoadDir(dir string, opts Options) (*Batch, error) {
	c := &collectSink{blocks: map[Kind][][][]string{}}
	b, err := LoadDirTo(dir, opts, c)
	if err != nil {
		return nil, err
	}
	b.Rows = map[Kind][][]string{}
	for k := range c.blocks {
		if kept := c.rows(k, b.Excluded[k]); len(kept) > 0 {
			b.Rows[k] = kept
		}
	}
	b.Excluded = nil
	return b, nil
}

// LoadDirTo reads the folder as LoadDir does, but hands every converted row to sink as it is read
// instead of keeping it: Batch.Rows stays nil. Duplicates can only be resolved once the whole batch is
// read, so some rows the sink received must not be loaded after all; Batch.Excluded lists them by
// ordinal. Everything else (reports, quarantine, files, warnings) is as LoadDir returns it.
func LoadDirTo(dir string, opts Options, sink RowSink) (*Batch, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, &FileError{File: dir, Err: fmt.Errorf("%w: %v", ErrNoInput, err)}
	}
	l := &loader{dir: dir, opts: opts, m: newMatcher(), b: &Batch{Excluded: map[Kind][]int{}}, seen: map[string]bool{},
		sink: sink, kinds: map[Kind]*kindRows{}, seeds: [3]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed(), maphash.MakeSeed()}}
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
	for _, key := range slices.Sorted(maps.Keys(l.overrides)) { // sorted: warnings in a stable order
		file, sheet, isSheet := strings.Cut(key, "#")
		switch {
		case !slices.ContainsFunc(l.b.Files, func(f InputFile) bool { return f.Name == file }):
			l.warn("%s: names %q, which is not an input file of the folder", batchFile, key)
		case isSheet && !l.seen[key]:
			l.warn("%s: names %q, but %s has no sheet %q", batchFile, key, file, sheet)
		}
	}
	if err := l.resolveDuplicates(); err != nil {
		return nil, err
	}
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
	seen      map[string]bool // "file#sheet" of every sheet read, for batch.toml's warnings
	sink      RowSink
	// Duplicate resolution and the check-digit count, see stream.go.
	kinds     map[Kind]*kindRows
	dups      []dupRow
	seeds     [3]maphash.Seed
	sheets    int   // sheets read so far
	sheetSeq  []int // per report: the sheet it reads
	checkFail []int // per report: rows given to the sink whose credit code fails its check digit

	// What names the enterprise or group of a row beyond the row itself, see stream.go.
	naming rowNaming
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
		Empty []string          `toml:"empty"`
		Files map[string]string `toml:"files"`
	}
	md, err := toml.Decode(string(data), &cfg)
	if err != nil {
		return &FileError{File: batchFile, Err: fmt.Errorf("%w: %v", ErrUnrecognised, err)}
	}
	for _, k := range md.Undecoded() {
		l.warn("%s: unknown key %s ignored", batchFile, k)
	}
	for _, k := range cfg.Empty {
		if !slices.Contains(Kinds, Kind(k)) {
			return &FileError{File: batchFile,
				Err: fmt.Errorf("%w: empty = [...] names %q, which is not a kind (want some of %v)", ErrUnrecognised, k, Kinds)}
		}
	}
	for _, k := range Kinds { // in the order of Kinds, however the file lists them
		if slices.Contains(cfg.Empty, string(k)) {
			l.b.DeclaredEmpty = append(l.b.DeclaredEmpty, k)
		}
	}
	l.overrides = map[string]Kind{}
	for _, file := range slices.Sorted(maps.Keys(cfg.Files)) { // sorted: the same entry is reported every time
		kind := cfg.Files[file]
		if !slices.Contains(Kinds, Kind(kind)) {
			return &FileError{File: batchFile,
				Err: fmt.Errorf("%w: entry %q: unknown kind %q (want one of %v)", ErrUnrecognised, file, kind, Kinds)}
		}
		l.overrides[file] = Kind(kind)
	}
	return nil
}

// sheetPlan is a recognised sheet ready to be read.
type sheetPlan struct {
	in    *sheetIn
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
	var ins []*sheetIn
	if ext == ".csv" {
		src, enc, err := openCSV(data, l.opts.Encoding)
		if err != nil {
			return &FileError{File: name, Err: err}
		}
		head, pending, err := readHead(src, false)
		if err != nil {
			return &FileError{File: name, Err: err}
		}
		ins = []*sheetIn{{sd: &sheetData{rows: head, encoding: enc}, pending: pending, src: src}}
	} else {
		if ins, err = openSheets(data, l.opts.MaxXLSXBytes); err != nil {
			return &FileError{File: name, Err: err}
		}
	}
	defer closeSheets(ins)
	var (
		recognised []sheetPlan
		skipped    []string
		closest    miss
		closestAt  string
	)
	for _, in := range ins {
		sd := in.sd
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
		sp := sheetPlan{in: in, h: h}
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
					name, sp.in.sd.name, batchFile, IndustrialSoftware)
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
		n, err := l.readSheet(name, sp)
		if errors.Is(err, ErrUnreadable) {
			return &FileError{File: name, Err: err}
		}
		if err != nil {
			return err
		}
		rows += n
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

func sheetLabel(file, sheet string) string {
	if sheet == "" {
		return file
	}
	return file + " sheet " + sheet
}
