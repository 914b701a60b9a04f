package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// runOrg is `vdesk org create|apply-template|add-member`.
func runOrg(ctx context.Context, cl *cli, args []string) error {
	if len(args) == 0 {
		return usagef("want create, apply-template or add-member")
	}
	switch args[0] {
	case "create":
		return runOrgCreate(ctx, cl, args[1:])
	case "apply-template":
		return runOrgApplyTemplate(ctx, cl, args[1:])
	case "add-member":
		return runOrgAddMember(ctx, cl, args[1:])
	}
	return usagef("unknown org command %q: want create, apply-template or add-member", args[0])
}

// loadTemplate reads a template; its mistakes are usage errors that name
// the line.
func loadTemplate(path string) (*admin.Template, error) {
	t, err := admin.LoadTemplate(path)
	var te *admin.TemplateError
	switch {
	case errors.As(err, &te):
		return nil, &codeError{exitUsage, err, "fix the template (see templates/README.md)"}
	case err != nil:
		return nil, &codeError{exitError, err, "check the file name"}
	}
	return t, nil
}

func runOrgCreate(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("org create")
	var af adminFlags
	af.add(fs)
	billing := fs.String("billing-email", "", "the organization's billing email")
	seats := fs.Int("seats", 0, "seat limit (servers that sell seats ignore it)")
	first := fs.String("first-collection", admin.DefaultFirstCollection, "name of the collection made with the organization")
	tplPath := fs.String("template", "", "apply this template file (see templates/README.md)")
	name, err := splitArg(fs, args, "the organization's NAME")
	if err != nil {
		return err
	}
	if strings.TrimSpace(*billing) == "" {
		return usagef("want --billing-email EMAIL")
	}
	req := admin.NewOrg{Name: name, BillingEmail: *billing, FirstCollection: *first}
	if *seats < 0 {
		return usagef("--seats %d: want a positive number", *seats)
	} else if *seats > 0 {
		req.Seats = seats
	}
	if *tplPath != "" {
		if req.Template, err = loadTemplate(*tplPath); err != nil {
			return err
		}
	}
	var created *admin.CreatedOrg
	err = af.session(ctx, true, func(s *admin.Session) error {
		var err error
		created, err = s.CreateOrg(ctx, req)
		return err
	})
	if created == nil && err != nil {
		return err
	}
	if af.asJSON {
		if werr := writeJSON(cl, created); werr != nil {
			return werr
		}
	} else {
		seatText := "seats as the server sets"
		if created.Seats != nil {
			seatText = strconv.Itoa(*created.Seats) + " seats"
		}
		fmt.Fprintf(cl.stdout, "created %s (%s), %s, first collection %q\n", created.Name, created.ID, seatText, created.FirstCollection)
		if created.Template != nil {
			printApplied(cl, created.Template)
		}
	}
	if err != nil {
		return &codeError{exitError, err, fmt.Sprintf("run 'vdesk org apply-template %s --org %s' to finish", *tplPath, created.ID)}
	}
	return nil
}

func printApplied(cl *cli, r *admin.ApplyResult) {
	line := func(what string, names []string) {
		if len(names) > 0 {
			fmt.Fprintf(cl.stdout, "%s: %s\n", what, strings.Join(names, ", "))
		}
	}
	line("collections created", r.CollectionsCreated)
	line("collections already there", r.CollectionsKept)
	line("groups created", r.GroupsCreated)
	line("groups given missing access", r.GroupsUpdated)
	line("groups already set", r.GroupsKept)
	if !r.Changed() {
		fmt.Fprintln(cl.stdout, "nothing to do: the organization has everything the template names")
	}
}

func runOrgApplyTemplate(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("org apply-template")
	var af adminFlags
	af.add(fs)
	org := fs.String("org", "", "the organization (id or name)")
	path, err := splitArg(fs, args, "the template FILE")
	if err != nil {
		return err
	}
	if *org == "" {
		return usagef("want --org ID|NAME")
	}
	tpl, err := loadTemplate(path)
	if err != nil {
		return err
	}
	var res *admin.ApplyResult
	err = af.session(ctx, true, func(s *admin.Session) error {
		var err error
		res, err = s.ApplyTemplate(ctx, *org, tpl)
		return err
	})
	if res != nil && (res.Changed() || err == nil) {
		if af.asJSON {
			if werr := writeJSON(cl, res); werr != nil {
				return werr
			}
		} else {
			printApplied(cl, res)
		}
	}
	if err != nil && res != nil && res.Changed() {
		return fmt.Errorf("%w; what was done stays: run it again to finish", err)
	}
	return err
}

// addMemberJSON is one line of `vdesk org add-member --json`.
type addMemberJSON struct {
	Org     string `json:"org"`
	OrgID   string `json:"orgId,omitempty"`
	OrgName string `json:"orgName,omitempty"`
	Outcome string `json:"outcome"`
	Status  string `json:"status,omitempty"`
	Error   string `json:"error,omitempty"`
}

