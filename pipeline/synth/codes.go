package synth

import (
	"fmt"
	"math/rand"
	"strings"

	"github.com/bjgjj/awards/loaders"
)

// orgAlphabet is what the 9-character organisation part of a code is drawn from: the GB 32100 alphabet.
const orgAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCode builds a valid GB 32100 code: 登记管理部门 9 (工商), 机构类别 1 (企业) unless kind says
// otherwise, the 6-digit registration region, an organisation part from n, and the check character.
// n is spread over the organisation part bijectively, so distinct n give distinct codes within a region.
func creditCode(kind, region string, n uint64) string {
	// Modern codes carry "MA" + 7 characters; the multiplier is coprime to 31^7, so n → org is one-to-one.
	const space = 27512614111 // 31^7
	v := (n*2654435761 + 12345) % space
	var org [7]byte
	for i := 6; i >= 0; i-- {
		org[i] = orgAlphabet[v%31]
		v /= 31
	}
	first17 := kind + region + "MA" + string(org[:])
	c, ok := loaders.USCCCheckChar(first17)
	if !ok {
		panic(fmt.Sprintf("synth: bad code prefix %q", first17)) // a programming error: inputs are fixed
	}
	return first17 + string(c)
}

// Word lists for names: a 字号 from two syllables (3-byte UTF-8 characters, picked by index), a trade
// word by industry, and a legal form.
const (
	nameHeads = "华中京博天恒新瑞通安汇宏嘉科金光明盛泰远联德信航星创智云海燕"
	nameTails = "创晟源达拓锐芯联科泽瀚宇腾维捷弘睿康鼎辰悦岳诚峰驰曜润邦凯熙"
)

func pickChar(chars string, r *rand.Rand) string {
	i := r.Intn(len(chars) / 3)
	return chars[3*i : 3*i+3]
}

// tradeWord gives the middle of a company name for an industry code.
func tradeWord(industry string) string {
	switch industry[:2] {
	case "06":
		return "能源"
	case "13", "14", "15":
		return "食品"
	case "22", "23", "24":
		return "包装印务"
	case "25":
		return "石化"
	case "26":
		return "化工"
	case "27":
		return "医药"
	case "29", "30", "31", "32", "33":
		return "新材料"
	case "34", "35":
		return "智能装备"
	case "36":
		return "汽车科技"
	case "37":
		return "轨道交通装备"
	case "38":
		return "电气"
	case "39":
		return "电子"
	case "40":
		return "仪器仪表"
	case "44", "45", "46":
		return "能源"
	case "64":
		return "网络科技"
	case "65":
		if industry == "6520" {
			return "微电子"
		}
		return "软件"
	}
	return "科技发展"
}

// legalForm picks a legal form, plain 有限公司 most often.
func legalForm(r *rand.Rand) string {
	switch r.Intn(6) {
	case 0:
		return "股份有限公司"
	case 1:
		return "科技有限公司"
	case 2:
		return "有限责任公司"
	}
	return "有限公司"
}

// companyName makes a realistic name for an enterprise of the given industry.
func companyName(r *rand.Rand, industry string) string {
	h, t := pickChar(nameHeads, r), pickChar(nameTails, r)
	form := legalForm(r)
	if strings.HasSuffix(tradeWord(industry), "科技") && form == "科技有限公司" {
		form = "有限公司" // no 网络科技科技有限公司
	}
	if r.Intn(5) == 0 {
		return h + t + tradeWord(industry) + "（北京）" + form
	}
	return "北京" + h + t + tradeWord(industry) + form
}

// district is one area of Beijing as the register writes it.
type district struct {
	Code, Name string
	Township   string // a real 街道/乡镇 code under it, for the 9- and 12-digit forms
}

// districts are the 16 districts and 北京经济技术开发区 (written with its township code).
func districts() []district {
	return []district{
		{"110101", "东城区", "110101001"}, {"110102", "西城区", "110102003"}, {"110105", "朝阳区", "110105004"},
		{"110106", "丰台区", "110106001"}, {"110107", "石景山区", "110107001"}, {"110108", "海淀区", "110108001"},
		{"110109", "门头沟区", "110109001"}, {"110111", "房山区", "110111001"}, {"110112", "通州区", "110112001"},
		{"110113", "顺义区", "110113001"}, {"110114", "昌平区", "110114001"}, {"110115", "大兴区", "110115001"},
		{"110116", "怀柔区", "110116001"}, {"110117", "平谷区", "110117001"}, {"110118", "密云区", "110118001"},
		{"110119", "延庆区", "110119001"}, {"110115403", "北京经济技术开发区", "110115403"},
	}
}

// regionText writes a district the way a register might: a 6-digit code mostly, sometimes the 9- or
// 12-digit form or the name with or without 区. form picks the variant (0..9).
func regionText(d district, form int) string {
	if d.Code == "110115403" {
		switch form % 4 {
		case 0:
			return "110115403"
		case 1:
			return "北京经济技术开发区"
		case 2:
			return "110115403000"
		}
		return "110302"
	}
	switch form {
	case 6:
		return strings.TrimSuffix(d.Name, "区")
	case 7:
		return d.Township
	case 8:
		return d.Township + "000"
	case 9:
		return d.Name
	}
	return d.Code
}

// codeRegion is the registration region part of an enterprise's credit code for its district:
// 经开区 enterprises register with 110302, as observed on real codes.
func codeRegion(d district) string {
	if d.Code == "110115403" {
		return "110302"
	}
	return d.Code
}
