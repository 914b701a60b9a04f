package cache

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

var rev0 = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

// checkSyncEqual compares a loaded sync with what was applied. Broken
// ciphers are compared by id and message (their errors are rebuilt).
func checkSyncEqual(t *testing.T, got, want *api.SyncResponse) {
	t.Helper()
	g, w := *got, *want
	gb, wb := g.BrokenCiphers, w.BrokenCiphers
	g.BrokenCiphers, w.BrokenCiphers = nil, nil
	if !reflect.DeepEqual(&g, &w) {
		t.Errorf("LoadSync: sync differs from the one applied")
		for i := range min(len(g.Ciphers), len(w.Ciphers)) {
			if !reflect.DeepEqual(g.Ciphers[i], w.Ciphers[i]) {
				t.Errorf("first differing cipher %d:\n got %+v\nwant %+v", i, g.Ciphers[i], w.Ciphers[i])
				break
			}
		}
		if !reflect.DeepEqual(g.Profile, w.Profile) {
			t.Errorf("profile:\n got %+v\nwant %+v", g.Profile, w.Profile)
		}
	}
	if len(gb) != len(wb) {
		t.Fatalf("BrokenCiphers = %d, want %d", len(gb), len(wb))
	}
	for i := range gb {
		if gb[i].ID != wb[i].ID || gb[i].Err.Error() != wb[i].Err.Error() {
			t.Errorf("BrokenCiphers[%d] = %s %q, want %s %q", i, gb[i].ID, gb[i].Err, wb[i].ID, wb[i].Err)
		}
	}
}

func mustLoad(t *testing.T, s *Store, k *SealKey) *Snapshot {
	t.Helper()
	snap, err := s.LoadSync(t.Context(), k)
	if err != nil {
		t.Fatalf("LoadSync: %v", err)
	}
	return snap
}

func TestRoundTrip(t *testing.T) {
	s, _ := newTestStore(t)
	uk, k := testKeys(t)
	ctx := t.Context()

	if _, err := s.LoadSync(ctx, k); !errors.Is(err, ErrNotFound) {
		t.Fatalf("LoadSync on an empty cache = %v, want ErrNotFound", err)
	}
	if _, err := s.LastSync(ctx, k); !errors.Is(err, ErrNotFound) {
		t.Fatalf("LastSync on an empty cache = %v, want ErrNotFound", err)
	}

	want, _ := buildSync(t, uk, 40, "one")
	if err := s.ApplySync(ctx, k, want, rev0); err != nil {
		t.Fatalf("ApplySync: %v", err)
	}
	snap := mustLoad(t, s, k)
	if len(snap.Damaged) != 0 {
		t.Fatalf("Damaged = %v, want none", snap.Damaged)
	}
	checkSyncEqual(t, snap.Sync, want)
	if !snap.Revision.Equal(rev0) || snap.SyncedAt.IsZero() {
		t.Errorf("Revision, SyncedAt = %v, %v, want %v, a time", snap.Revision, snap.SyncedAt, rev0)
	}
	info, err := s.LastSync(ctx, k)
	if err != nil || !info.Revision.Equal(rev0) {
		t.Errorf("LastSync = %v, %v, want revision %v", info, err, rev0)
	}

	// A second sync replaces everything: nothing of the first is left.
	want2, _ := buildSync(t, uk, 5, "two")
	want2.Folders = want2.Folders[:1]
	want2.BrokenCiphers = nil
	rev1 := rev0.Add(time.Hour)
	if err := s.ApplySync(ctx, k, want2, rev1); err != nil {
		t.Fatalf("ApplySync 2: %v", err)
	}
	// Reopen, to read from the file.
	path := s.path
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	snap = mustLoad(t, s, k)
	checkSyncEqual(t, snap.Sync, want2)
	if !snap.Revision.Equal(rev1) {
		t.Errorf("Revision = %v, want %v", snap.Revision, rev1)
	}
}

func TestApplySyncEmpty(t *testing.T) {
	s, _ := newTestStore(t)
	_, k := testKeys(t)
	want := &api.SyncResponse{Profile: api.Profile{ID: "u1", Email: "a@b.example"}}
	if err := s.ApplySync(t.Context(), k, want, rev0); err != nil {
		t.Fatal(err)
	}
	checkSyncEqual(t, mustLoad(t, s, k).Sync, want)
}

