package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"healthgrid/internal/app"
	"healthgrid/internal/demo/seed"
	"healthgrid/internal/pii"
)

// epidemicBench measures the epidemic module's figures (issue 16): 10,000
// report cards filed through the API by 忻府区人民医院's account from b.c
// clients (the rate), the county CDC's review list at b.c clients, then a
// screening list of b.rows persons (screeningBench).
func (b *benchFlags) epidemicBench(ctx context.Context, a *app.App, base string, out io.Writer) error {
	hospital, err := login(base, "hospital")
	if err != nil {
		return err
	}
	cdc, err := login(base, "cdc")
	if err != nil {
		return err
	}
	all, err := seed.GridCodes(ctx, a)
	if err != nil {
		return err
	}
	var grids []string
	for _, g := range all {
		if strings.HasPrefix(g, "140902") {
			grids = append(grids, g)
		}
	}
	const cards = 10000
	var seq atomic.Int64
	n := b.n
	b.n = cards
	diseases := []string{"C01", "C01", "C01", "C11", "C11", "B27", "B03", "B14", "B20", "C02"}
	err = b.http(out, fmt.Sprintf("POST /epidemic/reports (%d cards)", cards), func(c *http.Client) error {
		i := seq.Add(1)
		r := rand.New(rand.NewPCG(uint64(i), 16))
		body, _ := json.Marshal(benchCard(i, r, grids[r.IntN(len(grids))], diseases[r.IntN(len(diseases))]))
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/epidemic/reports", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+hospital)
		return do(c, req, nil)
	})
	b.n = n
	if err != nil {
		return err
	}
	// by the time the county reviews them, a database in service has its
	// statistics of the cards (autovacuum); the bench's server need not
	// run it, and PostgreSQL would plan the list for an empty table
	if err := a.DB.Analyze(ctx, "epi_reports", "epi_report_list_tallies"); err != nil {
		return err
	}
	for _, q := range []string{"status=filed&page=1&size=20", "page=1&size=20", "disease=C01&page=1&size=20",
		"region=" + benchTownship + "&status=filed&page=1&size=20"} {
		if err := b.http(out, "GET /epidemic/reports?"+q+" as cdc", authGet(base+"/api/v1/epidemic/reports?"+q, cdc)); err != nil {
			return err
		}
	}
	if err := b.http(out, "GET /epidemic/reports/timeliness as cdc", authGet(base+"/api/v1/epidemic/reports/timeliness", cdc)); err != nil {
		return err
	}
	b.rows = min(b.rows, 100_000)
	return b.screeningBench(ctx, a, base, out)
}

// benchCard is the i-th generated card: a valid invented ID number, an
// influenza-season mix of diseases, diagnosed in the last days.
func benchCard(i int64, r *rand.Rand, grid, disease string) map[string]any {
	birth := time.Date(1940+r.IntN(80), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	first := fmt.Sprintf("140902%s%03d", birth.Format("20060102"), r.IntN(1000))
	sex := "female"
	if (first[16]-'0')%2 == 1 {
		sex = "male"
	}
	diagnosed := time.Now().Add(-time.Duration(2+r.IntN(70)) * time.Hour).Truncate(time.Hour)
	card := map[string]any{"card_no": fmt.Sprintf("B%011d", i), "report_type": "initial", "name": "测试" + fmt.Sprint(i),
		"id_number": first + string(pii.IDCheckDigit(first)), "sex": sex, "belongs": "local_county",
		"address": "忻府区某街道" + fmt.Sprint(i%500) + "号", "address_code": grid, "occupation": "worker",
		"classification": "clinical", "onset_date": diagnosed.AddDate(0, 0, -1).Format(time.DateOnly),
		"diagnosed_at": diagnosed.Format(time.RFC3339), "disease": disease, "reporting_unit": "忻府区人民医院", "doctor": "王医生"}
	if birth.After(time.Now().AddDate(-14, 0, 0)) {
		card["parent_name"] = "家长" + fmt.Sprint(i)
	}
	switch disease {
	case "B03":
		card["subtype"], card["course"] = "b", "chronic"
	case "B14":
		card["subtype"] = "positive"
	}
	return card
}

// login is the token of a demo account.
func login(base, username string) (string, error) {
	var tok struct{ Token string }
	err := post(http.DefaultClient, base+"/api/v1/auth/login", `{"username":"`+username+`","password":"`+seed.Password+`"}`, &tok)
	return tok.Token, err
}

// authGet is a GET of url as the bearer of token.
func authGet(url, token string) func(*http.Client) error {
	return func(c *http.Client) error {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return do(c, req, nil)
	}
}
