package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
)

// Folders are per user; their names are EncStrings under the user key (§4.6).

func folderJSON(id, name string, revisionUS int64) map[string]any {
	return map[string]any{"id": id, "name": name, "revisionDate": formatMicros(revisionUS), "object": "folder"}
}

func (s *Server) folderList(ctx context.Context, q querier, userID string) ([]map[string]any, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, name, revision_us FROM folders WHERE user_id = ? ORDER BY id", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []map[string]any{}
	for rows.Next() {
		var id, name string
		var rev int64
		if err := rows.Scan(&id, &name, &rev); err != nil {
			return nil, err
		}
		out = append(out, folderJSON(id, name, rev))
	}
	return out, rows.Err()
}

func (s *Server) listFolders(r *http.Request, c *caller) (any, error) {
	folders, err := s.folderList(r.Context(), s.db, c.user.id)
	if err != nil {
		return nil, err
	}
	return list(folders), nil
}

func (s *Server) loadFolder(ctx context.Context, q querier, userID, id string) (map[string]any, error) {
	if !validID(id) {
		return nil, errNotFound("Folder")
	}
	var name string
	var rev int64
	err := q.QueryRowContext(ctx, "SELECT name, revision_us FROM folders WHERE id = ? AND user_id = ?", normID(id), userID).Scan(&name, &rev)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound("Folder")
	}
	if err != nil {
		return nil, err
	}
	return folderJSON(normID(id), name, rev), nil
}

func (s *Server) getFolder(r *http.Request, c *caller) (any, error) {
	return s.loadFolder(r.Context(), s.db, c.user.id, r.PathValue("id"))
}

type folderRequest struct {
	Name string `json:"name"`
}

func decodeFolder(r *http.Request) (*folderRequest, error) {
	var req folderRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	if err := checkEnc(req.Name, "name"); err != nil {
		return nil, errBadRequest("%v.", err)
	}
	return &req, nil
}

func (s *Server) createFolder(r *http.Request, c *caller) (any, error) {
	req, err := decodeFolder(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	id := newID()
	now := s.nowUS()
	err = s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO folders (id, user_id, name, revision_us) VALUES (?, ?, ?, ?)", id, c.user.id, req.Name, now); err != nil {
			return err
		}
		return bumpUsers(ctx, tx, s.nowMS(), c.user.id)
	})
	if err != nil {
		return nil, err
	}
	return folderJSON(id, req.Name, now), nil
}

func (s *Server) updateFolder(r *http.Request, c *caller) (any, error) {
	req, err := decodeFolder(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	var out map[string]any
	err = s.write(ctx, func(tx *sql.Tx) error {
		f, err := s.loadFolder(ctx, tx, c.user.id, r.PathValue("id"))
		if err != nil {
			return err
		}
		id := f["id"].(string)
		now := s.nowUS()
		if _, err := tx.ExecContext(ctx, "UPDATE folders SET name = ?, revision_us = ? WHERE id = ?", req.Name, now, id); err != nil {
			return err
		}
		out = folderJSON(id, req.Name, now)
		return bumpUsers(ctx, tx, s.nowMS(), c.user.id)
	})
	return out, err
}

func (s *Server) deleteFolder(r *http.Request, c *caller) (any, error) {
	ctx := r.Context()
	return nil, s.write(ctx, func(tx *sql.Tx) error {
		f, err := s.loadFolder(ctx, tx, c.user.id, r.PathValue("id"))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM folders WHERE id = ?", f["id"]); err != nil {
			return err
		}
		return bumpUsers(ctx, tx, s.nowMS(), c.user.id)
	})
}
