package vault

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"weak"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/parallel"
)

// Vault is one unlocked account: its keyring, organizations, collections,
// folders and a decrypted list entry for each item. It is safe for
// concurrent use. After [Vault.Lock] every method returns [ErrLocked].
type Vault struct {
	account AccountRef

	mu        sync.RWMutex // guards every field below; Lock holds it for writing
	locked    bool
	keys      *Keyring
	entries   []entry   // sorted by folded name, then name, then id
	personal  []int32   // indexes of personal entries, in order
	byOrg     [][]int32 // byOrg[o]: indexes of organization o's entries, in order
	counts    counts    // to choose how to search
	byID      map[string]int32
	text      []byte            // names, usernames and hosts as displayed
	arena     [nFields][]byte   // per field, every entry's text folded, each followed by a 0 byte
	starts    [nFields][]uint32 // starts[k][i]: where entry i's field k begins in arena[k]; one more at the end
	orgs      []Org
	orgIdx    map[string]int32
	orgSource map[string]string // org id → digest of the server's wrapped key it came from
	colls     []Collection
	collIdx   map[string]int32
	folders   []Folder
	folderIdx map[string]int32

	openMu sync.Mutex           // guards opened
	opened []weak.Pointer[Item] // items handed out, zeroed on Lock
}

// Searchable fields, in the order of their rank: a match in an earlier
// field ranks higher.
const (
	fieldName = iota
	fieldUsername
	fieldHost
	fieldNotes
	nFields
)

// entry is an item's list entry. Its displayed text lives in the vault's
// text arena: text[t[0]:t[1]] is the name, [t[1]:t[2]] the username,
// [t[2]:t[3]] the host. Its folded text is in the per-field arenas, at the
// entry's index (see Vault.field).
type entry struct {
	c      *api.Cipher // the encrypted item, decrypted again when opened
	org    int32       // index in orgs, -1 for personal or unknown orgs
	folder int32       // index in folders, -1 for none
	colls  []int32     // indexes in colls
	flags  entryFlags
	typ    uint8 // c.Type, kept here so that filtering never touches c
	t      [4]uint32
}

// field returns entry i's folded field k; v.mu must be held.
func (v *Vault) field(k, i int) []byte {
	return v.arena[k][v.starts[k][i] : v.starts[k][i+1]-1]
}

type entryFlags uint16

const (
	flagFavorite entryFlags = 1 << iota
	flagDeleted
	flagDamaged
	flagEdit
	flagViewPassword
	flagHasPassword
	flagHasTOTP
	flagReprompt
	flagPersonal
)

// Unlock decrypts a synced vault with the account's user key (§5.10): the
// private key, the key of each confirmed organization, per-item keys, and
// what listing and searching need. It uses every core.
//
// Unlock keeps a copy of userKey in the vault's keyring: the caller keeps
// ownership of its own and may clear it. Unlock keeps references into s
// (the encrypted items, decrypted again when opened), so s must not be
// modified afterwards.
//
// A private key that does not decrypt means the user key is wrong and is
// an error. An organization key or an item that does not decrypt is not:
// the organization and its items are marked damaged and the rest unlocks.
func Unlock(ctx context.Context, account AccountRef, userKey *crypto.SymmetricKey, s *api.SyncResponse) (*Vault, error) {
	return UnlockWith(ctx, account, userKey, s, nil)
}

// UnlockWith is Unlock with organization keys kept from an earlier unlock
// (see Vault.OrgKeys): each one still matching what the server sent spares
// an RSA decryption, about 1.5 ms an organization.
func UnlockWith(ctx context.Context, account AccountRef, userKey *crypto.SymmetricKey, s *api.SyncResponse, known OrgKeys) (*Vault, error) {
	v, err := unlock(ctx, account, userKey, s, unlockOptions{known: known})
	if err != nil {
		return nil, fmt.Errorf("unlock %s: %w", account.ID, err)
	}
	return v, nil
}

// unlockOptions are knobs for benchmarks, and the known org keys.
type unlockOptions struct {
	skipNotes bool // measure the cost of indexing notes
	known     OrgKeys
}

