package loaders

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/bjgjj/awards/loaders/parse"
)

// This file is the streaming side of a load: rows go from the reader (CSV records, sheet-XML rows) through
// conversion to the caller's RowSink one chunk at a time, and duplicates are resolved at the end from
// hashes, so that a national batch (over ten million rows) is never held in memory.

// RowSink receives the converted rows of a load as they are read.
type RowSink interface {
	// Row receives one converted row of kind k, its values in the order of Columns(k); the slice belongs
	// to the sink. Rows of one kind arrive in a deterministic order (file name, sheet order, row
	// number; the list rows that name their enterprise by a 组织机构代码 come last, in the same order, once
	// the register is known); the n-th row of a kind (from 0) is its ordinal, which Batch.Excluded refers
	// to.
	Row(k Kind, values []string) error
}

// rowSource yields the rows of a sheet or CSV file after those already read.
type rowSource interface {
	next() (sheetRow, bool, error)
	close() error
}

// sheetIn is one sheet ready for recognition: its first rows in sd.rows and, when the sheet goes on, the
// next row read (pending) and the source of the rest.
type sheetIn struct {
	sd      *sheetData
	pending *sheetRow
	src     rowSource
}

func closeSheets(ss []*sheetIn) {
	for _, s := range ss {
		if s.src != nil {
			s.src.close()
		}
	}
}

// headAfter is how many rows past maxHeaderRow the first rows of a sheet take in, so that everything
// header recognition looks at (a two-row header ending at maxHeaderRow and the unit or column-number rows
// under it) is among them.
const headAfter = 3

// readHead reads the first rows of a sheet: every row up to maxHeaderRow, headAfter more, and then as
// long as the last one is a unit or column-number row (which would extend a header). With pad, rows are
// indexed by physical row (gaps filled with empty rows), as the xlsx readers do. pending is the first row
// after them, nil when the sheet has no more.
func readHead(src rowSource, pad bool) (rows []sheetRow, pending *sheetRow, err error) {
	after := 0
	complete := func() bool {
		return after >= headAfter && !headOpen(rows)
	}
	add := func(r sheetRow) {
		rows = append(rows, r)
		if r.num > maxHeaderRow {
			after++
		}
	}
	for {
		r, ok, err := src.next()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return rows, nil, nil
		}
		for pad && len(rows) < r.num-1 {
			if complete() {
				return rows, &r, nil
			}
			add(sheetRow{num: len(rows) + 1, style: -1})
		}
		if complete() {
			return rows, &r, nil
		}
		add(r)
	}
}

// headOpen reports whether the last of a sheet's first rows could still belong to a header.
func headOpen(rows []sheetRow) bool {
	if len(rows) == 0 {
		return false
	}
	last := rows[len(rows)-1]
	return isUnitRow(last) || isColumnNumberRow(last)
}

// chunkRows is how many rows go to a conversion worker at once.
const chunkRows = 256

type rowJob struct {
	idx int // index in sd.rows, -1 for a streamed row
	row sheetRow
}

// planOut is one row converted as one kind.
type planOut struct {
	vals  []string
	probs []problem
	key   [2]uint64 // hash of the duplicate key
	same  uint64    // hash of the values duplicates must agree on
	fail  bool      // the credit code fails its check digit
	org   string    // the 组织机构代码 the row names its enterprise by, "" when it has a credit code
}

type chunk struct {
	jobs  []rowJob
	blank []bool
	total []bool
	out   []planOut // len(jobs) × len(plans)
	done  chan struct{}
}

