package sandbox

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"strings"
)

// sync is GET /api/sync (§3). It reads one snapshot with a fixed number of
// queries whatever the vault size, and splices each cipher's stored JSON
// into the response instead of decoding it.
func (s *Server) sync(r *http.Request, c *caller) (any, error) {
	ctx := r.Context()
	excludeDomains := strings.EqualFold(r.URL.Query().Get("excludeDomains"), "true")
	b := getBuffer()
	err := s.read(ctx, func(tx *sql.Tx) error {
		u, err := s.userByID(ctx, tx, c.user.id)
		if err != nil {
			return err
		}
		ua, err := s.loadAccess(ctx, tx, u.id)
		if err != nil {
			return err
		}
		profile, err := s.profileJSON(ctx, tx, u)
		if err != nil {
			return err
		}
		folders, err := s.folderList(ctx, tx, u.id)
		if err != nil {
			return err
		}
		colls, err := s.collectionDetailsList(ctx, tx, ua)
		if err != nil {
			return err
		}
		b.WriteString(`{"object":"sync","profile":`)
		if err := appendJSON(b, profile); err != nil {
			return err
		}
		b.WriteString(`,"folders":`)
		if err := appendJSON(b, folders); err != nil {
			return err
		}
		b.WriteString(`,"collections":`)
		if err := appendJSON(b, colls); err != nil {
			return err
		}
		b.WriteString(`,"ciphers":`)
		if err := s.appendCiphersFor(ctx, tx, b, ua); err != nil {
			return err
		}
		b.WriteString(`,"policies":[],"sends":[],"domains":`)
		if excludeDomains {
			b.WriteString("null")
		} else {
			b.WriteString(`{"equivalentDomains":[],"globalEquivalentDomains":[],"object":"domains"}`)
		}
		b.WriteString(`,"userDecryption":`)
		p := u.kdfParams()
		mem, par := kdfValues(p)
		if err := appendJSON(b, map[string]any{
			"masterPasswordUnlock": map[string]any{
				"kdf":                       map[string]any{"kdfType": int(p.Type), "iterations": p.Iterations, "memory": mem, "parallelism": par},
				"masterKeyEncryptedUserKey": u.akey,
				"masterKeyWrappedUserKey":   u.akey,
				"salt":                      u.email,
			},
			"userKeyId": nullString(u.userKeyID),
		}); err != nil {
			return err
		}
		b.WriteByte('}')
		return nil
	})
	if err != nil {
		putBuffer(b)
		return nil, err
	}
	return pooledJSON{b}, nil
}

func appendJSON(b *bytes.Buffer, v any) error {
	enc, err := jsonMarshal(v)
	if err != nil {
		return err
	}
	b.Write(enc)
	return nil
}

// appendVisibleCiphers writes a JSON array of every cipher the user sees.
func (s *Server) appendVisibleCiphers(ctx context.Context, q querier, b *bytes.Buffer, userID string) error {
	ua, err := s.loadAccess(ctx, q, userID)
	if err != nil {
		return err
	}
	return s.appendCiphersFor(ctx, q, b, ua)
}

const activeOrgs = "SELECT org_id FROM members WHERE user_id = ?1 AND status = 2 AND revoked = 0"

func (s *Server) appendCiphersFor(ctx context.Context, q querier, b *bytes.Buffer, ua *userAccess) error {
	colls := map[string][]string{}
	if len(ua.orgs) > 0 {
		rows, err := q.QueryContext(ctx, `SELECT cc.cipher_id, cc.collection_id FROM cipher_collections cc
			JOIN collections col ON col.id = cc.collection_id
			WHERE col.org_id IN (`+activeOrgs+`) ORDER BY cc.cipher_id, cc.collection_id`, ua.userID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var cid, collID string
			if err := rows.Scan(&cid, &collID); err != nil {
				rows.Close()
				return err
			}
			colls[cid] = append(colls[cid], collID)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	rows, err := q.QueryContext(ctx, cipherSelect+` WHERE c.user_id = ?1 OR c.org_id IN (`+activeOrgs+`)`, ua.userID)
	if err != nil {
		return err
	}
	defer rows.Close()
	b.WriteByte('[')
	first := true
	var c cipherRow
	for rows.Next() {
		if err := rows.Scan(&c.id, &c.userID, &c.orgID, &c.typ, &c.data, &c.createdUS, &c.revisionUS, &c.deletedUS, &c.folderID, &c.favorite); err != nil {
			return err
		}
		c.collIDs = colls[c.id]
		acc, ok := ua.cipher(c.userID, c.orgID, c.collIDs)
		if !ok {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		appendCipher(b, &c, acc, ua.visibleCollections(c.orgID.String, c.collIDs))
	}
	b.WriteByte(']')
	return rows.Err()
}
