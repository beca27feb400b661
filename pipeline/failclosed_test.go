package pipeline

import (
	"errors"
	"strings"
	"testing"

	"github.com/bjgjj/awards/loaders"
)

func TestWhichQuarantinedRowsStopTheRun(t *testing.T) {
	const code = "91110108MA01AB3C4X"
	row := func(k loaders.Kind, code, group string) loaders.Quarantined {
		return loaders.Quarantined{SourceFile: "f.xlsx", SourceSheet: "S", SourceRow: 7, Kind: k, CreditCode: code, Group: group,
			Column: "统一社会信用代码", RawValue: "#N/A", RawRow: "1\t#N/A", Reason: "error_value"}
	}
	for _, tc := range []struct {
		q     loaders.Quarantined
		stops bool
	}{
		{row(loaders.Dishonesty, "", ""), true},
		{row(loaders.OtherFunds, "", ""), true},
		{row(loaders.PriorAwards, "", ""), true},
		{row(loaders.Affiliates, "", "G1"), true},
		{row(loaders.AboveScale, "", ""), true},
		{row(loaders.Restricted, "", ""), true},
		{row(loaders.Dishonesty, code, ""), false},
		{row(loaders.AboveScale, code, ""), false},
		{row(loaders.Affiliates, code, ""), false},
		{row(loaders.Enterprises, "", ""), false},
		{row(loaders.OutputValue, "", ""), false},
		{row(loaders.Revenue, "", ""), false},
		{row(loaders.Headcount, "", ""), false},
		{row(loaders.Specialised, "", ""), false},
		{row(loaders.IndustrialSoftware, "", ""), false},
		{row(loaders.Resolutions, "", ""), false},
	} {
		err := checkStops(&loaders.Batch{Quarantine: []loaders.Quarantined{tc.q}})
		if (err != nil) != tc.stops {
			t.Errorf("%s row, code %q: stop %v, want %v", tc.q.Kind, tc.q.CreditCode, err, tc.stops)
		}
		if err != nil && (!errors.Is(err, ErrBadData) ||
			!strings.Contains(err.Error(), `f.xlsx sheet S row 7, column 统一社会信用代码, value "#N/A": this `)) {
			t.Errorf("message %q", err)
		}
	}
}

func TestStopMessageNamesTheFirstRowAndCountsTheOthers(t *testing.T) {
	var qs []loaders.Quarantined
	for i := range 6 {
		qs = append(qs, loaders.Quarantined{SourceFile: "失信.csv", SourceRow: 2 + i, Kind: loaders.Dishonesty,
			RawRow: strings.Repeat("甲", 200) + "\t2021", Reason: "field_count"})
	}
	err := checkStops(&loaders.Batch{Quarantine: qs})
	msg := err.Error()
	for _, want := range []string{"失信.csv row 2, the whole row \"甲", "严重失信主体名单", "field_count",
		"(5 more such rows: 失信.csv row 3, 失信.csv row 4, 失信.csv row 5, …)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if len([]rune(msg)) > 600 {
		t.Errorf("message of %d characters", len([]rune(msg)))
	}
}

func TestHoldSummaryAndStrict(t *testing.T) {
	b := &loaders.Batch{Quarantine: []loaders.Quarantined{
		{Kind: loaders.OutputValue, CreditCode: "A"},
		{Kind: loaders.Dishonesty, CreditCode: "A"},
		{Kind: loaders.Headcount, CreditCode: "B"},
		{Kind: loaders.Headcount},                    // names no one: holds nothing
		{Kind: loaders.Resolutions, CreditCode: "C"}, // leaves its pair under review: holds nothing
		{Kind: loaders.Affiliates, CreditCode: "D", Group: "G1"},
		{Kind: loaders.Affiliates, CreditCode: "E"}, // no readable group: the whole list
	}, Reports: []loaders.SheetReport{{SourceFile: "readme.pdf", SkippedReason: "not a table"}}}
	h := summariseHolds(b)
	if want := (HoldSummary{Rows: 5, Enterprises: 4, Groups: 1, AllAffiliates: true}); h != want {
		t.Errorf("summary %+v, want %+v", h, want)
	}
	if s := h.String(); !strings.Contains(s, "5 quarantined rows") || !strings.Contains(s, "up to 4 enterprises") ||
		!strings.Contains(s, "1 affiliate groups") || !strings.Contains(s, "every enterprise on the 在京关联企业 list") {
		t.Errorf("verdict %q", s)
	}
	err := checkStrict(b, 7)
	if !errors.Is(err, ErrBadData) || !strings.Contains(err.Error(), "7 rows quarantined and 1 files or sheets skipped (readme.pdf)") {
		t.Errorf("strict: %v", err)
	}
	if err := checkStrict(&loaders.Batch{}, 0); err != nil {
		t.Errorf("strict on a clean batch: %v", err)
	}
}