// readSheet converts the data rows of a recognised sheet, once per kind it holds, and returns the number
// of rows read. Conversion runs on every core, a chunk of rows at a time; the results are taken in row
// order, so that the sink, the quarantine and the reports see exactly the sequential order.
func (l *loader) readSheet(file string, sp sheetPlan) (int, error) {
	sd := sp.in.sd
	for _, p := range sp.plans {
		if p.stop != nil {
			return 0, &FileError{File: file, Sheet: sd.name, Column: p.stopCol, Err: p.stop}
		}
	}
	var reports []int
	for _, p := range sp.plans {
		r := SheetReport{SourceFile: file, SourceSheet: sd.name, Kind: p.spec.kind, Encoding: sd.encoding}
		for _, f := range p.spec.fields {
			if u, ok := p.units[f.id]; ok && r.Unit == "" {
				r.Unit = u.name
			}
		}
		l.b.Reports = append(l.b.Reports, r)
		l.sheetSeq = append(l.sheetSeq, l.sheets)
		l.checkFail = append(l.checkFail, 0)
		reports = append(reports, len(l.b.Reports)-1)
		for _, f := range p.spec.fields {
			if u, ok := p.units[f.id]; ok && !u.ok {
				l.warn("%s: money column %q has no unit (元/千元/万元/亿元) in its header or a unit line: every row of the sheet is quarantined (unknown_unit)",
					sheetLabel(file, sd.name), p.cols[f.id].text)
			}
		}
	}
	l.sheets++

	workers := max(1, runtime.GOMAXPROCS(0))
	work := make(chan *chunk, workers)
	ordered := make(chan *chunk, 4*workers)
	stop := make(chan struct{})
	var srcErr error
	go func() { // the producer: rows in sheet order, in chunks
		defer close(work)
		defer close(ordered)
		c := &chunk{jobs: make([]rowJob, 0, chunkRows)} // full size at once, not grown by appends
		send := func() bool {
			c.done = make(chan struct{})
			select {
			case work <- c:
			case <-stop:
				return false
			}
			select {
			case ordered <- c:
			case <-stop:
				return false
			}
			c = &chunk{jobs: make([]rowJob, 0, chunkRows)}
			return true
		}
		cells := 0
		add := func(j rowJob) bool {
			c.jobs = append(c.jobs, j)
			// A chunk also ends at chunkCells cells, so that the chunks in flight stay small in memory
			// however wide the rows (prefetch.go).
			if cells += len(j.row.cells); len(c.jobs) < chunkRows && cells < chunkCells {
				return true
			}
			cells = 0
			return send()
		}
		for idx := sp.h.dataStart; idx < len(sd.rows); idx++ {
			if !add(rowJob{idx: idx, row: sd.rows[idx]}) {
				return
			}
		}
		if sp.in.pending != nil {
			if !add(rowJob{idx: -1, row: *sp.in.pending}) {
				return
			}
			for {
				r, ok, err := sp.in.src.next()
				if err != nil {
					if !errors.Is(err, ErrUnreadable) {
						err = fmt.Errorf("%w: sheet %s: %v", ErrUnreadable, sd.name, err)
					}
					srcErr = err
					return
				}
				if !ok {
					break
				}
				if !add(rowJob{idx: -1, row: r}) {
					return
				}
			}
		}
		if len(c.jobs) > 0 {
			send()
		}
	}()
	for range workers {
		go func() {
			cache := new(textCache)
			var tuple []byte
			for c := range work {
				l.convertChunk(file, sd, sp.plans, c, cache, &tuple)
				close(c.done)
			}
		}()
	}

	read := 0
	var err error
	for c := range ordered {
		<-c.done
		if err != nil {
			continue
		}
		for j, job := range c.jobs {
			if c.blank[j] {
				continue
			}
			read++
			for i := range sp.plans {
				p := &sp.plans[i]
				rep := &l.b.Reports[reports[i]]
				rep.RowsRead++
				if c.total[j] {
					rep.SkippedTotals++
					continue
				}
				po := &c.out[j*len(sp.plans)+i]
				if len(po.probs) > 0 {
					rep.Quarantined++
					q := quarantined(file, sd.name, job.row.num, p.spec.kind, po.probs, job.row.cells)
					if po.org != "" {
						l.naming.quarantined = append(l.naming.quarantined, orgRow{quarantine: len(l.b.Quarantine), org: po.org})
					}
					if p.spec.kind == Enterprises && q.CreditCode != "" {
						l.naming.register.add(q.CreditCode) // a register row kept out still names its enterprise
					}
					l.b.Quarantine = append(l.b.Quarantine, q)
					continue
				}
				if po.org != "" {
					// Held back until the register is known: the row goes to the sink then, with the credit
					// code it names (resolveOrgCodes).
					b := p.binding(fCode)
					l.naming.held = append(l.naming.held, orgRow{report: reports[i], plan: p, row: job.row.num, po: *po, org: po.org,
						raw: cellAt(job.row, b.col.idx), cells: job.row.cells})
					continue
				}
				if err = l.accept(reports[i], p, job.row.num, po); err != nil {
					err = fmt.Errorf("%s: %w", sheetLabel(file, sd.name), err)
					close(stop)
					break
				}
			}
			if err != nil {
				break
			}
		}
	}
	if err != nil {
		return 0, err
	}
	if srcErr != nil {
		return 0, srcErr
	}
	return read, nil
}

