package loaders

import (
	"math/rand/v2"
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

// checkBySearch is the GB 32100 check written out from the standard: the shape, then the weighted sum of
// the alphabet indexes found by search.
func checkBySearch(s string) bool {
	if !USCCShapeOK(s) {
		return false
	}
	sum := 0
	for i := range 17 {
		sum += strings.IndexByte(usccAlphabet, s[i]) * usccWeights[i]
	}
	return usccAlphabet[(31-sum%31)%31] == s[17]
}

// The table-driven check agrees with the check written out, on codes with a right check character, with
// a wrong one, with a character outside the alphabet at any position (I, O, S, V, Z, lower case, a
// space, a multi-byte character's byte) and with lengths around 18.
func TestUSCCCheckOKAgreesWithTheStandardsDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	bad := "IOSVZa p\x00\xe4-"
	rightOnes := 0
	for range 200000 {
		b := make([]byte, 17, 19)
		for i := range b {
			b[i] = usccAlphabet[rng.IntN(len(usccAlphabet))]
		}
		c, _ := USCCCheckChar(string(b))
		switch rng.IntN(4) {
		case 0:
			b = append(b, c)
		case 1:
			b = append(b, usccAlphabet[rng.IntN(len(usccAlphabet))])
		case 2:
			b = append(b, c)
			b[rng.IntN(18)] = bad[rng.IntN(len(bad))]
		case 3:
			b = append(b, c)
			if rng.IntN(2) == 0 {
				b = b[:17-rng.IntN(3)]
			} else {
				b = append(b, c)
			}
		}
		s := string(b)
		want := checkBySearch(s)
		if want {
			rightOnes++
		}
		if got := USCCCheckOK(s); got != want {
			t.Fatalf("USCCCheckOK(%q) = %v, want %v", s, got, want)
		}
	}
	if rightOnes < 10000 {
		t.Fatalf("only %d codes with a right check character were tried", rightOnes)
	}
}
