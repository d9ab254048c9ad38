package vaccine

import (
	"context"
	"fmt"
	"strings"

	"healthgrid/internal/access"
	"healthgrid/internal/region"
)

// CoverageCell is a region's coverage of one vaccine in one age group ("all": every
// age).
type CoverageCell struct {
	Vaccine   string  `json:"vaccine"`
	AgeGroup  string  `json:"age_group" enum:"0-2,3-6,7-17,18-59,60+,all"`
	Residents int64   `json:"residents" doc:"living residents of the age group (the census)"`
	People    int64   `json:"people" doc:"residents with at least one dose"`
	Doses     int64   `json:"doses"`
	Rate      float64 `json:"rate" doc:"people / residents, 0..1"`
}

// CoverageRow is one region's row.
type CoverageRow struct {
	RegionCode string         `json:"region_code"`
	RegionName string         `json:"region_name"`
	Level      string         `json:"level"`
	Cells      []CoverageCell `json:"cells" doc:"per vaccine, then per age group and all"`
}

// VaccinationCoverage is a region's coverage and each of its children's.
type VaccinationCoverage struct {
	CoverageRow
	Items     []CoverageRow `json:"items"`
	Vaccines  []Vaccine     `json:"vaccines" doc:"the vaccines the cells are of"`
	AgeGroups []string      `json:"age_groups"`
}

// VaccinationCoverage reads the coverage of the region code (the caller's own for "")
// and of its children, for one vaccine or all: numerators off the tallies
// (a row per region, vaccine and age group — never the records), the
// census's living residents per age group as denominators (one pass).
func (s *Service) Coverage(ctx context.Context, p *access.Principal, code, vaccine string) (VaccinationCoverage, error) {
	path, err := s.regions.Within(ctx, p.RegionPath, code)
	if err != nil {
		return VaccinationCoverage{}, ErrRegionNotFound
	}
	head, err := s.regions.Get(ctx, p.RegionPath, access.Scope(path).Code(), false)
	if err != nil {
		return VaccinationCoverage{}, ErrRegionNotFound
	}
	children, err := s.regions.Children(ctx, p.RegionPath, head.Code, false)
	if err != nil {
		return VaccinationCoverage{}, err
	}
	regions := append([]region.Region{head}, children...)
	vs := Vaccines
	if vaccine != "" {
		v, ok := vaccineOf(vaccine)
		if !ok {
			return VaccinationCoverage{}, errVaccine
		}
		vs = []Vaccine{v}
	}
	counts, err := s.counts(ctx, regions, vs)
	if err != nil {
		return VaccinationCoverage{}, err
	}
	census, err := s.census.AgeCounts(ctx, head.Path, bands())
	if err != nil {
		return VaccinationCoverage{}, err
	}
	census[head.Path] = make([]int64, len(AgeGroups)) // the head's is its children's together
	for p, n := range census {
		if p != head.Path {
			for i := range n {
				census[head.Path][i] += n[i]
			}
		}
	}
	out := VaccinationCoverage{Items: []CoverageRow{}, Vaccines: vs}
	for _, g := range AgeGroups {
		out.AgeGroups = append(out.AgeGroups, g.Code)
	}
	for i, r := range regions {
		row := CoverageRow{RegionCode: r.Code, RegionName: r.Name, Level: r.Level}
		living := census[r.Path]
		if living == nil {
			living = make([]int64, len(AgeGroups))
		}
		var all int64
		for _, n := range living {
			all += n
		}
		for _, v := range vs {
			var sum CoverageCell
			for i, g := range AgeGroups {
				c := counts[[3]string{r.Path, v.Code, g.Code}]
				c.Vaccine, c.AgeGroup, c.Residents = v.Code, g.Code, living[i]
				row.Cells = append(row.Cells, rated(c))
				sum.People, sum.Doses = sum.People+c.People, sum.Doses+c.Doses
			}
			sum.Vaccine, sum.AgeGroup, sum.Residents = v.Code, "all", all
			row.Cells = append(row.Cells, rated(sum))
		}
		if i == 0 {
			out.CoverageRow = row
		} else {
			out.Items = append(out.Items, row)
		}
	}
	return out, nil
}

// bands are AgeGroups' lowest ages.
func bands() []int {
	out := make([]int, len(AgeGroups))
	for i, g := range AgeGroups {
		out[i] = g.Min
	}
	return out
}

func rated(c CoverageCell) CoverageCell {
	if c.Residents > 0 {
		c.Rate = min(float64(c.People)/float64(c.Residents), 1)
	}
	return c
}

// counts reads the tallies of the regions, by path, vaccine and age group.
func (s *Service) counts(ctx context.Context, regions []region.Region, vs []Vaccine) (map[[3]string]CoverageCell, error) {
	args := make([]any, 0, len(regions)+1)
	for _, r := range regions {
		args = append(args, r.Path)
	}
	q := "SELECT region_path, vaccine, age_group, people, doses FROM epi_vaccination_tallies WHERE region_path IN (?" +
		strings.Repeat(",?", len(regions)-1) + ")"
	if len(vs) == 1 {
		q, args = q+" AND vaccine = ?", append(args, vs[0].Code)
	}
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("vaccine: coverage: %w", err)
	}
	out := map[[3]string]CoverageCell{}
	err = scanAll(rows, func() error {
		var k [3]string
		var c CoverageCell
		err := rows.Scan(&k[0], &k[1], &k[2], &c.People, &c.Doses)
		out[k] = c
		return err
	})
	return out, err
}
