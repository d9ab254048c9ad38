package population

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
)

// Dense is a region whose grids each get From to To generated residents
// instead of their even share: the streets a demo is shown on.
type Dense struct {
	Code     string
	From, To int
}

// Generate adds n fictitious residents — in households (about 2.7 people
// each: a couple, their children, now and then a parent) and buildings
// (six-storey blocks of about 90 people in a community, courtyards of about
// 30 in a village, numbered across the community) — spread evenly over every
// grid of the region tree, but the grids under a dense region, which get its
// count each (the first dense region that holds a grid counts). The same seed
// gives the same people; ID numbers are valid (GB 11643) but invented, most
// born in the grid's county and the rest elsewhere in 忻州, Shanxi and
// China, with sequence numbers drawn per place and day; ages follow a
// pyramid like Shanxi's, with key-population tags at plausible rates. It
// writes in large transactions and reports progress after each; generated
// residents get no history entries (one audit record covers the run).
func (s *Service) Generate(ctx context.Context, n int, seed int64, progress func(done int), dense ...Dense) error {
	if n <= 0 && len(dense) == 0 {
		return nil
	}
	grids, err := s.genGrids(ctx)
	if err != nil {
		return err
	}
	if len(grids) == 0 {
		return errors.New("resident: generate: the region tree has no grids")
	}
	g := &generator{s: s, r: rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)),
		now: s.now().UTC().Truncate(time.Microsecond), seqs: map[int64]bool{}, born: map[string]string{}, numbers: map[string]int{}}
	g.today = time.Date(g.now.In(china.Zone).Year(), g.now.In(china.Zone).Month(), g.now.In(china.Zone).Day(), 0, 0, 0, 0, time.UTC)
	for _, gr := range grids {
		if c := access.Scope(gr.path).County().Code(); c != "" && (len(g.counties) == 0 || g.counties[len(g.counties)-1] != c[:6]) {
			g.counties = append(g.counties, c[:6])
		}
	}
	const txResidents = 50_000
	done := 0
	for i, gr := range grids {
		count := n / len(grids)
		if i < n%len(grids) {
			count++
		}
		if d, ok := denseOver(gr, dense); ok {
			count = d.From + g.r.IntN(max(d.To-d.From, 0)+1)
		}
		g.grid(gr, count)
		if len(g.residents) >= txResidents || i == len(grids)-1 {
			written, err := g.flush(ctx)
			if err != nil {
				return err
			}
			if done += written; progress != nil {
				progress(done)
			}
		}
	}
	err = s.audit.Write(ctx, audit.Record{Action: "resident.generate", ObjectType: "resident",
		Detail: map[string]any{"requested": n, "generated": done, "seed": seed, "dense": dense}})
	if err != nil {
		return err
	}
	return s.analyze(ctx)
}

// denseOver is the first of dense whose region holds the grid.
func denseOver(gr genGrid, dense []Dense) (Dense, bool) {
	for _, d := range dense {
		if strings.Contains("/"+gr.path, "/"+d.Code+"/") {
			return d, true
		}
	}
	return Dense{}, false
}

// genGrid is a grid as the generator needs it.
type genGrid struct {
	code, path, name, village, township string
	box                                 [4]float64 // min lng, min lat, max lng, max lat; zeros when no boundary
	urban                               bool
}

// genGrids reads every grid with its village and township names from the
// shared region table, in code order.
func (s *Service) genGrids(ctx context.Context) ([]genGrid, error) {
	rows, err := s.db.Query(ctx, `SELECT g.code, g.path, g.name, COALESCE(v.name, ''), COALESCE(t.name, ''),
		COALESCE(g.min_lng, 0), COALESCE(g.min_lat, 0), COALESCE(g.max_lng, 0), COALESCE(g.max_lat, 0)
		FROM regions g LEFT JOIN regions v ON v.code = g.parent_code LEFT JOIN regions t ON t.code = v.parent_code
		WHERE g.level = 'grid' ORDER BY g.code`)
	if err != nil {
		return nil, fmt.Errorf("resident: generate: grids: %w", err)
	}
	defer rows.Close()
	var out []genGrid
	for rows.Next() {
		var g genGrid
		if err := rows.Scan(&g.code, &g.path, &g.name, &g.village, &g.township, &g.box[0], &g.box[1], &g.box[2], &g.box[3]); err != nil {
			return nil, err
		}
		g.urban = !strings.HasSuffix(g.village, "村")
		out = append(out, g)
	}
	return out, rows.Err()
}

