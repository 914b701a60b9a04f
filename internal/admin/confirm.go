package admin

import (
	"cmp"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// ErrKeyChanged means the member's public key is not the one whose
// fingerprint phrase was shown: confirming would give the organization key
// to a key nobody checked. Nothing was confirmed.
var ErrKeyChanged = errors.New("the member's public key is not the one whose fingerprint phrase was shown")

// Fingerprint is what to check with an accepted member before confirming
// them: Phrase is Bitwarden's fingerprint phrase of (UserID, public key),
// the words joined with "-". Checked names that key; pass it back to
// Confirm so that it confirms only that key.
type Fingerprint struct {
	OrgID    string
	OrgName  string
	MemberID string
	UserID   string
	Email    string
	Role     api.OrgUserType
	Phrase   string
	Checked  string
}

// keyToken is the opaque "checked key" token: a digest of the user id and
// the key, not secret (public keys are public).
func keyToken(userID string, pub *crypto.PublicKey) string {
	h := sha256.New()
	h.Write([]byte(strings.ToLower(userID)))
	h.Write([]byte{0})
	h.Write(pub.SPKI())
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

func sameToken(a, b string) bool {
	return len(a) == len(b) && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// memberKeys fetches the public keys of accepted members, checking that
// each belongs to the member's own account.
func (s *Session) memberKeys(ctx context.Context, o vault.Org, ms []api.Member) (map[string]*crypto.PublicKey, error) {
	if len(ms) == 0 {
		return map[string]*crypto.PublicKey{}, nil
	}
	ids := make([]string, len(ms))
	users := map[string]string{}
	for i, m := range ms {
		ids[i] = m.ID
		users[strings.ToLower(m.ID)] = m.UserID
	}
	pks, err := s.c.MemberPublicKeys(ctx, o.ID, ids)
	if err != nil {
		return nil, fmt.Errorf("get public keys in %s: %w", o.Name, err)
	}
	out := map[string]*crypto.PublicKey{}
	for _, pk := range pks {
		uid, ok := users[strings.ToLower(pk.ID)]
		if !ok || !strings.EqualFold(uid, pk.UserID) {
			continue // not asked for, or not the member's account
		}
		pub, err := pk.PublicKey()
		if err != nil {
			continue
		}
		out[strings.ToLower(pk.ID)] = pub
	}
	return out, nil
}

func fingerprintOf(o vault.Org, m *api.Member, pub *crypto.PublicKey) Fingerprint {
	return Fingerprint{OrgID: o.ID, OrgName: o.Name, MemberID: m.ID, UserID: m.UserID, Email: m.Email, Role: m.Type,
		Phrase: strings.Join(crypto.Fingerprint(m.UserID, pub), "-"), Checked: keyToken(m.UserID, pub)}
}

// accepted checks that m can be confirmed.
func accepted(o vault.Org, m *api.Member) error {
	if m.Status != api.OrgAccepted || m.UserID == "" {
		return fmt.Errorf("confirm %s in %s: they are %s; only members who accepted their invitation can be confirmed", m.Email, o.Name, m.Status)
	}
	return nil
}

// Fingerprint returns the fingerprint phrase of an accepted member's
// public key (member is a membership id or email).
func (s *Session) Fingerprint(ctx context.Context, org, member string) (*Fingerprint, error) {
	o, err := s.Org(org)
	if err != nil {
		return nil, err
	}
	m, _, err := s.target(ctx, o, member, "confirm")
	if err != nil {
		return nil, err
	}
	if err := accepted(o, m); err != nil {
		return nil, err
	}
	keys, err := s.memberKeys(ctx, o, []api.Member{*m})
	if err != nil {
		return nil, err
	}
	pub := keys[strings.ToLower(m.ID)]
	if pub == nil {
		return nil, fmt.Errorf("fingerprint of %s in %s: the server has no public key for them", m.Email, o.Name)
	}
	f := fingerprintOf(o, m, pub)
	return &f, nil
}

// Confirm confirms an accepted member with the organization key wrapped to
// their public key. checked is the Checked token of the Fingerprint that
// was shown: Confirm fetches the key again and refuses with ErrKeyChanged
// if it is not that one. Use ConfirmUnchecked to skip the check.
func (s *Session) Confirm(ctx context.Context, org, member, checked string) error {
	if checked == "" {
		return fmt.Errorf("confirm %s: no checked key; show the fingerprint phrase first", member)
	}
	return s.confirm(ctx, org, member, checked, false)
}

// ConfirmUnchecked confirms an accepted member without comparing their key
// with one shown before: the caller says the phrase was checked some other
// way, or explicitly skips the check for this member.
func (s *Session) ConfirmUnchecked(ctx context.Context, org, member string) error {
	return s.confirm(ctx, org, member, "", true)
}

func (s *Session) confirm(ctx context.Context, org, member, checked string, unchecked bool) error {
	o, err := s.Org(org)
	if err != nil {
		return err
	}
	m, _, err := s.target(ctx, o, member, "confirm")
	if err != nil {
		return err
	}
	if err := accepted(o, m); err != nil {
		return err
	}
	keys, err := s.memberKeys(ctx, o, []api.Member{*m})
	if err != nil {
		return err
	}
	key, err := s.wrapFor(o, m, keys, checked, unchecked)
	if err != nil {
		return err
	}
	if err := s.c.ConfirmMember(ctx, o.ID, m.ID, key); err != nil {
		return fmt.Errorf("confirm %s in %s: %w", m.Email, o.Name, err)
	}
	return nil
}

// wrapFor checks the member's key against checked and wraps the org key.
func (s *Session) wrapFor(o vault.Org, m *api.Member, keys map[string]*crypto.PublicKey, checked string, unchecked bool) (crypto.EncString, error) {
	pub := keys[strings.ToLower(m.ID)]
	if pub == nil {
		return crypto.EncString{}, fmt.Errorf("confirm %s in %s: the server has no public key for them", m.Email, o.Name)
	}
	if !unchecked && !sameToken(keyToken(m.UserID, pub), checked) {
		return crypto.EncString{}, fmt.Errorf("confirm %s in %s: %w; show the fingerprint phrase again and check it with them", m.Email, o.Name, ErrKeyChanged)
	}
	if o.Damaged {
		return crypto.EncString{}, fmt.Errorf("confirm %s in %s: the organization's key could not be decrypted: %w", m.Email, o.Name, vault.ErrDamaged)
	}
	return s.v.Keyring().WrapKeyRSA(vault.OrgKey(o.ID), pub)
}

// QueueEntry is an accepted member awaiting confirmation. CanConfirm is
// false for owners and admins when the account is not an owner.
type QueueEntry struct {
	Fingerprint
	CanConfirm bool
}

// queueWorkers bounds the organizations asked at once.
const queueWorkers = 8

// ConfirmQueue lists the accepted members of every organization the
// account may manage users in, with their fingerprint phrases, sorted by
// organization and email. Organizations that could not be read are named
// in the error; the others' entries are returned anyway.
func (s *Session) ConfirmQueue(ctx context.Context) ([]QueueEntry, error) {
	orgs, err := s.v.Orgs()
	if err != nil {
		return nil, err
	}
	orgs = slices.DeleteFunc(orgs, func(o vault.Org) bool { return !CanManageUsers(o) })
	var (
		mu   sync.Mutex
		out  []QueueEntry
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, queueWorkers)
	)
	for _, o := range orgs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			es, err := s.orgQueue(ctx, o)
			mu.Lock()
			defer mu.Unlock()
			out = append(out, es...)
			if err != nil {
				errs = append(errs, err)
			}
		})
	}
	wg.Wait()
	slices.SortFunc(out, func(a, b QueueEntry) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.OrgName), strings.ToLower(b.OrgName)), cmp.Compare(a.OrgID, b.OrgID), cmp.Compare(a.Email, b.Email))
	})
	return out, errors.Join(errs...)
}