// needles returns the encodings of s that must not appear on disk: raw,
// hex (both cases) and base64 (standard and URL alphabets) at each of the
// three byte alignments inside a longer stream.
func needles(s []byte) [][]byte {
	out := [][]byte{s, []byte(hex.EncodeToString(s)), []byte(strings.ToUpper(hex.EncodeToString(s)))}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for off := range 3 {
			buf := append(make([]byte, off), s...)
			e := enc.EncodeToString(buf)
			// Characters fully determined by s: bits [8off, 8(off+len)).
			start := (8*off + 5) / 6
			end := (8 * (off + len(s))) / 6
			if end > start+8 {
				out = append(out, []byte(e[start:end]))
			}
		}
	}
	return out
}

// scanDir fails if any file under dir holds any needle.
func scanDir(t *testing.T, dir, when string, secrets [][]byte) {
	t.Helper()
	var scanned []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		scanned = append(scanned, fmt.Sprintf("%s (%d bytes)", filepath.Base(p), len(b)))
		for _, sec := range secrets {
			for _, n := range needles(sec) {
				if bytes.Contains(b, n) {
					t.Errorf("%s: %s contains %q (encoded as %q)", when, filepath.Base(p), sec, n)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: scanned %v", when, scanned)
}

func TestPlaintextScan(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "account.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	uk, k := testKeys(t)
	ctx := t.Context()
	sync, plain := buildSync(t, uk, 200, "zq")
	if len(plain) < 50 {
		t.Fatalf("only %d known plaintexts, want at least 50", len(plain))
	}
	var secrets [][]byte
	for _, p := range plain {
		secrets = append(secrets, []byte(p))
	}
	ukb := uk.Bytes()
	secrets = append(secrets, ukb, ukb[:32], ukb[32:], k.key[:])
	// What may stay readable: the account record.
	mk, _ := crypto.DeriveMasterKey([]byte("pw"), "tech@msp.example", crypto.KDFParams{Type: crypto.KDFPBKDF2, Iterations: 100_000})
	wk, _ := mk.EncryptUserKey(uk)
	if err := s.SaveAccount(ctx, &Account{UserID: sync.Profile.ID, Email: "tech@msp.example", Salt: "tech@msp.example",
		ServerURL: "https://vault.msp.example", KDF: crypto.KDFParams{Type: crypto.KDFPBKDF2, Iterations: 600_000}, WrappedUserKey: wk}); err != nil {
		t.Fatal(err)
	}
	kc := make([]byte, 32)
	copy(kc, "keychain-key-0123456789abcdefghi")
	blob, err := SealUserKey(uk, kc)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveKeychainWrappedUserKey(ctx, blob); err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, kc)
	// Two syncs, so that old versions of pages are in the WAL too.
	if err := s.ApplySync(ctx, k, sync, rev0); err != nil {
		t.Fatal(err)
	}
	if err := s.ApplySync(ctx, k, sync, rev0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("WAL not in place for the scan: %v", err)
	}
	scanDir(t, dir, "open, WAL in place", secrets)

	if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	scanDir(t, dir, "after checkpoint", secrets)
	s.Close()
	scanDir(t, dir, "after close", secrets)

	// The scan does find what is there: the account email is readable.
	b, _ := os.ReadFile(path)
	if !bytes.Contains(b, []byte("tech@msp.example")) {
		t.Errorf("the scan cannot find the account email, which is stored readable")
	}
}

func TestNeedlesFindBase64(t *testing.T) {
	s := []byte("Org Acme Dental Clinic")
	for off := range 3 {
		stream := base64.StdEncoding.EncodeToString(append(append([]byte("xx")[:off], s...), "tail"...))
		found := false
		for _, n := range needles(s) {
			found = found || strings.Contains(stream, string(n))
		}
		if !found {
			t.Errorf("needles miss base64 at offset %d", off)
		}
	}
}

func TestApplyFailureKeepsOld(t *testing.T) {
	for _, tc := range []struct {
		name string
		hook func(cancel context.CancelFunc) func(string, int) error
		want error
	}{
		{"injected error", func(context.CancelFunc) func(string, int) error {
			return func(table string, i int) error {
				if table == tCiphers && i == 50 {
					return errors.New("injected")
				}
				return nil
			}
		}, nil},
		{"context cancelled", func(cancel context.CancelFunc) func(string, int) error {
			return func(table string, i int) error {
				if table == tCiphers && i == 50 {
					cancel()
				}
				return nil
			}
		}, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newTestStore(t)
			uk, k := testKeys(t)
			old, _ := buildSync(t, uk, 20, "old")
			if err := s.ApplySync(t.Context(), k, old, rev0); err != nil {
				t.Fatal(err)
			}
			before := mustLoad(t, s, k)
			next, _ := buildSync(t, uk, 100, "new")
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			testHookApplyRow = tc.hook(cancel)
			err := s.ApplySync(ctx, k, next, rev0.Add(time.Hour))
			testHookApplyRow = nil
			if err == nil {
				t.Fatal("ApplySync succeeded, want an error")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("ApplySync = %v, want %v", err, tc.want)
			}
			after := mustLoad(t, s, k)
			checkSyncEqual(t, after.Sync, before.Sync)
			if after.SyncInfo != before.SyncInfo {
				t.Errorf("SyncInfo = %v, want %v", after.SyncInfo, before.SyncInfo)
			}
		})
	}
}

func TestDiskFull(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "account.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	uk, k := testKeys(t)
	ctx := t.Context()
	old, _ := buildSync(t, uk, 20, "old")
	if err := s.ApplySync(ctx, k, old, rev0); err != nil {
		t.Fatal(err)
	}
	before := mustLoad(t, s, k)
	var pages int
	if err := s.db.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// Reopen with a page limit a little above the current size.
	s, err = openStore(path, fmt.Sprintf("max_page_count(%d)", pages+5))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	big, _ := buildSync(t, uk, 2000, "big")
	err = s.ApplySync(ctx, k, big, rev0.Add(time.Hour))
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("ApplySync on a full disk = %v, want ErrDiskFull", err)
	}
	t.Logf("error: %v", err)
	if !strings.Contains(err.Error(), "full") {
		t.Errorf("error %q does not say the disk is full", err)
	}
	after := mustLoad(t, s, k)
	checkSyncEqual(t, after.Sync, before.Sync)
	if after.SyncInfo != before.SyncInfo {
		t.Errorf("SyncInfo = %v, want %v", after.SyncInfo, before.SyncInfo)
	}
}