// OrgKeys are organization keys wrapped under the user key (EncString
// type 2), by organization id, each with the digest of the RSA-wrapped key
// the server sent, which it was unwrapped from. They are as safe as that
// key (the RSA private key is itself wrapped under the user key), and keep
// an unlock from doing RSA again; store them sealed.
type OrgKeys map[string]WrappedOrgKey

// WrappedOrgKey is one entry of OrgKeys.
type WrappedOrgKey struct {
	From string           `json:"from"` // hex SHA-256 of the server's EncString
	Key  crypto.EncString `json:"key"`
}

func orgKeySource(e *crypto.EncString) string {
	d := sha256.Sum256([]byte(e.String()))
	return hex.EncodeToString(d[:])
}

// OrgKeys returns the keys of the vault's organizations wrapped under the
// user key, for UnlockWith next time.
func (v *Vault) OrgKeys() (OrgKeys, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.locked {
		return nil, ErrLocked
	}
	out := make(OrgKeys, len(v.orgs))
	for _, o := range v.orgs {
		if o.Damaged || v.orgSource[o.ID] == "" {
			continue
		}
		w, err := v.keys.WrapKey(OrgKey(o.ID), UserKey)
		if err != nil {
			return nil, err
		}
		out[o.ID] = WrappedOrgKey{From: v.orgSource[o.ID], Key: w}
	}
	return out, nil
}

func unlock(ctx context.Context, account AccountRef, userKey *crypto.SymmetricKey, s *api.SyncResponse, opt unlockOptions) (*Vault, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	kb := userKey.Bytes()
	uk, err := crypto.SymmetricKeyFromBytes(kb)
	clear(kb)
	if err != nil {
		return nil, fmt.Errorf("user key: %w", err)
	}
	v := &Vault{account: account, keys: NewKeyring()}
	ok := false
	defer func() {
		if !ok {
			v.Lock()
		}
	}()
	v.keys.sym[UserKey] = uk

	if wpk := s.Profile.WrappedPrivateKey(); wpk != nil && !wpk.IsZero() {
		priv, err := uk.DecryptPrivateKey(*wpk)
		if err != nil {
			return nil, fmt.Errorf("private key: %w", err)
		}
		v.keys.priv = priv
	}

	v.unlockOrgs(s.Profile.Organizations, uk, opt.known)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	v.decryptFolders(s.Folders)
	v.decryptCollections(s.Collections)
	if err := v.decryptItems(ctx, s, opt); err != nil {
		return nil, err
	}
	ok = true
	return v, nil
}

// unlockOrgs unwraps the key of each confirmed organization with the
// private key, in parallel (RSA decryption is the costly step with many
// organizations), or with the user key where known has it from the same
// server value.
func (v *Vault) unlockOrgs(pos []api.ProfileOrganization, uk *crypto.SymmetricKey, known OrgKeys) {
	var confirmed []*api.ProfileOrganization
	for i := range pos {
		if pos[i].Status == api.OrgConfirmed {
			confirmed = append(confirmed, &pos[i])
		}
	}
	v.orgs = make([]Org, len(confirmed))
	v.orgIdx = make(map[string]int32, len(confirmed))
	v.orgSource = make(map[string]string, len(confirmed))
	keys := make([]*crypto.SymmetricKey, len(confirmed))
	sources := make([]string, len(confirmed))
	priv := v.keys.priv
	parallel.Blocks(len(confirmed), 1, 0, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			po := confirmed[i]
			v.orgs[i] = Org{ID: po.ID, Name: po.Name, Role: po.Type, Permissions: po.Permissions,
				MemberID: po.OrganizationUserID, Seats: po.Seats, UseGroups: po.UseGroups, Damaged: true}
			if po.Key == nil || po.Key.IsZero() {
				continue
			}
			sources[i] = orgKeySource(po.Key)
			if k, ok := known[po.ID]; ok && k.From == sources[i] {
				if key, err := uk.UnwrapKey(k.Key); err == nil {
					keys[i] = key
					v.orgs[i].Damaged = false
					continue
				}
			}
			if priv == nil {
				continue
			}
			if k, err := priv.UnwrapKey(*po.Key); err == nil {
				keys[i] = k
				v.orgs[i].Damaged = false
			}
		}
	})
	for i, o := range v.orgs {
		v.orgIdx[o.ID] = int32(i)
		if keys[i] != nil {
			v.keys.sym[OrgKey(o.ID)] = keys[i]
			v.orgSource[o.ID] = sources[i]
		}
	}
}

