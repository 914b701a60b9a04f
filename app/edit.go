package app

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// EditService answers the item editor, the generator and the actions that
// change items: trash, restore, delete, move to an organization, set
// collections and the bulk actions. Every write goes through
// accounts.Manager.Edit, which syncs afterwards, and then emits
// "vault:changed" so that the lists reload.
//
// The editor works on an ItemForm (edit_form.go): the item without its
// hidden values, which come as null with a flag, and go back as null for
// "unchanged". Save merges the form over the item as it is now and lets the
// server refuse an edit made from a stale copy (code "conflict"); Changes
// then tells what changed on the server, and the editor saves the user's
// changes again on top of the new revision.
type EditService struct {
	c *Core
	// tagKey keys the tags that tell whether a hidden value changed on the
	// server since a form was read (see editTagger). Random per run, never
	// leaves the process.
	tagKey [32]byte
}

// NewEditService binds the editing screens to c.
func NewEditService(c *Core) *EditService {
	s := &EditService{c: c}
	rand.Read(s.tagKey[:])
	return s
}

// editTimeout bounds one edit: a request, then a sync that may be a full
// one on a large vault.
const editTimeout = 2 * time.Minute

func (s *EditService) context() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), editTimeout)
}

// SavedItem names the item a save or create produced, for the list to
// select it.
type SavedItem struct {
	AccountID    string `json:"accountId"`
	ID           string `json:"id"`
	Name         string `json:"name"`
	RevisionDate string `json:"revisionDate"`
}

// BulkItem names one item of a bulk action.
type BulkItem struct {
	AccountID string `json:"accountId"`
	ID        string `json:"id"`
}

// BulkResult is what a bulk action did to one item: done, or why not.
type BulkResult struct {
	AccountID string   `json:"accountId"`
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Done      bool     `json:"done"`
	Error     *UIError `json:"error,omitempty"`
}

// Targets are what the pickers of the editor and the move dialogs offer.
type Targets struct {
	Folders []FolderOption `json:"folders"`
	// Orgs are the organizations with at least one collection the account
	// may add items to; read-only collections are left out.
	Orgs []OrgTarget `json:"orgs"`
}

// FolderOption is a personal folder.
type FolderOption struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// OrgTarget is an organization with the collections items can go into.
type OrgTarget struct {
	ID          string             `json:"id"`
	Name        string             `json:"name"`
	Collections []CollectionOption `json:"collections"`
}

// CollectionOption is a collection; Name may be "Parent/Child".
type CollectionOption struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// vaultOf returns the unlocked vault of an account and its status.
func (s *EditService) vaultOf(ctx context.Context, accountID string) (accounts.Status, *vault.Vault, error) {
	st, err := s.c.account(ctx, accountID)
	if err != nil {
		return st, nil, err
	}
	v, err := s.c.mgr.Vault(ctx, st.Email)
	if err != nil {
		return st, nil, err
	}
	return st, v, nil
}

// edit runs f as one server change of the account, then tells the screens.
func (s *EditService) edit(ctx context.Context, accountID string, f func(v *vault.Vault, c vault.CipherAPI) error) error {
	st, err := s.c.account(ctx, accountID)
	if err != nil {
		return err
	}
	if err := s.c.mgr.Edit(ctx, st.Email, f); err != nil {
		return err
	}
	s.changed(accountID)
	return nil
}

// changed tells the screens that items of the account changed.
func (s *EditService) changed(accountID string) {
	s.c.Emit("vault:changed", map[string]string{"accountId": accountID})
}

// saved describes item id as the synced vault now has it.
func (s *EditService) saved(ctx context.Context, accountID, id string) (SavedItem, error) {
	out := SavedItem{AccountID: accountID, ID: id}
	_, v, err := s.vaultOf(ctx, accountID)
	if err != nil {
		return out, err
	}
	sum, err := v.Summary(id)
	if err != nil {
		// Saved, but the sync did not bring it (a collection the user
		// cannot see): the id is still right.
		return out, nil
	}
	out.Name, out.RevisionDate = sum.Name, editTime(sum.RevisionDate)
	return out, nil
}

// Form returns the editable state of an item, without its hidden values.
func (s *EditService) Form(accountID, id string) (ItemForm, error) {
	ctx, cancel := s.context()
	defer cancel()
	_, v, err := s.vaultOf(ctx, accountID)
	if err != nil {
		return ItemForm{}, err
	}
	it, err := v.Item(id)
	if err != nil {
		return ItemForm{}, fmt.Errorf("open item %s: %w", id, err)
	}
	defer it.Clear()
	return s.tagger(accountID, id).form(it), nil
}

