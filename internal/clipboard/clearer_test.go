package clipboard

import (
	"context"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestReadRequest(t *testing.T) {
	d := Sum([]byte(testSecret))
	hx := hex.EncodeToString(d[:])
	at := time.Now().Add(30 * time.Second).UTC().Truncate(time.Millisecond)
	ts := at.Format(time.RFC3339Nano)
	tests := []struct {
		name, in string
		wantErr  string // "" means success
	}{
		{"ok", requestMagic + " " + hx + " " + ts + "\n", ""},
		{"no newline", requestMagic + " " + hx + " " + ts, "EOF"},
		{"empty", "", "EOF"},
		{"wrong magic", "vaultdesk-clipboard-clear/2 " + hx + " " + ts + "\n", "malformed"},
		{"extra field", requestMagic + " " + hx + " " + ts + " x\n", "malformed"},
		{"short digest", requestMagic + " " + hx[:62] + " " + ts + "\n", "62 hex digits"},
		{"long digest", requestMagic + " " + hx + "00 " + ts + "\n", "66 hex digits"},
		{"not hex", requestMagic + " " + strings.Repeat("zz", 32) + " " + ts + "\n", "bad digest"},
		{"bad time", requestMagic + " " + hx + " soon\n", "bad time"},
		{"too late", requestMagic + " " + hx + " " + time.Now().Add(MaxClearDelay+time.Hour).Format(time.RFC3339) + "\n", "limit"},
		{"too long", requestMagic + " " + hx + " " + strings.Repeat("9", maxRequestLen) + "\n", "EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotD, gotAt, err := readRequest(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("readRequest(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), hx) {
					t.Errorf("error %q contains the digest", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("readRequest(%q): %v", tt.in, err)
			}
			if !gotD.Equal(d) || !gotAt.Equal(at) {
				t.Errorf("readRequest(%q) = (digest equal %v, %v), want (true, %v)", tt.in, gotD.Equal(d), gotAt, at)
			}
		})
	}
}

func TestRunClearer(t *testing.T) {
	d := Sum([]byte(testSecret))
	req := func(at time.Time) *strings.Reader {
		return strings.NewReader(requestMagic + " " + hex.EncodeToString(d[:]) + " " + at.Format(time.RFC3339Nano) + "\n")
	}
	t.Run("ours", func(t *testing.T) {
		b := &fakeBoard{data: []byte(testSecret)}
		if err := RunClearer(t.Context(), b, req(time.Now().Add(10*time.Millisecond))); err != nil {
			t.Fatalf("RunClearer: %v", err)
		}
		if got := b.get(); got != "" {
			t.Errorf("clipboard = %q, want empty", got)
		}
	})
	t.Run("not ours", func(t *testing.T) {
		b := &fakeBoard{data: []byte("other")}
		if err := RunClearer(t.Context(), b, req(time.Now())); err != nil {
			t.Fatalf("RunClearer: %v", err)
		}
		if got := b.get(); got != "other" {
			t.Errorf("clipboard = %q, want %q", got, "other")
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		b := &fakeBoard{data: []byte(testSecret)}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if err := RunClearer(ctx, b, req(time.Now().Add(time.Hour))); !errors.Is(err, context.Canceled) {
			t.Fatalf("RunClearer error = %v, want context.Canceled", err)
		}
		if got := b.get(); got != testSecret {
			t.Errorf("clipboard = %q, want it untouched", got)
		}
	})
}

func TestSpawnClearerRejectsFarFuture(t *testing.T) {
	err := SpawnClearer("/nonexistent", nil, time.Now().Add(MaxClearDelay+time.Hour), Digest{})
	if err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("SpawnClearer error = %v, want the limit error", err)
	}
}
