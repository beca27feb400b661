package synth

import (
	"math"
	"math/rand"
	"strconv"
)

// Industry codes the generator draws from (all present in GB/T 4754-2017).
const (
	advancedCodes = "2614 2710 2720 2761 3411 3421 3511 3562 3581 3612 3670 3714 3741 3812 3841 3911 3973 3990 4011"
	otherIndCodes = "0610 1391 1512 2231 2411 2921 3011 3311 4411 4430 4610"
	softwareCodes = "6421 6422 6432 6511 6512 6513 6520 6531 6550"
	otherCodes    = "5179 5191 7219 7491"
)

// pickCode picks one 4-digit code from a space-separated list.
func pickCode(list string, r *rand.Rand) string {
	i := r.Intn((len(list) + 1) / 5)
	return list[5*i : 5*i+4]
}

// sector classes of the generator.
const (
	secAdvanced = iota
	secOtherIndustry
	secSoftware
	secOther
)

func pickSector(r *rand.Rand) int {
	switch x := r.Intn(100); {
	case x < 25:
		return secAdvanced
	case x < 55:
		return secOtherIndustry
	case x < 92:
		return secSoftware
	}
	return secOther
}

func industryFor(sec int, r *rand.Rand) string {
	switch sec {
	case secAdvanced:
		return pickCode(advancedCodes, r)
	case secOtherIndustry:
		return pickCode(otherIndCodes, r)
	case secSoftware:
		return pickCode(softwareCodes, r)
	}
	return pickCode(otherCodes, r)
}

func isIndustrial(code string) bool { return code[:2] >= "06" && code[:2] <= "46" }

// roundTo rounds v to a multiple of unit (statistical figures are whole 千元, revenue whole 百元).
func roundTo(v float64, unit money) money {
	return money(math.Round(v/float64(unit))) * unit
}

// steadySeries makes four years of a measure around base (元) growing by about g a year, with first
// quarters about a fifth of the year; years before firstYear are absent.
func steadySeries(r *rand.Rand, base, g float64, firstYear int, unit money) series {
	s := noSeries()
	v := base
	years := [4]*money{&s.Y2019, &s.Y2020, &s.Y2021, &s.Y2022}
	var qShare [2]float64
	for i, p := range years {
		y := 2019 + i
		if y >= firstYear {
			*p = roundTo(v, unit)
		}
		if y == 2021 {
			qShare[0] = v * (0.19 + 0.04*r.Float64())
		}
		if y == 2022 {
			qShare[1] = v * (0.19 + 0.04*r.Float64())
		}
		v *= 1 + g + 0.04*r.NormFloat64()
	}
	if firstYear <= 2021 {
		s.Q2021 = roundTo(qShare[0], unit)
	}
	if firstYear <= 2022 {
		s.Q2022 = roundTo(qShare[1], unit)
	}
	return s
}

// randomEnt fills e (Code already set) as an ordinary enterprise: a sector, a size from a heavy-tailed
// distribution, 规上 history and modest growth. A few percent become 规上 in 2021 or grow fast, so a large
// batch has some awardees among many refusals.
func randomEnt(e *ent, r *rand.Rand, d district) {
	sec := pickSector(r)
	e.Industry = industryFor(sec, r)
	e.Name = companyName(r, e.Industry)
	e.Region = regionText(d, r.Intn(10))
	e.InReg = true
	first := 2015 + r.Intn(7) // first 规上 year 2015–2021
	if r.Intn(25) == 0 {
		first = refYear
	}
	if r.Intn(40) == 0 {
		first = policyYear
	}
	for y := first; y <= policyYear; y++ {
		e.Above = append(e.Above, y)
	}
	if first >= 2020 {
		e.Method = "规下转规上"
	}
	startYear := first - 1 - r.Intn(8)
	e.Start = monthText(startYear, 1+r.Intn(12), r.Intn(3))
	if first == refYear && r.Intn(3) == 0 {
		e.Start = monthText(refYear, 1+r.Intn(12), r.Intn(3))
		e.Method = "新建投产"
	}
	// size: log-normal around 1.5亿, a heavy tail up to a few hundred 亿
	base := math.Exp(math.Log(1.5e8) + 1.3*r.NormFloat64())
	base = math.Min(math.Max(base, 2.2e7), 6e10)
	g := -0.05 + 0.15*r.Float64()
	if r.Intn(50) == 0 {
		g = 0.15 + 0.3*r.Float64() // a fast grower
	}
	firstFig := first
	if firstFig < 2019 {
		firstFig = 2019
	}
	e.Out, e.Rev = noSeries(), noSeries()
	switch {
	case isIndustrial(e.Industry):
		e.Out = steadySeries(r, base, g, firstFig, 1000)
	default:
		e.Rev = steadySeries(r, base, g, firstFig, 100)
	}
	e.Head21 = 20 + int(base/1.5e6*(0.5+r.Float64()))
	e.Head22 = e.Head21 + r.Intn(e.Head21/10+3) - e.Head21/20 - 1
	if r.Intn(200) == 0 {
		e.Head22 = -1
	}
	if r.Intn(30) == 0 {
		e.Spec = append(e.Spec, specRec{Level: specLevels(r.Intn(4)), Recognized: dateText(2019+r.Intn(3), 1+r.Intn(12), 1+r.Intn(28))})
	}
	if e.Industry[:2] == "65" && r.Intn(8) == 0 {
		e.SoftYear = 2018 + r.Intn(5)
	}
	if r.Intn(300) == 0 {
		e.Dish = append(e.Dish, dishRec{Listed: dateText(2017+r.Intn(6), 1+r.Intn(12), 1+r.Intn(28))})
	}
	if r.Intn(150) == 0 {
		e.Funds = append(e.Funds, fundRec{Direction: 10 + r.Intn(2), Name: "北京市科技创新专项资金", Year: policyYear})
	}
	if r.Intn(100) == 0 {
		e.Prior = append(e.Prior, priorRec{Year: 2020 + r.Intn(3), Direction: 1 + r.Intn(12), Wan: "30"})
	}
	if r.Intn(20) == 0 {
		e.Legal = "是"
	}
}

// specLevels are the ways the 专精特新 list writes its levels.
func specLevels(i int) string {
	switch i {
	case 0:
		return "北京市专精特新中小企业"
	case 1:
		return "国家级专精特新“小巨人”"
	case 2:
		return "创新型中小企业"
	}
	return "专精特新\"小巨人\"企业"
}

// monthText writes a year and month in one of the register's forms.
func monthText(y, m, form int) string {
	switch form {
	case 0:
		return strconv.Itoa(y) + "-" + two(m)
	case 1:
		return strconv.Itoa(y) + "年" + strconv.Itoa(m) + "月"
	}
	return strconv.Itoa(y) + two(m)
}

func dateText(y, m, d int) string { return strconv.Itoa(y) + "-" + two(m) + "-" + two(d) }

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
