package sandbox

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// cipherRow is a cipher as one user sees it: the shared row plus their
// folder and favorite, and its collections.
type cipherRow struct {
	id                    string
	userID, orgID         sql.NullString
	typ                   int
	data                  string
	createdUS, revisionUS int64
	deletedUS             sql.NullInt64
	folderID              sql.NullString
	favorite              bool
	collIDs               []string
}

const cipherSelect = `SELECT c.id, c.user_id, c.org_id, c.type, c.data, c.created_us, c.revision_us, c.deleted_us,
	cu.folder_id, COALESCE(cu.favorite, 0)
	FROM ciphers c LEFT JOIN cipher_user cu ON cu.cipher_id = c.id AND cu.user_id = ?1`

func scanCipher(row scanner) (*cipherRow, error) {
	var c cipherRow
	err := row.Scan(&c.id, &c.userID, &c.orgID, &c.typ, &c.data, &c.createdUS, &c.revisionUS, &c.deletedUS, &c.folderID, &c.favorite)
	return &c, err
}

// loadCipher loads a cipher the user can see, or answers 404.
func (s *Server) loadCipher(ctx context.Context, q querier, ua *userAccess, id string) (*cipherRow, access, error) {
	notFound := errNotFound("Cipher")
	if !validID(id) {
		return nil, access{}, notFound
	}
	c, err := scanCipher(q.QueryRowContext(ctx, cipherSelect+" WHERE c.id = ?2", ua.userID, normID(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, access{}, notFound
	}
	if err != nil {
		return nil, access{}, err
	}
	if c.orgID.Valid {
		if c.collIDs, err = cipherCollections(ctx, q, c.id); err != nil {
			return nil, access{}, err
		}
	}
	acc, ok := ua.cipher(c.userID, c.orgID, c.collIDs)
	if !ok {
		return nil, access{}, notFound
	}
	return c, acc, nil
}

// pathCipher loads, inside tx, the caller's access and the cipher named in
// the request path as the caller sees it (404 if they cannot see it).
func (s *Server) pathCipher(ctx context.Context, tx *sql.Tx, r *http.Request, c *caller) (*userAccess, *cipherRow, access, error) {
	ua, err := s.loadAccess(ctx, tx, c.user.id)
	if err != nil {
		return nil, nil, access{}, err
	}
	cur, acc, err := s.loadCipher(ctx, tx, ua, r.PathValue("id"))
	return ua, cur, acc, err
}

func cipherCollections(ctx context.Context, q querier, cipherID string) ([]string, error) {
	return queryStrings(ctx, q, "SELECT collection_id FROM cipher_collections WHERE cipher_id = ? ORDER BY collection_id", cipherID)
}

// idSet is queryStrings as a set, for membership checks.
func idSet(ctx context.Context, q querier, query string, args ...any) (map[string]bool, error) {
	ids, err := queryStrings(ctx, q, query, args...)
	if err != nil {
		return nil, err
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set, nil
}

// queryStrings runs a query of one text column and returns its values,
// never nil, so that JSON lists encode as [] rather than null.
func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	vals := []string{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		vals = append(vals, v)
	}
	return vals, rows.Err()
}

// appendCipher writes a cipherDetails object (§4.2), splicing in the stored
// encrypted data.
func appendCipher(b *bytes.Buffer, c *cipherRow, acc access, collIDs []string) {
	b.WriteString(`{"object":"cipherDetails","id":`)
	appendString(b, c.id)
	b.WriteString(`,"organizationId":`)
	appendNullString(b, c.orgID)
	b.WriteString(`,"type":`)
	b.WriteString(strconv.Itoa(c.typ))
	if inner := strings.TrimSpace(c.data); len(inner) > 2 {
		b.WriteByte(',')
		b.WriteString(inner[1 : len(inner)-1])
	}
	b.WriteString(`,"folderId":`)
	appendNullString(b, c.folderID)
	b.WriteString(`,"favorite":`)
	b.WriteString(strconv.FormatBool(c.favorite))
	b.WriteString(`,"edit":`)
	b.WriteString(strconv.FormatBool(!acc.readOnly))
	b.WriteString(`,"viewPassword":`)
	b.WriteString(strconv.FormatBool(!acc.hidePasswords))
	b.WriteString(`,"permissions":{"delete":`)
	b.WriteString(strconv.FormatBool(!acc.readOnly))
	b.WriteString(`,"restore":`)
	b.WriteString(strconv.FormatBool(!acc.readOnly))
	b.WriteString(`},"organizationUseTotp":true,"collectionIds":[`)
	for i, id := range collIDs {
		if i > 0 {
			b.WriteByte(',')
		}
		appendString(b, id)
	}
	b.WriteString(`],"attachments":null,"creationDate":"`)
	b.WriteString(formatMicros(c.createdUS))
	b.WriteString(`","revisionDate":"`)
	b.WriteString(formatMicros(c.revisionUS))
	b.WriteString(`","deletedDate":`)
	if c.deletedUS.Valid {
		b.WriteByte('"')
		b.WriteString(formatMicros(c.deletedUS.Int64))
		b.WriteByte('"')
	} else {
		b.WriteString("null")
	}
	b.WriteString(`,"archivedDate":null}`)
}

// appendString writes a JSON string. Ids and dates are ASCII without
// quotes or backslashes, but anything else is escaped properly.
func appendString(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x7f {
			enc, _ := jsonMarshal(s)
			b.Write(enc)
			return
		}
	}
	b.WriteByte('"')
	b.WriteString(s)
	b.WriteByte('"')
}

func appendNullString(b *bytes.Buffer, s sql.NullString) {
	if !s.Valid {
		b.WriteString("null")
		return
	}
	appendString(b, s.String)
}

func (s *Server) cipherJSON(ua *userAccess, c *cipherRow, acc access) rawJSON {
	var b bytes.Buffer
	appendCipher(&b, c, acc, ua.visibleCollections(c.orgID.String, c.collIDs))
	return rawJSON(b.Bytes())
}

// reloadCipher answers the cipher as the caller now sees it.
func (s *Server) reloadCipher(ctx context.Context, userID, id string) (any, error) {
	ua, err := s.loadAccess(ctx, s.db, userID)
	if err != nil {
		return nil, err
	}
	c, acc, err := s.loadCipher(ctx, s.db, ua, id)
	if err != nil {
		return nil, err
	}
	return s.cipherJSON(ua, c, acc), nil
}

// --- reads ---

func (s *Server) getCipher(r *http.Request, c *caller) (any, error) {
	return s.reloadCipher(r.Context(), c.user.id, r.PathValue("id"))
}

func (s *Server) listCiphers(r *http.Request, c *caller) (any, error) {
	var b bytes.Buffer
	b.WriteString(`{"object":"list","data":`)
	err := s.read(r.Context(), func(tx *sql.Tx) error {
		return s.appendVisibleCiphers(r.Context(), tx, &b, c.user.id)
	})
	if err != nil {
		return nil, err
	}
	b.WriteString(`,"continuationToken":null}`)
	return rawJSON(b.Bytes()), nil
}

// --- writes ---

const msgReadOnly = "You do not have permission to edit this item."

// storeCipherUser sets the user's folder and favorite for a cipher.
func storeCipherUser(ctx context.Context, tx querier, cipherID, userID, folderID string, favorite bool) error {
	if folderID == "" && !favorite {
		_, err := tx.ExecContext(ctx, "DELETE FROM cipher_user WHERE user_id = ? AND cipher_id = ?", userID, cipherID)
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO cipher_user (cipher_id, user_id, folder_id, favorite) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id, cipher_id) DO UPDATE SET folder_id = excluded.folder_id, favorite = excluded.favorite`,
		cipherID, userID, sql.NullString{String: folderID, Valid: folderID != ""}, favorite)
	return err
}

// checkFolder refuses a folder that is not the user's.
func checkFolder(ctx context.Context, tx querier, userID, folderID string) error {
	if folderID == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM folders WHERE id = ? AND user_id = ?", folderID, userID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errBadRequest("The folder does not exist.")
	}
	return nil
}

// checkWritableCollections checks that every id is a collection of the org
// that the user may put items in, and returns them de-duplicated.
func checkWritableCollections(ua *userAccess, orgCollections map[string]bool, orgID string, ids []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, raw := range ids {
		id := normID(raw)
		if !validID(id) || !orgCollections[id] {
			return nil, errBadRequest("A collection does not exist in this organization.")
		}
		a, ok := ua.collection(orgID, id)
		if !ok || a.readOnly {
			return nil, errBadRequest("You do not have permission to add items to one of the collections.")
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}

func orgCollectionSet(ctx context.Context, q querier, orgID string) (map[string]bool, error) {
	return idSet(ctx, q, "SELECT id FROM collections WHERE org_id = ?", orgID)
}

// insertCipher stores a new cipher. For an org cipher, collIDs are set.
func (s *Server) insertCipher(ctx context.Context, tx querier, userID string, p *parsedCipher, collIDs []string, nowUS int64) (string, error) {
	id := newID()
	owner := sql.NullString{String: userID, Valid: p.orgID == ""}
	org := sql.NullString{String: p.orgID, Valid: p.orgID != ""}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ciphers (id, user_id, org_id, type, data, created_us, revision_us)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, owner, org, p.typ, p.data, nowUS, nowUS); err != nil {
		return "", err
	}
	for _, cid := range collIDs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO cipher_collections (cipher_id, collection_id) VALUES (?, ?)", id, cid); err != nil {
			return "", err
		}
	}
	return id, storeCipherUser(ctx, tx, id, userID, p.folderID, p.favorite)
}

func (s *Server) bumpForCipher(ctx context.Context, tx querier, userID, orgID string) error {
	if orgID != "" {
		return bumpOrg(ctx, tx, s.nowMS(), orgID)
	}
	return bumpUsers(ctx, tx, s.nowMS(), userID)
}

func checkEncryptedFor(req *cipherRequest, userID string) error {
	if req.EncryptedFor != nil && *req.EncryptedFor != "" && normID(*req.EncryptedFor) != userID {
		return errBadRequest("Cipher was not encrypted for the current user.")
	}
	return nil
}

// createCipher is POST /api/ciphers: a personal item, or an org item with
// no collection (only Owners and Admins may do that).
func (s *Server) createCipher(r *http.Request, c *caller) (any, error) {
	var req cipherRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	return s.create(r.Context(), c, &req, nil)
}

// createCipherWithCollections is POST /api/ciphers/create.
func (s *Server) createCipherWithCollections(r *http.Request, c *caller) (any, error) {
	var req struct {
		Cipher        *cipherRequest `json:"cipher"`
		CollectionIDs []string       `json:"collectionIds"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	if req.Cipher == nil {
		return nil, errBadRequest("cipher is required.")
	}
	return s.create(r.Context(), c, req.Cipher, req.CollectionIDs)
}

func (s *Server) create(ctx context.Context, c *caller, req *cipherRequest, collIDs []string) (any, error) {
	p, err := req.parse("")
	if err != nil {
		return nil, err
	}
	if err := checkEncryptedFor(req, c.user.id); err != nil {
		return nil, err
	}
	var id string
	err = s.write(ctx, func(tx *sql.Tx) error {
		if err := checkFolder(ctx, tx, c.user.id, p.folderID); err != nil {
			return err
		}
		var colls []string
		if p.orgID != "" {
			ua, err := s.loadAccess(ctx, tx, c.user.id)
			if err != nil {
				return err
			}
			m := ua.orgs[p.orgID]
			if m == nil {
				return errNotFound("Organization")
			}
			if len(collIDs) == 0 && !m.fullAccess() {
				return errBadRequest("You must choose at least one collection for an organization item.")
			}
			set, err := orgCollectionSet(ctx, tx, p.orgID)
			if err != nil {
				return err
			}
			if colls, err = checkWritableCollections(ua, set, p.orgID, collIDs); err != nil {
				return err
			}
		} else if len(collIDs) > 0 {
			return errBadRequest("A personal item cannot be in collections.")
		}
		id, err = s.insertCipher(ctx, tx, c.user.id, p, colls, s.nowUS())
		if err != nil {
			return err
		}
		return s.bumpForCipher(ctx, tx, c.user.id, p.orgID)
	})
	if err != nil {
		return nil, err
	}
	return s.reloadCipher(ctx, c.user.id, id)
}

// checkRevision compares lastKnownRevisionDate with the stored revision,
// allowing one second either way (§4.4).
func checkRevision(last *string, revisionUS int64) error {
	if last == nil || *last == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, *last)
	if err != nil {
		return errBadRequest("lastKnownRevisionDate is not a valid date.")
	}
	diff := t.UnixMicro() - revisionUS
	if diff > 1_000_000 || diff < -1_000_000 {
		return errBadRequest("The item cannot be saved because it is out of date. To edit this item, first sync your vault, or log out and back in.")
	}
	return nil
}

