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
	"healthgrid/internal/pii"
)

// Generate adds n fictitious residents — with buildings (about one per 30
// people) and households (about 2.7 people each) — spread evenly over every
// grid of the region tree. The same seed gives the same people; ID numbers
// are valid (GB 11643) but invented, born in 忻州 (1409xx) by an age pyramid
// like Shanxi's, with key-population tags at plausible rates. It writes in
// large transactions and reports progress after each; generated residents
// get no history entries (one audit record covers the run).
func (s *Service) Generate(ctx context.Context, n int, seed int64, progress func(done int)) error {
	if n <= 0 {
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
		now: s.now().UTC().Truncate(time.Microsecond), seqs: map[int64]int{}, offset: int(uint64(seed) * 2654435761 % 500)}
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
		Detail: map[string]any{"requested": n, "generated": done, "seed": seed}})
	if err != nil {
		return err
	}
	return s.analyze(ctx)
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
	seqs       map[int64]int // birthplace and birth date → ID numbers used
	offset     int           // where this run starts in each day's sequence numbers
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
	type building struct {
		id, address string
		rooms       int
	}
	bs := make([]building, nb)
	for i := range bs {
		name := strconv.Itoa(i+1) + "号院"
		if gr.urban {
			name = strconv.Itoa(i+1) + "号楼"
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
		var head string
		for m := range size {
			p := g.person(gr, m == 0)
			p.HouseholdID, p.BuildingID, p.Address = hid, b.id, b.address+room
			if m == 0 {
				head = p.ID
			}
			g.residents = append(g.residents, p)
		}
		g.households = append(g.households, []any{hid, b.id, room, head, gr.code, gr.path, g.now, g.now})
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

// person generates one resident of the grid; a head of household is an adult.
func (g *generator) person(gr genGrid, head bool) *rec {
	r := g.r
	days := fakeAgeDays(r)
	for head && days < 18*365 {
		days = fakeAgeDays(r)
	}
	birth := g.today.AddDate(0, 0, -days)
	male := r.IntN(100) < 51
	age := days / 365
	p := &rec{ID: uuid.Must(uuid.NewV7()).String(), Name: fakeName(r, male), Gender: "female", Birth: dateYMD(birth),
		Ethnicity: "01", GridCode: gr.code, Path: gr.path, ResidenceType: Registered, Status: Active,
		CreatedAt: g.now, UpdatedAt: g.now}
	if male {
		p.Gender = "male"
	}
	region := gr.path[13:19]
	if r.IntN(100) < 15 && len(g.counties) > 0 {
		region = g.counties[r.IntN(len(g.counties))]
	}
	g.setID(p, region)
	if age >= 16 && r.IntN(100) < 85 {
		phone := fmt.Sprintf("1%d%09d", 3+r.IntN(7), r.IntN(1_000_000_000))
		p.PhoneEnc, p.PhoneIdx = g.s.pii.Seal(phone), g.s.pii.Index(pii.KindPhone, phone)
	}
	switch x := r.IntN(1000); {
	case x < 3:
		p.Ethnicity = "03" // 回族
	case x < 4:
		p.Ethnicity = "11" // 满族
	case x < 5:
		p.Ethnicity = "02" // 蒙古族
	}
	switch x := r.IntN(100); {
	case x < 12:
		p.ResidenceType = Permanent
	case x < 20:
		p.ResidenceType = Floating
	}
	switch x := r.IntN(1000); {
	case x < 5:
		p.Status = Deceased
	case x < 15:
		p.Status = MovedOut
	}
	p.Tags = fakeTags(r, age, male)
	return p
}

// setID gives p a fresh ID number born in region on p's birth date.
func (g *generator) setID(p *rec, region string) {
	reg, _ := strconv.Atoi(region)
	key := int64(reg)*100_000_000 + int64(p.Birth)
	k := g.seqs[key]
	g.seqs[key] = k + 1
	seq := (g.offset+k)%500*2 + 1
	if p.Gender == "female" {
		seq--
	}
	first := fmt.Sprintf("%s%08d%03d", region, p.Birth, seq)
	id := first + string(pii.IDCheckDigit(first))
	p.IDEnc, p.IDIdx = g.s.pii.Seal(id), g.s.pii.Index(pii.KindID, id)
}

// fakeTags draws stored tags at rates like a county's health records.
func fakeTags(r *rand.Rand, age int, male bool) []string {
	var tags []string
	chance := func(perMille int) bool { return r.IntN(1000) < perMille }
	if age >= 65 && chance(80) {
		tags = append(tags, TagElderlyAlone)
	}
	if chance(60) {
		tags = append(tags, TagDisabled)
	}
	if (age >= 60 && chance(300)) || (age >= 35 && age < 60 && chance(100)) || (age >= 18 && age < 35 && chance(10)) {
		tags = append(tags, TagHypertension)
	}
	if (age >= 60 && chance(100)) || (age >= 35 && age < 60 && chance(40)) {
		tags = append(tags, TagDiabetes)
	}
	if age >= 16 && chance(4) {
		tags = append(tags, TagSevereMental)
	}
	if chance(1) {
		tags = append(tags, TagTuberculosis)
	}
	if !male && age >= 20 && age <= 40 && chance(30) {
		tags = append(tags, TagPregnant)
	}
	if chance(40) {
		tags = append(tags, TagLowIncome)
	}
	if chance(10) {
		tags = append(tags, TagSpecialCare)
	}
	return tags
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
				g.setID(p, p.Path[13:19])
				again = append(again, p)
			}
			pending = again
		}
		written = len(living)
		return s.reindex(ctx, make([]*rec, len(living)), living)
	})
	g.buildings, g.households, g.residents = g.buildings[:0], g.households[:0], g.residents[:0]
	return written, err
}
