package admin

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// A Template names the standard collections and groups of a client
// organization, and each group's access to the collections. The file is
// YAML (see templates/README.md and templates/msp-standard.yaml):
//
//	description: MSP standard layout     # optional, ignored
//	collections:
//	  - Network
//	  - Network/Firewalls                # "Parent/Child" nests
//	groups:
//	  - name: Technicians
//	    all: manage                      # this level on every collection above
//	  - name: Client IT
//	    access:                          # per collection; overrides all
//	      Network: view
//
// Access levels are view, view-except-passwords, edit,
// edit-except-passwords and manage. Unknown keys, duplicate names, empty
// names, unknown levels and collections a group names but the template
// lacks are errors that give the line.
type Template struct {
	Collections []string
	Groups      []TemplateGroup
}

// TemplateGroup is a group of a template with its access, in the order of
// the template's collections.
type TemplateGroup struct {
	Name   string
	Access []TemplateAccess
}

// TemplateAccess is a group's access to one collection of the template.
type TemplateAccess struct {
	Collection string
	Level      Level
}

// TemplateError is a mistake in a template file, at a line.
type TemplateError struct {
	File string
	Line int // 0 when the mistake has no line
	Msg  string
}

func (e *TemplateError) Error() string {
	if e.Line == 0 {
		return e.File + ": " + e.Msg
	}
	return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Msg
}

// maxTemplateSize bounds a template file; real ones are a few hundred
// bytes.
const maxTemplateSize = 1 << 20

// LoadTemplate reads and parses a template file.
func LoadTemplate(path string) (*Template, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	if st.Size() > maxTemplateSize {
		return nil, &TemplateError{File: path, Msg: fmt.Sprintf("%d bytes is too large for a template (at most %d)", st.Size(), maxTemplateSize)}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	return ParseTemplate(path, data)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// ParseTemplate parses a template; file names it in errors. The first
// mistake, by line, is returned as a *TemplateError.
func ParseTemplate(file string, data []byte) (*Template, error) {
	if len(data) > maxTemplateSize {
		return nil, &TemplateError{File: file, Msg: "too large for a template"}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		// The parser's messages quote at most a token of the file; a
		// template holds no secrets anyway.
		msg := strings.Split(err.Error(), "\n")[0]
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &TemplateError{File: file, Line: line, Msg: "not valid YAML: " + m[2]}
		}
		return nil, &TemplateError{File: file, Msg: "not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
	}
	p := &templateParser{file: file}
	t := p.parse(&doc)
	if len(p.errs) > 0 {
		slices.SortStableFunc(p.errs, func(a, b *TemplateError) int { return a.Line - b.Line })
		return nil, p.errs[0]
	}
	return t, nil
}

type templateParser struct {
	file string
	errs []*TemplateError
}

func (p *templateParser) errorf(n *yaml.Node, format string, a ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.errs = append(p.errs, &TemplateError{File: p.file, Line: line, Msg: fmt.Sprintf(format, a...)})
}

// mapping walks a mapping node's keys in order, refusing unknown and
// repeated keys.
func (p *templateParser) mapping(n *yaml.Node, what string, known []string, f func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s: want a mapping of %s", what, strings.Join(known, ", "))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "%s: keys must be plain words", what)
			continue
		}
		if !slices.Contains(known, k.Value) {
			p.errorf(k, "%s: unknown key %q (known: %s)", what, k.Value, strings.Join(known, ", "))
			continue
		}
		if l, dup := seen[k.Value]; dup {
			p.errorf(k, "%s: key %q repeated (first at line %d)", what, k.Value, l)
			continue
		}
		seen[k.Value] = k.Line
		f(k.Value, k, v)
	}
}

// name checks a collection or group name.
func (p *templateParser) name(n *yaml.Node, what string, max int) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, "%s: want a name", what)
		return "", false
	}
	s := strings.TrimSpace(n.Value)
	switch {
	case s == "":
		p.errorf(n, "%s: the name is empty", what)
		return "", false
	case utf8.RuneCountInString(s) > max:
		p.errorf(n, "%s: the name is longer than %d characters", what, max)
		return "", false
	case strings.HasPrefix(s, "/") || strings.HasSuffix(s, "/") || strings.Contains(s, "//"):
		if what == "collection" {
			p.errorf(n, "collection %q: a nested name is Parent/Child, with no empty part", s)
			return "", false
		}
	}
	return s, true
}

func (p *templateParser) level(n *yaml.Node, what string) (Level, bool) {
	if n.Kind == yaml.ScalarNode {
		if l, err := ParseLevel(n.Value); err == nil {
			return l, true
		}
	}
	names := make([]string, len(Levels))
	for i, l := range Levels {
		names[i] = l.String()
	}
	p.errorf(n, "%s: unknown access %q (want one of %s)", what, n.Value, strings.Join(names, ", "))
	return 0, false
}

