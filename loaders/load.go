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
	return loadDir(dir, opts, memSheetBudget)
}

// loadDir is LoadDir with the sheet XML a workbook may hold in memory given (tests read with 0: every
// sheet in two passes).
func loadDir(dir string, opts Options, memBudget uint64) (*Batch, error) {
	c := &collectSink{blocks: map[Kind][][][]string{}}
	l := newLoader(dir, opts, c)
	l.memBudget = memBudget
	b, err := l.load()
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
	return newLoader(dir, opts, sink).load()
}

func newLoader(dir string, opts Options, sink RowSink) *loader {
	return &loader{dir: dir, opts: opts, m: newMatcher(), b: &Batch{Excluded: map[Kind][]int{}}, seen: map[string]bool{},
		sink: sink, kinds: map[Kind]*kindRows{}, seeds: [3]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed(), maphash.MakeSeed()},
		memBudget: memSheetBudget}
}

// load reads the folder: LoadDirTo.
func (l *loader) load() (*Batch, error) {
	dir := l.dir
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, &FileError{File: dir, Err: fmt.Errorf("%w: %v", ErrNoInput, err)}
	}
	if err := l.readOverrides(); err != nil {
		return nil, err
	}
	for _, e := range entries { // os.ReadDir sorts by name
		if err := l.entry(e); err != nil {
			return nil, err
		}
	}
	if len(l.b.Files) == 0 {
		return nil, &FileError{File: dir, Err: fmt.Errorf("%w: no data file (.xlsx, .xlsm, .csv, .tsv or .txt) in the folder", ErrNoInput)}
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
	memBudget uint64 // sheet XML a workbook may hold in memory (memSheetBudget)
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
		return &FileError{File: batchFile, Err: unreadable("it cannot be opened (%v)", err)}
	}
	var cfg struct {
		Empty []string          `toml:"empty"`
		Files map[string]string `toml:"files"`
	}
	md, err := toml.Decode(string(data), &cfg)
	if err != nil {
		return &FileError{File: batchFile, Err: unrecognised("it is not valid TOML (%v); correct it", err)}
	}
	for _, k := range md.Undecoded() {
		l.warn("%s: unknown key %s ignored", batchFile, k)
	}
	for _, k := range cfg.Empty {
		if !slices.Contains(Kinds, Kind(k)) {
			return &FileError{File: batchFile,
				Err: unrecognised("empty = [...] names %q, which is not a kind; use the names of %v", k, Kinds)}
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
				Err: unrecognised("entry %q names %q, which is not a kind; use one of %v", file, kind, Kinds)}
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

// entry decides what to do with one entry of the folder, and does it: a data file is read as what its
// content is (sniff.go); a file the run must not go without stops it; anything else is skipped with a
// warning and a load_report row, so that the database shows everything the folder held.
func (l *loader) entry(e os.DirEntry) error {
	name := e.Name()
	class := classOf(name)
	dir := e.IsDir()
	if e.Type()&os.ModeSymlink != 0 { // a link is what it points to
		if st, err := os.Stat(filepath.Join(l.dir, name)); err == nil {
			dir = st.IsDir()
		}
	}
	switch {
	case name == batchFile:
		return nil
	case dir && class == nameSheet:
		// A Numbers document is a folder (a package) on the Mac it comes from.
		return &FileError{File: name, Err: unreadable("%s, not a format the loader reads; open it and export it as .xlsx", fmtNumbers.describe())}
	case dir:
		l.skip(name, skipSubfolder)
		return nil
	case strings.HasPrefix(name, "~$"):
		l.skip(name, skipLockFile)
		return nil
	case strings.HasPrefix(name, "."):
		l.skip(name, skipHidden)
		return nil
	case !e.Type().IsRegular() && e.Type()&os.ModeSymlink == 0:
		l.skip(name, skipNotRegular)
		return nil
	}
	if class == nameOther {
		f, err := sniffPath(filepath.Join(l.dir, name))
		if err != nil {
			return &FileError{File: name, Err: unreadable("it cannot be opened (%v)", err)}
		}
		l.skip(name, otherReason(f))
		return nil
	}
	data, err := os.ReadFile(filepath.Join(l.dir, name))
	if err != nil {
		return &FileError{File: name, Err: unreadable("it cannot be opened (%v)", err)}
	}
	f := sniff(data)
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case len(data) == 0 && ext == ".txt":
		l.skip(name, skipEmptyText)
		return nil
	case len(data) == 0:
		return &FileError{File: name, Err: unreadable("the file is empty (0 bytes), so the export or the copy did not finish; copy or export it again")}
	case f == fmtXLSX:
		return l.loadFile(name, data, false)
	case f == fmtText && class == nameData, (f == fmtHTML || f == fmtXMLSS) && ext == ".txt":
		return l.loadFile(name, data, true)
	}
	return &FileError{File: name, Err: stopReason(f, class, ext)}
}

