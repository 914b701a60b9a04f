package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/totp"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// readFlags are the flags of the commands that read unlocked vaults.
type readFlags struct {
	accountFlags
	all    bool
	asJSON bool
}

func (f *readFlags) add(fs *flag.FlagSet) {
	f.accountFlags.add(fs, true)
	fs.BoolVar(&f.all, "all-accounts", false, "every unlocked account, not only --account (or the only one)")
	fs.BoolVar(&f.asJSON, "json", false, "print JSON")
}

// vaults opens the accounts and returns the unlocked vaults to read: the one
// chosen by --account (or the only account), or every unlocked one with
// --all-accounts. The caller closes the manager.
func (f *readFlags) vaults(ctx context.Context) (*accounts.Manager, *vault.Set, []*vault.Vault, error) {
	m, err := f.open(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	set, err := m.Set(ctx)
	if err != nil {
		m.Close()
		return nil, nil, nil, explain(err)
	}
	if f.all && f.account == "" {
		vs := set.Vaults()
		if len(vs) == 0 {
			m.Close()
			return nil, nil, nil, explain(accounts.ErrLocked)
		}
		return m, set, vs, nil
	}
	v, err := m.Vault(ctx, f.account)
	if err != nil {
		m.Close()
		return nil, nil, nil, explain(err)
	}
	return m, set, []*vault.Vault{v}, nil
}

// scope restricts a filter to the chosen vaults when only one is read.
func scope(f vault.Filter, vs []*vault.Vault) vault.Filter {
	if len(vs) == 1 {
		f.AccountID = vs[0].Account().ID
	}
	return f
}

type orgJSON struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Role    string `json:"role"`
	Account string `json:"account"`
}

