package vault

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/parallel"
)

// Set is the unlocked vaults of several accounts, searched as one. It is
// safe for concurrent use.
type Set struct {
	mu     sync.RWMutex // guards vaults, ranks and order
	vaults []*Vault
	ranks  [][]uint32 // ranks[i][j]: rank by name of vaults[i].entries[j] across the set
	order  []ref      // every entry of the set, by rank
}

type ref struct{ v, i int32 }

// NewSet returns an empty set.
func NewSet() *Set { return &Set{} }

// Add adds an unlocked vault, replacing the vault of the same account if
// there is one; it returns the replaced vault (nil if none), which it does
// not lock.
func (s *Set) Add(v *Vault) *Vault {
	s.mu.Lock()
	defer s.mu.Unlock()
	var old *Vault
	i := slices.IndexFunc(s.vaults, func(x *Vault) bool { return x.account.ID == v.account.ID })
	if i >= 0 {
		old, s.vaults[i] = s.vaults[i], v
	} else {
		s.vaults = append(s.vaults, v)
	}
	s.rerank()
	return old
}

// Remove removes an account's vault from the set and returns it (nil if
// absent), without locking it.
func (s *Set) Remove(accountID string) *Vault {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.vaults, func(x *Vault) bool { return x.account.ID == accountID })
	if i < 0 {
		return nil
	}
	v := s.vaults[i]
	s.vaults = slices.Delete(s.vaults, i, i+1)
	s.rerank()
	return v
}

// Vault returns an account's vault.
func (s *Set) Vault(accountID string) (*Vault, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, v := range s.vaults {
		if v.account.ID == accountID {
			return v, nil
		}
	}
	return nil, fmt.Errorf("account %s: %w", accountID, ErrNotFound)
}

// Vaults returns the vaults of the set, locked ones included.
func (s *Set) Vaults() []*Vault {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.vaults)
}

// Item opens an item of an account; see [Vault.Item].
func (s *Set) Item(accountID, id string) (*Item, error) {
	v, err := s.Vault(accountID)
	if err != nil {
		return nil, err
	}
	return v.Item(id)
}

// Lock locks every vault and empties the set.
func (s *Set) Lock() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range s.vaults {
		v.Lock()
	}
	s.vaults, s.ranks, s.order = nil, nil, nil
}

// rerank merges the vaults' name orders into one; s.mu is held for
// writing. Each vault's entries are already sorted, so this is a k-way
// merge.
func (s *Set) rerank() {
	for _, v := range s.vaults {
		v.mu.RLock()
		defer v.mu.RUnlock()
	}
	s.ranks = make([][]uint32, len(s.vaults))
	n := 0
	for i, v := range s.vaults {
		s.ranks[i] = make([]uint32, len(v.entries))
		n += len(v.entries)
	}
	s.order = make([]ref, 0, n)
	heads := make([]int, len(s.vaults))
	less := func(a, b int) bool { // entry heads[a] of vault a sorts before heads[b] of vault b
		va, vb := s.vaults[a], s.vaults[b]
		ea, eb := &va.entries[heads[a]], &vb.entries[heads[b]]
		if c := bytes.Compare(va.field(fieldName, heads[a]), vb.field(fieldName, heads[b])); c != 0 {
			return c < 0
		}
		if c := bytes.Compare(va.text[ea.t[0]:ea.t[1]], vb.text[eb.t[0]:eb.t[1]]); c != 0 {
			return c < 0
		}
		if va.account.ID != vb.account.ID {
			return va.account.ID < vb.account.ID
		}
		return ea.c.ID < eb.c.ID
	}
	for len(s.order) < n {
		best := -1
		for i, v := range s.vaults {
			if heads[i] < len(v.entries) && (best < 0 || less(i, best)) {
				best = i
			}
		}
		s.ranks[best][heads[best]] = uint32(len(s.order))
		s.order = append(s.order, ref{int32(best), int32(heads[best])})
		heads[best]++
	}
}

// Personal, as Filter.OrgID, selects personal items; NoFolder, as
// Filter.FolderID, selects items in no folder.
const (
	Personal = "personal"
	NoFolder = "none"
)

// Filter narrows a search. Zero fields do not filter. Items in the trash
// are left out unless Trash is set, and then only they are listed.
type Filter struct {
	AccountID    string
	OrgID        string // an organization id, or Personal
	CollectionID string
	FolderID     string // a folder id, or NoFolder
	Type         api.CipherType
	Favorites    bool
	Trash        bool
}

// Match says where a query matched an item, best first; results are ranked
// by Match, then by name.
type Match uint8

