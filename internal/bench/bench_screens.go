package bench

import (
	"fmt"
	"slices"
	"strings"
)

// screen is a console screen: the permissions that open it (any one of them;
// none: everyone signed in) and the requests it sends as it opens, for a
// user at their home region in a fresh session.
type screen struct {
	name  string
	perms []string
	// reqs are paths under /api/v1 with the viewer's placeholders (see
	// viewer.expand); a request whose path holds {event} needs an event the
	// viewer may read.
	reqs func(v *viewer) []string
}

// screens are the console's screens in the side menu's order
// (web/src/console/menu.ts, router.ts) with what each sends when it opens,
// read off its page's onMounted and immediate watches and the components
// those mount. `bench screens` times every one as every demo account: a new
// screen, or a new first request of one, is added here.
var screens = []screen{
	// every screen: the router's /me, the region tree's root, the bell
	{"(layout)", nil, fixed("/me", "/regions", "/notifications?page=1&size=6", "/notifications/unread-count", "/inbox/counts")},
	{"workbench", []string{"event:read"}, fixed("/inbox/counts", "/inbox?page=1&size=6", "/events/stats?from={today}&to={today}",
		"/events/stats?to={today}", "/events/stats?from={month}&to={today}", "/public/notices?page=1&size=5")},
	{"regions", []string{"region:read"}, fixed("/regions/{home}", "/regions?parent={home}&geometry=true")},
	{"grid-map", []string{"grid:read"}, func(v *viewer) []string {
		switch v.level {
		case "city":
			return []string{"/regions/{home}", "/regions?parent={home}&geometry=true"}
		case "county", "township":
			return []string{"/regions/{home}", "/grids?region={home}&geometry=true", "/regions?parent={home}&geometry=true"}
		}
		return []string{"/regions/{home}", "/grids?region={home}&geometry=true"}
	}},
	// its grid filter reads the grids when it is first opened (GridSelect.vue)
	{"teams", []string{"grid:read"}, fixed("/team-members?region={home}&page=1&size=20")},
	{"residents", []string{"resident:read"}, fixed("/residents?region={home}&page=1&size=20", "/dicts/population")},
	{"buildings", []string{"resident:read"}, fixed("/buildings?region={home}&page=1&size=20")},
	{"imports", []string{"resident:import"}, fixed("/imports?page=1&size=10")},
	{"events", []string{"event:read"}, fixed("/events?page=1&size=20", "/matters/tree")},
	{"event-inbox", []string{"event:handle"}, fixed("/events?mine=true&order=deadline&page=1&size=10",
		"/events?mine=true&page=1&size=1", "/events?mine=true&overdue=true&page=1&size=1")},
	{"event-report", []string{"event:report"}, func(v *viewer) []string {
		return append([]string{"/matters/tree", "/meta"}, surroundings(v.level, "{home}", "{parent}")...)
	}},
	// the board reads the last 30 days' whistled cases, 200 a page, up to 1,000
	{"event-whistle", []string{"event:read"}, func(v *viewer) []string {
		out := []string{"/events?whistle=true&from={from30}&page=1&size=200"}
		for p := 2; p <= min((v.whistled+199)/200, 5); p++ {
			out = append(out, fmt.Sprintf("/events?whistle=true&from={from30}&page=%d&size=200", p))
		}
		return out
	}},
	{"event-stats", []string{"event:read"}, fixed("/events/stats?by=region&from={month}&to={today}")},
	{"matters", []string{"event:read", "matter:write"}, fixed("/matters/tree", "/matters?page=1&size=20")},
	{"units", []string{"unit:read"}, fixed("/units?region={home}&page=1&size=20")},
	{"users", []string{"user:read"}, fixed("/users?region={home}&page=1&size=20", "/roles")},
	{"audit", []string{"audit:read"}, fixed("/audit?page=1&size=20", "/roles")},
	{"calendar", []string{"calendar:write"}, fixed("/calendar?year={year}")},
	{"api-keys", []string{"apikey:manage"}, fixed("/api-keys?region={home}&page=1&size=20")},
	{"account", nil, fixed("/me", "/roles")},
	// a case opened from a list: the viewer's newest
	{"event", []string{"event:read"}, func(v *viewer) []string {
		return append([]string{"/events/{event}", "/meta"}, surroundings("grid", "{eventGrid}", "{eventVillage}")...)
	}},
	{"notifications", nil, fixed("/notifications?page=1&size=20")},
	{"notices", []string{"notice:write", "notice:review"}, fixed("/notices?region={home}&page=1&size=20")},
	{"bookings", []string{"booking:read"}, fixed("/bookings?region={home}&page=1&size=20", "/booking-services")},
	{"booking-services", []string{"booking:catalogue"}, fixed("/booking-services")},
	// 疫情防控 (web/src/console/epidemic): a hospital's account reads its own unit's cards
	{"epi-reports", []string{"epidemic:read", "epidemic:report"}, fixed("/epidemic/reports?page=1&size=20",
		"/epidemic/vocabulary")},
	{"epi-screenings", []string{"epidemic:read"}, fixed("/epidemic/screenings?page=1&size=20")},
	{"epi-persons", []string{"epidemic:read"}, fixed("/epidemic/persons?page=1&size=20",
		"/epidemic/screenings?page=1&size=100")},
	{"epi-measures", []string{"epidemic:read"}, fixed("/epidemic/measures?page=1&size=20")},
	{"epi-sites", []string{"epidemic:read"}, fixed("/epidemic/sites")},
	{"epi-venues", []string{"epidemic:read"}, fixed("/epidemic/venues?page=1&size=20&closed=false")},
	{"epi-tests", []string{"epidemic:read"}, fixed("/epidemic/tests?page=1&size=20")},
	{"epi-chains", []string{"epidemic:trace"}, fixed("/epidemic/chains?active=true&page=1&size=20",
		"/epidemic/diseases?current=true", "/epidemic/vocabulary")},
	{"epi-outbreaks", []string{"epidemic:read"}, fixed("/epidemic/outbreaks?page=1&size=20",
		"/epidemic/diseases?current=true", "/epidemic/vocabulary")},
	{"epi-warning", []string{"epidemic:read"}, fixed("/epidemic/signals?status=active&page=1&size=20",
		"/epidemic/diseases")},
	{"epi-trace", []string{"epidemic:trace"}, fixed("/epidemic/traces?page=1&size=20", "/epidemic/diseases?current=true",
		"/epidemic/vocabulary")},
	{"epi-risk-areas", []string{"epidemic:read"}, fixed("/epidemic/risk-areas?page=1&size=20", "/epidemic/risk-rulesets",
		"/epidemic/risk-map")},
	{"epi-vaccination", []string{"epidemic:read"}, fixed("/epidemic/vaccines",
		"/epidemic/vaccinations/coverage?vaccine=covid19")},
}

