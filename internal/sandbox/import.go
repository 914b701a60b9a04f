package sandbox

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
)

type relationship struct {
	Key   int `json:"key"`
	Value int `json:"value"`
}

type importRequest struct {
	Ciphers []cipherRequest `json:"ciphers"`
	Folders []struct {
		Name string `json:"name"`
	} `json:"folders"`
	FolderRelationships []relationship `json:"folderRelationships"`
	Collections         []struct {
		ID         *string `json:"id"`
		Name       string  `json:"name"`
		ExternalID *string `json:"externalId"`
	} `json:"collections"`
	CollectionRelationships []relationship `json:"collectionRelationships"`
}

const maxImport = 50_000

func parseImport(r *http.Request) (*importRequest, []*parsedCipher, error) {
	var req importRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, nil, err
	}
	if len(req.Ciphers) > maxImport {
		return nil, nil, errBadRequest("At most %d items can be imported at once.", maxImport)
	}
	parsed := make([]*parsedCipher, len(req.Ciphers))
	for i := range req.Ciphers {
		p, err := req.Ciphers[i].parse(fmt.Sprintf("Cipher %d: ", i))
		if err != nil {
			return nil, nil, err
		}
		parsed[i] = p
	}
	return &req, parsed, nil
}

func checkRelationships(rels []relationship, nCiphers, nTargets int, what string) error {
	for _, rel := range rels {
		if rel.Key < 0 || rel.Key >= nCiphers || rel.Value < 0 || rel.Value >= nTargets {
			return errBadRequest("A %s relationship refers to an item or %s that is not in the import.", what, what)
		}
	}
	return nil
}

// bulkInserter inserts many ciphers in one transaction with prepared
// statements.
type bulkInserter struct {
	cipher, cipherUser, cipherColl *sql.Stmt
}

func prepareBulk(ctx context.Context, tx *sql.Tx) (*bulkInserter, error) {
	var b bulkInserter
	var err error
	if b.cipher, err = tx.PrepareContext(ctx, `INSERT INTO ciphers (id, user_id, org_id, type, data, created_us, revision_us)
		VALUES (?, ?, ?, ?, ?, ?, ?)`); err != nil {
		return nil, err
	}
	if b.cipherUser, err = tx.PrepareContext(ctx, `INSERT INTO cipher_user (cipher_id, user_id, folder_id, favorite) VALUES (?, ?, ?, ?)`); err != nil {
		return nil, err
	}
	if b.cipherColl, err = tx.PrepareContext(ctx, `INSERT OR IGNORE INTO cipher_collections (cipher_id, collection_id) VALUES (?, ?)`); err != nil {
		return nil, err
	}
	return &b, nil
}

func (b *bulkInserter) close() {
	b.cipher.Close()
	b.cipherUser.Close()
	b.cipherColl.Close()
}

// importCiphers is POST /api/ciphers/import: personal items and folders.
func (s *Server) importCiphers(r *http.Request, c *caller) (any, error) {
	req, parsed, err := parseImport(r)
	if err != nil {
		return nil, err
	}
	for i, f := range req.Folders {
		if err := checkEnc(f.Name, fmt.Sprintf("folders[%d].name", i)); err != nil {
			return nil, errBadRequest("%v.", err)
		}
	}
	if err := checkRelationships(req.FolderRelationships, len(parsed), len(req.Folders), "folder"); err != nil {
		return nil, err
	}
	ctx := r.Context()
	return nil, s.write(ctx, func(tx *sql.Tx) error {
		nowUS := s.nowUS()
		folderIDs := make([]string, len(req.Folders))
		for i, f := range req.Folders {
			folderIDs[i] = newID()
			if _, err := tx.ExecContext(ctx, "INSERT INTO folders (id, user_id, name, revision_us) VALUES (?, ?, ?, ?)",
				folderIDs[i], c.user.id, f.Name, nowUS); err != nil {
				return err
			}
		}
		folderOf := make([]string, len(parsed))
		for _, rel := range req.FolderRelationships {
			folderOf[rel.Key] = folderIDs[rel.Value]
		}
		b, err := prepareBulk(ctx, tx)
		if err != nil {
			return err
		}
		defer b.close()
		for i, p := range parsed {
			id := newID()
			if _, err := b.cipher.ExecContext(ctx, id, c.user.id, nil, p.typ, p.data, nowUS, nowUS); err != nil {
				return err
			}
			if folderOf[i] != "" || p.favorite {
				if _, err := b.cipherUser.ExecContext(ctx, id, c.user.id, sql.NullString{String: folderOf[i], Valid: folderOf[i] != ""}, p.favorite); err != nil {
					return err
				}
			}
		}
		return bumpUsers(ctx, tx, s.nowMS(), c.user.id)
	})
}

// importOrgCiphers is POST /api/ciphers/import-organization?organizationId=:
// items and collections into an org, for Owners, Admins and Custom members
// with accessImportExport.
func (s *Server) importOrgCiphers(r *http.Request, c *caller) (any, error) {
	orgID := normID(r.URL.Query().Get("organizationId"))
	ctx := r.Context()
	m, err := s.memberOf(ctx, s.db, orgID, c.user.id)
	if err != nil {
		return nil, err
	}
	if !m.fullAccess() && !(m.custom() && m.perms.AccessImportExport) {
		return nil, errBadRequest("You do not have permission to import into this organization.")
	}
	req, parsed, err := parseImport(r)
	if err != nil {
		return nil, err
	}
	for i, col := range req.Collections {
		if err := checkEnc(col.Name, fmt.Sprintf("collections[%d].name", i)); err != nil {
			return nil, errBadRequest("%v.", err)
		}
	}
	if err := checkRelationships(req.CollectionRelationships, len(parsed), len(req.Collections), "collection"); err != nil {
		return nil, err
	}
	return nil, s.write(ctx, func(tx *sql.Tx) error {
		nowUS := s.nowUS()
		existing, err := orgCollectionSet(ctx, tx, orgID)
		if err != nil {
			return err
		}
		collIDs := make([]string, len(req.Collections))
		for i, col := range req.Collections {
			if col.ID != nil && existing[normID(*col.ID)] {
				collIDs[i] = normID(*col.ID)
				continue
			}
			collIDs[i] = newID()
			if _, err := tx.ExecContext(ctx, "INSERT INTO collections (id, org_id, name, external_id, created_us) VALUES (?, ?, ?, ?, ?)",
				collIDs[i], orgID, col.Name, col.ExternalID, nowUS); err != nil {
				return err
			}
		}
		b, err := prepareBulk(ctx, tx)
		if err != nil {
			return err
		}
		defer b.close()
		ids := make([]string, len(parsed))
		for i, p := range parsed {
			ids[i] = newID()
			if _, err := b.cipher.ExecContext(ctx, ids[i], nil, orgID, p.typ, p.data, nowUS, nowUS); err != nil {
				return err
			}
		}
		for _, rel := range req.CollectionRelationships {
			if _, err := b.cipherColl.ExecContext(ctx, ids[rel.Key], collIDs[rel.Value]); err != nil {
				return err
			}
		}
		return bumpOrg(ctx, tx, s.nowMS(), orgID)
	})
}
