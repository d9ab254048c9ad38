// Package org holds the organisations that do the work — health commissions,
// CDCs, hospitals, health centres, clinics, street offices, police stations,
// party branches, volunteer groups — each sitting in one region.
package org

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
)

// The actions org writes to the audit log.
var _ = audit.Declare("unit.create", "unit.update", "unit.delete")

// Types is every unit type, in display order.
var Types = []string{"health_commission", "cdc", "hospital", "community_health_center", "township_health_center",
	"village_clinic", "street_office", "community_committee", "police_station", "party_branch", "volunteer_org", "other"}

// Sentinel errors.
var (
	ErrNotFound = apperr.New(apperr.ErrNotFound, "unit.not_found", "unit")
	ErrInUse    = apperr.New(apperr.ErrConflict, "unit.in_use", "unit: still has users")
)

// Unit is one organisation.
type Unit struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Type       string    `json:"type"`
	RegionCode string    `json:"region_code"`
	RegionName string    `json:"region_name"`
	RegionPath string    `json:"region_path"`
	Phone      string    `json:"phone"`
	Address    string    `json:"address"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Input is a unit to create or the new state of one.
type Input struct {
	Name       string `json:"name" minLength:"1" maxLength:"100"`
	Type       string `json:"type" enum:"health_commission,cdc,hospital,community_health_center,township_health_center,village_clinic,street_office,community_committee,police_station,party_branch,volunteer_org,other"`
	RegionCode string `json:"region_code" minLength:"12" maxLength:"15"`
	Phone      string `json:"phone,omitempty" maxLength:"30" doc:"the unit's public office phone (not personal data)"`
	Address    string `json:"address,omitempty" maxLength:"200"`
	SeedKey    string `json:"-"`
}

// Regions is what org needs of the region tree.
type Regions interface {
	Path(ctx context.Context, code string) (string, error)
	Within(ctx context.Context, scope, code string) (string, error)
}

// Service owns the units table.
type Service struct {
	db      *db.DB
	audit   *audit.Log
	regions Regions
	now     func() time.Time
}

// Deps are what the unit service is built on.
type Deps struct {
	DB      *db.DB
	Audit   *audit.Log
	Regions Regions
	Now     func() time.Time
}

// New returns the unit service.
func New(d Deps) *Service {
	return &Service{db: d.DB, audit: d.Audit, regions: d.Regions, now: d.Now}
}

// resolve checks the input and returns the region path it sits at, which
// must be in scope.
func (s *Service) resolve(ctx context.Context, scope string, in *Input) (string, error) {
	in.Name = strings.TrimSpace(in.Name)
	var bad apperr.Invalid
	if in.Name == "" {
		bad = append(bad, apperr.Required.On("body.name", "名称不能为空 / name is required"))
	}
	if !slices.Contains(Types, in.Type) {
		bad = append(bad, apperr.Unknown.On("body.type", "未知的单位类型 / unknown unit type "+in.Type))
	}
	path, err := s.regions.Path(ctx, in.RegionCode)
	if err != nil || !access.Scope(scope).Covers(path) {
		bad = append(bad, apperr.OutOfScope.On("body.region_code", "区划不存在或不在您的管辖范围 / region not found in your scope"))
	}
	if len(bad) > 0 {
		return "", bad
	}
	return path, nil
}

// Create adds a unit in the caller's scope.
func (s *Service) Create(ctx context.Context, scope string, in Input) (Unit, error) {
	path, err := s.resolve(ctx, scope, &in)
	if err != nil {
		return Unit{}, err
	}
	now := s.now()
	u := Unit{ID: uuid.Must(uuid.NewV7()).String(), Name: in.Name, Type: in.Type, RegionCode: in.RegionCode,
		RegionPath: path, Phone: in.Phone, Address: in.Address, CreatedAt: now, UpdatedAt: now}
	var key any
	if in.SeedKey != "" {
		key = in.SeedKey
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO units (id, name, type, region_code, region_path, phone, address, seed_key, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, u.ID, u.Name, u.Type, u.RegionCode, u.RegionPath, u.Phone, u.Address, key, now, now); err != nil {
			return fmt.Errorf("unit: create: %w", err)
		}
		if in.SeedKey != "" {
			return nil // the seed writes one audit record for the whole batch
		}
		return s.audit.Write(ctx, audit.Record{Action: "unit.create", ObjectType: "unit", ObjectID: u.ID,
			Detail: map[string]any{"name": u.Name, "type": u.Type, "region_code": u.RegionCode}})
	})
	if err != nil {
		return Unit{}, err
	}
	return s.Get(ctx, scope, u.ID)
}

// Update replaces a unit's fields.
func (s *Service) Update(ctx context.Context, scope, id string, in Input) (Unit, error) {
	path, err := s.resolve(ctx, scope, &in)
	if err != nil {
		return Unit{}, err
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.Get(ctx, scope, id); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `UPDATE units SET name = ?, type = ?, region_code = ?, region_path = ?, phone = ?,
			address = ?, updated_at = ? WHERE id = ?`, in.Name, in.Type, in.RegionCode, path, in.Phone, in.Address, s.now(), id); err != nil {
			return fmt.Errorf("unit: update: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "unit.update", ObjectType: "unit", ObjectID: id,
			Detail: map[string]any{"name": in.Name, "type": in.Type, "region_code": in.RegionCode}})
	})
	if err != nil {
		return Unit{}, err
	}
	return s.Get(ctx, scope, id)
}

// Delete removes a unit that no user belongs to any more.
func (s *Service) Delete(ctx context.Context, scope, id string) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		u, err := s.Get(ctx, scope, id)
		if err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM units WHERE id = ?", id); err != nil {
			if errors.Is(err, db.ErrForeignKey) {
				return ErrInUse
			}
			return fmt.Errorf("unit: delete: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "unit.delete", ObjectType: "unit", ObjectID: id,
			Detail: map[string]any{"name": u.Name}})
	})
}
