package apptest

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/app"
	"healthgrid/internal/imports"
	"healthgrid/internal/pii"
)

// ImportID is the n-th valid ID number of the import tests (n < 10^6),
// apart from IDNumber's: born in 1960–1999 in 忻府区.
func ImportID(n int) string {
	s := fmt.Sprintf("140902%04d%02d%02d%03d", 1960+n/12000%40, 1+n/1000%12, 1+n%28, n%1000)
	return s + string(pii.IDCheckDigit(s))
}

// StartJobs runs a's job queue until the test ends.
func StartJobs(t testing.TB, a *app.App) {
	t.Helper()
	if err := a.Jobs.Start(context.Background(), a.DB, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		a.Jobs.Stop(ctx)
	})
}

// Principal is a fixture user as the API sees them, logged in.
func (e *Env) Principal(t testing.TB, username string) *access.Principal {
	t.Helper()
	ctx := context.Background()
	res, err := e.App.Auth.Login(ctx, username, Password)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.App.Auth.Authenticate(ctx, res.Token)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// NewImport queues (and, with the queue stopped, leaves queued) an import
// of a one-row file by username, and returns its id.
func (e *Env) NewImport(t testing.TB, username, grid string) string {
	t.Helper()
	in := &imports.Upload{Kind: imports.KindResidents, Mode: "insert", FileName: "one.csv"}
	file := "姓名,身份证号,网格编码\n某人," + ImportID(900000+e.Unique()) + "," + grid + "\n"
	if err := e.App.Imports.StoreFile(in, strings.NewReader(file)); err != nil {
		t.Fatal(err)
	}
	j, err := e.App.Imports.Create(context.Background(), e.Principal(t, username), in)
	if err != nil {
		t.Fatal(err)
	}
	return j.ID
}
