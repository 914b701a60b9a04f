package vault

import (
	"errors"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
)

func ids(rs []Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func rankingSet(t *testing.T) *Set {
	f := newFixture(t)
	f.add(
		plainItem{id: "notes", typ: api.CipherSecureNote, name: "Aaa note", notes: "check the Router weekly"},
		plainItem{id: "host", typ: api.CipherLogin, name: "Aab portal", uris: []string{"https://router.acme.example/"}},
		plainItem{id: "user", typ: api.CipherLogin, name: "Aac login", username: "router-admin"},
		plainItem{id: "sub", typ: api.CipherLogin, name: "Barouter box"},
		plainItem{id: "word", typ: api.CipherLogin, name: "Main router"},
		plainItem{id: "word2", typ: api.CipherLogin, name: "Edge-Router"},
		plainItem{id: "prefix", typ: api.CipherLogin, name: "Router"},
		plainItem{id: "prefix2", typ: api.CipherLogin, name: "routers list", itemKey: true},
		plainItem{id: "none", typ: api.CipherLogin, name: "Switch", username: "admin", notes: "nothing here"},
		plainItem{id: "cafe", typ: api.CipherLogin, name: "Café Zürich", username: "Ærø"},
		plainItem{id: "greek", typ: api.CipherSecureNote, name: "ΣΕΡΒΕΡ Αθήνα"},
	)
	s := NewSet()
	s.Add(f.unlock(t, account1))
	t.Cleanup(s.Lock)
	return s
}

func TestSearchRanking(t *testing.T) {
	s := rankingSet(t)
	tests := []struct {
		q     string
		want  []string
		match []Match
	}{
		{"rout", []string{"prefix", "prefix2", "word2", "word", "sub", "user", "host", "notes"},
			[]Match{MatchNamePrefix, MatchNamePrefix, MatchNameWord, MatchNameWord, MatchName, MatchUsername, MatchHost, MatchNotes}},
		{"ROUTER", []string{"prefix", "prefix2", "word2", "word", "sub", "user", "host", "notes"}, nil},
		{"routers", []string{"prefix2"}, nil},
		{"main rou", []string{"word"}, []Match{MatchNamePrefix}}, // the phrase is a prefix
		{"rou main", []string{"word"}, []Match{MatchNameWord}},
		{"router weekly", []string{"notes"}, []Match{MatchNotes}},
		{"box router", []string{"sub"}, []Match{MatchName}},
		{"cafe zur", []string{"cafe"}, []Match{MatchNamePrefix}},
		{"ZÜRICH", []string{"cafe"}, []Match{MatchNameWord}},
		{"aero", []string{"cafe"}, []Match{MatchUsername}},
		{"αθηνα", nil, nil}, // Greek accents are not folded
		{"αθήνα", []string{"greek"}, []Match{MatchNameWord}},
		{"σερβερ", []string{"greek"}, []Match{MatchNamePrefix}},
		{"xyz", nil, nil},
		{"admin", []string{"user", "none"}, nil},
		{"  ", []string{"notes", "host", "user", "sub", "cafe", "word2", "word", "prefix", "prefix2", "none", "greek"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			res, err := s.Search(tt.q, Filter{}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(res); !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) = %q, want %q", tt.q, got, tt.want)
			}
			if tt.match != nil {
				var got []Match
				for _, r := range res {
					got = append(got, r.Match)
				}
				if !slices.Equal(got, tt.match) {
					t.Errorf("Search(%q) matches = %v, want %v", tt.q, got, tt.match)
				}
			}
		})
	}
}

