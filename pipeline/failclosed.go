package pipeline

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bjgjj/awards/loaders"
)

// What a quarantined row does to a run (rules.md "Holds: doubt never pays"): a row whose enterprise can be
// read holds that enterprise's paying pairs (built in SQL), while a row no one can attribute stops the run
// before anything is published when its kind is one whose missing row could raise a payment.

// stoppingKinds are the kinds whose missing row could raise a payment: a 严重失信 or 禁限目录 row refuses,
// an 其他市级资金 or 已兑付奖励 row lowers or refuses, a 关联企业 row flags for review, a 规上名录 row decides
// whether a rise is "first". A quarantined row of one of them whose credit code cannot be read stops the
// run; so does any quarantined 禁限目录 row, which names no enterprise at all.
var stoppingKinds = []loaders.Kind{loaders.Dishonesty, loaders.OtherFunds, loaders.PriorAwards, loaders.Affiliates,
	loaders.Restricted, loaders.AboveScale}

// stops reports whether a quarantined row stops the run.
func stops(q loaders.Quarantined) bool {
	return q.Kind == loaders.Restricted || (q.CreditCode == "" && slices.Contains(stoppingKinds, q.Kind))
}

// checkStops stops the run (ErrBadData) at the first quarantined row that rules.md says stops it, in one
// sentence naming the file, sheet, row, column and raw value and saying what to do, and how many more
// there are. It runs whatever --max-quarantine-share allows: no share lets such a row pass.
func checkStops(b *loaders.Batch) error {
	var stop []loaders.Quarantined
	for _, q := range b.Quarantine {
		if stops(q) {
			stop = append(stop, q)
		}
	}
	if len(stop) == 0 {
		return nil
	}
	q := stop[0]
	what := fmt.Sprintf("this %s row cannot be read (%s) and no one can tell which enterprise it concerns", kindLabel(q.Kind), q.Reason)
	if q.Kind == loaders.Restricted {
		what = fmt.Sprintf("this %s row cannot be read (%s), and which enterprises it excludes cannot be told", kindLabel(q.Kind), q.Reason)
	}
	msg := fmt.Sprintf("%s: %s, so nothing was published; correct the row, or delete it if it concerns no enterprise of the register, and run again",
		rowPlace(q), what)
	if n := len(stop) - 1; n > 0 {
		var more []string
		for _, x := range stop[1:min(len(stop), 4)] {
			more = append(more, shortPlace(x))
		}
		if n > 3 {
			more = append(more, "…")
		}
		msg += fmt.Sprintf(" (%d more such rows: %s)", n, strings.Join(more, ", "))
	}
	return fmt.Errorf("%s: %w", msg, ErrBadData)
}

// rowPlace names where a quarantined row is and what it holds: file, sheet, row, column and raw value (the
// row's cells when the whole row is at fault).
func rowPlace(q loaders.Quarantined) string {
	s := shortPlace(q)
	switch {
	case q.Column != "":
		s += ", column " + q.Column + ", value " + strconv.Quote(clipText(q.RawValue, 60))
	case q.RawRow != "":
		s += ", the whole row " + strconv.Quote(clipText(strings.ReplaceAll(q.RawRow, "\t", " | "), 80))
	}
	return s
}

func shortPlace(q loaders.Quarantined) string {
	s := q.SourceFile
	if q.SourceSheet != "" {
		s += " sheet " + q.SourceSheet
	}
	return s + " row " + strconv.Itoa(q.SourceRow)
}

// clipText shortens s to n characters for a message.
func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// HoldSummary is what the quarantine does to a run that publishes (rules.md "Holds"): the rows that name an
// enterprise hold its paying pairs for review (outcome review, nothing paid). validate prints it; the
// exact held pairs are only known once the rules are decided, so these are the enterprises at most held
// for unreadable rows.
type HoldSummary struct {
	Rows        int // quarantined rows that hold pairs (naming an enterprise, a group, or the whole affiliates list)
	Enterprises int // distinct enterprises they name
	Groups      int // distinct affiliate groups whose every member they name
	// AllAffiliates: an affiliates row whose group cannot be read holds every enterprise on the list.
	AllAffiliates bool
	// GroupFigures counts the quarantined 工业总产值 and 营业收入 rows that, the batch having a 关联企业 list,
	// also hold the direction-11 pairs of the other members of their enterprise's group (stage 270; every
	// group's members for a row whose code cannot be read).
	GroupFigures int
}

// summariseHolds counts the quarantined rows that hold pairs and the enterprises they name. Resolutions
// rows hold nothing: an unreadable resolution leaves its pair under review.
func summariseHolds(b *loaders.Batch) HoldSummary {
	var h HoldSummary
	codes, groups := map[string]bool{}, map[string]bool{}
	hasGroups := slices.ContainsFunc(b.Reports, func(r loaders.SheetReport) bool { return r.Kind == loaders.Affiliates && r.Loaded > 0 })
	for _, q := range b.Quarantine {
		if q.Kind == loaders.Resolutions || stops(q) {
			continue
		}
		figure := hasGroups && (q.Kind == loaders.OutputValue || q.Kind == loaders.Revenue)
		if figure {
			h.GroupFigures++
		}
		switch {
		case q.Kind == loaders.Affiliates && q.Group != "":
			groups[q.Group] = true
		case q.Kind == loaders.Affiliates:
			h.AllAffiliates = true
		case q.CreditCode == "" && !figure:
			continue // names no enterprise, in a kind where that holds nothing (the figures of no one)
		}
		if q.CreditCode != "" {
			codes[q.CreditCode] = true
		}
		h.Rows++
	}
	h.Enterprises, h.Groups = len(codes), len(groups)
	return h
}

// String is the verdict line validate prints.
func (h HoldSummary) String() string {
	if h.Rows == 0 {
		return "no quarantined row holds a payment"
	}
	s := fmt.Sprintf("%d quarantined rows hold, for review and unpaid, the paying pairs of up to %d enterprises", h.Rows, h.Enterprises)
	if h.Groups > 0 {
		s += fmt.Sprintf(" and of every member of %d affiliate groups", h.Groups)
	}
	if h.AllAffiliates {
		s += " and of every enterprise on the 在京关联企业 list (an affiliates row names no readable group)"
	}
	if h.GroupFigures > 0 {
		s += fmt.Sprintf("; %d 工业总产值 or 营业收入 rows among them also hold the direction-11 pairs of the other members of their enterprise's 在京关联企业 group (of every group, for a row whose code cannot be read)", h.GroupFigures)
	}
	return s
}

// checkStrict is validate --strict: anything that would stop or hold a payment is an error — quarantined
// rows and files or sheets skipped as not data (a missing kind has stopped the run already).
func checkStrict(b *loaders.Batch, quarantined int) error {
	var skipped []string
	for _, r := range b.Reports {
		if r.SkippedReason != "" {
			name := r.SourceFile
			if r.SourceSheet != "" {
				name += " sheet " + r.SourceSheet
			}
			skipped = append(skipped, name)
		}
	}
	var parts []string
	if quarantined > 0 {
		parts = append(parts, fmt.Sprintf("%d rows quarantined", quarantined))
	}
	if len(skipped) > 0 {
		parts = append(parts, fmt.Sprintf("%d files or sheets skipped (%s)", len(skipped), strings.Join(skipped[:min(3, len(skipped))], ", ")))
	}
	if len(parts) == 0 {
		return nil
	}
	return fmt.Errorf("%s, which would hold payments or leave data unread (--strict); correct them and validate again: %w",
		strings.Join(parts, " and "), ErrBadData)
}