func (v *Vault) decryptFolders(fs []api.Folder) {
	v.folders = make([]Folder, len(fs))
	v.folderIdx = make(map[string]int32, len(fs))
	uk := v.keys.sym[UserKey]
	for i, f := range fs {
		v.folders[i] = Folder{ID: f.ID}
		name, err := uk.DecryptString(f.Name)
		v.folders[i].Name, v.folders[i].Damaged = name, err != nil
		v.folderIdx[f.ID] = int32(i)
	}
}

func (v *Vault) decryptCollections(cs []api.Collection) {
	v.colls = make([]Collection, len(cs))
	v.collIdx = make(map[string]int32, len(cs))
	for i, c := range cs {
		v.colls[i] = Collection{ID: c.ID, OrgID: c.OrganizationID, ReadOnly: c.ReadOnly, HidePasswords: c.HidePasswords, Manage: c.Manage, Damaged: true}
		if k := v.keys.sym[OrgKey(c.OrganizationID)]; k != nil {
			if name, err := k.DecryptString(c.Name); err == nil {
				v.colls[i].Name, v.colls[i].Damaged = name, false
			}
		}
		v.collIdx[c.ID] = int32(i)
	}
}

// counts are the numbers of entries with some flags and of each type.
type counts struct {
	favorite, deleted int
	types             [256]int
}

func (c *counts) add(e *entry) {
	if e.flags&flagFavorite != 0 {
		c.favorite++
	}
	if e.flags&flagDeleted != 0 {
		c.deleted++
	}
	c.types[e.typ]++
}

// scratch is one worker's output while decrypting items: its own arenas
// and the per-item keys it unwrapped.
type scratch struct {
	text, fold []byte
	itemKeys   []itemKey
}

type itemKey struct {
	id  string
	key *crypto.SymmetricKey
}