// convertChunk converts a chunk's rows as every plan's kind and hashes what duplicate resolution needs.
// The values of all its rows share one backing array, and their row numbers one string: a few
// allocations per chunk instead of two per row. cache and tuple are the worker's own scratch, kept from
// chunk to chunk.
func (l *loader) convertChunk(file string, sd *sheetData, plans []plan, c *chunk, cache *textCache, tuple *[]byte) {
	n := len(c.jobs)
	c.blank, c.total = make([]bool, n), make([]bool, n)
	c.out = make([]planOut, n*len(plans))
	width := 0
	for i := range plans {
		width += len(plans[i].names)
	}
	backing := make([]string, n*width)
	var digits []byte
	ends := make([]int, n)
	for j, job := range c.jobs {
		digits = strconv.AppendInt(digits, int64(job.row.num), 10)
		ends[j] = len(digits)
	}
	nums, start := string(digits), 0
	for j, job := range c.jobs {
		num := nums[start:ends[j]]
		start = ends[j]
		if c.blank[j], c.total[j] = classify(plans, &job.row); c.blank[j] || c.total[j] {
			continue
		}
		for i := range plans {
			p := &plans[i]
			po := &c.out[j*len(plans)+i]
			out := backing[:len(p.names):len(p.names)] // capped: a sink appending to a row cannot reach the next
			backing = backing[len(p.names):]
			po.vals, po.probs, po.org = p.convertRow(file, sd.name, sd, job.idx, job.row, out, num, cache)
			if po.vals == nil {
				continue
			}
			l.hashRow(p, po, tuple)
		}
	}
}

// hashRow hashes what duplicate resolution needs of a converted row; tuple is scratch.
func (l *loader) hashRow(p *plan, po *planOut, tuple *[]byte) {
	*tuple = appendTuple((*tuple)[:0], po.vals, p.key, p.fold)
	po.key[0] = maphash.Bytes(l.seeds[0], *tuple)
	po.key[1] = maphash.Bytes(l.seeds[1], *tuple)
	*tuple = appendTuple((*tuple)[:0], po.vals, p.same, p.fold)
	po.same = maphash.Bytes(l.seeds[2], *tuple)
	if p.code >= 0 {
		po.fail = !USCCCheckOK(po.vals[p.code])
	}
}

// classify tells whether a row is blank or a total (or note) row, which are not read as data, as rowClass
// does, and then settles what only the kinds can: an error value or a formula without a value makes a row
// a data row (to be quarantined) when it is in a column the kinds read (a formula: in any column), and
// never lets it pass as a total; a row holding a readable credit code is an enterprise whatever its first
// text cell says (a name may begin 注 or 审核); a row the reader could not split is never a total; and an
// unfilled line of a resolutions sheet (the 待复核 sheet of a roster) and a repeat of the header are blank.
func classify(plans []plan, r *sheetRow) (blank, total bool) {
	blank, total, errs := rowClass(*r)
	if r.bad != "" {
		return blank && !errs && !hasNoValueCell(r), false
	}
	switch {
	case blank:
		if (errs && errorInReadColumn(plans, r)) || hasNoValueCell(r) {
			return false, false
		}
		return true, false
	case total:
		if (errs && errorInReadColumn(plans, r)) || codeReadable(plans, r) {
			return false, false
		}
		return false, true
	}
	return unfilledResolution(plans, r) || isHeaderRepeat(plans, r), false
}

