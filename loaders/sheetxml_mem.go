package loaders

import (
	"archive/zip"
	"bytes"
	"io"
	"sync"

	"github.com/xuri/excelize/v2"
)

// A sheet part small enough is inflated once, into memory, instead of twice (a first pass for the merged
// ranges, which follow the rows in the XML, and a second for the rows). The inflating runs on its own
// goroutine; the row scanner follows it through the growing buffer without copying, and the merged ranges
// are parsed from the buffer's tail once it is complete. Larger sheets keep the two passes, so that memory
// stays bounded whatever the batch.

// memSheetBudget bounds the inflated sheet XML a workbook holds in memory at once (the sum over its sheets
// read this way); a sheet that would go over it is read in two passes. The zip-bomb limits have bounded
// every declared size before this is consulted.
const memSheetBudget = 64 << 20

// inflateBlock is how much is inflated between two publications to the scanner.
const inflateBlock = 256 << 10

// inflated is one sheet part being inflated into memory.
type inflated struct {
	buf []byte // the declared size; buf[:n] is inflated

	mu   sync.Mutex
	cond *sync.Cond
	n    int
	done bool
	err  error // the error that ended the inflating, nil at the end of the part
}

// startInflate opens a part and inflates it on its own goroutine.
func startInflate(zf *zip.File) (*inflated, error) {
	rc, err := openPart(zf)
	if err != nil {
		return nil, partError(zf.Name, err)
	}
	f := &inflated{buf: make([]byte, zf.UncompressedSize64)}
	f.cond = sync.NewCond(&f.mu)
	go f.run(rc, zf.Name)
	return f, nil
}

func (f *inflated) run(rc io.ReadCloser, part string) {
	defer rc.Close()
	n := 0
	var err error
	for err == nil {
		var m int
		if n < len(f.buf) {
			m, err = rc.Read(f.buf[n:min(n+inflateBlock, len(f.buf))])
		} else {
			// The part is at its declared size: one more read ends it (and checks its CRC), or fails if the part
			// inflates beyond the declared size (Go's zip reader refuses that with ErrFormat).
			var one [1]byte
			m, err = rc.Read(one[:])
			if m > 0 && err == nil {
				err = zip.ErrFormat
			}
			m = 0
		}
		n += m
		// Only the part's own end is an end: archive/zip gives io.ErrUnexpectedEOF for a part shorter
		// than declared, ErrChecksum for one whose CRC-32 fails, and flate its errors for damaged data.
		if err != nil && err != io.EOF {
			err = partError(part, err)
		}
		f.mu.Lock()
		f.n = n
		if err != nil {
			f.done = true
			if err != io.EOF {
				f.err = err
			}
		}
		f.mu.Unlock()
		f.cond.Broadcast()
	}
}

// wait blocks until more than have bytes are inflated or the inflating has ended, and returns how many
// are; done and err say whether (and how) it has ended.
func (f *inflated) wait(have int) (n int, done bool, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for f.n <= have && !f.done {
		f.cond.Wait()
	}
	return f.n, f.done, f.err
}

// whole waits for the end of the inflating and returns the part.
func (f *inflated) whole() ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for !f.done {
		f.cond.Wait()
	}
	return f.buf[:f.n], f.err
}

// mergeScan finds the merged ranges in the inflated part, as scanMerges does on the zip entry.
func (f *inflated) mergeScan() mergeScan {
	b, err := f.whole()
	if err != nil {
		return mergeScan{err: err}
	}
	i := lastSheetDataEndFromBack(b)
	if i < 0 {
		return mergeScan{}
	}
	ms, err := parseMergeTail(b[i:])
	if err != nil {
		return mergeScan{err: err}
	}
	return mergeScan{ms: ms, known: true}
}

// lastSheetDataEndFromBack is lastSheetDataEnd on a whole part, looking first in its last bytes, where
// the end of <sheetData> is (only the merged ranges and a few settings follow it).
func lastSheetDataEndFromBack(b []byte) int {
	const window = 64 << 10
	if len(b) > window {
		off := len(b) - window
		// A tag found in the window is the last of the whole part; one cut by the window's start is not found
		// in it (its "</" lies before), and the whole part is searched.
		if i := lastSheetDataEnd(b[off:]); i >= 0 {
			return off + i
		}
	}
	return lastSheetDataEnd(b)
}

// streamOf opens a row stream over an inflated part; the scanner reads the buffer in place as it grows.
func (bk *book) streamOf(f *inflated) *sheetStream {
	sc := &xmlScanner{grow: f}
	return &sheetStream{bk: bk, closer: nopCloser{}, sc: sc, fmts: &sheetFormats{bk: bk}, rowStyle: -1}
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }

// fillGrow is xmlScanner.fill over an inflated part: it waits for more of the part instead of reading.
func (s *xmlScanner) fillGrow() (bool, error) {
	if s.eof {
		return false, nil
	}
	n, _, err := s.grow.wait(s.end)
	s.buf = s.grow.buf
	if n > s.end {
		s.end = n
		return true, nil
	}
	if err != nil {
		return false, err
	}
	s.eof = true
	return false, nil
}

// parseMergeTail parses the merged ranges out of what follows the end of <sheetData>. The tail must end
// with the root's end tag (</worksheet>): a part cut off after its rows has lost merged ranges, and a
// sheet cut off is never read as whole, even one recognition skips (its header may be what was lost).
func parseMergeTail(tail []byte) (ms []excelize.MergeCell, err error) {
	sc := newXMLScanner(bytes.NewReader(tail))
	closed := false
	for {
		tok, err := sc.next()
		if err == io.EOF {
			if !closed {
				return nil, errCutOffSheet()
			}
			return ms, nil
		}
		if err != nil {
			return nil, sheetXMLError(err)
		}
		switch {
		case tok.kind == tokEnd && (string(tok.name) == "worksheet" || string(tok.name) == "macrosheet" || string(tok.name) == "dialogsheet"):
			closed = true
		case tok.kind == tokStart:
			closed = false
		}
		if tok.kind == tokStart && string(tok.name) == "mergeCell" {
			if len(ms) >= maxMerges {
				return nil, tooManyMerges()
			}
			sc.attrs(tok.attrs, func(k, v []byte) {
				if string(k) == "ref" {
					ms = append(ms, excelize.MergeCell{string(v)})
				}
			})
		}
	}
}
