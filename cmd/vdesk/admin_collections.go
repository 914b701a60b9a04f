package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/vaultdesk/vaultdesk/internal/admin"
)

const levelsHelp = "view, view-except-passwords, edit, edit-except-passwords or manage"

const collectionsUsage = `usage:
  vdesk collections list   --org ID|NAME [--json]
  vdesk collections create PATH --org ID|NAME [--access SPEC,...] [--json]
  vdesk collections edit   ID|PATH --org ID|NAME [--name NEW_PATH] [--access SPEC,...|none] [--json]
  vdesk collections delete ID|PATH --org ID|NAME [--with-children]

Collections nest by name: "Network/Firewalls" is under "Network" (which
need not exist). list prints the tree, indented by depth, with each
collection's access; --json prints the collections as a flat list.

edit --name gives a new full path: renaming or moving a collection moves
every collection nested under it too. --access replaces all the access of
the collection (members and groups not named lose theirs); "--access none"
removes it all; without --access, access stays as it is.

delete refuses a collection with nested collections unless
--with-children, which deletes them all.

SPEC is member:EMAIL_OR_MEMBER_ID=LEVEL or group:NAME_OR_ID=LEVEL, several
separated by commas or in repeated --access flags; LEVEL is one of
` + levelsHelp + `.
For example: --access member:it@client.example=edit,group:Technicians=manage

flags:
`

const groupsUsage = `usage:
  vdesk groups list   --org ID|NAME [--json]
  vdesk groups create NAME --org ID|NAME [--members EMAIL,...] [--access COLLECTION=LEVEL,...] [--json]
  vdesk groups edit   ID|NAME --org ID|NAME [--name NEW] [--members EMAIL,...|none] [--access COLLECTION=LEVEL,...|none] [--json]
  vdesk groups delete ID|NAME --org ID|NAME

--members takes emails or member ids; --access takes collection ids or full
paths ("Network/Firewalls") with a LEVEL, one of
` + levelsHelp + `.
On edit, --members and --access replace the group's members or collections
("none" empties them); without them they stay as they are.

flags:
`

// listFlag collects a comma-separated list from one or more flags; set
// tells it was given at all, so that "none" can empty the list.
type listFlag struct {
	set   bool
	items []string
}

func (l *listFlag) String() string { return strings.Join(l.items, ",") }

func (l *listFlag) Set(s string) error {
	l.set = true
	if strings.EqualFold(strings.TrimSpace(s), "none") {
		l.items = nil
		return nil
	}
	l.items = append(l.items, splitIDs(s)...)
	return nil
}

// adminSub is the parsed command line of an administration subcommand.
type adminSub struct {
	fs  *flag.FlagSet
	af  adminFlags
	org string
}

func newAdminSub(cl *cli, name, usage string) *adminSub {
	s := &adminSub{fs: cl.flags(name)}
	s.af.add(s.fs)
	s.fs.StringVar(&s.org, "org", "", "the organization's id or name (required)")
	s.fs.Usage = func() {
		fmt.Fprint(s.fs.Output(), usage)
		s.fs.PrintDefaults()
	}
	return s
}

// parse parses the flags around at most one positional argument (what it
// is, "" for none) and checks --org.
func (s *adminSub) parse(args []string, what string) (string, error) {
	var pos string
	var err error
	if what == "" {
		err = parse(s.fs, args)
	} else {
		pos, err = splitArg(s.fs, args, what)
	}
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(s.org) == "" {
		return "", usagef("--org is required: give the organization's id or name (see 'vdesk orgs')")
	}
	return pos, nil
}

// subcommand splits off the subcommand word.
func subcommand(cl *cli, name, usage string, args []string, subs ...string) (string, []string, error) {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprint(cl.stdout, strings.TrimSuffix(usage, "flags:\n"))
		return "", nil, flag.ErrHelp
	}
	if len(args) == 0 {
		return "", nil, usagef("want 'vdesk %s %s'; see 'vdesk %s --help'", name, strings.Join(subs, "|"), name)
	}
	for _, s := range subs {
		if args[0] == s {
			return s, args[1:], nil
		}
	}
	return "", nil, usagef("unknown subcommand %q: want %s", args[0], strings.Join(subs, ", "))
}

// parseGrants reads member:X=LEVEL and group:X=LEVEL specs.
func parseGrants(specs []string) ([]admin.Grant, error) {
	var out []admin.Grant
	for _, spec := range specs {
		who, lv, ok := cutLast(spec, "=")
		kind, ref, ok2 := strings.Cut(who, ":")
		ref = strings.TrimSpace(ref)
		if !ok || !ok2 || ref == "" {
			return nil, usagef("--access %q: want member:EMAIL_OR_ID=LEVEL or group:NAME_OR_ID=LEVEL", spec)
		}
		level, err := admin.ParseLevel(lv)
		if err != nil {
			return nil, usagef("--access %q: %v", spec, err)
		}
		switch strings.ToLower(strings.TrimSpace(kind)) {
		case "member", "user":
			out = append(out, admin.Grant{Member: ref, Level: level})
		case "group":
			out = append(out, admin.Grant{Group: ref, Level: level})
		default:
			return nil, usagef("--access %q: %q is neither member nor group", spec, kind)
		}
	}
	return out, nil
}

