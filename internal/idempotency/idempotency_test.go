package idempotency_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
	"healthgrid/internal/idempotency"
	"healthgrid/internal/pii"
	"healthgrid/internal/testkit"
)

// env is the middleware around a handler that makes one record per run and
// answers with its number, as a report route does.
type env struct {
	d     *db.DB
	clock *testkit.Clock
	h     http.Handler
	runs  atomic.Int64
	// gate, when set, holds each run until it is closed
	gate   chan struct{}
	status int // the handler's answer; 201 unless set
}

func newEnv(t *testing.T, d *db.DB) *env {
	cipher, err := pii.New(pii.Keys{Enc: [32]byte{7}, Index: [32]byte{8}})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{d: d, clock: testkit.NewClock(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)), status: http.StatusCreated}
	s := idempotency.New(idempotency.Deps{DB: d, Sealer: cipher, Now: e.clock.Now, MaxBody: 3 << 20})
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if e.gate != nil {
			<-e.gate
		}
		n := e.runs.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Location", "/api/v1/events/"+string(rune('0'+n)))
		w.WriteHeader(e.status)
		w.Write([]byte(`{"record":` + string(rune('0'+n)) + `,"name":"张三"}`))
	})
	e.h = s.Middleware(inner)
	return e
}

// send posts body as user (nil: anonymous) with key ("" for none).
func (e *env) send(user *access.Principal, key, contentType string, body []byte) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/api/v1/events", bytes.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	if key != "" {
		r.Header.Set(idempotency.Header, key)
	}
	if user != nil {
		r = r.WithContext(access.With(r.Context(), user))
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

var (
	worker = &access.Principal{UserID: "u1", Kind: "staff"}
	other  = &access.Principal{UserID: "u2", Kind: "staff"}
	report = []byte(`{"title":"垃圾堆放","lng":112.7,"lat":38.4}`)
)

func TestRetryGetsTheFirstAnswer(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		first := e.send(worker, `"k-1"`, "application/json", report)
		// the same values in another order and spacing are the same request
		again := e.send(worker, "k-1", "application/json", []byte(`{ "lat":38.4, "lng":112.7, "title":"垃圾堆放" }`))
		if e.runs.Load() != 1 || first.Code != 201 || again.Code != 201 || again.Body.String() != first.Body.String() {
			t.Fatalf("runs %d; first %d %s; again %d %s", e.runs.Load(), first.Code, first.Body, again.Code, again.Body)
		}
		if again.Header().Get(idempotency.Replayed) != "true" || again.Header().Get("Location") != first.Header().Get("Location") ||
			first.Header().Get(idempotency.Replayed) != "" {
			t.Errorf("headers: first %v, again %v", first.Header(), again.Header())
		}
		// another caller's key of the same name is theirs; no key, no memory
		e.send(other, "k-1", "application/json", report)
		e.send(worker, "", "application/json", report)
		if e.runs.Load() != 3 {
			t.Errorf("runs %d, want 3", e.runs.Load())
		}
		// the answer is sealed at rest: the name it carries is not in the table
		var kept string
		if err := d.QueryRow(context.Background(), "SELECT response FROM idempotency_keys WHERE key = 'k-1' AND caller = 'staff:u1'").
			Scan(&kept); err != nil || kept == "" || strings.Contains(kept, "张三") || strings.Contains(kept, "record") {
			t.Errorf("kept %q %v", kept, err)
		}
	})
}

func TestKeyReusedForAnotherRequest(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.send(worker, "k-2", "application/json", report)
		w := e.send(worker, "k-2", "application/json", []byte(`{"title":"另一件事"}`))
		if w.Code != 422 || !strings.Contains(w.Body.String(), "idempotency.key_reused") || e.runs.Load() != 1 {
			t.Errorf("%d %s runs %d", w.Code, w.Body, e.runs.Load())
		}
	})
}

// TestConcurrentRetries sends one key ten times at once: one record, and
// every other answer is the 409 of a request still running or, once it has
// ended, its replay.
func TestConcurrentRetries(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.gate = make(chan struct{})
		var wg sync.WaitGroup
		var conflicts atomic.Int64
		codes := make([]int, 10)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = e.send(worker, "k-3", "application/json", report).Code
				if codes[i] == 409 {
					conflicts.Add(1)
				}
			}()
		}
		// the nine that are not running come back at once, with 409
		for deadline := time.Now().Add(30 * time.Second); conflicts.Load() < 9 && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
		close(e.gate)
		wg.Wait()
		created := 0
		for _, c := range codes {
			switch c {
			case 201:
				created++
			case 409:
			default:
				t.Errorf("code %d", c)
			}
		}
		if e.runs.Load() != 1 || created != 1 {
			t.Errorf("runs %d, created %d: %v", e.runs.Load(), created, codes)
		}
		if w := e.send(worker, "k-3", "application/json", report); w.Code != 201 || w.Header().Get(idempotency.Replayed) != "true" {
			t.Errorf("after: %d %v", w.Code, w.Header())
		}
	})
}

