package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// VaultService answers the vault screens: sidebar, list, item view, copy.
// Every item and organization it returns is named with its account id
// (accounts.Status.UserID), since the list spans every unlocked account.
type VaultService struct{ c *Core }

// NewVaultService binds the vault screens to c.
func NewVaultService(c *Core) *VaultService { return &VaultService{c: c} }

// vaultCallTimeout bounds one bound call; they read memory, but opening a
// vault the first time decrypts it from the cache.
const vaultCallTimeout = 30 * time.Second

func (s *VaultService) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), vaultCallTimeout)
}

// vault returns an unlocked account's vault.
func (s *VaultService) vault(ctx context.Context, accountID string) (*vault.Vault, error) {
	st, err := s.c.account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	if st.Locked {
		return nil, fmt.Errorf("%s: %w", st.Email, accounts.ErrLocked)
	}
	set, err := s.c.mgr.Set(ctx)
	if err != nil {
		return nil, fmt.Errorf("open the vault of %s: %w", st.Email, err)
	}
	v, err := set.Vault(accountID)
	if err != nil {
		return nil, fmt.Errorf("open the vault of %s: %w", st.Email, err)
	}
	return v, nil
}

// unlockedVaults returns the vaults of the set that are not locked.
func unlockedVaults(set *vault.Set) []*vault.Vault {
	return slices.DeleteFunc(set.Vaults(), (*vault.Vault).Locked)
}

// --- Sidebar ---

// SidebarView is the vault sidebar: every unlocked account with its
// organizations, collections and folders, and the counts of the views
// that span them all.
type SidebarView struct {
	Accounts []SidebarAccount `json:"accounts"`
	Totals   SidebarTotals    `json:"totals"`
	// Pinned are the pinned organizations, in shortcut order
	// (Ctrl/Cmd+1..9).
	Pinned []OrgPin `json:"pinned"`
}

// SidebarAccount is one unlocked account.
type SidebarAccount struct {
	ID       string          `json:"id"`
	Email    string          `json:"email"`
	Server   string          `json:"server"` // a label: "Bitwarden US", "Sandbox", a host
	MyVault  int             `json:"myVault"`
	Orgs     []SidebarOrg    `json:"orgs"`
	Folders  []SidebarFolder `json:"folders"`
	NoFolder int             `json:"noFolder"` // personal items in no folder
}

// SidebarOrg is an organization the account is a confirmed member of.
type SidebarOrg struct {
	AccountID string `json:"accountId"`
	ID        string `json:"id"`
	Name      string `json:"name"`
	Role      string `json:"role"` // owner, admin, user, custom
	Count     int    `json:"count"`
	Damaged   bool   `json:"damaged"`
	// CanAdmin says the account may open the organization's
	// administration (admin.CanViewAdmin).
	CanAdmin bool `json:"canAdmin"`
	Pinned   bool `json:"pinned"`
	// Collections are the collection tree, flattened: parents before
	// their children, each with its depth.
	Collections []SidebarCollection `json:"collections"`
}

// SidebarCollection is one node of an organization's collection tree.
type SidebarCollection struct {
	// ID is "" for a level that only exists as the prefix of other
	// collections' names ("Network" above "Network/Firewalls").
	ID            string `json:"id"`
	Name          string `json:"name"` // the last level
	Path          string `json:"path"` // the full "Parent/Child" name
	Depth         int    `json:"depth"`
	HasChildren   bool   `json:"hasChildren"`
	Count         int    `json:"count"` // items in this collection itself
	ReadOnly      bool   `json:"readOnly"`
	HidePasswords bool   `json:"hidePasswords"`
	Manage        bool   `json:"manage"`
	Damaged       bool   `json:"damaged"`
}

// SidebarFolder is a personal folder.
type SidebarFolder struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Count   int    `json:"count"`
	Damaged bool   `json:"damaged"`
}

// SidebarTotals count across every unlocked account.
type SidebarTotals struct {
	All       int         `json:"all"`
	Favorites int         `json:"favorites"`
	Trash     int         `json:"trash"`
	Types     []TypeCount `json:"types"`
}

