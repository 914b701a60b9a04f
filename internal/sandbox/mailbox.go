package sandbox

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// Mail is a message the sandbox would have sent. Nothing leaves the
// machine: mail is kept in the database and read through the mailbox.
type Mail struct {
	ID      string    `json:"id"`
	To      string    `json:"to"`
	Kind    string    `json:"kind"` // "invite", "two-factor-email", "verify-email"
	Subject string    `json:"subject"`
	Body    string    `json:"body"`
	Token   string    `json:"token"`
	Link    string    `json:"link"`
	Created time.Time `json:"created"`
}

func (s *Server) addMail(ctx context.Context, tx *sql.Tx, m Mail) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO mail (id, to_email, kind, subject, body, token, link, created_us)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, newID(), normEmail(m.To), m.Kind, m.Subject, m.Body, m.Token, m.Link, s.nowUS())
	return err
}

// Mailbox returns the mail sent to the address ("" for all), newest last.
func (s *Server) Mailbox(ctx context.Context, to string) ([]Mail, error) {
	return readMail(ctx, s.db, to)
}

// ReadMailbox reads the mailbox of the sandbox in dataDir. It opens the
// database read-only, so it works while a server process is running.
func ReadMailbox(ctx context.Context, dataDir, to string) ([]Mail, error) {
	path := filepath.Join(dataDir, dbFile)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("read mailbox: %w", err)
	}
	db, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("read mailbox: %w", err)
	}
	defer db.Close()
	mails, err := readMail(ctx, db, to)
	if err != nil {
		return nil, fmt.Errorf("read mailbox %s: %w", path, err)
	}
	return mails, nil
}

func readMail(ctx context.Context, q querier, to string) ([]Mail, error) {
	query := "SELECT id, to_email, kind, subject, body, token, link, created_us FROM mail"
	var args []any
	if to != "" {
		query += " WHERE to_email = ?"
		args = append(args, normEmail(to))
	}
	rows, err := q.QueryContext(ctx, query+" ORDER BY seq", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	mails := []Mail{}
	for rows.Next() {
		var m Mail
		var us int64
		if err := rows.Scan(&m.ID, &m.To, &m.Kind, &m.Subject, &m.Body, &m.Token, &m.Link, &us); err != nil {
			return nil, err
		}
		m.Created = time.UnixMicro(us).UTC()
		mails = append(mails, m)
	}
	return mails, rows.Err()
}

// mailbox is GET /sandbox/mailbox?to=: only for callers on loopback.
func (s *Server) mailbox(r *http.Request) (any, error) {
	if !isLoopback(r.RemoteAddr) {
		return nil, errNotFound("Route")
	}
	return s.Mailbox(r.Context(), r.URL.Query().Get("to"))
}

func isLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
