package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/parallel"
)

// Tables of sealed rows, in the order ApplySync writes them.
const (
	tState       = "sync_state"
	tProfile     = "profile"
	tOrgs        = "orgs"
	tFolders     = "folders"
	tCollections = "collections"
	tCiphers     = "ciphers"
)

var sealedTables = []string{tState, tProfile, tOrgs, tFolders, tCollections, tCiphers}

const stateID = "state"

// syncState is the sealed sync_state row: what a sync holds besides its
// rows, and how many rows it wrote, so that missing rows are noticed.
type syncState struct {
	Revision       time.Time                  `json:"revision"`
	SyncedAt       time.Time                  `json:"syncedAt"`
	Policies       []json.RawMessage          `json:"policies"`
	UserDecryption *api.UserDecryptionOptions `json:"userDecryption"`
	Broken         []brokenCipher             `json:"broken"`
	Counts         map[string]int             `json:"counts"`
}

type brokenCipher struct {
	ID  string `json:"id"`
	Err string `json:"err"` // names the field and the problem, never the value
}

// SyncInfo says when the cache was last synced.
type SyncInfo struct {
	Revision time.Time // the account revision date the sync was taken at
	SyncedAt time.Time // when ApplySync ran
}

// Snapshot is a sync as loaded from the cache.
type Snapshot struct {
	SyncInfo
	// Sync is the vault as the last ApplySync stored it, minus damaged
	// rows. Damaged ciphers are also listed in Sync.BrokenCiphers, so they
	// are shown as broken like ciphers the server sent unreadable. Empty
	// lists load as nil.
	Sync *api.SyncResponse
	// Damaged lists the rows that could not be opened or decoded.
	Damaged []Damaged
}

// Damaged is a cache row that could not be opened (tampered, truncated) or
// decoded. ID is the row id ("*" when rows are missing from a table).
type Damaged struct {
	Table string
	ID    string
	Err   error // wraps ErrCorrupt
}

type sealedRow struct {
	id   string
	blob []byte
}

// testHookApplyRow, if set, runs after each row ApplySync inserts; an error
// aborts the sync.
var testHookApplyRow func(table string, i int) error

// ApplySync replaces everything the cache holds from a sync (profile,
// organizations, folders, collections, ciphers, policies) with sr, in one
// transaction: on any failure (a cancelled ctx, a full disk, a crash) the
// previous contents stay exactly as they were. revision is the account
// revision date sr was taken at.
//
// If the cache has an account record, its wrapped user key, KDF parameters
// and salt are updated from sr as well, in the same transaction; a sync for
// a different user id is refused.
func (s *Store) ApplySync(ctx context.Context, k *SealKey, sr *api.SyncResponse, revision time.Time) error {
	k.check()
	rows, err := sealSync(ctx, k, sr, revision)
	if err != nil {
		return fmt.Errorf("apply sync: %w", err)
	}
	if err := s.applyRows(ctx, rows, sr); err != nil {
		return fmt.Errorf("apply sync: %w", err)
	}
	return nil
}