// Save saves the form as the new state of item id. Null hidden values keep
// what the item has. A form read from an older revision than the server's
// is refused with code "conflict" and nothing is changed: call Changes,
// then Save again with the current revision.
func (s *EditService) Save(accountID, id string, form ItemForm) (SavedItem, error) {
	ctx, cancel := s.context()
	defer cancel()
	st, err := s.c.account(ctx, accountID)
	if err != nil {
		return SavedItem{}, err
	}
	base, err := editRevision(form.RevisionDate)
	if err != nil {
		return SavedItem{}, err
	}
	// Bring the local copy up to date first (a cheap revision check when
	// nothing moved), so that an edit behind the form's back is caught
	// here, exactly, rather than left to the server's clock tolerance.
	if _, err := s.c.mgr.Sync(ctx, st.Email, false); err != nil {
		return SavedItem{}, fmt.Errorf("save item %s: %w", id, err)
	}
	err = s.edit(ctx, accountID, func(v *vault.Vault, c vault.CipherAPI) error {
		sum, err := v.Summary(id)
		if err != nil {
			return err
		}
		if !sum.RevisionDate.Equal(base) {
			return fmt.Errorf("save item %s: %w", id, vault.ErrConflict)
		}
		cur, err := v.EditItem(id)
		if err != nil {
			return err
		}
		e, err := form.apply(cur)
		if err != nil {
			return err
		}
		// Update keeps the item's own history and adds a changed password.
		e.PasswordHistory = nil
		_, err = v.Update(ctx, c, id, e)
		return err
	})
	if err != nil {
		return SavedItem{}, err
	}
	return s.saved(ctx, accountID, id)
}

// Create creates an item from the form: in the personal vault, or in
// form.OrgID and its collections (at least one).
func (s *EditService) Create(accountID string, form ItemForm) (SavedItem, error) {
	return s.create(accountID, "", form)
}

// Clone creates an item from the form, as a copy of item sourceID: hidden
// values left null are copied from the source. The form says where the
// copy goes (personal, or an organization and its collections).
func (s *EditService) Clone(accountID, sourceID string, form ItemForm) (SavedItem, error) {
	if sourceID == "" {
		return SavedItem{}, invalid("choose the item to clone")
	}
	return s.create(accountID, sourceID, form)
}

func (s *EditService) create(accountID, sourceID string, form ItemForm) (SavedItem, error) {
	ctx, cancel := s.context()
	defer cancel()
	if err := form.checkPlace(); err != nil {
		return SavedItem{}, err
	}
	var id string
	err := s.edit(ctx, accountID, func(v *vault.Vault, c vault.CipherAPI) error {
		base := &vault.EditItem{Type: form.apiType()}
		if sourceID != "" {
			sum, err := v.Summary(sourceID)
			if err != nil {
				return err
			}
			if !sum.CanViewPassword {
				// As in Bitwarden: the copy would lose what the user
				// cannot see, or expose it.
				return fmt.Errorf("clone item %s: %w", sourceID, vault.ErrHiddenByAccess)
			}
			if base, err = v.EditItem(sourceID); err != nil {
				return err
			}
		}
		e, err := form.apply(base)
		if err != nil {
			return err
		}
		e.OrganizationID, e.CollectionIDs = form.OrgID, slices.Clone(form.CollectionIDs)
		out, err := v.Create(ctx, c, e)
		if err != nil {
			return err
		}
		id = out.ID
		return nil
	})
	if err != nil {
		return SavedItem{}, err
	}
	return s.saved(ctx, accountID, id)
}

// Change is one difference between the item as a form read it and the item
// now. Secret values are never shown: Secret is set and Old and New are
// empty ("Password changed").
type Change struct {
	Field  string `json:"field"`
	Old    string `json:"old"`
	New    string `json:"new"`
	Secret bool   `json:"secret"`
}

