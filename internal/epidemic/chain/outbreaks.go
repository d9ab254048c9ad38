package chain

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
)

// Outbreak is a cluster (聚集性疫情) the CDC declared over chains or a venue.
type Outbreak struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Disease    string     `json:"disease"`
	Region     string     `json:"region" doc:"the region code it is in"`
	Level      string     `json:"level" enum:"I,II,III,IV" doc:"I 特别重大, II 重大, III 较大, IV 一般"`
	Status     string     `json:"status" enum:"declared,controlled,closed"`
	Venue      string     `json:"venue,omitempty"`
	SignalID   string     `json:"signal_id,omitempty"`
	Note       string     `json:"note,omitempty"`
	DeclaredBy string     `json:"declared_by"`
	DeclaredAt time.Time  `json:"declared_at"`
	ClosedAt   *time.Time `json:"closed_at,omitempty"`
	Chains     []Chain    `json:"chains" doc:"its chains the caller sees"`
	Size       int        `json:"size" doc:"the persons of those chains"`
	Timeline   []Step     `json:"timeline,omitempty" doc:"the detail only: what happened to it, oldest first"`
	Allowed    []string   `json:"allowed_actions"`
}

// Step is one entry of an outbreak's timeline.
type Step struct {
	Kind   string         `json:"kind" enum:"declared,chains_added,level_changed,controlled,closed"`
	At     time.Time      `json:"at"`
	Actor  string         `json:"actor"`
	Detail map[string]any `json:"detail"`
}

// OutbreakAction changes an outbreak: add_chains (chains), set_level
// (level), control, close; a note may go with any.
type OutbreakAction struct {
	Action string   `json:"action" enum:"add_chains,set_level,control,close"`
	Chains []string `json:"chains,omitempty" maxItems:"50"`
	Level  string   `json:"level,omitempty" enum:"I,II,III,IV,"`
	Note   string   `json:"note,omitempty" maxLength:"2000"`
}

// outbreakFlow is the outbreak's state table: the states each action
// leaves from and the one it leads to ("" stays).
var outbreakFlow = map[string]struct {
	from []string
	to   string
	step string
}{
	"add_chains": {[]string{"declared", "controlled"}, "", "chains_added"},
	"set_level":  {[]string{"declared", "controlled"}, "", "level_changed"},
	"control":    {[]string{"declared"}, "controlled", "controlled"},
	"close":      {[]string{"declared", "controlled"}, "closed", "closed"},
}

var (
	levels        = []string{"I", "II", "III", "IV"}
	errOutbreakOn = apperr.New(apperr.ErrInvalid, "epidemic.outbreak_over", "须指定传播链或场所 / name chains or a venue")
	errChainRef   = apperr.New(apperr.ErrInvalid, "epidemic.outbreak_chain", "传播链不存在、不在辖区或病种不同 / no such chain of this disease in scope")
	errState      = apperr.New(apperr.ErrConflict, "epidemic.outbreak_state", "当前状态不允许此操作 / not allowed in this state")
)

func actorOf(by *access.Principal) string {
	if by == nil {
		return "system"
	}
	return cmp.Or(by.Name, by.Username)
}

