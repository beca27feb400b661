package loaders

import (
	"github.com/bjgjj/awards/loaders/parse"
)

const usccAlphabet = parse.USCCAlphabet

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// usccIndex is, for every byte, 1 + its index in the GB 32100 alphabet, or 0 when it is not in it: one
// load per character where a search or a chain of range tests would be, as every loaded row's code is
// checked.
var usccIndex = [256]uint8{
	'0': 1, '1': 2, '2': 3, '3': 4, '4': 5, '5': 6, '6': 7, '7': 8, '8': 9, '9': 10,
	'A': 11, 'B': 12, 'C': 13, 'D': 14, 'E': 15, 'F': 16, 'G': 17, 'H': 18,
	'J': 19, 'K': 20, 'L': 21, 'M': 22, 'N': 23, 'P': 24, 'Q': 25, 'R': 26, 'T': 27, 'U': 28,
	'W': 29, 'X': 30, 'Y': 31,
}

// USCCShapeOK reports whether s is 18 characters of the GB 32100 alphabet (the condition for loading).
func USCCShapeOK(s string) bool { return parse.CreditCodeShapeOK(s) }

// USCCCheckChar computes the GB 32100 check character for the first 17 characters of a code.
// ok is false when first17 is not 17 characters of the alphabet.
func USCCCheckChar(first17 string) (c byte, ok bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum, ok := usccSum(first17)
	if !ok {
		return 0, false
	}
	return usccAlphabet[(31-sum%31)%31], true
}

// usccSum is the weighted sum of the first 17 characters of s (len(s) ≥ 17), and whether they are all in
// the alphabet.
func usccSum(s string) (int, bool) {
	sum := 0
	for i, w := range usccWeights {
		v := int(usccIndex[s[i]])
		if v == 0 {
			return 0, false
		}
		sum += (v - 1) * w
	}
	return sum, true
}

// usccValue is the index of c in the GB 32100 alphabet (its value for the check character), or -1; the
// same as strings.IndexByte(usccAlphabet, c) without the search.
func usccValue(c byte) int {
	return int(usccIndex[c]) - 1
}

// USCCCheckOK reports whether an 18-character code's last character is its GB 32100 check character.
// Some legally issued early codes fail this: it is a warning, never a reason to refuse or quarantine.
// The shape (18 characters of the alphabet) is checked in the same pass as the sum.
func USCCCheckOK(s string) bool {
	if len(s) != 18 {
		return false
	}
	sum, ok := usccSum(s)
	// The check character is always in the alphabet, so equality also settles the last one's shape.
	return ok && usccAlphabet[(31-sum%31)%31] == s[17]
}
