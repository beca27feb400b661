package loaders

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// lastSheetDataEndBackwards is the search lastSheetDataEnd replaced (bytes.LastIndex from the end): the
// reference it must agree with.
func lastSheetDataEndBackwards(b []byte) int {
	const tag = "sheetData>"
	for {
		i := bytes.LastIndex(b, []byte(tag))
		if i < 0 {
			return -1
		}
		j := i
		if j > 0 && b[j-1] == ':' {
			j--
			for j > 0 && isNameByte(b[j-1]) {
				j--
			}
		}
		if j >= 2 && b[j-1] == '/' && b[j-2] == '<' {
			return i + len(tag)
		}
		b = b[:i]
	}
}

func TestLastSheetDataEndFindsTheLastEndTag(t *testing.T) {
	pieces := []string{"</sheetData>", "<sheetData>", "</x:sheetData>", "sheetData>", ":sheetData>", "</",
		"<", "/", ":", "x", "<c r=\"A1\"><v>1</v></c>", "</row>", "<mergeCells/>", " "}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50000 {
		var b []byte
		for range rng.IntN(12) {
			b = append(b, pieces[rng.IntN(len(pieces))]...)
		}
		if got, want := lastSheetDataEnd(b), lastSheetDataEndBackwards(b); got != want {
			t.Fatalf("lastSheetDataEnd(%q) = %d, want %d", b, got, want)
		}
	}
	if got := lastSheetDataEnd([]byte(`<row/></sheetData><mergeCells count="1"/>`)); got != 18 {
		t.Errorf("lastSheetDataEnd found %d, want 18 (just after the end tag)", got)
	}
}