// generator holds one run's state; its buffers are written by flush.
type generator struct {
	s          *Service
	r          *rand.Rand
	now, today time.Time
	seqs       map[int64]bool    // birthplace, birth date and sequence number of the ID numbers drawn
	born       map[string]string // resident id → the address code of their ID number, until written
	numbers    map[string]int    // village code → buildings numbered in it
	counties   []string

	buildings  [][]any
	households [][]any
	residents  []*rec
}

// grid generates the buildings, households and residents of one grid.
func (g *generator) grid(gr genGrid, count int) {
	if count == 0 {
		return
	}
	r := g.r
	nb := max(1, (count+15)/30)
	if gr.urban {
		nb = max(1, (count+45)/90)
	}
	type building struct {
		id, address string
		rooms       int
	}
	bs := make([]building, nb)
	village := gr.code[:12]
	for i := range bs {
		g.numbers[village]++
		name := strconv.Itoa(g.numbers[village]) + "号院"
		if gr.urban {
			name = strconv.Itoa(g.numbers[village]) + "号楼"
		}
		b := building{id: uuid.Must(uuid.NewV7()).String(), address: gr.township + gr.village + name}
		var lng, lat any
		if x, y, ok := g.point(gr); ok {
			lng, lat = x, y
		}
		g.buildings = append(g.buildings, []any{b.id, name, b.address, lng, lat, gr.code, gr.path, g.now, g.now})
		bs[i] = b
	}
	for left, h := count, 0; left > 0; h++ {
		size := min(left, householdSize(r))
		left -= size
		b := &bs[h%nb]
		b.rooms++
		room := strconv.Itoa(b.rooms) + "户"
		if gr.urban {
			room = fmt.Sprintf("%d单元%d0%d", 1+(b.rooms-1)/12, 1+(b.rooms-1)%12/2, 1+(b.rooms-1)%2)
		}
		hid := uuid.Must(uuid.NewV7()).String()
		members := g.household(gr, size)
		for _, p := range members {
			p.HouseholdID, p.BuildingID, p.Address = hid, b.id, b.address+room
		}
		g.residents = append(g.residents, members...)
		g.households = append(g.households, []any{hid, b.id, room, members[0].ID, gr.code, gr.path, g.now, g.now})
	}
}

// householdSize draws 1–5 people, 2.7 on average.
func householdSize(r *rand.Rand) int {
	switch x := r.IntN(100); {
	case x < 20:
		return 1
	case x < 48:
		return 2
	case x < 75:
		return 3
	case x < 90:
		return 4
	}
	return 5
}

// point is a random point of the grid's bounding box that lies in the grid.
func (g *generator) point(gr genGrid) (float64, float64, bool) {
	if gr.box == [4]float64{} {
		return 0, 0, false
	}
	for range 8 {
		x := gr.box[0] + g.r.Float64()*(gr.box[2]-gr.box[0])
		y := gr.box[1] + g.r.Float64()*(gr.box[3]-gr.box[1])
		if code, ok := g.s.regions.LocateCode(x, y); ok && code == gr.code {
			return x, y, true
		}
	}
	return 0, 0, false
}

// flush writes the buffered buildings, households and residents in one
// transaction; a resident whose invented ID number exists already gets the
// next one. It returns the residents written.
func (g *generator) flush(ctx context.Context) (int, error) {
	s := g.s
	written := 0
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		s.db.WidenCache(ctx)
		if _, err := s.db.WriteBulk(ctx, insBuilding, len(g.buildings), func(i int, dst []any) []any { return append(dst, g.buildings[i]...) }); err != nil {
			return fmt.Errorf("resident: generate buildings: %w", err)
		}
		built := map[string]int64{}
		for _, b := range g.buildings {
			built[b[6].(string)]++
		}
		if err := s.tallyBuildings(ctx, built); err != nil {
			return err
		}
		if _, err := s.db.WriteBulk(ctx, insHousehold, len(g.households), func(i int, dst []any) []any { return append(dst, g.households[i]...) }); err != nil {
			return fmt.Errorf("resident: generate households: %w", err)
		}
		pending := g.residents
		var living []*rec
		for round := 0; len(pending) > 0; round++ {
			if round == 5 {
				return fmt.Errorf("resident: generate: %d invented ID numbers still taken after %d tries", len(pending), round)
			}
			ok, err := s.insertResidents(ctx, pending)
			if err != nil {
				return err
			}
			var again []*rec
			for _, p := range pending {
				if ok[p.ID] {
					living = append(living, p)
					continue
				}
				g.setID(p)
				again = append(again, p)
			}
			pending = again
		}
		written = len(living)
		return s.reindex(ctx, make([]*rec, len(living)), living)
	})
	g.buildings, g.households, g.residents = g.buildings[:0], g.households[:0], g.residents[:0]
	clear(g.born)
	return written, err
}
