package loaders

import (
	"strings"
	"testing"
)

func TestUSCCValueIsTheAlphabetIndex(t *testing.T) {
	for c := 0; c < 256; c++ {
		if got, want := usccValue(byte(c)), strings.IndexByte(usccAlphabet, byte(c)); got != want {
			t.Errorf("usccValue(%q) = %d, want %d", rune(c), got, want)
		}
	}
}
