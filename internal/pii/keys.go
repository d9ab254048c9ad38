// Package pii protects personal data: it encrypts national ID and phone
// numbers at rest, derives blind indexes for exact-match lookups, validates
// and normalises them, and masks them for display.
//
// Nothing here touches a database or the network; the caller stores the
// sealed text and the index in ordinary TEXT columns.
package pii

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// KeyFileName is the file under the data directory that holds the generated keys.
const KeyFileName = "data.key"

// keyMaterialLen is the size of Keys: 32 bytes for AES-256 and 32 for HMAC-SHA256.
const keyMaterialLen = 64

// Keys holds the encryption key and the separate blind-index key.
type Keys struct{ Enc, Index [32]byte }

// LoadOrCreateKeys returns the keys from envKey when it is set, otherwise from
// <dataDir>/data.key, creating that file with fresh random keys (mode 0600)
// on first use.
//
// envKey is 64 bytes in hex or base64 (standard or URL alphabet, padded or
// not): the first 32 bytes encrypt, the last 32 key the blind index. Losing
// the key file makes every sealed value unreadable, so it is never
// overwritten.
func LoadOrCreateKeys(dataDir string, envKey string) (Keys, error) {
	if s := strings.TrimSpace(envKey); s != "" {
		k, err := parseKeyText(s)
		if err != nil {
			return Keys{}, fmt.Errorf("pii: key from environment: %w", err)
		}
		return k, nil
	}
	if dataDir == "" {
		return Keys{}, errors.New("pii: no key given and no data directory to keep one in")
	}
	path := filepath.Join(dataDir, KeyFileName)
	k, err := readKeyFile(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return Keys{}, fmt.Errorf("pii: create data directory for key file: %w", err)
	}
	var raw [keyMaterialLen]byte
	_, _ = rand.Read(raw[:]) // crypto/rand.Read never fails
	switch err := writeNewFile(path, raw[:]); {
	case errors.Is(err, fs.ErrExist):
		// Another process created it first; its keys win.
		return readKeyFile(path)
	case err != nil:
		return Keys{}, err
	}
	return keysFrom(raw[:]), nil
}

// readKeyFile reads a key file holding 64 raw bytes, or the same in hex or base64 text.
func readKeyFile(path string) (Keys, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Keys{}, fmt.Errorf("pii: read key file: %w", err)
	}
	if len(b) == keyMaterialLen {
		return keysFrom(b), nil
	}
	k, err := parseKeyText(strings.TrimSpace(string(b)))
	if err != nil {
		return Keys{}, fmt.Errorf("pii: key file %s: %w", path, err)
	}
	return k, nil
}

// writeNewFile creates path exclusively with mode 0600 and writes b to it.
func writeNewFile(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("pii: create key file: %w", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("pii: write key file %s: %w", path, err)
	}
	return nil
}

// parseKeyText decodes 64 bytes of key material from hex or any base64 flavour.
func parseKeyText(s string) (Keys, error) {
	if b, err := hex.DecodeString(s); err == nil {
		if len(b) != keyMaterialLen {
			return Keys{}, fmt.Errorf("hex key decodes to %d bytes, want %d", len(b), keyMaterialLen)
		}
		return keysFrom(b), nil
	}
	for _, enc := range []*base64.Encoding{
		base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding,
	} {
		b, err := enc.DecodeString(s)
		if err != nil {
			continue
		}
		if len(b) != keyMaterialLen {
			return Keys{}, fmt.Errorf("base64 key decodes to %d bytes, want %d", len(b), keyMaterialLen)
		}
		return keysFrom(b), nil
	}
	return Keys{}, fmt.Errorf("key is neither hex nor base64 (want %d bytes, e.g. `openssl rand -base64 %d`)",
		keyMaterialLen, keyMaterialLen)
}

func keysFrom(b []byte) Keys {
	var k Keys
	copy(k.Enc[:], b[:32])
	copy(k.Index[:], b[32:64])
	return k
}
