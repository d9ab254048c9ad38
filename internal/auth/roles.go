package auth

import (
	"healthgrid/internal/access"
	"slices"
)

// Role is a built-in role and the permissions it grants.
type Role struct {
	Name        string   `json:"name"`
	Label       string   `json:"label"`
	Permissions []string `json:"permissions"`
}

// Permissions known to the platform; modules add theirs here as they land.
var allPermissions = []string{
	"region:read", "region:write", "unit:read", "unit:write",
	"user:read", "user:write", "audit:read", "audit:verify",
	"grid:read", "grid:write",
	"resident:read", "resident:write", "resident:reveal", "resident:import", "resident:export_unmasked",
	"matter:write", "calendar:write", "apikey:manage",
	"event:read", "event:report", "event:dispatch", "event:handle", "event:verify", "event:supervise",
	"event:reveal", "notice:write", "notice:review", "booking:read", "booking:schedule", "booking:catalogue",
	"visit:record", "visit:read", "resident_account:confirm", "resident_account:manage", "public:self",
	"epidemic:read", "epidemic:write", "epidemic:report", "epidemic:verify", "epidemic:reveal", "epidemic:trace",
}

var readBase = []string{"region:read", "unit:read", "grid:read"}

func with(base []string, more ...string) []string {
	return append(append([]string{}, base...), more...)
}

// Roles are the built-in roles of DESIGN.md §4, in display order.
var Roles = []Role{
	{"sysadmin", "系统管理员", allPermissions},
	{"leader", "领导(查阅分析)", with(readBase, "resident:read", "event:read", "event:supervise", "notice:review", "booking:read",
		"visit:read", "epidemic:read")},
	{"region_admin", "区域管理员", with(readBase, "region:write", "unit:write", "user:read", "user:write", "audit:read",
		"grid:write", "resident:read", "resident:write", "resident:reveal", "resident:import", "resident:export_unmasked",
		"event:read", "event:report", "event:dispatch", "event:handle", "event:verify", "event:supervise", "apikey:manage",
		"event:reveal", "notice:write", "notice:review", "booking:read", "booking:schedule", "booking:catalogue", "visit:record",
		"visit:read", "resident_account:confirm", "resident_account:manage", "public:self", "epidemic:read", "epidemic:write",
		"epidemic:report", "epidemic:verify", "epidemic:reveal", "epidemic:trace")},
	{"health_staff", "卫生健康工作人员", with(readBase, "resident:read", "resident:write", "resident:reveal",
		"event:read", "event:report", "event:handle", "event:reveal", "notice:write", "booking:read",
		"booking:schedule", "visit:record", "visit:read", "epidemic:read", "epidemic:report", "epidemic:verify",
		"epidemic:reveal")},
	{"grid_worker", "网格员", with(readBase, "resident:read", "resident:write", "resident:reveal",
		"event:read", "event:report", "event:handle", "event:verify", "event:reveal", "booking:read", "visit:record",
		"visit:read", "resident_account:confirm", "epidemic:read", "epidemic:verify", "epidemic:reveal")},
	{"dept_handler", "部门处置人员", with(readBase, "event:read", "event:handle", "event:reveal")},
	{"dispatcher", "指挥调度员", with(readBase, "resident:read", "event:read", "event:report", "event:dispatch", "event:verify",
		"event:reveal", "epidemic:read")},
	{"epidemic_officer", "疫情防控专员", with(readBase, "resident:read", "resident:reveal", "event:read", "event:handle",
		"event:reveal", "epidemic:read", "epidemic:write", "epidemic:report", "epidemic:verify", "epidemic:reveal",
		"epidemic:trace")},
	// a hospital's or clinic's staff who file report cards (传染病报告卡)
	{"hospital_reporter", "医疗机构报卡人员", with(readBase, "epidemic:report")},
	// a resident's own binding, reports and their photos (public:self);
	// a region administrator holds it too, to manage residents' accounts
	{"resident", "居民", []string{"public:self"}},
	// partner systems file and track events over their key's region (Open311);
	// a hospital's or laboratory's system files report cards and test results
	{"partner", "合作系统(API)", []string{"region:read", "event:read", "event:report", "epidemic:report"}},
}

func role(name string) (Role, bool) {
	i := slices.IndexFunc(Roles, func(r Role) bool { return r.Name == name })
	if i < 0 {
		return Role{}, false
	}
	return Roles[i], true
}

// PermissionsOf is the union of the roles' permissions.
func PermissionsOf(roles []string) map[string]bool {
	out := map[string]bool{}
	for _, name := range roles {
		r, _ := role(name)
		for _, p := range r.Permissions {
			out[p] = true
		}
	}
	return out
}

// canGrant reports whether someone holding perms may hand out role: only
// roles whose every permission they hold themselves, so nobody can create a
// user more powerful than they are.
func canGrant(perms map[string]bool, name string) bool {
	r, ok := role(name)
	if !ok {
		return false
	}
	for _, p := range r.Permissions {
		if !perms[p] {
			return false
		}
	}
	return true
}

// System is the principal for work the platform does itself (seeding, CLI):
// every permission of every role, over the subtree at root.
func System(root string) *access.Principal {
	perms := map[string]bool{}
	for _, r := range Roles {
		for _, p := range r.Permissions {
			perms[p] = true
		}
	}
	return &access.Principal{UserID: "system", Username: "system", Roles: []string{"sysadmin"}, Perms: perms, RegionPath: root}
}
