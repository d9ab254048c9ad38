package imports_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"healthgrid/internal/app"
	"healthgrid/internal/app/apptest"
	"healthgrid/internal/imports"
	"healthgrid/internal/testkit"
)

// upload posts a residents file as multipart/form-data.
func upload(c *testkit.Client, mode, name string, file []byte) (int, testkit.Body) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("kind", "residents")
	mw.WriteField("mode", mode)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(file)
	mw.Close()
	c.Header.Set("Content-Type", mw.FormDataContentType())
	defer c.Header.Del("Content-Type")
	return c.Do(http.MethodPost, "/api/v1/imports", b.Bytes())
}

// finish polls a job until it is done or failed.
func finish(t *testing.T, c *testkit.Client, id string) testkit.Body {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		st, b := c.Do(http.MethodGet, "/api/v1/imports/"+id, nil)
		if st != http.StatusOK {
			t.Fatalf("GET import: %d %s", st, b)
		}
		if s := b.Str("status"); s == imports.Done || s == imports.Failed {
			return b
		}
		if time.Now().After(deadline) {
			t.Fatalf("import not finished: %s", b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// badFile is a GB18030 csv of residents of 忻府区 in English-alias columns
// in their own order, with a row of each kind of mistake: 5 valid rows
// (lines 2, 3, 5, 10, 11), 4 rejected ones (4, 6, 7, 8) and two blank lines.
func badFile(t *testing.T) []byte {
	t.Helper()
	lines := []string{
		"grid_code,name,id_number,phone,tags",
		apptest.HomeGrid + ",张一," + apptest.ImportID(1) + ",13800000101,高血压",
		apptest.HomeGrid + ",张二," + apptest.ImportID(2) + ",,",
		apptest.OtherGrid + ",张三," + apptest.ImportID(3) + ",,",      // 4: another county's grid
		"140902001002002,张四," + apptest.ImportID(4) + ",,低保;独居老人",    // 5
		apptest.HomeGrid + ",张五," + apptest.ImportID(1) + ",,",       // 6: the ID of line 2 again
		apptest.HomeGrid + ",张六,1.40902E+17,,",                       // 7: Excel ate the ID
		apptest.HomeGrid + ",张七," + apptest.ImportID(7)[:17] + "0,,", // 8: wrong check digit (unless it is 0)
		"",
		apptest.HomeGrid + ",张九," + apptest.ImportID(9) + ",,",
		apptest.HomeGrid + ",张十," + apptest.ImportID(10) + ",,",
		",,,,",
	}
	if apptest.ImportID(7)[17] == '0' {
		lines[7] = apptest.HomeGrid + ",张七," + apptest.ImportID(7)[:17] + "1,,"
	}
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(strings.Join(lines, "\n") + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportEndToEnd(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		apptest.StartJobs(t, e.App)
		c, other := e.Login(t, "region_admin"), e.Login(t, apptest.OtherAdmin)
		var before int
		e.App.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM residents").Scan(&before)

		st, b := upload(c, "insert", "居民.csv", badFile(t))
		if st != http.StatusAccepted || b.Str("status") != imports.Queued || b.Str("file_name") != "居民.csv" {
			t.Fatalf("upload: %d %s", st, b)
		}
		id := b.Str("id")
		b = finish(t, c, id)
		if b.Str("status") != imports.Done || b.Int("total") != 9 || b.Int("imported") != 5 || b.Int("rejected") != 4 ||
			b.Int("updated") != 0 || b.Get("progress") != 1.0 || b.Str("error_report_url") != "/api/v1/imports/"+id+"/errors" {
			t.Fatalf("done: %s", b)
		}
		var after int
		e.App.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM residents").Scan(&after)
		if after-before != 5 {
			t.Fatalf("%d residents added, want 5", after-before)
		}

		// the error report: one row per rejected line, ID and phone masked
		st, rep := c.Do(http.MethodGet, "/api/v1/imports/"+id+"/errors", nil)
		if st != http.StatusOK || !strings.Contains(c.Last.Header.Get("Content-Disposition"), ".xlsx") {
			t.Fatalf("report: %d", st)
		}
		rows := xlsxRows(t, rep)
		lines := []string{}
		for _, r := range rows[1:] {
			lines = append(lines, r[0]+":"+r[1])
			if strings.Contains(strings.Join(r, ","), apptest.ImportID(3)) {
				t.Fatalf("an ID number in clear in the report: %v", r)
			}
		}
		// line 4's grid lies in another county: refused in the words of an ID number registered there
		if got := strings.Join(lines, " "); got != "4:身份证号 6:身份证号 7:身份证号 8:身份证号" {
			t.Fatalf("report lines: %s\n%v", got, rows)
		}
		var audited int
		e.App.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE action = 'import.report_download' AND object_id = ?", id).Scan(&audited)
		if audited != 1 {
			t.Fatalf("report download audited %d times", audited)
		}

		// another county's admin cannot see the job, its report, or it in the list
		for _, p := range []string{"/api/v1/imports/" + id, "/api/v1/imports/" + id + "/errors"} {
			if st, b := other.Do(http.MethodGet, p, nil); st != http.StatusNotFound {
				t.Errorf("other county GET %s: %d %s", p, st, b)
			}
		}
		if st, b := other.Do(http.MethodGet, "/api/v1/imports", nil); st != http.StatusOK || b.Int("total") != 0 {
			t.Errorf("other county's list: %d %s", st, b)
		}
		if st, b := c.Do(http.MethodGet, "/api/v1/imports?page=1&size=10", nil); st != http.StatusOK || b.Int("total") != 1 ||
			b.Str("items.0.id") != id {
			t.Errorf("list: %d %s", st, b)
		}

		// the same file again: no duplicates in insert mode, updates in upsert mode
		_, b = upload(c, "insert", "居民.csv", badFile(t))
		if b = finish(t, c, b.Str("id")); b.Int("imported") != 0 || b.Int("rejected") != 9 {
			t.Fatalf("rerun insert: %s", b)
		}
		_, b = upload(c, "upsert", "居民.csv", badFile(t))
		if b = finish(t, c, b.Str("id")); b.Int("updated") != 5 || b.Int("imported") != 0 || b.Int("rejected") != 4 {
			t.Fatalf("rerun upsert: %s", b)
		}
		e.App.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM residents").Scan(&after)
		if after-before != 5 {
			t.Fatalf("%d residents after the reruns, want 5 more than before", after-before)
		}

		// an xlsx file, as the template has it
		st, tpl := c.Do(http.MethodGet, "/api/v1/imports/template?kind=residents", nil)
		if st != http.StatusOK {
			t.Fatalf("template: %d", st)
		}
		x, err := excelize.OpenReader(bytes.NewReader(tpl))
		if err != nil {
			t.Fatal(err)
		}
		x.SetSheetRow(x.GetSheetList()[0], "A2", &[]any{"王小二", apptest.ImportID(20), "13800000120", "回族", apptest.HomeGrid, "东大街2号", "流动", "孕产妇"})
		var xb bytes.Buffer
		x.Write(&xb)
		x.Close()
		_, b = upload(c, "insert", "template.xlsx", xb.Bytes())
		if b = finish(t, c, b.Str("id")); b.Str("status") != imports.Done || b.Int("imported") != 1 || b.Str("format") != "xlsx" {
			t.Fatalf("xlsx: %s", b)
		}

		// a header the import cannot use is refused at upload, naming the column
		st, b = upload(c, "insert", "bad.csv", []byte("姓名,身份证号,网格编码,性别\n张三,"+apptest.ImportID(30)+","+apptest.HomeGrid+",男\n"))
		if st != http.StatusUnprocessableEntity || !strings.Contains(b.String(), "性别") {
			t.Fatalf("bad header: %d %s", st, b)
		}

		// once the report has expired and been swept: 410 Gone, and no link
		e.Clock.Advance(e.App.Config.ImportReportTTL + time.Hour)
		if _, err := e.App.Imports.CleanupExpired(context.Background()); err != nil {
			t.Fatal(err)
		}
		c = e.Login(t, "region_admin")
		if st, b := c.Do(http.MethodGet, "/api/v1/imports/"+id+"/errors", nil); st != http.StatusGone {
			t.Fatalf("expired report: %d %s", st, b)
		}
		if _, b := c.Do(http.MethodGet, "/api/v1/imports/"+id, nil); b.Get("error_report_url") != nil {
			t.Fatalf("expired report still linked: %s", b)
		}
	})
}

func xlsxRows(t *testing.T, data []byte) [][]string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// An instance that dies in the middle of an import leaves whole batches
// only; a new instance on the same database and data directory resumes the
// job after the last committed batch and finishes it with every row counted
// once.
func TestImportResumesAfterRestart(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		const rows = 12000 // batches of 5000, 5000 and 2000
		var file bytes.Buffer
		file.WriteString("姓名,身份证号,网格编码\n")
		for i := 0; i < rows; i++ {
			fmt.Fprintf(&file, "居民%d,%s,%s\n", i, apptest.ImportID(i), apptest.HomeGrid)
		}
		crashed := make(chan struct{}, 1)
		e.App.Imports.SetBatchHook(func(_ context.Context, _ string, batch int) error {
			if batch < 2 {
				return nil
			}
			select {
			case crashed <- struct{}{}:
			default:
			}
			return fmt.Errorf("instance died in batch %d", batch) // after the sink wrote the batch's rows
		})
		apptest.StartJobs(t, e.App)
		c := e.Login(t, "region_admin")
		var before int
		e.App.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM residents").Scan(&before)
		st, b := upload(c, "insert", "big.csv", file.Bytes())
		if st != http.StatusAccepted {
			t.Fatalf("upload: %d %s", st, b)
		}
		id := b.Str("id")
		select {
		case <-crashed:
		case <-time.After(60 * time.Second):
			t.Fatal("the import never reached its second batch")
		}
		stop, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := e.App.Jobs.Stop(stop); err != nil {
			t.Fatal(err)
		}
		count := func(a *app.App) int {
			var n int
			a.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM residents").Scan(&n)
			return n - before
		}
		_, b = c.Do(http.MethodGet, "/api/v1/imports/"+id, nil)
		if b.Str("status") != imports.Running || b.Int("total") != 5000 || b.Int("imported") != 5000 || count(e.App) != 5000 {
			t.Fatalf("after the crash: %d residents, job %s; want exactly the first batch", count(e.App), b)
		}

		// a new instance, once the dead one's lease has run out
		e.Clock.Advance(time.Minute)
		peer := e.Peer(t)
		a2 := peer.App
		apptest.StartJobs(t, a2)
		c2 := peer.Login(t, "region_admin")
		b = finish(t, c2, id)
		if b.Str("status") != imports.Done || b.Int("total") != rows || b.Int("imported") != rows || b.Int("rejected") != 0 {
			t.Fatalf("resumed: %s", b)
		}
		if n := count(a2); n != rows {
			t.Fatalf("%d residents after the resumed import, want %d", n, rows)
		}
		var batches int
		a2.DB.QueryRow(context.Background(), "SELECT batches FROM import_jobs WHERE id = ?", id).Scan(&batches)
		if batches != 3 {
			t.Fatalf("%d batches committed, want 3", batches)
		}
	})
}
