package population_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"healthgrid/internal/population"
)

// good is a valid row; tests change one field at a time.
func good(line int) population.ImportRow {
	return population.ImportRow{Line: line, Name: "张三", IDNumber: idNumber("140902", 19800101, line*2+1),
		Phone: "13812345678", Ethnicity: "汉族", GridCode: grid1, Address: "东大街1号", ResidenceType: "户籍", Tags: "高血压"}
}

func TestImportRejections(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		existing, elsewhere := good(100), good(101)
		existing.GridCode, elsewhere.GridCode = grid2, dxGrid
		if res, err := e.importBatch(ctx, e.admin, population.Insert, []population.ImportRow{existing, elsewhere}); err != nil || res.Imported != 2 {
			t.Fatalf("seed rows: %+v %v", res, err)
		}
		bad := idNumber("140902", 19800101, 7)
		cases := []struct {
			name   string
			edit   func(r *population.ImportRow)
			column string
			reason string
		}{
			{"name required", func(r *population.ImportRow) { r.Name = " " }, "姓名", "姓名不能为空"},
			{"name too long", func(r *population.ImportRow) { r.Name = strings.Repeat("张", 51) }, "姓名", "过长"},
			{"id required", func(r *population.ImportRow) { r.IDNumber = "" }, "身份证号", "不能为空"},
			{"id length", func(r *population.ImportRow) { r.IDNumber = "14090219800101" }, "身份证号", "18位"},
			{"id check digit", func(r *population.ImportRow) {
				r.IDNumber = bad[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", bad[17])+1)%11])
			}, "身份证号", "校验位"},
			{"id birth date", func(r *population.ImportRow) { r.IDNumber = idNumber("140902", 19801301, 1) }, "身份证号", "出生日期"},
			{"id in the future", func(r *population.ImportRow) { r.IDNumber = idNumber("140902", 20991231, 1) }, "身份证号", "出生日期"},
			{"phone", func(r *population.ImportRow) { r.Phone = "0350-1234567" }, "手机号", "手机号码格式错误"},
			{"ethnicity", func(r *population.ImportRow) { r.Ethnicity = "火星族" }, "民族", "未知的民族"},
			{"grid required", func(r *population.ImportRow) { r.GridCode = "" }, "网格编码", "不能为空"},
			{"not a grid", func(r *population.ImportRow) { r.GridCode = "140902001002" }, "网格编码", "不是网格编码"},
			{"no such grid", func(r *population.ImportRow) { r.GridCode = "140902001002999" }, "网格编码", "不存在"},
			// in the words of an ID number registered elsewhere: the answer does not tell which
			{"grid out of scope", func(r *population.ImportRow) { r.GridCode = dxGrid }, "身份证号", "该身份证号不能在本辖区登记，如属人员迁入请提交迁入申请"},
			{"address", func(r *population.ImportRow) { r.Address = strings.Repeat("路", 201) }, "地址", "过长"},
			{"residence type", func(r *population.ImportRow) { r.ResidenceType = "暂住" }, "居住类型", "未知的居住类型"},
			{"unknown tag", func(r *population.ImportRow) { r.Tags = "高血压;爱好者" }, "标签", "未知的标签「爱好者」"},
			{"age tag disagrees", func(r *population.ImportRow) { r.Tags = "0-6岁儿童" }, "标签", "出生日期不符"},
			{"pregnant man", func(r *population.ImportRow) { r.Tags = "孕产妇" }, "标签", "男性"},
			{"exists (insert mode)", func(r *population.ImportRow) { r.IDNumber = existing.IDNumber }, "身份证号", "已存在"},
			{"registered elsewhere", func(r *population.ImportRow) { r.IDNumber = elsewhere.IDNumber }, "身份证号", "该身份证号不能在本辖区登记"},
			{"two problems", func(r *population.ImportRow) { r.Name, r.Phone = "", "123" }, "姓名、手机号", "手机号:"},
		}
		for i, c := range cases {
			r := good(i + 2)
			c.edit(&r)
			if r.IDNumber == good(i+2).IDNumber && c.name != "exists (insert mode)" {
				r.IDNumber = idNumber("140902", 19800101, 200+i) // odd → male
			}
			res, err := e.importBatch(ctx, e.town, population.Insert, []population.ImportRow{r})
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if res.Imported+res.Updated != 0 || len(res.Rejected) != 1 {
				t.Errorf("%s: %+v, want one rejection", c.name, res)
				continue
			}
			got := res.Rejected[0]
			if got.Line != i+2 || got.Column != c.column || !strings.Contains(got.Reason, c.reason) {
				t.Errorf("%s: %+v, want line %d column %q reason containing %q", c.name, got, i+2, c.column, c.reason)
			}
		}
		_, total, _ := e.s.List(ctx, cityPath, population.Filter{AgeMin: -1, AgeMax: -1}, 0, 10)
		if total != 2 {
			t.Errorf("rejected rows left %d residents, want 2", total)
		}
	})
}