// parseCollectionGrants reads COLLECTION=LEVEL specs.
func parseCollectionGrants(specs []string) ([]admin.CollectionGrant, error) {
	var out []admin.CollectionGrant
	for _, spec := range specs {
		coll, lv, ok := cutLast(spec, "=")
		if !ok || strings.TrimSpace(coll) == "" {
			return nil, usagef("--access %q: want COLLECTION=LEVEL (a collection id or path)", spec)
		}
		level, err := admin.ParseLevel(lv)
		if err != nil {
			return nil, usagef("--access %q: %v", spec, err)
		}
		out = append(out, admin.CollectionGrant{Collection: strings.TrimSpace(coll), Level: level})
	}
	return out, nil
}

func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// collectionsError gives the collections' and groups' own errors their
// exit code and a hint; adminError does the rest.
func collectionsError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, admin.ErrBadName), errors.Is(err, admin.ErrBadLevel):
		return &codeError{exitUsage, err, "see --help"}
	case errors.Is(err, admin.ErrHasChildren):
		return &codeError{exitError, err, "add --with-children to delete them too, or move them first"}
	case errors.Is(err, admin.ErrNameTaken):
		return &codeError{exitError, err, "choose another name"}
	}
	return err
}

func runCollections(ctx context.Context, cl *cli, args []string) error {
	sub, args, err := subcommand(cl, "collections", collectionsUsage, args, "list", "create", "edit", "delete")
	if err != nil {
		return err
	}
	s := newAdminSub(cl, "collections "+sub, collectionsUsage)
	var access listFlag
	var newName string
	var withChildren bool
	switch sub {
	case "create", "edit":
		s.fs.Var(&access, "access", "access: member:EMAIL_OR_ID=LEVEL or group:NAME_OR_ID=LEVEL, comma-separated or repeated; LEVEL is "+levelsHelp)
	case "delete":
		s.fs.BoolVar(&withChildren, "with-children", false, "also delete the collections nested under it")
	}
	if sub == "edit" {
		s.fs.StringVar(&newName, "name", "", "the new full path (moves nested collections with it)")
	}
	what := map[string]string{"list": "", "create": "the collection's name (PATH, nested as Parent/Child)",
		"edit": "the collection's id or path", "delete": "the collection's id or path"}[sub]
	ref, err := s.parse(args, what)
	if err != nil {
		return err
	}
	grants, err := parseGrants(access.items)
	if err != nil {
		return err
	}
	if sub == "edit" && newName == "" && !access.set {
		return usagef("nothing to change: give --name and/or --access")
	}
	// Check names before opening the vault: a usage mistake needs no unlock.
	if sub == "create" {
		if _, err := admin.CleanCollectionName(ref); err != nil {
			return usagef("%v; give a path like Parent/Child", err)
		}
	}
	if newName != "" {
		if _, err := admin.CleanCollectionName(newName); err != nil {
			return usagef("%v; give a path like Parent/Child", err)
		}
	}

	switch sub {
	case "list":
		var colls []admin.Collection
		if err := s.af.session(ctx, false, func(as *admin.Session) (err error) {
			colls, err = as.Collections(ctx, s.org)
			return collectionsError(err)
		}); err != nil {
			return err
		}
		if s.af.asJSON {
			return writeJSON(cl, colls)
		}
		return printCollectionTree(cl.stdout, admin.Tree(colls))
	case "create":
		var c *admin.Collection
		if err := s.af.session(ctx, true, func(as *admin.Session) (err error) {
			c, err = as.CreateCollection(ctx, s.org, ref, grants)
			return collectionsError(err)
		}); err != nil {
			return err
		}
		if s.af.asJSON {
			return writeJSON(cl, c)
		}
		fmt.Fprintf(cl.stdout, "Created collection %s (%s)\n", c.Name, c.ID)
		return nil
	case "edit":
		var c *admin.Collection
		if err := s.af.session(ctx, true, func(as *admin.Session) (err error) {
			c, err = as.EditCollection(ctx, s.org, ref, admin.CollectionChange{Name: newName, SetAccess: access.set, Access: grants})
			return collectionsError(err)
		}); err != nil {
			return err
		}
		if s.af.asJSON {
			return writeJSON(cl, c)
		}
		fmt.Fprintf(cl.stdout, "Updated collection %s (%s)\n", c.Name, c.ID)
		return nil
	}
	var deleted []string
	if err := s.af.session(ctx, true, func(as *admin.Session) (err error) {
		deleted, err = as.DeleteCollection(ctx, s.org, ref, withChildren)
		return collectionsError(err)
	}); err != nil {
		return err
	}
	if s.af.asJSON {
		return writeJSON(cl, map[string][]string{"deleted": deleted})
	}
	for _, n := range deleted {
		fmt.Fprintf(cl.stdout, "Deleted collection %s\n", n)
	}
	return nil
}