func runOrgAddMember(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("org add-member")
	var af adminFlags
	af.add(fs)
	roleFlag := fs.String("role", "", "owner, admin or user")
	orgs := fs.String("orgs", "", "the organizations, ids or names, separated by commas")
	email, err := splitArg(fs, args, "the colleague's EMAIL")
	if err != nil {
		return err
	}
	role, err := admin.ParseRole(*roleFlag)
	if err != nil {
		return usagef("--role: %v", err)
	}
	refs := splitIDs(*orgs)
	if len(refs) == 0 {
		return usagef("want --orgs ID,ID|NAME,...")
	}
	var res []admin.AddMemberResult
	err = af.session(ctx, false, func(s *admin.Session) error {
		var err error
		res, err = s.AddMember(ctx, email, role, refs)
		return err
	})
	var pe *admin.PartialError
	if err != nil && !errors.As(err, &pe) {
		return err
	}
	out := make([]addMemberJSON, len(res))
	var failed []string
	for i, r := range res {
		out[i] = addMemberJSON{Org: r.Ref, OrgID: r.OrgID, OrgName: r.OrgName, Outcome: string(r.Outcome), Status: r.Status}
		if r.Err != nil {
			out[i].Error = r.Err.Error()
			failed = append(failed, orgLabel(r)+" ("+string(r.Outcome)+")")
		}
	}
	if af.asJSON {
		if err := writeJSON(cl, out); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(cl.stdout, 0, 4, 2, ' ', 0)
		for i, r := range res {
			what := string(r.Outcome)
			switch {
			case r.Outcome == admin.AlreadyMember && r.Status != "":
				what += " (" + r.Status + ")"
			case r.Outcome == admin.Invited:
				what += " as " + role.String()
			case r.Err != nil:
				what += ": " + out[i].Error
			}
			fmt.Fprintf(tw, "%s\t%s\n", orgLabel(r), what)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if pe != nil {
		hint := "fix those and run it again for them"
		if errors.Is(pe, admin.ErrNotAllowed) {
			hint = "ask an owner of those organizations"
		}
		return &codeError{exitError, fmt.Errorf("add %s: %d of %d organizations failed: %s", email, pe.Failed, pe.Total, strings.Join(failed, "; ")), hint}
	}
	return nil
}

func orgLabel(r admin.AddMemberResult) string {
	if r.OrgName != "" {
		return r.OrgName
	}
	return r.Ref
}

// runOverview is `vdesk overview`: a line per client organization and
// the total.
func runOverview(ctx context.Context, cl *cli, args []string) error {
	fs := cl.flags("overview")
	var af adminFlags
	af.add(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	m, err := af.open(ctx)
	if err != nil {
		return err
	}
	defer m.Close()
	// Verdicts of earlier runs spare re-estimating every password.
	known, err := m.Verdicts(ctx, af.account)
	if err != nil {
		return adminError(err)
	}
	var ov *admin.Overview
	err = m.Admin(ctx, af.account, func(v *vault.Vault, c *api.Client) error {
		ov, err = admin.NewSession(v, c).Overview(ctx, known)
		return err
	})
	if err != nil {
		return adminError(err)
	}
	if err := m.SaveVerdicts(ctx, af.account, known); err != nil {
		fmt.Fprintf(cl.stderr, "vdesk overview: password verdicts not kept for next time: %v\n", err)
	}
	if af.asJSON {
		return writeJSON(cl, ov)
	}
	tw := tabwriter.NewWriter(cl.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ORGANIZATION\tITEMS\tCOLLECTIONS\tINVITED\tACCEPTED\tCONFIRMED\tREVOKED\tTO CONFIRM\tSEATS\tWEAK\tREUSED\tNOT CHECKED\t")
	for _, o := range ov.Orgs {
		inv, acc, conf, rev, pend := "-", "-", "-", "-", "-"
		if o.Members != nil {
			m := o.Members
			inv, acc, conf, rev = strconv.Itoa(m.Invited), strconv.Itoa(m.Accepted), strconv.Itoa(m.Confirmed), strconv.Itoa(m.Revoked)
			pend = strconv.Itoa(*o.Pending)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t\n", o.Name, o.Items, o.Collections, inv, acc, conf, rev, pend,
			seats(o.SeatsUsed, o.Seats), o.Passwords.Weak, o.Passwords.Reused, o.Passwords.NotChecked)
	}
	t := ov.Total
	used, total := &t.SeatsUsed, &t.Seats
	if t.MembersKnown == 0 {
		used, total = nil, nil
	}
	fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%d\t%d\t%d\t\n", fmt.Sprintf("TOTAL (%d)", t.Orgs), t.Items, t.Collections,
		t.Members.Invited, t.Members.Accepted, t.Members.Confirmed, t.Members.Revoked, t.Pending,
		seats(used, total), t.Passwords.Weak, t.Passwords.Reused, t.Passwords.NotChecked)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(cl.stdout, "weak: zxcvbn score below %d; reused: the same password in another item (the total counts across organizations); - : your role does not show members\n", admin.WeakScore)
	return nil
}

func seats(used, total *int) string {
	switch {
	case used != nil && total != nil:
		return fmt.Sprintf("%d/%d", *used, *total)
	case used != nil:
		return strconv.Itoa(*used)
	case total != nil:
		return "?/" + strconv.Itoa(*total)
	}
	return "-"
}
