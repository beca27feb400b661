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

// The sentences that stop a run say what was not read and what to do: a missing kind names the subfolders
// and files the folder held that were skipped (a kind moved into a subfolder, saved as PDF); a batch over
// the quarantine share names the reason most rows of the worst file have; a batch with no figure of any
// round says when its figure rows were all quarantined rather than absent.
func TestStopSentencesSayWhatWasNotRead(t *testing.T) {
	skipped := []loaders.SheetReport{
		{SourceFile: "2022年", SkippedReason: "a subfolder: only files directly in the input folder are read; move its files into the input folder to load them"},
		{SourceFile: "营业收入.pdf", SkippedReason: "not a data file (a PDF document)"},
		{SourceFile: "名单.xlsx", SourceSheet: "填表说明", SkippedReason: "no header of a known kind in its first 30 rows"},
		{SourceFile: "单位名录.xlsx", SourceSheet: "名录", Kind: loaders.Enterprises, RowsRead: 10, Loaded: 10},
	}
	err := checkKinds(&loaders.Batch{Reports: skipped}, []int{round1})
	for _, want := range []string{"严重失信主体名单 (dishonesty)", "not read: 2022年 (a subfolder), 营业收入.pdf", "declare it in batch.toml"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("missing kinds: %v, want it to say %q", err, want)
		}
	}
	if err != nil && strings.Contains(err.Error(), "填表说明") {
		t.Errorf("missing kinds: %v names a skipped cover sheet", err)
	}

	var q []loaders.Quarantined
	for i := range 30 {
		reason := "unknown_unit"
		if i%10 == 0 {
			reason = "bad_number"
		}
		q = append(q, loaders.Quarantined{SourceFile: "产值.xlsx", SourceSheet: "S", SourceRow: i + 2, Kind: loaders.OutputValue, Reason: reason})
	}
	share := &loaders.Batch{Quarantine: q, Reports: []loaders.SheetReport{
		{SourceFile: "产值.xlsx", SourceSheet: "S", Kind: loaders.OutputValue, RowsRead: 1000, Loaded: 970, Quarantined: 30},
		{SourceFile: "参保.csv", Kind: loaders.Headcount, RowsRead: 100, Loaded: 99, Quarantined: 1},
	}}
	err = checkQuarantineShare(share, nil)
	for _, want := range []string{"31 of 1100 rows quarantined", "产值.xlsx 30 rows (27 unknown_unit)", "参保.csv 1 row", "--max-quarantine-share"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("over the share: %v, want it to say %q", err, want)
		}
	}

	_, err = decidedRounds(0, map[period]bool{{2020, 12}: true}, 2022, q)
	for _, want := range []string{"no round can be decided", "30 工业总产值 or 营业收入 rows were quarantined", "unknown_unit"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("no round: %v, want it to say %q", err, want)
		}
	}
}

// A quarantined 工业总产值 or 营业收入 row also holds, through the affiliate review, the direction-11 pairs of
// the other members of its enterprise's group — of every group when its code cannot be read (stage 270):
// validate's verdict counts it when the batch has a 关联企业 list.
func TestHoldSummaryCountsGroupFigures(t *testing.T) {
	q := []loaders.Quarantined{
		{Kind: loaders.OutputValue, CreditCode: "A"},
		{Kind: loaders.Revenue}, // names no one: any member's
		{Kind: loaders.Headcount},
	}
	withGroups := &loaders.Batch{Quarantine: q, Reports: []loaders.SheetReport{{SourceFile: "关联.csv", Kind: loaders.Affiliates, RowsRead: 3, Loaded: 3}}}
	h := summariseHolds(withGroups)
	if want := (HoldSummary{Rows: 2, Enterprises: 1, GroupFigures: 2}); h != want {
		t.Errorf("summary %+v, want %+v", h, want)
	}
	if s := h.String(); !strings.Contains(s, "2 quarantined rows") || !strings.Contains(s, "2 工业总产值 or 营业收入 rows") {
		t.Errorf("verdict %q", s)
	}
	if h := summariseHolds(&loaders.Batch{Quarantine: q}); h != (HoldSummary{Rows: 1, Enterprises: 1}) {
		t.Errorf("without a 关联企业 list: summary %+v", h)
	}
}