// Matches, from best to worst.
const (
	MatchAll        Match = iota // empty query: everything matches
	MatchNamePrefix              // the name starts with the query
	MatchNameWord                // a word of the name starts with the query
	MatchName                    // the name contains the query
	MatchUsername
	MatchHost
	MatchNotes
)

func (m Match) String() string {
	if m > MatchNotes {
		return "unknown"
	}
	return [...]string{"all", "name-prefix", "name-word", "name", "username", "host", "notes"}[m]
}

// Result is one search result: the item's summary, tagged with its account,
// organization and collections.
type Result struct {
	Summary
	Account         AccountRef
	OrgName         string // "" for personal items
	CollectionNames []string
	Match           Match
}

// vfilter is a Filter resolved against one vault.
type vfilter struct {
	trash, fav bool
	typ        api.CipherType
	personal   bool
	org        int32 // -1: any
	coll       int32 // -1: any
	folder     int32 // -2: any, -1: none
}

// resolve resolves f against v; ok is false if nothing in v can match.
func (f *Filter) resolve(v *Vault) (vf vfilter, ok bool) {
	vf = vfilter{trash: f.Trash, fav: f.Favorites, typ: f.Type, org: -1, coll: -1, folder: -2}
	if f.AccountID != "" && f.AccountID != v.account.ID {
		return vf, false
	}
	switch f.OrgID {
	case "":
	case Personal:
		vf.personal = true
	default:
		i, found := v.orgIdx[f.OrgID]
		if !found {
			return vf, false
		}
		vf.org = i
	}
	if f.CollectionID != "" {
		i, found := v.collIdx[f.CollectionID]
		if !found {
			return vf, false
		}
		vf.coll = i
	}
	switch f.FolderID {
	case "":
	case NoFolder:
		vf.folder = -1
	default:
		i, found := v.folderIdx[f.FolderID]
		if !found {
			return vf, false
		}
		vf.folder = i
	}
	return vf, true
}

// candidates returns the entries of v that f lets through, when there are
// few enough of them (a quarter of the vault at most) that checking them one
// by one beats scanning the arenas; otherwise ok is false. An organization
// or the personal vault gives the list directly; a favorites, type,
// folder, collection or trash filter gives it from one pass over the flags.
func (f *vfilter) candidates(v *Vault) (list []int32, ok bool) {
	limit := len(v.entries) / 4
	var base []int32
	switch {
	case f.personal:
		base = v.personal
	case f.org >= 0:
		base = v.byOrg[f.org]
	case f.coll >= 0:
		o, found := v.orgIdx[v.colls[f.coll].OrgID]
		if !found {
			return []int32{}, true
		}
		base = v.byOrg[o]
	}
	narrow := f.trash || f.fav || f.typ != 0 || f.folder != -2 || f.coll >= 0
	switch {
	case base != nil && !narrow:
		return base, len(base) <= limit
	case !narrow:
		return nil, false
	}
	// Skip the pass when the counts show it would find too many.
	most := len(v.entries)
	if base != nil {
		most = len(base)
	}
	if f.fav {
		most = min(most, v.counts.favorite)
	}
	if f.trash {
		most = min(most, v.counts.deleted)
	}
	if f.typ > 0 && f.typ < 256 {
		most = min(most, v.counts.types[f.typ])
	}
	if f.folder == -2 && f.coll < 0 && most > limit {
		return nil, false
	}
	list = []int32{}
	check := func(i int32) bool {
		if f.match(&v.entries[i]) {
			list = append(list, i)
		}
		return len(list) <= limit
	}
	if base != nil {
		for _, i := range base {
			if !check(i) {
				return nil, false
			}
		}
		return list, true
	}
	for i := range v.entries {
		if !check(int32(i)) {
			return nil, false
		}
	}
	return list, true
}

func (f *vfilter) match(e *entry) bool {
	if (e.flags&flagDeleted != 0) != f.trash ||
		f.fav && e.flags&flagFavorite == 0 ||
		f.typ != 0 && api.CipherType(e.typ) != f.typ ||
		f.personal && e.flags&flagPersonal == 0 ||
		f.org >= 0 && e.org != f.org ||
		f.folder != -2 && e.folder != f.folder {
		return false
	}
	return f.coll < 0 || slices.Contains(e.colls, f.coll)
}

// query is a folded search query: its words, longest first, and the whole
// phrase.
type query struct {
	phrase []byte
	tokens [][]byte
	// The first token is looked for by its rarest byte (see rareByte).
	anchor    byte
	anchorOff int
}