// errorInReadColumn reports an error value in a column some plan reads.
func errorInReadColumn(plans []plan, r *sheetRow) bool {
	for i := range plans {
		for _, b := range plans[i].bound {
			if isErrorCell(r, b.col.idx) {
				return true
			}
		}
	}
	return false
}

// codeReadable reports a row that names an enterprise although its first text cell is a marker: a valid
// credit code in the code column of some plan, or a valid credit code (check digit included) anywhere in
// the row (注9111… in the code cell): a total or note never holds one, and a list row lost as a note could
// pay an enterprise it excludes. Such a row is read as data, and quarantined when it cannot be.
func codeReadable(plans []plan, r *sheetRow) bool {
	for i := range plans {
		if b := plans[i].binding(fCode); b != nil {
			if _, err := parse.CreditCode(identifier(cellAt(*r, b.col.idx))); err == nil {
				return true
			}
		}
	}
	for _, c := range r.cells {
		if holdsCreditCode(c) {
			return true
		}
	}
	return false
}

// holdsCreditCode reports an 18-character run of the GB 32100 alphabet in a cell that is a credit code
// with a valid check digit.
func holdsCreditCode(cell string) bool {
	t := strings.ToUpper(compact(cell))
	run := 0
	for i := 0; i <= len(t); i++ {
		if i < len(t) && strings.IndexByte(parse.USCCAlphabet, t[i]) >= 0 {
			run++
			continue
		}
		if run == 18 && USCCCheckOK(t[i-18:i]) {
			return true
		}
		run = 0
	}
	return false
}

// isHeaderRepeat reports a row that repeats the header (exports that print it again on every page): every
// cell a plan reads is empty or the header's own text for its column — its name, or for a wide layout's
// figure its sub-header (本年, 上年同期) or the measure above it — and at least one is not empty. Each row
// of a two-row header repeated is one: the second holds only the sub-headers. A header row, not data, so
// it is not read. A row with any other text where a plan reads (a code, a period, a figure) is data.
func isHeaderRepeat(plans []plan, r *sheetRow) bool {
	n := 0
	for i := range plans {
		for _, b := range plans[i].bound {
			switch c := compact(cellAt(*r, b.col.idx)); {
			case c == "":
			case c == b.own || (b.col.parent != "" && c == compact(b.col.parent)):
				n++
			default:
				return false
			}
		}
	}
	return n > 0
}

// unfilledResolution reports a row of a resolutions sheet whose 结论, 核定金额, 复核人 and 复核日期 are all
// empty: a review line of the roster's 待复核 sheet that no one has decided (near misses, the sign-off
// block). Decision: such a row is not a resolution and is treated as a blank row (not read, not counted),
// so a returned sheet with a few lines decided loads only those.
func unfilledResolution(plans []plan, r *sheetRow) bool {
	if len(plans) != 1 || plans[0].spec.kind != Resolutions {
		return false
	}
	for _, id := range []string{fVerdict, fAmount, fReviewer, fReviewed} {
		if b := plans[0].binding(id); b != nil && (compact(cellAt(*r, b.col.idx)) != "" || isErrorCell(r, b.col.idx)) {
			return false
		}
	}
	return !hasNoValueCell(r)
}

// appendTuple appends the values at cols, each preceded by its length so that no two tuples are the same
// bytes by construction: what is hashed for duplicate resolution (once for all the seeds). A value at a
// position fold marks is folded first (a text kept verbatim is compared as the parsers would match it).
func appendTuple(b []byte, vals []string, cols []int, fold []bool) []byte {
	for _, c := range cols {
		v := vals[c]
		if fold[c] {
			v = parse.Fold(v)
		}
		b = binary.LittleEndian.AppendUint64(b, uint64(len(v)))
		b = append(b, v...)
	}
	return b
}

