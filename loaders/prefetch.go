package loaders

import (
	"slices"
	"sync"

	"github.com/xuri/excelize/v2"
)

// Memory bounds of the row pipeline. A row costs memory by its width (a string header and a flag per
// cell, gaps included) more than by its XML: a row whose one cell is in column XFD is 40 bytes of XML and
// 16,384 cells. So the rows read ahead, and the rows of a chunk, are bounded in cells, not only in rows,
// and a sheet whose rows are far wider than their XML cannot grow memory whatever it inflates to.
const (
	// chunkCells ends a chunk of rows (stream.go) before chunkRows when its rows hold this many cells.
	chunkCells = 64 << 10
	// prefetchCells bounds the cells a prefetch holds read ahead (about 70 MiB with their headers).
	prefetchCells = 4 << 20
	// wholeSheetCells bounds the cells of a sheet read whole into memory (a sheet held in memory whose
	// merged ranges reach its data rows): a sheet within memSheetBudget of XML has at most about 4.5
	// million cells that hold a value.
	wholeSheetCells = 16 << 20
	// maxMerges bounds the merged ranges of a sheet, which are held in memory.
	maxMerges = 1 << 20
)

// prefetchChunks bounds how far a prefetch reads ahead, in chunks of chunkRows rows (about 16 MiB of
// rows for a ten-column sheet), besides prefetchCells.
const prefetchChunks = 256

// prefetch reads a row source ahead on its own goroutine, so that scanning the sheet XML overlaps the
// first pass that finds the merged ranges and, later, the conversion. Rows and the error that ends the
// source come out exactly in the source's order.
type prefetch struct {
	src    rowSource
	chunks chan prefetched
	stop   chan struct{}
	done   chan struct{}
	cur    []sheetRow
	err    error
	end    bool

	// held is the cells of the chunks read ahead and not yet taken; the reader waits while it is over
	// prefetchCells (it always may hold one chunk, so that it makes progress).
	mu      sync.Mutex
	cond    *sync.Cond
	held    int
	stopped bool
}

type prefetched struct {
	rows  []sheetRow
	cells int
	err   error
}

// startPrefetch starts reading src ahead, at most ahead chunks (and at least prefetchChunks) and
// prefetchCells cells.
func startPrefetch(src rowSource, ahead int) *prefetch {
	p := &prefetch{src: src, chunks: make(chan prefetched, max(ahead, prefetchChunks)), stop: make(chan struct{}),
		done: make(chan struct{})}
	p.cond = sync.NewCond(&p.mu)
	go func() {
		defer close(p.done)
		defer close(p.chunks)
		rows := make([]sheetRow, 0, chunkRows)
		cells := 0
		send := func(c prefetched) bool {
			if !p.reserve(c.cells) {
				return false
			}
			select {
			case p.chunks <- c:
				return true
			case <-p.stop:
				return false
			}
		}
		for {
			r, ok, err := src.next()
			if err != nil || !ok {
				if len(rows) > 0 && !send(prefetched{rows: rows, cells: cells}) {
					return
				}
				if err != nil {
					send(prefetched{err: err})
				}
				return
			}
			rows = append(rows, r)
			cells += len(r.cells)
			if len(rows) == chunkRows || cells >= chunkCells {
				if !send(prefetched{rows: rows, cells: cells}) {
					return
				}
				rows, cells = make([]sheetRow, 0, chunkRows), 0
			}
		}
	}()
	return p
}

// reserve waits until a chunk of n cells may be held, and counts it; false when the prefetch is closed.
func (p *prefetch) reserve(n int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.held > 0 && p.held+n > prefetchCells && !p.stopped {
		p.cond.Wait()
	}
	p.held += n
	return !p.stopped
}

func (p *prefetch) next() (sheetRow, bool, error) {
	for len(p.cur) == 0 {
		if p.err != nil || p.end {
			return sheetRow{}, false, p.err
		}
		c, ok := <-p.chunks
		switch {
		case !ok:
			p.end = true
		case c.err != nil:
			p.err = c.err
		default:
			p.cur = c.rows
			p.mu.Lock()
			p.held -= c.cells
			p.mu.Unlock()
			p.cond.Broadcast()
		}
	}
	r := p.cur[0]
	p.cur[0] = sheetRow{}
	p.cur = p.cur[1:]
	return r, true, nil
}

// close stops the read-ahead and closes the source.
func (p *prefetch) close() error {
	close(p.stop)
	p.mu.Lock()
	p.stopped = true
	p.mu.Unlock()
	p.cond.Broadcast()
	<-p.done
	return p.src.close()
}

// reopened is the row source of a sheet whose stream was closed after its first rows (only one sheet of
// a workbook keeps a stream open while the others are recognised, so that a workbook of many sheets
// holds one sheet's buffers, not all of them): it opens the sheet again when its rows are wanted and
// passes over the rows already read (row numbers up to after).
type reopened struct {
	open  func() (rowSource, error)
	after int
	src   rowSource
}