func parseQuery(s string) query {
	folded := appendFold(nil, []byte(s))
	q := query{phrase: bytes.TrimSpace(folded), tokens: bytes.Fields(folded)}
	slices.SortStableFunc(q.tokens, func(a, b []byte) int { return len(b) - len(a) })
	if len(q.tokens) > 1 {
		q.phrase = bytes.Join(bytes.Fields(q.phrase), []byte(" "))
	}
	if len(q.tokens) > 0 {
		q.anchorOff = rareByte(q.tokens[0])
		q.anchor = q.tokens[0][q.anchorOff]
	}
	return q
}

// byteRank orders bytes from rare to common in folded vault text: rare
// letters first, then digits, common letters and punctuation. Searching
// for a word's rarest byte with the vectorised bytes.IndexByte skips far
// more text than searching for its first byte, which bytes.Index does.
var byteRank = func() (r [256]uint8) {
	const order = "qjzxkvbywgpfmuclhdrsnioate" // English letter frequency, rare first
	for i := range r {
		r[i] = 100 // non-ASCII bytes: rare
	}
	for i := range 128 {
		r[i] = 255
	}
	for i, c := range []byte(order) {
		r[c] = uint8(110 + i*4)
	}
	for c := '0'; c <= '9'; c++ {
		r[c] = 200
	}
	for _, c := range []byte("-_@/:") {
		r[c] = 230
	}
	r['.'], r[' '] = 240, 250
	return r
}()

// rareByte returns the offset of tok's rarest byte.
func rareByte(tok []byte) int {
	best := 0
	for i := 1; i < len(tok); i++ {
		if byteRank[tok[i]] < byteRank[tok[best]] {
			best = i
		}
	}
	return best
}

// index returns the first offset of q.tokens[0] in hay, or -1.
func (q *query) index(hay []byte) int {
	tok, off := q.tokens[0], q.anchorOff
	if len(tok) == 1 {
		return bytes.IndexByte(hay, tok[0])
	}
	for pos := 0; pos+len(tok) <= len(hay); {
		j := bytes.IndexByte(hay[pos+off:len(hay)-len(tok)+off+1], q.anchor)
		if j < 0 {
			return -1
		}
		p := pos + j
		if bytes.Equal(hay[p:p+len(tok)], tok) {
			return p
		}
		pos = p + 1
	}
	return -1
}

// nameMatch says how tok, found at off in name, matches it.
func nameMatch(name []byte, off int, tok []byte) Match {
	if off == 0 {
		return MatchNamePrefix
	}
	for {
		if !isWordByte(name[off-1]) {
			return MatchNameWord
		}
		k := bytes.Index(name[off+1:], tok)
		if k < 0 {
			return MatchName
		}
		off += 1 + k
	}
}

// fieldMatches maps a field to the match it gives outside the name.
var fieldMatches = [nFields]Match{MatchName, MatchUsername, MatchHost, MatchNotes}

// bestMatch says how tok best matches entry i, or false if it does not.
func bestMatch(v *Vault, i int, tok []byte) (Match, bool) {
	if k := bytes.Index(v.field(fieldName, i), tok); k >= 0 {
		return nameMatch(v.field(fieldName, i), k, tok), true
	}
	for f := fieldUsername; f < nFields; f++ {
		if bytes.Contains(v.field(f, i), tok) {
			return fieldMatches[f], true
		}
	}
	return 0, false
}

// rank says how q matches entry i, given that q.tokens[0] first occurs in
// its field f at offset off, and no earlier field holds it. ok is false if
// another word of q does not occur in the item.
func (q *query) rank(v *Vault, i, f, off int) (Match, bool) {
	m := fieldMatches[f]
	if f == fieldName {
		m = nameMatch(v.field(fieldName, i), off, q.tokens[0])
	}
	if len(q.tokens) == 1 {
		return m, true
	}
	for _, t := range q.tokens[1:] {
		tm, ok := bestMatch(v, i, t)
		if !ok {
			return 0, false
		}
		m = max(m, tm)
	}
	if m > MatchNamePrefix {
		name := v.field(fieldName, i)
		if k := bytes.Index(name, q.phrase); k >= 0 {
			m = min(m, nameMatch(name, k, q.phrase))
		}
	}
	return m, true
}

// unit is a slice of one vault's entries, scanned by one worker.
type unit struct {
	vi     int
	lo, hi int
	list   []int32 // if set, check these entries one by one instead of scanning
}

// Entries per unit of parallel work: below this, starting goroutines costs
// more than it saves. A multiple of 64, so that units never share a word of
// the seen bitsets.
const unitSize = 4096

var keyPool = sync.Pool{New: func() any { s := make([]uint64, 0, 1024); return &s }}