// kindRows is what duplicate resolution keeps per kind: for every distinct key (a 128-bit hash: two
// different keys collide with odds far below any hardware fault), where its first row went.
type kindRows struct {
	n      uint32 // rows given to the sink
	keys   map[[2]uint64]firstRow
	ranges []ordRange // which report each ordinal belongs to
}

type firstRow struct {
	ord, row uint32
	same     uint64 // hash of the compared values; the top bit holds whether the check digit fails
}

type ordRange struct {
	start  uint32
	report int
}

// dupRow is a row whose key an earlier row of its kind had.
type dupRow struct {
	kind   Kind
	key    [2]uint64
	ord    uint32
	row    int
	report int
	same   uint64
	keyRaw string
}

const failBit = 1 << 63

// accept hands a converted row to the sink and indexes its key.
func (l *loader) accept(report int, p *plan, srcRow int, po *planOut) error {
	k := p.spec.kind
	kr := l.kinds[k]
	if kr == nil {
		kr = &kindRows{keys: map[[2]uint64]firstRow{}}
		l.kinds[k] = kr
	}
	ord := kr.n
	if kr.n == ^uint32(0) {
		return fmt.Errorf("more than %d %s rows", kr.n, k)
	}
	kr.n++
	if len(kr.ranges) == 0 || kr.ranges[len(kr.ranges)-1].report != report {
		kr.ranges = append(kr.ranges, ordRange{start: ord, report: report})
	}
	switch k {
	case Enterprises:
		l.naming.register.add(po.vals[p.code])
	case Affiliates:
		// The group of every affiliates row, by ordinal: a quarantined duplicate names its group (the list
		// is short, unlike the figures, whose keys carry nothing but hashes).
		if l.naming.affGroups == nil {
			l.naming.affGroups = map[uint32]string{}
		}
		l.naming.affGroups[ord] = po.vals[slices.Index(p.names, "group_id")]
	}
	same := po.same &^ failBit
	if po.fail {
		same |= failBit
		l.checkFail[report]++
	}
	if _, dup := kr.keys[po.key]; dup {
		raw := make([]string, len(p.key))
		for i, c := range p.key {
			raw[i] = po.vals[c]
		}
		l.dups = append(l.dups, dupRow{kind: k, key: po.key, ord: ord, row: srcRow, report: report, same: same,
			keyRaw: strings.Join(raw, ",")})
	} else {
		kr.keys[po.key] = firstRow{ord: ord, row: uint32(srcRow), same: same}
	}
	l.b.Reports[report].Loaded++
	return l.sink.Row(k, po.vals)
}

func (kr *kindRows) reportOf(ord uint32) int {
	i, found := slices.BinarySearchFunc(kr.ranges, ord, func(r ordRange, o uint32) int {
		switch {
		case r.start < o:
			return -1
		case r.start > o:
			return 1
		}
		return 0
	})
	if !found {
		i--
	}
	return kr.ranges[i].report
}

// rowNaming is what naming the enterprise (or group) of a row needs beyond the row itself: for the list
// rows that name their enterprise by a 组织机构代码, the register's codes and the rows waiting for them; for
// quarantined affiliates duplicates, the group of each affiliates row by ordinal.
type rowNaming struct {
	register    registerIndex
	held        []orgRow
	quarantined []orgRow
	affGroups   map[uint32]string
}

// registerIndex finds the enterprises of the register by the 组织机构代码 their credit codes hold at
// positions 9–17. Keys and values are arrays, not strings, so that a register of a million enterprises
// costs the collector nothing to scan; a key several codes hold maps to the zero array.
type registerIndex map[[9]byte][18]byte

func (ri *registerIndex) add(code string) {
	if len(code) != 18 {
		return
	}
	if *ri == nil {
		*ri = registerIndex{}
	}
	var k [9]byte
	var v [18]byte
	copy(k[:], code[8:17])
	copy(v[:], code)
	if old, ok := (*ri)[k]; ok && old != v {
		v = [18]byte{}
	}
	(*ri)[k] = v
}

