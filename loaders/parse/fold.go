package parse

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Fold folds full-width characters to their narrow forms (golang.org/x/text/width, not NFKC, so ① stays ①),
// turns U+3000 and NBSP into spaces, and trims spaces.
//
// It also drops zero-width characters (U+200B, U+FEFF): a BOM or a zero-width space pasted into a cell is
// invisible to the person who typed it, so it must not change what the cell means.
func Fold(s string) string {
	if isASCII(s) { // nothing to fold or map: the common case of codes, numbers and dates
		return strings.TrimSpace(s)
	}
	if t, ok := fastFold(s); ok { // names and headers: CJK, CJK punctuation, full-width brackets
		return t
	}
	return foldGeneral(s)
}

// foldGeneral is [Fold] for any text.
func foldGeneral(s string) string {
	if isASCII(s) {
		return strings.TrimSpace(s)
	}
	s = width.Fold.String(s)
	if !strings.ContainsFunc(s, needsMapping) {
		return strings.TrimSpace(s)
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u3000', '\u2007', '\u202f':
			return ' '
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func needsMapping(r rune) bool {
	switch r {
	case '\u00a0', '\u3000', '\u2007', '\u202f', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return false
}

// compact folds s and removes every white-space character (spaces, tabs, line breaks) from it. Header
// cells and enumerated values are compared compacted because Excel users pad them ("合 计", "是 ").
func compact(s string) string {
	s = Fold(s)
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// HeaderKey normalises a header cell for alias matching: Fold, remove all spaces and line breaks, drop
// a trailing unit in parentheses (（千元）, (万元)), so "工业总产值（当年价格）（千元）" → "工业总产值(当年价格)".
//
// It also drops the markers templates put on headers: a "*" for required columns (anywhere) and a
// trailing colon. Only a money unit in parentheses or brackets is dropped ([Unit] reads it first), so
// "工业总产值(当年价格)" keeps its qualifier; "(单位:万元)" counts as a unit.
//
// ASCII letters are upper-cased (uscc, Uscc and ＵＳＣＣ are the column USCC): headers typed by hand vary
// in case, and no two columns of inputs.md differ only by it.
func HeaderKey(s string) string {
	// Invalid bytes become U+FFFD first: otherwise removing a "*" between two broken halves of a
	// character would join them into a valid one that a second pass folds differently.
	s = compact(strings.ToValidUTF8(s, "\uFFFD"))
	s = strings.ReplaceAll(s, "*", "")
	s = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
	for {
		t := strings.TrimRight(s, ":")
		t = dropTrailingUnit(t)
		if t == s {
			return s
		}
		s = t
	}
}

// dropTrailingUnit removes one trailing "(万元)", "[千元]", "【元】" or "(单位:元)" group from a compacted,
// folded header.
func dropTrailingUnit(s string) string {
	for _, p := range [][2]string{{"(", ")"}, {"[", "]"}, {"【", "】"}} {
		if !strings.HasSuffix(s, p[1]) {
			continue
		}
		i := strings.LastIndex(s, p[0])
		if i < 0 {
			continue
		}
		inner := s[i+len(p[0]) : len(s)-len(p[1])]
		if _, ok := unitToken(inner); ok {
			return s[:i]
		}
	}
	// "营业收入/万元" is the other way exports attach a unit.
	if i := strings.LastIndex(s, "/"); i > 0 {
		if _, ok := unitToken(s[i+1:]); ok {
			return s[:i]
		}
	}
	return s
}

// DisplayWidth is the number of terminal cells (or spreadsheet character units) s takes on one line:
// East Asian wide and full-width characters take two, others one.
func DisplayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
