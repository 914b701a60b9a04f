package sandbox

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Config configures a Server.
type Config struct {
	DataDir            string           // holds sandbox.db (all state) and tls/{cert,key}.pem
	Logger             *slog.Logger     // nil = discard
	Now                func() time.Time // nil = time.Now (tests inject a clock)
	AccessTokenTTL     time.Duration    // 0 = 1h
	PasswordIterations int              // server-side PBKDF2 over the client hash; 0 = 100_000
}

// Server is a Bitwarden-compatible identity and API server backed by SQLite.
// It is safe for concurrent use.
type Server struct {
	cfg       Config
	log       *slog.Logger
	db        *sql.DB
	jwtSecret []byte

	// wmu serializes write transactions, so that writers queue here rather
	// than spin on SQLITE_BUSY.
	wmu sync.Mutex

	throttleMu sync.Mutex               // guards throttle
	throttle   map[string]loginFailures // by normalized email

	handlerOnce sync.Once
	handler     http.Handler
}

const dbFile = "sandbox.db"

//go:embed migrations/*.sql
var migrations embed.FS

// Open creates or opens DataDir/sandbox.db, brings its schema up to date and
// creates the access-token signing secret on first start.
func Open(cfg Config) (*Server, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("open sandbox: no data directory")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.AccessTokenTTL <= 0 {
		cfg.AccessTokenTTL = time.Hour
	}
	if cfg.PasswordIterations <= 0 {
		cfg.PasswordIterations = 100_000
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("open sandbox: %w", err)
	}
	path := filepath.Join(cfg.DataDir, dbFile)
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open sandbox db: %w", err)
	}
	s := &Server{cfg: cfg, log: cfg.Logger, db: db, throttle: map[string]loginFailures{}}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sandbox db %s: %w", path, err)
	}
	if err := s.loadSecret(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sandbox db %s: %w", path, err)
	}
	return s, nil
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Close closes the database.
func (s *Server) Close() error { return s.db.Close() }

// migrate applies the embedded migrations newer than PRAGMA user_version,
// each in its own transaction.
func (s *Server) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var current int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(names) {
		return fmt.Errorf("schema version %d is newer than this program (%d)", current, len(names))
	}
	for i, name := range names {
		version := i + 1
		if n, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0]); err != nil || n != version {
			return fmt.Errorf("migration %s is out of sequence", name)
		}
		if version <= current {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		err = s.write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func (s *Server) loadSecret(ctx context.Context) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT v FROM meta WHERE k = 'jwt_secret'").Scan(&s.jwtSecret)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		s.jwtSecret = make([]byte, 32)
		rand.Read(s.jwtSecret)
		_, err = tx.ExecContext(ctx, "INSERT INTO meta (k, v) VALUES ('jwt_secret', ?)", s.jwtSecret)
		return err
	})
}

// write runs f in a write transaction, committing if it returns nil.
func (s *Server) write(ctx context.Context, f func(tx *sql.Tx) error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// read runs f in a read-only transaction, so that it sees one snapshot.
func (s *Server) read(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return f(tx)
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Server) now() time.Time { return s.cfg.Now().UTC() }

// newID returns a random (version 4) UUID.
func newID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hex[c>>4], hex[c&0xf])
	}
	return string(out)
}

// validID reports whether s looks like a UUID, so that ids from URLs and
// bodies can be refused early and never reach a log unchecked.
func validID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
		default:
			return false
		}
	}
	return true
}

// normID lower-cases a UUID; clients may send either case.
func normID(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// normEmail trims and lower-cases an email address, as Bitwarden does.
func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// dateFormat is the wire form of dates: RFC 3339, 6 fractional digits, Z.
const dateFormat = "2006-01-02T15:04:05.000000Z"

func formatMicros(us int64) string { return time.UnixMicro(us).UTC().Format(dateFormat) }

// randomToken returns n random letters and digits (about 5.95 bits each).
func randomToken(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	out := make([]byte, 0, n)
	var buf [64]byte
	for len(out) < n {
		rand.Read(buf[:])
		for _, c := range buf {
			// Reject 248..255 so that every letter is equally likely.
			if c < 248 && len(out) < n {
				out = append(out, alphabet[int(c)%len(alphabet)])
			}
		}
	}
	return string(out)
}
