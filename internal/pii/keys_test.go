package pii

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadOrCreateKeysCreatesFile0600AndReusesIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "data")
	k1, err := LoadOrCreateKeys(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, KeyFileName)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("key file mode = %o, want 600", got)
	}
	if fi.Size() != 64 {
		t.Errorf("key file size = %d, want 64", fi.Size())
	}
	if k1.Enc == ([32]byte{}) || k1.Index == ([32]byte{}) || k1.Enc == k1.Index {
		t.Errorf("generated keys look wrong: %+v", k1)
	}
	raw, _ := os.ReadFile(path)
	if !bytes.Equal(raw[:32], k1.Enc[:]) || !bytes.Equal(raw[32:], k1.Index[:]) {
		t.Error("returned keys differ from the file")
	}

	k2, err := LoadOrCreateKeys(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if k2 != k1 {
		t.Error("second call did not reuse the key file")
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, raw) {
		t.Error("key file was rewritten")
	}
}

func TestLoadOrCreateKeysFromEnv(t *testing.T) {
	raw := make([]byte, 64)
	for i := range raw {
		raw[i] = byte(i + 1)
	}
	var want Keys
	copy(want.Enc[:], raw[:32])
	copy(want.Index[:], raw[32:])
	dir := t.TempDir()
	for name, env := range map[string]string{
		"hex":        hex.EncodeToString(raw),
		"HEX":        strings.ToUpper(hex.EncodeToString(raw)),
		"std":        base64.StdEncoding.EncodeToString(raw),
		"raw std":    base64.RawStdEncoding.EncodeToString(raw),
		"url":        base64.URLEncoding.EncodeToString(raw),
		"raw url":    base64.RawURLEncoding.EncodeToString(raw),
		"whitespace": "  " + hex.EncodeToString(raw) + "\n",
	} {
		got, err := LoadOrCreateKeys(dir, env)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got != want {
			t.Errorf("%s: wrong keys", name)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, KeyFileName)); !os.IsNotExist(err) {
		t.Error("an env key must not create a key file")
	}
}

func TestLoadOrCreateKeysErrors(t *testing.T) {
	dir := t.TempDir()
	for name, env := range map[string]string{
		"short hex":    hex.EncodeToString(make([]byte, 32)),
		"short base64": base64.StdEncoding.EncodeToString(make([]byte, 63)),
		"garbage":      "not a key!",
	} {
		_, err := LoadOrCreateKeys(dir, env)
		if err == nil || !strings.Contains(err.Error(), "environment") {
			t.Errorf("%s: err = %v, want an error naming the environment key", name, err)
		}
	}
	if _, err := LoadOrCreateKeys("", ""); err == nil {
		t.Error("no dir and no key: want error")
	}
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, KeyFileName), []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateKeys(bad, ""); err == nil || !strings.Contains(err.Error(), KeyFileName) {
		t.Errorf("corrupt key file: err = %v, want an error naming the file", err)
	}
	if got, _ := os.ReadFile(filepath.Join(bad, KeyFileName)); string(got) != "short" {
		t.Error("a corrupt key file must be left alone, not replaced")
	}
}

func TestLoadOrCreateKeysAcceptsTextKeyFile(t *testing.T) {
	dir := t.TempDir()
	raw := bytes.Repeat([]byte{7, 9}, 32)
	if err := os.WriteFile(filepath.Join(dir, KeyFileName), []byte(hex.EncodeToString(raw)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	k, err := LoadOrCreateKeys(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(k.Enc[:], raw[:32]) || !bytes.Equal(k.Index[:], raw[32:]) {
		t.Error("wrong keys from hex key file")
	}
}