// firstMatch is the best match an item found in each field can have.
var firstMatch = [nFields + 1]Match{MatchNamePrefix, MatchUsername, MatchHost, MatchNotes, MatchNotes + 1}

// Search searches every unlocked vault of the set and returns up to limit
// results (all if limit <= 0), best first: matches in the name (prefix,
// then word prefix, then anywhere), then in the username, the URI host and
// the notes, and by name within each. Every word of the query must occur
// in the item. Matching ignores case and Latin diacritics. An empty query
// lists every item that passes the filter, by name. Locked vaults are
// skipped; if every vault is locked, or the set is empty, Search returns
// ErrLocked.
//
// The fields are scanned one after the other, in rank order, each on every
// core; once limit results are certain to beat anything a later field can
// give, the scan stops. So a query that matches many names never reads the
// notes.
func (s *Set) Search(queryText string, f Filter, limit int) ([]Result, error) {
	var out []Result
	err := s.withKeys(queryText, f, limit, func(keys []uint64) { out = s.results(keys) })
	return out, err
}

// SearchPage is Search for one page of the results: it finds and ranks
// every match as Search does without a limit, but builds Results only for
// those from offset to offset+limit, and returns how many match in all.
// A list calls it for each page it shows: building a Result for each of
// thousands of matches costs far more than finding them.
func (s *Set) SearchPage(queryText string, f Filter, offset, limit int) (page []Result, total int, err error) {
	err = s.withKeys(queryText, f, 0, func(keys []uint64) {
		total = len(keys)
		page = s.results(keys[min(max(offset, 0), total):min(max(offset, 0)+max(limit, 0), total)])
	})
	return page, total, err
}

// withKeys runs the search and calls useKeys with its keys (match<<32 | rank),
// best first, while the set and its vaults are still locked for reading.
func (s *Set) withKeys(queryText string, f Filter, limit int, useKeys func(keys []uint64)) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	filters := make([]vfilter, len(s.vaults))
	use := make([]bool, len(s.vaults))
	unlocked := false
	for i, v := range s.vaults {
		v.mu.RLock()
		defer v.mu.RUnlock()
		if v.locked {
			continue
		}
		unlocked = true
		filters[i], use[i] = f.resolve(v)
	}
	if !unlocked {
		return ErrLocked
	}
	q := parseQuery(queryText)
	if len(q.tokens) == 0 {
		useKeys(s.list(filters, use, limit))
		return nil
	}

	if limit > 0 {
		if keys := s.prefixMatches(&q, filters, use, limit); len(keys) == limit {
			useKeys(keys)
			return nil
		}
	}

	var units []unit
	seen := make([][]uint64, len(s.vaults)) // entries already ranked, per vault
	for i, v := range s.vaults {
		if !use[i] || len(v.entries) == 0 {
			continue
		}
		if list, ok := filters[i].candidates(v); ok {
			for lo := 0; lo < len(list); lo += unitSize {
				units = append(units, unit{vi: i, list: list[lo:min(lo+unitSize, len(list))]})
			}
			continue
		}
		n := len(v.entries)
		seen[i] = make([]uint64, (n+63)/64)
		for lo := 0; lo < n; lo += unitSize {
			units = append(units, unit{vi: i, lo: lo, hi: min(lo+unitSize, n)})
		}
	}
	var keys []uint64
	bufs := make([]*[]uint64, len(units))
	for fld := range nFields {
		parallel.Blocks(len(units), 1, 0, func(_, lo, hi int) {
			for ui := lo; ui < hi; ui++ {
				u := &units[ui]
				if u.list != nil && fld > 0 {
					continue // checked in full in the first pass
				}
				b := keyPool.Get().(*[]uint64)
				if u.list != nil {
					*b = s.check(u, &q, &filters[u.vi], (*b)[:0])
				} else {
					*b = s.scan(u, fld, &q, &filters[u.vi], seen[u.vi], (*b)[:0])
				}
				if limit > 0 {
					*b = smallest(*b, limit)
				}
				bufs[ui] = b
			}
		})
		for i, b := range bufs {
			if b != nil {
				keys = append(keys, *b...)
				keyPool.Put(b)
				bufs[i] = nil
			}
		}
		if limit <= 0 {
			continue
		}
		keys = smallest(keys, limit)
		// Items found in later fields rank no better than firstMatch[fld+1].
		if len(keys) == limit && Match(keys[limit-1]>>32) < firstMatch[fld+1] {
			break
		}
	}
	if limit <= 0 {
		slices.Sort(keys)
	}
	useKeys(keys)
	return nil
}

func (s *Set) results(keys []uint64) []Result {
	out := make([]Result, len(keys))
	for i, k := range keys {
		out[i] = s.result(s.order[uint32(k)], Match(k>>32))
	}
	return out
}