// TypeCount is the number of items of one type.
type TypeCount struct {
	Type  int    `json:"type"` // api.CipherType
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Sidebar returns the sidebar of every unlocked account. It lists the
// items once (and the trash once) and counts them in that one pass, so it
// stays fast with hundreds of organizations.
func (s *VaultService) Sidebar() (SidebarView, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	pins := s.c.settings.get().PinnedOrgs
	view := SidebarView{Accounts: []SidebarAccount{}, Pinned: pins, Totals: SidebarTotals{Types: []TypeCount{}}}
	set, err := s.c.mgr.Set(ctx)
	if err != nil {
		return view, fmt.Errorf("open the vaults: %w", err)
	}
	vs := unlockedVaults(set)
	if len(vs) == 0 {
		return view, nil
	}
	live, err := set.Search("", vault.Filter{}, 0)
	if err != nil {
		return view, fmt.Errorf("list the vaults: %w", err)
	}
	trash, err := set.Search("", vault.Filter{Trash: true}, 0)
	if err != nil {
		return view, fmt.Errorf("list the trash: %w", err)
	}

	type key struct{ account, id string }
	orgCount := map[key]int{}
	collCount := map[key]int{}
	folderCount := map[key]int{}
	personal := map[string]int{}
	noFolder := map[string]int{}
	types := map[api.CipherType]int{}
	for i := range live {
		r := &live[i]
		acct := r.Account.ID
		types[r.Type]++
		if r.Favorite {
			view.Totals.Favorites++
		}
		if r.OrgID == "" {
			personal[acct]++
		} else {
			orgCount[key{acct, r.OrgID}]++
		}
		for _, c := range r.CollectionIDs {
			collCount[key{acct, c}]++
		}
		if r.FolderID != "" {
			folderCount[key{acct, r.FolderID}]++
		} else if r.OrgID == "" {
			noFolder[acct]++
		}
	}
	view.Totals.All = len(live)
	view.Totals.Trash = len(trash)
	for _, t := range []api.CipherType{api.CipherLogin, api.CipherSecureNote, api.CipherCard, api.CipherIdentity,
		api.CipherSSHKey, api.CipherBankAccount, api.CipherDriversLicense, api.CipherPassport} {
		n := types[t]
		if n == 0 && t > api.CipherSSHKey {
			continue // newer types only show when there are some
		}
		view.Totals.Types = append(view.Totals.Types, TypeCount{Type: int(t), Name: typeName(t), Count: n})
	}

	pinned := map[OrgPin]bool{}
	for _, p := range pins {
		pinned[p] = true
	}
	for _, v := range vs {
		ref := v.Account()
		orgs, err := v.Orgs()
		if err != nil {
			continue // locked meanwhile
		}
		colls, err := v.Collections()
		if err != nil {
			continue
		}
		folders, err := v.Folders()
		if err != nil {
			continue
		}
		a := SidebarAccount{
			ID: ref.ID, Email: ref.Email, Server: labelServer(ref.Server, s.c.sandboxURL()),
			MyVault: personal[ref.ID], NoFolder: noFolder[ref.ID],
			Orgs: make([]SidebarOrg, 0, len(orgs)), Folders: make([]SidebarFolder, 0, len(folders)),
		}
		byOrg := map[string][]admin.Collection{}
		rights := make(map[string]vault.Collection, len(colls))
		for _, c := range colls {
			rights[c.ID] = c
			byOrg[c.OrgID] = append(byOrg[c.OrgID], admin.Collection{ID: c.ID, OrgID: c.OrgID, Name: c.Name, Damaged: c.Damaged})
		}
		for _, o := range orgs {
			so := SidebarOrg{
				AccountID: ref.ID, ID: o.ID, Name: o.Name, Role: o.Role.String(),
				Count: orgCount[key{ref.ID, o.ID}], Damaged: o.Damaged, CanAdmin: admin.CanViewAdmin(o),
				Pinned:      pinned[OrgPin{AccountID: ref.ID, OrgID: o.ID}],
				Collections: []SidebarCollection{},
			}
			admin.Walk(admin.Tree(byOrg[o.ID]), func(n *admin.Node, depth int) {
				sc := SidebarCollection{Name: n.Name, Path: n.Path, Depth: depth, HasChildren: len(n.Children) > 0}
				if n.Collection != nil {
					r := rights[n.Collection.ID]
					sc.ID, sc.Count = r.ID, collCount[key{ref.ID, r.ID}]
					sc.ReadOnly, sc.HidePasswords, sc.Manage, sc.Damaged = r.ReadOnly, r.HidePasswords, r.Manage, r.Damaged
				}
				so.Collections = append(so.Collections, sc)
			})
			a.Orgs = append(a.Orgs, so)
		}
		slices.SortFunc(a.Orgs, func(x, y SidebarOrg) int {
			return cmp.Or(cmp.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)), cmp.Compare(x.ID, y.ID))
		})
		for _, f := range folders {
			a.Folders = append(a.Folders, SidebarFolder{ID: f.ID, Name: f.Name, Count: folderCount[key{ref.ID, f.ID}], Damaged: f.Damaged})
		}
		slices.SortFunc(a.Folders, func(x, y SidebarFolder) int {
			return cmp.Or(cmp.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)), cmp.Compare(x.ID, y.ID))
		})
		view.Accounts = append(view.Accounts, a)
	}
	slices.SortFunc(view.Accounts, func(x, y SidebarAccount) int {
		return cmp.Or(cmp.Compare(x.Email, y.Email), cmp.Compare(x.Server, y.Server))
	})
	return view, nil
}

