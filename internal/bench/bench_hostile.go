package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/demo/seed"
	"healthgrid/internal/imports"
	"healthgrid/internal/testkit/xlsxfile"
)

// hostileBench uploads the hostile files of issue 13 — a 300 KB xlsx
// holding one 300 MB shared string, a 2 MB xlsx whose sheet unzips to 2 GB
// (rows of one 30,000-letter cell), and that one again with a directory
// that says 900 KB — and prints for each how long the refusal took, why,
// and the process's peak memory meanwhile.
func hostileBench(ctx context.Context, a *app.App, base string, out io.Writer) error {
	if err := a.Jobs.Start(ctx, a.DB, a.Log); err != nil {
		return err
	}
	defer a.Jobs.Stop(context.WithoutCancel(ctx))
	var tok struct{ Token string }
	if err := post(http.DefaultClient, base+"/api/v1/auth/login", `{"username":"admin","password":"`+seed.Password+`"}`, &tok); err != nil {
		return err
	}
	mb := bytes.Repeat([]byte("a"), 1<<20)
	row := `<row><c t="inlineStr"><is><t>` + strings.Repeat("a", 30000) + `</t></is></c></row>`
	header := `<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t></is></c>` +
		`<c r="C1" t="inlineStr"><is><t>网格编码</t></is></c></row>`
	rows := xlsxfile.Part{Head: []byte(header), Chunk: []byte(strings.Repeat(row, len(mb)/len(row))), Repeat: 2000}
	lying := rows
	lying.Declared = 900 << 10
	files := []struct {
		name string
		rows xlsxfile.Part
		sst  *xlsxfile.Part
	}{
		{"one 300 MB shared string", xlsxfile.Part{Head: []byte(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)},
			&xlsxfile.Part{Head: []byte("<si><t>"), Chunk: mb, Repeat: 300, Tail: []byte("</t></si>")}},
		{"a sheet that unzips to 2 GB", rows, nil},
		{"the same, its directory saying 900 KB", lying, nil},
	}
	for _, f := range files {
		path := filepath.Join(a.Config.DataDir, "bench-hostile.xlsx")
		var b bytes.Buffer
		if err := xlsxfile.XLSX(&b, f.rows, f.sst); err != nil {
			return err
		}
		if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
			return err
		}
		before := resetPeakRSS()
		heap := sampleHeap()
		t0 := time.Now()
		job, err := uploadFile(base, tok.Token, path)
		if err == nil {
			job, err = waitJob(base, tok.Token, job)
		}
		os.Remove(path)
		heapPeak := heap()
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s (%s): %s in %v, peak memory %s (resident before: %s; Go heap at most %s)\n  %s\n", f.name,
			mib(int64(b.Len())), job.Status, time.Since(t0).Round(time.Millisecond), mib(peakRSS()), mib(before), mib(heapPeak), job.Message)
	}
	return nil
}

// waitJob polls a job until it is done or failed.
func waitJob(base, token string, job imports.Job) (imports.Job, error) {
	for job.Status != imports.Done && job.Status != imports.Failed {
		time.Sleep(100 * time.Millisecond)
		req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/imports/"+job.ID, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		if err := do(http.DefaultClient, req, &job); err != nil {
			return job, err
		}
	}
	return job, nil
}

// resetPeakRSS gives the heap's free pages back to the system and starts
// the kernel's peak of this process's resident memory (VmHWM) over from
// what it holds now, which it returns; 0 where there is no /proc.
func resetPeakRSS() int64 {
	runtime.GC()
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	return procStatus("VmRSS")
}

// peakRSS is this process's peak resident memory since resetPeakRSS.
func peakRSS() int64 { return procStatus("VmHWM") }

// sampleHeap samples the Go heap in use every 100 ms until the function it
// returns is called, which returns the largest sample: the part of the
// resident peak that is Go's (the rest is mostly SQLite's page cache).
func sampleHeap() func() int64 {
	done, peak := make(chan struct{}), make(chan int64)
	go func() {
		var m runtime.MemStats
		var most uint64
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			most = max(most, m.HeapInuse)
			select {
			case <-done:
				peak <- int64(most)
				return
			case <-t.C:
			}
		}
	}()
	return func() int64 {
		close(done)
		return <-peak
	}
}

// procStatus is a "kB" line of /proc/self/status, in bytes; 0 if absent.
func procStatus(key string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func mib(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
}
