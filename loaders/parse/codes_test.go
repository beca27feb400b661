package parse

import (
	"errors"
	"testing"
)

func TestCreditCode(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr error
	}{
		{"valid code unchanged", "91110108MA01ABCD1X", "91110108MA01ABCD1X", nil},
		{"all-digit code", "911103027404017237", "911103027404017237", nil},
		{"trimmed", "  91110302562134916R\t", "91110302562134916R", nil},
		{"upper-cased", "91110302562134916r", "91110302562134916R", nil},
		{"full-width folded", "９１１１０３０２５６２１３４９１６Ｒ", "91110302562134916R", nil},
		{"inner spaces removed", "9111 0302 5621 3491 6R", "91110302562134916R", nil},
		{"ideographic and no-break spaces removed", "911103025621\u300034916\u00a0R", "91110302562134916R", nil},

		{"scientific notation is refused", "9.11101E+17", "", ErrScientific},
		{"lower-case scientific notation is refused", "9.11101e+17", "", ErrScientific},
		{"scientific notation without sign is refused", "9.111E17", "", ErrScientific},
		{"17 characters are refused", "91110302562134916", "", ErrBadCode},
		{"19 characters are refused", "91110302562134916RX", "", ErrBadCode},
		{"letter I is not in the alphabet", "91110302562134916I", "", ErrBadCode},
		{"letter O is not in the alphabet", "9111030256213491O6", "", ErrBadCode},
		{"letters S, V, Z are not in the alphabet", "9111030256213SVZ6R", "", ErrBadCode},
		{"hyphens are not repaired", "91110302-562134916R", "", ErrBadCode},
		{"a number cell with .0 is refused", "911103027404017237.0", "", ErrBadCode},
		{"Chinese text is refused", "无", "", ErrBadCode},
		{"empty is missing", " ", "", ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CreditCode(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("CreditCode(%q) = %q, %v; want %v", tt.in, got, err, tt.wantErr)
				}
				if got != "" {
					t.Errorf("CreditCode(%q) returned %q with an error", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("CreditCode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

// A code in scientific notation is quarantined as bad_code, like any other bad code, but a caller can
// tell why; an ordinary bad code must not claim to be scientific.
func TestCreditCodeScientificIsAlsoBadCode(t *testing.T) {
	_, err := CreditCode("9.11101E+17")
	if !errors.Is(err, ErrBadCode) || !errors.Is(err, ErrScientific) || Reason(err) != "bad_code" {
		t.Errorf("scientific: err %v, reason %q; want both ErrBadCode and ErrScientific, reason bad_code", err, Reason(err))
	}
	_, err = CreditCode("ABC")
	if errors.Is(err, ErrScientific) {
		t.Errorf("a short code claims to be scientific notation: %v", err)
	}
}

func TestIndustryCode(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		prefixOK bool
		want     string
		wantErr  error
	}{
		{"four digits", "6513", false, "6513", nil},
		{"leading zero kept", "0610", false, "0610", nil},
		{"lost leading zero restored", "610", false, "0610", nil},
		{"Excel number with .0", "610.0", false, "0610", nil},
		{"Excel number with .00", "6513.00", false, "6513", nil},
		{"full-width digits", "６５１３", false, "6513", nil},
		{"spaces trimmed", " 6513 ", false, "6513", nil},
		{"two digits without prefixOK refused", "65", false, "", ErrBadIndustry},
		{"five digits refused", "65131", false, "", ErrBadIndustry},
		{"section letter refused", "C3914", false, "", ErrBadIndustry},
		{"letter only refused", "I", false, "", ErrBadIndustry},
		{"a real fraction refused", "610.5", false, "", ErrBadIndustry},
		{"negative refused", "-610", false, "", ErrBadIndustry},
		{"division 00 refused", "0010", false, "", ErrBadIndustry},
		{"division 98 refused", "9800", false, "", ErrBadIndustry},
		{"empty is missing", "", false, "", ErrMissing},

		{"prefix: four digits", "3914", true, "3914", nil},
		{"prefix: three-digit group kept as is", "391", true, "391", nil},
		{"prefix: three digits are not padded", "610", true, "610", nil},
		{"prefix: two-digit division", "39", true, "39", nil},
		{"prefix: two digits with leading zero", "06", true, "06", nil},
		{"prefix: one digit is a division that lost its zero", "6", true, "06", nil},
		{"prefix: Excel number one digit", "6.0", true, "06", nil},
		{"prefix: zero refused", "0", true, "", ErrBadIndustry},
		{"prefix: five digits refused", "39141", true, "", ErrBadIndustry},
		{"prefix: letter refused", "C", true, "", ErrBadIndustry},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := IndustryCode(tt.in, tt.prefixOK)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("IndustryCode(%q, %v) = %q, %v; want %v", tt.in, tt.prefixOK, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("IndustryCode(%q, %v) = %q, %v; want %q", tt.in, tt.prefixOK, got, err, tt.want)
			}
		})
	}
}
