package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The black-box batch is an outside examiner's check: the files in testdata/blackbox/batch are laid out the
// way the bureau exports them (written by the small generator below, independently of pipeline/synth), and
// testdata/blackbox/expected.csv was worked out by hand from rules.md, one row per (enterprise, rule) pair
// that must have a decision. Regenerate the batch with
//
//	go test ./cmd/awards -run TestBlackBox -update
//
// and commit the files; the normal test only reads them.
var updateBlackBox = flag.Bool("update", false, "rewrite testdata/blackbox/batch from blackbox_test.go")

const blackBoxDir = "../../testdata/blackbox"

// bbCode gives the credit code of a case key such as "A01": 91 + region + a 9-character organisation code
// made from the key, with the GB 32100 check character, so the batch carries no checksum warnings.
func bbCode(key string) string {
	prefix, region := "91", "110108"
	switch key {
	case "G04":
		prefix = "92"
	case "G01":
		region = "130102"
	}
	body := prefix + region + "BB" + key[:1] + strings.Repeat("0", 6-len(key[1:])) + key[1:]
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i, c := range body {
		sum += strings.IndexRune(alphabet, c) * weights[i]
	}
	return body + string(alphabet[(31-sum%31)%31])
}

// bbEnterprise is one register row. district and start are written as given: a string is a text cell,
// an int a number cell (as Excel leaves an identifier it turned into a number), a time.Time a date cell.
type bbEnterprise struct {
	key, name, industry string
	industryAsNumber    bool
	industry2011        string
	district            any
	legal               string
	start               any
}

