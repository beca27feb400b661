package parse

import (
	"encoding/csv"
	"errors"
	"os"
	"slices"
	"testing"
)

func TestParseDistrict(t *testing.T) {
	haidian := District{AreaCode: "110108", AreaName: "海淀区", ScopeDistrict: "海淀区", InBeijing: true}
	etownD := District{AreaCode: "110115403", AreaName: "北京经济技术开发区", ScopeDistrict: "大兴区", InBeijing: true}
	beijing := District{AreaCode: "110000", InBeijing: true}
	with := func(d District, region string) District { d.RegionCode = region; return d }
	tests := []struct {
		name    string
		in      string
		want    District
		wantErr error
	}{
		{"six-digit district code", "110108", with(haidian, "110108"), nil},
		{"Excel number cell", "110108.0", with(haidian, "110108"), nil},
		{"full-width digits", "１１０１０８", with(haidian, "110108"), nil},
		{"nine-digit code counts by first six", "110108001", with(haidian, "110108001"), nil},
		{"twelve-digit code counts by first nine", "110108001000", with(haidian, "110108001000"), nil},
		{"E-Town nine-digit code", "110115403", with(etownD, "110115403"), nil},
		{"E-Town twelve-digit code", "110115403001", with(etownD, "110115403001"), nil},
		{"other 大兴 township stays 大兴区", "110115001",
			District{RegionCode: "110115001", AreaCode: "110115", AreaName: "大兴区", ScopeDistrict: "大兴区", InBeijing: true}, nil},
		{"E-Town registration authority 110302", "110302", with(etownD, "110302"), nil},
		{"legacy 密云县 code", "110228",
			District{RegionCode: "110228", AreaCode: "110118", AreaName: "密云区", ScopeDistrict: "密云区", InBeijing: true}, nil},
		{"legacy 延庆县 code", "110229",
			District{RegionCode: "110229", AreaCode: "110119", AreaName: "延庆区", ScopeDistrict: "延庆区", InBeijing: true}, nil},
		{"燕山 registration authority is 房山区", "110304",
			District{RegionCode: "110304", AreaCode: "110111", AreaName: "房山区", ScopeDistrict: "房山区", InBeijing: true}, nil},
		{"110000 is Beijing, district unknown", "110000", with(beijing, "110000"), nil},
		{"old 崇文 code is Beijing, district unknown", "110103", with(beijing, "110103"), nil},
		{"municipal 市辖区 code is Beijing, district unknown", "110100", with(beijing, "110100"), nil},
		{"code outside Beijing loads, not in Beijing", "130102", District{RegionCode: "130102", AreaCode: "130102"}, nil},
		{"national-level code is not in Beijing", "100000", District{RegionCode: "100000", AreaCode: "100000"}, nil},
		{"twelve digits outside Beijing", "130102001000", District{RegionCode: "130102001000", AreaCode: "130102"}, nil},
		{"name with 区", "海淀区", haidian, nil},
		{"name without 区", "海淀", haidian, nil},
		{"name with 北京市 prefix", "北京市海淀区", haidian, nil},
		{"name with spaces", " 海 淀 区 ", haidian, nil},
		{"three-character district name without 区", "石景山",
			District{AreaCode: "110107", AreaName: "石景山区", ScopeDistrict: "石景山区", InBeijing: true}, nil},
		{"old county name", "密云县",
			District{AreaCode: "110118", AreaName: "密云区", ScopeDistrict: "密云区", InBeijing: true}, nil},
		{"经济技术开发区", "经济技术开发区", etownD, nil},
		{"北京经济技术开发区", "北京经济技术开发区", etownD, nil},
		{"亦庄", "亦庄", etownD, nil},
		{"开发区", "开发区", etownD, nil},
		{"E-Town with 北京市 prefix", "北京市经济技术开发区", etownD, nil},
		{"北京市 as a name is Beijing, district unknown", "北京市", beijing, nil},

		{"name outside Beijing", "石家庄市", District{}, ErrUnknownDist},
		{"old district name is not a current district", "崇文区", District{}, ErrUnknownDist},
		{"eight digits", "11010800", District{}, ErrUnknownDist},
		{"scientific notation is not completed", "1.10108E+11", District{}, ErrUnknownDist},
		{"four digits", "1101", District{}, ErrUnknownDist},
		{"empty is missing", "", District{}, ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDistrict(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("ParseDistrict(%q) = %+v, %v; want %v", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseDistrict(%q) = %+v, %v;\nwant %+v", tt.in, got, err, tt.want)
			}
		})
	}
}

