package cache

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"
)

// Sentinel errors. Errors from this package wrap them with the operation and
// the table or row id; they never include keys, plaintext or sealed bytes.
var (
	// ErrNotFound means the cache holds no such record: no account, no
	// sync yet, no keychain-wrapped user key.
	ErrNotFound = errors.New("not found in cache")

	// ErrWrongKey means the seal key (or keychain key) cannot open the
	// cache's sealed rows: AES-GCM authentication failed for all of them.
	ErrWrongKey = errors.New("wrong key for cache")

	// ErrCorrupt means the cache holds bytes it cannot use: a truncated or
	// tampered sealed row, a file that is not a SQLite database, a schema
	// newer than this build knows, or a stored value that does not parse.
	ErrCorrupt = errors.New("cache corrupt")

	// ErrDiskFull means SQLite could not write because the disk (or the
	// database's page limit) is full. The error also wraps the SQLite error.
	ErrDiskFull = errors.New("disk full")
)

// SQLite primary result codes (sqlite3.h).
const (
	sqliteCorrupt = 11
	sqliteFull    = 13
	sqliteNotADB  = 26
)

// wrapDB wraps a database error with op and, for a full disk or a corrupt
// file, with the matching sentinel as well as the SQLite error.
func wrapDB(op string, err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqliteFull:
			return fmt.Errorf("%s: %w: %w", op, ErrDiskFull, err)
		case sqliteCorrupt, sqliteNotADB:
			return fmt.Errorf("%s: %w: %w", op, ErrCorrupt, err)
		}
	}
	return fmt.Errorf("%s: %w", op, err)
}
