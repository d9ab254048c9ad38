// Package audit is the append-only, hash-chained audit log: who did what to
// which object, from where, with what outcome. Each record's hash covers the
// previous record's hash, keyed with an HMAC key, so an edited, deleted or
// reordered record breaks the chain and Verify names the first broken one.
// The chain's head is signed, outside the database, into an anchor log, so
// that a deleted tail and a chain rewritten with the key are found too.
package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/db"
)

// Outcomes.
const (
	Success = "success"
	Failure = "failure"
)

// Record is one audited action. The actor, role, scope and IP come from the
// request context unless set here (a failed login has no principal yet).
type Record struct {
	Action     string // declared with Declare, e.g. "auth.login", "user.create"
	ObjectType string
	ObjectID   string
	Outcome    string // Success when empty
	Detail     map[string]any

	ActorID   string
	Actor     string
	Role      string
	ScopePath string // whose subtree may see it; defaults to the actor's region path
}

// Entry is a stored record.
type Entry struct {
	Seq        int64          `json:"seq"`
	ID         string         `json:"id"`
	Time       time.Time      `json:"time"`
	ActorID    string         `json:"actor_id"`
	Actor      string         `json:"actor"`
	Role       string         `json:"role"`
	IP         string         `json:"ip"`
	Action     string         `json:"action"`
	ObjectType string         `json:"object_type"`
	ObjectID   string         `json:"object_id"`
	Outcome    string         `json:"outcome"`
	Detail     map[string]any `json:"detail"`
	scopePath  string
	detailRaw  string
	prevHash   string
	hash       string
}

// Log appends to and reads the audit log.
type Log struct {
	db      *db.DB
	key     []byte
	now     func() time.Time
	anchors anchorLog
}

// Deps are what the audit log is built on.
type Deps struct {
	DB  *db.DB
	Key []byte // chains the records: each record's hash is keyed with it
	Now func() time.Time
}

// New returns the audit log.
func New(d Deps) *Log {
	return &Log{db: d.DB, key: d.Key, now: d.Now}
}

// Write appends rec, inside the transaction ctx carries if any — so a write
// and its audit record commit or vanish together. rec.Action must be declared.
func (l *Log) Write(ctx context.Context, rec Record) error {
	if err := declared(rec.Action); err != nil {
		return err
	}
	e := Entry{
		ID: uuid.Must(uuid.NewV7()).String(), Time: l.now().UTC().Truncate(time.Microsecond),
		ActorID: rec.ActorID, Actor: rec.Actor, Role: rec.Role, scopePath: rec.ScopePath, IP: access.RequestFrom(ctx).IP,
		Action: rec.Action, ObjectType: rec.ObjectType, ObjectID: rec.ObjectID, Outcome: rec.Outcome,
	}
	if p := access.From(ctx); p != nil {
		if e.ActorID == "" {
			e.ActorID, e.Actor = p.UserID, p.Username
		}
		if e.Role == "" {
			e.Role = p.Role()
		}
		if e.scopePath == "" {
			e.scopePath = p.RegionPath
		}
	}
	if e.Actor == "" {
		e.Actor = "system"
	}
	if e.Outcome == "" {
		e.Outcome = Success
	}
	detail := rec.Detail
	if detail == nil {
		detail = map[string]any{}
	}
	raw, err := json.Marshal(detail) // map keys sorted: canonical
	if err != nil {
		return fmt.Errorf("audit: detail: %w", err)
	}
	e.detailRaw = string(raw)
	return l.db.InTx(ctx, func(ctx context.Context) error {
		var seq int64
		var prev string
		if err := l.db.QueryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1"+l.db.Dialect.ForUpdate()).Scan(&seq, &prev); err != nil {
			return fmt.Errorf("audit: read head: %w", err)
		}
		e.Seq, e.prevHash = seq+1, prev
		e.hash = l.hash(&e)
		if _, err := l.db.Exec(ctx, `INSERT INTO audit_log (seq, id, at, actor_id, actor, role, scope_path, ip, action,
			object_type, object_id, outcome, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			e.Seq, e.ID, e.Time, e.ActorID, e.Actor, e.Role, e.scopePath, e.IP, e.Action,
			e.ObjectType, e.ObjectID, e.Outcome, e.detailRaw, e.prevHash, e.hash); err != nil {
			return fmt.Errorf("audit: append: %w", err)
		}
		_, err := l.db.Exec(ctx, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", e.Seq, e.hash)
		return err
	})
}

func (l *Log) hash(e *Entry) string {
	m := hmac.New(sha256.New, l.key)
	fields := []string{e.prevHash, strconv.FormatInt(e.Seq, 10), e.ID, e.Time.UTC().Format(time.RFC3339Nano),
		e.ActorID, e.Actor, e.Role, e.scopePath, e.IP, e.Action, e.ObjectType, e.ObjectID, e.Outcome, e.detailRaw}
	m.Write([]byte(strings.Join(fields, "\x1f")))
	return hex.EncodeToString(m.Sum(nil))
}

type scanner interface{ Scan(...any) error }

func scan(r scanner) (Entry, error) {
	var e Entry
	err := r.Scan(&e.Seq, &e.ID, &e.Time, &e.ActorID, &e.Actor, &e.Role, &e.scopePath, &e.IP, &e.Action,
		&e.ObjectType, &e.ObjectID, &e.Outcome, &e.detailRaw, &e.prevHash, &e.hash)
	if err != nil {
		return e, fmt.Errorf("audit: scan: %w", err)
	}
	if err := json.Unmarshal([]byte(e.detailRaw), &e.Detail); err != nil {
		e.Detail = map[string]any{"raw": e.detailRaw}
	}
	return e, nil
}