func (p *templateParser) parse(doc *yaml.Node) *Template {
	t := &Template{}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		p.errorf(nil, "the template is empty; it needs collections or groups")
		return t
	}
	root := doc.Content[0]
	var groups *yaml.Node
	colls := map[string]int{} // lower-case name → line
	p.mapping(root, "template", []string{"description", "collections", "groups"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "description":
			if v.Kind != yaml.ScalarNode {
				p.errorf(v, "description: want text")
			}
		case "collections":
			if v.Kind != yaml.SequenceNode {
				p.errorf(v, "collections: want a list of names")
				return
			}
			for _, c := range v.Content {
				name, ok := p.name(c, "collection", 1000)
				if !ok {
					continue
				}
				if l, dup := colls[strings.ToLower(name)]; dup {
					p.errorf(c, "collection %q: named twice (first at line %d)", name, l)
					continue
				}
				colls[strings.ToLower(name)] = c.Line
				t.Collections = append(t.Collections, name)
			}
		case "groups":
			groups = v
		}
	})
	if groups == nil {
		if len(t.Collections) == 0 && len(p.errs) == 0 {
			p.errorf(root, "the template names no collections and no groups")
		}
		return t
	}
	if groups.Kind != yaml.SequenceNode {
		p.errorf(groups, "groups: want a list of groups with a name")
		return t
	}
	seen := map[string]int{}
	for _, g := range groups.Content {
		tg, ok := p.group(g, t.Collections, colls)
		if !ok {
			continue
		}
		if l, dup := seen[strings.ToLower(tg.Name)]; dup {
			p.errorf(g, "group %q: named twice (first at line %d)", tg.Name, l)
			continue
		}
		seen[strings.ToLower(tg.Name)] = g.Line
		t.Groups = append(t.Groups, tg)
	}
	return t
}

func (p *templateParser) group(g *yaml.Node, order []string, colls map[string]int) (TemplateGroup, bool) {
	var (
		tg     TemplateGroup
		hasNm  bool
		all    Level
		access = map[string]Level{} // template collection name → level
	)
	ok := true
	p.mapping(g, "group", []string{"name", "all", "access"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			tg.Name, hasNm = p.name(v, "group", 100)
			ok = ok && hasNm
		case "all":
			var lok bool
			if all, lok = p.level(v, "group "+strconv.Quote(groupLabel(g))+": all"); !lok {
				ok = false
			}
		case "access":
			if v.Kind != yaml.MappingNode {
				p.errorf(v, "group %q: access: want collection: level lines", groupLabel(g))
				ok = false
				return
			}
			for i := 0; i+1 < len(v.Content); i += 2 {
				ck, cv := v.Content[i], v.Content[i+1]
				what := fmt.Sprintf("group %q", groupLabel(g))
				name, nok := p.name(ck, what+": collection", 1000)
				if !nok {
					ok = false
					continue
				}
				if _, in := colls[strings.ToLower(name)]; !in {
					p.errorf(ck, "%s: collection %q is not in the template", what, name)
					ok = false
					continue
				}
				canon := canonical(order, name)
				if _, dup := access[canon]; dup {
					p.errorf(ck, "%s: collection %q named twice", what, name)
					ok = false
					continue
				}
				lv, lok := p.level(cv, what+": "+strconv.Quote(name))
				if !lok {
					ok = false
					continue
				}
				access[canon] = lv
			}
		}
	})
	if g.Kind == yaml.MappingNode && !hasNm && ok {
		p.errorf(g, "group: it has no name")
		ok = false
	}
	if !ok {
		return tg, false
	}
	for _, c := range order {
		if lv, in := access[c]; in {
			tg.Access = append(tg.Access, TemplateAccess{Collection: c, Level: lv})
		} else if all != 0 {
			tg.Access = append(tg.Access, TemplateAccess{Collection: c, Level: all})
		}
	}
	return tg, true
}

// groupLabel is a group's name for errors, before it is checked.
func groupLabel(g *yaml.Node) string {
	if g.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(g.Content); i += 2 {
			if g.Content[i].Value == "name" && g.Content[i+1].Kind == yaml.ScalarNode {
				return strings.TrimSpace(g.Content[i+1].Value)
			}
		}
	}
	return "?"
}

// canonical returns the template's spelling of a collection name matched
// in any case.
func canonical(order []string, name string) string {
	for _, c := range order {
		if strings.EqualFold(c, name) {
			return c
		}
	}
	return name
}

// ApplyResult says what applying a template did. Names are the
// template's.
type ApplyResult struct {
	OrgID string `json:"orgId"`
	// CollectionsCreated were missing and made; CollectionsKept were
	// there already (matched by decrypted name, in any case).
	CollectionsCreated []string `json:"collectionsCreated"`
	CollectionsKept    []string `json:"collectionsKept"`
	// GroupsCreated were missing and made with their access;
	// GroupsUpdated were there and got the access they lacked;
	// GroupsKept were there with all of it. Access a group already has
	// to a collection is left as it is, even at another level.
	GroupsCreated []string `json:"groupsCreated"`
	GroupsUpdated []string `json:"groupsUpdated"`
	GroupsKept    []string `json:"groupsKept"`
}