// Changes syncs the account and lists what changed on the server in item
// id since form (as it was read, not as the user edited it) was read.
// After a conflict the editor shows these next to "Apply my changes again".
func (s *EditService) Changes(accountID, id string, form ItemForm) ([]Change, error) {
	ctx, cancel := s.context()
	defer cancel()
	st, err := s.c.account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	res, err := s.c.mgr.Sync(ctx, st.Email, false)
	if err != nil {
		return nil, fmt.Errorf("read the server's copy of item %s: %w", id, err)
	}
	if res.Synced {
		s.changed(accountID)
	}
	v, err := s.c.mgr.Vault(ctx, st.Email)
	if err != nil {
		return nil, err
	}
	it, err := v.Item(id)
	if err != nil {
		return nil, fmt.Errorf("read the server's copy of item %s: %w", id, err)
	}
	defer it.Clear()
	now := s.tagger(accountID, id).form(it)
	return editDiff(&form, &now), nil
}

// Targets returns the folders and the organizations with the collections
// the account may add items to, for the editor's and the dialogs' pickers.
func (s *EditService) Targets(accountID string) (Targets, error) {
	ctx, cancel := s.context()
	defer cancel()
	_, v, err := s.vaultOf(ctx, accountID)
	if err != nil {
		return Targets{}, err
	}
	folders, err := v.Folders()
	if err != nil {
		return Targets{}, err
	}
	orgs, err := v.Orgs()
	if err != nil {
		return Targets{}, err
	}
	colls, err := v.Collections()
	if err != nil {
		return Targets{}, err
	}
	out := Targets{Folders: []FolderOption{}, Orgs: []OrgTarget{}}
	for _, f := range folders {
		if !f.Damaged {
			out.Folders = append(out.Folders, FolderOption{ID: f.ID, Name: f.Name})
		}
	}
	byOrg := map[string][]CollectionOption{}
	for _, c := range colls {
		if !c.Damaged && !c.ReadOnly {
			byOrg[c.OrgID] = append(byOrg[c.OrgID], CollectionOption{ID: c.ID, Name: c.Name})
		}
	}
	for _, o := range orgs {
		if o.Damaged || len(byOrg[o.ID]) == 0 {
			continue
		}
		cs := byOrg[o.ID]
		slices.SortFunc(cs, func(a, b CollectionOption) int { return editCompareNames(a.Name, b.Name) })
		out.Orgs = append(out.Orgs, OrgTarget{ID: o.ID, Name: o.Name, Collections: cs})
	}
	slices.SortFunc(out.Folders, func(a, b FolderOption) int { return editCompareNames(a.Name, b.Name) })
	slices.SortFunc(out.Orgs, func(a, b OrgTarget) int { return editCompareNames(a.Name, b.Name) })
	return out, nil
}

func editCompareNames(a, b string) int {
	return cmp.Or(strings.Compare(strings.ToLower(a), strings.ToLower(b)), strings.Compare(a, b))
}

// Trash moves an item to the trash.
func (s *EditService) Trash(accountID, id string) error {
	ctx, cancel := s.context()
	defer cancel()
	return s.edit(ctx, accountID, func(v *vault.Vault, c vault.CipherAPI) error {
		return v.Trash(ctx, c, id)
	})
}

// Restore takes an item out of the trash.
func (s *EditService) Restore(accountID, id string) error {
	ctx, cancel := s.context()
	defer cancel()
	return s.edit(ctx, accountID, func(v *vault.Vault, c vault.CipherAPI) error {
		_, err := v.Restore(ctx, c, id)
		return err
	})
}

// DeletePermanently deletes an item for good; the screen asks first.
func (s *EditService) DeletePermanently(accountID, id string) error {
	ctx, cancel := s.context()
	defer cancel()
	return s.edit(ctx, accountID, func(v *vault.Vault, c vault.CipherAPI) error {
		return v.Delete(ctx, c, id)
	})
}

// MoveToOrg moves a personal item into an organization and its
// collections (at least one).
func (s *EditService) MoveToOrg(accountID, id, orgID string, collectionIDs []string) error {
	if orgID == "" {
		return invalid("choose the organization to move the item to")
	}
	if len(collectionIDs) == 0 {
		return invalid("choose at least one collection of the organization")
	}
	ctx, cancel := s.context()
	defer cancel()
	return s.edit(ctx, accountID, func(v *vault.Vault, c vault.CipherAPI) error {
		_, err := v.Share(ctx, c, id, orgID, collectionIDs)
		return err
	})
}

