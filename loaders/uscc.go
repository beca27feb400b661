package loaders

import (
	"strings"

	"github.com/bjgjj/awards/loaders/parse"
)

const usccAlphabet = parse.USCCAlphabet

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// USCCShapeOK reports whether s is 18 characters of the GB 32100 alphabet (the condition for loading).
func USCCShapeOK(s string) bool { return parse.CreditCodeShapeOK(s) }

// USCCCheckChar computes the GB 32100 check character for the first 17 characters of a code.
// ok is false when first17 is not 17 characters of the alphabet.
func USCCCheckChar(first17 string) (c byte, ok bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccAlphabet, first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * usccWeights[i]
	}
	return usccAlphabet[(31-sum%31)%31], true
}

// USCCCheckOK reports whether an 18-character code's last character is its GB 32100 check character.
// Some legally issued early codes fail this: it is a warning, never a reason to refuse or quarantine.
func USCCCheckOK(s string) bool {
	if !USCCShapeOK(s) {
		return false
	}
	c, ok := USCCCheckChar(s[:17])
	return ok && c == s[17]
}