var bbRegister = []bbEnterprise{
	{key: "A01", name: "升规基本", industry: "3911", district: "海淀区", legal: "法人"},
	{key: "A02", name: "非首次规上", industry: "3911", district: "海淀"},
	{key: "A03", name: "专精特新恰好到期日", industry: "3911", district: "110108"},
	{key: "A04", name: "专精特新前一日到期", industry: "3911", district: "110108007"},
	{key: "A05", name: "创新型中小企业", industry: "3911", district: "海淀区"},
	{key: "A06", name: "小巨人认定年份2020", industry: "3911", district: "海淀区"},
	{key: "A07", name: "小巨人认定年份2019", industry: "3911", district: "海淀区"},
	{key: "A09", name: "有效期至前一日", industry: "3911", district: "海淀区"},
	{key: "B01", name: "基础软件", industry: "6511", district: "海淀区"},
	{key: "B02", name: "集成电路设计恰好1亿", industry: "6520", industry2011: "6550", district: "海淀区"},
	{key: "B03", name: "工业软件名单2021", industry: "6513", district: "海淀区"},
	{key: "B04", name: "工业软件名单2022", industry: "6513", district: "海淀区"},
	{key: "B05", name: "工业软件批发企业", industry: "5191", district: "海淀区"},
	{key: "B06", name: "2011码6520陷阱", industry: "6531", industry2011: "6520", district: "海淀区"},
	{key: "C01", name: "新建投产2021年7月", industry: "4011", district: "昌平区", start: "2021年7月"},
	{key: "C02", name: "投产202012", industry: "3911", district: "昌平区", start: "202012"},
	{key: "C03", name: "投产日期单元格", industry: "3911", district: "昌平区", start: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)},
	{key: "C05", name: "投产2021但非首次规上", industry: "3911", district: "昌平区", start: "2021-12"},
	{key: "C07", name: "同额并列", industry: "3911", district: "昌平区", start: "2021-03"},
	{key: "D01", name: "首超恰好1亿", industry: "3911", district: "顺义区"},
	{key: "D02", name: "首超差1元", industry: "3911", district: "顺义区"},
	{key: "D03", name: "2020已超1亿", industry: "3911", district: "顺义区"},
	{key: "D04", name: "首超加小巨人", industry: "3911", district: "顺义区"},
	{key: "D05", name: "2021非规上", industry: "3911", district: "顺义区"},
	{key: "D06", name: "R值仅来自上年同期", industry: "3911", district: "顺义区"},
	{key: "E01", name: "软件首超恰好1亿", industry: "6513", district: "朝阳区"},
	{key: "E02", name: "软件首超加专精特新", industry: "6410", district: "朝阳区"},
	{key: "F01", name: "差额补齐方向9", industry: "3911", district: "丰台区"},
	{key: "F02", name: "等额被覆盖", industry: "4011", district: "丰台区", start: "2021-05"},
	{key: "F03", name: "方向11不计基数", industry: "3911", district: "丰台区"},
	{key: "F04", name: "方向3加方向10本年", industry: "3911", district: "丰台区"},
	{key: "F05", name: "2021已获方向10", industry: "3911", district: "丰台区"},
	{key: "F06", name: "2021方向9", industry: "3911", district: "丰台区"},
	{key: "F07", name: "本年已获更高", industry: "3911", district: "丰台区"},
	{key: "G01", name: "外省注册", industry: "3911", district: "130102"},
	{key: "G02", name: "产业活动单位", industry: "3911", district: "海淀区", legal: "产业活动单位"},
	{key: "G03", name: "个体", industry: "3911", district: "海淀区", legal: "个体"},
	{key: "G04", name: "92开头", industry: "3911", district: "海淀区", legal: "法人"},
	{key: "G06", name: "失信移出恰好窗口起点", industry: "3911", district: "海淀区"},
	{key: "G07", name: "失信移出早一日", industry: "3911", district: "海淀区"},
	{key: "G08", name: "失信列入2022-07-01", industry: "1311", district: "通州区"},
	{key: "G09", name: "失信移出2020-01-30", industry: "3911", district: "通州区"},
	{key: "G10", name: "其他资金方向10本年", industry: "3911", district: "海淀区"},
	{key: "G11", name: "其他资金方向10上年", industry: "3911", district: "海淀区"},
	{key: "G12", name: "其他资金方向11", industry: "1311", district: "通州区"},
	{key: "G13", name: "其他资金方向10不影响方向11", industry: "3911", district: "通州区"},
	{key: "R01", name: "禁限海淀", industry: "2614", district: "海淀区"},
	{key: "R02", name: "禁限不含丰台", industry: "2614", district: "丰台区"},
	{key: "R03", name: "禁限城六区", industry: "2710", district: "石景山"},
	{key: "R04", name: "禁限城六区外", industry: "2710", district: "昌平区"},
	{key: "R05", name: "禁限全市区不详", industry: "3562", district: "110000"},
	{key: "R06", name: "区不详只看全市", industry: "2614", district: "110000"},
	{key: "R07", name: "经开区按大兴", industry: "3981", district: "经济技术开发区"},
	{key: "R08", name: "经开区12位码", industry: "3981", district: 110115403001},
	{key: "R09", name: "通州9位码", industry: "3981", district: "110112001"},
	{key: "R10", name: "核心区西城", industry: "3441", district: "西城"},
	{key: "T01", name: "A2恰好10亿20%", industry: "1311", district: "大兴区"},
	{key: "T02", name: "A1恰好15%", industry: "1311", district: "大兴区"},
	{key: "T03", name: "增速14.99%", industry: "1311", district: "大兴区"},
	{key: "T04", name: "净增10亿差1元", industry: "1311", district: "大兴区"},
	{key: "T05", name: "A3", industry: "1311", district: "大兴区"},
	{key: "T06", name: "A4恰好50亿", industry: "1311", district: "大兴区"},
	{key: "T07", name: "A5", industry: "1311", district: "大兴区"},
	{key: "T08", name: "A6", industry: "1311", district: "大兴区"},
	{key: "T09", name: "50亿差1元A2", industry: "1311", district: "大兴区"},
	{key: "T10", name: "参保减少", industry: "1311", district: "大兴区"},
	{key: "T11", name: "参保缺2022", industry: "1311", district: "大兴区"},
	{key: "T12", name: "修订基数", industry: "1311", district: "大兴区"},
	{key: "T13", name: "无上年同期用2021年", industry: "1311", district: "大兴区"},
	{key: "T14", name: "上年为0", industry: "1311", district: "大兴区"},
	{key: "T15", name: "煤炭0610数字单元格", industry: "610", industryAsNumber: true, district: "门头沟区"},
	{key: "T16", name: "建筑业不在任何行业", industry: "4710", district: "大兴区"},
	{key: "T18", name: "关联企业下降恰好一半", industry: "1311", district: "大兴区"},
	{key: "T20", name: "关联企业下降不足一半", industry: "1311", district: "大兴区"},
	{key: "Q01", name: "B1恰好2亿", industry: "1311", district: "怀柔区"},
	{key: "Q02", name: "一季度差1元", industry: "1311", district: "怀柔区"},
	{key: "Q03", name: "B2恰好15%", industry: "1311", district: "怀柔区"},
	{key: "Q04", name: "B3恰好20亿", industry: "1311", district: "怀柔区"},
	{key: "Q05", name: "20亿差1元B2", industry: "1311", district: "怀柔区"},
	{key: "Q06", name: "一季度14.99%", industry: "1311", district: "怀柔区"},
	{key: "Q07", name: "期别2022-03", industry: "1311", district: "怀柔区"},
	{key: "W01", name: "C1恰好", industry: "6513", district: "朝阳区"},
	{key: "W02", name: "软件增速19.99%", industry: "6513", district: "朝阳区"},
	{key: "W03", name: "C2", industry: "6513", district: "朝阳区"},
	{key: "W04", name: "C3", industry: "6513", district: "朝阳区"},
	{key: "W05", name: "100亿差1元C1", industry: "6513", district: "朝阳区"},
	{key: "W06", name: "软件参保减少", industry: "6513", district: "朝阳区"},
	{key: "W07", name: "失信列入2023-01-31", industry: "6513", district: "朝阳区"},
	{key: "W08", name: "D1恰好", industry: "6513", district: "朝阳区"},
	{key: "W09", name: "D2", industry: "6513", district: "朝阳区"},
	{key: "W10", name: "D3", industry: "6513", district: "朝阳区"},
	{key: "W11", name: "一季度软件差1元", industry: "6513", district: "朝阳区"},
	{key: "W12", name: "一季度上年为0", industry: "6513", district: "朝阳区"},
	{key: "K01", name: "叠加与覆盖", industry: "3911", district: "平谷区"},
	{key: "Y01", name: "关联企业一季度下降一半", industry: "1311", district: "通州区"},
	{key: "Y02", name: "关联企业成员在名录", industry: "1311", district: "通州区"},
	{key: "Y03", name: "经开区登记码110302", industry: "3981", district: "110302"},
	{key: "Y04", name: "亦庄", industry: "3981", district: "亦庄"},
	{key: "Y05", name: "密云旧码", industry: "2614", district: "110228"},
	{key: "Y06", name: "代码小写带空格", industry: "3911", district: "海淀区"},
	{key: "Y07", name: "2019已超1亿", industry: "3911", district: "顺义区"},
	{key: "Y08", name: "新建投产差额补齐", industry: "4011", district: "昌平区", start: "2021年3月"},
	{key: "Y09", name: "参保缺2021", industry: "1311", district: "通州区"},
	{key: "Y10", name: "上年为负", industry: "1311", district: "通州区"},
	{key: "Y11", name: "失信列入恰好2022-06-30", industry: "1311", district: "通州区"},
	{key: "Y12", name: "宽表营业收入全角数字", industry: "6513", district: "朝阳区"},
	{key: "Y17", name: "一季度14.24%", industry: "1311", district: "通州区"},
	{key: "Y18", name: "一季度恰好14.25%", industry: "1311", district: "通州区"},
	{key: "Y19", name: "多条专精特新认定日当天", industry: "3911", district: "海淀区"},
	{key: "Y20", name: "关联企业多成员合计", industry: "1311", district: "通州区"},
}