// sealSync marshals and seals every row of sr, in parallel.
func sealSync(ctx context.Context, k *SealKey, sr *api.SyncResponse, revision time.Time) (map[string][]sealedRow, error) {
	p := sr.Profile
	p.Organizations = nil
	st := syncState{
		Revision:       revision.UTC(),
		SyncedAt:       time.Now().UTC().Round(0),
		Policies:       sr.Policies,
		UserDecryption: sr.UserDecryption,
		Counts: map[string]int{
			tProfile:     1,
			tOrgs:        len(sr.Profile.Organizations),
			tFolders:     len(sr.Folders),
			tCollections: len(sr.Collections),
			tCiphers:     len(sr.Ciphers),
		},
	}
	for _, b := range sr.BrokenCiphers {
		msg := ""
		if b.Err != nil {
			msg = b.Err.Error()
		}
		st.Broken = append(st.Broken, brokenCipher{b.ID, msg})
	}

	type job struct {
		table string
		id    string
		v     any
	}
	var jobs []job
	jobs = append(jobs, job{tState, stateID, &st}, job{tProfile, p.ID, &p})
	for i := range sr.Profile.Organizations {
		o := &sr.Profile.Organizations[i]
		jobs = append(jobs, job{tOrgs, o.ID, o})
	}
	for i := range sr.Folders {
		jobs = append(jobs, job{tFolders, sr.Folders[i].ID, &sr.Folders[i]})
	}
	for i := range sr.Collections {
		jobs = append(jobs, job{tCollections, sr.Collections[i].ID, &sr.Collections[i]})
	}
	for i := range sr.Ciphers {
		jobs = append(jobs, job{tCiphers, sr.Ciphers[i].ID, &sr.Ciphers[i]})
	}

	sealed := make([][]byte, len(jobs))
	errs := make([]error, len(jobs))
	parallel.For(len(jobs), 64, func(i int) {
		if i%256 == 0 && ctx.Err() != nil {
			errs[i] = ctx.Err()
			return
		}
		j := jobs[i]
		if j.id == "" {
			errs[i] = fmt.Errorf("%s row %d has no id", j.table, i)
			return
		}
		b, err := encodeRow(j.v)
		if err != nil {
			errs[i] = fmt.Errorf("encode %s %s: %w", j.table, j.id, err)
			return
		}
		sealed[i] = k.seal(j.table, j.id, b)
		clear(b)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	rows := make(map[string][]sealedRow, len(sealedTables))
	for i, j := range jobs {
		rows[j.table] = append(rows[j.table], sealedRow{j.id, sealed[i]})
	}
	return rows, nil
}

func (s *Store) applyRows(ctx context.Context, rows map[string][]sealedRow, sr *api.SyncResponse) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrapDB("begin", err)
	}
	defer tx.Rollback()
	// fail reports a cancelled context as such: database/sql rolls the
	// transaction back as soon as ctx is done, and the statement that
	// notices then says only that it is closed.
	fail := func(op string, err error) error {
		if err == nil {
			return nil
		}
		if ce := ctx.Err(); ce != nil {
			return fmt.Errorf("%s: %w", op, ce)
		}
		return wrapDB(op, err)
	}

	if err := updateAccount(ctx, tx, sr); err != nil {
		return err
	}
	for _, t := range sealedTables {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return fail("clear "+t, err)
		}
		stmt, err := tx.PrepareContext(ctx, "INSERT INTO "+t+" (id, blob) VALUES (?, ?)")
		if err != nil {
			return fail("prepare "+t, err)
		}
		for i, r := range rows[t] {
			if _, err := stmt.ExecContext(ctx, r.id, r.blob); err != nil {
				stmt.Close()
				return fail(fmt.Sprintf("insert %s %s", t, r.id), err)
			}
			if testHookApplyRow != nil {
				if err := testHookApplyRow(t, i); err != nil {
					stmt.Close()
					return err
				}
			}
		}
		if err := stmt.Close(); err != nil {
			return fail("insert "+t, err)
		}
	}
	return fail("commit", tx.Commit())
}

// updateAccount brings the account record's unlock data up to date with sr
// (the master password or KDF may have changed on another device).
func updateAccount(ctx context.Context, tx *sql.Tx, sr *api.SyncResponse) error {
	var userID string
	err := tx.QueryRowContext(ctx, "SELECT user_id FROM account WHERE id = 1").Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return wrapDB("read account", err)
	}
	if sr.Profile.ID != "" && userID != "" && sr.Profile.ID != userID {
		return fmt.Errorf("sync is for user %s, cache is for user %s", sr.Profile.ID, userID)
	}
	wk := sr.Profile.Key
	if u := sr.UserDecryption; u != nil && u.MasterPasswordUnlock != nil {
		m := u.MasterPasswordUnlock
		if m.MasterKeyEncryptedUserKey != nil {
			wk = m.MasterKeyEncryptedUserKey
		}
		if kdf := m.Kdf.Params(); kdf.Validate() == nil {
			if _, err := tx.ExecContext(ctx, `UPDATE account SET kdf_type = ?, kdf_iterations = ?, kdf_memory = ?,
				kdf_parallelism = ? WHERE id = 1`, int(kdf.Type), kdf.Iterations, kdf.MemoryMiB, kdf.Parallelism); err != nil {
				return wrapDB("update account", err)
			}
		}
		if m.Salt != "" {
			if _, err := tx.ExecContext(ctx, "UPDATE account SET salt = ? WHERE id = 1", m.Salt); err != nil {
				return wrapDB("update account", err)
			}
		}
	}
	if wk != nil && !wk.IsZero() {
		b, err := wk.MarshalText()
		if err != nil {
			return fmt.Errorf("update account: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE account SET wrapped_user_key = ? WHERE id = 1", string(b)); err != nil {
			return wrapDB("update account", err)
		}
	}
	return nil
}

