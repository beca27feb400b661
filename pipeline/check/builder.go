package check

import "github.com/shopspring/decimal"

// The helpers below build cases in Go for the template and the shipped rules workbook, so that the
// case tables read like the sheets they become. Literal amounts are 万元 strings; a malformed literal is
// a programming error and panics.

// entOpt sets facts of an enterprise row.
type entOpt func(*Enterprise)

// ent builds an enterprise row of a case.
func ent(caseID, note string, opts ...entOpt) Enterprise {
	e := Enterprise{CaseID: caseID, Note: note, Output: map[Period]decimal.Decimal{},
		Revenue: map[Period]decimal.Decimal{}, Headcount: map[int]int64{},
		OutputPrev: map[Period]decimal.Decimal{}, RevenuePrev: map[Period]decimal.Decimal{}}
	for _, o := range opts {
		o(&e)
	}
	return e
}

// member builds a group member outside the cases (sheet 关联企业).
func member(group, name string, opts ...entOpt) Enterprise {
	e := ent("", "", opts...)
	e.Group, e.Name = group, name
	return e
}

// with applies several options at once (a profile shared by many cases).
func with(opts ...entOpt) entOpt {
	return func(e *Enterprise) {
		for _, o := range opts {
			o(e)
		}
	}
}

// name sets 企业名称.
func name(n string) entOpt { return func(e *Enterprise) { e.Name = n } }

// code sets 统一社会信用代码 (a full code or a prefix).
func code(c string) entOpt { return func(e *Enterprise) { e.Code = c } }

// industry sets 行业代码.
func industry(c string) entOpt { return func(e *Enterprise) { e.Industry = c } }

// industry2011 sets 行业代码(2011).
func industry2011(c string) entOpt { return func(e *Enterprise) { e.Industry2011 = c } }

// district sets 所属区.
func district(d string) entOpt { return func(e *Enterprise) { e.District = d } }

// legalPerson sets 是否独立法人.
func legalPerson(v string) entOpt { return func(e *Enterprise) { e.LegalPerson = v } }

// started sets 投产年月 (YYYY-MM).
func started(m string) entOpt { return func(e *Enterprise) { e.StartMonth = m } }

// aboveScale sets 规上年份.
func aboveScale(years ...int) entOpt { return func(e *Enterprise) { e.AboveScale = years } }

// out sets 工业总产值 of a full year in 万元.
func out(year int, wan string) entOpt {
	return func(e *Enterprise) { e.Output[Period{year, false}] = decimal.RequireFromString(wan) }
}

// outQ1 sets 工业总产值 of January–March of a year in 万元.
func outQ1(year int, wan string) entOpt {
	return func(e *Enterprise) { e.Output[Period{year, true}] = decimal.RequireFromString(wan) }
}

// rev sets 营业收入 of a full year in 万元.
func rev(year int, wan string) entOpt {
	return func(e *Enterprise) { e.Revenue[Period{year, false}] = decimal.RequireFromString(wan) }
}

// revQ1 sets 营业收入 of January–March of a year in 万元.
func revQ1(year int, wan string) entOpt {
	return func(e *Enterprise) { e.Revenue[Period{year, true}] = decimal.RequireFromString(wan) }
}

// staff sets 参保人数 at the end of a year.
func staff(year int, persons int64) entOpt {
	return func(e *Enterprise) { e.Headcount[year] = persons }
}

// spec sets the 专精特新 record: level, recognition date (or year alone) and 有效期至 ("" none).
func spec(level, recognised, until string) entOpt {
	return func(e *Enterprise) { e.SpecLevel, e.SpecDate, e.SpecUntil = level, recognised, until }
}

// dishonest adds a 失信 record (removed "" = still listed).
func dishonest(listed, removed string) entOpt {
	return func(e *Enterprise) { e.Dishonesty = append(e.Dishonesty, DateRange{listed, removed}) }
}

// software puts the enterprise on the 工业软件 list with a 认定年份 ("是" for none).
func software(year string) entOpt { return func(e *Enterprise) { e.SoftwareYear = year } }

// otherFunds adds an other-funds row for a direction and year ("" every year).
func otherFunds(direction, year string) entOpt {
	return func(e *Enterprise) { e.OtherFunds = append(e.OtherFunds, OtherFund{direction, year}) }
}

// prior adds a prior award: year, direction, item and amount in 万元.
func prior(year, direction, item, wan string) entOpt {
	return func(e *Enterprise) {
		e.PriorAwards = append(e.PriorAwards, PriorAward{Year: year, Direction: direction, Item: item, AmountWan: decimal.RequireFromString(wan)})
	}
}