// bbAboveScale lists the 规上 years of each case, in the forms the CSV carries.
var bbAboveScale = map[string][]string{
	"A01": {"2021年"}, "A02": {"2020年", "2021年"}, "A03": {"2021年"}, "A04": {"2021年"}, "A05": {"2021"},
	"A06": {"2021年"}, "A07": {"2021年"}, "A09": {"2021年"},
	"B01": {"2021年"}, "B02": {"2021年"}, "B03": {"2021年"}, "B04": {"2021年"}, "B05": {"2021年"}, "B06": {"2021年"},
	"C01": {"2021年"}, "C02": {"2021年"}, "C03": {"2021年"}, "C05": {"2020年", "2021年"}, "C07": {"2021年"},
	"D01": {"2020年", "2021年"}, "D02": {"2020年", "2021年"}, "D03": {"2020年", "2021年"}, "D04": {"2021年"},
	"D05": {"2022年"}, "D06": {"2021年", "2022年"},
	"E01": {"2021年"}, "E02": {"2021年"},
	"F01": {"2021年"}, "F02": {"2021年"}, "F03": {"2021年"}, "F04": {"2021年"}, "F05": {"2021年"}, "F06": {"2021年"}, "F07": {"2021年"},
	"G01": {"2021年"}, "G02": {"2021年"}, "G03": {"2021年"}, "G04": {"2021年"}, "G06": {"2021年"}, "G07": {"2021年"},
	"G08": {"2021年", "2022年"}, "G09": {"2021年", "2022年"}, "G10": {"2021年"}, "G11": {"2021年"},
	"G12": {"2021年", "2022年"}, "G13": {"2021年", "2022年"},
	"R01": {"2021年"}, "R02": {"2021年"}, "R03": {"2021年"}, "R04": {"2021年"}, "R05": {"2021年"}, "R06": {"2021年"},
	"R07": {"2021年"}, "R08": {"2021年"}, "R09": {"2021年"}, "R10": {"2021年"},
	"K01": {"2020年", "2021年", "2022年"},
	"Y03": {"2021年"}, "Y04": {"2021年"}, "Y05": {"2021年"}, "Y06": {"2021年"}, "Y07": {"2019年", "2020年", "2021年"},
	"Y08": {"2021年"}, "Y19": {"2021年"}, "Y20": {"2021年", "2022年"}, "Y12": {"2020年", "2021年", "2022年"},
}

func init() {
	for _, k := range []string{"T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09", "T10", "T11", "T12", "T13", "T14", "T15", "T16", "T18", "T20",
		"Q01", "Q02", "Q03", "Q04", "Q05", "Q06", "Q07", "Y01", "Y02", "Y09", "Y10", "Y11", "Y17", "Y18"} {
		bbAboveScale[k] = []string{"2021年", "2022年"}
	}
	for _, k := range []string{"W01", "W02", "W03", "W04", "W05", "W06", "W07", "W08", "W09", "W10", "W11", "W12"} {
		bbAboveScale[k] = []string{"2020年", "2021年", "2022年"}
	}
}