// updateCipher is PUT (and POST) /api/ciphers/{id}.
func (s *Server) updateCipher(r *http.Request, c *caller) (any, error) {
	var req cipherRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	p, err := req.parse("")
	if err != nil {
		return nil, err
	}
	if err := checkEncryptedFor(&req, c.user.id); err != nil {
		return nil, err
	}
	ctx := r.Context()
	var id string
	err = s.write(ctx, func(tx *sql.Tx) error {
		_, cur, acc, err := s.pathCipher(ctx, tx, r, c)
		if err != nil {
			return err
		}
		id = cur.id
		if acc.readOnly {
			return errBadRequest(msgReadOnly)
		}
		if p.orgID != cur.orgID.String {
			return errBadRequest("Organization mismatch. Share the item to move it to an organization.")
		}
		if err := checkRevision(req.LastKnownRevisionDate, cur.revisionUS); err != nil {
			return err
		}
		if err := checkFolder(ctx, tx, c.user.id, p.folderID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE ciphers SET type = ?, data = ?, revision_us = ? WHERE id = ?",
			p.typ, p.data, max(s.nowUS(), cur.revisionUS+1), cur.id); err != nil {
			return err
		}
		if err := storeCipherUser(ctx, tx, cur.id, c.user.id, p.folderID, p.favorite); err != nil {
			return err
		}
		return s.bumpForCipher(ctx, tx, c.user.id, cur.orgID.String)
	})
	if err != nil {
		return nil, err
	}
	return s.reloadCipher(ctx, c.user.id, id)
}