// audienced is a screen with the audience of the app it belongs to: ""
// for the console's (opened by permission), "staff" or "resident" for the
// mobile app's (web/src/app), which each audience opens on its own tabs.
type audienced struct {
	audience string
	screen
}

// appScreens are the mobile app's first screens with what each sends as it
// opens: the tab frame's, then the page's own.
var appScreens = []audienced{
	{"", screen{"app/(frame)", nil, fixed("/me", "/notifications/unread-count")}},
	{"staff", screen{"app/inbox", []string{"event:read"}, fixed("/inbox/counts", "/inbox?page=1&size=20")}},
	{"staff", screen{"app/grid", []string{"resident:read"}, fixed("/dicts/population", "/residents?grid={home}&page=1&size=30")}},
	// the grid tab's entry to the people under measures, for those who check them in
	{"staff", screen{"app/grid(measures)", []string{"epidemic:verify"}, fixed("/epidemic/measures?state=active&size=1")}},
	{"staff", screen{"app/visits", []string{"visit:record"}, fixed("/bookings?mine=true&page=1&size=20", "/visits?mine=true&page=1&size=20")}},
	{"", screen{"app/messages", nil, fixed("/notifications?page=1&size=20")}},
	{"resident", screen{"app/home", nil, fixed("/public/notices?kind=notice&size=5", "/public/notices?kind=article&size=3", "/public/me",
		"/public/measures")}},
	{"resident", screen{"app/reports", nil, fixed("/public/reports?page=1&size=20")}},
	{"resident", screen{"app/bookings", nil, fixed("/public/bookings?page=1&size=20")}},
	{"resident", screen{"app/me/venues", nil, fixed("/public/venue-checkins")}},
}

// everyScreen is the console's screens, then the app's.
func everyScreen() []audienced {
	out := make([]audienced, 0, len(screens)+len(appScreens))
	for _, s := range screens {
		out = append(out, audienced{screen: s})
	}
	return append(out, appScreens...)
}

// fixed is a screen's requests that do not depend on the viewer's level.
func fixed(reqs ...string) func(*viewer) []string {
	return func(*viewer) []string { return reqs }
}

// surroundings is what the console's map of a place reads (events/surroundings.ts):
// the region, and its children — or, for a grid, its village's grids.
func surroundings(level, code, parent string) []string {
	if level != "grid" {
		return []string{"/regions/" + code, "/regions?parent=" + code + "&geometry=true"}
	}
	return []string{"/regions/" + code, "/regions/" + parent, "/regions?parent=" + parent + "&geometry=true"}
}

// shows reports whether the screen is one v sees: a console screen their
// permissions open, or an app screen of their audience.
func (s audienced) shows(v *viewer) bool {
	switch s.audience {
	case "resident":
		return v.kind == "resident"
	case "staff":
		return v.kind != "resident" && s.opens(v.perms)
	}
	return s.opens(v.perms)
}

// opens reports whether a viewer holding perms may open the screen.
func (s screen) opens(perms []string) bool {
	return len(s.perms) == 0 || slices.ContainsFunc(s.perms, func(p string) bool { return slices.Contains(perms, p) })
}

// viewer is a signed-in demo account as the bench sees it: what the
// placeholders of the screens' requests stand for.
type viewer struct {
	username, token string
	kind            string // staff or resident
	perms           []string
	home, level     string
	parent          string
	// the newest event the viewer may read, its grid and that grid's village
	event, eventGrid, eventVillage string
	whistled                       int // whistled cases of the last 30 days
	today, month, from30, year     string
}

// expand fills a request's placeholders.
func (v *viewer) expand(path string) string {
	return strings.NewReplacer("{home}", v.home, "{parent}", v.parent, "{event}", v.event, "{eventGrid}", v.eventGrid,
		"{eventVillage}", v.eventVillage, "{today}", v.today, "{month}", v.month, "{from30}", v.from30, "{year}", v.year).Replace(path)
}