// The embedded table must say what the reference data says: every district row of the CSV (a copy of
// ../shared/data/beijing-districts.csv) is in the table with the same name, and nothing else is.
func TestDistrictTableMatchesReferenceData(t *testing.T) {
	f, err := os.Open("testdata/beijing-districts.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var want []district
	kinds := map[string]string{}
	for _, r := range rows[1:] {
		kinds[r[0]] = r[2]
		if r[2] == "district" {
			want = append(want, district{r[0], r[1]})
		}
	}
	if !slices.Equal(beijingDistricts[:], want) {
		t.Errorf("embedded districts %v, reference %v", beijingDistricts, want)
	}
	for code := range registrationCodes {
		if kinds[code] != "registration-authority" {
			t.Errorf("registration code %s is %q in the reference data", code, kinds[code])
		}
	}
	if kinds[etownCode] != "township" {
		t.Errorf("E-Town code %s is %q in the reference data", etownCode, kinds[etownCode])
	}
}

func TestScope(t *testing.T) {
	six := []string{"东城区", "西城区", "朝阳区", "丰台区", "石景山区", "海淀区"}
	tests := []struct {
		name    string
		in      string
		whole   bool
		want    []string
		wantErr error
	}{
		{"whole city", "全市", true, nil, nil},
		{"北京市 is the whole city", "北京市", true, nil, nil},
		{"one district", "海淀区", false, []string{"海淀区"}, nil},
		{"short names are made full", "海淀、朝阳", false, []string{"朝阳区", "海淀区"}, nil},
		{"sorted by code, not as written", "海淀区、东城区", false, []string{"东城区", "海淀区"}, nil},
		{"ASCII comma", "东城区,西城区", false, []string{"东城区", "西城区"}, nil},
		{"full-width comma", "东城区，西城区", false, []string{"东城区", "西城区"}, nil},
		{"semicolons", "东城区;西城区；朝阳区", false, []string{"东城区", "西城区", "朝阳区"}, nil},
		{"spaces", "东城区 西城区\u3000朝阳区", false, []string{"东城区", "西城区", "朝阳区"}, nil},
		{"core area group", "核心区", false, []string{"东城区", "西城区"}, nil},
		{"central urban area group", "中心城区", false, six, nil},
		{"six urban districts group", "城六区", false, six, nil},
		{"sub-centre group", "城市副中心", false, []string{"通州区"}, nil},
		{"ecological group includes 昌平 and 房山", "生态涵养区", false,
			[]string{"门头沟区", "房山区", "昌平区", "怀柔区", "平谷区", "密云区", "延庆区"}, nil},
		{"E-Town scopes 大兴区", "北京经济技术开发区", false, []string{"大兴区"}, nil},
		{"亦庄 scopes 大兴区", "亦庄", false, []string{"大兴区"}, nil},
		{"duplicates removed", "东城区、核心区、东城", false, []string{"东城区", "西城区"}, nil},
		{"group and district mixed", "城市副中心、大兴区、亦庄", false, []string{"通州区", "大兴区"}, nil},
		{"trailing separator ignored", "海淀区、", false, []string{"海淀区"}, nil},

		{"unknown name refused", "海淀区、石家庄", false, nil, ErrBadScope},
		{"an exception is not dropped", "全市（核心区除外）", false, nil, ErrBadScope},
		{"an open list is refused", "海淀区等", false, nil, ErrBadScope},
		{"empty is missing", " ", false, nil, ErrMissing},
		{"only separators is missing", "、", false, nil, ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			whole, got, err := Scope(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Scope(%q) = %v, %v, %v; want %v", tt.in, whole, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || whole != tt.whole || !slices.Equal(got, tt.want) {
				t.Errorf("Scope(%q) = %v, %v, %v; want %v, %v", tt.in, whole, got, err, tt.whole, tt.want)
			}
		})
	}
}