// bbOutput rows go to the wide 工业总产值 sheet in 千元: key, 期别, 本年, 上年同期. A float is a number
// cell, a string a text cell ("—" for no figure).
var bbOutput = [][]any{
	{"D01", "2021年", 100000.0, 80000.0},
	{"D02", "2021年", 99999.999, 80000.0},
	{"D03", "2021年", 120000.0, 100000.0},
	{"D04", "2021年", "150,000", "50,000"},
	{"D05", "2021年", 200000.0, "—"},
	{"D05", "2022年1-12月", 210000.0, 200000.0},
	{"D06", "2022年1-12月", 130000.0, 110000.0},
	{"G08", "2022年1-12月", 11500000.0, 10000000.0},
	{"G08", "2022年一季度", 1200000.0, 1000000.0},
	{"G09", "2022年1-12月", 11500000.0, 10000000.0},
	{"G09", "2022年一季度", 1200000.0, 1000000.0},
	{"G12", "2022年一季度", 1200000.0, 1000000.0},
	{"G13", "2022年一季度", 1200000.0, 1000000.0},
	{"T01", "2022年1-12月", 6000000.0, 5000000.0},
	{"T02", "2022年1-12月", 11500000.0, 10000000.0},
	{"T03", "2022年1-12月", 11499000.0, 10000000.0},
	{"T04", "2022年1-12月", 5999999.999, 5000000.0},
	{"T05", "2022年1-12月", 35000000.0, 30000000.0},
	{"T06", "2022年1-12月", "25,000,000", "20,000,000"},
	{"T07", "2022年1-12月", 70000000.0, 60000000.0},
	{"T08", "2022年1-12月", 50000000.0, 40000000.0},
	{"T09", "2022年1-12月", "24,999,999.999", 20000000.0},
	{"T10", "2022年1-12月", 11500000.0, 10000000.0},
	{"T11", "2022年1-12月", 11500000.0, 10000000.0},
	{"T12", "2022年1-12月", 11500000.0, 10000000.0},
	{"T12", "2021年", 11000000.0, 9000000.0},
	{"T13", "2022年1-12月", 12000000.0, "—"},
	{"T13", "2021年", 10000000.0, "—"},
	{"T14", "2022年1-12月", 2000000.0, 0.0},
	{"T15", "2022年1-12月", 11500000.0, 10000000.0},
	{"T16", "2022年1-12月", 11500000.0, 10000000.0},
	{"T17", "2022年1-12月", 9400000.0, 10000000.0},
	{"T18", "2022年1-12月", 6200000.0, 5000000.0},
	{"T19", "2022年1-12月", 9400000.001, 10000000.0},
	{"T20", "2022年1-12月", 6200000.0, 5000000.0},
	{"Q01", "2022年一季度", 1200000.0, 1000000.0},
	{"Q02", "2022年1-3月", 1199999.999, 1000000.0},
	{"Q03", "2022年一季度", 11500000.0, 10000000.0},
	{"Q04", "2022年一季度", 12000000.0, 10000000.0},
	{"Q05", "2022年1—3月", 11999999.999, 10000000.0},
	{"Q06", "2022年一季度", 11499000.0, 10000000.0},
	{"Q07", "2022-03", 1200000.0, 1000000.0},
	{"K01", "2021年", 150000.0, 90000.0},
	{"K01", "2022年1-12月", 1150000.0, 150000.0},
	{"K01", "2022年一季度", 230000.0, 30000.0},
	{"Y01", "2022年1-12月", 11500000.0, 10000000.0},
	{"Y01", "2022年一季度", 1200000.0, 1000000.0},
	{"Y02", "2022年一季度", 400000.0, 500000.0},
	{"Y07", "2021年", 150000.0, 80000.0},
	{"Y07", "2019年", 120000.0, "—"},
	{"Y09", "2022年1-12月", 11500000.0, 10000000.0},
	{"Y10", "2022年1-12月", 1000000.0, "-50,000"},
	{"Y11", "2022年1-12月", 11500000.0, 10000000.0},
	{"Y11", "2022年一季度", 1200000.0, 1000000.0},
	{"Y17", "2022年一季度", 11424000.0, 10000000.0},
	{"Y18", "2022年一季度", 11425000.0, 10000000.0},
	{"Y20", "2022年1-12月", 6200000.0, 5000000.0},
	{"Y21", "2022年1-12月", "—", 10000000.0},
	{"Y22", "2022年1-12月", 9500000.0, 10000000.0},
	{"Y23", "2022年1-12月", 1900000.0, 2000000.0},
}

