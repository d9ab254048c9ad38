package warning

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/epidemic"
)

// MethodInput is one detection method run for a disease (or syndrome) at
// a region level over a source's daily counts.
type MethodInput struct {
	Disease string `json:"disease" minLength:"1" maxLength:"20"`
	Level   string `json:"level" enum:"grid,village,township,county,city"`
	Method  string `json:"method" enum:"fixed,C1,C2,C3"`
	Source  string `json:"source" enum:"report,fever_clinic,pharmacy,school_absence"`
	Enabled bool   `json:"enabled"`
	Params
}

// Method is a method in force.
type Method struct {
	MethodInput
	Default bool `json:"default" doc:"as the defaults give it; false: configured"`
}

// key is what a method is configured by.
type methodKey struct{ disease, level, method, source string }

func (m Method) key() methodKey { return methodKey{m.Disease, m.Level, m.Method, m.Source} }

// The defaults: CDC's thresholds (3 standard deviations for C1 and C2, 2
// for C3) with a least sigma of 0.5, so that after a week of zeros two
// cases in a day flag and one does not.
const (
	DefaultZ        = 3
	DefaultZC3      = 2
	DefaultSigma    = 0.5
	DefaultSuppress = 7
)

// defaults are the methods every disease runs unless configured otherwise:
// a 甲 disease, or one managed as 甲, a fixed threshold of a single case at
// township level (raised at once by its card); every 乙 and 丙 one EARS C1,
// C2 and C3 at township and county level over the report cards.
func defaults(ds []epidemic.Disease) []Method {
	var out []Method
	for _, d := range ds {
		switch {
		case d.Class == "A" || d.ManagedAs == "A":
			out = append(out, Method{MethodInput{Disease: d.Code, Level: "township", Method: Fixed, Source: SourceReport,
				Enabled: true, Params: Params{Threshold: 1}}, true})
		case d.Class == "B" || d.Class == "C":
			for _, lv := range []string{"township", "county"} {
				for _, m := range []string{C1, C2, C3} {
					z := float64(DefaultZ)
					if m == C3 {
						z = DefaultZC3
					}
					out = append(out, Method{MethodInput{Disease: d.Code, Level: lv, Method: m, Source: SourceReport,
						Enabled: true, Params: Params{Threshold: z, MinSigma: DefaultSigma}}, true})
				}
			}
		}
	}
	return out
}

// Config is the methods in force and the module's settings.
type Config struct {
	Items    []Method `json:"items"`
	Settings Settings `json:"settings"`
	diseases map[string]epidemic.Disease
}

// Settings are the module's settings.
type Settings struct {
	SuppressDays int  `json:"suppress_days" minimum:"1" maximum:"60" doc:"a region and disease signals once within these days"`
	ConfirmEvent bool `json:"confirm_event" doc:"a confirmed signal opens an event in the grid with the most cases"`
}

