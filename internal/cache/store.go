package cache

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is one account's cache file. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
}

// dsnPragmas are applied to every connection. temp_store keeps SQLite's
// temporary files in memory, so nothing is written outside the cache files.
var dsnPragmas = []string{
	"journal_mode(WAL)",
	"busy_timeout(5000)",
	"foreign_keys(1)",
	"synchronous(FULL)",
	"temp_store(MEMORY)",
	"journal_size_limit(8388608)", // do not keep a huge WAL after a big sync
	"cache_size(-16384)",          // 16 MiB: a 10k-item sync is ~18 MB
}

// Open opens the cache at path, creating it (mode 0600, in a directory
// created with mode 0700) and migrating its schema as needed. path must not
// contain '?'.
func Open(path string) (*Store, error) {
	return openStore(path)
}

func openStore(path string, extraPragmas ...string) (*Store, error) {
	if strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("open cache: path contains '?'")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	// Create the file ourselves so it is 0600; SQLite gives -wal and -shm
	// the same mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	f.Close()

	q := "_txlock=immediate"
	for _, p := range append(append([]string(nil), dsnPragmas...), extraPragmas...) {
		q += "&_pragma=" + p
	}
	db, err := sql.Open("sqlite", path+"?"+q)
	if err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	db.SetMaxOpenConns(4)
	s := &Store{db: db, path: path}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open cache: %w", err)
	}
	return s, nil
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// Delete removes the cache at path and its -wal, -shm and -journal files;
// missing files are not an error. Close the Store first. Logging out calls
// this.
func Delete(path string) error {
	var errs []error
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("delete cache: %w", err)
	}
	return nil
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	ents, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range ents {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic("cache: bad migration name " + e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{v, e.Name(), string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			panic("cache: migrations are not numbered 1, 2, 3, …")
		}
	}
	return ms, nil
}

func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil) // immediate: one migrator at a time
	if err != nil {
		return wrapDB("migrate", err)
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return wrapDB("migrate: read schema version", err)
	}
	if v > len(ms) {
		return fmt.Errorf("migrate: schema version %d is newer than this build's %d: %w", v, len(ms), ErrCorrupt)
	}
	for _, m := range ms[v:] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return wrapDB("migrate "+m.name, err)
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(m.version)); err != nil {
			return wrapDB("migrate "+m.name, err)
		}
	}
	return wrapDB("migrate: commit", tx.Commit())
}

// Account is the part of the cache readable without any key: what the
// account list shows and what unlocking needs. See the package doc.
type Account struct {
	UserID         string
	Email          string
	Salt           string // KDF salt: the server's, or the normalized email
	ServerURL      string
	KDF            crypto.KDFParams
	WrappedUserKey crypto.EncString // the user key under the master key
	Created        time.Time        // set by the first SaveAccount
	Updated        time.Time        // set by every SaveAccount
}

// SaveAccount writes the account record, replacing any previous one but
// keeping its creation time. Created and Updated in a are ignored.
func (s *Store) SaveAccount(ctx context.Context, a *Account) error {
	if a.WrappedUserKey.IsZero() {
		return fmt.Errorf("save account: no wrapped user key")
	}
	wk, err := a.WrappedUserKey.MarshalText()
	if err != nil {
		return fmt.Errorf("save account: %w", err)
	}
	now := time.Now().UnixNano()
	_, err = s.db.ExecContext(ctx, `INSERT INTO account
		(id, user_id, email, salt, server_url, kdf_type, kdf_iterations, kdf_memory, kdf_parallelism, wrapped_user_key, created, updated)
		VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, email = excluded.email, salt = excluded.salt,
			server_url = excluded.server_url, kdf_type = excluded.kdf_type, kdf_iterations = excluded.kdf_iterations,
			kdf_memory = excluded.kdf_memory, kdf_parallelism = excluded.kdf_parallelism,
			wrapped_user_key = excluded.wrapped_user_key, updated = excluded.updated`,
		a.UserID, a.Email, a.Salt, a.ServerURL, int(a.KDF.Type), a.KDF.Iterations, a.KDF.MemoryMiB, a.KDF.Parallelism,
		string(wk), now, now)
	return wrapDB("save account", err)
}

// LoadAccount reads the account record; [ErrNotFound] if there is none.
func (s *Store) LoadAccount(ctx context.Context) (*Account, error) {
	var (
		a       Account
		kdfType int
		wk      string
		cr, up  int64
	)
	err := s.db.QueryRowContext(ctx, `SELECT user_id, email, salt, server_url, kdf_type, kdf_iterations, kdf_memory,
		kdf_parallelism, wrapped_user_key, created, updated FROM account WHERE id = 1`).
		Scan(&a.UserID, &a.Email, &a.Salt, &a.ServerURL, &kdfType, &a.KDF.Iterations, &a.KDF.MemoryMiB,
			&a.KDF.Parallelism, &wk, &cr, &up)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("load account: %w", ErrNotFound)
	}
	if err != nil {
		return nil, wrapDB("load account", err)
	}
	a.KDF.Type = crypto.KDFType(kdfType)
	if err := a.WrappedUserKey.UnmarshalText([]byte(wk)); err != nil {
		return nil, fmt.Errorf("load account: wrapped user key: %w: %w", ErrCorrupt, err)
	}
	a.Created, a.Updated = time.Unix(0, cr).UTC(), time.Unix(0, up).UTC()
	return &a, nil
}

// SaveKeychainWrappedUserKey stores blob, the user key sealed under the
// OS-keychain key by [SealUserKey], replacing any previous one.
func (s *Store) SaveKeychainWrappedUserKey(ctx context.Context, blob []byte) error {
	if len(blob) < sealOverhead {
		return fmt.Errorf("save keychain-wrapped user key: blob is %d bytes, want at least %d", len(blob), sealOverhead)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO keychain (id, blob) VALUES (1, ?)
		ON CONFLICT (id) DO UPDATE SET blob = excluded.blob`, blob)
	return wrapDB("save keychain-wrapped user key", err)
}

// LoadKeychainWrappedUserKey returns the blob saved by
// [Store.SaveKeychainWrappedUserKey]; [ErrNotFound] if there is none.
func (s *Store) LoadKeychainWrappedUserKey(ctx context.Context) ([]byte, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, "SELECT blob FROM keychain WHERE id = 1").Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("load keychain-wrapped user key: %w", ErrNotFound)
	}
	return b, wrapDB("load keychain-wrapped user key", err)
}

// DeleteKeychainWrappedUserKey removes the blob; no blob is not an error.
func (s *Store) DeleteKeychainWrappedUserKey(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM keychain WHERE id = 1")
	return wrapDB("delete keychain-wrapped user key", err)
}
