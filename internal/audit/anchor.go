package audit

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// AnchorKeyFile is the anchor signing key's file in the data directory, used
// when HEALTHGRID_AUDIT_ANCHOR_KEY is not set.
const AnchorKeyFile = "audit-anchor.key"

// Why an anchor was written.
const (
	AnchorInterval = "interval"
	AnchorShutdown = "shutdown"
)

// Anchor is a signed statement, kept outside the database, that the chain's
// head was record Seq with Hash at Time. Whoever can rewrite the database
// cannot sign one, so Verify holds the chain to every anchor it can read.
type Anchor struct {
	Seq    int64     `json:"seq"`
	Hash   string    `json:"hash"`
	Time   time.Time `json:"time"`
	Reason string    `json:"reason"` // AnchorInterval or AnchorShutdown
	Key    string    `json:"key"`    // KeyID of the signing key
	Sig    string    `json:"sig"`    // Ed25519 over signed(), base64
}

// signed is what the signature covers: every field but the signature.
func (a Anchor) signed() []byte {
	return []byte(strings.Join([]string{"healthgrid audit anchor v1", strconv.FormatInt(a.Seq, 10), a.Hash,
		a.Time.UTC().Format(time.RFC3339Nano), a.Reason, a.Key}, "\x1f"))
}

func signAnchor(key ed25519.PrivateKey, a Anchor) Anchor {
	a.Key = KeyID(key.Public().(ed25519.PublicKey))
	a.Sig = base64.StdEncoding.EncodeToString(ed25519.Sign(key, a.signed()))
	return a
}

// check says what is wrong with a's signature under pub, or "".
func (a Anchor) check(pub ed25519.PublicKey) string {
	if id := KeyID(pub); a.Key != id {
		return fmt.Sprintf("is signed by key %s, not by the anchor key %s", a.Key, id)
	}
	sig, err := base64.StdEncoding.DecodeString(a.Sig)
	if err != nil || !ed25519.Verify(pub, a.signed(), sig) {
		return "has a bad signature: it was forged or altered"
	}
	return ""
}

// anchorLabel names the anchor of t in messages.
func anchorLabel(t time.Time) string { return "the anchor of " + t.UTC().Format(time.RFC3339) }

// KeyID names a public key in anchors: the first 8 bytes of its SHA-256, in hex.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// PublicKeyText is pub in base64, the form a verifier holds and passes to
// `healthgrid audit verify --anchor-public-key`.
func PublicKeyText(pub ed25519.PublicKey) string { return base64.StdEncoding.EncodeToString(pub) }

// ParsePublicKey reads a public key as PublicKeyText prints it (base64 or hex
// of 32 bytes) or as a PEM "PUBLIC KEY" block (openssl pkey -pubout).
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-----BEGIN") {
		b, _ := pem.Decode([]byte(s))
		if b == nil {
			return nil, errors.New("audit: anchor public key: bad PEM")
		}
		k, err := x509.ParsePKIXPublicKey(b.Bytes)
		if pub, ok := k.(ed25519.PublicKey); ok && err == nil {
			return pub, nil
		}
		return nil, errors.New("audit: anchor public key: not an Ed25519 public key")
	}
	b, err := keyBytes(s, ed25519.PublicKeySize)
	if err != nil {
		return nil, fmt.Errorf("audit: anchor public key: %w", err)
	}
	return ed25519.PublicKey(b), nil
}

// LoadOrCreateAnchorKey returns the Ed25519 key that signs anchors: from
// text when set (PEM PKCS #8, or the 32-byte seed in base64 or hex), else from
// <dataDir>/audit-anchor.key, which is created (0600, PEM) on first use.
func LoadOrCreateAnchorKey(dataDir, text string) (ed25519.PrivateKey, error) {
	if s := strings.TrimSpace(text); s != "" {
		k, err := parsePrivateKey(s)
		if err != nil {
			return nil, fmt.Errorf("audit: HEALTHGRID_AUDIT_ANCHOR_KEY: %w", err)
		}
		return k, nil
	}
	path := filepath.Join(dataDir, AnchorKeyFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return createAnchorKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("audit: anchor key: %w", err)
	}
	k, err := parsePrivateKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("audit: anchor key %s: %w", path, err)
	}
	return k, nil
}

func createAnchorKey(path string) (ed25519.PrivateKey, error) {
	_, key, _ := ed25519.GenerateKey(rand.Reader) // crypto/rand never fails
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("audit: anchor key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("audit: anchor key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) { // another process made it first: its key wins
		return LoadOrCreateAnchorKey(filepath.Dir(path), "")
	}
	if err != nil {
		return nil, fmt.Errorf("audit: anchor key: %w", err)
	}
	err = pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der})
	if err = errors.Join(err, f.Sync(), f.Close()); err != nil {
		return nil, fmt.Errorf("audit: write anchor key: %w", err)
	}
	return key, nil
}

func parsePrivateKey(s string) (ed25519.PrivateKey, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-----BEGIN") {
		b, _ := pem.Decode([]byte(s))
		if b == nil {
			return nil, errors.New("bad PEM")
		}
		k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
		if key, ok := k.(ed25519.PrivateKey); ok && err == nil {
			return key, nil
		}
		return nil, errors.New("not an Ed25519 private key (PKCS #8)")
	}
	seed, err := keyBytes(s, ed25519.SeedSize)
	if err != nil {
		return nil, err
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// keyBytes decodes n bytes written in hex or base64.
func keyBytes(s string, n int) ([]byte, error) {
	if b, err := hex.DecodeString(s); err == nil && len(b) == n {
		return b, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == n {
			return b, nil
		}
	}
	return nil, fmt.Errorf("want %d bytes in base64 or hex, or PEM", n)
}