// bbRevenue rows go to the long 营业收入 CSV in 万元: key, 期别, value.
var bbRevenue = [][]string{
	{"B02", "2021-12", "10000"},
	{"B04", "2021年", "9999.9999"},
	{"E01", "2021-12", "10,000"},
	{"E02", "2021年", "15000"},
	{"W01", "2021-12", "2500000"}, {"W01", "2022年", "3000000"},
	{"W02", "2021-12", "3000000"}, {"W02", "2022年", "3599700"},
	{"W03", "2021年", "5000000"}, {"W03", "2022-12", "6000000"},
	{"W04", "2021-12", "10000000"}, {"W04", "2022年1-12月", "12000000"},
	{"W05", "2021-12", "4000000"}, {"W05", "2022年", "4999999.9999"},
	{"W06", "2021-12", "2500000"}, {"W06", "2022年", "3000000"},
	{"W07", "2021-12", "2500000"}, {"W07", "2022年", "3000000"},
	{"W07", "2021Q1", "500000"}, {"W07", "2022Q1", "600000"},
	{"W08", "2021Q1", "500000"}, {"W08", "2022Q1", "600000"},
	{"W09", "2021Q1", "1000000"}, {"W09", "2022Q1", "1200000"},
	{"W10", "2021年1-3月", "2000000"}, {"W10", "2022年1-3月", "2500000"},
	{"W11", "2021Q1", "400000"}, {"W11", "2022Q1", "499999.9999"},
	{"W12", "2021Q1", "0"}, {"W12", "2022Q1", "200000"},
}

// bbHeadcount rows: key, 统计时点, 参保人数.
var bbHeadcount = [][]string{}

func init() {
	for _, k := range []string{"G08", "G09", "T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09", "T12", "T13", "T14", "T15", "T16", "T18", "T20"} {
		bbHeadcount = append(bbHeadcount, []string{k, "2021-12-31", "100"}, []string{k, "2022年12月", "100"})
	}
	bbHeadcount = append(bbHeadcount, []string{"T10", "2021-12-31", "100"}, []string{"T10", "2022年12月", "99"},
		[]string{"T11", "2021-12-31", "100"}, []string{"Y09", "2022-12-31", "100"},
		[]string{"Y20", "2021-12-31", "100"}, []string{"Y20", "2022-12-31", "101"},
		[]string{"Y01", "2021-12-31", "100"}, []string{"Y01", "2022-12-31", "100"},
		[]string{"Y11", "2021-12-31", "100"}, []string{"Y11", "2022-12-31", "100"}, []string{"K01", "2021年12月", "100"}, []string{"K01", "2022-12-31", "120"})
	for _, k := range []string{"W01", "W02", "W03", "W04", "W05", "W07"} {
		bbHeadcount = append(bbHeadcount, []string{k, "2021年12月", "500"}, []string{k, "2022-12-31", "500"})
	}
	bbHeadcount = append(bbHeadcount, []string{"W06", "2021年12月", "500"}, []string{"W06", "2022-12-31", "499"})
}

