package vault

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
)

// referenceSearch is Search done the slow, obvious way: every entry of
// every vault checked in turn, all results sorted, then cut to limit.
func referenceSearch(s *Set, queryText string, f Filter, limit int) []Result {
	q := parseQuery(queryText)
	var keys []uint64
	for vi, v := range s.vaults {
		vf, ok := f.resolve(v)
		if !ok {
			continue
		}
		for i := range v.entries {
			if !vf.match(&v.entries[i]) {
				continue
			}
			m := MatchAll
			if len(q.tokens) > 0 {
				m = 0
				found := true
				for _, t := range q.tokens {
					tm, ok := bestMatch(v, i, t)
					if !ok {
						found = false
						break
					}
					m = max(m, tm)
				}
				if !found {
					continue
				}
				if name := v.field(fieldName, i); len(q.tokens) > 1 && bytes.Contains(name, q.phrase) {
					m = min(m, nameMatch(name, bytes.Index(name, q.phrase), q.phrase))
				}
			}
			keys = append(keys, uint64(m)<<32|uint64(s.ranks[vi][i]))
		}
	}
	slices.Sort(keys)
	if limit > 0 && len(keys) > limit {
		keys = keys[:limit]
	}
	var out []Result
	for _, k := range keys {
		out = append(out, s.result(s.order[uint32(k)], Match(k>>32)))
	}
	return out
}

// TestSearchMatchesReference checks the parallel, field-by-field search
// with early stopping against referenceSearch on a vault large enough to
// be split into several units, with two accounts.
func TestSearchMatchesReference(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 9,000-item vault")
	}
	s := NewSet()
	s.Add(bigFixture(t, 9000, 20, 7).unlock(t, account1))
	s.Add(bigFixture(t, 1500, 3, 8).unlock(t, AccountRef{ID: "user-2"}))
	defer s.Lock()
	queries := append(slices.Clone(keystrokes), "e", "ops", "alpha bravo", "8443", "example", "münchen", "kraków dc01", "ÖREBRO", "legacy", "router admin", "zzz")
	filters := []Filter{{}, {OrgID: "org-003"}, {OrgID: Personal}, {Favorites: true}, {Trash: true}, {FolderID: "folder-2"},
		{CollectionID: "org-001-col-3"}, {AccountID: "user-2"}, {Type: 2}, {Type: 1},
		{Favorites: true, OrgID: "org-003"}, {Trash: true, OrgID: Personal}, {FolderID: NoFolder}}
	for _, f := range filters {
		for _, q := range queries {
			for _, limit := range []int{0, 1, 7, 100} {
				got, err := s.Search(q, f, limit)
				if err != nil {
					t.Fatal(err)
				}
				want := referenceSearch(s, q, f, limit)
				if !sameResults(got, want) {
					t.Errorf("Search(%q, %+v, %d) = %s\nwant %s", q, f, limit, brief(got), brief(want))
				}
			}
		}
	}
}

func sameResults(a, b []Result) bool {
	return slices.EqualFunc(a, b, func(x, y Result) bool {
		return x.ID == y.ID && x.Account.ID == y.Account.ID && x.Match == y.Match
	})
}

func brief(rs []Result) string {
	var b bytes.Buffer
	for i, r := range rs {
		if i == 8 {
			fmt.Fprintf(&b, "… (%d)", len(rs))
			break
		}
		fmt.Fprintf(&b, "%s/%s:%v ", r.Account.ID, r.ID, r.Match)
	}
	return b.String()
}

func TestQueryIndex(t *testing.T) {
	hay := []byte("the router.acme\x00routers rou ter zurich\x00qx")
	for _, tok := range []string{"r", "router", "routers", "ter", "zurich", "qx", "x", "acme\x00", "nope", "rou ", "h"} {
		q := query{tokens: [][]byte{[]byte(tok)}}
		q.anchorOff = rareByte(q.tokens[0])
		q.anchor = q.tokens[0][q.anchorOff]
		for start := range hay {
			if got, want := q.index(hay[start:]), bytes.Index(hay[start:], []byte(tok)); got != want {
				t.Errorf("index(%q in hay[%d:]) = %d, want %d", tok, start, got, want)
			}
		}
	}
}
