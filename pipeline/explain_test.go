package pipeline

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bjgjj/awards/loaders"
	stages "github.com/bjgjj/awards/sql"
)

// newFileBatch is newBatch on a database file, which explain opens read-only.
func newFileBatch(t *testing.T) (*batch, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "awards.duckdb")
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	schema, err := stages.Schema()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range schema {
		if _, err := db.Exec(s.SQL); err != nil {
			t.Fatalf("schema stage %s: %v", s.Name, err)
		}
	}
	return &batch{t: t, db: db}, path
}

// TestExplainAnswersThePhoneCall: explain says, in words a caller understands, what was decided and the
// record behind it, with the periods named, amounts in 万元 (元 in brackets) and figures that never cross
// a threshold by rounding.
func TestExplainAnswersThePhoneCall(t *testing.T) {
	b, path := newFileBatch(t)
	near, held, gap, resolved, dishonest, restricted, history, topped := code(9501), code(9502), code(9503), code(9504),
		code(9505), code(9506), code(9507), code(9508)

	b.ent(near, ent{industry: industrialOnly})
	b.scale(near, 2022)
	b.fig("output_value", near, 2022, 3, "2299999990", "2000000000")

	b.ent(held, ent{industry: advanced})
	b.scale(held, 2021)
	heldRow := b.quarantine(loaders.AboveScale, held, "")

	b.ent(gap, ent{industry: industrialOnly})
	b.scale(gap, 2022)
	b.fig("output_value", gap, 2022, 12, "6000000000", "5000000000")
	b.heads(gap, 100, -1)

	profiles["D11-1"].setup(b, resolved)
	b.quarantine(loaders.Headcount, resolved, "")
	b.resolve(resolved, "D11-1", "同意", "10000000", "张三", "2023-02-10")
	resolutionRow := b.n

	b.ent(dishonest, ent{industry: advanced})
	b.scale(dishonest, 2021)
	b.exec(`INSERT INTO dishonesty VALUES (?, DATE '2021-01-01', NULL, ?, ?, ?)`, dishonest)
	dishonestRow := b.n

	b.exec(`INSERT INTO restricted VALUES ('2611', '限制', '朝阳区', false, ?, ?, ?)`)
	restrictedRow := b.n
	b.ent(restricted, ent{industry: "2611", district: "朝阳区"})
	b.scale(restricted, 2021)

	b.ent(history, ent{industry: advanced})
	b.scale(history, 2020)
	historyRow := b.n
	b.scale(history, 2021)
	b.fig("output_value", history, 2021, 12, "150000000", "")

	b.ent(topped, ent{industry: advanced})
	b.scale(topped, 2021)
	b.exec(`INSERT INTO prior_awards VALUES (?, 2022, 3, NULL, 125000, ?, ?, ?)`, topped)
	priorRow := b.n

	b.decide(time.Time{})
	b.db.Close()

	explain := func(code, lang string) string {
		t.Helper()
		var out bytes.Buffer
		if err := Explain(context.Background(), path, code, &out, ExplainOptions{Lang: lang}); err != nil {
			t.Fatalf("explain %s: %v", code, err)
		}
		return out.String()
	}
	cases := []struct {
		name, code, lang string
		want             []string
	}{
		{"a growth of 14.9999995% is 14.99%, 0.01 points short, a near miss", near, "", []string{
			"D11-2 工业企业一季度稳运行奖励：不予奖励",
			"工业总产值：2021年1-3月 200,000.00万元（2,000,000,000.00元），2022年1-3月 229,999.99万元（2,299,999,990.00元）",
			"增速 14.99%，门槛 15%（含）：未满足，差 0.01个百分点",
			"净增量 29,999.99万元（299,999,990.00元），门槛 20,000万元（含）：满足",
			"接近门槛：差距不超过门槛值的5%（含）"}},
		{"the same in English", near, "en", []string{
			"D11-2 工业企业一季度稳运行奖励: refused",
			"gross industrial output: Jan–Mar 2021 200,000.00 万元 (2,000,000,000.00 yuan), Jan–Mar 2022 229,999.99 万元 (2,299,999,990.00 yuan)",
			"growth 14.99%, threshold 15% (inclusive): not met, short by 0.01 percentage points",
			"Near miss: short by no more than 5% of the threshold (inclusive)"}},
		{"a held pair names the quarantined row", held, "", []string{
			"D10-1 升规奖励：待复核：计算金额 30万元（300,000.00元），复核前不兑付",
			"原因：相关数据行无法读取（已隔离），暂缓兑付待复核（row_unreadable）",
			fmt.Sprintf("无法读取的行：规上名录：隔离.csv 第%d行，列 金额 值“三十”，原因 bad_number", heldRow),
			"如复核同意，本次可兑付 30万元（300,000.00元）。"}},
		{"a data gap says which figure is missing and where it comes from", gap, "", []string{
			"原因：缺少参保人数数据（missing_data:headcount）",
			"缺少 2022年末参保人数，来自参保人数（社保数据）文件",
			"数据缺口：这不是结论，需补齐数据。补齐且达标时本次可兑付 档位 A2 1,000万元（10,000,000.00元）。"}},
		{"who resolved what and when", resolved, "", []string{
			"D11-1 工业企业全年稳运行稳就业奖励：奖励 1,000万元（10,000,000.00元），档位 A2",
			fmt.Sprintf("复核结论：同意，核定金额 1,000万元（10,000,000.00元），复核人 张三，2023-02-10（test.csv 第%d行）——已采用", resolutionRow),
			"备注：经复核同意（张三，2023-02-10）"}},
		{"the 失信 record behind a refusal", dishonest, "", []string{
			"原因：近3年有严重失信记录（G3）（serious_dishonesty）",
			"核查期间 2019年6月30日 至 2022年6月30日（含）",
			fmt.Sprintf("严重失信记录：列入 2021年1月1日，仍在名单（test.csv 第%d行）", dishonestRow)}},
		{"the 禁限目录 row and its scope", restricted, "", []string{
			fmt.Sprintf("禁限目录：行业代码 2611 开头，限制，适用区域 朝阳区（test.csv 第%d行）；本企业行业代码 2611，所属区 朝阳区", restrictedRow)}},
		{"the 规上 year whose figure is missing", history, "", []string{
			"D10-3 工业首超1亿奖励：待复核：计算金额 50万元（500,000.00元），复核前不兑付",
			fmt.Sprintf("2020年为规上（test.csv 第%d行），但本批次没有该企业2020年全年工业总产值（本年行或次年行的上年同期）：无法确认“首次”。核查年度：2019,2020（假设值）", historyRow)}},
		{"a top-up names the prior award it rests on", topped, "", []string{
			"D10-1 升规奖励：差额补齐：应奖 30万元（300,000.00元），本次兑付 17.5万元（175,000.00元）",
			fmt.Sprintf("已兑付奖励：2022年 方向3 — 12.5万元（125,000.00元）（test.csv 第%d行）", priorRow),
			"先进制造业范围（假设值，待核定）：行业代码前缀 26,27,34-40；本企业 3511"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := explain(c.code, c.lang)
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("explain lacks %q:\n%s", w, out)
				}
			}
		})
	}
	t.Run("a growth shown beside its threshold never reads 15.00%", func(t *testing.T) {
		if out := explain(near, ""); strings.Contains(out, "15.00%") {
			t.Errorf("explain shows 15.00%%:\n%s", out)
		}
	})
	t.Run("unknown language and unknown code are usage errors", func(t *testing.T) {
		var out bytes.Buffer
		if err := Explain(context.Background(), path, near, &out, ExplainOptions{Lang: "fr"}); !errors.Is(err, ErrUsage) {
			t.Errorf("--lang fr: %v", err)
		}
		if err := Explain(context.Background(), path, code(1), &out, ExplainOptions{}); !errors.Is(err, ErrUsage) {
			t.Errorf("unknown code: %v", err)
		}
	})
}

// An enterprise whose register row was quarantined is explained, not turned away as unknown: its register
// facts are unknown, its awards held, and no 同意 pays it until the register is corrected.
func TestExplainAnEnterpriseWhoseRegisterRowIsUnreadable(t *testing.T) {
	b, path := newFileBatch(t)
	c := code(9601)
	row := b.quarantine(loaders.Enterprises, c, "")
	b.scale(c, 2022)
	b.fig("output_value", c, 2022, 12, "6000000000", "5000000000")
	b.heads(c, 100, 100)
	b.decide(time.Time{})
	b.db.Close()
	var out bytes.Buffer
	if err := Explain(context.Background(), path, c, &out, ExplainOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf("单位名录中该企业的行无法读取（已隔离，隔离.csv 第%d行：bad_number）", row),
		"D11-1", "待复核", "单位名录更正后，如仍如此，本次可兑付 1,000万元",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("explain lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "如复核同意") {
		t.Errorf("explain says a 同意 would pay an enterprise whose register row is unreadable:\n%s", out.String())
	}
}
