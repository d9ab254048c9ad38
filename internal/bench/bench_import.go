package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/db"
	"healthgrid/internal/demo/seed"
	"healthgrid/internal/imports"
	"healthgrid/internal/pii"
	"healthgrid/internal/testkit/xlsxfile"
)

// importBench imports a generated residents file (csv, or xlsx as Excel
// saves one) of b.rows rows through the real job (upload over HTTP, River
// worker, population.CheckBatch and WriteBatch), with the process's peak
// memory meanwhile, and compares a csv with a raw bulk load of the same
// file into a scratch table of the same database: sqlite3's .import, or
// PostgreSQL's COPY.
func (b *benchFlags) importBench(ctx context.Context, a *app.App, base string, out io.Writer) error {
	if b.format != "csv" && b.format != "xlsx" {
		return fmt.Errorf("bench import: --format must be csv or xlsx, not %q", b.format)
	}
	if err := a.Jobs.Start(ctx, a.DB, a.Log); err != nil {
		return err
	}
	defer a.Jobs.Stop(context.WithoutCancel(ctx))
	grids, err := seed.GridCodes(ctx, a)
	if err != nil {
		return err
	}
	path := filepath.Join(a.Config.DataDir, "bench-residents."+b.format)
	t0 := time.Now()
	write := writeResidentsCSV
	if b.format == "xlsx" {
		write = writeResidentsXLSX
	}
	size, err := write(path, b.rows, grids)
	if err != nil {
		return err
	}
	defer os.Remove(path)
	fmt.Fprintf(out, "generated %d rows over %d grids (%.1f MB) in %v\n", b.rows, len(grids), float64(size)/1e6,
		time.Since(t0).Round(time.Millisecond))

	t0 = time.Now()
	parsed, err := parseOnly(path, b.format, a.Config.DataDir)
	if err != nil {
		return err
	}
	el := time.Since(t0)
	fmt.Fprintf(out, "parse only (%s → rows, no database): %d rows in %v = %.0f rows/s\n", b.format, parsed, el.Round(time.Millisecond),
		float64(parsed)/el.Seconds())

	var tok struct{ Token string }
	if err := post(http.DefaultClient, base+"/api/v1/auth/login", `{"username":"admin","password":"`+seed.Password+`"}`, &tok); err != nil {
		return err
	}
	before := resetPeakRSS()
	heap := sampleHeap()
	t0, cpu0 := time.Now(), cpuTime()
	job, err := uploadFile(base, tok.Token, path)
	if err != nil {
		return err
	}
	uploaded := time.Since(t0)
	if job, err = waitJob(base, tok.Token, job); err != nil {
		return err
	}
	el, cpu := time.Since(t0), cpuTime()-cpu0
	fmt.Fprintf(out, "peak memory of the process (VmHWM) during upload and job: %s (resident before: %s; Go heap at most %s)\n",
		mib(peakRSS()), mib(before), mib(heap()))
	if job.Status != imports.Done {
		return fmt.Errorf("import failed: %s", job.Message)
	}
	rate := float64(job.Total) / el.Seconds()
	fmt.Fprintf(out, "import job (%s): %d rows (%d imported, %d updated, %d rejected) in %v = %.0f rows/s end to end"+
		" (upload %v; worker %v)\n", a.DB.Dialect, job.Total, job.Imported, job.Updated, job.Rejected, el.Round(time.Millisecond),
		rate, uploaded.Round(time.Millisecond), job.FinishedAt.Sub(*job.StartedAt).Round(time.Millisecond))
	if cpu > 0 {
		fmt.Fprintf(out, "  this process's CPU meanwhile: %v = %.0f rows per CPU-second (the database server's not counted)\n",
			cpu.Round(time.Millisecond), float64(job.Total)/cpu.Seconds())
	}

	if b.format != "csv" {
		return nil
	}
	raw, err := rawLoad(ctx, a.DB, path)
	if err != nil {
		fmt.Fprintf(out, "raw bulk load: skipped (%v)\n", err)
		return nil
	}
	rawRate := float64(b.rows) / raw.Seconds()
	tool := "sqlite3 .import"
	if a.DB.Dialect == db.Postgres {
		tool = "COPY"
	}
	fmt.Fprintf(out, "raw bulk load (%s into a scratch table, no checks, no indexes): %v = %.0f rows/s; import/raw = %.2f\n",
		tool, raw.Round(time.Millisecond), rawRate, rate/rawRate)
	return nil
}

var (
	benchSurnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"}
	benchGiven    = []string{"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞"}
	benchResTypes = []string{"户籍", "户籍", "户籍", "常住", "流动"}
	benchTags     = []string{"", "", "", "", "", "", "高血压", "2型糖尿病", "高血压;2型糖尿病", "残疾人"}
)

// benchHeader is the generated residents file's header.
var benchHeader = []string{"姓名", "身份证号", "手机号", "民族", "网格编码", "地址", "居住类型", "标签"}