// skip records a file (or folder) of the batch that is not read: a warning and a load_report row.
func (l *loader) skip(name, reason string) {
	l.warn("%s: skipped: %s", name, reason)
	l.skippedReport(SheetReport{SourceFile: name, SkippedReason: reason})
}

// skippedReport adds the report of a skipped file or sheet, keeping the per-report slices readSheet
// keeps beside the reports in step.
func (l *loader) skippedReport(r SheetReport) {
	l.b.Reports = append(l.b.Reports, r)
	l.sheetSeq = append(l.sheetSeq, -1)
	l.checkFail = append(l.checkFail, 0)
}

// otherReason says why a file whose name is not a data file's is skipped; when its content is a workbook,
// what to do to load it.
func otherReason(f format) string {
	switch f {
	case fmtXLSX:
		return "an Excel workbook under a name that is not a spreadsheet's; rename it to .xlsx to load it"
	case fmtBIFF, fmtODS, fmtXLSB, fmtEncrypted:
		return f.describe() + " under a name that is not a spreadsheet's; save it as .xlsx to load it"
	case fmtText:
		return "not a data file (text, but not named .csv, .tsv or .txt)"
	}
	return "not a data file (" + f.describe() + ")"
}

// stopReason is the verdict on a file under a spreadsheet's or data file's name whose content the loader
// cannot read: the run stops, saying what the file is and what to do.
func stopReason(f format, class nameClass, ext string) error {
	if f == fmtOLEOther && (ext == ".xls" || ext == ".et") {
		f = fmtBIFF // a WPS or Excel file of the 97–2003 kind the sniffer does not know: the same advice
	}
	switch f {
	case fmtBIFF:
		// Evaluated (2026-12) and not adopted: the Go BIFF8 readers the module proxy serves. Both read files
		// LibreOffice writes wrongly: github.com/extrame/xls v0.0.1 shows plain numbers under a user-defined
		// format as dates (3911 → 1910-09-15), drops the day of date cells, reads no merged ranges, returns
		// formulas as the text "FormulaCol" and loses the shared strings after the first CONTINUE record
		// (names blank from row ~4,250 of a 30,000-row register); github.com/shakinm/xlsReader v0.9.12 reads
		// dates, Chinese text, numbers stored as text and leading zeros, but no merged ranges (a two-row
		// header loses its parent over the second column) and panics on the shared strings of a 30,000-row
		// register (index out of range after row ~1,050). A register must not load half-right, so an
		// Excel 97–2003 file stops the run instead.
		return unreadable("%s, which the loader does not read for certain; open it in Excel or WPS and save it as .xlsx (Excel 工作簿)", f.describe())
	case fmtEncrypted:
		return unreadable("%s; open it with its password, remove the password (File › Info › Protect Workbook › Encrypt with Password) and save it as .xlsx", f.describe())
	case fmtZipCorrupt:
		return unreadable("%s, so it was cut short or damaged in transfer; copy or export the file again", f.describe())
	case fmtText:
		// Text under another spreadsheet format's name (.ods, .dbf …): what it holds is not settled by its name.
		return unreadable("a text file under the name of a %s file, a format the loader does not read; save the data as .xlsx or .csv", ext)
	case fmtUTF16NoBOM:
		return unreadable("%s; save it as UTF-8, or from Excel as Unicode text (which writes the mark), or as .xlsx", f.describe())
	case fmtODS, fmtXLSB, fmtNumbers, fmtDBF, fmtHTML, fmtXMLSS:
		return unreadable("%s, a format the loader does not read; open it in Excel or WPS and save it as .xlsx", f.describe())
	}
	if class == nameSheet {
		return unreadable("not a spreadsheet the loader reads (%s); open it in Excel or WPS and save it as .xlsx", f.describe())
	}
	return unreadable("%s, not a spreadsheet, under a data file's name; put the data in the folder as .xlsx or .csv, or move this file out of the input folder", f.describe())
}