func TestWrongKey(t *testing.T) {
	s, _ := newTestStore(t)
	uk, k := testKeys(t)
	sync, _ := buildSync(t, uk, 10, "wk")
	if err := s.ApplySync(t.Context(), k, sync, rev0); err != nil {
		t.Fatal(err)
	}
	_, other := testKeys(t)
	if _, err := s.LoadSync(t.Context(), other); !errors.Is(err, ErrWrongKey) {
		t.Errorf("LoadSync with another key = %v, want ErrWrongKey", err)
	}
	if _, err := s.LastSync(t.Context(), other); !errors.Is(err, ErrWrongKey) {
		t.Errorf("LastSync with another key = %v, want ErrWrongKey", err)
	}
}

func TestDamagedRows(t *testing.T) {
	s, _ := newTestStore(t)
	uk, k := testKeys(t)
	ctx := t.Context()
	want, _ := buildSync(t, uk, 10, "dmg")
	want.BrokenCiphers = nil
	if err := s.ApplySync(ctx, k, want, rev0); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	c := want.Ciphers
	// Flip a byte in cipher 1; truncate cipher 2; swap ciphers 3 and 4
	// (valid seals under the wrong ids); move a folder row into ciphers.
	var blob []byte
	if err := s.db.QueryRowContext(ctx, "SELECT blob FROM ciphers WHERE id = ?", c[1].ID).Scan(&blob); err != nil {
		t.Fatal(err)
	}
	blob[40] ^= 1
	exec("UPDATE ciphers SET blob = ? WHERE id = ?", blob, c[1].ID)
	exec("UPDATE ciphers SET blob = x'0102' WHERE id = ?", c[2].ID)
	readBlob := func(id string) []byte {
		t.Helper()
		var b []byte
		if err := s.db.QueryRowContext(ctx, "SELECT blob FROM ciphers WHERE id = ?", id).Scan(&b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	b3, b4 := readBlob(c[3].ID), readBlob(c[4].ID)
	exec("UPDATE ciphers SET blob = ? WHERE id = ?", b4, c[3].ID)
	exec("UPDATE ciphers SET blob = ? WHERE id = ?", b3, c[4].ID)
	exec("UPDATE ciphers SET blob = (SELECT blob FROM folders WHERE id = ?) WHERE id = ?", want.Folders[0].ID, c[5].ID)
	exec("UPDATE orgs SET blob = CAST(blob || x'00' AS BLOB) WHERE id = ?", want.Profile.Organizations[1].ID)

	snap := mustLoad(t, s, k)
	var got []string
	for _, d := range snap.Damaged {
		got = append(got, d.Table+"/"+d.ID)
		if !errors.Is(d.Err, ErrCorrupt) {
			t.Errorf("Damaged %s/%s: Err = %v, want ErrCorrupt", d.Table, d.ID, d.Err)
		}
	}
	wantDamaged := []string{"orgs/" + want.Profile.Organizations[1].ID,
		"ciphers/" + c[1].ID, "ciphers/" + c[2].ID, "ciphers/" + c[3].ID, "ciphers/" + c[4].ID, "ciphers/" + c[5].ID}
	if !reflect.DeepEqual(got, wantDamaged) {
		t.Errorf("Damaged = %v, want %v", got, wantDamaged)
	}
	wantSync := *want
	wantSync.Profile.Organizations = want.Profile.Organizations[:1]
	wantSync.Ciphers = append([]api.Cipher{c[0]}, c[6:]...)
	for _, id := range wantDamaged[1:] {
		wantSync.BrokenCiphers = append(wantSync.BrokenCiphers, api.BrokenCipher{ID: strings.TrimPrefix(id, "ciphers/")})
	}
	gotBroken := snap.Sync.BrokenCiphers
	snap.Sync.BrokenCiphers, wantSync.BrokenCiphers = nil, nil
	checkSyncEqual(t, snap.Sync, &wantSync)
	if len(gotBroken) != 5 {
		t.Errorf("BrokenCiphers = %d, want the 5 damaged ciphers", len(gotBroken))
	}

	// A deleted row is noticed.
	exec("DELETE FROM folders WHERE id = ?", want.Folders[2].ID)
	snap = mustLoad(t, s, k)
	if d := snap.Damaged[len(snap.Damaged)-1]; d.Table != tFolders || d.ID != "*" {
		t.Errorf("last Damaged = %s/%s, want folders/* for a missing row", d.Table, d.ID)
	}
	// A damaged sync state: the vault still loads, without revision.
	exec("UPDATE sync_state SET blob = x'01000000000000000000000000000000000000000000000000000000000000'")
	snap = mustLoad(t, s, k)
	if d := snap.Damaged[0]; d.Table != tState || !snap.Revision.IsZero() || len(snap.Sync.Ciphers) != 5 || len(snap.Sync.Folders) != 2 {
		t.Errorf("damaged state: Damaged[0] = %s/%s, Revision %v, %d ciphers; want sync_state/state, zero, 5 ciphers, 2 folders",
			d.Table, d.ID, snap.Revision, len(snap.Sync.Ciphers))
	}
	if _, err := s.LastSync(ctx, k); !errors.Is(err, ErrCorrupt) || errors.Is(err, ErrWrongKey) {
		t.Errorf("LastSync with a damaged state = %v, want ErrCorrupt", err)
	}

}

func TestKeychainBlob(t *testing.T) {
	uk, _ := testKeys(t)
	kc := make([]byte, 32)
	for i := range kc {
		kc[i] = byte(i)
	}
	blob, err := SealUserKey(uk, kc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := OpenUserKey(blob, kc)
	if err != nil || !got.Equal(uk) {
		t.Fatalf("OpenUserKey = %v, %v, want the user key", got, err)
	}
	wrong := bytes.Clone(kc)
	wrong[0] ^= 1
	if _, err := OpenUserKey(blob, wrong); !errors.Is(err, ErrWrongKey) {
		t.Errorf("OpenUserKey with a wrong key = %v, want ErrWrongKey", err)
	}
	tampered := bytes.Clone(blob)
	tampered[20] ^= 1
	if _, err := OpenUserKey(tampered, kc); !errors.Is(err, ErrWrongKey) {
		t.Errorf("OpenUserKey of a tampered blob = %v, want ErrWrongKey", err)
	}
	if _, err := OpenUserKey(blob[:10], kc); !errors.Is(err, ErrCorrupt) {
		t.Errorf("OpenUserKey of a short blob = %v, want ErrCorrupt", err)
	}
	if _, err := SealUserKey(uk, kc[:16]); err == nil {
		t.Errorf("SealUserKey with a 16-byte key succeeded")
	}

	s, _ := newTestStore(t)
	ctx := t.Context()
	if _, err := s.LoadKeychainWrappedUserKey(ctx); !errors.Is(err, ErrNotFound) {
		t.Errorf("LoadKeychainWrappedUserKey before saving = %v, want ErrNotFound", err)
	}
	if err := s.SaveKeychainWrappedUserKey(ctx, blob); err != nil {
		t.Fatal(err)
	}
	if b, err := s.LoadKeychainWrappedUserKey(ctx); err != nil || !bytes.Equal(b, blob) {
		t.Errorf("LoadKeychainWrappedUserKey = %x, %v, want the saved blob", b, err)
	}
	if err := s.DeleteKeychainWrappedUserKey(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadKeychainWrappedUserKey(ctx); !errors.Is(err, ErrNotFound) {
		t.Errorf("LoadKeychainWrappedUserKey after delete = %v, want ErrNotFound", err)
	}
}

func TestAccount(t *testing.T) {
	s, _ := newTestStore(t)
	uk, k := testKeys(t)
	ctx := t.Context()
	if _, err := s.LoadAccount(ctx); !errors.Is(err, ErrNotFound) {
		t.Fatalf("LoadAccount before saving = %v, want ErrNotFound", err)
	}
	kdf := crypto.KDFParams{Type: crypto.KDFPBKDF2, Iterations: 100_000}
	mk, err := crypto.DeriveMasterKey([]byte("correct horse"), "tech@msp.example", kdf)
	if err != nil {
		t.Fatal(err)
	}
	wk, _ := mk.EncryptUserKey(uk)
	a := &Account{UserID: "5c2a1f3e-0000-4000-8000-000000000001", Email: "tech@msp.example", Salt: "tech@msp.example",
		ServerURL: "https://vault.msp.example", KDF: kdf, WrappedUserKey: wk}
	if err := s.SaveAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoadAccount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Created.IsZero() || !got.Created.Equal(got.Updated) {
		t.Errorf("Created, Updated = %v, %v, want the same time", got.Created, got.Updated)
	}
	cmp := *got
	cmp.Created, cmp.Updated = time.Time{}, time.Time{}
	if !reflect.DeepEqual(&cmp, a) {
		t.Errorf("LoadAccount = %+v, want %+v", cmp, *a)
	}
	// Offline unlock: the master key unwraps the stored key.
	mk2, _ := crypto.DeriveMasterKey([]byte("correct horse"), got.Salt, got.KDF)
	if k2, err := mk2.DecryptUserKey(got.WrappedUserKey); err != nil || !k2.Equal(uk) {
		t.Errorf("offline unlock: %v", err)
	}
	created := got.Created

	// A sync brings a new wrapped key and KDF settings (password changed
	// elsewhere); the account record follows, creation time kept.
	sync, _ := buildSync(t, uk, 2, "acct")
	if err := s.ApplySync(ctx, k, sync, rev0); err != nil {
		t.Fatal(err)
	}
	got, _ = s.LoadAccount(ctx)
	if !reflect.DeepEqual(got.WrappedUserKey, *sync.UserDecryption.MasterPasswordUnlock.MasterKeyEncryptedUserKey) {
		t.Errorf("wrapped user key not updated by sync")
	}
	if got.KDF.Iterations != 600_000 || !got.Created.Equal(created) {
		t.Errorf("after sync: KDF %+v, Created %v, want 600000 iterations, %v", got.KDF, got.Created, created)
	}
	// A sync for someone else is refused.
	sync.Profile.ID = "someone-else"
	if err := s.ApplySync(ctx, k, sync, rev0); err == nil {
		t.Errorf("ApplySync of another user's sync succeeded")
	}
}

func TestSealKeyRedacted(t *testing.T) {
	uk, k := testKeys(t)
	_ = uk
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "key", k)
	for _, got := range []string{
		fmt.Sprint(k), fmt.Sprintf("%v %+v %s %x %d", k, k, k, k, k), fmt.Sprintf("%#v", k),
		fmt.Sprintf("%v", *k), buf.String(),
	} {
		if !strings.Contains(got, "REDACTED") || strings.Contains(got, hex.EncodeToString(k.key[:4])) {
			t.Errorf("formatted SealKey = %q, want it redacted", got)
		}
	}
	k.Clear()
	if k.key != [32]byte{} {
		t.Errorf("Clear left key bytes")
	}
	defer func() {
		if recover() == nil {
			t.Errorf("using a cleared SealKey did not panic")
		}
	}()
	k.seal("t", "i", nil)
}

func TestDeriveSealKey(t *testing.T) {
	uk, k := testKeys(t)
	k2 := DeriveSealKey(uk)
	if k.key != k2.key {
		t.Errorf("DeriveSealKey is not deterministic")
	}
	b := uk.Bytes()
	if bytes.Contains(b, k.key[:]) {
		t.Errorf("seal key is part of the user key")
	}
	_, other := testKeys(t)
	if other.key == k.key {
		t.Errorf("two user keys give the same seal key")
	}
}

func TestDelete(t *testing.T) {
	s, path := newTestStore(t)
	uk, k := testKeys(t)
	sync, _ := buildSync(t, uk, 5, "del")
	if err := s.ApplySync(t.Context(), k, sync, rev0); err != nil {
		t.Fatal(err)
	}
	s.Close()
	os.WriteFile(path+"-wal", []byte("x"), 0o600) // as after a crash
	if err := Delete(path); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(filepath.Dir(path))
	if len(ents) != 0 {
		t.Errorf("after Delete the directory holds %v", ents)
	}
	if err := Delete(path); err != nil {
		t.Errorf("Delete of a missing cache = %v, want nil", err)
	}
}

func TestOpenBadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "junk.db")
	os.WriteFile(path, bytes.Repeat([]byte("not a database "), 300), 0o600)
	if _, err := Open(path); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Open of a junk file = %v, want ErrCorrupt", err)
	}

	s, path := newTestStore(t)
	if _, err := s.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(path); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Open of a newer schema = %v, want ErrCorrupt", err)
	}
}