// typeName is the label of an item type.
func typeName(t api.CipherType) string {
	switch t {
	case api.CipherLogin:
		return "Login"
	case api.CipherSecureNote:
		return "Secure note"
	case api.CipherCard:
		return "Card"
	case api.CipherIdentity:
		return "Identity"
	case api.CipherSSHKey:
		return "SSH key"
	case api.CipherBankAccount:
		return "Bank account"
	case api.CipherDriversLicense:
		return "Driver's licence"
	case api.CipherPassport:
		return "Passport"
	}
	return "Unknown"
}

// --- Search ---

// SearchQuery is what the list shows: the search text, a filter and the
// page of results it wants.
type SearchQuery struct {
	Text         string `json:"text"`
	AccountID    string `json:"accountId"`
	OrgID        string `json:"orgId"` // an organization id, "personal" or ""
	CollectionID string `json:"collectionId"`
	FolderID     string `json:"folderId"` // a folder id, "none" or ""
	Type         int    `json:"type"`     // api.CipherType, 0 for every type
	Favorites    bool   `json:"favorites"`
	Trash        bool   `json:"trash"`
	Offset       int    `json:"offset"`
	Limit        int    `json:"limit"` // 0 means DefaultPageSize
}

// Page sizes of Search.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
	maxQueryLen     = 1000
)

// SearchPage is one page of results and how many there are in all.
type SearchPage struct {
	Text   string      `json:"text"` // the query's text, as given
	Total  int         `json:"total"`
	Offset int         `json:"offset"`
	Rows   []SearchRow `json:"rows"`
}

// SearchRow is one item in the list.
type SearchRow struct {
	ID              string   `json:"id"`
	AccountID       string   `json:"accountId"`
	AccountEmail    string   `json:"accountEmail"`
	Name            string   `json:"name"`
	Username        string   `json:"username"`
	Host            string   `json:"host"`
	Type            int      `json:"type"`
	OrgID           string   `json:"orgId"`   // "" for a personal item
	OrgName         string   `json:"orgName"` // "" for a personal item
	Collections     []string `json:"collections"`
	Favorite        bool     `json:"favorite"`
	Deleted         bool     `json:"deleted"`
	Damaged         bool     `json:"damaged"`
	CanEdit         bool     `json:"canEdit"`
	CanViewPassword bool     `json:"canViewPassword"`
	HasPassword     bool     `json:"hasPassword"`
	HasTOTP         bool     `json:"hasTotp"`
	Reprompt        bool     `json:"reprompt"`
}