// lookup returns the credit code holding org, ok false when no code or several do.
func (ri registerIndex) lookup(org string) (string, bool) {
	var k [9]byte
	copy(k[:], org)
	v, ok := ri[k]
	if !ok || v == [18]byte{} {
		return "", false
	}
	return string(v[:]), true
}

// orgRow is a list row that names its enterprise by a 组织机构代码: a converted row held back from the sink,
// or (quarantine set) a quarantined one whose CreditCode is still to fill.
type orgRow struct {
	org        string
	quarantine int // index in Batch.Quarantine
	// the held row
	report int
	plan   *plan
	row    int
	po     planOut
	raw    string   // the code cell
	cells  []string // the row, for its quarantine record
}

// resolveOrgCodes settles the list rows that name their enterprise by a 组织机构代码, now that the whole
// register has been read (inputs.md): a row whose code is held by exactly one credit code of the register
// loads with that code (after every other row of its kind: Batch.Excluded and the duplicate rule see it
// like any other); a row whose code no enterprise or several hold is quarantined (bad_code) with no
// credit code. A quarantined row gets the credit code the same way, or bad_code added to its reasons.
func (l *loader) resolveOrgCodes() error {
	var tuple []byte
	for i := range l.naming.held {
		h := &l.naming.held[i]
		code, ok := l.naming.register.lookup(h.org)
		if !ok {
			rep := &l.b.Reports[h.report]
			rep.Quarantined++
			pr := problem{column: h.plan.binding(fCode).col.text, raw: h.raw, reason: "bad_code"}
			if g := slices.Index(h.plan.names, "group_id"); g >= 0 {
				pr.group = h.po.vals[g]
			}
			l.b.Quarantine = append(l.b.Quarantine, quarantined(rep.SourceFile, rep.SourceSheet, h.row, h.plan.spec.kind,
				[]problem{pr}, h.cells))
			continue
		}
		h.po.vals[h.plan.code] = code
		l.hashRow(h.plan, &h.po, &tuple)
		if err := l.accept(h.report, h.plan, h.row, &h.po); err != nil {
			rep := l.b.Reports[h.report]
			return fmt.Errorf("%s: %w", sheetLabel(rep.SourceFile, rep.SourceSheet), err)
		}
	}
	l.naming.held = nil
	for _, o := range l.naming.quarantined {
		q := &l.b.Quarantine[o.quarantine]
		if code, ok := l.naming.register.lookup(o.org); ok {
			q.CreditCode = code
		} else if !slices.Contains(strings.Split(q.Reason, ";"), "bad_code") {
			q.Reason += ";bad_code"
		}
	}
	return nil
}

