package loaders

import (
	"strings"
	"testing"
	"unicode"
)

// Every reason the loader writes for a skipped file or sheet has its Chinese for the 数据质量 sheet.
func TestSkipReasonsHaveTheirChinese(t *testing.T) {
	reasons := []string{skipSubfolder, skipLockFile, skipHidden, skipNotRegular, skipEmptyText, skipNoHeader, skipReadme,
		skipWeakSheet, skipOwnSheet, skipOwnBook}
	for f := fmtText; f <= fmtBinary; f++ {
		reasons = append(reasons, otherReason(f))
	}
	for _, en := range reasons {
		zh := SkipReasonZh(en)
		if zh == en || strings.IndexFunc(zh, func(r rune) bool { return unicode.Is(unicode.Han, r) }) < 0 {
			t.Errorf("%q has no Chinese: %q", en, zh)
		}
	}
	if got := SkipReasonZh("something new"); got != "something new" {
		t.Errorf("an unknown reason became %q, want it as it is", got)
	}
}