// priorNoAmount adds a prior award whose 金额 cannot be read.
func priorNoAmount(year, direction, item string) entOpt {
	return func(e *Enterprise) {
		e.PriorAwards = append(e.PriorAwards, PriorAward{Year: year, Direction: direction, Item: item, NoAmount: true})
	}
}

// outPrev sets the 上年同期 工业总产值 reported with a full year's row, 万元.
func outPrev(year int, wan string) entOpt {
	return func(e *Enterprise) { e.OutputPrev[Period{year, false}] = decimal.RequireFromString(wan) }
}

// revPrev sets the 上年同期 营业收入 reported with a full year's row, 万元.
func revPrev(year int, wan string) entOpt {
	return func(e *Enterprise) { e.RevenuePrev[Period{year, false}] = decimal.RequireFromString(wan) }
}

// unreadable has the batch carry an unreadable row about the enterprise in each kind named.
func unreadable(kinds ...string) entOpt {
	return func(e *Enterprise) { e.Unreadable = append(e.Unreadable, kinds...) }
}

// resolved adds a resolution: rule, 同意/不同意, the confirmed amount in 万元 ("" none), reviewer, date.
func resolved(rule, conclusion, wan, reviewer, date string) entOpt {
	return func(e *Enterprise) {
		r := Resolution{Rule: rule, Conclusion: conclusion, Reviewer: reviewer, Date: date}
		if wan != "" {
			d := decimal.RequireFromString(wan)
			r.AmountWan = &d
		}
		e.Resolutions = append(e.Resolutions, r)
	}
}

// group sets 关联集团编号.
func group(g string) entOpt { return func(e *Enterprise) { e.Group = g } }

// expOpt refines an expectation.
type expOpt func(*Expectation)

// expect builds an expectation: tier "" is not checked ("无" expects none); amount and paid "" are not
// checked.
func expect(caseID, rule, outcome, tier, amountWan, paidWan string, opts ...expOpt) Expectation {
	x := Expectation{CaseID: caseID, Rule: rule, Outcome: outcome}
	if o, ok := outcomeNames[outcome]; ok {
		x.Outcome = o
	}
	if tier != "" {
		t := tier
		if t == "无" {
			t = ""
		}
		x.Tier = &t
	}
	if amountWan != "" {
		d := decimal.RequireFromString(amountWan)
		x.AmountWan = &d
	}
	if paidWan != "" {
		d := decimal.RequireFromString(paidWan)
		x.PaidWan = &d
	}
	for _, o := range opts {
		o(&x)
	}
	return x
}

// reasonsAre requires reason codes.
func reasonsAre(r ...string) expOpt {
	return func(x *Expectation) { x.Reasons = append(x.Reasons, r...) }
}

// nearMiss expects near_miss to be b.
func nearMiss(b bool) expOpt { return func(x *Expectation) { x.NearMiss = &b } }

// remark requires a text in the remarks.
func remark(s string) expOpt { return func(x *Expectation) { x.Remarks = append(x.Remarks, s) } }

// gap expects data_gap and what the pair would pay: tier "" not checked ("无" none), wan "" not checked.
func gap(isGap bool, tier, wan string) expOpt {
	return func(x *Expectation) {
		x.DataGap = &isGap
		if tier != "" {
			t := tier
			if t == "无" {
				t = ""
			}
			x.PotentialTier = &t
		}
		if wan != "" {
			d := decimal.RequireFromString(wan)
			x.PotentialWan = &d
		}
	}
}

// of names the enterprise of the case the expectation is about.
func of(name string) expOpt { return func(x *Expectation) { x.Enterprise = name } }

// note sets the expectation's 说明.
func note(s string) expOpt { return func(x *Expectation) { x.Note = s } }

// awarded is the expectation of a plain award without tier: amount paid in full.
func awarded(caseID, rule, wan string, opts ...expOpt) Expectation {
	return expect(caseID, rule, "awarded", "无", wan, wan, opts...)
}

// tiered is the expectation of a tiered direction-11 award.
func tiered(caseID, rule, tier, wan string, opts ...expOpt) Expectation {
	return expect(caseID, rule, "awarded", tier, wan, wan, opts...)
}

// refused is the expectation of a refusal with at least the given reasons; nothing is paid.
func refused(caseID, rule string, reasons ...string) Expectation {
	return expect(caseID, rule, "refused", "", "0", "0", reasonsAre(reasons...))
}

// noDecision expects the enterprise to be outside the rule's sector.
func noDecision(caseID, rule string) Expectation {
	return expect(caseID, rule, "none", "", "", "")
}

// superseded is the expectation of an award replaced by a higher one; nothing is paid now.
func superseded(caseID, rule, wan string, opts ...expOpt) Expectation {
	return expect(caseID, rule, "superseded", "", wan, "0", opts...)
}