// loadFile reads one input file (a workbook, or delimited text when text is set), recognises its sheets
// and converts their rows. A .txt file in which no sheet fits a kind is a readme: skipped, not an error.
func (l *loader) loadFile(name string, data []byte, text bool) error {
	sum := sha256.Sum256(data)
	var (
		ins []*sheetIn
		own bool // a workbook this program wrote (ownbook.go)
	)
	if text {
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
		var err error
		if ins, own, err = openSheets(data, l.opts.MaxXLSXBytes, l.memBudget); err != nil {
			var sp *sheetProblem
			if errors.As(err, &sp) {
				return &FileError{File: name, Sheet: sp.sheet, Err: sp.err}
			}
			return &FileError{File: name, Err: err}
		}
	}
	defer closeSheets(ins)
	var (
		recognised []sheetPlan
		skipped    = map[*sheetIn]string{} // why each skipped sheet is skipped
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
		ownReview := false
		if _, named := l.overrides[name+"#"+sd.name]; own && !named {
			switch {
			case sd.name == ownReviewSheet:
				s, _ := specFor(Resolutions)
				candidates, ownReview = []kindSpec{s}, true
			case isOwnSheet(sd.name):
				// A sheet the program writes has the columns of a register (the rosters), at most. One that has
				// the columns of another kind was pasted over: skipping it could lose a 失信 or 已兑付 list.
				if h, ok, _ := l.m.detectHeader(sd.rows, l.m.specs); ok {
					for _, k := range fitKinds(l.m, h, sd.name, name) {
						if k != Enterprises && k != IndustrialSoftware {
							return &FileError{File: name, Sheet: sd.name,
								Err: unrecognised("the sheet, in a workbook this program wrote, has the columns of %s, which the program never writes there; put an extract in a file of its own, or name the sheet's kind in %s", k, batchFile)}
						}
					}
				}
				skipped[in] = skipOwnSheet
				continue
			default:
				return &FileError{File: name, Sheet: sd.name,
					Err: unrecognised("the sheet was added to a workbook this program wrote, and whether it is an extract cannot be told; put an extract in a file of its own, or name the sheet's kind in %s", batchFile)}
			}
		}
		h, ok, ms := l.m.detectHeader(sd.rows, candidates)
		if !ok && ownReview {
			return &FileError{File: name, Sheet: sd.name,
				Err: unrecognised("the %s sheet of a workbook this program wrote lacks the resolutions columns (%s), so the reviewers' answers on it cannot be read; fill them in on the sheet as written",
					ownReviewSheet, ms)}
		}
		if !ok && sd.name != "" && l.overrides[name+"#"+sd.name] != "" {
			// batch.toml names this very sheet: it is meant to be data, so skipping it would lose it.
			return &FileError{File: name, Sheet: sd.name,
				Err: unrecognised("%s names it %s, but it does not have that kind's columns (%s); correct %s or the sheet's header",
					batchFile, l.overrides[name+"#"+sd.name], ms, batchFile)}
		}
		if !ok {
			if ms.found > closest.found || closestAt == "" {
				closest, closestAt = ms, sd.name
			}
			skipped[in] = skipNoHeader
			continue
		}
		chosen, tied := l.m.recognise(h, candidates, sd.name, name)
		if _, forced := l.override(name, sd.name); !forced && len(chosen) == 1 && chosen[0].kind == IndustrialSoftware {
			if ms, other := l.m.looksLikeOther(h, sd.rows, sd.name, name); other {
				if ms.found > closest.found || closestAt == "" {
					closest, closestAt = ms, sd.name
				}
				skipped[in] = skipNoHeader
				continue
			}
		}
		if len(chosen) == 0 {
			return &FileError{File: name, Sheet: sd.name, Row: sd.rows[h.index].num,
				Err: unrecognised("the header fits %v equally and neither the sheet nor the file name settles it; name the kind in %s",
					tied, batchFile)}
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
				skipped[sp.in] = skipWeakSheet
			}
			return sp.weak
		})
	}
	if len(recognised) == 0 && own {
		// A 公示名单 or 拨付清单 put back into the input folder holds nothing to read.
		l.skip(name, skipOwnBook)
		return nil
	}
	if len(recognised) == 0 {
		if _, named := l.overrides[name]; text && !named && strings.EqualFold(filepath.Ext(name), ".txt") {
			// inputs.md: a .txt with no header of a kind in its first 30 rows is not data (a readme).
			l.skip(name, skipReadme)
			return nil
		}
		return &FileError{File: name, Sheet: closestAt,
			Err: unrecognised("no sheet has the columns of any kind (%s); check that it is one of the extracts inputs.md lists, or name its kind in %s",
				closest, batchFile)}
	}
	rows := 0
	for _, in := range ins { // in sheet order, so that the reports are
		if why, ok := skipped[in]; ok {
			l.warn("%s: sheet %q skipped: %s", name, in.sd.name, why)
			l.skippedReport(SheetReport{SourceFile: name, SourceSheet: in.sd.name, SkippedReason: why})
			continue
		}
		i := slices.IndexFunc(recognised, func(sp sheetPlan) bool { return sp.in == in })
		if i < 0 {
			continue
		}
		sp := recognised[i]
		if text {
			markFieldCounts(sp)
		}
		n, err := l.readSheet(name, sp)
		if errors.Is(err, ErrUnreadable) {
			return &FileError{File: name, Sheet: in.sd.name, Err: err}
		}
		if err != nil {
			return err
		}
		rows += n
	}
	l.b.Files = append(l.b.Files, InputFile{Name: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), Rows: rows})
	return nil
}

// markFieldCounts gives the reader of a delimited file the header's number of fields, and marks the data
// rows already read whose number of fields differs (field_count): inputs.md says such a row is quarantined,
// never shifted or cut.
func markFieldCounts(sp sheetPlan) {
	sd := sp.in.sd
	cs, _ := sp.in.src.(*csvStream)
	if cs == nil {
		cs = &csvStream{} // the whole file is in sd.rows: mark them with a reader that reads nothing more
	}
	// The header's width: its widest row (a hand-made two-row header may stop short on its first row).
	cs.width = 0
	for i := sp.h.index; i < sp.h.dataStart; i++ {
		cs.width = max(cs.width, len(sd.rows[i].cells))
	}
	for i := sp.h.dataStart; i < len(sd.rows); i++ {
		cs.mark(&sd.rows[i])
	}
	if sp.in.pending != nil {
		cs.mark(sp.in.pending)
	}
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

// fitKinds are the kinds a header fits: the one recognition chooses, or the ones it cannot choose between.
func fitKinds(m *matcher, h header, sheet, file string) []Kind {
	chosen, tied := m.recognise(h, m.specs, sheet, file)
	for _, s := range chosen {
		tied = append(tied, s.kind)
	}
	return tied
}
