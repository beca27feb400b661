package loaders

import "bytes"

// The sheet scanner's fast paths: a cell written in one of the shapes spreadsheet writers use for
// nearly every cell — <c …><v>text</v></c> and <c …><is><t …>text</t></is></c> — and the end of a row
// are read in one step instead of token by token. Each claims its input only when it is exactly that
// shape within the bytes at hand, with the scanner between cells, and then changes the stream's state
// exactly as the token-by-token path would; anything else (formulas, rich text, namespace prefixes,
// comments, a cell cut by the end of the buffer) is left to that path.

var (
	vOpen     = []byte("<v>")
	vClose    = []byte("</v></c>")
	isOpen    = []byte("<is><t")
	isClose   = []byte("</t></is></c>")
	rowCloseT = []byte("</row>")
)

// fastCell reads one cell of the common shapes at the scanner's position and reports whether it did;
// when it did not, nothing is consumed or changed.
func (s *sheetStream) fastCell() bool {
	if s.inCell || s.inV || s.inIS || s.inT || s.phonetic != 0 {
		return false
	}
	sc := s.sc
	b := sc.buf[sc.pos:sc.end]
	if len(b) < 3 || b[1] != 'c' || !isXMLSpace(b[2]) && b[2] != '>' {
		return false
	}
	gt := bytes.IndexByte(b, '>')
	if gt < 0 || b[gt-1] == '/' {
		return false
	}
	attrs := b[2:gt]
	rest := b[gt+1:]
	var text []byte
	switch {
	case bytes.HasPrefix(rest, vOpen):
		rest = rest[len(vOpen):]
		i := bytes.IndexByte(rest, '<')
		if i < 0 || !bytes.HasPrefix(rest[i:], vClose) {
			return false
		}
		text, rest = rest[:i], rest[i+len(vClose):]
	case bytes.HasPrefix(rest, isOpen):
		// <t>, or <t> with attributes (xml:space="preserve"), not self-closed.
		rest = rest[len(isOpen):]
		if len(rest) == 0 || !isXMLSpace(rest[0]) && rest[0] != '>' {
			return false
		}
		j := bytes.IndexByte(rest, '>')
		if j < 0 || j > 0 && rest[j-1] == '/' {
			return false
		}
		rest = rest[j+1:]
		i := bytes.IndexByte(rest, '<')
		if i < 0 || !bytes.HasPrefix(rest[i:], isClose) {
			return false
		}
		text, rest = rest[:i], rest[i+len(isClose):]
	default:
		return false
	}

	// What the tokens <c>, its value and </c> do, in one step.
	s.hasF, s.typ, s.style = false, s.typ[:0], -1
	c := 0
	for a := attrs; ; {
		k, v, next, ok := plainAttr(a)
		if !ok {
			if k, v, next, ok = nextAttr(a); !ok {
				break
			}
		}
		a = next
		if bytes.IndexByte(v, '&') >= 0 {
			v = sc.appendText(nil, v)
		}
		switch string(k) {
		case "r":
			c = colOfRef(v)
		case "s":
			s.style = atoiBytes(v)
		case "t":
			s.typ = append(s.typ[:0], v...)
		}
	}
	if c <= 0 {
		c = s.lastCol + 1
	}
	s.col, s.lastCol = c, c
	s.valStart = len(s.rowText)
	s.rowText = sc.appendText(s.rowText, text)
	n := s.bk.endCell(&s.offs, s.rowText, s.valStart, s.col, s.style, s.rowStyle, s.fmts.cols, s.typ, s.hasF, true)
	s.rowText = s.rowText[:s.valStart+n]
	sc.pos = sc.end - len(rest)
	return true
}

// fastRowEnd reads a </row> at the scanner's position; ok is true when it ends a row that has cells, which
// is returned. Otherwise nothing is consumed.
func (s *sheetStream) fastRowEnd() (sheetRow, bool) {
	sc := s.sc
	if !bytes.HasPrefix(sc.buf[sc.pos:sc.end], rowCloseT) || len(s.offs) == 0 {
		return sheetRow{}, false
	}
	sc.pos += len(rowCloseT)
	r := s.row()
	s.offs = s.offs[:0]
	return r, true
}

// plainAttr is nextAttr for the common form, one space, a name of ASCII letters, = and a double-quoted
// value; ok is false for anything else, which nextAttr then reads (to the same result on this form).
func plainAttr(a []byte) (k, v, rest []byte, ok bool) {
	if len(a) < 4 || a[0] != ' ' {
		return nil, nil, nil, false
	}
	j := 1
	for j < len(a) && ('a' <= a[j] && a[j] <= 'z' || 'A' <= a[j] && a[j] <= 'Z') {
		j++
	}
	if j == 1 || j+1 >= len(a) || a[j] != '=' || a[j+1] != '"' {
		return nil, nil, nil, false
	}
	end := bytes.IndexByte(a[j+2:], '"')
	if end < 0 {
		return nil, nil, nil, false
	}
	return a[1:j], a[j+2 : j+2+end], a[j+3+end:], true
}
