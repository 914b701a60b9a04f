package keychain

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestNewKey(t *testing.T) {
	a, b := NewKey(), NewKey()
	if len(a) != KeySize || len(b) != KeySize {
		t.Fatalf("NewKey() lengths = %d, %d, want %d", len(a), len(b), KeySize)
	}
	if bytes.Equal(a, b) {
		t.Fatal("NewKey() returned the same key twice")
	}
}

func TestDecodeKey(t *testing.T) {
	key := bytes.Repeat([]byte{0xA5}, KeySize)
	good := base64.StdEncoding.EncodeToString(key)
	tests := []struct {
		name, stored string
		wantErr      string // "" means success
	}{
		{"valid", good, ""},
		{"empty", "", "holds 0 bytes"},
		{"not base64", "this is *not* base64!", "not base64"},
		{"raw key bytes", string(key), "not base64"},
		{"short", base64.StdEncoding.EncodeToString(key[:16]), "holds 16 bytes"},
		{"long", base64.StdEncoding.EncodeToString(append(key, 1)), "holds 33 bytes"},
		{"unpadded", strings.TrimRight(good, "="), "not base64"},
		// encoding/base64 skips CR and LF even in strict mode; a line end
		// added by a keychain tool is harmless.
		{"trailing newline", good + "\n", ""},
		{"url alphabet", base64.URLEncoding.EncodeToString(bytes.Repeat([]byte{0xFB}, KeySize)), "not base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeKey("acct", tt.stored)
			if tt.wantErr == "" {
				if err != nil || !bytes.Equal(got, key) {
					t.Fatalf("decodeKey(%q) = %x, %v, want %x", tt.stored, got, err, key)
				}
				return
			}
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("decodeKey(%q) error = %v, want ErrCorrupt mentioning %q", tt.stored, err, tt.wantErr)
			}
			if tt.stored != "" && strings.Contains(err.Error(), tt.stored) {
				t.Errorf("decodeKey error %q echoes the stored value", err)
			}
		})
	}
}

// The fake is tested here because other packages' macOS/Windows-path tests
// rely on it behaving like System.
func TestMacOSWindowsFake(t *testing.T) {
	s := NewMacOSWindowsFake()
	k1, k2 := NewKey(), NewKey()
	if _, err := s.Get("a"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get(missing) error = %v, want ErrNotFound", err)
	}
	if err := s.Set("a", k1); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("b", k2); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get("a"); err != nil || !bytes.Equal(got, k1) {
		t.Fatalf("Get(a) = %x, %v, want %x", got, err, k1)
	}
	if err := s.Delete("a"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("a"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Delete(a) error = %v, want ErrNotFound", err)
	}
	if got, err := s.Get("b"); err != nil || !bytes.Equal(got, k2) {
		t.Fatalf("Get(b) after Delete(a) = %x, %v, want %x", got, err, k2)
	}
	// What the backend holds is the base64 of the key.
	if v := s.b.(*memBackend).m[[2]string{Service, "b"}]; v != base64.StdEncoding.EncodeToString(k2) {
		t.Errorf("stored %q, want base64 of the key", v)
	}
}

func TestArgumentChecks(t *testing.T) {
	s := NewMacOSWindowsFake()
	if err := s.Set("", NewKey()); err == nil {
		t.Error("Set with an empty account succeeded")
	}
	if _, err := s.Get(""); err == nil {
		t.Error("Get with an empty account succeeded")
	}
	if err := s.Delete(""); err == nil {
		t.Error("Delete with an empty account succeeded")
	}
	for _, n := range []int{0, 16, 31, 33, 64} {
		if err := s.Set("a", make([]byte, n)); err == nil {
			t.Errorf("Set with a %d-byte key succeeded", n)
		}
	}
}

// failingBackend returns err from every call, or blocks until release is
// closed when block is set.
type failingBackend struct {
	err     error
	block   bool
	release chan struct{}
}

func (b *failingBackend) wait() error {
	if b.block {
		<-b.release
	}
	return b.err
}
func (b *failingBackend) Set(_, _, _ string) error        { return b.wait() }
func (b *failingBackend) Get(_, _ string) (string, error) { return "", b.wait() }
func (b *failingBackend) Delete(_, _ string) error        { return b.wait() }

func TestUnavailableErrors(t *testing.T) {
	key := NewKey()
	enc := base64.StdEncoding.EncodeToString(key)
	tests := []struct {
		name  string
		cause error
	}{
		{"no bus", errors.New("dbus: couldn't determine address of session bus")},
		// Only Set hands the value to the backend, so only Set can see it
		// echoed; the others must still be ErrUnavailable.
		{"cause echoes the value", errors.New("cannot store " + enc)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &store{b: &failingBackend{err: tt.cause}, service: Service}
			errs := map[string]error{"Set": s.Set("a", key), "Delete": s.Delete("a")}
			_, errs["Get"] = s.Get("a")
			for op, err := range errs {
				if !errors.Is(err, ErrUnavailable) {
					t.Errorf("%s error = %v, want ErrUnavailable", op, err)
					continue
				}
				if !strings.HasPrefix(err.Error(), "the system keychain is not available: ") {
					t.Errorf("%s error = %q, want the user-facing prefix", op, err)
				}
				if op == "Set" && strings.Contains(err.Error(), enc) {
					t.Errorf("%s error %q contains the key", op, err)
				}
			}
		})
	}
}

func TestTimeout(t *testing.T) {
	b := &failingBackend{block: true, release: make(chan struct{})}
	defer close(b.release)
	s := &store{b: b, service: Service, timeout: 50 * time.Millisecond}
	_, err := s.Get("a")
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "no answer within") {
		t.Fatalf("Get on a stuck backend: error = %v, want ErrUnavailable with a timeout", err)
	}
}
