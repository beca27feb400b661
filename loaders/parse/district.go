package parse

import (
	"fmt"
	"slices"
	"strings"
)

// district is one row of ../shared/data/beijing-districts.csv of kind "district". The table is copied
// here (the package does no I/O); district_test.go checks it against the CSV.
type district struct {
	code, name string
}

// beijingDistricts lists Beijing's 16 districts in code order.
var beijingDistricts = [...]district{
	{"110101", "东城区"}, {"110102", "西城区"}, {"110105", "朝阳区"}, {"110106", "丰台区"},
	{"110107", "石景山区"}, {"110108", "海淀区"}, {"110109", "门头沟区"}, {"110111", "房山区"},
	{"110112", "通州区"}, {"110113", "顺义区"}, {"110114", "昌平区"}, {"110115", "大兴区"},
	{"110116", "怀柔区"}, {"110117", "平谷区"}, {"110118", "密云区"}, {"110119", "延庆区"},
}

// E-Town (北京经济技术开发区) has no county-level code: NBS places it at township level under 大兴区, and
// district-scoped catalogue rows treat it as 大兴区 (inputs.md "Districts").
const (
	etownCode     = "110115403"
	etownName     = "北京经济技术开发区"
	etownDistrict = "大兴区"
	beijingCode   = "110000"
)

// registrationCodes are codes embedded in credit codes that are not current districts
// (beijing-districts.csv, kind registration-authority): old counties and registration authorities.
// 110000 is handled separately (Beijing, district unknown).
var registrationCodes = map[string]string{
	"110228": "110118", // 密云县 (legacy) → 密云区
	"110229": "110119", // 延庆县 (legacy) → 延庆区
	"110304": "110111", // 燕山 registration authority → 房山区
	"110302": etownCode,
}

// etownNames are the ways people write E-Town.
var etownNames = map[string]bool{
	"北京经济技术开发区": true, "经济技术开发区": true, "北京经济开发区": true, "经济开发区": true,
	"亦庄": true, "北京亦庄": true, "亦庄经济技术开发区": true, "亦庄开发区": true, "开发区": true,
	"经开区": true, "北京经开区": true,
}

// legacyNames are the former names of two current districts (counties until 2015).
var legacyNames = map[string]string{"密云县": "密云区", "延庆县": "延庆区", "密云": "密云区", "延庆": "延庆区"}

func districtByCode(code string) (district, bool) {
	for _, d := range beijingDistricts {
		if d.code == code {
			return d, true
		}
	}
	return district{}, false
}

// districtByName finds a district by its name with or without 区, with or without a 北京市 prefix.
func districtByName(name string) (district, bool) {
	n := strings.TrimPrefix(name, "北京市")
	if n != name && n == "" {
		return district{}, false
	}
	if full, ok := legacyNames[n]; ok {
		n = full
	}
	for _, d := range beijingDistricts {
		if rest, ok := strings.CutPrefix(d.name, n); ok && (rest == "" || rest == "区") { // n or n+"区", unbuilt
			return d, true
		}
	}
	return district{}, false
}

func etown(regionCode string) District {
	return District{RegionCode: regionCode, AreaCode: etownCode, AreaName: etownName,
		ScopeDistrict: etownDistrict, InBeijing: true}
}

func beijingUnknown(regionCode string) District {
	return District{RegionCode: regionCode, AreaCode: beijingCode, InBeijing: true}
}

func fromDistrict(regionCode string, d district) District {
	return District{RegionCode: regionCode, AreaCode: d.code, AreaName: d.name, ScopeDistrict: d.name,
		InBeijing: true}
}

// District is where an enterprise is registered, as rules and rosters need it.
type District struct {
	RegionCode    string // the digits as given, or "" when a name was given
	AreaCode      string // 1101xx, 110115403 (北京经济技术开发区), 110000 (Beijing, district unknown), else the first 6 digits
	AreaName      string // 海淀区 …, 北京经济技术开发区; "" when unknown or outside Beijing
	ScopeDistrict string // the district for 禁限目录 scopes: AreaName, but 大兴区 for 北京经济技术开发区
	InBeijing     bool
}