// Config is the methods in force — the defaults, overridden or added to by
// the configured rows — and the settings; disease filters the methods.
func (s *Service) Config(ctx context.Context, disease string) (Config, error) {
	root, err := s.regions.RootPath(ctx)
	if err != nil {
		return Config{}, err
	}
	ds, err := s.diseases.Diseases(ctx, root, false)
	if err != nil {
		return Config{}, err
	}
	c := Config{diseases: map[string]epidemic.Disease{}}
	for _, d := range ds {
		c.diseases[d.Code] = d
	}
	all := defaults(ds)
	at := map[methodKey]int{}
	for i, m := range all {
		at[m.key()] = i
	}
	rows, err := s.db.Query(ctx, `SELECT disease_code, level, method, source, enabled, threshold, min_sigma FROM epi_warning_methods
		ORDER BY disease_code, level, method, source`)
	if err != nil {
		return Config{}, fmt.Errorf("warning: methods: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m Method
		if err := rows.Scan(&m.Disease, &m.Level, &m.Method, &m.Source, &m.Enabled, &m.Threshold, &m.MinSigma); err != nil {
			return Config{}, err
		}
		if i, ok := at[m.key()]; ok {
			all[i] = m
		} else {
			all = append(all, m)
		}
	}
	if err := rows.Err(); err != nil {
		return Config{}, err
	}
	c.Items = []Method{}
	for _, m := range all {
		if disease == "" || m.Disease == disease {
			c.Items = append(c.Items, m)
		}
	}
	c.Settings, err = s.settings(ctx)
	return c, err
}

// settings are the settings as stored, defaults where none.
func (s *Service) settings(ctx context.Context) (Settings, error) {
	out := Settings{SuppressDays: DefaultSuppress, ConfirmEvent: true}
	rows, err := s.db.Query(ctx, "SELECT key, value FROM epi_warning_settings WHERE key IN ('suppress_days', 'confirm_event')")
	if err != nil {
		return out, fmt.Errorf("warning: settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return out, err
		}
		switch k {
		case "suppress_days":
			out.SuppressDays, _ = strconv.Atoi(v)
		case "confirm_event":
			out.ConfirmEvent = v == "true"
		}
	}
	return out, rows.Err()
}

// cityLevel refuses a caller below the city: the methods and settings are
// the city's, the same for every county.
func cityLevel(p *access.Principal) error {
	if p.Scope().Level() != access.City {
		return errCityOnly
	}
	return nil
}

// SetMethod configures one method (audited): a default changed, disabled or
// a method added. A fixed threshold counts cases in 7 days (a whole number
// from 1); EARS's is standard deviations (0.5 to 10).
func (s *Service) SetMethod(ctx context.Context, p *access.Principal, in MethodInput) (Method, error) {
	if err := cityLevel(p); err != nil {
		return Method{}, err
	}
	known, err := s.knownCodes(ctx)
	if err != nil {
		return Method{}, err
	}
	var bad apperr.Invalid
	if !known[in.Disease] {
		bad = append(bad, errDisease.Field("body.disease")...)
	}
	fixed := in.Method == Fixed
	switch {
	case math.IsNaN(in.Threshold) || fixed && (in.Threshold < 1 || in.Threshold > 10000 || in.Threshold != math.Trunc(in.Threshold)):
		bad = append(bad, apperr.FieldError{Field: "body.threshold", Message: "固定阈值须为1至10000的整数 / a fixed threshold is a whole number from 1 to 10000"})
	case !fixed && (in.Threshold < 0.5 || in.Threshold > 10):
		bad = append(bad, apperr.FieldError{Field: "body.threshold", Message: "EARS阈值须在0.5至10个标准差之间 / an EARS threshold is 0.5 to 10 standard deviations"})
	}
	if math.IsNaN(in.MinSigma) || in.MinSigma < 0 || in.MinSigma > 100 {
		bad = append(bad, apperr.FieldError{Field: "body.min_sigma", Message: "最小标准差须在0至100之间 / min_sigma is 0 to 100"})
	}
	if len(bad) > 0 {
		return Method{}, bad
	}
	if fixed {
		in.MinSigma = 0
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO epi_warning_methods (disease_code, level, method, source, enabled, threshold,
			min_sigma, updated_by, updated_at) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (disease_code, level, method, source)
			DO UPDATE SET enabled = excluded.enabled, threshold = excluded.threshold, min_sigma = excluded.min_sigma,
			updated_by = excluded.updated_by, updated_at = excluded.updated_at`, in.Disease, in.Level, in.Method, in.Source,
			in.Enabled, in.Threshold, in.MinSigma, p.UserID, s.now().UTC()); err != nil {
			return fmt.Errorf("warning: set method: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.warning.method", ObjectType: "warning_method",
			ObjectID: in.Disease + "/" + in.Level + "/" + in.Method + "/" + in.Source,
			Detail:   map[string]any{"enabled": in.Enabled, "threshold": in.Threshold, "min_sigma": in.MinSigma}})
	})
	return Method{MethodInput: in}, err
}

// SetSettings changes the settings (audited).
func (s *Service) SetSettings(ctx context.Context, p *access.Principal, in Settings) (Settings, error) {
	if err := cityLevel(p); err != nil {
		return Settings{}, err
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		for k, v := range map[string]string{"suppress_days": strconv.Itoa(in.SuppressDays), "confirm_event": strconv.FormatBool(in.ConfirmEvent)} {
			if err := s.setKey(ctx, k, v); err != nil {
				return err
			}
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.warning.settings", ObjectType: "warning_settings",
			ObjectID: "settings", Detail: map[string]any{"suppress_days": in.SuppressDays, "confirm_event": in.ConfirmEvent}})
	})
	return in, err
}

func (s *Service) setKey(ctx context.Context, k, v string) error {
	_, err := s.db.Exec(ctx, `INSERT INTO epi_warning_settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v)
	if err != nil {
		return fmt.Errorf("warning: settings: %w", err)
	}
	return nil
}

// running are the enabled methods by disease, level and source.
func (c Config) running() map[[3]string][]Method {
	out := map[[3]string][]Method{}
	for _, m := range c.Items {
		if m.Enabled {
			k := [3]string{m.Disease, m.Level, m.Source}
			out[k] = append(out[k], m)
		}
	}
	for _, ms := range out {
		slices.SortFunc(ms, func(a, b Method) int { return slices.Index(Methods, a.Method) - slices.Index(Methods, b.Method) })
	}
	return out
}

// urgent reports whether disease is handled as 甲.
func (c Config) urgent(disease string) bool {
	d, ok := c.diseases[disease]
	return ok && (d.Class == "A" || d.ManagedAs == "A")
}

// name is the disease's name, or the syndrome's code.
func (c Config) name(disease string) string {
	if d, ok := c.diseases[disease]; ok {
		return d.Name
	}
	return disease
}