// writeBlackBoxBatch writes every file of the batch into dir.
func writeBlackBoxBatch(t *testing.T, dir string) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(dir, 0o755))
	code := bbCode

	// 单位名录: a cover sheet, then the register with a title row and aliased headers.
	{
		f := excelize.NewFile()
		must(f.SetSheetName("Sheet1", "填表说明"))
		must(f.SetCellStr("填表说明", "A1", "本表由统计局名录库导出，仅供高精尖资金兑付使用。"))
		s := "单位名录"
		_, err := f.NewSheet(s)
		must(err)
		must(f.SetSheetRow(s, "A1", &[]any{"2022年北京市单位名录（101-1表）"}))
		must(f.SetSheetRow(s, "A2", &[]any{"社会信用代码", "企业名称", "行业代码(2017)", "行业代码(2011)", "所属区", "单位类型", "开业（投产）年月"}))
		dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		must(err)
		for i, e := range bbRegister {
			r := i + 3
			cell := func(col string) string { return fmt.Sprintf("%s%d", col, r) }
			c := code(e.key)
			if e.key == "Y06" {
				// Normalisation: trimmed, upper-cased, inner spaces removed.
				c = " " + strings.ToLower(c[:8]) + " " + strings.ToLower(c[8:]) + " "
			}
			must(f.SetCellStr(s, cell("A"), c))
			must(f.SetCellStr(s, cell("B"), "北京"+e.name+"科技有限公司"))
			if e.industryAsNumber {
				must(f.SetCellInt(s, cell("C"), 610))
			} else {
				must(f.SetCellStr(s, cell("C"), e.industry))
			}
			must(f.SetCellStr(s, cell("D"), e.industry2011))
			switch d := e.district.(type) {
			case int:
				must(f.SetCellInt(s, cell("E"), int64(d)))
			case string:
				must(f.SetCellStr(s, cell("E"), d))
			}
			must(f.SetCellStr(s, cell("F"), e.legal))
			switch st := e.start.(type) {
			case string:
				must(f.SetCellStr(s, cell("G"), st))
			case time.Time:
				must(f.SetCellValue(s, cell("G"), st))
				must(f.SetCellStyle(s, cell("G"), cell("G"), dateStyle))
			}
		}
		must(f.SaveAs(filepath.Join(dir, "单位名录.xlsx")))
	}

	// 规上名录: GB18030 CSV as Excel on Chinese Windows writes it.
	{
		var rows [][]string
		rows = append(rows, []string{"统一社会信用代码", "单位名称", "统计年度", "纳入方式"})
		keys := make([]string, 0, len(bbAboveScale))
		for k := range bbAboveScale {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, y := range bbAboveScale[k] {
				rows = append(rows, []string{code(k), k, y, ""})
			}
		}
		// A code not in the register: its figures load and produce no decisions.
		rows = append(rows, []string{code("T17"), "T17", "2022年", ""})
		enc, err := simplifiedchinese.GB18030.NewEncoder().Bytes(csvBytes(t, rows))
		must(err)
		must(os.WriteFile(filepath.Join(dir, "规上名录.csv"), enc, 0o644))
	}

	// 工业总产值: the statistical form's wide layout with a merged two-row header, in 千元.
	{
		f := excelize.NewFile()
		s := "产值"
		must(f.SetSheetName("Sheet1", s))
		must(f.SetCellStr(s, "A1", "2022年规模以上工业企业产值"))
		must(f.SetCellStr(s, "A2", "单位：千元"))
		must(f.SetSheetRow(s, "A3", &[]any{"统一社会信用代码", "单位名称", "期别", "工业总产值（当年价格）", ""}))
		must(f.SetSheetRow(s, "A4", &[]any{"", "", "", "本年", "上年同期"}))
		for _, m := range [][2]string{{"A3", "A4"}, {"B3", "B4"}, {"C3", "C4"}, {"D3", "E3"}} {
			must(f.MergeCell(s, m[0], m[1]))
		}
		r := 5
		for _, o := range bbOutput {
			k := o[0].(string)
			must(f.SetCellStr(s, fmt.Sprintf("A%d", r), code(k)))
			must(f.SetCellStr(s, fmt.Sprintf("B%d", r), k))
			must(f.SetCellStr(s, fmt.Sprintf("C%d", r), o[1].(string)))
			for j, col := range []string{"D", "E"} {
				switch v := o[2+j].(type) {
				case float64:
					must(f.SetCellFloat(s, fmt.Sprintf("%s%d", col, r), v, -1, 64))
				case string:
					must(f.SetCellStr(s, fmt.Sprintf("%s%d", col, r), v))
				}
			}
			r++
		}
		must(f.SetSheetRow(s, fmt.Sprintf("A%d", r), &[]any{"合计", "", "", 999999999.0, 999999999.0}))
		must(f.SaveAs(filepath.Join(dir, "工业总产值_2022.xlsx")))
	}

	// 营业收入: UTF-8 with BOM, long layout, unit in the header.
	{
		rows := [][]string{{"2022年软件和信息服务业营业收入"}, {"统一社会信用代码", "期别", "营业收入（万元）"}}
		for _, r := range bbRevenue {
			rows = append(rows, []string{code(r[0]), r[1], r[2]})
		}
		must(os.WriteFile(filepath.Join(dir, "营业收入.csv"), append([]byte("\ufeff"), csvBytes(t, rows)...), 0o644))
	}

	// 营业收入 (quarterly report): the wide layout with the unit on its own line above the header,
	// full-width digits, and total rows that must be skipped.
	{
		f := excelize.NewFile()
		s := "软件业季报"
		must(f.SetSheetName("Sheet1", s))
		must(f.SetCellStr(s, "A1", "2022年一季度软件和信息服务业企业营业收入"))
		must(f.SetCellStr(s, "A2", "计量单位：万元"))
		must(f.SetSheetRow(s, "A3", &[]any{"统一社会信用代码", "期别", "营业收入", ""}))
		must(f.SetSheetRow(s, "A4", &[]any{"", "", "本期", "上年同期"}))
		for _, m := range [][2]string{{"A3", "A4"}, {"B3", "B4"}, {"C3", "D3"}} {
			must(f.MergeCell(s, m[0], m[1]))
		}
		must(f.SetSheetRow(s, "A5", &[]any{code("Y12"), "2022年一季度", "６００，０００", "５０００００"}))
		must(f.SetSheetRow(s, "A6", &[]any{"其中：重点企业", "", "600000", "500000"}))
		must(f.SetSheetRow(s, "A7", &[]any{"合 计", "", "600000", "500000"}))
		must(f.SetSheetRow(s, "A8", &[]any{"#小计", "", "600000", "500000"}))
		must(f.SaveAs(filepath.Join(dir, "营业收入_一季度.xlsx")))
	}

	// 参保人数: plain UTF-8 CSV, 统计时点 as a date or a 年月.
	{
		rows := [][]string{{"统一社会信用代码", "统计时点", "参保人数"}}
		for _, r := range bbHeadcount {
			rows = append(rows, []string{code(r[0]), r[1], r[2]})
		}
		must(os.WriteFile(filepath.Join(dir, "参保人数.csv"), csvBytes(t, rows), 0o644))
	}

	// 专精特新: an xlsx with 认定日期 and 有效期至, and a CSV with only 认定年份.
	{
		f := excelize.NewFile()
		s := "专精特新"
		must(f.SetSheetName("Sheet1", s))
		must(f.SetSheetRow(s, "A1", &[]any{"统一社会信用代码", "级别", "认定日期", "有效期至"}))
		dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		must(err)
		rows := [][]any{
			{"A03", "北京市专精特新中小企业", "2019-06-30", ""},
			{"A04", "北京市专精特新中小企业", "2019-06-29", ""},
			{"A05", "创新型中小企业", "2021-05-01", ""},
			{"A09", "专精特新中小企业", "2020-03-01", "2022-06-29"},
			{"C07", "北京市专精特新中小企业", "2021-01-01", ""},
			{"D04", "国家级专精特新\"小巨人\"", time.Date(2021, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 8, 31, 0, 0, 0, 0, time.UTC)},
			{"E02", "北京市专精特新中小企业", "2021-01-01", ""},
			{"Y19", "创新型中小企业", "2021-01-01", ""},
			{"Y19", "北京市专精特新中小企业", "2019-01-01", ""},
			{"Y19", "国家级专精特新“小巨人”", "2022-06-30", ""},
		}
		for i, row := range rows {
			r := i + 2
			must(f.SetCellStr(s, fmt.Sprintf("A%d", r), code(row[0].(string))))
			must(f.SetCellStr(s, fmt.Sprintf("B%d", r), row[1].(string)))
			for j, col := range []string{"C", "D"} {
				c := fmt.Sprintf("%s%d", col, r)
				switch v := row[2+j].(type) {
				case string:
					must(f.SetCellStr(s, c, v))
				case time.Time:
					must(f.SetCellValue(s, c, v))
					must(f.SetCellStyle(s, c, c, dateStyle))
				}
			}
		}
		must(f.SaveAs(filepath.Join(dir, "专精特新名单.xlsx")))
		csvRows := [][]string{{"统一社会信用代码", "级别", "认定年份"},
			{code("A06"), "专精特新“小巨人”企业", "2020"},
			{code("A07"), "小巨人", "2019"}}
		must(os.WriteFile(filepath.Join(dir, "专精特新小巨人名单.csv"), csvBytes(t, csvRows), 0o644))
	}

	writeCSV := func(name string, header []string, rows [][]string) {
		all := [][]string{header}
		for _, r := range rows {
			if strings.HasPrefix(r[0], "@") {
				r[0] = code(r[0][1:])
			}
			all = append(all, r)
		}
		must(os.WriteFile(filepath.Join(dir, name), csvBytes(t, all), 0o644))
	}
	writeCSV("严重失信主体名单.csv", []string{"统一社会信用代码", "列入日期", "移出日期"}, [][]string{
		{"@G06", "2018-01-01", "2019-06-30"},
		{"@G07", "2018-01-01", "2019-06-29"},
		{"@G08", "2022-07-01", ""},
		{"@G09", "2015-03-01", "2020-01-30"},
		{"@W07", "2023-01-31", ""},
		{"@Y11", "2022-06-30", ""},
	})
	writeCSV("禁限目录.csv", []string{"行业代码", "管控类型", "适用区域"}, [][]string{
		{"2614", "限制", "海淀区、朝阳区"},
		{"271", "禁止", "城六区"},
		{"3562", "禁止", "全市"},
		{"3981", "限制", "大兴区"},
		{"3441", "限制", "核心区"},
		{"1311", "禁止", "全市"},
	})
	writeCSV("工业软件企业名单.csv", []string{"统一社会信用代码", "认定年份"}, [][]string{
		{"@B03", "2021"}, {"@B04", "2022"}, {"@B05", ""},
	})
	writeCSV("已获其他市级资金.csv", []string{"统一社会信用代码", "方向", "资金名称", "年度"}, [][]string{
		{"@G10", "方向10", "首台套", "2022"},
		{"@G11", "10", "首台套", "2021"},
		{"@G12", "方向11", "稳增长", ""},
		{"@G13", "方向10", "首台套", ""},
	})
	writeCSV("在京关联企业.csv", []string{"统一社会信用代码", "集团编号"}, [][]string{
		{"@T17", "集团甲"}, {"@T18", "集团甲"}, {"@T19", "集团乙"}, {"@T20", "集团乙"}, {"@A01", "集团乙"}, {"@Y01", "集团丙"}, {"@Y02", "集团丙"},
		{"@Y20", "集团丁"}, {"@Y21", "集团丁"}, {"@Y22", "集团丁"}, {"@Y23", "集团丁"},
	})

	// 已兑付奖励: xlsx with the amount in 万元.
	{
		f := excelize.NewFile()
		s := "已兑付"
		must(f.SetSheetName("Sheet1", s))
		must(f.SetSheetRow(s, "A1", &[]any{"统一社会信用代码", "年度", "方向", "项目", "金额（万元）"}))
		rows := [][]any{
			{"F01", "2022", "9", "", 10},
			{"F02", "2022", "方向9", "", 50},
			{"F03", "2022", "11", "D11-1", 200},
			{"F04", "2022", "3", "", 10},
			{"F04", "2022", "10", "", 15},
			{"F05", "2021", "10", "D10-1", 30},
			{"F06", "2021", "9", "", 20},
			{"F07", "2022", "5", "", 40},
			{"Y08", "2022", "9", "", 10},
			{"K01", "2022", "9", "", 100},
		}
		for i, row := range rows {
			row[0] = code(row[0].(string))
			must(f.SetSheetRow(s, fmt.Sprintf("A%d", i+2), &row))
		}
		must(f.SaveAs(filepath.Join(dir, "已兑付奖励.xlsx")))
	}
}