// LastSync opens only the sealed sync state: the cheap revision-date check.
// [ErrNotFound] if the cache was never synced, [ErrWrongKey] if k cannot
// open it, [ErrCorrupt] if the row is damaged.
func (s *Store) LastSync(ctx context.Context, k *SealKey) (SyncInfo, error) {
	k.check()
	var b []byte
	err := s.db.QueryRowContext(ctx, "SELECT blob FROM "+tState+" WHERE id = ?", stateID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return SyncInfo{}, fmt.Errorf("last sync: %w", ErrNotFound)
	}
	if err != nil {
		return SyncInfo{}, wrapDB("last sync", err)
	}
	pt, err := k.open(tState, stateID, b)
	if errors.Is(err, errAuth) {
		// A wrong key, or a damaged row? A wrong key opens no other row
		// either.
		var pb []byte
		var pid string
		if s.db.QueryRowContext(ctx, "SELECT id, blob FROM "+tProfile+" LIMIT 1").Scan(&pid, &pb) == nil {
			if _, perr := k.open(tProfile, pid, pb); perr == nil {
				return SyncInfo{}, fmt.Errorf("last sync: %w", err)
			}
		}
		return SyncInfo{}, fmt.Errorf("last sync: %w", ErrWrongKey)
	}
	if err != nil {
		return SyncInfo{}, fmt.Errorf("last sync: %w", err)
	}
	var st syncState
	if err := decodeRow(pt, &st); err != nil {
		return SyncInfo{}, fmt.Errorf("last sync: decode: %w", ErrCorrupt)
	}
	return SyncInfo{st.Revision, st.SyncedAt}, nil
}

// LoadSync loads the vault the last ApplySync stored, opening the rows in
// parallel. A row that cannot be opened is listed in Snapshot.Damaged and
// the rest loads. [ErrNotFound] if the cache was never synced;
// [ErrWrongKey] if k opens none of the rows.
func (s *Store) LoadSync(ctx context.Context, k *SealKey) (*Snapshot, error) {
	k.check()
	type item struct {
		table string
		row   sealedRow
		v     any
		err   error
	}
	st := new(syncState)
	sr := new(api.SyncResponse)
	var (
		orgs    []api.ProfileOrganization
		folders []api.Folder
		colls   []api.Collection
		ciphers []api.Cipher
		items   []item
		base    = map[string]int{} // a table's first index in items
		target  = map[string]func(i int) any{
			tState:       func(int) any { return st },
			tProfile:     func(int) any { return &sr.Profile },
			tOrgs:        func(i int) any { return &orgs[i] },
			tFolders:     func(i int) any { return &folders[i] },
			tCollections: func(i int) any { return &colls[i] },
			tCiphers:     func(i int) any { return &ciphers[i] },
		}
	)
	counted := func(n map[string]int) {
		orgs = make([]api.ProfileOrganization, n[tOrgs])
		folders = make([]api.Folder, n[tFolders])
		colls = make([]api.Collection, n[tCollections])
		ciphers = make([]api.Cipher, n[tCiphers])
		total := 0
		for _, t := range sealedTables {
			base[t] = total
			total += n[t]
		}
		items = make([]item, total)
	}

	// Rows are opened on every core while SQLite reads the next ones.
	ready := make(chan int, 256)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range ready {
				it := &items[i]
				pt, err := k.open(it.table, it.row.id, it.row.blob)
				if err != nil {
					it.err = err
					continue
				}
				if err := decodeRow(pt, it.v); err != nil {
					// The JSON error is dropped: it may quote part of the plaintext.
					it.err = fmt.Errorf("decode %s row: %w", it.table, ErrCorrupt)
				}
				clear(pt)
			}
		})
	}
	rows, err := s.readRows(ctx, counted, func(t string, i int, r sealedRow) {
		items[base[t]+i] = item{table: t, row: r, v: target[t](i)}
		ready <- base[t] + i
	})
	close(ready)
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("load sync: %w", err)
	}
	if len(rows[tState]) == 0 && len(rows[tProfile]) == 0 {
		return nil, fmt.Errorf("load sync: %w", ErrNotFound)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("load sync: %w", err)
	}

	snap := &Snapshot{Sync: sr}
	opened := 0
	failed := map[string]map[string]bool{}
	for _, it := range items {
		if it.err == nil {
			opened++
			continue
		}
		if failed[it.table] == nil {
			failed[it.table] = map[string]bool{}
		}
		failed[it.table][it.row.id] = true
		snap.Damaged = append(snap.Damaged, Damaged{Table: it.table, ID: it.row.id, Err: it.err})
		if it.table == tCiphers {
			sr.BrokenCiphers = append(sr.BrokenCiphers, api.BrokenCipher{ID: it.row.id, Err: it.err})
		}
	}
	if opened == 0 {
		return nil, fmt.Errorf("load sync: %w", ErrWrongKey)
	}

	if failed[tProfile] != nil {
		sr.Profile = api.Profile{} // may be half decoded
	}
	keep := func(t string, i int) bool { return !failed[t][rows[t][i].id] }
	sr.Profile.Organizations = filter(orgs, func(i int) bool { return keep(tOrgs, i) })
	sr.Folders = filter(folders, func(i int) bool { return keep(tFolders, i) })
	sr.Collections = filter(colls, func(i int) bool { return keep(tCollections, i) })
	sr.Ciphers = filter(ciphers, func(i int) bool { return keep(tCiphers, i) })

	if !failed[tState][stateID] && len(rows[tState]) > 0 {
		snap.Revision, snap.SyncedAt = st.Revision, st.SyncedAt
		sr.Policies = st.Policies
		sr.UserDecryption = st.UserDecryption
		// Ciphers the server sent broken come first, then damaged rows.
		var broken []api.BrokenCipher
		for _, b := range st.Broken {
			broken = append(broken, api.BrokenCipher{ID: b.ID, Err: errors.New(b.Err)})
		}
		sr.BrokenCiphers = append(broken, sr.BrokenCiphers...)
		for _, t := range sealedTables[1:] {
			if n := len(rows[t]); n < st.Counts[t] {
				snap.Damaged = append(snap.Damaged, Damaged{Table: t, ID: "*",
					Err: fmt.Errorf("%s: %d of %d rows missing: %w", t, st.Counts[t]-n, st.Counts[t], ErrCorrupt)})
			}
		}
	} else if len(rows[tState]) == 0 {
		snap.Damaged = append(snap.Damaged, Damaged{Table: tState, ID: stateID,
			Err: fmt.Errorf("sync state missing: %w", ErrCorrupt)})
	}
	return snap, nil
}