func TestImportModes(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		rows := []population.ImportRow{good(2), good(3), good(4)}
		rows[1].Ethnicity, rows[1].ResidenceType, rows[1].Tags = "回", "floating", "高血压；低保、优抚,残疾人"
		rows[2].Ethnicity, rows[2].ResidenceType, rows[2].Tags, rows[2].Phone = "3", "常住", "", ""
		dup := good(5)
		dup.IDNumber = rows[0].IDNumber
		bad := good(6)
		bad.Name = ""
		res, err := e.importBatch(ctx, e.town, population.Insert, append(rows, dup, bad))
		if err != nil {
			t.Fatal(err)
		}
		if res.Imported != 3 || res.Updated != 0 || len(res.Rejected) != 2 {
			t.Fatalf("insert: %+v", res)
		}
		if r := res.Rejected[0]; r.Line != 5 || !strings.Contains(r.Reason, "第2行重复") {
			t.Errorf("duplicate in batch: %+v", r)
		}
		items, total, err := e.s.List(ctx, street, population.Filter{Q: rows[1].IDNumber, AgeMin: -1, AgeMax: -1}, 0, 10)
		if err != nil || total != 1 {
			t.Fatalf("find by ID number: %d %v", total, err)
		}
		r := items[0]
		if r.Ethnicity != "03" || r.EthnicityName != "回族" || r.ResidenceType != "floating" || r.Gender != "male" ||
			r.BirthDate != "1980-01-01" || r.Age != 46 || !slices.Equal(r.Tags, []string{"disabled", "hypertension", "low_income", "special_care"}) ||
			r.IDNumber != rows[1].IDNumber[:6]+"********"+rows[1].IDNumber[14:] || r.Phone != "138****5678" || r.GridName != "东大街社区第一网格" {
			t.Errorf("imported resident: %+v", r)
		}

		// upsert: two updates (one moving grid, one clearing nothing), one new, one unchanged
		up := []population.ImportRow{good(2), good(3), good(7), good(4)}
		up[0].GridCode, up[0].Tags, up[0].Name = grid2, "糖尿病", "张三丰"
		up[1].Tags, up[1].Phone, up[1].Ethnicity = "", "", "" // empty optional cells keep
		up[1].Ethnicity, up[1].ResidenceType = "回族", "流动"
		up[3].Ethnicity, up[3].ResidenceType, up[3].Tags, up[3].Phone = "03", "resident", "", ""
		res, err = e.importBatch(ctx, e.town, population.Upsert, up)
		if err != nil || res.Imported != 1 || res.Updated != 3 || len(res.Rejected) != 0 {
			t.Fatalf("upsert: %+v %v", res, err)
		}
		items, _, _ = e.s.List(ctx, street, population.Filter{Q: rows[1].IDNumber, AgeMin: -1, AgeMax: -1}, 0, 10)
		if r := items[0]; len(r.Tags) != 4 || r.Phone != "138****5678" {
			t.Errorf("empty cells must keep stored values: %+v", r)
		}
		items, _, _ = e.s.List(ctx, street, population.Filter{Q: rows[0].IDNumber, AgeMin: -1, AgeMax: -1}, 0, 10)
		if r := items[0]; r.GridCode != grid2 || r.Name != "张三丰" || !slices.Equal(r.Tags, []string{"diabetes_t2"}) {
			t.Errorf("upserted: %+v", r)
		}
		h, err := e.s.History(ctx, street, items[0].ID)
		if err != nil || len(h) != 2 || h[0].Action != "imported" || h[1].Action != "import_updated" || h[1].Actor != "street测试" {
			t.Fatalf("history: %+v %v", h, err)
		}
		if g, _ := h[1].Detail["grid"].(map[string]any); g["to"] != grid2 {
			t.Errorf("history detail: %+v", h[1].Detail)
		}
		for tag, want := range map[string]int{"hypertension": 2, "diabetes_t2": 1, "low_income": 1} {
			if _, n, err := e.s.List(ctx, street, population.Filter{Tag: tag, AgeMin: -1, AgeMax: -1}, 0, 10); err != nil || n != want {
				t.Errorf("tag %s: %d %v, want %d", tag, n, err, want)
			}
		}

		// upsert of someone registered in another county is refused
		other := good(8)
		other.GridCode = dxGrid
		if res, err := e.importBatch(ctx, e.admin, population.Insert, []population.ImportRow{other}); err != nil || res.Imported != 1 {
			t.Fatal(res, err)
		}
		other.GridCode = grid1
		res, err = e.importBatch(ctx, e.town, population.Upsert, []population.ImportRow{other})
		if err != nil || len(res.Rejected) != 1 || res.Rejected[0].Reason != "该身份证号不能在本辖区登记，如属人员迁入请提交迁入申请" {
			t.Errorf("upsert out of scope: %+v %v", res, err)
		}
	})
}

// A batch joins the transaction its context carries: when the caller's
// transaction fails after the batch, nothing of it remains.
func TestImportJoinsTransaction(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		err := e.d.InTx(ctx, func(ctx context.Context) error {
			res, err := e.importBatch(ctx, e.town, population.Insert, []population.ImportRow{good(2), good(3)})
			if err != nil || res.Imported != 2 {
				t.Fatalf("%+v %v", res, err)
			}
			return context.Canceled
		})
		if err != context.Canceled {
			t.Fatal(err)
		}
		if _, n, _ := e.s.List(ctx, cityPath, population.Filter{AgeMin: -1, AgeMax: -1}, 0, 10); n != 0 {
			t.Errorf("rolled back batch left %d residents", n)
		}
	})
}
