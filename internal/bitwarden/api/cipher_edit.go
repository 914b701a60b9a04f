package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
)

// ErrConflict means the server refused to save an item because the copy
// it was edited from is out of date (the item's lastKnownRevisionDate no
// longer matches, §4.4): sync, then re-apply the edit.
var ErrConflict = errors.New("item is out of date")

// ConflictError is the server's "out of date" refusal. It matches
// [ErrConflict] with errors.Is and unwraps to the [*StatusError].
type ConflictError struct{ Err error }

func (e *ConflictError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *ConflictError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrConflict) work.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// conflict turns the servers' "out of date" HTTP 400 into a ConflictError.
// Bitwarden says "…cannot be saved because it is out of date…",
// Vaultwarden "The client copy of this cipher is out of date…".
func conflict(err error) error {
	var se *StatusError
	if errors.As(err, &se) && se.Code == http.StatusBadRequest && strings.Contains(strings.ToLower(se.Message), "out of date") {
		return &ConflictError{Err: err}
	}
	return err
}

// UpdateCipher saves an edited item (PUT /api/ciphers/{id}). Set
// r.LastKnownRevisionDate so that the server refuses an out-of-date copy
// with an error matching [ErrConflict].
func (c *Client) UpdateCipher(ctx context.Context, id string, r *CipherRequest) (*Cipher, error) {
	in := *r
	in.Fields, in.PasswordHistory = nonNil(in.Fields), nonNil(in.PasswordHistory)
	out, err := put[Cipher](ctx, c, "/api/ciphers/"+esc(id), &in)
	return out, conflict(err)
}

// ShareCipher moves a personal item into an organization
// (PUT /api/ciphers/{id}/share). r must be encrypted for the organization
// and have OrganizationID set; collectionIDs must not be empty.
func (c *Client) ShareCipher(ctx context.Context, id string, r *CipherRequest, collectionIDs []string) (*Cipher, error) {
	in := struct {
		Cipher        *CipherRequest `json:"cipher"`
		CollectionIDs []string       `json:"collectionIds"`
	}{r, nonNil(collectionIDs)}
	out, err := put[Cipher](ctx, c, "/api/ciphers/"+esc(id)+"/share", in)
	return out, conflict(err)
}

// SetCipherCollections replaces an organization item's collections
// (PUT /api/ciphers/{id}/collections_v2). It returns the updated item, or
// nil when the user can no longer see it.
func (c *Client) SetCipherCollections(ctx context.Context, id string, collectionIDs []string) (*Cipher, error) {
	var out struct {
		Unavailable bool    `json:"unavailable"`
		Cipher      *Cipher `json:"cipher"`
	}
	in := map[string][]string{"collectionIds": nonNil(collectionIDs)}
	if err := c.do(ctx, http.MethodPut, "/api/ciphers/"+esc(id)+"/collections_v2", in, &out); err != nil {
		return nil, err
	}
	if out.Unavailable {
		return nil, nil
	}
	return out.Cipher, nil
}

// SoftDeleteCipher moves an item to the trash (PUT /api/ciphers/{id}/delete);
// it is [Client.DeleteCipher] under a name that says what it does.
func (c *Client) SoftDeleteCipher(ctx context.Context, id string) error {
	return c.DeleteCipher(ctx, id)
}

// RestoreCipher takes an item out of the trash (PUT /api/ciphers/{id}/restore).
func (c *Client) RestoreCipher(ctx context.Context, id string) (*Cipher, error) {
	return put[Cipher](ctx, c, "/api/ciphers/"+esc(id)+"/restore", nil)
}

// HardDeleteCipher deletes an item permanently (DELETE /api/ciphers/{id}).
func (c *Client) HardDeleteCipher(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, "/api/ciphers/"+esc(id), nil, nil)
}

// MoveCiphers puts personal items into a folder, or into none when folderID
// is "" (PUT /api/ciphers/move).
func (c *Client) MoveCiphers(ctx context.Context, ids []string, folderID string) error {
	in := struct {
		IDs      []string `json:"ids"`
		FolderID *string  `json:"folderId"`
	}{IDs: nonNil(ids)}
	if folderID != "" {
		in.FolderID = &folderID
	}
	return c.do(ctx, http.MethodPut, "/api/ciphers/move", &in, nil)
}
