package parse

import (
	"errors"
	"testing"
)

func TestLegalPerson(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    bool
		wantErr bool
	}{
		{"是", "是", true, false},
		{"法人", "法人", true, false},
		{"独立法人", "独立法人", true, false},
		{"empty means 是", "", true, false},
		{"法人单位", "法人单位", true, false},
		{"padded 是", " 是 ", true, false},
		{"否", "否", false, false},
		{"产业活动单位", "产业活动单位", false, false},
		{"个体", "个体", false, false},
		{"个体工商户", "个体工商户", false, false},
		{"个体经营户", "个体经营户", false, false},
		{"Y is not in inputs.md's list", "Y", false, true},
		{"1 is not in inputs.md's list", "1", false, true},
		{"0 is not in inputs.md's list", "0", false, true},
		{"FALSE is not in inputs.md's list", "FALSE", false, true},
		{"other text refused", "分公司", false, true},
		{"a question mark refused", "?", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LegalPerson(tt.in)
			if tt.wantErr {
				if !errors.Is(err, ErrBadLegal) {
					t.Fatalf("LegalPerson(%q) = %v, %v; want ErrBadLegal", tt.in, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("LegalPerson(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestSpecialisedLevel(t *testing.T) {
	tests := []struct {
		name, in, want string
		wantErr        error
	}{
		{"innovative", "创新型中小企业", LevelInnovative, nil},
		{"municipal short", "市级专精特新", LevelMunicipal, nil},
		{"municipal long", "北京市专精特新中小企业", LevelMunicipal, nil},
		{"municipal without city", "专精特新中小企业", LevelMunicipal, nil},
		{"municipal bare", "专精特新", LevelMunicipal, nil},
		{"national with ASCII quotes", `国家级专精特新"小巨人"`, LevelNational, nil},
		{"national with curly quotes", "国家级专精特新“小巨人”", LevelNational, nil},
		{"national with corner brackets", "国家级专精特新「小巨人」", LevelNational, nil},
		{"national with full-width quotes", "国家级专精特新＂小巨人＂", LevelNational, nil},
		{"national without quotes", "国家级专精特新小巨人", LevelNational, nil},
		{"national 企业 form", "专精特新“小巨人”企业", LevelNational, nil},
		{"小巨人", "小巨人", LevelNational, nil},
		{"国家级小巨人", "国家级小巨人", LevelNational, nil},
		{"padded", " 小巨人 ", LevelNational, nil},
		{"unknown level", "高新技术企业", "", ErrBadLevel},
		{"empty is missing", "", "", ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SpecialisedLevel(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("SpecialisedLevel(%q) = %q, %v; want %v", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("SpecialisedLevel(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestControlType(t *testing.T) {
	tests := []struct {
		name, in, want string
		wantErr        error
	}{
		{"禁止", "禁止", "禁止", nil},
		{"禁止类", "禁止类", "禁止", nil},
		{"限制", "限制", "限制", nil},
		{"限制类", " 限制类 ", "限制", nil},
		{"other text refused", "鼓励", "", ErrBadControlTyp},
		{"empty is missing", "", "", ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ControlType(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("ControlType(%q) = %q, %v; want %v", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ControlType(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestDirection(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    int
		wantErr error
	}{
		{"方向10", "方向10", 10, nil},
		{"bare 10", "10", 10, nil},
		{"number cell 10.0", "10.0", 10, nil},
		{"full-width 11", "１１", 11, nil},
		{"方向十", "方向十", 10, nil},
		{"方向十一", "方向十一", 11, nil},
		{"bare 十一", "十一", 11, nil},
		{"方向 with space", "方向 11", 11, nil},
		{"single digit", "方向3", 3, nil},
		{"二十一", "二十一", 21, nil},
		{"zero refused", "0", 0, ErrBadDirection},
		{"fraction refused", "10.5", 0, ErrBadDirection},
		{"方向 alone refused", "方向", 0, ErrBadDirection},
		{"text refused", "方向甲", 0, ErrBadDirection},
		{"three digits refused", "100", 0, ErrBadDirection},
		{"empty is missing", "", 0, ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Direction(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Direction(%q) = %d, %v; want %v", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Direction(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestReason(t *testing.T) {
	_, _, errNum := Number("abc")
	_, errMissing := CreditCode("")
	_, errDist := ParseDistrict("火星")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil has no reason", nil, ""},
		{"bad number", errNum, "bad_number"},
		{"missing value", errMissing, "missing_value"},
		{"unknown district", errDist, "unknown_district"},
		{"foreign error has no reason", errors.New("disk full"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Reason(tt.err); got != tt.want {
				t.Errorf("Reason(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}
