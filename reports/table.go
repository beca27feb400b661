package reports

import (
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// block is one table of a sheet: a caption (not for the first block, whose caption is the sheet title),
// a header row and n rows produced on demand, so that a 100,000-row roster is never held as cells.
type block struct {
	caption string
	cols    []Column
	n       int
	row     func(i int) []any
}

// tableSheet is a sheet of one or more blocks: title in row 1, the first block's headers in row 2, data
// from row 3. The first block's header rows are frozen and repeated on every printed page; a sheet of
// several blocks repeats only its title, since a later block has headers of its own.
//
// A list sheet (one that is signed and sent) also has a 合计 row under its table, lines under it
// (notes), and the sign-off block with the 公示期 line at its end.
type tableSheet struct {
	name, title string
	subtitle    string // a second, smaller line of the title (the periods compared); "" for none
	blocks      []block
	filter      int       // index of the block that gets the autofilter
	total       *totalRow // the 合计 row under the first block; nil for none
	notes       []string  // lines under the table (and its 合计 row); the first is a caption when leadBlock
	signOff     bool      // the sign-off block and the 公示期 line end the sheet
	// leadBlock gives the first block a caption row too (汇总: several tables, each with its caption).
	leadBlock bool
	// chart, when set, adds a chart anchored at the row under everything else, given the header row
	// of each block and the printed width of the columns in pixels.
	chart func(f *excelize.File, headers []int, anchor int, widthPx float64) error
}

// totalRow is a list's 合计 row: the label in the first column, the sum of every column marked Sum
// (of the values as shown, so that it is what a reader adding up the column gets), and a text (the
// counts) over the columns from the second to the one before the first sum, merged.
type totalRow struct {
	label, text string
}

// page is what every printed page of the workbook carries.
type page struct {
	header, footer string
}

const (
	defaultMaxWidth = 40
	minWidth        = 4
	// cellPadding is the room a cell leaves around its text, in units.
	cellPadding = 1.0
	// lineHeight is the points one line of 10-point text takes, CJK fonts included (their line
	// spacing is about 1.45 em).
	lineHeight = 15
	titleSize  = 14
)

// Page geometry. Column widths are counted in units of the workbook's default font's digit (Arial 11,
// about 8.14 pixels at 96 dpi; Liberation Sans where Arial is missing has the same metrics), and a
// column prints about 0.9 pixel wider than its units (measured with LibreOffice). A sheet prints
// fitted to the page's width; its visible columns are kept narrow enough that the fit never scales
// below minScale, so 10-point text prints at 8 points or more.
const (
	sideMarginIn = 0.4
	topMarginIn  = 0.6
	hfMarginIn   = 0.3
	unitPx       = 8.15
	minScale     = 0.8
	// pageUnits is the total width of visible columns that prints at minScale or larger. Landscape A4
	// less the side margins is 1,046 pixels; at 80% it holds 1,307 pixels of columns, 160 units. But
	// LibreOffice's fit prints sheets of 154-158 units at anything from 79% to 83% (it picks a whole
	// percent and lays columns out in its own units), and sheets of 147-151 units at 85-88%: so the
	// sheets are kept to 150.
	pageUnits = 150.0
)

// units is the width text takes in column-width units at 10 points: Arial's widths for ASCII (a digit
// 0.91), one em (1.64) for a CJK or full-width character, as LibreOffice prints them. For multi-line
// text it is the longest line.
func units(s string) float64 {
	best := 0.0
	for _, line := range strings.Split(s, "\n") {
		w := 0.0
		for _, r := range line {
			w += runeUnits(r)
		}
		best = max(best, w)
	}
	return best
}

func runeUnits(r rune) float64 {
	if r >= ' ' && r <= '~' {
		return float64(arialWidth[r-' ']) * emUnits / 1000
	}
	if r < 0x80 {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return emUnits
	}
	return 1
}

// emUnits is one em of 10-point text in column-width units: 13.33 pixels over unitPx.
const emUnits = 10.0 / 72 * 96 / unitPx

// arialWidth is Arial's (and Liberation Sans's) advance width of the printable ASCII characters, from
// the space to the tilde, in thousandths of an em.
var arialWidth = [95]int16{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space … /
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0 … 9
	278, 278, 584, 584, 584, 556, 1015, // : … @
	667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
	667, 944, 667, 667, 611, // A … Z
	278, 278, 278, 469, 556, 333, // [ … `
	556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556,
	500, 722, 500, 500, 500, // a … z
	334, 260, 334, 584, // { … ~
}

// lineCount is how many lines text takes in a column of the given width when it wraps as a
// spreadsheet wraps it: each explicit line on its own, CJK characters one at a time, and a run of
// Latin letters and digits moved whole to the next line when it does not fit. scale is the text's
// size relative to 10 points (bold headers a little more).
func lineCount(s string, colWidth, scale float64) float64 {
	avail := max(1, (colWidth-cellPadding*0.7)/scale)
	n := 0
	for _, line := range strings.Split(s, "\n") {
		n++
		w := 0.0
		for _, tok := range tokens(line) {
			tw := units(tok)
			if w > 0 && w+tw > avail {
				n++
				w = 0
			}
			// A token longer than a line breaks where it reaches the edge.
			for tw > avail {
				n++
				tw -= avail
			}
			w += tw
		}
	}
	return float64(n)
}

// tokens splits a line where a spreadsheet may break it: after a space, and around each CJK character.
func tokens(line string) []string {
	var out []string
	start := -1
	for i, r := range line {
		if r < 0x80 && r != ' ' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, line[start:i])
			start = -1
		}
		out = append(out, string(r))
	}
	if start >= 0 {
		out = append(out, line[start:])
	}
	return out
}