func (r *reopened) next() (sheetRow, bool, error) {
	if r.src == nil {
		src, err := r.open()
		if err != nil {
			return sheetRow{}, false, err
		}
		r.src = src
	}
	for {
		row, ok, err := r.src.next()
		if err != nil || !ok || row.num > r.after {
			return row, ok, err
		}
	}
}

func (r *reopened) close() error {
	if r.src == nil {
		return nil
	}
	return r.src.close()
}

// mergeFill fills merged ranges into the rows of a sheet streamed after its first rows, as the
// whole-sheet reader (sheetOf) fills them: a cell inside a range and empty takes the value of the range's
// top-left cell, and the top-left cell's type (so that a text filled in is not a number cell). It lets a
// sheet whose merged ranges reach its data rows (a merged 合计, a 序号 merged over a group's rows) stream
// instead of being held whole. The ranges reach as far right as the widest row read so far (the
// whole-sheet reader: the widest row of the sheet).
type mergeFill struct {
	src    rowSource
	ranges []mergeRange // by first row
	reach  int          // the first range whose first row has not been reached
	active []int        // the ranges reaching the current row, in the order of the sheet's list
	width  int
	last   int       // the last row given out
	held   *sheetRow // the next row of the stream, held while rows before it are given out
}

type mergeRange struct {
	order          int // place in the sheet's list: the first range filling a cell wins
	r1, c1, r2, c2 int // 1-based
	v              string
	typed          byte // the top-left cell's cellTyped flag
}

// newMergeFill fills the ranges ms into the rows src yields after head (rows[i] is physical row i+1,
// merged ranges already filled).
func newMergeFill(src rowSource, ms []excelize.MergeCell, head []sheetRow) *mergeFill {
	f := &mergeFill{src: src, last: len(head)}
	for _, r := range head {
		f.width = max(f.width, len(r.cells))
	}
	for i, m := range ms {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r2 <= len(head) {
			continue // skipped as the whole-sheet reader skips it, or within the first rows (filled)
		}
		mr := mergeRange{order: i, r1: r1, c1: c1, r2: r2, c2: c2}
		if r1 <= len(head) && c1-1 < len(head[r1-1].cells) {
			mr.v, mr.typed = head[r1-1].cells[c1-1], head[r1-1].flag(c1-1)&cellTyped
		}
		f.ranges = append(f.ranges, mr)
	}
	slices.SortStableFunc(f.ranges, func(a, b mergeRange) int { return a.r1 - b.r1 })
	return f
}

func (f *mergeFill) next() (sheetRow, bool, error) {
	if f.held == nil {
		r, ok, err := f.src.next()
		if err != nil || !ok {
			return r, ok, err
		}
		f.held = &r
	}
	// A row with no cell of its own is not in the stream; one a range reaches is a row of the sheet, as
	// the whole-sheet reader fills it.
	for n := f.last + 1; n < f.held.num; n++ {
		f.reachRow(n, nil)
		if r := (sheetRow{num: n, style: -1}); len(f.active) > 0 && f.fill(&r) {
			f.last = n
			return r, true, nil
		}
	}
	r := *f.held
	f.held = nil
	f.reachRow(r.num, &r)
	f.width = max(f.width, len(r.cells))
	f.fill(&r)
	f.last = r.num
	return r, true, nil
}

// reachRow makes the ranges starting at or above row n active (r is the row when it has cells: a
// range's top-left value comes from it) and drops those that end above it.
func (f *mergeFill) reachRow(n int, r *sheetRow) {
	for ; f.reach < len(f.ranges) && f.ranges[f.reach].r1 <= n; f.reach++ {
		mr := &f.ranges[f.reach]
		if r != nil && mr.r1 == n && mr.c1-1 < len(r.cells) { // the top-left cell is in this row
			mr.v, mr.typed = r.cells[mr.c1-1], r.flag(mr.c1-1)&cellTyped
		}
		f.active = append(f.active, f.reach)
	}
	f.active = slices.DeleteFunc(f.active, func(i int) bool { return f.ranges[i].r2 < n })
	slices.SortFunc(f.active, func(a, b int) int { return f.ranges[a].order - f.ranges[b].order })
}

// fill fills the active ranges into r and reports whether it filled a cell.
func (f *mergeFill) fill(r *sheetRow) bool {
	filled := false
	for _, i := range f.active {
		mr := &f.ranges[i]
		if mr.v == "" || mr.r1 > r.num {
			continue
		}
		for c := mr.c1; c <= min(mr.c2, f.width); c++ {
			if c > len(r.cells) {
				r.cells = append(r.cells[:len(r.cells):len(r.cells)], make([]string, c-len(r.cells))...)
			}
			if r.cells[c-1] != "" {
				continue
			}
			r.cells[c-1] = mr.v
			if len(r.flags) < len(r.cells) {
				r.flags = append(r.flags[:len(r.flags):len(r.flags)], make([]byte, len(r.cells)-len(r.flags))...)
			}
			r.flags[c-1] = mr.typed
			filled = true
		}
	}
	return filled
}

func (f *mergeFill) close() error { return f.src.close() }
