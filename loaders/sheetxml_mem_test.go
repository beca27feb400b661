package loaders

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// The single-inflate reader (sheetxml_mem.go) and the fast paths (sheetxml_fast.go) against the token by
// token reader over the zip entry, which the excelize differential tests hold to excelize: on sheets made
// of the common cell shapes and of their near misses, every row (number, texts, flags, style), the error
// that ends a sheet and the merged ranges must be the same.

// cellPieces are cells in the shapes the fast path claims and in shapes it must leave to the tokens. {C}
// is the column letter, {N} the row number, {S} a shared-string index.
var cellPieces = []string{
	`<c r="{C}{N}" t="s"><v>{S}</v></c>`,
	`<c r="{C}{N}"><v>12.5</v></c>`,
	`<c r="{C}{N}" s="1"><v>44197</v></c>`,
	`<c r="{C}{N}" s="2" t="n"><v>0.25</v></c>`,
	`<c r="{C}{N}" t="inlineStr"><is><t>北京&amp;公司</t></is></c>`,
	`<c r="{C}{N}" t="inlineStr"><is><t xml:space="preserve"> 前后 </t></is></c>`,
	`<c r="{C}{N}" t="inlineStr"><is><t>a&#x4E2D;&lt;b&gt;</t></is></c>`,
	`<c r="{C}{N}" t="inlineStr"><is><t>line` + "\r\n" + `next</t></is></c>`,
	`<c r="{C}{N}" t="str"><v></v></c>`,
	`<c r="{C}{N}" t="inlineStr"><is><t></t></is></c>`,
	`<c t="inlineStr"><is><t>no ref</t></is></c>`,
	`<c><v>7</v></c>`,
	`<c r="{C}{N}" s="3"/>`,
	`<c r="{C}{N}"><f>SUM(A1)</f><v>3</v></c>`,
	`<c r="{C}{N}"><f>NOW()</f></c>`,
	`<c r="{C}{N}" t="inlineStr"><is><r><t>rich</t></r><r><t>run</t></r></is></c>`,
	`<c r="{C}{N}" t="inlineStr"><is><t>x</t><rPh><t>ph</t></rPh></is></c>`,
	`<x:c r="{C}{N}"><x:v>5</x:v></x:c>`,
	`<c r="{C}{N}"><v><![CDATA[7<8]]></v></c>`,
	`<c r="{C}{N}"><v>1</v ></c>`,
	`<c r="{C}{N}" t="inlineStr"><is><t/></is></c>`,
	`<c r="{C}{N}" t="inlineStr"><is><t />x</is></c>`,
	`<c r="{C}{N}"><!-- note --><v>2</v></c>`,
	`<c r='{C}{N}' t='s' ><v> 1 </v></c>`,
	`<c r="{C}{N}" t="e"><v>#N/A</v></c>`,
	`<c r="{C}{N}" t="b"><v>1</v></c>`,
	`<c r="{C}{N}" t="s"><v>999</v></c>`,
	`<c  r = "{C}{N}"  t="s"><v>2</v></c>`,
	`<c r="{C}{N}" t="inlineStr"><is><tt>not t</tt></is></c>`,
	`<c r="{C}{N}"><vv>9</vv></c>`,
	`<cc r="{C}{N}"><v>9</v></cc>`,
	`</rPh>`,
	`<c r="{C}{N}"><v>open`,
	` `,
	"\n",
}