// headerUnits is the width of a header's bold text.
func headerUnits(s string) float64 { return units(s) * 1.06 }

// layout is the column widths of a sheet and which columns wrap.
type layout struct {
	widths []float64
	wrap   []bool
	hidden []bool
}

// visibleWidth is the total width of the columns that print.
func (l layout) visibleWidth() float64 {
	w := 0.0
	for i, x := range l.widths {
		if !l.hidden[i] {
			w += x
		}
	}
	return w
}

// fitColumns gives each column the width of its widest cell up to its cap (capped columns wrap), its
// header on at most two lines, then narrows a sheet too wide for the page: a column with a MinWidth
// wraps its text down to it, any other column down to its widest value with its header on three lines,
// each in proportion to what it can give, so that the sheet prints at minScale or larger.
func fitColumns(cols []Column, content, header []float64) layout {
	n := len(cols)
	l := layout{widths: make([]float64, n), wrap: make([]bool, n), hidden: make([]bool, n)}
	floor := make([]float64, n)
	for i, c := range cols {
		capW := float64(defaultMaxWidth)
		if c.MaxWidth > 0 {
			capW = c.MaxWidth
		}
		natural := max(content[i], header[i]/2) + cellPadding
		l.widths[i] = math.Ceil(max(minWidth, min(capW, natural)))
		l.wrap[i] = natural > capW
		l.hidden[i] = c.Hidden
		switch {
		case c.Width > 0:
			l.widths[i], l.wrap[i] = c.Width, natural > c.Width
			floor[i] = c.Width
		case c.MinWidth > 0:
			floor[i] = min(l.widths[i], c.MinWidth)
		default:
			floor[i] = min(l.widths[i], math.Ceil(max(minWidth, content[i]+cellPadding, header[i]/3+cellPadding)))
		}
	}
	excess := l.visibleWidth() - pageUnits
	if excess <= 0 {
		return l
	}
	give := 0.0
	for i := range cols {
		if !l.hidden[i] {
			give += l.widths[i] - floor[i]
		}
	}
	if give <= 0 {
		return l
	}
	share := min(1, excess/give)
	for i := range cols {
		if l.hidden[i] || l.widths[i] <= floor[i] {
			continue
		}
		w := max(floor[i], math.Floor(l.widths[i]-(l.widths[i]-floor[i])*share))
		if w < content[i]+cellPadding {
			l.wrap[i] = true
		}
		l.widths[i] = w
	}
	return l
}