// Search searches every unlocked account, ranked (name, then username,
// host, notes), and returns the page q asks for. Each page searches again:
// finding and ranking every match is cheap (a few ms at 50,000 items);
// only the page's rows are built.
func (s *VaultService) Search(q SearchQuery) (SearchPage, error) {
	page := SearchPage{Text: q.Text, Offset: q.Offset, Rows: []SearchRow{}}
	switch {
	case q.Offset < 0:
		return page, invalid("the page offset cannot be negative")
	case q.Limit < 0 || q.Limit > MaxPageSize:
		return page, invalid(fmt.Sprintf("a page holds 1 to %d items", MaxPageSize))
	case len(q.Text) > maxQueryLen:
		return page, invalid(fmt.Sprintf("the search text is longer than %d characters", maxQueryLen))
	case q.Type < 0 || q.Type > int(api.CipherPassport):
		return page, invalid(fmt.Sprintf("unknown item type %d", q.Type))
	}
	limit := q.Limit
	if limit == 0 {
		limit = DefaultPageSize
	}
	ctx, cancel := s.ctx()
	defer cancel()
	set, err := s.c.mgr.Set(ctx)
	if err != nil {
		return page, fmt.Errorf("open the vaults: %w", err)
	}
	if len(unlockedVaults(set)) == 0 {
		return page, nil // nothing unlocked: nothing to list
	}
	f := vault.Filter{
		AccountID: q.AccountID, OrgID: q.OrgID, CollectionID: q.CollectionID, FolderID: q.FolderID,
		Type: api.CipherType(q.Type), Favorites: q.Favorites, Trash: q.Trash,
	}
	results, total, err := set.SearchPage(q.Text, f, q.Offset, limit)
	if err != nil {
		return page, fmt.Errorf("search: %w", err)
	}
	page.Total = total
	for i := range results {
		page.Rows = append(page.Rows, searchRow(&results[i]))
	}
	return page, nil
}

func searchRow(r *vault.Result) SearchRow {
	names := r.CollectionNames
	if names == nil {
		names = []string{}
	}
	return SearchRow{
		ID: r.ID, AccountID: r.Account.ID, AccountEmail: r.Account.Email,
		Name: r.Name, Username: r.Username, Host: r.Host, Type: int(r.Type),
		OrgID: r.OrgID, OrgName: r.OrgName, Collections: names,
		Favorite: r.Favorite, Deleted: r.Deleted, Damaged: r.Damaged, CanEdit: r.CanEdit,
		CanViewPassword: r.CanViewPassword, HasPassword: r.HasPassword, HasTOTP: r.HasTOTP, Reprompt: r.Reprompt,
	}
}

// --- Pinned organizations ---

// PinOrg pins or unpins an organization; pinned organizations get the
// shortcuts Ctrl/Cmd+1..9 in the order they were pinned.
func (s *VaultService) PinOrg(accountID, orgID string, pinned bool) (Settings, error) {
	if accountID == "" || orgID == "" {
		return s.c.settings.get(), invalid("name the account and the organization to pin")
	}
	p := OrgPin{AccountID: accountID, OrgID: orgID}
	if pinned {
		cur := s.c.settings.get().PinnedOrgs
		if !slices.Contains(cur, p) && len(cur) >= MaxPinnedOrgs {
			return s.c.settings.get(), invalid(fmt.Sprintf("at most %d organizations can be pinned: unpin one first", MaxPinnedOrgs))
		}
	}
	st, err := s.c.settings.update(func(st *Settings) {
		st.PinnedOrgs = slices.DeleteFunc(st.PinnedOrgs, func(q OrgPin) bool { return q == p })
		if pinned {
			st.PinnedOrgs = append(st.PinnedOrgs, p)
		}
	})
	if err != nil {
		return st, err
	}
	s.c.Emit("session:changed", nil)
	return st, nil
}
