package seed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"healthgrid/internal/access"
	"healthgrid/internal/auth"
	"healthgrid/internal/citizen"
	"healthgrid/internal/pii"
	"healthgrid/internal/population"
)

// kin is a member of a demo family, as the community registered them (汉族).
type kin struct {
	name, born, birth string // born: the address code of the ID number; birth: YYYYMMDD
	seq               int    // the ID number's sequence number: odd for a man
	phone             string
	tags              []string
	residence         string
}

// family is a household of the demo grid whose first member has a resident
// account (username, phone) and is bound to it.
type family struct {
	username, account, phone, room string
	members                        []kin
}

// demoBuilding is the block the demo families live in.
const demoBuilding = "幸福里小区3号楼"

// families are the demo resident 张三's household and three neighbours who
// book home visits from the app.
var families = []family{
	{"resident", "居民张三", "13800000001", "2单元502", []kin{
		{"张三", "140902", "19790314", 213, "13800000001", []string{population.TagHypertension}, ""},
		{"李秀英", "140921", "19810822", 146, "13935061288", nil, ""},
		{"张浩然", "140902", "20070509", 31, "15234059716", nil, ""},
		{"张欣怡", "140902", "20211103", 82, "", nil, ""},
		{"王桂兰", "140902", "19500217", 124, "13593415072", []string{population.TagHypertension, population.TagDiabetes}, ""},
	}},
	{"resident2", "刘玉珍", "13800000002", "1单元302", []kin{
		{"刘玉珍", "140902", "19470630", 268, "13800000002", []string{population.TagElderlyAlone, population.TagHypertension}, ""},
	}},
	{"resident3", "赵建国", "13800000003", "3单元401", []kin{
		{"赵建国", "140105", "19611005", 157, "13800000003", []string{population.TagHypertension, population.TagDisabled}, ""},
		{"孙桂芳", "140902", "19630418", 44, "15835012647", nil, ""},
	}},
	{"resident4", "陈丽", "13800000004", "2单元101", []kin{
		{"陈丽", "130102", "19960912", 226, "13800000004", []string{population.TagPregnant}, population.Permanent},
		{"郭鹏", "140902", "19940127", 315, "18635087421", nil, ""},
	}},
}

// idNumber is a kin's ID number: valid (GB 11643), and invented.
func (k kin) idNumber() string {
	first := fmt.Sprintf("%s%s%03d", k.born, k.birth, k.seq)
	return first + string(pii.IDCheckDigit(first))
}

// household is a demo family as the seed sees it once it is registered.
type household struct {
	family
	account   *access.Principal // the bound account, living in the grid
	residents []string          // resident ids, in the order of members
}

// seedFamilies registers the demo families in a block of the demo grid
// through the population service, gives each its resident account (the
// demo resident's exists) and binds the account by real name and ID number,
// as the app does. The block stands where a generated one of the grid does.
func (a platform) seedFamilies(ctx context.Context, sys *access.Principal) ([]household, spot, error) {
	gridPath, err := a.Regions.Path(ctx, demoGrid)
	if err != nil {
		return nil, spot{}, err
	}
	at, err := a.blockPoint(ctx, sys, gridPath)
	if err != nil {
		return nil, spot{}, err
	}
	b, err := a.People.CreateBuilding(ctx, sys.RegionPath, population.BuildingInput{Name: demoBuilding,
		Address: "秀容街道东大街社区" + demoBuilding, Lng: &at.lng, Lat: &at.lat, GridCode: demoGrid})
	if err != nil {
		return nil, spot{}, fmt.Errorf("seed families: building: %w", err)
	}
	var out []household
	for _, f := range families {
		h := household{family: f}
		hh, err := a.People.CreateHousehold(ctx, sys, population.HouseholdInput{BuildingID: b.ID, Room: f.room})
		if err != nil {
			return nil, spot{}, fmt.Errorf("seed families: household %s: %w", f.room, err)
		}
		for _, k := range f.members {
			phone := k.phone
			r, err := a.People.Create(ctx, sys, population.Input{Name: k.name, IDNumber: k.idNumber(), Phone: &phone,
				HouseholdID: hh.ID, Tags: k.tags, ResidenceType: k.residence, Ethnicity: "01"})
			if err != nil {
				return nil, spot{}, fmt.Errorf("seed families: %s: %w", k.name, err)
			}
			h.residents = append(h.residents, r.ID)
		}
		if _, err := a.People.UpdateHousehold(ctx, sys, hh.ID, population.HouseholdInput{Room: f.room,
			HeadResidentID: h.residents[0]}); err != nil {
			return nil, spot{}, fmt.Errorf("seed families: head of %s: %w", f.room, err)
		}
		if h.account, err = a.bindAccount(ctx, sys, f, gridPath); err != nil {
			return nil, spot{}, err
		}
		out = append(out, h)
	}
	return out, at, nil
}

// bindAccount makes the family's resident account where there is none (the
// demo resident's is a demo account) and binds it to its first member; it
// answers the account, now in the grid.
func (a platform) bindAccount(ctx context.Context, sys *access.Principal, f family, gridPath string) (*access.Principal, error) {
	roles := []string{"resident"}
	p, err := a.principal(ctx, f.username, roles)
	if errors.Is(err, sql.ErrNoRows) {
		phone := f.phone
		if _, err := a.Auth.CreateUser(ctx, sys, auth.UserInput{Username: f.username, Name: f.account, Phone: &phone,
			Roles: roles, RegionCode: demoGrid, Password: Password}, true); err != nil {
			return nil, fmt.Errorf("seed account %s: %w", f.username, err)
		}
		p, err = a.principal(ctx, f.username, roles)
	}
	if err != nil {
		return nil, err
	}
	res, err := a.Citizens.Bind(access.With(ctx, p), p, citizen.BindInput{Name: f.members[0].name,
		IDNumber: f.members[0].idNumber()})
	if err != nil {
		return nil, fmt.Errorf("seed account %s: bind: %w", f.username, err)
	}
	if res.Status != citizen.Linked {
		return nil, fmt.Errorf("seed account %s: bind: %s", f.username, res.Status)
	}
	p.RegionCode, p.RegionPath = demoGrid, gridPath
	return p, nil
}

// principal is a seeded account as the caller of a service.
func (a platform) principal(ctx context.Context, username string, roles []string) (*access.Principal, error) {
	p := &access.Principal{Username: username, Roles: roles, Perms: auth.PermissionsOf(roles), Kind: "staff"}
	if len(roles) == 1 && roles[0] == "resident" {
		p.Kind = "resident"
	}
	err := a.DB.QueryRow(ctx, "SELECT id, name, region_code, region_path, COALESCE(unit_id, '') FROM users WHERE username = ?",
		username).Scan(&p.UserID, &p.Name, &p.RegionCode, &p.RegionPath, &p.UnitID)
	if err != nil {
		return nil, fmt.Errorf("demo account %s: %w", username, err)
	}
	return p, nil
}

// spot is a WGS-84 point.
type spot struct{ lng, lat float64 }

// blockPoint is where a generated block of the grid stands.
func (a platform) blockPoint(ctx context.Context, sys *access.Principal, gridPath string) (spot, error) {
	bs, _, err := a.People.ListBuildings(ctx, sys.RegionPath, gridPath, "", 0, 20)
	if err != nil {
		return spot{}, err
	}
	for _, b := range bs {
		if b.Lng != nil && b.Lat != nil {
			return spot{*b.Lng, *b.Lat}, nil
		}
	}
	return spot{}, fmt.Errorf("seed families: no building of %s has a point", demoGrid)
}