func (s *Session) orgQueue(ctx context.Context, o vault.Org) ([]QueueEntry, error) {
	ms, err := s.c.ListMembers(ctx, o.ID)
	if err != nil {
		return nil, fmt.Errorf("list members of %s: %w", o.Name, err)
	}
	ms = slices.DeleteFunc(ms, func(m api.Member) bool { return m.Status != api.OrgAccepted || m.UserID == "" })
	keys, err := s.memberKeys(ctx, o, ms)
	if err != nil {
		return nil, err
	}
	var out []QueueEntry
	for i := range ms {
		pub := keys[strings.ToLower(ms[i].ID)]
		if pub == nil {
			continue
		}
		out = append(out, QueueEntry{Fingerprint: fingerprintOf(o, &ms[i], pub), CanConfirm: CanManageRole(o, ms[i].Type)})
	}
	return out, nil
}

// ConfirmEntry is one member to confirm in BulkConfirm: Checked is the
// token of the fingerprint that was shown, or Unchecked skips the check
// for this member explicitly.
type ConfirmEntry struct {
	OrgID     string
	MemberID  string
	Checked   string
	Unchecked bool
}

// ConfirmResult is one entry's outcome; Err is nil when confirmed.
type ConfirmResult struct {
	ConfirmEntry
	Email string
	Err   error
}