// writeTable streams one table sheet. The sheet's settings (filter, page setup, header and footer,
// print titles) are made before the stream writer opens it: the stream writer serialises them from the
// worksheet it read at that moment.
func writeTable(f *excelize.File, st *styles, pg page, t tableSheet) error {
	if _, err := f.NewSheet(t.name); err != nil {
		return fmt.Errorf("sheet %s: %w", t.name, err)
	}
	ncols := 0
	for _, b := range t.blocks {
		ncols = max(ncols, len(b.cols))
	}
	if ncols == 0 {
		return fmt.Errorf("sheet %s: no columns", t.name)
	}

	// First pass: the widths and the sums of the 合计 row.
	cols := make([]Column, ncols)
	content := make([]float64, ncols)
	header := make([]float64, ncols)
	var sums []sum
	if t.total != nil {
		sums = make([]sum, ncols)
	}
	for bi, b := range t.blocks {
		for i, c := range b.cols {
			if bi == 0 || cols[i].Header == "" {
				cols[i] = c
			} else {
				// A later block's column only widens the shared column.
				cols[i].MaxWidth = max(cols[i].MaxWidth, c.MaxWidth)
				cols[i].MinWidth = max(cols[i].MinWidth, c.MinWidth)
			}
			header[i] = max(header[i], headerUnits(c.Header))
		}
		for r := 0; r < b.n; r++ {
			for i, v := range b.row(r) {
				_, shown, err := st.cell(v, false)
				if err != nil {
					return fmt.Errorf("sheet %s row %d column %d: %w", t.name, r+1, i+1, err)
				}
				content[i] = max(content[i], units(shown))
				if bi == 0 && sums != nil && b.cols[i].Sum {
					if err := sums[i].add(v); err != nil {
						return fmt.Errorf("sheet %s row %d column %d: %w", t.name, r+1, i+1, err)
					}
				}
			}
		}
	}
	var totalCells []any
	if t.total != nil {
		totalCells = make([]any, ncols)
		totalCells[0] = t.total.label
		for i := range sums {
			if cols[i].Sum {
				totalCells[i] = sums[i].value()
			}
		}
		for i, v := range totalCells {
			if _, shown, err := st.cell(v, false); err == nil && i > 0 && !cols[i].Hidden {
				if _, isText := v.(string); !isText {
					content[i] = max(content[i], units(shown))
				}
			}
		}
	}
	lay := fitColumns(cols, content, header)

	// Row layout.
	type placed struct {
		b                  block
		captionRow, header int
	}
	var placedBlocks []placed
	row := 2
	for i, b := range t.blocks {
		p := placed{b: b}
		switch {
		case i > 0:
			row += 2 // one blank row, then the caption
			p.captionRow = row - 1
		case t.leadBlock:
			row++
			p.captionRow = row - 1
		}
		p.header = row
		placedBlocks = append(placedBlocks, p)
		row += b.n + 1
	}
	single := len(t.blocks) == 1 && !t.leadBlock
	// Rows under the tables: 合计, a blank row and the notes, a blank row and the sign-off block.
	end := row
	if t.total != nil {
		end++
	}
	if len(t.notes) > 0 {
		end += 1 + len(t.notes)
	}
	so := signOffFor(lay)
	if t.signOff {
		end += 1 + len(so.lines)
	}

	fl := placedBlocks[t.filter]
	if err := f.AutoFilter(t.name, rangeRef(1, fl.header, len(fl.b.cols), fl.header+max(fl.b.n, 1)), nil); err != nil {
		return fmt.Errorf("sheet %s autofilter: %w", t.name, err)
	}
	titles := "$1:$2"
	if !single {
		titles = "$1:$1"
	}
	if err := setupPage(f, t.name, pg, titles); err != nil {
		return err
	}
	// A chart goes in before the stream writer opens the sheet, like the settings above: the stream
	// writer writes the worksheet's drawing from what it read then, and drops one added later.
	if t.chart != nil {
		headers := make([]int, len(placedBlocks))
		for i, p := range placedBlocks {
			headers[i] = p.header
		}
		if err := t.chart(f, headers, end+1, lay.visibleWidth()*unitPx); err != nil {
			return fmt.Errorf("sheet %s chart: %w", t.name, err)
		}
	}

	sw, err := f.NewStreamWriter(t.name)
	if err != nil {
		return fmt.Errorf("sheet %s: %w", t.name, err)
	}
	// The stream writer puts each new column first, and spreadsheets expect <col> elements in
	// ascending order: so set them from the last column to the first.
	for i := ncols - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, lay.widths[i]); err != nil {
			return fmt.Errorf("sheet %s width: %w", t.name, err)
		}
		if lay.hidden[i] {
			if err := sw.SetColVisible(i+1, i+1, false); err != nil {
				return fmt.Errorf("sheet %s hidden column: %w", t.name, err)
			}
		}
	}
	freeze := 2
	if !single {
		freeze = 1
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: freeze, TopLeftCell: cellName(1, freeze+1),
		ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("sheet %s panes: %w", t.name, err)
	}
	full := lay.visibleWidth()
	titleH := rowHeight(titleHeight(t.title, t.subtitle, full))
	pages := &pager{}
	if err := sw.SetRow("A1", []any{titleCell(st, t.title, t.subtitle)},
		excelize.RowOpts{Height: titleH}); err != nil {
		return fmt.Errorf("sheet %s title: %w", t.name, err)
	}
	if err := sw.MergeCell("A1", cellName(ncols, 1)); err != nil {
		return fmt.Errorf("sheet %s title: %w", t.name, err)
	}
	for _, p := range placedBlocks {
		if p.captionRow > 0 {
			if err := sw.SetRow(cellName(1, p.captionRow), []any{excelize.Cell{StyleID: st[kindCaption], Value: p.b.caption}},
				excelize.RowOpts{Height: rowHeight(20)}); err != nil {
				return fmt.Errorf("sheet %s caption: %w", t.name, err)
			}
		}
		hdr := make([]any, len(p.b.cols))
		lines := 1.0
		for i, c := range p.b.cols {
			hdr[i] = excelize.Cell{StyleID: st[kindHeader], Value: c.Header}
			if !lay.hidden[i] {
				lines = max(lines, lineCount(c.Header, lay.widths[i], 1.06))
			}
		}
		headerH := rowHeight(lineHeight*lines + 4)
		if err := sw.SetRow(cellName(1, p.header), hdr, excelize.RowOpts{Height: headerH}); err != nil {
			return fmt.Errorf("sheet %s header: %w", t.name, err)
		}
		if p.header == 2 {
			pages = newPager(lay, titleH+headerH)
		}
		vals := make([]any, ncols)
		for r := 0; r < p.b.n; r++ {
			src := p.b.row(r)
			vals = vals[:len(src)]
			lines := 1.0
			for i, v := range src {
				c, shown, err := st.cell(v, lay.wrap[i])
				if err != nil {
					return fmt.Errorf("sheet %s row %d column %d: %w", t.name, r+1, i+1, err)
				}
				vals[i] = c
				if !lay.hidden[i] {
					if lay.wrap[i] {
						lines = max(lines, lineCount(shown, lay.widths[i], 1))
					} else {
						lines = max(lines, float64(strings.Count(shown, "\n")+1))
					}
				}
			}
			// Spreadsheets do not grow a row for wrapped text they did not lay out themselves
			// (LibreOffice prints such text over the next row): give wrapped rows their height.
			var opts []excelize.RowOpts
			h := defaultRowHeight
			if lines > 1 {
				h = rowHeight(lineHeight*lines + 3)
				opts = append(opts, excelize.RowOpts{Height: h})
			}
			pages.add(h)
			if err := sw.SetRow(cellName(1, p.header+1+r), vals, opts...); err != nil {
				return fmt.Errorf("sheet %s row %d: %w", t.name, r+1, err)
			}
		}
	}

	// Under the first block's table: 合计, notes, then the sign-off block. tail is their height, to keep
	// them on one page.
	next := row
	before, tail := pages.used, 0.0
	if t.total != nil {
		// The counts go over the empty columns before the first sum.
		last := 1
		for last+1 < ncols && !cols[last+1].Sum {
			last++
		}
		span := 0.0
		for i := 1; i <= last; i++ {
			if !lay.hidden[i] {
				span += lay.widths[i]
			}
		}
		if t.total.text != "" && last < ncols-1 {
			totalCells[1] = t.total.text
		}
		cells := make([]any, ncols)
		lines := 1.0
		for i, v := range totalCells {
			c, shown, err := st.cell(v, i == 1 || lay.wrap[i])
			if err != nil {
				return fmt.Errorf("sheet %s 合计: %w", t.name, err)
			}
			c.StyleID = st.totalStyle(v)
			cells[i] = c
			switch {
			case i == 1:
				lines = max(lines, lineCount(shown, span, 1.06))
			case !lay.hidden[i] && i > 1:
				lines = max(lines, lineCount(shown, lay.widths[i], 1))
			}
		}
		h := rowHeight(lineHeight*lines + 3)
		if err := sw.SetRow(cellName(1, next), cells, excelize.RowOpts{Height: h}); err != nil {
			return fmt.Errorf("sheet %s 合计: %w", t.name, err)
		}
		if last > 1 {
			if err := sw.MergeCell(cellName(2, next), cellName(last+1, next)); err != nil {
				return fmt.Errorf("sheet %s 合计: %w", t.name, err)
			}
		}
		tail += h
		next++
	}
	if len(t.notes) > 0 {
		next++ // a blank row
		tail += defaultRowHeight
		for i, n := range t.notes {
			k := kindNote
			if i == 0 && t.leadBlock {
				k = kindCaption
			}
			h, err := writeLine(sw, st, next, ncols, n, k, full)
			if err != nil {
				return fmt.Errorf("sheet %s note: %w", t.name, err)
			}
			tail += h
			next++
		}
	}
	if t.chart != nil {
		// The chart starts a page of its own, so that a page break never cuts it.
		if err := sw.InsertPageBreak(cellName(1, end+1)); err != nil {
			return fmt.Errorf("sheet %s page break: %w", t.name, err)
		}
	}
	if t.signOff {
		// The block is signed as one: when the 合计 row, the notes and the block would run over a page's
		// end, they start the next page together, so that the list's last page holds the total signed
		// for and the whole block.
		tail += defaultRowHeight + so.height()
		if !pages.fits(before, tail) {
			if err := sw.InsertPageBreak(cellName(1, row)); err != nil {
				return fmt.Errorf("sheet %s page break: %w", t.name, err)
			}
		}
		if err := writeSignOff(sw, st, next+1, lay, so); err != nil {
			return fmt.Errorf("sheet %s sign-off: %w", t.name, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheet %s: %w", t.name, err)
	}
	return nil
}

// writeLine writes one line of text across the sheet's width, as tall as its wrapped text, and returns
// its height.
func writeLine(sw *excelize.StreamWriter, st *styles, row, ncols int, text string, k cellKind, full float64) (float64, error) {
	h := rowHeight(lineHeight*lineCount(text, full, 1) + 3)
	if err := sw.SetRow(cellName(1, row), []any{excelize.Cell{StyleID: st[k], Value: text}},
		excelize.RowOpts{Height: h}); err != nil {
		return 0, err
	}
	return h, sw.MergeCell(cellName(1, row), cellName(ncols, row))
}

// Sign-off texts (outputs.md "The documents that leave the building"): 经办人、审核人、负责人 sign and
// date, the unit stamps, and the 公示期 is filled in by hand.
const (
	signPublicity = "公示期：______年____月____日 至 ______年____月____日"
	signClerk     = "经办人（签字）：________________    日期：______年____月____日"
	signChecker   = "审核人（签字）：________________    日期：______年____月____日"
	signHead      = "负责人（签字）：________________    日期：______年____月____日"
	signStamp     = "单位（盖章）："
)

// signOff is the sign-off block's layout: its lines, each one or two texts, and the column after which
// the second text of a line starts.
type signOff struct {
	lines [][2]string
	split int
}

// signOffFor lays the block out: two signatures a line where each half of the printed width holds
// one (the split at the column boundary nearest the middle), else one a line.
func signOffFor(lay layout) signOff {
	need := units(signClerk)*1.1 + cellPadding // 11-point text
	total := lay.visibleWidth()
	split, best, acc := 0, total, 0.0
	for i := 0; i < len(lay.widths)-1; i++ {
		if lay.hidden[i] {
			continue
		}
		acc += lay.widths[i]
		if acc >= need && total-acc >= need && math.Abs(acc-total/2) < best {
			split, best = i+1, math.Abs(acc-total/2)
		}
	}
	if split == 0 {
		return signOff{lines: [][2]string{{signPublicity, ""}, {signClerk, ""}, {signChecker, ""}, {signHead, ""},
			{signStamp, ""}}}
	}
	return signOff{lines: [][2]string{{signPublicity, ""}, {signClerk, signChecker}, {signHead, signStamp}}, split: split}
}

// signLineHeight is a sign-off line's height: room to sign, and more for the stamp.
func signLineHeight(l [2]string) float64 {
	if l[0] == signStamp || l[1] == signStamp {
		return 48
	}
	return 30
}

// height is the block's printed height.
func (so signOff) height() float64 {
	h := 0.0
	for _, l := range so.lines {
		h += signLineHeight(l)
	}
	return h
}

// pager follows where the printed pages of a list break, estimating the scale the page fit prints at
// from the columns' widths, so that the sign-off block is never cut by a page's end.
type pager struct {
	page, used float64 // points of rows a page holds under its repeated rows, and those used on this one
}

// Printed page height: landscape A4 (210 mm) less the top and bottom margins, in points.
const pageHeightPt = (210/25.4 - 2*topMarginIn) * 72

// defaultRowHeight is the height of a row the writer gives no height (one line of 10-point text).
const defaultRowHeight = 15.0

func newPager(lay layout, repeat float64) *pager {
	px, n := 0.0, 0.0
	for i, w := range lay.widths {
		if !lay.hidden[i] {
			px += w*unitPx + 0.9
			n++
		}
	}
	scale := 1.0
	if px > 0 {
		// The page fit scales to a whole percent, rounded down.
		scale = min(1, math.Floor((297/25.4-2*sideMarginIn)*96/px*100)/100)
	}
	return &pager{page: pageHeightPt/scale - repeat}
}

// add counts a row of height h, starting a new page when it does not fit on this one.
func (p *pager) add(h float64) {
	if p.page <= 0 {
		return
	}
	if p.used+h > p.page {
		p.used = 0
	}
	p.used += h
}

// fits says whether rows of height h fit on a page after used points of it, with a margin for the
// estimate (the scale, and the heights a spreadsheet gives rows without one).
func (p *pager) fits(used, h float64) bool {
	return p.page <= 0 || used+h <= p.page*0.9
}

// writeSignOff writes the 公示期 line and the sign-off block from row.
func writeSignOff(sw *excelize.StreamWriter, st *styles, row int, lay layout, so signOff) error {
	ncols := len(lay.widths)
	for i, l := range so.lines {
		r := row + i
		height := signLineHeight(l)
		if l[1] == "" {
			if err := sw.SetRow(cellName(1, r), []any{excelize.Cell{StyleID: st[kindSign], Value: l[0]}},
				excelize.RowOpts{Height: rowHeight(height)}); err != nil {
				return err
			}
			if err := sw.MergeCell(cellName(1, r), cellName(ncols, r)); err != nil {
				return err
			}
			continue
		}
		vals := make([]any, so.split+1)
		vals[0] = excelize.Cell{StyleID: st[kindSign], Value: l[0]}
		vals[so.split] = excelize.Cell{StyleID: st[kindSign], Value: l[1]}
		if err := sw.SetRow(cellName(1, r), vals, excelize.RowOpts{Height: rowHeight(height)}); err != nil {
			return err
		}
		if so.split > 1 {
			if err := sw.MergeCell(cellName(1, r), cellName(so.split, r)); err != nil {
				return err
			}
		}
		if so.split+1 < ncols {
			if err := sw.MergeCell(cellName(so.split+1, r), cellName(ncols, r)); err != nil {
				return err
			}
		}
	}
	return nil
}

// titleCell is the title: one bold line, and the subtitle under it in body text.
func titleCell(st *styles, title, subtitle string) excelize.Cell {
	if subtitle == "" {
		return excelize.Cell{StyleID: st[kindTitle], Value: title}
	}
	return excelize.Cell{StyleID: st[kindTitle], Value: []excelize.RichTextRun{
		{Text: title, Font: &excelize.Font{Family: fontFamily, Size: titleSize, Bold: true}},
		{Text: "\n" + subtitle, Font: &excelize.Font{Family: fontFamily, Size: 10}},
	}}
}

// titleHeight is the height of the title row: the title's line and the subtitle's wrapped lines.
func titleHeight(title, subtitle string, full float64) float64 {
	h := 24.0 * lineCount(title, full, titleSize/10.0*1.06)
	if subtitle != "" {
		h += lineHeight * lineCount(subtitle, full, 1)
	}
	return h + 2
}

// setupPage makes a sheet print as staff file it: landscape A4, fitted to the page's width (the
// columns are narrow enough that the fit stays at minScale or larger), the given rows repeated on every
// page, the header and the footer with the run id.
func setupPage(f *excelize.File, sheet string, pg page, titleRows string) error {
	yes := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return fmt.Errorf("sheet %s: %w", sheet, err)
	}
	a4, landscape, wide, tall := 9, "landscape", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall,
	}); err != nil {
		return fmt.Errorf("sheet %s page layout: %w", sheet, err)
	}
	side, topBottom, hf := sideMarginIn, topMarginIn, hfMarginIn
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &topBottom, Bottom: &topBottom, Header: &hf, Footer: &hf,
	}); err != nil {
		return fmt.Errorf("sheet %s margins: %w", sheet, err)
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddHeader: pg.header, OddFooter: pg.footer}); err != nil {
		return fmt.Errorf("sheet %s header and footer: %w", sheet, err)
	}
	if err := f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: quoteSheet(sheet) + "!" + titleRows, Scope: sheet,
	}); err != nil {
		return fmt.Errorf("sheet %s print titles: %w", sheet, err)
	}
	return nil
}

func quoteSheet(s string) string { return "'" + s + "'" }

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func rangeRef(c1, r1, c2, r2 int) string { return cellName(c1, r1) + ":" + cellName(c2, r2) }

// maxRowHeight is the tallest row a spreadsheet allows, in points.
const maxRowHeight = 409

func rowHeight(h float64) float64 { return min(h, maxRowHeight) }