func (v *Vault) decryptItems(ctx context.Context, s *api.SyncResponse, opt unlockOptions) error {
	ciphers := make([]*api.Cipher, 0, len(s.Ciphers)+len(s.BrokenCiphers))
	for i := range s.Ciphers {
		ciphers = append(ciphers, &s.Ciphers[i])
	}
	for _, b := range s.BrokenCiphers {
		// Items the API could not even parse are listed as damaged.
		ciphers = append(ciphers, &api.Cipher{ID: b.ID})
	}
	n := len(ciphers)
	entries := make([]entry, n)
	spans := make([][nFields + 1]uint32, n) // entry i's fields in its worker's fold arena
	owner := make([]uint8, n)               // which worker's arenas an entry points into
	workers := min(runtime.GOMAXPROCS(0), 255)
	scr := make([]scratch, workers)
	avg := 64
	if !opt.skipNotes {
		avg = 160
	}
	for w := range scr {
		scr[w].text = make([]byte, 0, n/workers*48+64)
		scr[w].fold = make([]byte, 0, n/workers*avg+64)
	}
	var cancelled atomic.Bool
	parallel.Blocks(n, 256, len(scr), func(w, lo, hi int) {
		if cancelled.Load() || ctx.Err() != nil {
			cancelled.Store(true)
			return
		}
		sc := &scr[w]
		for i := lo; i < hi; i++ {
			owner[i] = uint8(w)
			v.decodeEntry(sc, ciphers[i], &entries[i], &spans[i], opt)
		}
	})
	defer func() {
		for w := range scr {
			clear(scr[w].text)
			clear(scr[w].fold)
		}
	}()
	for w := range scr {
		for _, ik := range scr[w].itemKeys {
			v.keys.sym[ItemKey(ik.id)] = ik.key
		}
	}
	if cancelled.Load() {
		return ctx.Err()
	}

	// Sort by folded name, then displayed name, then id, and lay the arenas
	// out in that order, so that search scans them front to back and an
	// entry's index is its rank.
	perm := make([]int32, n)
	for i := range perm {
		perm[i] = int32(i)
	}
	name := func(i int32) (fold, text []byte) {
		f, sc := &spans[i], &scr[owner[i]]
		return sc.fold[f[0] : f[1]-1], sc.text[entries[i].t[0]:entries[i].t[1]]
	}
	slices.SortFunc(perm, func(a, b int32) int {
		fa, ta := name(a)
		fb, tb := name(b)
		if c := bytes.Compare(fa, fb); c != 0 {
			return c
		}
		if c := bytes.Compare(ta, tb); c != 0 {
			return c
		}
		return cmpString(entries[a].c.ID, entries[b].c.ID)
	})
	var textLen int
	for w := range scr {
		textLen += len(scr[w].text)
	}
	var fieldLen [nFields]int
	for i := range spans {
		for k := range nFields {
			fieldLen[k] += int(spans[i][k+1] - spans[i][k])
		}
	}
	v.text = make([]byte, 0, textLen)
	for k := range nFields {
		v.arena[k] = make([]byte, 0, fieldLen[k])
		v.starts[k] = make([]uint32, 0, n+1)
	}
	v.entries = make([]entry, n)
	v.byID = make(map[string]int32, n)
	for r, i := range perm {
		e, f, sc := entries[i], &spans[i], &scr[owner[i]]
		t0 := uint32(len(v.text))
		v.text = append(v.text, sc.text[e.t[0]:e.t[3]]...)
		dt := t0 - e.t[0]
		for k := range e.t {
			e.t[k] += dt
		}
		for k := range nFields {
			v.starts[k] = append(v.starts[k], uint32(len(v.arena[k])))
			v.arena[k] = append(v.arena[k], sc.fold[f[k]:f[k+1]]...)
		}
		v.entries[r] = e
		v.byID[e.c.ID] = int32(r)
	}
	for k := range nFields {
		v.starts[k] = append(v.starts[k], uint32(len(v.arena[k])))
	}
	v.byOrg = make([][]int32, len(v.orgs))
	v.personal = []int32{}
	for i := range v.entries {
		e := &v.entries[i]
		v.counts.add(e)
		switch {
		case e.org >= 0:
			v.byOrg[e.org] = append(v.byOrg[e.org], int32(i))
		case e.flags&flagPersonal != 0:
			v.personal = append(v.personal, int32(i))
		}
	}
	for o := range v.byOrg {
		if v.byOrg[o] == nil {
			v.byOrg[o] = []int32{}
		}
	}
	return nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// decodeEntry fills e from c, decrypting its list fields into sc's arenas.
// A field that does not decrypt leaves that field empty and marks the item
// damaged.
func (v *Vault) decodeEntry(sc *scratch, c *api.Cipher, e *entry, f *[nFields + 1]uint32, opt unlockOptions) {
	e.c = c
	e.org, e.folder = -1, -1
	e.typ = uint8(min(max(c.Type, 0), 255))
	if c.OrganizationID == "" {
		e.flags |= flagPersonal
	}
	if c.Favorite {
		e.flags |= flagFavorite
	}
	if c.DeletedDate != nil {
		e.flags |= flagDeleted
	}
	if c.Edit || c.OrganizationID == "" {
		e.flags |= flagEdit
	}
	if c.ViewPassword || c.OrganizationID == "" {
		e.flags |= flagViewPassword
	}
	if c.Reprompt == api.RepromptPassword {
		e.flags |= flagReprompt
	}
	if l := c.Login; l != nil {
		if l.Password != nil && !l.Password.IsZero() {
			e.flags |= flagHasPassword
		}
		if l.TOTP != nil && !l.TOTP.IsZero() {
			e.flags |= flagHasTOTP
		}
	}
	if c.FolderID != "" {
		if i, ok := v.folderIdx[c.FolderID]; ok {
			e.folder = i
		}
	}
	if len(c.CollectionIDs) > 0 {
		e.colls = make([]int32, 0, len(c.CollectionIDs))
		for _, id := range c.CollectionIDs {
			if i, ok := v.collIdx[id]; ok {
				e.colls = append(e.colls, i)
			}
		}
	}

	baseID := UserKey
	if c.OrganizationID != "" {
		baseID = OrgKey(c.OrganizationID)
		if i, ok := v.orgIdx[c.OrganizationID]; ok {
			e.org = i
		}
	}
	key := v.keys.sym[baseID]
	if key != nil && c.Key != nil {
		ik, err := key.UnwrapKey(*c.Key)
		if err != nil {
			key = nil
		} else {
			sc.itemKeys = append(sc.itemKeys, itemKey{c.ID, ik})
			key = ik
		}
	}
	ok := key != nil && !c.Name.IsZero()

	var uri *crypto.EncString
	var user *crypto.EncString
	if l := c.Login; l != nil {
		user = l.Username
		if len(l.URIs) > 0 {
			uri = l.URIs[0].URI
		} else {
			uri = l.URI
		}
	}
	notes := c.Notes
	if opt.skipNotes {
		notes = nil
	}

	e.t[0], f[0] = uint32(len(sc.text)), uint32(len(sc.fold))
	ok = sc.field(key, &c.Name, false) && ok
	e.t[1], f[1] = uint32(len(sc.text)), uint32(len(sc.fold))
	ok = sc.field(key, user, false) && ok
	e.t[2], f[2] = uint32(len(sc.text)), uint32(len(sc.fold))
	ok = sc.field(key, uri, true) && ok
	e.t[3], f[3] = uint32(len(sc.text)), uint32(len(sc.fold))
	ok = sc.searchOnly(key, notes) && ok
	f[4] = uint32(len(sc.fold))
	if !ok {
		e.flags |= flagDamaged
	}
}

// field decrypts a list field into both arenas (for a URI, only its host)
// and reports success. A nil EncString is an empty field.
func (sc *scratch) field(key *crypto.SymmetricKey, es *crypto.EncString, host bool) bool {
	defer func() { sc.fold = append(reserve(sc.fold, 1), 0) }()
	if es == nil {
		return true
	}
	if key == nil || es.IsZero() {
		return false
	}
	pt, err := key.Decrypt(*es)
	if err != nil {
		return false
	}
	defer clear(pt)
	if !utf8.Valid(pt) {
		return false
	}
	b := pt
	if host {
		b = uriHost(pt)
	}
	sc.text = append(reserve(sc.text, len(b)), b...)
	sc.fold = appendFold(reserve(sc.fold, maxFoldGrowth*len(b)+1), b)
	return true
}

// maxFoldGrowth bounds how much appendFold can lengthen text: lower-casing
// turns some 2-byte runes into 3-byte ones.
const maxFoldGrowth = 2

// reserve returns b with room for n more bytes. When it must move b, it
// zeroes the old array, which held decrypted text, instead of leaving it
// to the garbage collector as append would.
func reserve(b []byte, n int) []byte {
	if cap(b)-len(b) >= n {
		return b
	}
	nb := make([]byte, len(b), max(2*cap(b), len(b)+n))
	copy(nb, b)
	clear(b)
	return nb
}

// searchOnly decrypts a field (notes) into the search arena only.
func (sc *scratch) searchOnly(key *crypto.SymmetricKey, es *crypto.EncString) bool {
	defer func() { sc.fold = append(reserve(sc.fold, 1), 0) }()
	if es == nil {
		return true
	}
	if key == nil || es.IsZero() {
		return false
	}
	pt, err := key.Decrypt(*es)
	if err != nil {
		return false
	}
	sc.fold = appendFold(reserve(sc.fold, maxFoldGrowth*len(pt)+1), pt)
	clear(pt)
	return true
}

// uriHost returns the host of a URI as a subslice: the part after any
// "scheme://" and before the first '/', '?' or '#', without user info
// (which may hold a password) or port. A URI with no scheme is taken as a
// host, as Bitwarden does for "example.com/login".
func uriHost(u []byte) []byte {
	u = bytes.TrimSpace(u)
	if i := bytes.Index(u, []byte("://")); i >= 0 {
		u = u[i+3:]
	}
	if i := bytes.IndexAny(u, "/?#"); i >= 0 {
		u = u[:i]
	}
	if i := bytes.LastIndexByte(u, '@'); i >= 0 {
		u = u[i+1:]
	}
	if len(u) > 0 && u[0] == '[' { // IPv6 literal
		if i := bytes.IndexByte(u, ']'); i >= 0 {
			return u[1:i]
		}
		return u
	}
	if i := bytes.LastIndexByte(u, ':'); i >= 0 {
		u = u[:i]
	}
	return u
}