// residentRows calls fn with n valid residents spread over the grids:
// unique ID numbers of each grid's county with correct check digits,
// phones, ethnicities, residence types and some tags.
func residentRows(n int, grids []string, fn func(cells []string) error) error {
	r := rand.New(rand.NewPCG(3, 2026))
	base := time.Date(1945, 1, 1, 0, 0, 0, 0, time.UTC)
	cells := make([]string, len(benchHeader))
	for i := 0; i < n; i++ {
		grid := grids[r.IntN(len(grids))]
		// (birth day, sequence) is unique per i: 999 people a day from 1945 on
		birth := base.AddDate(0, 0, i/999*7)
		id := grid[:6] + birth.Format("20060102") + fmt.Sprintf("%03d", i%999+1)
		id += string(pii.IDCheckDigit(id))
		ethnicity := "汉族"
		if r.IntN(20) == 0 {
			ethnicity = "回族"
		}
		cells[0] = benchSurnames[r.IntN(len(benchSurnames))] + benchGiven[r.IntN(len(benchGiven))]
		cells[1], cells[2], cells[3], cells[4] = id, "13"+strconv.FormatInt(100000000+int64(i)*7%900000000, 10), ethnicity, grid
		cells[5] = "幸福路" + strconv.Itoa(r.IntN(300)+1) + "号"
		cells[6], cells[7] = benchResTypes[r.IntN(len(benchResTypes))], benchTags[r.IntN(len(benchTags))]
		if err := fn(cells); err != nil {
			return err
		}
	}
	return nil
}

// writeResidentsCSV writes n generated residents as a csv.
func writeResidentsCSV(path string, n int, grids []string) (int64, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(strings.Join(benchHeader, ",") + "\n")
	if err := residentRows(n, grids, func(cells []string) error {
		_, err := w.WriteString(strings.Join(cells, ",") + "\n")
		return err
	}); err != nil {
		return 0, err
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// writeResidentsXLSX writes n generated residents as Excel saves them:
// every cell a shared string, the ID and phone numbers each their own.
func writeResidentsXLSX(path string, n int, grids []string) (int64, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w, err := xlsxfile.NewWriter(f, filepath.Dir(path))
	if err != nil {
		return 0, err
	}
	repeated := func(col int) bool { return col != 1 && col != 2 }
	if err := w.WriteRow(benchHeader, repeated); err != nil {
		return 0, err
	}
	if err := residentRows(n, grids, func(cells []string) error { return w.WriteRow(cells, repeated) }); err != nil {
		return 0, err
	}
	if err := w.Close(); err != nil {
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

func parseOnly(path, format, tmp string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	var p *imports.Parser
	if format == "xlsx" {
		p, err = imports.ParseXLSX(f, st.Size(), tmp)
	} else {
		p, err = imports.ParseCSV(f, st.Size(), imports.UTF8)
	}
	if err != nil {
		return 0, err
	}
	defer p.Close()
	n := 0
	for {
		_, err := p.Next()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// uploadFile posts the file as a residents import, streaming it.
func uploadFile(base, token, path string) (imports.Job, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		mw.WriteField("kind", imports.KindResidents)
		mw.WriteField("mode", "insert")
		fw, _ := mw.CreateFormFile("file", filepath.Base(path))
		f, err := os.Open(path)
		if err == nil {
			_, err = io.Copy(fw, f)
			f.Close()
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/imports", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	var job imports.Job
	return job, do(http.DefaultClient, req, &job)
}

// rawLoad bulk-loads the csv into a scratch table of the same database with
// the engine's own loader, and drops it again.
func rawLoad(ctx context.Context, d *db.DB, path string) (time.Duration, error) {
	const table = "bench_raw_residents"
	cols := "(name TEXT, id_number TEXT, phone TEXT, ethnicity TEXT, grid_code TEXT, address TEXT, residence_type TEXT, tags TEXT)"
	d.Exec(ctx, "DROP TABLE IF EXISTS "+table)
	if _, err := d.Exec(ctx, "CREATE TABLE "+table+" "+cols); err != nil {
		return 0, err
	}
	defer d.Exec(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+table)
	t0 := time.Now()
	if d.Dialect == db.Postgres {
		f, err := os.Open(path)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		conn, err := d.Pool.Acquire(ctx)
		if err != nil {
			return 0, err
		}
		defer conn.Release()
		if _, err := conn.Conn().PgConn().CopyFrom(ctx, f, "COPY "+table+" FROM STDIN WITH (FORMAT csv, HEADER true)"); err != nil {
			return 0, err
		}
		return time.Since(t0), nil
	}
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		return 0, errors.New("no sqlite3 command: apt-get install -y sqlite3")
	}
	cmd := exec.CommandContext(ctx, bin, "-bail", d.Path, ".timeout 15000", ".mode csv", ".import --skip 1 "+path+" "+table)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("sqlite3 .import: %v: %s", err, msg)
	}
	return time.Since(t0), nil
}