// resolveDuplicates applies inputs.md's duplicate rule per kind over the whole batch: rows with the same
// key and the same values keep the first and count the others as dropped; rows with the same key and
// different values are all quarantined as duplicate. Rows already given to the sink that must not load
// are listed in Batch.Excluded. The rows that name their enterprise by a 组织机构代码 are settled first.
func (l *loader) resolveDuplicates() error {
	if err := l.resolveOrgCodes(); err != nil {
		return err
	}
	type gkey struct {
		kind Kind
		key  [2]uint64
	}
	type group struct {
		kind  Kind
		first firstRow
		equal bool
		rows  []dupRow
	}
	groups := map[gkey]*group{}
	var order []*group
	for _, d := range l.dups {
		g := groups[gkey{d.kind, d.key}]
		if g == nil {
			g = &group{kind: d.kind, first: l.kinds[d.kind].keys[d.key], equal: true}
			groups[gkey{d.kind, d.key}] = g
			order = append(order, g)
		}
		if g.equal && d.same&^failBit != g.first.same&^failBit {
			g.equal = false
		}
		g.rows = append(g.rows, d)
	}
	type quar struct {
		seq, row, report int
		q                Quarantined
	}
	var qs []quar
	exclude := func(k Kind, ord uint32, report int, same uint64) {
		l.b.Excluded[k] = append(l.b.Excluded[k], int(ord))
		l.b.Reports[report].Loaded--
		if same&failBit != 0 {
			l.checkFail[report]--
		}
	}
	for _, g := range order {
		if g.equal {
			for _, d := range g.rows {
				exclude(g.kind, d.ord, d.report, d.same)
				l.b.Reports[d.report].DuplicatesDropped++
			}
			continue
		}
		s, _ := specFor(g.kind)
		first := dupRow{kind: g.kind, ord: g.first.ord, row: int(g.first.row), report: l.kinds[g.kind].reportOf(g.first.ord),
			same: g.first.same, keyRaw: g.rows[0].keyRaw}
		// Every key but the catalogue's starts with the credit code, which names the enterprise.
		code := ""
		if s.key[0] == "credit_code" {
			code, _, _ = strings.Cut(g.rows[0].keyRaw, ",")
		}
		for _, d := range append([]dupRow{first}, g.rows...) {
			exclude(g.kind, d.ord, d.report, d.same)
			rep := &l.b.Reports[d.report]
			rep.Quarantined++
			qs = append(qs, quar{seq: l.sheetSeq[d.report], row: d.row, report: d.report, q: Quarantined{
				SourceFile: rep.SourceFile, SourceSheet: rep.SourceSheet, SourceRow: d.row, Kind: g.kind, CreditCode: code, Group: l.naming.affGroups[d.ord],
				Column: strings.Join(s.key, ","), RawValue: d.keyRaw, Reason: "duplicate"}})
		}
	}
	// The quarantine lists duplicates in the order the rows were read: sheet, row, then kind.
	slices.SortStableFunc(qs, func(a, b quar) int {
		if a.seq != b.seq {
			return a.seq - b.seq
		}
		if a.row != b.row {
			return a.row - b.row
		}
		return a.report - b.report
	})
	for _, q := range qs {
		l.b.Quarantine = append(l.b.Quarantine, q.q)
	}
	for k := range l.b.Excluded {
		slices.Sort(l.b.Excluded[k])
	}
	return nil
}

// warnCheckDigits counts, per sheet and kind, the loaded credit codes whose GB 32100 check digit fails:
// such codes load (some early codes were issued that way) but the run log must say how many there are.
func (l *loader) warnCheckDigits() {
	for i, r := range l.b.Reports {
		if n := l.checkFail[i]; n > 0 {
			l.warn("%s: %d %s row(s) with a credit code failing the GB 32100 check digit (loaded; awards carry a remark)",
				sheetLabel(r.SourceFile, r.SourceSheet), n, r.Kind)
		}
	}
}

// collectSink keeps every row in memory: LoadDir's sink. The rows of a kind are kept in blocks and copied
// once, at the end, into one slice: appending to one growing slice would copy it again and again (large
// slices grow by a quarter), all of it fresh memory for the load to touch.
type collectSink struct{ blocks map[Kind][][][]string }

const (
	collectBlockMin = 64
	collectBlockMax = 4096
)

func (c *collectSink) Row(k Kind, v []string) error {
	bs := c.blocks[k]
	if n := len(bs); n == 0 || len(bs[n-1]) == cap(bs[n-1]) {
		size := collectBlockMin
		if n > 0 {
			size = min(2*cap(bs[n-1]), collectBlockMax)
		}
		bs = append(bs, make([][]string, 0, size))
		c.blocks[k] = bs
	}
	bs[len(bs)-1] = append(bs[len(bs)-1], v)
	return nil
}

// rows returns the rows of kind k in the order received, without those at the ordinals in ex (ascending).
func (c *collectSink) rows(k Kind, ex []int) [][]string {
	n := -len(ex)
	for _, b := range c.blocks[k] {
		n += len(b)
	}
	out := make([][]string, 0, n)
	ord := 0
	for _, b := range c.blocks[k] {
		for _, r := range b {
			if len(ex) > 0 && ex[0] == ord {
				ex = ex[1:]
			} else {
				out = append(out, r)
			}
			ord++
		}
	}
	return out
}