// partialCipher is PUT /api/ciphers/{id}/partial: only the caller's folder
// and favorite, which read access is enough for.
func (s *Server) partialCipher(r *http.Request, c *caller) (any, error) {
	var req struct {
		FolderID *string `json:"folderId"`
		Favorite bool    `json:"favorite"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	folder := ""
	if req.FolderID != nil && *req.FolderID != "" {
		if !validID(*req.FolderID) {
			return nil, errBadRequest("folderId is not a valid id.")
		}
		folder = normID(*req.FolderID)
	}
	ctx := r.Context()
	var id string
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, cur, _, err := s.pathCipher(ctx, tx, r, c)
		if err != nil {
			return err
		}
		id = cur.id
		if err := checkFolder(ctx, tx, c.user.id, folder); err != nil {
			return err
		}
		if err := storeCipherUser(ctx, tx, cur.id, c.user.id, folder, req.Favorite); err != nil {
			return err
		}
		return bumpUsers(ctx, tx, s.nowMS(), c.user.id)
	})
	if err != nil {
		return nil, err
	}
	return s.reloadCipher(ctx, c.user.id, id)
}

// shareCipher is PUT (and POST) /api/ciphers/{id}/share: a personal item
// moves into an organization, re-encrypted by the client with the org key.
func (s *Server) shareCipher(r *http.Request, c *caller) (any, error) {
	var req struct {
		Cipher        *cipherRequest `json:"cipher"`
		CollectionIDs []string       `json:"collectionIds"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	if req.Cipher == nil {
		return nil, errBadRequest("cipher is required.")
	}
	p, err := req.Cipher.parse("")
	if err != nil {
		return nil, err
	}
	if err := checkEncryptedFor(req.Cipher, c.user.id); err != nil {
		return nil, err
	}
	if p.orgID == "" {
		return nil, errBadRequest("organizationId is required to share an item.")
	}
	if len(req.CollectionIDs) == 0 {
		return nil, errBadRequest("You must choose at least one collection.")
	}
	ctx := r.Context()
	var id string
	err = s.write(ctx, func(tx *sql.Tx) error {
		ua, cur, _, err := s.pathCipher(ctx, tx, r, c)
		if err != nil {
			return err
		}
		id = cur.id
		if cur.orgID.Valid {
			return errBadRequest("The item already belongs to an organization.")
		}
		if err := checkRevision(req.Cipher.LastKnownRevisionDate, cur.revisionUS); err != nil {
			return err
		}
		if ua.orgs[p.orgID] == nil {
			return errNotFound("Organization")
		}
		set, err := orgCollectionSet(ctx, tx, p.orgID)
		if err != nil {
			return err
		}
		colls, err := checkWritableCollections(ua, set, p.orgID, req.CollectionIDs)
		if err != nil {
			return err
		}
		if err := checkFolder(ctx, tx, c.user.id, p.folderID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE ciphers SET user_id = NULL, org_id = ?, type = ?, data = ?, revision_us = ? WHERE id = ?",
			p.orgID, p.typ, p.data, max(s.nowUS(), cur.revisionUS+1), cur.id); err != nil {
			return err
		}
		for _, cid := range colls {
			if _, err := tx.ExecContext(ctx, "INSERT INTO cipher_collections (cipher_id, collection_id) VALUES (?, ?)", cur.id, cid); err != nil {
				return err
			}
		}
		if err := storeCipherUser(ctx, tx, cur.id, c.user.id, p.folderID, p.favorite); err != nil {
			return err
		}
		if err := bumpUsers(ctx, tx, s.nowMS(), c.user.id); err != nil {
			return err
		}
		return bumpOrg(ctx, tx, s.nowMS(), p.orgID)
	})
	if err != nil {
		return nil, err
	}
	return s.reloadCipher(ctx, c.user.id, id)
}

// setCipherCollections is PUT/POST /api/ciphers/{id}/collections(_v2).
// Owners and Admins replace the whole set; others change only collections
// they can write to, and the rest stay.
func (s *Server) setCipherCollections(v2 bool) authedFunc {
	return func(r *http.Request, c *caller) (any, error) {
		var req struct {
			CollectionIDs []string `json:"collectionIds"`
		}
		if err := decodeJSON(r, &req); err != nil {
			return nil, err
		}
		ctx := r.Context()
		var id string
		err := s.write(ctx, func(tx *sql.Tx) error {
			ua, cur, acc, err := s.pathCipher(ctx, tx, r, c)
			if err != nil {
				return err
			}
			id = cur.id
			if !cur.orgID.Valid {
				return errBadRequest("A personal item cannot be in collections.")
			}
			if acc.readOnly {
				return errBadRequest(msgReadOnly)
			}
			orgID := cur.orgID.String
			set, err := orgCollectionSet(ctx, tx, orgID)
			if err != nil {
				return err
			}
			want, err := checkWritableCollections(ua, set, orgID, req.CollectionIDs)
			if err != nil {
				return err
			}
			keep := map[string]bool{}
			for _, cid := range want {
				keep[cid] = true
			}
			for _, cid := range cur.collIDs {
				if a, ok := ua.collection(orgID, cid); !ok || a.readOnly {
					keep[cid] = true // not the caller's to remove
				}
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM cipher_collections WHERE cipher_id = ?", cur.id); err != nil {
				return err
			}
			for cid := range keep {
				if _, err := tx.ExecContext(ctx, "INSERT INTO cipher_collections (cipher_id, collection_id) VALUES (?, ?)", cur.id, cid); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, "UPDATE ciphers SET revision_us = ? WHERE id = ?", max(s.nowUS(), cur.revisionUS+1), cur.id); err != nil {
				return err
			}
			return bumpOrg(ctx, tx, s.nowMS(), orgID)
		})
		if err != nil {
			return nil, err
		}
		body, err := s.reloadCipher(ctx, c.user.id, id)
		var ae *apiError
		unavailable := errors.As(err, &ae) && ae.status == http.StatusNotFound
		if err != nil && !unavailable {
			return nil, err
		}
		if !v2 {
			if unavailable {
				return nil, nil
			}
			return body, nil
		}
		if unavailable {
			body = nil
		}
		return map[string]any{"object": "optionalCipherDetails", "unavailable": unavailable, "cipher": body}, nil
	}
}

// idsRequest is the body of the bulk operations.
type idsRequest struct {
	IDs            []string `json:"ids"`
	OrganizationID *string  `json:"organizationId"`
	FolderID       *string  `json:"folderId"`
}

func decodeIDs(r *http.Request) (*idsRequest, error) {
	var req idsRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	if len(req.IDs) == 0 {
		return nil, errBadRequest("ids is required.")
	}
	if len(req.IDs) > 10_000 {
		return nil, errBadRequest("At most 10000 ids are accepted at once.")
	}
	return &req, nil
}

// cipherAction applies one change to each cipher, all or nothing: an id the
// caller cannot see answers 404, one it cannot edit 400.
type cipherAction int

const (
	actSoftDelete cipherAction = iota
	actHardDelete
	actRestore
)

func (s *Server) applyCiphers(ctx context.Context, c *caller, ids []string, act cipherAction) ([]string, error) {
	var done []string
	err := s.write(ctx, func(tx *sql.Tx) error {
		ua, err := s.loadAccess(ctx, tx, c.user.id)
		if err != nil {
			return err
		}
		orgs := map[string]bool{}
		personal := false
		nowUS := s.nowUS()
		seen := map[string]bool{}
		for _, raw := range ids {
			cur, acc, err := s.loadCipher(ctx, tx, ua, raw)
			if err != nil {
				return err
			}
			if seen[cur.id] {
				continue
			}
			seen[cur.id] = true
			if acc.readOnly {
				return errBadRequest(msgReadOnly)
			}
			switch act {
			case actSoftDelete:
				_, err = tx.ExecContext(ctx, "UPDATE ciphers SET deleted_us = ?, revision_us = ? WHERE id = ?", nowUS, max(nowUS, cur.revisionUS+1), cur.id)
			case actHardDelete:
				_, err = tx.ExecContext(ctx, "DELETE FROM ciphers WHERE id = ?", cur.id)
			case actRestore:
				_, err = tx.ExecContext(ctx, "UPDATE ciphers SET deleted_us = NULL, revision_us = ? WHERE id = ?", max(nowUS, cur.revisionUS+1), cur.id)
			}
			if err != nil {
				return err
			}
			if cur.orgID.Valid {
				orgs[cur.orgID.String] = true
			} else {
				personal = true
			}
			done = append(done, cur.id)
		}
		if personal {
			if err := bumpUsers(ctx, tx, s.nowMS(), c.user.id); err != nil {
				return err
			}
		}
		for org := range orgs {
			if err := bumpOrg(ctx, tx, s.nowMS(), org); err != nil {
				return err
			}
		}
		return nil
	})
	return done, err
}

// cipherRoute handles a route that applies act to the cipher in the path
// and answers with an empty body (soft and hard delete).
func (s *Server) cipherRoute(act cipherAction) func(*http.Request, *caller) (any, error) {
	return func(r *http.Request, c *caller) (any, error) {
		_, err := s.applyCiphers(r.Context(), c, []string{r.PathValue("id")}, act)
		return nil, err
	}
}

// bulkCipherRoute is cipherRoute for the ids in a {"ids": [...]} body.
func (s *Server) bulkCipherRoute(act cipherAction) func(*http.Request, *caller) (any, error) {
	return func(r *http.Request, c *caller) (any, error) {
		req, err := decodeIDs(r)
		if err != nil {
			return nil, err
		}
		_, err = s.applyCiphers(r.Context(), c, req.IDs, act)
		return nil, err
	}
}

func (s *Server) restoreCipher(r *http.Request, c *caller) (any, error) {
	done, err := s.applyCiphers(r.Context(), c, []string{r.PathValue("id")}, actRestore)
	if err != nil {
		return nil, err
	}
	return s.reloadCipher(r.Context(), c.user.id, done[0])
}

func (s *Server) restoreCiphers(r *http.Request, c *caller) (any, error) {
	req, err := decodeIDs(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	done, err := s.applyCiphers(ctx, c, req.IDs, actRestore)
	if err != nil {
		return nil, err
	}
	ua, err := s.loadAccess(ctx, s.db, c.user.id)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(`{"object":"list","data":[`)
	for i, id := range done {
		cur, acc, err := s.loadCipher(ctx, s.db, ua, id)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b.WriteByte(',')
		}
		appendCipher(&b, cur, acc, ua.visibleCollections(cur.orgID.String, cur.collIDs))
	}
	b.WriteString(`],"continuationToken":null}`)
	return rawJSON(b.Bytes()), nil
}

// moveCiphers is PUT/POST /api/ciphers/move: the caller's folder of each.
func (s *Server) moveCiphers(r *http.Request, c *caller) (any, error) {
	req, err := decodeIDs(r)
	if err != nil {
		return nil, err
	}
	folder := ""
	if req.FolderID != nil && *req.FolderID != "" {
		if !validID(*req.FolderID) {
			return nil, errBadRequest("folderId is not a valid id.")
		}
		folder = normID(*req.FolderID)
	}
	ctx := r.Context()
	return nil, s.write(ctx, func(tx *sql.Tx) error {
		if err := checkFolder(ctx, tx, c.user.id, folder); err != nil {
			return err
		}
		ua, err := s.loadAccess(ctx, tx, c.user.id)
		if err != nil {
			return err
		}
		for _, raw := range req.IDs {
			cur, _, err := s.loadCipher(ctx, tx, ua, raw)
			if err != nil {
				return err
			}
			if err := storeCipherUser(ctx, tx, cur.id, c.user.id, folder, cur.favorite); err != nil {
				return err
			}
		}
		return bumpUsers(ctx, tx, s.nowMS(), c.user.id)
	})
}