// prefixMatches returns the best limit entries whose name starts with the
// query, if there are that many. They are the best results there can be,
// and since entries are sorted by folded name they form one range per
// vault, found by binary search: a short query then costs no scan at all.
func (s *Set) prefixMatches(q *query, filters []vfilter, use []bool, limit int) []uint64 {
	var keys []uint64
	for vi, v := range s.vaults {
		if !use[vi] {
			continue
		}
		n := len(v.entries)
		lo := sort.Search(n, func(i int) bool { return bytes.Compare(v.field(fieldName, i), q.phrase) >= 0 })
		found := 0
		for i := lo; i < n && found < limit && bytes.HasPrefix(v.field(fieldName, i), q.phrase); i++ {
			if filters[vi].match(&v.entries[i]) {
				keys = append(keys, uint64(MatchNamePrefix)<<32|uint64(s.ranks[vi][i]))
				found++
			}
		}
	}
	if len(keys) < limit {
		return nil
	}
	return smallest(keys, limit)
}

// scan appends a key (match<<32 | rank) for each entry of u whose field
// fld holds the query's first word and that was not ranked in an earlier
// field. It finds hits in the field's arena, jumps to the entry holding
// each, ranks it and resumes at the next entry: entries without a hit cost
// only the vectorised scan.
func (s *Set) scan(u *unit, fld int, q *query, f *vfilter, seen []uint64, out []uint64) []uint64 {
	v := s.vaults[u.vi]
	ranks := s.ranks[u.vi]
	es, hay, st := v.entries, v.arena[fld], v.starts[fld]
	pos, end := int(st[u.lo]), int(st[u.hi])
	i := u.lo
	for pos < end {
		j := q.index(hay[pos:end])
		if j < 0 {
			break
		}
		p := pos + j
		for int(st[i+1]) <= p {
			i++
		}
		pos = int(st[i+1])
		if seen[i/64]&(1<<(i%64)) != 0 {
			continue
		}
		seen[i/64] |= 1 << (i % 64)
		if !f.match(&es[i]) {
			continue
		}
		if m, ok := q.rank(v, i, fld, p-int(st[i])); ok {
			out = append(out, uint64(m)<<32|uint64(ranks[i]))
		}
	}
	return out
}

// check appends a key for each entry of u.list that matches.
func (s *Set) check(u *unit, q *query, f *vfilter, out []uint64) []uint64 {
	v := s.vaults[u.vi]
	ranks := s.ranks[u.vi]
	for _, i32 := range u.list {
		i := int(i32)
		if !f.match(&v.entries[i]) {
			continue
		}
		for fld := range nFields {
			if k := q.index(v.field(fld, i)); k >= 0 {
				if m, ok := q.rank(v, i, fld, k); ok {
					out = append(out, uint64(m)<<32|uint64(ranks[i]))
				}
				break
			}
		}
	}
	return out
}

// list returns the keys of the entries that pass the filters, by rank.
func (s *Set) list(filters []vfilter, use []bool, limit int) []uint64 {
	var out []uint64
	for i, r := range s.order {
		if !use[r.v] || !filters[r.v].match(&s.vaults[r.v].entries[r.i]) {
			continue
		}
		out = append(out, uint64(MatchAll)<<32|uint64(i))
		if limit > 0 && len(out) == limit {
			break
		}
	}
	return out
}

func (s *Set) result(r ref, m Match) Result {
	v := s.vaults[r.v]
	e := &v.entries[r.i]
	res := Result{Summary: v.summary(e), Account: v.account, Match: m}
	if e.org >= 0 {
		res.OrgName = v.orgs[e.org].Name
	}
	if len(e.colls) > 0 {
		res.CollectionNames = make([]string, len(e.colls))
		for i, c := range e.colls {
			res.CollectionNames[i] = v.colls[c].Name
		}
	}
	return res
}

// smallest reorders keys so that its k smallest come first, sorted, and
// returns them. It works in place with a max-heap of size k: O(n log k).
func smallest(keys []uint64, k int) []uint64 {
	if len(keys) <= k {
		slices.Sort(keys)
		return keys
	}
	h := keys[:k]
	for i := k/2 - 1; i >= 0; i-- {
		siftDown(h, i)
	}
	for _, x := range keys[k:] {
		if x < h[0] {
			h[0] = x
			siftDown(h, 0)
		}
	}
	slices.Sort(h)
	return h
}

func siftDown(h []uint64, i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && h[c+1] > h[c] {
			c++
		}
		if h[i] >= h[c] {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}