// readRows reads every sealed row in one read transaction, so the rows
// come from a single sync. It calls counted with the row count of every
// table before the first row, then row with each row as it is read.
func (s *Store) readRows(ctx context.Context, counted func(map[string]int), row func(t string, i int, r sealedRow)) (map[string][]sealedRow, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, wrapDB("begin", err)
	}
	defer tx.Rollback()
	counts := make(map[string]int, len(sealedTables))
	for _, t := range sealedTables {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+t).Scan(&n); err != nil {
			return nil, wrapDB("count "+t, err)
		}
		counts[t] = n
	}
	counted(counts)
	out := make(map[string][]sealedRow, len(sealedTables))
	for _, t := range sealedTables {
		list, err := readTable(ctx, tx, t, counts[t], row)
		if err != nil {
			return nil, err
		}
		out[t] = list
	}
	return out, nil
}

func readTable(ctx context.Context, tx *sql.Tx, t string, n int, row func(t string, i int, r sealedRow)) ([]sealedRow, error) {
	rs, err := tx.QueryContext(ctx, "SELECT id, blob FROM "+t+" ORDER BY pos")
	if err != nil {
		return nil, wrapDB("read "+t, err)
	}
	defer rs.Close()
	list := make([]sealedRow, 0, n)
	for rs.Next() {
		var r sealedRow
		if err := rs.Scan(&r.id, &r.blob); err != nil {
			return nil, wrapDB("read "+t, err)
		}
		if len(list) == n {
			// Cannot happen in one transaction; never write past the count.
			return nil, fmt.Errorf("read %s: more rows than counted: %w", t, ErrCorrupt)
		}
		row(t, len(list), r)
		list = append(list, r)
	}
	if err := rs.Err(); err != nil {
		return nil, wrapDB("read "+t, err)
	}
	if len(list) != n {
		return nil, fmt.Errorf("read %s: fewer rows than counted: %w", t, ErrCorrupt)
	}
	return list, nil
}

// filter returns the elements of s for which keep(i) holds, or nil if none.
func filter[T any](s []T, keep func(i int) bool) []T {
	var out []T
	for i := range s {
		if keep(i) {
			if out == nil {
				out = make([]T, 0, len(s))
			}
			out = append(out, s[i])
		}
	}
	return out
}
