package parse

import (
	"fmt"
	"slices"
	"strings"
)

// LegalPerson reads 是否独立法人 / 法人类型 / 单位类型: 是, 法人, "" → true; 否, 产业活动单位, 个体 → false; else
// ErrBadLegal.
//
// inputs.md lists exactly 是/否 and 法人/产业活动单位/个体 and says "any other value is quarantined". Only
// the same words spelt out are also accepted: 独立法人, 法人单位 (是/法人); 非法人, 非独立法人, 个体户,
// 个体工商户, 个体经营户 (否/个体). Codes such as Y/N, 1/0 or TRUE are refused: which of them means 是 is a
// guess (in some registers 1 is 法人单位 and 2 产业活动单位), and a guess here decides eligibility.
func LegalPerson(s string) (bool, error) {
	switch compact(s) {
	case "", "是", "法人", "独立法人", "法人单位":
		return true, nil
	case "否", "产业活动单位", "个体", "个体工商户", "个体户", "个体经营户", "非法人", "非独立法人":
		return false, nil
	}
	return false, fmt.Errorf("%w: %q", ErrBadLegal, s)
}

// The levels [SpecialisedLevel] returns.
const (
	LevelInnovative = "innovative"
	LevelMunicipal  = "municipal"
	LevelNational   = "national"
)

// levelQuotes are the quotation marks people put around 小巨人.
const levelQuotes = "\"'“”‘’「」『』《》〈〉"

// levels maps a 级别, compacted and without quotation marks, to its level.
var levels = map[string]string{
	"创新型中小企业": LevelInnovative,
	"市级专精特新":  LevelMunicipal, "市级专精特新中小企业": LevelMunicipal, "北京市专精特新中小企业": LevelMunicipal,
	"北京市专精特新": LevelMunicipal, "专精特新中小企业": LevelMunicipal, "专精特新": LevelMunicipal,
	"国家级专精特新小巨人": LevelNational, "国家级专精特新小巨人企业": LevelNational, "专精特新小巨人": LevelNational,
	"专精特新小巨人企业": LevelNational, "小巨人": LevelNational, "小巨人企业": LevelNational, "国家级小巨人": LevelNational,
	"国家级小巨人企业": LevelNational,
}

// SpecialisedLevel maps a 级别 to innovative, municipal or national (any quotation marks around 小巨人).
//
// Accepted: 创新型中小企业 (innovative); 市级专精特新, 北京市专精特新中小企业, 专精特新中小企业, 专精特新
// (municipal); 国家级专精特新"小巨人", 专精特新"小巨人"企业, 小巨人, 国家级小巨人 (national), with " “ ” 「 」
// or no quotation marks. Anything else is ErrBadLevel; an empty cell is ErrMissing.
func SpecialisedLevel(s string) (string, error) {
	t := strings.Map(func(r rune) rune {
		if strings.ContainsRune(levelQuotes, r) {
			return -1
		}
		return r
	}, compact(s))
	if t == "" {
		return "", missing("level")
	}
	if l, ok := levels[t]; ok {
		return l, nil
	}
	return "", fmt.Errorf("%w: %q", ErrBadLevel, s)
}

// ControlType reads a 管控类型: 禁止 or 限制 (also 禁止类, 限制类). An empty cell is ErrMissing.
func ControlType(s string) (string, error) {
	switch t := compact(s); t {
	case "禁止", "禁止类":
		return "禁止", nil
	case "限制", "限制类":
		return "限制", nil
	case "":
		return "", missing("control type")
	}
	return "", fmt.Errorf("%w: %q", ErrBadControlTyp, s)
}

// Direction reads a 方向: 方向10, 10, 方向十一, 11.
//
// Also 十, 十一, 10.0 (a number cell) and 方向 followed by a Chinese numeral. Any 方向 of the guide
// (1–99) parses; which directions matter is the rules' business. An empty cell is ErrMissing.
func Direction(s string) (int, error) {
	c := compact(s)
	if c == "" {
		return 0, missing("direction")
	}
	t := strings.TrimPrefix(c, "方向")
	if i := strings.IndexByte(t, '.'); i > 0 && strings.Trim(t[i+1:], "0") == "" {
		t = t[:i] // a number cell: 10.0
	}
	var n int
	if isDigits(t) && len(t) <= 2 {
		n = atoi(t)
	} else {
		n = chineseNumber(t)
	}
	if n < 1 || n > 99 {
		return 0, fmt.Errorf("%w: %q", ErrBadDirection, s)
	}
	return n, nil
}

// chineseNumber reads 一 … 九十九; -1 when t is not such a numeral.
func chineseNumber(t string) int {
	digit := func(r rune) int { return slices.Index([]rune("〇一二三四五六七八九"), r) }
	rs := []rune(t)
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10
	case len(rs) == 1:
		if d := digit(rs[0]); d > 0 {
			return d
		}
	case len(rs) == 2 && rs[0] == '十':
		if d := digit(rs[1]); d > 0 {
			return 10 + d
		}
	case len(rs) == 2 && rs[1] == '十':
		if d := digit(rs[0]); d > 1 {
			return 10 * d
		}
	case len(rs) == 3 && rs[1] == '十':
		if a, b := digit(rs[0]), digit(rs[2]); a > 1 && b > 0 {
			return 10*a + b
		}
	}
	return -1
}