func runOrgs(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("orgs")
	var rf readFlags
	rf.add(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	rf.all = rf.all || rf.account == ""
	m, _, vs, err := rf.vaults(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	var orgs []orgJSON
	for _, v := range vs {
		vorgs, err := v.Orgs()
		if err != nil {
			return explain(err)
		}
		for _, o := range vorgs {
			orgs = append(orgs, orgJSON{ID: o.ID, Name: o.Name, Role: o.Role.String(), Account: v.Account().Email})
		}
	}
	if rf.asJSON {
		if orgs == nil {
			orgs = []orgJSON{}
		}
		return writeJSON(cl, orgs)
	}
	tw := tabwriter.NewWriter(cl.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tACCOUNT\tID")
	for _, o := range orgs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", o.Name, o.Role, o.Account, o.ID)
	}
	return tw.Flush()
}

// resolveOrg turns --org ID|NAME into an organization id.
func resolveOrg(vs []*vault.Vault, ref string) (string, error) {
	for _, v := range vs {
		vorgs, err := v.Orgs()
		if err != nil {
			return "", explain(err)
		}
		for _, o := range vorgs {
			if o.ID == ref || strings.EqualFold(o.Name, ref) {
				return o.ID, nil
			}
		}
	}
	return "", usagef("--org %q: no organization with that id or name; see 'vdesk orgs'", ref)
}

func runList(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("list")
	var rf readFlags
	rf.add(fs)
	org := fs.String("org", "", "only this organization (id or name)")
	collection := fs.String("collection", "", "only this collection id")
	folder := fs.String("folder", "", "only this folder id")
	trash := fs.Bool("trash", false, "list the trash instead")
	if err := parse(fs, args); err != nil {
		return err
	}
	m, set, vs, err := rf.vaults(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	f := scope(vault.Filter{CollectionID: *collection, FolderID: *folder, Trash: *trash}, vs)
	if *org != "" {
		if f.OrgID, err = resolveOrg(vs, *org); err != nil {
			return err
		}
	}
	results, err := set.Search("", f, 0)
	if err != nil {
		return explain(err)
	}
	if rf.asJSON {
		return writeItemsJSON(cl, set, results)
	}
	return writeResults(cl, results)
}

func runSearch(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("search")
	var rf readFlags
	rf.add(fs)
	limit := fs.Int("limit", 50, "at most this many results (0 for all)")
	query, err := splitArg(fs, args, "a search query")
	if err != nil {
		return err
	}
	m, set, vs, err := rf.vaults(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	results, err := set.Search(query, scope(vault.Filter{}, vs), max(*limit, 0))
	if err != nil {
		return explain(err)
	}
	if rf.asJSON {
		out := make([]resultJSON, len(results))
		for i, r := range results {
			out[i] = toResultJSON(r)
		}
		return writeJSON(cl, out)
	}
	return writeResults(cl, results)
}

// resultJSON is one line of `vdesk search --json`: what the list shows,
// tagged with the account and organization it belongs to. No secret.
type resultJSON struct {
	ID              string   `json:"id"`
	Name            string   `json:"name"`
	Username        string   `json:"username,omitempty"`
	Host            string   `json:"host,omitempty"`
	Type            int      `json:"type"`
	Account         string   `json:"account"`
	OrganizationID  *string  `json:"organizationId"`
	OrgName         string   `json:"orgName,omitempty"`
	CollectionNames []string `json:"collectionNames,omitempty"`
	Favorite        bool     `json:"favorite"`
	Damaged         bool     `json:"damaged,omitempty"`
}

func toResultJSON(r vault.Result) resultJSON {
	j := resultJSON{
		ID: r.ID, Name: r.Name, Username: r.Username, Host: r.Host, Type: int(r.Type),
		Account: r.Account.Email, OrgName: r.OrgName, CollectionNames: r.CollectionNames,
		Favorite: r.Favorite, Damaged: r.Damaged,
	}
	if r.OrgID != "" {
		j.OrganizationID = &r.OrgID
	}
	return j
}

func writeResults(cl *cli, results []vault.Result) error {
	tw := tabwriter.NewWriter(cl.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tUSERNAME\tWHERE\tID")
	for _, r := range results {
		where := "My vault"
		if r.OrgName != "" {
			where = r.OrgName
		}
		name := r.Name
		if r.Damaged {
			name = "(damaged item)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, r.Username, where, r.ID)
	}
	return tw.Flush()
}

// writeItemsJSON prints every result as `bw list items` does: an array of
// decrypted items in `bw get item` shape. Damaged items are left out, as bw
// leaves out what it cannot decrypt.
func writeItemsJSON(cl *cli, set *vault.Set, results []vault.Result) error {
	w := bufio.NewWriterSize(cl.stdout, 64<<10)
	if err := set.WriteItemsJSON(w, results); err != nil {
		return explain(err)
	}
	return w.Flush()
}

// findItem returns the vault holding item id.
func findItem(vs []*vault.Vault, id string) (*vault.Vault, error) {
	for _, v := range vs {
		if _, err := v.Summary(id); err == nil {
			return v, nil
		} else if !errors.Is(err, vault.ErrNotFound) {
			return nil, explain(err)
		}
	}
	return nil, fmt.Errorf("no item %s in the unlocked vaults; see 'vdesk search'", id)
}

func runGet(ctx context.Context, cl *cli, args []string) error {
	if len(args) == 0 {
		return usagef("want what to get: item, username, password, totp or notes")
	}
	what := args[0]
	switch what {
	case "item", "username", "password", "totp", "notes":
	default:
		return usagef("cannot get %q: want item, username, password, totp or notes", what)
	}
	fs := cl.flags("get " + what)
	var rf readFlags
	rf.add(fs)
	id, sel, err := rf.openItem(ctx, fs, args[1:])
	if err != nil {
		return err
	}
	defer sel.m.Close()
	v := sel.v

	var value string
	switch what {
	case "item":
		b, err := v.ItemJSON(id)
		if err != nil {
			return itemError(err)
		}
		defer clear(b)
		return writeItemJSON(cl, b)
	case "username", "notes":
		it, err := v.Item(id)
		if err != nil {
			return itemError(err)
		}
		if what == "notes" {
			value = it.Notes.Reveal()
		} else if it.Login != nil {
			value = it.Login.Username
		}
	case "password":
		s, err := v.RevealPassword(id)
		if err != nil {
			return itemError(err)
		}
		value = s.Reveal()
		s.Clear()
	case "totp":
		if value, err = totpCode(v, id); err != nil {
			return err
		}
	}
	if rf.asJSON {
		return writeJSON(cl, map[string]string{"value": value})
	}
	_, err = fmt.Fprintln(cl.stdout, value)
	return err
}

// totpCode is the item's current TOTP code.
func totpCode(v *vault.Vault, id string) (string, error) {
	s, err := v.RevealTOTP(id)
	if err != nil {
		return "", itemError(err)
	}
	defer s.Clear()
	if s.IsZero() {
		return "", fmt.Errorf("item %s has no TOTP secret", id)
	}
	p, err := totp.Parse(s.Reveal())
	if err != nil {
		return "", fmt.Errorf("item %s: %w", id, err)
	}
	code, _, err := p.Code(time.Now())
	return code, err
}

// itemError says what a user can do about a refused item.
func itemError(err error) error {
	switch {
	case errors.Is(err, vault.ErrHiddenByAccess):
		return fmt.Errorf("%w: your access to this item's collections hides its passwords", err)
	case errors.Is(err, vault.ErrDamaged):
		return fmt.Errorf("%w: the item could not be decrypted; it may have been tampered with", err)
	}
	return explain(err)
}