// BulkConfirm confirms many accepted members, one bulk request per
// organization. An entry that fails (a changed key, a member no longer
// accepted, a refusal) does not stop the others; the error, when not nil,
// says how many failed, and each result carries its own.
func (s *Session) BulkConfirm(ctx context.Context, entries []ConfirmEntry) ([]ConfirmResult, error) {
	res := make([]ConfirmResult, len(entries))
	byOrg := map[string][]int{}
	var order []string
	for i, e := range entries {
		res[i].ConfirmEntry = e
		k := strings.ToLower(e.OrgID)
		if _, ok := byOrg[k]; !ok {
			order = append(order, k)
		}
		byOrg[k] = append(byOrg[k], i)
	}
	for _, k := range order {
		s.bulkConfirmOrg(ctx, entries[byOrg[k][0]].OrgID, byOrg[k], res)
	}
	failed := 0
	for _, r := range res {
		if r.Err != nil {
			failed++
		}
	}
	if failed > 0 {
		return res, fmt.Errorf("%d of %d members not confirmed", failed, len(res))
	}
	return res, nil
}

func (s *Session) bulkConfirmOrg(ctx context.Context, orgRef string, idx []int, res []ConfirmResult) {
	failAll := func(err error) {
		for _, i := range idx {
			if res[i].Err == nil {
				res[i].Err = err
			}
		}
	}
	o, err := s.Org(orgRef)
	if err != nil {
		failAll(err)
		return
	}
	if !CanManageUsers(o) {
		failAll(refuse(o, "confirm members"))
		return
	}
	ms, err := s.c.ListMembers(ctx, o.ID)
	if err != nil {
		failAll(fmt.Errorf("list members of %s: %w", o.Name, err))
		return
	}
	byID := map[string]*api.Member{}
	for i := range ms {
		byID[strings.ToLower(ms[i].ID)] = &ms[i]
	}
	var want []api.Member
	for _, i := range idx {
		m := byID[strings.ToLower(res[i].MemberID)]
		switch {
		case m == nil:
			res[i].Err = fmt.Errorf("confirm in %s: member %q: %w", o.Name, res[i].MemberID, ErrNotFound)
		case !CanManageRole(o, m.Type):
			res[i].Email = m.Email
			res[i].Err = refuse(o, "confirm "+m.Email+" ("+m.Type.String()+")")
		default:
			res[i].Email = m.Email
			if res[i].Err = accepted(o, m); res[i].Err == nil {
				want = append(want, *m)
			}
		}
	}
	keys, err := s.memberKeys(ctx, o, want)
	if err != nil {
		failAll(err)
		return
	}
	var req []api.MemberKey
	sent := map[string]int{}
	for _, i := range idx {
		if res[i].Err != nil {
			continue
		}
		m := byID[strings.ToLower(res[i].MemberID)]
		if _, dup := sent[strings.ToLower(m.ID)]; dup {
			res[i].Err = fmt.Errorf("confirm %s in %s: listed twice", m.Email, o.Name)
			continue
		}
		k, err := s.wrapFor(o, m, keys, res[i].Checked, res[i].Unchecked)
		if err != nil {
			res[i].Err = err
			continue
		}
		sent[strings.ToLower(m.ID)] = i
		req = append(req, api.MemberKey{ID: m.ID, Key: k})
	}
	if len(req) == 0 {
		return
	}
	out, err := s.c.ConfirmMembers(ctx, o.ID, req)
	if err != nil {
		for _, i := range sent {
			res[i].Err = fmt.Errorf("confirm %s in %s: %w", res[i].Email, o.Name, err)
		}
		return
	}
	answered := map[string]bool{}
	for _, r := range out {
		i, ok := sent[strings.ToLower(r.ID)]
		if !ok {
			continue
		}
		answered[strings.ToLower(r.ID)] = true
		if r.Error != "" {
			res[i].Err = fmt.Errorf("confirm %s in %s: the server refused: %s", res[i].Email, o.Name, r.Error)
		}
	}
	for id, i := range sent {
		if !answered[id] {
			res[i].Err = fmt.Errorf("confirm %s in %s: the server did not answer for this member", res[i].Email, o.Name)
		}
	}
}
