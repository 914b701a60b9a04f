package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// membersError gives the members errors their exit code: a changed key,
// the last owner and "already" answers are conflicts (4).
func membersError(err error) error {
	if err == nil {
		return nil
	}
	var ce *codeError
	if errors.As(err, &ce) {
		return err
	}
	var se *api.StatusError
	switch {
	case errors.Is(err, admin.ErrKeyChanged):
		return &codeError{exitConflict, err, "run 'vdesk members fingerprint' again and check the phrase with the member"}
	case errors.Is(err, admin.ErrLastOwner):
		return &codeError{exitConflict, err, "make another member owner first"}
	case errors.As(err, &se) && se.Code == 400 && strings.Contains(se.Message, "already"):
		return &codeError{exitConflict, err, "see 'vdesk members list'; 'vdesk members reinvite' sends an invitation again"}
	case errors.As(err, &se) && se.Code == 400 && strings.Contains(se.Message, "seats"):
		return &codeError{exitConflict, err, "remove or revoke a member, or add seats to the organization"}
	}
	return adminError(err)
}

// memberCmd parses a members subcommand: optional positional argument
// (before or after the flags), --org required.
type memberCmd struct {
	adminFlags
	fs  *flag.FlagSet
	org string
}

func newMemberCmd(cl *cli, name string) *memberCmd {
	c := &memberCmd{fs: cl.flags("members " + name)}
	c.adminFlags.add(c.fs)
	c.fs.StringVar(&c.org, "org", "", "the organization's id or name")
	return c
}

func (c *memberCmd) parse(args []string, what string) (string, error) {
	pos, err := oneArg(c.fs, args, what)
	if err != nil {
		return "", err
	}
	if c.org == "" {
		return "", usagef("want --org ID|NAME (see 'vdesk orgs')")
	}
	return pos, nil
}

// oneArg parses flags around the command's positional argument, wherever
// it stands; what == "" means the command takes none.
func oneArg(fs *flag.FlagSet, args []string, what string) (string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return "", err
			}
			return "", &usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch {
	case what == "" && len(pos) > 0, len(pos) > 1:
		return "", usagef("unexpected argument %q", strings.Join(pos, " "))
	case what != "" && len(pos) == 0:
		return "", usagef("want %s", what)
	case what == "":
		return "", nil
	}
	return pos[0], nil
}

func parseRole(s string) (api.OrgUserType, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "owner":
		return api.OrgOwner, nil
	case "admin":
		return api.OrgAdmin, nil
	case "user", "":
		return api.OrgUser, nil
	case "custom":
		return api.OrgCustom, nil
	}
	return 0, usagef("--role %q: want owner, admin, user or custom", s)
}

// parsePermissions reads "manageUsers,editAnyCollection,…".
func parsePermissions(s string) (*api.Permissions, error) {
	p := &api.Permissions{}
	fields := map[string]*bool{
		"accesseventlogs": &p.AccessEventLogs, "accessimportexport": &p.AccessImportExport, "accessreports": &p.AccessReports,
		"createnewcollections": &p.CreateNewCollections, "editanycollection": &p.EditAnyCollection, "deleteanycollection": &p.DeleteAnyCollection,
		"managegroups": &p.ManageGroups, "managepolicies": &p.ManagePolicies, "managesso": &p.ManageSso, "manageusers": &p.ManageUsers,
		"manageresetpassword": &p.ManageResetPassword, "managescim": &p.ManageScim,
	}
	for _, f := range splitIDs(s) {
		b, ok := fields[strings.ToLower(strings.ReplaceAll(f, "-", ""))]
		if !ok {
			return nil, usagef("--permissions: unknown permission %q", f)
		}
		*b = true
	}
	return p, nil
}

// parseAccess reads "ID[:LEVEL],…", LEVEL one of admin.Levels (default
// edit).
func parseAccess(s string) ([]api.AccessSelection, error) {
	out := []api.AccessSelection{}
	for _, f := range splitIDs(s) {
		id, lvl, _ := strings.Cut(f, ":")
		l := admin.LevelEdit
		if lvl != "" {
			var err error
			if l, err = admin.ParseLevel(lvl); err != nil {
				return nil, usagef("--collections: %q: want ID[:LEVEL], LEVEL one of %s", f, levelsHelp)
			}
		}
		out = append(out, l.Selection(id))
	}
	return out, nil
}

