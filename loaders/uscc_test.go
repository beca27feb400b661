package loaders

import (
	"encoding/csv"
	"os"
	"testing"
)

// The vectors come from ../shared/data/uscc-test-vectors.csv, copied into testdata.
func TestUSCCCheckAgainstVectors(t *testing.T) {
	f, err := os.Open("testdata/uscc-test-vectors.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 10 {
		t.Fatalf("too few vectors: %d", len(recs))
	}
	for _, r := range recs[1:] {
		code, want := r[0], r[1] == "true"
		if got := USCCCheckOK(code); got != want {
			t.Errorf("USCCCheckOK(%q) = %v, want %v (%s)", code, got, want, r[2])
		}
	}
}

func TestUSCCShape(t *testing.T) {
	for _, tc := range []struct {
		name, code string
		want       bool
	}{
		{"valid code", "911522010783762860", true},
		{"check digit wrong still has the shape", "91110000600037341N", true},
		{"letters outside the alphabet", "9111000060003IOZSV", false},
		{"too short", "12345", false},
		{"lower case is not normalised here", "91152201078377449p", false},
	} {
		if got := USCCShapeOK(tc.code); got != tc.want {
			t.Errorf("%s: USCCShapeOK(%q) = %v, want %v", tc.name, tc.code, got, tc.want)
		}
	}
}