// ParseDistrict reads a 区划代码 or district name (inputs.md "Districts"): 6-, 9- or 12-digit codes, names
// with or without 区, 经济技术开发区 / 北京经济技术开发区 / 亦庄, old codes 110228, 110229, 110304, 110302, and
// 110000. A code outside 11 parses (InBeijing false); an unknown name is ErrUnknownDist.
//
// A 9-digit code counts by its first 6 digits, except 110115403, which is E-Town itself; a 12-digit
// 统计用区划代码 counts by its first 9. A number cell's ".0" is dropped (区划代码 never start with 0, so a
// number cell loses nothing else). A Beijing code that is not a current district nor one of the listed
// old codes (110100, or 110103 and 110104, the 崇文 and 宣武 districts merged in 2010) is in Beijing
// with the district unknown, like 110000: beijing-districts.csv does not map them, and guessing a
// district could grant or refuse an award on a wrong basis. The names 北京 and 北京市 mean the same.
// Digits of any other length are ErrUnknownDist; an empty cell is ErrMissing.
func ParseDistrict(s string) (District, error) {
	t := compact(s)
	if t == "" {
		return District{}, missing("district")
	}
	if i := strings.IndexByte(t, '.'); i > 0 && strings.Trim(t[i+1:], "0") == "" {
		t = t[:i]
	}
	if isDigits(t) {
		return districtCode(s, t)
	}
	// The pattern starts with a digit: a name (the common case) needs no regular expression.
	if isDigit(t[0]) && scientificRE.MatchString(strings.ToUpper(t)) {
		// A 12-digit code Excel shows as 1.10108E+11 may have lost digits: never complete it.
		return District{}, fmt.Errorf("%w: %q is in scientific notation (Excel stored the code as a number)", ErrUnknownDist, s)
	}
	switch {
	case t == "北京市" || t == "北京":
		return beijingUnknown(""), nil
	case etownNames[strings.TrimPrefix(t, "北京市")]:
		return etown(""), nil
	}
	if d, ok := districtByName(t); ok {
		return fromDistrict("", d), nil
	}
	return District{}, fmt.Errorf("%w: %q is not a Beijing district", ErrUnknownDist, s)
}

// districtCode reads a code of digits; raw is the cell text for messages.
func districtCode(raw, code string) (District, error) {
	key := code
	switch len(code) {
	case 12:
		key = code[:9]
		fallthrough
	case 9:
		if key == etownCode {
			return etown(code), nil
		}
		key = key[:6]
	case 6:
	default:
		return District{}, fmt.Errorf("%w: %q is not a 6-, 9- or 12-digit 区划代码", ErrUnknownDist, raw)
	}
	if !strings.HasPrefix(key, "11") {
		return District{RegionCode: code, AreaCode: key}, nil
	}
	if mapped, ok := registrationCodes[key]; ok {
		key = mapped
	}
	if key == etownCode {
		return etown(code), nil
	}
	if d, ok := districtByCode(key); ok {
		return fromDistrict(code, d), nil
	}
	return beijingUnknown(code), nil
}

// scopeGroups are the district groups Beijing's planning documents use in catalogue scopes.
var scopeGroups = map[string][]string{
	"核心区":     {"东城区", "西城区"},
	"首都功能核心区": {"东城区", "西城区"},
	"中心城区":    {"东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区"},
	"城六区":     {"东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区"},
	"城市副中心":   {"通州区"},
	"北京城市副中心": {"通州区"},
	// rules.md: only the mountain areas of 昌平 and 房山 belong to the ecological conservation area, but a
	// district code cannot tell which part an enterprise is in; the catalogue's exclusion reaches both
	// whole districts, so that an unknowable location never escapes a restriction.
	"生态涵养区": {"门头沟区", "平谷区", "怀柔区", "密云区", "延庆区", "昌平区", "房山区"},
}

// wholeCity are the texts meaning "all of Beijing".
var wholeCity = map[string]bool{"全市": true, "北京市": true, "北京": true, "全北京市": true, "本市": true}

// scopeSeparators split a scope list; spaces count too, since compacting would glue names together.
const scopeSeparators = "、,;/ \t\r\n和及"

// Scope reads a 禁限目录 适用区域: 全市, or district names separated by 、 or , (with groups 核心区, 中心城区,
// 城六区, 城市副中心 expanded). It returns whole=true for 全市, else the canonical district names, sorted.
//
// Names may be separated by 、 , ， ; ； / spaces, 和 or 及. E-Town (北京经济技术开发区, 亦庄, …) scopes
// 大兴区, as catalogue rows are district-scoped. The names are full (海淀区), deduplicated and sorted by
// district code. A part that is not a district or group ("全市（核心区除外）", "海淀区等") is ErrBadScope:
// an exception the code cannot represent must not be dropped silently. An empty cell is ErrMissing.
func Scope(s string) (whole bool, districts []string, err error) {
	t := Fold(s)
	parts := strings.FieldsFunc(t, func(r rune) bool { return strings.ContainsRune(scopeSeparators, r) })
	if len(parts) == 0 {
		return false, nil, missing("scope")
	}
	set := map[string]bool{}
	for _, p := range parts {
		switch {
		case wholeCity[p]:
			whole = true
		case scopeGroups[p] != nil:
			for _, n := range scopeGroups[p] {
				set[n] = true
			}
		case etownNames[strings.TrimPrefix(p, "北京市")]:
			set[etownDistrict] = true
		default:
			d, ok := districtByName(p)
			if !ok {
				return false, nil, fmt.Errorf("%w: %q: %q is not a Beijing district or district group", ErrBadScope, s, p)
			}
			set[d.name] = true
		}
	}
	if whole {
		return true, nil, nil
	}
	for _, d := range beijingDistricts {
		if set[d.name] {
			districts = append(districts, d.name)
		}
	}
	return false, slices.Clip(districts), nil
}