// Declare declares an outbreak over chains or a venue (or both), in the
// transaction ctx carries if any (a confirmed warning signal's).
func (s *Service) Declare(ctx context.Context, by *access.Principal, in OutbreakInput) (Outbreak, error) {
	in.Name, in.Level = strings.TrimSpace(in.Name), cmp.Or(in.Level, "IV")
	var errs apperr.Invalid
	if in.Name == "" {
		errs = append(errs, apperr.Required.On("body.name", "名称必填 / name required"))
	}
	if !slices.Contains(levels, in.Level) {
		errs = append(errs, apperr.Unknown.On("body.level", "级别无效 / unknown level"))
	}
	var one int
	if err := s.db.QueryRow(ctx, "SELECT 1 FROM epi_diseases WHERE code = ?", in.Disease).Scan(&one); err != nil {
		errs = append(errs, apperr.NoSuch.On("body.disease", "病种不存在 / no such disease"))
	}
	path, err := s.regions.Path(ctx, in.Region)
	if err != nil || (by != nil && !by.Covers(path)) {
		errs = append(errs, apperr.OutOfScope.On("body.region", "地区不在辖区 / region not in the caller's scope"))
	}
	if len(in.Chains) == 0 && in.Venue == "" && in.SignalID == "" { // a signal's: its chains are added as they are found
		errs = append(errs, errOutbreakOn.At("body.chains"))
	}
	errs = append(errs, s.checkChains(ctx, by, in.Disease, in.Chains)...)
	if in.Venue != "" {
		var vpath string
		if err := s.db.QueryRow(ctx, "SELECT region_path FROM epi_venues WHERE code = ?", in.Venue).Scan(&vpath); err != nil ||
			(by != nil && !by.Covers(vpath)) {
			errs = append(errs, apperr.OutOfScope.On("body.venue", "场所不存在或不在辖区 / no such venue in scope"))
		}
	}
	if len(errs) > 0 {
		return Outbreak{}, errs
	}
	id, now := uuid.Must(uuid.NewV7()).String(), s.now()
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO epi_outbreaks (id, name, disease_code, region_path, level, status, venue_code,
			signal_id, note, declared_by, declared_at, updated_at) VALUES (?,?,?,?,?,'declared',?,?,?,?,?,?)`, id, in.Name,
			in.Disease, path, in.Level, in.Venue, in.SignalID, in.Note, actorOf(by), now, now); err != nil {
			return fmt.Errorf("chain: declare: %w", err)
		}
		if err := s.linkChains(ctx, id, in.Chains); err != nil {
			return err
		}
		if err := s.step(ctx, by, id, "declared", map[string]any{"level": in.Level, "chains": len(in.Chains),
			"venue": in.Venue, "signal_id": in.SignalID, "note": in.Note}); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.outbreak.declare", ObjectType: "outbreak", ObjectID: id,
			Detail: map[string]any{"name": in.Name, "disease": in.Disease, "level": in.Level, "chains": in.Chains,
				"venue": in.Venue, "signal_id": in.SignalID}})
	})
	if err != nil {
		return Outbreak{}, err
	}
	return s.Outbreak(ctx, by, id)
}

// checkChains names each chain by may not add to an outbreak of disease.
func (s *Service) checkChains(ctx context.Context, by *access.Principal, disease string, chains []string) apperr.Invalid {
	var errs apperr.Invalid
	for i, c := range chains {
		var d string
		err := s.db.QueryRow(ctx, "SELECT disease_code FROM epi_chains WHERE id = ?", c).Scan(&d)
		ok, serr := s.sees(ctx, by, c)
		if err != nil || serr != nil || !ok || d != disease {
			errs = append(errs, errChainRef.At(fmt.Sprintf("body.chains[%d]", i)))
		}
	}
	return errs
}

func (s *Service) linkChains(ctx context.Context, id string, chains []string) error {
	for _, c := range chains {
		if _, err := s.db.Exec(ctx, `INSERT INTO epi_outbreak_chains (outbreak_id, chain_id) VALUES (?, ?)
			ON CONFLICT (outbreak_id, chain_id) DO NOTHING`, id, c); err != nil {
			return fmt.Errorf("chain: outbreak chains: %w", err)
		}
	}
	return nil
}

// step appends to an outbreak's timeline.
func (s *Service) step(ctx context.Context, by *access.Principal, id, kind string, detail map[string]any) error {
	raw, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	actorID := ""
	if by != nil {
		actorID = by.UserID
	}
	_, err = s.db.Exec(ctx, `INSERT INTO epi_outbreak_events (outbreak_id, seq, kind, at, actor_id, actor, detail)
		SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ? FROM epi_outbreak_events WHERE outbreak_id = ?`,
		id, kind, s.now(), actorID, actorOf(by), string(raw), id)
	if err != nil {
		return fmt.Errorf("chain: outbreak step: %w", err)
	}
	return nil
}

// Act takes an action on an outbreak in by's scope; 409 where the state
// table does not allow it.
func (s *Service) Act(ctx context.Context, by *access.Principal, id string, in OutbreakAction) (Outbreak, error) {
	f, ok := outbreakFlow[in.Action]
	if !ok {
		return Outbreak{}, apperr.Invalid{apperr.Unknown.On("body.action", "操作无效 / unknown action")}
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		var disease, status, level, path string
		err := s.db.QueryRow(ctx, "SELECT disease_code, status, level, region_path FROM epi_outbreaks WHERE id = ?"+
			s.db.Dialect.ForUpdate(), id).Scan(&disease, &status, &level, &path)
		if err != nil || !covers(by, path) {
			return firstErr(s.db.ScanErr(err, nil), ErrOutbreakNotFound)
		}
		if !slices.Contains(f.from, status) {
			return errState
		}
		detail := map[string]any{"note": in.Note}
		switch in.Action {
		case "add_chains":
			if len(in.Chains) == 0 {
				return apperr.Invalid{apperr.Required.On("body.chains", "请选择传播链 / name the chains")}
			}
			if errs := s.checkChains(ctx, by, disease, in.Chains); len(errs) > 0 {
				return errs
			}
			if err := s.linkChains(ctx, id, in.Chains); err != nil {
				return err
			}
			detail["chains"] = in.Chains
		case "set_level":
			if !slices.Contains(levels, in.Level) {
				return apperr.Invalid{apperr.Unknown.On("body.level", "级别无效 / unknown level")}
			}
			detail["from"], detail["to"] = level, in.Level
			level = in.Level
		}
		status = cmp.Or(f.to, status)
		closed := any(nil)
		if status == "closed" {
			closed = s.now()
		}
		if _, err := s.db.Exec(ctx, "UPDATE epi_outbreaks SET status = ?, level = ?, closed_at = ?, updated_at = ? WHERE id = ?",
			status, level, closed, s.now(), id); err != nil {
			return fmt.Errorf("chain: outbreak: %w", err)
		}
		if err := s.step(ctx, by, id, f.step, detail); err != nil {
			return err
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.outbreak.update", ObjectType: "outbreak", ObjectID: id,
			Detail: map[string]any{"action": in.Action, "status": status, "level": level, "chains": in.Chains}})
	})
	if err != nil {
		return Outbreak{}, err
	}
	return s.Outbreak(ctx, by, id)
}