func TestFileMode(t *testing.T) {
	_, path := newTestStore(t)
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		if m := fi.Mode().Perm(); m&0o077 != 0 {
			t.Errorf("%s has mode %v, want 0600", filepath.Base(p), m)
		}
	}
}

// Loads running during syncs see one whole sync or the other, never a mix.
func TestLoadDuringApply(t *testing.T) {
	s, _ := newTestStore(t)
	uk, k := testKeys(t)
	ctx := t.Context()
	a, _ := buildSync(t, uk, 300, "a")
	b, _ := buildSync(t, uk, 500, "b")
	revA, revB := rev0, rev0.Add(time.Hour)
	if err := s.ApplySync(ctx, k, a, revA); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		for i := range 6 {
			sr, rev := a, revA
			if i%2 == 0 {
				sr, rev = b, revB
			}
			if err := s.ApplySync(ctx, k, sr, rev); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for loads := 0; ; loads++ {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d loads during 6 syncs", loads)
			return
		default:
		}
		snap := mustLoad(t, s, k)
		want := map[time.Time]int{revA: 300, revB: 500}[snap.Revision]
		if len(snap.Damaged) != 0 || len(snap.Sync.Ciphers) != want {
			t.Fatalf("load during sync: revision %v, %d ciphers, %d damaged; want %d ciphers, none damaged",
				snap.Revision, len(snap.Sync.Ciphers), len(snap.Damaged), want)
		}
	}
}