func csvBytes(t *testing.T, rows [][]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bbExpected is one hand-worked row of expected.csv.
type bbExpected struct {
	key, code, rule, outcome, tier, amount, paid, reason, nearMiss, note string
}

func readBlackBoxExpected(t *testing.T) []bbExpected {
	t.Helper()
	f, err := os.Open(filepath.Join(blackBoxDir, "expected.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []bbExpected
	for i, rec := range recs[1:] {
		if len(rec) != 10 {
			t.Fatalf("expected.csv record %d has %d fields, want 10: %v", i+2, len(rec), rec)
		}
		out = append(out, bbExpected{rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6], rec[7], rec[8], rec[9]})
	}
	return out
}

// TestBlackBox runs the real command on the examiner's batch and compares every decision with expected.csv:
// the set of (enterprise, rule) pairs must be equal, and outcome, tier, amount and amount paid must match.
// A tier of "*" accepts either NULL or a tier (a refused row whose figures fit a band: outputs.md does not
// say whether the tier is shown); a reason must be among the row's reasons; near_miss, when given, must match.
func TestBlackBox(t *testing.T) {
	batch := filepath.Join(blackBoxDir, "batch")
	if *updateBlackBox {
		os.RemoveAll(batch)
		writeBlackBoxBatch(t, batch)
	}
	want := readBlackBoxExpected(t)
	names := map[string]string{}
	for _, e := range bbRegister {
		names[bbCode(e.key)] = e.key + " " + e.name
	}
	for _, w := range want {
		if bbCode(w.key) != w.code {
			t.Fatalf("expected.csv: case %s has code %s, the generator gives %s", w.key, w.code, bbCode(w.key))
		}
	}

	out := t.TempDir()
	_, stderr, rc := awards(t, "run", "--input", batch, "--out", out)
	if rc != 0 {
		t.Fatalf("awards run exited %d:\n%s", rc, lastLines(stderr, 20))
	}
	db := filepath.Join(out, "awards.duckdb")
	q := queryCSV(t, db, `SELECT source_file, source_row, column_name, raw_value, reason FROM quarantine`)
	for _, r := range q[1:] {
		t.Errorf("quarantined input row (the batch has no bad rows): %v", r)
	}
	recs := queryCSV(t, db, `SELECT credit_code, rule_id, outcome, coalesce(tier, ''), amount_yuan, paid_yuan,
		reasons, near_miss FROM decisions ORDER BY credit_code, rule_id`)
	got := map[string][]string{}
	for _, r := range recs[1:] {
		got[r[0]+" "+r[1]] = r[2:]
	}
	seen := map[string]bool{}
	for _, w := range want {
		k := w.code + " " + w.rule
		if seen[k] {
			t.Errorf("expected.csv lists %s %s twice", w.key, w.rule)
		}
		seen[k] = true
		g, ok := got[k]
		label := fmt.Sprintf("%s %s (%s; %s)", names[w.code], w.rule, w.code, w.note)
		if !ok {
			t.Errorf("%s: no decision, want %s %s %s/%s", label, w.outcome, w.tier, w.amount, w.paid)
			continue
		}
		var diffs []string
		check := func(what, wantV, gotV string) {
			if wantV != gotV {
				diffs = append(diffs, fmt.Sprintf("%s got %q want %q", what, gotV, wantV))
			}
		}
		check("outcome", w.outcome, g[0])
		if w.tier != "*" {
			check("tier", w.tier, g[1])
		}
		check("amount_yuan", w.amount+".00", g[2])
		check("paid_yuan", w.paid+".00", g[3])
		if w.reason != "" && !containsItem(g[4], ";", w.reason) {
			diffs = append(diffs, fmt.Sprintf("reasons %q lack %s", g[4], w.reason))
		}
		if w.nearMiss != "" {
			check("near_miss", w.nearMiss, g[5])
		}
		if len(diffs) > 0 {
			t.Errorf("%s: %s (reasons %q)", label, strings.Join(diffs, "; "), g[4])
		}
	}
	var extra []string
	for k, g := range got {
		if !seen[k] {
			code := strings.Fields(k)[0]
			extra = append(extra, fmt.Sprintf("%s %s: unexpected decision %v", names[code], k, g))
		}
	}
	sort.Strings(extra)
	for _, e := range extra {
		t.Error(e)
	}
}
