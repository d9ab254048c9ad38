package trace

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
)

// visitorsOf reads the visitors not met before and files each under its
// person: the resident it names, or itself.
func (f *finder) visitorsOf(ctx context.Context, ids []int64) error {
	err := queryIn(ctx, f.s, `SELECT id, COALESCE(resident_id, ''), name, id_enc, id_idx, phone_enc FROM epi_visitors
		WHERE id IN (%s)`,
		ids, nil, func(rows *sql.Rows) error {
			var id int64
			var resident, name, idEnc, idIdx, phoneEnc string
			if err := rows.Scan(&id, &resident, &name, &idEnc, &idIdx, &phoneEnc); err != nil {
				return err
			}
			key := "v:" + strconv.FormatInt(id, 10)
			if resident != "" {
				key = "r:" + resident
			}
			p, ok := f.people[key]
			if !ok {
				p = &person{key: key, resident: resident, name: name, idEnc: idEnc, idIdx: idIdx, phoneEnc: phoneEnc}
				f.people[key] = p
			}
			if !slices.Contains(p.visitors, id) {
				p.visitors = append(p.visitors, id)
			}
			f.byVisitor[id] = p
			return nil
		})
	if err != nil {
		return fmt.Errorf("trace: visitors: %w", err)
	}
	return nil
}

// complete reads, for the residents among ps not read yet, their visitor
// rows (a household member found as a resident checks in as a visitor)
// and their household.
func (f *finder) complete(ctx context.Context, ps []*person) error {
	var residents []string
	for _, p := range ps {
		if p.resident != "" && !f.residentsSet[p.resident] {
			f.residentsSet[p.resident] = true
			residents = append(residents, p.resident)
		}
	}
	err := queryIn(ctx, f.s, `SELECT id, resident_id FROM epi_visitors WHERE resident_id IN (%s)`, residents, nil,
		func(rows *sql.Rows) error {
			var id int64
			var resident string
			if err := rows.Scan(&id, &resident); err != nil {
				return err
			}
			p := f.people["r:"+resident]
			if !slices.Contains(p.visitors, id) {
				p.visitors = append(p.visitors, id)
			}
			if _, ok := f.byVisitor[id]; !ok {
				f.byVisitor[id] = p
			}
			return nil
		})
	if err != nil {
		return fmt.Errorf("trace: visitors of residents: %w", err)
	}
	err = queryIn(ctx, f.s, `SELECT id, household_id FROM residents WHERE id IN (%s) AND household_id IS NOT NULL
		AND deleted_at IS NULL`, residents, nil, func(rows *sql.Rows) error {
		var id, household string
		if err := rows.Scan(&id, &household); err != nil {
			return err
		}
		f.people["r:"+id].household = household
		return nil
	})
	if err != nil {
		return fmt.Errorf("trace: households of residents: %w", err)
	}
	return nil
}

// households meets the members of each source's household at hop, from the
// start of the source's window.
func (f *finder) households(ctx context.Context, hop int, sources []*person, firsts map[string]int64) error {
	by := map[string][]*person{}
	var ids []string
	for _, p := range sources {
		if p.household == "" {
			continue
		}
		if _, ok := by[p.household]; !ok {
			ids = append(ids, p.household)
		}
		by[p.household] = append(by[p.household], p)
	}
	err := queryIn(ctx, f.s, `SELECT id, household_id, name, id_enc, id_idx, phone_enc FROM residents
		WHERE household_id IN (%s) AND deleted_at IS NULL AND status = 'active' ORDER BY id`, ids, nil, func(rows *sql.Rows) error {
		var id, household, name, idEnc, idIdx, phoneEnc string
		if err := rows.Scan(&id, &household, &name, &idEnc, &idIdx, &phoneEnc); err != nil {
			return err
		}
		key := "r:" + id
		m, ok := f.people[key]
		if !ok {
			m = &person{key: key, resident: id, name: name, idEnc: idEnc, idIdx: idIdx, phoneEnc: phoneEnc}
			f.people[key] = m
		}
		m.household = household
		if m.idEnc == "" {
			m.idEnc, m.idIdx = idEnc, idIdx
		}
		for _, src := range by[household] {
			f.meet(hop, src, m, exposure{kind: "household", at: firsts[src.key]})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("trace: household members: %w", err)
	}
	return nil
}