func runMembers(ctx context.Context, cl *cli, args []string) error {
	if len(args) == 0 {
		return usagef("want a subcommand: list, invite, reinvite, update, revoke, restore, remove, fingerprint or confirm")
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "list":
		return membersList(ctx, cl, args)
	case "invite":
		return membersInvite(ctx, cl, args)
	case "update":
		return membersUpdate(ctx, cl, args)
	case "reinvite", "revoke", "restore", "remove":
		return membersSimple(ctx, cl, sub, args)
	case "fingerprint":
		return membersFingerprint(ctx, cl, args)
	case "confirm":
		return membersConfirm(ctx, cl, args)
	}
	return usagef("unknown subcommand %q: want list, invite, reinvite, update, revoke, restore, remove, fingerprint or confirm", sub)
}

type memberJSON struct {
	ID          string           `json:"id"`
	UserID      string           `json:"userId,omitempty"`
	Email       string           `json:"email"`
	Name        string           `json:"name,omitempty"`
	Role        string           `json:"role"`
	Status      string           `json:"status"`
	TwoFactor   bool             `json:"twoFactor"`
	Permissions *api.Permissions `json:"permissions,omitempty"`
	Groups      []idName         `json:"groups"`
	Collections []memberCollJSON `json:"collections"`
}

type idName struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type memberCollJSON struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	ReadOnly      bool   `json:"readOnly"`
	HidePasswords bool   `json:"hidePasswords"`
	Manage        bool   `json:"manage"`
}

func accessWord(c admin.MemberCollection) string {
	return admin.LevelOf(c.ReadOnly, c.HidePasswords, c.Manage).String()
}

func membersList(ctx context.Context, cl *cli, args []string) error {
	c := newMemberCmd(cl, "list")
	if _, err := c.parse(args, ""); err != nil {
		return err
	}
	var l *admin.MemberList
	if err := c.session(ctx, false, func(s *admin.Session) (err error) { l, err = s.Members(ctx, c.org); return err }); err != nil {
		return membersError(err)
	}
	if c.asJSON {
		out := struct {
			OrgID     string       `json:"orgId"`
			Org       string       `json:"org"`
			SeatsUsed int          `json:"seatsUsed"`
			Seats     *int         `json:"seats"`
			Members   []memberJSON `json:"members"`
		}{l.Org.ID, l.Org.Name, l.SeatsUsed, l.Seats, []memberJSON{}}
		for _, m := range l.Members {
			j := memberJSON{ID: m.ID, UserID: m.UserID, Email: m.Email, Name: m.Name, Role: m.Role.String(), Status: m.Status.String(),
				TwoFactor: m.TwoFactor, Permissions: m.Permissions, Groups: []idName{}, Collections: []memberCollJSON{}}
			for _, g := range m.Groups {
				j.Groups = append(j.Groups, idName{g.ID, g.Name})
			}
			for _, a := range m.Collections {
				j.Collections = append(j.Collections, memberCollJSON{a.ID, a.Name, a.ReadOnly, a.HidePasswords, a.Manage})
			}
			out.Members = append(out.Members, j)
		}
		return writeJSON(cl, out)
	}
	w := cl.stdout
	fmt.Fprintf(w, "%s (%s)\n", l.Org.Name, l.Org.ID)
	if l.Seats != nil {
		fmt.Fprintf(w, "seats: %d/%d\n", l.SeatsUsed, *l.Seats)
	} else {
		fmt.Fprintf(w, "seats: %d used\n", l.SeatsUsed)
	}
	for _, m := range l.Members {
		tf := "2FA off"
		if m.TwoFactor {
			tf = "2FA on"
		}
		fmt.Fprintf(w, "%s  %s  %s  %s  %s\n", m.ID, m.Email, m.Role, m.Status, tf)
		if len(m.Groups) > 0 {
			var gs []string
			for _, g := range m.Groups {
				gs = append(gs, cmpName(g.Name, g.ID))
			}
			fmt.Fprintf(w, "    groups: %s\n", strings.Join(gs, ", "))
		}
		if len(m.Collections) > 0 {
			var cs []string
			for _, a := range m.Collections {
				name := a.Name
				if a.Damaged {
					name = "[undecryptable " + a.ID + "]"
				}
				cs = append(cs, name+" ("+accessWord(a)+")")
			}
			fmt.Fprintf(w, "    collections: %s\n", strings.Join(cs, ", "))
		}
	}
	return nil
}