// randomSheet builds a sheet's XML from random rows of cellPieces, with column styles and merged ranges.
func randomSheet(rng *rand.Rand, rows int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	b.WriteString(`<cols><col min="2" max="2" style="1"/></cols><sheetData>`)
	n := 0
	for range rows {
		n += 1 + rng.IntN(2)
		switch rng.IntN(20) {
		case 0:
			b.WriteString(`<row>`)
		case 1:
			fmt.Fprintf(&b, `<row r="%d" s="1" customFormat="1">`, n)
		default:
			fmt.Fprintf(&b, `<row r="%d" spans="1:6">`, n)
		}
		cells := rng.IntN(7)
		for c := range cells {
			var p string
			if rng.IntN(3) == 0 {
				p = cellPieces[rng.IntN(len(cellPieces))]
			} else {
				p = cellPieces[rng.IntN(10)] // mostly the common shapes
			}
			p = strings.NewReplacer("{C}", string(rune('A'+c)), "{N}", fmt.Sprint(n), "{S}", fmt.Sprint(rng.IntN(4))).Replace(p)
			b.WriteString(p)
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells></worksheet>`)
	return []byte(b.String())
}

// zipPart stores xml as the one entry of an in-memory zip and returns it.
func zipPart(t testing.TB, xml []byte) *zip.File {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(xml)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return zr.File[0]
}

type streamResult struct {
	Rows   []string
	Err    string
	Merges []excelize.MergeCell
	Cols   []string
}

func drain(st *sheetStream) streamResult {
	var res streamResult
	for {
		r, ok, err := st.next()
		if err != nil {
			res.Err = err.Error()
			break
		}
		if !ok {
			break
		}
		res.Rows = append(res.Rows, fmt.Sprintf("%d %q %v %d", r.num, r.cells, r.flags, r.style))
	}
	res.Merges = st.merges
	for _, c := range st.fmts.cols {
		res.Cols = append(res.Cols, fmt.Sprint(c))
	}
	st.close()
	return res
}

func TestInflatedOnceAndFastPathsReadWhatTheTokensRead(t *testing.T) {
	bk := &book{sst: []string{"甲", "", "乙 ", "丙"}, dateXF: []bool{false, true, false}}
	rng := rand.New(rand.NewPCG(7, 8))
	sizes := []int{0, 1, 3, 10, 50}
	for range 300 {
		sizes = append(sizes, rng.IntN(40))
	}
	sizes = append(sizes, 30000, 60000) // several inflate blocks and scanner buffers
	for i, rows := range sizes {
		xml := randomSheet(rng, rows)
		zf := zipPart(t, xml)

		ref, err := bk.openSheet(zf)
		if err != nil {
			t.Fatal(err)
		}
		ref.tokensOnly = true
		want := drain(ref)

		fast, err := bk.openSheet(zf)
		if err != nil {
			t.Fatal(err)
		}
		if got := drain(fast); !cmp.Equal(got, want) {
			t.Fatalf("sheet %d (%d rows), fast paths on the zip entry:\n%s", i, rows, cmp.Diff(want, got))
		}

		inf, err := startInflate(zf)
		if err != nil {
			t.Fatal(err)
		}
		if got := drain(bk.streamOf(inf)); !cmp.Equal(got, want) {
			t.Fatalf("sheet %d (%d rows), inflated once:\n%s", i, rows, cmp.Diff(want, got))
		}
		ms, known, err := scanMerges(zf)
		m := inf.mergeScan()
		if !cmp.Equal(m.ms, ms) || m.known != known || (m.err == nil) != (err == nil) {
			t.Fatalf("sheet %d: merged ranges %v %v %v, want %v %v %v", i, m.ms, m.known, m.err, ms, known, err)
		}
	}
}

// A part that inflates to other than its declared size fails in the single-inflate reader as it does in
// the two-pass reader.
func TestInflatedOnceHonoursTheDeclaredSize(t *testing.T) {
	bk := &book{}
	xml := randomSheet(rand.New(rand.NewPCG(1, 2)), 200)
	for _, delta := range []int64{-100, -1, 1, 100} {
		t.Run(fmt.Sprint(delta), func(t *testing.T) {
			zf := zipPart(t, xml)
			zf.UncompressedSize64 = uint64(int64(zf.UncompressedSize64) + delta)
			ref, err := bk.openSheet(zf)
			if err != nil {
				t.Fatal(err)
			}
			want := drain(ref)
			inf, err := startInflate(zf)
			if err != nil {
				t.Fatal(err)
			}
			got := drain(bk.streamOf(inf))
			// The first pass's error is the one a load reports (openSheets); without one, the rows count.
			_, _, err = scanMerges(zf)
			if m := inf.mergeScan(); fmt.Sprint(m.err) != fmt.Sprint(err) {
				t.Errorf("declared size %+d: first-pass error %v, want %v", delta, m.err, err)
			}
			if err == nil && !cmp.Equal(got, want) {
				t.Errorf("declared size %+d:\n%s", delta, cmp.Diff(want, got))
			}
		})
	}
}

func TestLastSheetDataEndFromBackAgreesWithTheForwardSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	filler := strings.Repeat(`<row r="1"><c r="A1"><v>1</v></c></row>`, 3000)
	for range 2000 {
		var b []byte
		b = append(b, filler[:rng.IntN(len(filler))]...)
		for range rng.IntN(4) {
			b = append(b, []string{"</sheetData>", "</x:sheetData>", "<sheetData>", "</"}[rng.IntN(4)]...)
			b = append(b, filler[:rng.IntN(70<<10)%len(filler)]...)
		}
		if got, want := lastSheetDataEndFromBack(b), lastSheetDataEnd(b); got != want {
			t.Fatalf("lastSheetDataEndFromBack = %d, want %d (len %d)", got, want, len(b))
		}
	}
}
