// Package idempotency lets a client send a write again without making it
// twice: the Idempotency-Key header of the IETF httpapi draft
// (draft-ietf-httpapi-idempotency-key-header). A phone that lost its signal
// after sending a report cannot know whether the report arrived; its outbox
// sends it again with the same key, and gets the first answer back.
//
// Each key is kept per caller with a fingerprint of the request and, once
// the request has run, its answer (sealed), for 24 hours. A retry with the
// same key and the same request gets that answer; with another request a
// 422; while the first is still running a 409. docs/architecture.md
// "Retried writes" says why it is a table and not a cache.
package idempotency

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"healthgrid/internal/db"
)

// TTL is how long a key and its answer are kept.
const TTL = 24 * time.Hour

// stale is how long a request may run before its key is taken over by a
// retry: the instance that ran it has died, or the request hangs. The body
// has been read before the clock starts, so this is the handler's time only.
const stale = 2 * time.Minute

// Sealer encrypts the answers at rest (pii.Cipher).
type Sealer interface {
	Seal(plain string) string
	Open(sealed string) (string, error)
}

// Deps is what the store needs.
type Deps struct {
	DB     *db.DB
	Sealer Sealer
	Now    func() time.Time
	// MaxBody is the largest request body a key may cover (the largest
	// upload any route takes); a longer one is refused with 413.
	MaxBody int64
}

// Store keeps the keys in the database, so that every instance behind the
// load balancer sees them.
type Store struct {
	db      *db.DB
	seal    Sealer
	now     func() time.Time
	maxBody int64
}

// New is the store on d.DB.
func New(d Deps) *Store {
	return &Store{db: d.DB, seal: d.Sealer, now: d.Now, maxBody: d.MaxBody}
}

// answer is a response as it is kept and replayed.
type answer struct {
	Status      int    `json:"status"`
	ContentType string `json:"content_type,omitempty"`
	Location    string `json:"location,omitempty"`
	Body        []byte `json:"body"`
}

// claim is what begin found for a key.
type claim int

const (
	fresh    claim = iota // the key is new (or its last run was abandoned): run the request
	replay                // the request ran: send its answer again
	running               // the first request is still running
	mismatch              // the key was used for another request
)

// begin claims key for caller and a request of fingerprint fp.
func (s *Store) begin(ctx context.Context, caller, key, fp string) (claim, answer, error) {
	var c claim
	var a answer
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		now := s.now().UTC()
		res, err := s.db.Exec(ctx, `INSERT INTO idempotency_keys (caller, key, fingerprint, state, created_at, expires_at)
			VALUES (?, ?, ?, 'running', ?, ?) ON CONFLICT (caller, key) DO NOTHING`, caller, key, fp, now, now.Add(TTL))
		if err != nil {
			return fmt.Errorf("idempotency: claim: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			c = fresh
			return nil
		}
		var oldFP, state, sealed string
		var status int
		var created, expires time.Time
		err = s.db.QueryRow(ctx, `SELECT fingerprint, state, status, response, created_at, expires_at
			FROM idempotency_keys WHERE caller = ? AND key = ?`+s.db.Dialect.ForUpdate(), caller, key).
			Scan(&oldFP, &state, &status, &sealed, &created, &expires)
		if err != nil {
			return fmt.Errorf("idempotency: read: %w", err)
		}
		switch {
		case !expires.After(now), state == "running" && oldFP == fp && now.Sub(created) > stale:
			// expired and not yet swept, or abandoned: the key starts anew
			c = fresh
			_, err := s.db.Exec(ctx, `UPDATE idempotency_keys SET fingerprint = ?, state = 'running', status = 0,
				response = '', created_at = ?, expires_at = ? WHERE caller = ? AND key = ?`,
				fp, now, now.Add(TTL), caller, key)
			return err
		case oldFP != fp:
			c = mismatch
		case state == "running":
			c = running
		default:
			c = replay
			plain, err := s.seal.Open(sealed)
			if err != nil {
				return fmt.Errorf("idempotency: open the answer: %w", err)
			}
			return json.Unmarshal([]byte(plain), &a)
		}
		return nil
	})
	return c, a, err
}

// finish keeps the answer the request got.
func (s *Store) finish(ctx context.Context, caller, key string, a answer) error {
	b, err := json.Marshal(a)
	if err != nil {
		return err
	}
	_, err = s.db.Exec(ctx, `UPDATE idempotency_keys SET state = 'done', status = ?, response = ?
		WHERE caller = ? AND key = ? AND state = 'running'`, a.Status, s.seal.Seal(string(b)), caller, key)
	return err
}

// abandon forgets a key whose request failed on the server's side, so that
// a retry runs it again.
func (s *Store) abandon(ctx context.Context, caller, key string) error {
	_, err := s.db.Exec(ctx, "DELETE FROM idempotency_keys WHERE caller = ? AND key = ? AND state = 'running'", caller, key)
	return err
}

// CleanupExpired deletes the keys older than TTL (the platform's cleanup job).
func (s *Store) CleanupExpired(ctx context.Context) (int64, error) {
	res, err := s.db.Exec(ctx, "DELETE FROM idempotency_keys WHERE expires_at <= ?", s.now().UTC())
	if err != nil {
		return 0, fmt.Errorf("idempotency: cleanup: %w", err)
	}
	return res.RowsAffected()
}