// printCollectionTree prints the tree, two spaces per level, with each
// collection's access and id.
func printCollectionTree(w io.Writer, tree []*admin.Node) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "COLLECTION\tID\tACCESS")
	admin.Walk(tree, func(n *admin.Node, depth int) {
		indent := strings.Repeat("  ", depth)
		if n.Collection == nil {
			fmt.Fprintf(tw, "%s%s\t-\t(no collection of this name; holds the ones below)\n", indent, n.Name)
			return
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%s\n", indent, n.Name, n.Collection.ID, accessSummary(n.Collection))
	})
	return tw.Flush()
}

func accessSummary(c *admin.Collection) string {
	var parts []string
	for _, a := range c.Members {
		parts = append(parts, orID(a)+"="+a.Level.String())
	}
	for _, a := range c.Groups {
		parts = append(parts, "group:"+orID(a)+"="+a.Level.String())
	}
	if len(parts) == 0 {
		return "(owners and admins only)"
	}
	return strings.Join(parts, ", ")
}

func orID(a admin.Assignment) string {
	if a.Name != "" {
		return a.Name
	}
	return a.ID
}

func runGroups(ctx context.Context, cl *cli, args []string) error {
	sub, args, err := subcommand(cl, "groups", groupsUsage, args, "list", "create", "edit", "delete")
	if err != nil {
		return err
	}
	s := newAdminSub(cl, "groups "+sub, groupsUsage)
	var members, access listFlag
	var newName string
	if sub == "create" || sub == "edit" {
		s.fs.Var(&members, "members", "members: emails or member ids, comma-separated or repeated (on edit, \"none\" removes all)")
		s.fs.Var(&access, "access", "collections: COLLECTION=LEVEL (id or full path), comma-separated or repeated; LEVEL is "+levelsHelp)
	}
	if sub == "edit" {
		s.fs.StringVar(&newName, "name", "", "the group's new name")
	}
	what := map[string]string{"list": "", "create": "the group's name", "edit": "the group's id or name", "delete": "the group's id or name"}[sub]
	ref, err := s.parse(args, what)
	if err != nil {
		return err
	}
	grants, err := parseCollectionGrants(access.items)
	if err != nil {
		return err
	}
	if sub == "edit" && newName == "" && !members.set && !access.set {
		return usagef("nothing to change: give --name, --members and/or --access")
	}
	if sub == "create" {
		if _, err := admin.CleanGroupName(ref); err != nil {
			return usagef("%v; give 1 to 100 characters", err)
		}
	}
	if newName != "" {
		if _, err := admin.CleanGroupName(newName); err != nil {
			return usagef("%v; give 1 to 100 characters", err)
		}
	}
	ch := admin.GroupChange{Name: newName, SetMembers: members.set, Members: members.items, SetCollections: access.set, Collections: grants}

	switch sub {
	case "list":
		var gs []admin.Group
		if err := s.af.session(ctx, false, func(as *admin.Session) (err error) {
			gs, err = as.Groups(ctx, s.org)
			return collectionsError(err)
		}); err != nil {
			return err
		}
		if s.af.asJSON {
			return writeJSON(cl, gs)
		}
		tw := tabwriter.NewWriter(cl.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "GROUP\tID\tMEMBERS\tCOLLECTIONS")
		for _, g := range gs {
			var ms, cs []string
			for _, m := range g.Members {
				ms = append(ms, orID(m))
			}
			for _, c := range g.Collections {
				cs = append(cs, orID(c)+"="+c.Level.String())
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", g.Name, g.ID, orDash(strings.Join(ms, ", ")), orDash(strings.Join(cs, ", ")))
		}
		return tw.Flush()
	case "create", "edit":
		var g *admin.Group
		if err := s.af.session(ctx, true, func(as *admin.Session) (err error) {
			if sub == "create" {
				ch.Name = ref
				g, err = as.CreateGroup(ctx, s.org, ch)
			} else {
				g, err = as.EditGroup(ctx, s.org, ref, ch)
			}
			return collectionsError(err)
		}); err != nil {
			return err
		}
		if s.af.asJSON {
			return writeJSON(cl, g)
		}
		verb := map[string]string{"create": "Created", "edit": "Updated"}[sub]
		fmt.Fprintf(cl.stdout, "%s group %s (%s): %d members, %d collections\n", verb, g.Name, g.ID, len(g.Members), len(g.Collections))
		return nil
	}
	if err := s.af.session(ctx, true, func(as *admin.Session) error {
		return collectionsError(as.DeleteGroup(ctx, s.org, ref))
	}); err != nil {
		return err
	}
	if s.af.asJSON {
		return writeJSON(cl, map[string]string{"deleted": ref})
	}
	fmt.Fprintf(cl.stdout, "Deleted group %s\n", ref)
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
