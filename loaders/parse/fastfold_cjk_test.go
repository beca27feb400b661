package parse

import (
	"testing"
	"unicode/utf8"
)

// fastFold passes over three bytes it takes for a CJK ideograph without decoding them: every lead and
// continuation bytes it takes must decode to a rune foldRune keeps as it is, and fastFold must then give
// what the general path gives (also for the sequences it does not take, cut short or invalid).
func TestFastFoldIdeographBytesAreIdeographs(t *testing.T) {
	taken := 0
	for c0 := 0xE0; c0 <= 0xEF; c0++ {
		for c1 := 0; c1 <= 0xFF; c1++ {
			for _, c2 := range []int{0x00, 0x41, 0x7F, 0x80, 0x9A, 0xBF, 0xC0, 0xFF} {
				b := []byte{byte(c0), byte(c1), byte(c2)}
				s := "甲" + string(b) + " "
				if got, ok := fastFold(s); ok {
					if want := foldGeneral(s); got != want {
						t.Fatalf("fastFold(%q) = %q; general path %q", s, got, want)
					}
				}
				if c0 >= 0xE4 && c0 <= 0xE9 && c1&0xC0 == 0x80 && c2&0xC0 == 0x80 && (c0 != 0xE4 || c1 >= 0xB8) {
					taken++
					r, n := utf8.DecodeRune(b)
					if f, ok := foldRune(r); n != 3 || !ok || f != r {
						t.Fatalf("% x is taken as an ideograph but decodes to U+%04X (%d bytes), foldRune %v", b, r, n, ok)
					}
				}
			}
		}
	}
	if taken < 900 {
		t.Fatalf("only %d sequences were taken", taken)
	}
}