// Changed reports whether anything was created or updated.
func (r *ApplyResult) Changed() bool {
	return len(r.CollectionsCreated)+len(r.GroupsCreated)+len(r.GroupsUpdated) > 0
}

// ApplyTemplate adds to the organization (id or name) what the template
// names and it lacks; see [Session.ApplyTemplateTo].
func (s *Session) ApplyTemplate(ctx context.Context, orgRef string, t *Template) (*ApplyResult, error) {
	o, err := s.Org(orgRef)
	if err != nil {
		return nil, err
	}
	return s.ApplyTemplateTo(ctx, o, t)
}

// ApplyTemplateTo adds to o the template's collections and groups that it
// lacks, and to its existing groups the access they lack. Nothing is
// renamed, removed or lowered, so applying twice changes nothing the
// second time. It stops at the first failed request and returns what it
// had done with the error.
func (s *Session) ApplyTemplateTo(ctx context.Context, o vault.Org, t *Template) (*ApplyResult, error) {
	res := &ApplyResult{OrgID: o.ID}
	if !CanViewAdmin(o) {
		return res, refuse(o, "apply a template")
	}
	if len(t.Collections) > 0 && !CanCreateCollections(o) {
		return res, refuse(o, "create collections")
	}
	if len(t.Groups) > 0 && !CanManageGroups(o) {
		return res, refuse(o, "manage groups")
	}
	if o.Damaged {
		return res, fmt.Errorf("apply a template to %s: its key could not be decrypted: %w", o.Name, vault.ErrDamaged)
	}

	// Collections, matched by decrypted name.
	existing, err := s.c.ListCollections(ctx, o.ID)
	if err != nil {
		return res, fmt.Errorf("list the collections of %s: %w", o.Name, err)
	}
	ids := map[string]string{} // lower-case name → id
	for _, c := range existing {
		name, err := s.decrypt(o, c.Name)
		if err != nil {
			continue // a name we cannot read matches nothing
		}
		if k := strings.ToLower(name); ids[k] == "" {
			ids[k] = c.ID
		}
	}
	for _, name := range t.Collections {
		if ids[strings.ToLower(name)] != "" {
			res.CollectionsKept = append(res.CollectionsKept, name)
			continue
		}
		enc, err := s.encrypt(o, name)
		if err != nil {
			return res, fmt.Errorf("create collection %q in %s: %w", name, o.Name, err)
		}
		c, err := s.c.CreateCollection(ctx, o.ID, &api.CollectionRequest{Name: enc})
		if err != nil {
			return res, fmt.Errorf("create collection %q in %s: %w", name, o.Name, err)
		}
		ids[strings.ToLower(name)] = c.ID
		res.CollectionsCreated = append(res.CollectionsCreated, name)
	}
	if len(t.Groups) == 0 {
		return res, nil
	}

	// Groups, matched by name.
	groups, err := s.c.ListGroupDetails(ctx, o.ID)
	if err != nil {
		return res, fmt.Errorf("list the groups of %s: %w", o.Name, err)
	}
	byName := map[string]*api.GroupDetails{}
	for i := range groups {
		if k := strings.ToLower(strings.TrimSpace(groups[i].Name)); byName[k] == nil {
			byName[k] = &groups[i]
		}
	}
	for _, tg := range t.Groups {
		want := make([]api.AccessSelection, 0, len(tg.Access))
		for _, a := range tg.Access {
			want = append(want, a.Level.Selection(ids[strings.ToLower(a.Collection)]))
		}
		g := byName[strings.ToLower(tg.Name)]
		if g == nil {
			if _, err := s.c.CreateGroup(ctx, o.ID, &api.GroupRequest{Name: tg.Name, Collections: want}); err != nil {
				return res, fmt.Errorf("create group %q in %s: %w", tg.Name, o.Name, err)
			}
			res.GroupsCreated = append(res.GroupsCreated, tg.Name)
			continue
		}
		colls := slices.Clone(g.Collections)
		added := false
		for _, w := range want {
			if !slices.ContainsFunc(colls, func(a api.AccessSelection) bool { return strings.EqualFold(a.ID, w.ID) }) {
				colls = append(colls, w)
				added = true
			}
		}
		if !added {
			res.GroupsKept = append(res.GroupsKept, tg.Name)
			continue
		}
		users, err := s.c.GroupUsers(ctx, o.ID, g.ID)
		if err != nil {
			return res, fmt.Errorf("list the members of group %q in %s: %w", g.Name, o.Name, err)
		}
		_, err = s.c.UpdateGroup(ctx, o.ID, g.ID, &api.GroupRequest{Name: g.Name, ExternalID: g.ExternalID, Collections: colls, Users: users})
		if err != nil {
			return res, fmt.Errorf("add access to group %q in %s: %w", g.Name, o.Name, err)
		}
		res.GroupsUpdated = append(res.GroupsUpdated, tg.Name)
	}
	return res, nil
}