func TestSearchLimit(t *testing.T) {
	s := rankingSet(t)
	for _, tt := range []struct {
		q     string
		limit int
		want  []string
	}{
		{"rout", 3, []string{"prefix", "prefix2", "word2"}},
		{"rout", 1, []string{"prefix"}},
		{"", 2, []string{"notes", "host"}},
		{"rout", 100, []string{"prefix", "prefix2", "word2", "word", "sub", "user", "host", "notes"}},
	} {
		res, err := s.Search(tt.q, Filter{}, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(res); !slices.Equal(got, tt.want) {
			t.Errorf("Search(%q, limit %d) = %q, want %q", tt.q, tt.limit, got, tt.want)
		}
	}
}

func TestSearchFilters(t *testing.T) {
	f, _ := realisticFixture(t)
	s := NewSet()
	s.Add(f.unlock(t, account1))
	defer s.Lock()
	tests := []struct {
		name string
		f    Filter
		want []string // sorted
	}{
		{"org", Filter{OrgID: "org-x"}, []string{"x-dc", "x-m365", "x-router", "x-tampered"}},
		{"personal", Filter{OrgID: Personal}, []string{"broken-1", "p-card", "p-ident", "p-login", "p-note", "p-ssh"}},
		{"collection", Filter{CollectionID: "cy-shared"}, []string{"y-card", "y-fw", "y-note"}},
		{"collection and type", Filter{CollectionID: "cy-shared", Type: api.CipherCard}, []string{"y-card"}},
		{"folder", Filter{FolderID: "f-home"}, []string{"p-login"}},
		{"type", Filter{Type: api.CipherCard}, []string{"p-card", "y-card"}},
		{"favorites", Filter{Favorites: true}, []string{"p-login"}},
		{"trash", Filter{Trash: true}, []string{"p-trash"}},
		{"account", Filter{AccountID: account1.ID, OrgID: "org-y"}, []string{"y-card", "y-fw", "y-note"}},
		{"other account", Filter{AccountID: "someone-else"}, nil},
		{"unknown org", Filter{OrgID: "org-nope"}, nil},
		{"no folder", Filter{FolderID: NoFolder, OrgID: Personal}, []string{"broken-1", "p-card", "p-ident", "p-note", "p-ssh"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Search("", tt.f, 0)
			if err != nil {
				t.Fatal(err)
			}
			got := ids(res)
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Search(\"\", %+v) = %q, want %q", tt.f, got, tt.want)
			}
		})
	}
	// Filters apply to queries too.
	res, err := s.Search("admin", Filter{OrgID: "org-x"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(res), []string{"x-dc", "x-m365", "x-router"}; !slices.Equal(got, want) {
		t.Errorf("Search(admin, org-x) = %q, want %q", got, want)
	}
	res, _ = s.Search("router", Filter{Trash: true}, 0)
	if got, want := ids(res), []string{"p-trash"}; !slices.Equal(got, want) {
		t.Errorf("Search(router, trash) = %q, want %q", got, want)
	}
}

func TestSearchTagsAccountsAndOrgs(t *testing.T) {
	f1, _ := realisticFixture(t)
	f2 := newFixture(t)
	f2.addOrg("org-c", "Client C")
	f2.addCollection("cc-net", "org-c", "Network", false, false)
	f2.add(plainItem{id: "c-router", org: "org-c", typ: api.CipherLogin, name: "Router admin", colls: []string{"cc-net"}},
		plainItem{id: "c-personal", typ: api.CipherLogin, name: "Router at home"})
	account2 := AccountRef{ID: "user-2", Email: "tech@client.example", Server: "https://vw.client.example"}

	s := NewSet()
	s.Add(f1.unlock(t, account1))
	s.Add(f2.unlock(t, account2))
	defer s.Lock()

	res, err := s.Search("router", Filter{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	type tag struct{ id, account, org, orgName, colls string }
	var got []tag
	for _, r := range res {
		got = append(got, tag{r.ID, r.Account.ID, r.OrgID, r.OrgName, join(r.CollectionNames)})
	}
	want := []tag{
		{"x-router", "user-1", "org-x", "Business X", "Network"},
		{"c-router", "user-2", "org-c", "Client C", "Network"},
		{"c-personal", "user-2", "", "", ""},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Search(router) = %+v, want %+v", got, want)
	}

	res, _ = s.Search("router", Filter{AccountID: "user-2"}, 0)
	if got, want := ids(res), []string{"c-router", "c-personal"}; !slices.Equal(got, want) {
		t.Errorf("Search(router, account 2) = %q, want %q", got, want)
	}

	// One account locks: the other is still searched.
	v1, _ := s.Vault("user-1")
	v1.Lock()
	res, err = s.Search("router", Filter{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(res), []string{"c-router", "c-personal"}; !slices.Equal(got, want) {
		t.Errorf("Search(router) with account 1 locked = %q, want %q", got, want)
	}
	if _, err := s.Item("user-1", "x-router"); !errors.Is(err, ErrLocked) {
		t.Errorf("Item on a locked account: %v, want ErrLocked", err)
	}
	if _, err := s.Item("user-3", "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Item on an unknown account: %v, want ErrNotFound", err)
	}
	// Replacing a vault (after a re-sync) returns the old one.
	if old := s.Add(f1.unlock(t, account1)); old != v1 {
		t.Errorf("Add returned %p, want the replaced vault %p", old, v1)
	}
	res, _ = s.Search("router", Filter{}, 0)
	if got := len(res); got != 3 {
		t.Errorf("Search(router) after re-adding = %d results, want 3", got)
	}
	s.Lock()
	if _, err := s.Search("router", Filter{}, 0); !errors.Is(err, ErrLocked) {
		t.Errorf("Search after Set.Lock: %v, want ErrLocked", err)
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ","
		}
		out += x
	}
	return out
}

func TestSmallest(t *testing.T) {
	in := []uint64{9, 3, 7, 1, 8, 2, 6, 5, 4, 0}
	for k := 1; k <= len(in)+1; k++ {
		got := smallest(slices.Clone(in), k)
		want := []uint64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}[:min(k, len(in))]
		if !slices.Equal(got, want) {
			t.Errorf("smallest(%d) = %v, want %v", k, got, want)
		}
	}
}

// TestFoldGrowth checks the bound that unlock relies on to reserve room
// before folding (maxFoldGrowth), over every rune.
func TestFoldGrowth(t *testing.T) {
	var buf [utf8.UTFMax]byte
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		b := utf8.AppendRune(buf[:0], r)
		if got := len(appendFold(nil, b)); got > maxFoldGrowth*len(b) {
			t.Fatalf("appendFold(%U) is %d bytes, more than %d×%d", r, got, maxFoldGrowth, len(b))
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Café":           "cafe",
		"ZÜRICH":         "zurich",
		"Straße":         "strasse",
		"ØRESUND":        "oresund",
		"Łódź":           "lodz",
		"e\u0301t\u00e9": "ete", // decomposed and composed
		"a\x00b":         "a b",
		"bad\xffutf8":    "badutf8",
	} {
		if got := string(appendFold(nil, []byte(in))); got != want {
			t.Errorf("appendFold(%q) = %q, want %q", in, got, want)
		}
	}
}