func TestServerErrorLetsTheKeyGo(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.status = http.StatusInternalServerError
		e.send(worker, "k-4", "application/json", report)
		e.status = http.StatusCreated
		if w := e.send(worker, "k-4", "application/json", report); w.Code != 201 || e.runs.Load() != 2 {
			t.Errorf("%d runs %d", w.Code, e.runs.Load())
		}
		// a refusal (409: the case moved on) is an answer: kept and replayed
		e.status = http.StatusConflict
		e.send(worker, "k-5", "application/json", report)
		e.status = http.StatusCreated
		if w := e.send(worker, "k-5", "application/json", report); w.Code != 409 || e.runs.Load() != 3 {
			t.Errorf("%d runs %d", w.Code, e.runs.Load())
		}
	})
}

// TestMultipartBoundary: a photo sent again from the outbox gets a new
// boundary; it is the same upload. Another photo under the key is not.
func TestMultipartBoundary(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		photo := bytes.Repeat([]byte{0xff, 0xd8, 0x42}, 500_000) // 1.5 MB: spooled to a file
		form := func(content []byte) (string, []byte) {
			var b bytes.Buffer
			mw := multipart.NewWriter(&b)
			fw, _ := mw.CreateFormFile("file", "现场.jpg")
			fw.Write(content)
			mw.Close()
			return mw.FormDataContentType(), b.Bytes()
		}
		ct1, b1 := form(photo)
		ct2, b2 := form(photo)
		if ct1 == ct2 {
			t.Fatal("the boundaries should differ")
		}
		e.send(worker, "k-6", ct1, b1)
		if w := e.send(worker, "k-6", ct2, b2); w.Code != 201 || e.runs.Load() != 1 {
			t.Errorf("same photo: %d runs %d", w.Code, e.runs.Load())
		}
		ct3, b3 := form(append(photo[:len(photo)-1:len(photo)-1], 0))
		if w := e.send(worker, "k-6", ct3, b3); w.Code != 422 {
			t.Errorf("another photo: %d", w.Code)
		}
		// over the limit: refused before anything runs
		ct4, b4 := form(bytes.Repeat([]byte{1}, 4<<20))
		if w := e.send(worker, "k-7", ct4, b4); w.Code != 413 || e.runs.Load() != 1 {
			t.Errorf("too large: %d runs %d", w.Code, e.runs.Load())
		}
	})
}

func TestExpiryAndAbandonedRuns(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.send(worker, "k-8", "application/json", report)
		e.clock.Advance(idempotency.TTL + time.Second)
		if w := e.send(worker, "k-8", "application/json", report); w.Code != 201 || w.Header().Get(idempotency.Replayed) != "" ||
			e.runs.Load() != 2 {
			t.Errorf("after a day: %d runs %d", w.Code, e.runs.Load())
		}
		// a run whose instance died: a retry waits two minutes, then takes over
		if _, err := d.Exec(ctx, "UPDATE idempotency_keys SET state = 'running', response = '' WHERE key = 'k-8'"); err != nil {
			t.Fatal(err)
		}
		if w := e.send(worker, "k-8", "application/json", report); w.Code != 409 {
			t.Errorf("running: %d", w.Code)
		}
		e.clock.Advance(3 * time.Minute)
		if w := e.send(worker, "k-8", "application/json", report); w.Code != 201 || e.runs.Load() != 3 {
			t.Errorf("abandoned: %d runs %d", w.Code, e.runs.Load())
		}
		s := idempotency.New(idempotency.Deps{DB: d, Now: func() time.Time { return e.clock.Now().Add(idempotency.TTL) }})
		if n, err := s.CleanupExpired(ctx); err != nil || n != 1 {
			t.Errorf("cleanup: %d %v", n, err)
		}
	})
}

func TestBadKeys(t *testing.T) {
	e := newEnv(t, testkit.NewSQLite(t))
	for _, k := range []string{`""`, strings.Repeat("k", 256), "键", "a b"} {
		if w := e.send(worker, k, "application/json", report); w.Code != 400 ||
			!strings.Contains(w.Body.String(), "Idempotency-Key") {
			t.Errorf("%q: %d %s", k, w.Code, w.Body)
		}
	}
	r := httptest.NewRequest(http.MethodPost, "/api/v1/events", bytes.NewReader(report))
	r.Header.Add(idempotency.Header, "a")
	r.Header.Add(idempotency.Header, "b")
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	if w.Code != 400 || e.runs.Load() != 0 {
		t.Errorf("two keys: %d, runs %d", w.Code, e.runs.Load())
	}
}