func cmpName(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

func membersInvite(ctx context.Context, cl *cli, args []string) error {
	c := newMemberCmd(cl, "invite")
	role := c.fs.String("role", "user", "owner, admin, user or custom")
	perms := c.fs.String("permissions", "", "custom role permissions, e.g. manageUsers,editAnyCollection")
	colls := c.fs.String("collections", "", "collection access: ID[:LEVEL],…, LEVEL one of "+levelsHelp)
	groups := c.fs.String("groups", "", "group ids, comma-separated")
	emails, err := c.parse(args, "EMAIL[,EMAIL…]")
	if err != nil {
		return err
	}
	inv := admin.Invitation{Emails: splitIDs(emails), Groups: splitIDs(*groups)}
	if inv.Role, err = parseRole(*role); err != nil {
		return err
	}
	if *perms != "" {
		if inv.Role != api.OrgCustom {
			return usagef("--permissions is for --role custom")
		}
		if inv.Permissions, err = parsePermissions(*perms); err != nil {
			return err
		}
	}
	if inv.Collections, err = parseAccess(*colls); err != nil {
		return err
	}
	if err := c.session(ctx, false, func(s *admin.Session) error { return s.Invite(ctx, c.org, inv) }); err != nil {
		return membersError(err)
	}
	if !c.asJSON {
		fmt.Fprintf(cl.stdout, "Invited %s as %s.\n", strings.Join(inv.Emails, ", "), inv.Role)
		return nil
	}
	return writeJSON(cl, map[string]any{"invited": inv.Emails, "role": inv.Role.String()})
}

func membersUpdate(ctx context.Context, cl *cli, args []string) error {
	c := newMemberCmd(cl, "update")
	role := c.fs.String("role", "", "new role: owner, admin, user or custom")
	perms := c.fs.String("permissions", "", "custom role permissions (replaces them)")
	colls := c.fs.String("collections", "-", "collection access (replaces it): ID[:view|…],…; \"\" for none")
	groups := c.fs.String("groups", "-", "group ids (replaces them); \"\" for none")
	member, err := c.parse(args, "MEMBER_ID or EMAIL")
	if err != nil {
		return err
	}
	var ch admin.MemberChange
	if *role != "" {
		r, err := parseRole(*role)
		if err != nil {
			return err
		}
		ch.Role = &r
	}
	if *perms != "" {
		if ch.Permissions, err = parsePermissions(*perms); err != nil {
			return err
		}
	}
	if *colls != "-" {
		a, err := parseAccess(*colls)
		if err != nil {
			return err
		}
		ch.Collections = &a
	}
	if *groups != "-" {
		g := splitIDs(*groups)
		if g == nil {
			g = []string{}
		}
		ch.Groups = &g
	}
	if err := c.session(ctx, false, func(s *admin.Session) error { return s.UpdateMember(ctx, c.org, member, ch) }); err != nil {
		return membersError(err)
	}
	return done(cl, c.asJSON, "Updated "+member+".", member, "updated")
}

func done(cl *cli, asJSON bool, msg, member, what string) error {
	if asJSON {
		return writeJSON(cl, map[string]any{"member": member, what: true})
	}
	fmt.Fprintln(cl.stdout, msg)
	return nil
}

func membersSimple(ctx context.Context, cl *cli, sub string, args []string) error {
	c := newMemberCmd(cl, sub)
	member, err := c.parse(args, "MEMBER_ID or EMAIL")
	if err != nil {
		return err
	}
	err = c.session(ctx, false, func(s *admin.Session) error {
		switch sub {
		case "reinvite":
			return s.Reinvite(ctx, c.org, member)
		case "revoke":
			return s.RevokeMember(ctx, c.org, member)
		case "restore":
			return s.RestoreMember(ctx, c.org, member)
		}
		return s.RemoveMember(ctx, c.org, member)
	})
	if err != nil {
		return membersError(err)
	}
	past := map[string]string{"reinvite": "Re-invited", "revoke": "Revoked", "restore": "Restored", "remove": "Removed"}[sub]
	return done(cl, c.asJSON, past+" "+member+".", member, strings.ToLower(past))
}

type fingerprintJSON struct {
	OrgID      string `json:"orgId"`
	Org        string `json:"org"`
	MemberID   string `json:"memberId"`
	UserID     string `json:"userId"`
	Email      string `json:"email"`
	Role       string `json:"role"`
	Phrase     string `json:"fingerprint"`
	CheckedKey string `json:"checkedKey"`
	CanConfirm *bool  `json:"canConfirm,omitempty"`
}

func toFingerprintJSON(f *admin.Fingerprint) fingerprintJSON {
	return fingerprintJSON{f.OrgID, f.OrgName, f.MemberID, f.UserID, f.Email, f.Role.String(), f.Phrase, f.Checked, nil}
}

func membersFingerprint(ctx context.Context, cl *cli, args []string) error {
	c := newMemberCmd(cl, "fingerprint")
	member, err := c.parse(args, "MEMBER_ID or EMAIL")
	if err != nil {
		return err
	}
	var f *admin.Fingerprint
	if err := c.session(ctx, false, func(s *admin.Session) (err error) { f, err = s.Fingerprint(ctx, c.org, member); return err }); err != nil {
		return membersError(err)
	}
	if c.asJSON {
		return writeJSON(cl, toFingerprintJSON(f))
	}
	fmt.Fprintf(cl.stdout, "%s in %s\nfingerprint phrase: %s\nchecked key: %s\n", f.Email, f.OrgName, f.Phrase, f.Checked)
	fmt.Fprintf(cl.stdout, "Check the phrase with %s, then run:\n  vdesk members confirm %s --org %s --checked-key %s\n", f.Email, f.MemberID, f.OrgID, f.Checked)
	return nil
}

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r any) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func membersConfirm(ctx context.Context, cl *cli, args []string) error {
	c := newMemberCmd(cl, "confirm")
	checked := c.fs.Bool("fingerprint-checked", false, "you have checked the member's fingerprint phrase: confirm without showing it again")
	key := c.fs.String("checked-key", "", "the 'checked key' that 'members fingerprint' printed: confirm only if the key is still that one")
	member, err := c.parse(args, "MEMBER_ID or EMAIL")
	if err != nil {
		return err
	}
	if *checked && *key != "" {
		return usagef("--fingerprint-checked and --checked-key are exclusive")
	}
	err = c.session(ctx, false, func(s *admin.Session) error {
		switch {
		case *key != "":
			return s.Confirm(ctx, c.org, member, *key)
		case *checked:
			return s.ConfirmUnchecked(ctx, c.org, member)
		}
		f, err := s.Fingerprint(ctx, c.org, member)
		if err != nil {
			return err
		}
		if !isTerminal(cl.stdin) {
			return &codeError{exitError, fmt.Errorf("confirm %s in %s: check their fingerprint phrase first: %s", f.Email, f.OrgName, f.Phrase),
				"re-run with --checked-key " + f.Checked + " (or --fingerprint-checked)"}
		}
		fmt.Fprintf(cl.stderr, "Fingerprint phrase of %s: %s\nDoes %s read you the same phrase? [y/N] ", f.Email, f.Phrase, f.Email)
		line, _ := bufio.NewReader(cl.stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
			return fmt.Errorf("confirm %s in %s: not confirmed; the phrase was not checked", f.Email, f.OrgName)
		}
		return s.Confirm(ctx, c.org, member, f.Checked)
	})
	if err != nil {
		return membersError(err)
	}
	return done(cl, c.asJSON, "Confirmed "+member+".", member, "confirmed")
}

