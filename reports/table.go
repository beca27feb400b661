package reports

import (
	"fmt"
	"math"

	"github.com/xuri/excelize/v2"
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
type tableSheet struct {
	name, title string
	blocks      []block
	filter      int // index of the block that gets the autofilter
}

// page is what every printed page of the workbook carries.
type page struct {
	header, footer string
}

const (
	defaultMaxWidth = 40
	minWidth        = 6
	lineHeight      = 14 // points per line of 10-point text
)

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

	// First pass: the widths. A column is as wide as its widest cell up to its cap; capped columns wrap.
	content := make([]float64, ncols)
	caps := make([]float64, ncols)
	for i := range caps {
		caps[i] = defaultMaxWidth
	}
	for _, b := range t.blocks {
		for i, c := range b.cols {
			if c.MaxWidth > 0 {
				caps[i] = c.MaxWidth
			}
			// Headers wrap onto two lines rather than widen a column of short numbers.
			content[i] = max(content[i], math.Ceil(textWidth(c.Header)/2)+1)
		}
		for r := 0; r < b.n; r++ {
			for i, v := range b.row(r) {
				_, w, err := st.cell(v, false)
				if err != nil {
					return fmt.Errorf("sheet %s row %d column %d: %w", t.name, r+1, i+1, err)
				}
				content[i] = max(content[i], w)
			}
		}
	}
	widths := make([]float64, ncols)
	wrap := make([]bool, ncols)
	for i := range widths {
		widths[i] = max(minWidth, min(caps[i], content[i]+2))
		wrap[i] = content[i]+2 > caps[i]
	}

	// Row layout.
	type placed struct {
		b                  block
		captionRow, header int
	}
	var layout []placed
	row := 2
	for i, b := range t.blocks {
		p := placed{b: b}
		if i > 0 {
			row += 2 // one blank row, then the caption
			p.captionRow = row - 1
		}
		p.header = row
		layout = append(layout, p)
		row += b.n + 1
	}
	single := len(t.blocks) == 1

	fl := layout[t.filter]
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

	sw, err := f.NewStreamWriter(t.name)
	if err != nil {
		return fmt.Errorf("sheet %s: %w", t.name, err)
	}
	// The stream writer puts each new column first, and spreadsheets expect <col> elements in
	// ascending order: so set them from the last column to the first.
	for i := len(widths) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
			return fmt.Errorf("sheet %s width: %w", t.name, err)
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
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st[kindTitle], Value: t.title}},
		excelize.RowOpts{Height: 24}); err != nil {
		return fmt.Errorf("sheet %s title: %w", t.name, err)
	}
	if err := sw.MergeCell("A1", cellName(ncols, 1)); err != nil {
		return fmt.Errorf("sheet %s title: %w", t.name, err)
	}
	for _, p := range layout {
		if p.captionRow > 0 {
			if err := sw.SetRow(cellName(1, p.captionRow), []any{excelize.Cell{StyleID: st[kindCaption], Value: p.b.caption}},
				excelize.RowOpts{Height: 20}); err != nil {
				return fmt.Errorf("sheet %s caption: %w", t.name, err)
			}
		}
		hdr := make([]any, len(p.b.cols))
		lines := 1.0
		for i, c := range p.b.cols {
			hdr[i] = excelize.Cell{StyleID: st[kindHeader], Value: c.Header}
			lines = max(lines, wrappedLines(textWidth(c.Header), widths[i]))
		}
		if err := sw.SetRow(cellName(1, p.header), hdr, excelize.RowOpts{Height: lineHeight*lines + 4}); err != nil {
			return fmt.Errorf("sheet %s header: %w", t.name, err)
		}
		vals := make([]any, ncols)
		for r := 0; r < p.b.n; r++ {
			src := p.b.row(r)
			vals = vals[:len(src)]
			lines := 1.0
			for i, v := range src {
				c, w, err := st.cell(v, wrap[i])
				if err != nil {
					return fmt.Errorf("sheet %s row %d column %d: %w", t.name, r+1, i+1, err)
				}
				vals[i] = c
				if wrap[i] {
					lines = max(lines, wrappedLines(w, widths[i]))
				}
			}
			// Spreadsheets do not grow a row for wrapped text they did not lay out themselves
			// (LibreOffice prints such text over the next row): give wrapped rows their height.
			var opts []excelize.RowOpts
			if lines > 1 {
				opts = append(opts, excelize.RowOpts{Height: lineHeight*lines + 2})
			}
			if err := sw.SetRow(cellName(1, p.header+1+r), vals, opts...); err != nil {
				return fmt.Errorf("sheet %s row %d: %w", t.name, r+1, err)
			}
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheet %s: %w", t.name, err)
	}
	return nil
}

// setupPage makes a sheet print as staff file it: landscape A4, one page wide, the given rows repeated
// on every page, the run date in the header and page numbers in the footer.
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
	side, topBottom, hf := 0.4, 0.6, 0.3
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

// wrappedLines estimates how many lines text of width w takes in a column of the given width. A
// column's width counts characters of the default 11-point font while cells use 10 points, so text of
// the column's width still fits on one line.
func wrappedLines(w, colWidth float64) float64 {
	return max(1, math.Ceil(w/max(1, colWidth)))
}
