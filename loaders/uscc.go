package loaders

import (
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
		v := usccValue(first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * usccWeights[i]
	}
	return usccAlphabet[(31-sum%31)%31], true
}

// usccValue is the index of c in the GB 32100 alphabet (its value for the check character), or -1; the
// same as strings.IndexByte(usccAlphabet, c) without the search.
func usccValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'A' <= c && c <= 'H':
		return 10 + int(c-'A')
	case 'J' <= c && c <= 'N':
		return 18 + int(c-'J')
	case 'P' <= c && c <= 'R':
		return 23 + int(c-'P')
	case 'T' <= c && c <= 'U':
		return 26 + int(c-'T')
	case 'W' <= c && c <= 'Y':
		return 28 + int(c-'W')
	}
	return -1
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