func runConfirmQueue(ctx context.Context, cl *cli, args []string) error {
	if len(args) > 0 && args[0] == "confirm" {
		return runBulkConfirm(ctx, cl, args[1:])
	}
	fs := cl.flags("confirm-queue")
	var af adminFlags
	af.add(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	var q []admin.QueueEntry
	var qerr error
	if err := af.session(ctx, false, func(s *admin.Session) error { q, qerr = s.ConfirmQueue(ctx); return nil }); err != nil {
		return membersError(err)
	}
	if qerr != nil && len(q) == 0 {
		return membersError(qerr)
	}
	if af.asJSON {
		out := []fingerprintJSON{}
		for _, e := range q {
			j := toFingerprintJSON(&e.Fingerprint)
			can := e.CanConfirm
			j.CanConfirm = &can
			out = append(out, j)
		}
		if err := writeJSON(cl, out); err != nil {
			return err
		}
	} else {
		if len(q) == 0 {
			fmt.Fprintln(cl.stdout, "No members await confirmation.")
		} else {
			tw := tabwriter.NewWriter(cl.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ORGANIZATION\tMEMBER ID\tEMAIL\tROLE\tFINGERPRINT PHRASE\t")
			for _, e := range q {
				note := ""
				if !e.CanConfirm {
					note = "(an owner must confirm)"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.OrgName, e.MemberID, e.Email, e.Role, e.Phrase, note)
			}
			tw.Flush()
		}
	}
	if qerr != nil {
		return fmt.Errorf("some organizations could not be read: %w", qerr)
	}
	return nil
}

func runInvite(ctx context.Context, cl *cli, args []string) error {
	if len(args) == 0 || args[0] != "accept" {
		return usagef("want 'vdesk invite accept TOKEN_OR_LINK'")
	}
	fs := cl.flags("invite accept")
	var af accountFlags
	af.add(fs, true)
	var pf passwordFlags
	pf.add(fs)
	org := fs.String("org", "", "the organization id (with a bare token)")
	memberID := fs.String("member", "", "the membership id (with a bare token)")
	create := fs.Bool("create", false, "create the account first (with --email, --server and the master password)")
	email := fs.String("email", "", "the new account's email (default: the invitation's)")
	name := fs.String("name", "", "the new account's name")
	server := fs.String("server", "", "the server for the new account: us, eu, sandbox or a URL")
	caFile := fs.String("ca-file", "", "PEM file of a private CA to trust for this server only")
	raw := fs.Bool("raw", false, "with --create, print only the session key")
	arg, err := oneArg(fs, args[1:], "the invitation's TOKEN_OR_LINK")
	if err != nil {
		return err
	}
	l, err := admin.ParseInvite(arg)
	if err != nil {
		return usagef("%v", err)
	}
	if *org != "" {
		l.OrgID = *org
	}
	if *memberID != "" {
		l.MemberID = *memberID
	}
	if l.OrgID == "" || l.MemberID == "" {
		return usagef("a bare token needs --org ORG_ID and --member MEMBER_ID (or pass the whole link)")
	}
	m, err := af.open(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	what := cmpName(l.OrgName, l.OrgID)
	if *create {
		if *server == "" {
			return usagef("--create needs --server us|eu|sandbox|URL")
		}
		pw, err := pf.read(cl, "New master password: ")
		if err != nil {
			return err
		}
		defer clear(pw)
		st, err := admin.CreateAndAccept(ctx, m, accounts.RegisterRequest{Email: *email, Name: *name, Server: *server, CAFile: *caFile, Password: pw}, l)
		if err != nil && st.Email == "" {
			return explain(err)
		}
		key, kerr := m.StartSession(ctx, st.Email, sessionKey())
		if err != nil {
			return explain(err)
		}
		if kerr != nil {
			return explain(kerr)
		}
		printSession(cl, key, *raw, fmt.Sprintf("Created %s and accepted the invitation to %s; an administrator will confirm you.", st.Email, what))
		return nil
	}
	if af.account == "" && l.Email != "" {
		for _, st := range m.Accounts(ctx) {
			if strings.EqualFold(st.Email, l.Email) {
				af.account = st.Email
			}
		}
	}
	err = m.Admin(ctx, af.account, func(v *vault.Vault, c *api.Client) error {
		return admin.NewSession(v, c).Accept(ctx, l)
	})
	if err != nil {
		return membersError(err)
	}
	fmt.Fprintf(cl.stdout, "Accepted the invitation to %s; an administrator will confirm you.\n", what)
	return nil
}

// runBulkConfirm is `vdesk confirm-queue confirm`: it confirms members of
// the queue, each either with the checked key its fingerprint was shown
// with (confirmed only if the key is unchanged) or, named explicitly,
// without the check. It goes on past a member that fails and lists those.
func runBulkConfirm(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("confirm-queue confirm")
	var af adminFlags
	af.add(fs)
	var checked []string
	fs.Func("checked-key", "MEMBER_ID=KEY: confirm this member if its key is still KEY (the checkedKey of 'vdesk confirm-queue --json'); repeat or separate with commas", func(v string) error {
		checked = append(checked, splitIDs(v)...)
		return nil
	})
	unchecked := fs.String("fingerprint-checked", "", "MEMBER_ID,...: confirm these members without comparing keys (you checked their phrases yourself)")
	if err := parse(fs, args); err != nil {
		return err
	}
	want := map[string]admin.ConfirmEntry{} // member id → entry, org filled from the queue
	for _, kv := range checked {
		id, key, ok := strings.Cut(kv, "=")
		if !ok || id == "" || key == "" {
			return usagef("--checked-key %q: want MEMBER_ID=KEY", kv)
		}
		want[strings.ToLower(id)] = admin.ConfirmEntry{MemberID: id, Checked: key}
	}
	for _, id := range splitIDs(*unchecked) {
		want[strings.ToLower(id)] = admin.ConfirmEntry{MemberID: id, Unchecked: true}
	}
	if len(want) == 0 {
		return usagef("name the members to confirm with --checked-key MEMBER_ID=KEY or --fingerprint-checked MEMBER_ID,...")
	}
	var results []admin.ConfirmResult
	var berr error
	err := af.session(ctx, false, func(s *admin.Session) error {
		q, err := s.ConfirmQueue(ctx)
		if err != nil && len(q) == 0 {
			return err
		}
		var entries []admin.ConfirmEntry
		for _, e := range q {
			if w, ok := want[strings.ToLower(e.MemberID)]; ok {
				w.OrgID = e.OrgID
				entries = append(entries, w)
				delete(want, strings.ToLower(e.MemberID))
			}
		}
		for _, w := range want {
			results = append(results, admin.ConfirmResult{ConfirmEntry: w,
				Err: fmt.Errorf("member %s is not in the confirm queue: %w", w.MemberID, admin.ErrNotFound)})
		}
		if len(entries) > 0 {
			var r []admin.ConfirmResult
			r, berr = s.BulkConfirm(ctx, entries)
			results = append(results, r...)
		}
		return nil
	})
	if err != nil {
		return membersError(err)
	}
	var failed []string
	code := exitError
	for _, r := range results {
		if r.Err == nil {
			fmt.Fprintf(cl.stdout, "%s: confirmed %s\n", r.MemberID, r.Email)
			continue
		}
		if errors.Is(r.Err, admin.ErrKeyChanged) {
			code = exitConflict
		}
		fmt.Fprintf(cl.stdout, "%s: not confirmed: %v\n", r.MemberID, r.Err)
		failed = append(failed, r.MemberID)
	}
	if len(failed) > 0 || berr != nil {
		return &codeError{code, fmt.Errorf("%d of %d members not confirmed: %s", len(failed), len(results), strings.Join(failed, ", ")),
			"check their fingerprints again with 'vdesk confirm-queue'"}
	}
	return nil
}