// SetCollections sets the collections of an organization item.
func (s *EditService) SetCollections(accountID, id string, collectionIDs []string) error {
	if len(collectionIDs) == 0 {
		return invalid("an item in an organization needs at least one collection")
	}
	ctx, cancel := s.context()
	defer cancel()
	return s.edit(ctx, accountID, func(v *vault.Vault, c vault.CipherAPI) error {
		_, err := v.SetCollections(ctx, c, id, collectionIDs)
		return err
	})
}

// BulkMoveToFolder puts the items in a folder of their account ("" takes
// them out of their folder). Folders belong to one account, so with a
// folder every item must be of that folder's account; items of other
// accounts, and unknown ones, are reported and the others still moved.
func (s *EditService) BulkMoveToFolder(items []BulkItem, folderID string) ([]BulkResult, error) {
	ctx, cancel := s.context()
	defer cancel()
	out := make([]BulkResult, len(items))
	var accountsInOrder []string
	byAccount := map[string][]int{}
	for i, it := range items {
		out[i] = BulkResult{AccountID: it.AccountID, ID: it.ID}
		if byAccount[it.AccountID] == nil {
			accountsInOrder = append(accountsInOrder, it.AccountID)
		}
		byAccount[it.AccountID] = append(byAccount[it.AccountID], i)
	}
	fail := func(i int, err error) { out[i].Error = FormatError(err).(*UIError) }
	for _, accountID := range accountsInOrder {
		idx := byAccount[accountID]
		_, v, err := s.vaultOf(ctx, accountID)
		if err != nil {
			for _, i := range idx {
				fail(i, err)
			}
			continue
		}
		if folderID != "" && !editHasFolder(v, folderID) {
			for _, i := range idx {
				fail(i, errors.New("the folder is in another account: folders belong to one account"))
			}
			continue
		}
		var ids []string
		var moving []int
		for _, i := range idx {
			sum, err := v.Summary(items[i].ID)
			if err != nil {
				fail(i, fmt.Errorf("item %s: %w", items[i].ID, err))
				continue
			}
			out[i].Name = sum.Name
			if !slices.Contains(ids, items[i].ID) {
				ids = append(ids, items[i].ID)
			}
			moving = append(moving, i)
		}
		if len(ids) == 0 {
			continue
		}
		err = s.edit(ctx, accountID, func(v *vault.Vault, c vault.CipherAPI) error {
			return v.MoveToFolder(ctx, c, ids, folderID)
		})
		for _, i := range moving {
			if err != nil {
				fail(i, err)
			} else {
				out[i].Done = true
			}
		}
	}
	return out, nil
}

func editHasFolder(v *vault.Vault, id string) bool {
	fs, err := v.Folders()
	return err == nil && slices.ContainsFunc(fs, func(f vault.Folder) bool { return f.ID == id })
}

// BulkSetCollections gives every item the collections collectionIDs (of
// one organization). It goes on past an item refused on its own and
// reports each; it stops only at a failure that would fail them all (the
// server unreachable), with the results so far.
func (s *EditService) BulkSetCollections(items []BulkItem, collectionIDs []string) ([]BulkResult, error) {
	if len(collectionIDs) == 0 {
		return nil, invalid("choose at least one collection")
	}
	ctx, cancel := s.context()
	defer cancel()
	out := make([]BulkResult, len(items))
	ids := make([]string, len(items))
	set, err := s.c.mgr.Set(ctx)
	if err != nil {
		return nil, err
	}
	for i, it := range items {
		out[i] = BulkResult{AccountID: it.AccountID, ID: it.ID}
		ids[i] = it.ID
		if v, err := set.Vault(it.AccountID); err == nil {
			if sum, err := v.Summary(it.ID); err == nil {
				out[i].Name = sum.Name
			}
		}
	}
	results, err := s.c.mgr.SetCollectionsOfMany(ctx, ids, collectionIDs)
	done := map[string]bool{}
	for i, r := range results {
		out[i].Done = r.Done
		switch {
		case r.Err != nil:
			out[i].Error = FormatError(r.Err).(*UIError)
		case !r.Done && err != nil:
			out[i].Error = &UIError{Code: CodeCancelled, Message: "not tried: an earlier failure stopped the change"}
		}
		if r.Done {
			done[items[i].AccountID] = true
		}
	}
	for accountID := range done {
		s.changed(accountID)
	}
	return out, err
}

// editTime is how times cross to the frontend.
func editTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// editRevision reads a form's revision date.
func editRevision(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, invalid("the form has no valid revision date: open the item again")
	}
	return t, nil
}
