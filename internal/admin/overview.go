package admin

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/trustelem/zxcvbn"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/parallel"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// WeakScore is the zxcvbn score from which a password counts as strong: a
// password scoring below it (0, 1 or 2: "too guessable", "very
// guessable", "somewhat guessable") is weak. Bitwarden's weak-password
// report draws the same line.
const WeakScore = 3

// maxEstimate bounds how much of a password the strength estimator reads:
// zxcvbn's matching grows faster than linearly with the length, and a
// password this long is not weak for lack of length.
const maxEstimate = 100

// Verdicts remembers between overviews which passwords the estimator
// found weak, by a keyed digest of each, so that only passwords not seen
// before are estimated: zxcvbn takes about a millisecond a password.
// accounts.Verdicts keeps one sealed in the account's cache. It must be
// safe for concurrent use.
type Verdicts interface {
	// Digest is a keyed digest of the password, the same from run to run.
	Digest(password []byte) [32]byte
	Lookup(d [32]byte) (weak, ok bool)
	Store(d [32]byte, weak bool)
}

// Overview is the client overview: each organization and the roll-up.
type Overview struct {
	Orgs  []OrgOverview `json:"orgs"`
	Total Totals        `json:"total"`
}

// OrgOverview is one organization in the overview.
type OrgOverview struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
	// Items are the organization's items in the vault that are not in the
	// trash; Collections the collections the account sees.
	Items       int `json:"items"`
	Collections int `json:"collections"`
	// Members and Pending (accepted members waiting to be confirmed) are
	// known only where the account may view the organization's
	// administration (CanViewAdmin); nil elsewhere, or when the list could
	// not be read (MembersError says why).
	Members      *MemberCounts `json:"members,omitempty"`
	Pending      *int          `json:"pendingConfirmations,omitempty"`
	MembersError string        `json:"membersError,omitempty"`
	// SeatsUsed counts the members that take a seat (all but the revoked),
	// where the members are known; Seats is the limit where the server
	// tells it.
	SeatsUsed *int           `json:"seatsUsed,omitempty"`
	Seats     *int           `json:"seats,omitempty"`
	Passwords PasswordHealth `json:"passwords"`
}

// MemberCounts counts memberships by status.
type MemberCounts struct {
	Invited   int `json:"invited"`
	Accepted  int `json:"accepted"`
	Confirmed int `json:"confirmed"`
	Revoked   int `json:"revoked"`
}

// Total is the number of memberships.
func (m MemberCounts) Total() int { return m.Invited + m.Accepted + m.Confirmed + m.Revoked }

func (m *MemberCounts) add(o MemberCounts) {
	m.Invited += o.Invited
	m.Accepted += o.Accepted
	m.Confirmed += o.Confirmed
	m.Revoked += o.Revoked
}

// PasswordHealth is what the overview found of the passwords of live
// login items. Checked are those it read; NotChecked those the account
// may not see (hide-passwords) or could not decrypt. Weak are checked
// passwords scoring below WeakScore; Reused are checked items whose
// password is also the password of another item (in the same
// organization for an organization, in any client organization for the
// total).
type PasswordHealth struct {
	Checked    int `json:"checked"`
	NotChecked int `json:"notChecked"`
	Weak       int `json:"weak"`
	Reused     int `json:"reused"`
}

// Totals is the roll-up across every client organization. Members,
// Pending and seats add up the organizations where they are known
// (MembersKnown of them).
type Totals struct {
	Orgs         int            `json:"orgs"`
	Items        int            `json:"items"`
	Collections  int            `json:"collections"`
	MembersKnown int            `json:"membersKnown"`
	Members      MemberCounts   `json:"members"`
	Pending      int            `json:"pendingConfirmations"`
	SeatsUsed    int            `json:"seatsUsed"`
	Seats        int            `json:"seats"`
	Passwords    PasswordHealth `json:"passwords"`
}

// Overview builds the client overview of every organization the account
// is a confirmed member of: counts from the unlocked vault, members from
// the server (several organizations at a time, only where the account may
// view them), and the strength and reuse of every password it may see.
//
// Passwords are compared in memory only, as HMAC-SHA-256 under a key
// made for this call and dropped after it; each plaintext is zeroed as
// soon as it has been estimated, and none is stored or logged. (The
// estimator takes a Go string, which cannot be zeroed; it is not kept.)
// With known, only passwords it has no verdict for are estimated, and
// their verdicts are added to it.
func (s *Session) Overview(ctx context.Context, known Verdicts) (*Overview, error) {
	orgs, err := s.v.Orgs()
	if err != nil {
		return nil, err
	}
	colls, err := s.v.Collections()
	if err != nil {
		return nil, err
	}
	slices.SortFunc(orgs, func(a, b vault.Org) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	ov := &Overview{Orgs: make([]OrgOverview, len(orgs))}
	idx := make(map[string]int, len(orgs))
	for i, o := range orgs {
		idx[o.ID] = i
		ov.Orgs[i] = OrgOverview{ID: o.ID, Name: o.Name, Role: o.Role.String(), Seats: o.Seats}
	}
	for _, c := range colls {
		if i, ok := idx[c.OrgID]; ok {
			ov.Orgs[i].Collections++
		}
	}

	// Members go on in the background while the passwords are checked.
	var wg sync.WaitGroup
	wg.Go(func() { s.countMembers(ctx, orgs, ov.Orgs) })
	err = s.passwordHealth(ctx, idx, ov, known)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	t := &ov.Total
	t.Orgs = len(ov.Orgs)
	for _, o := range ov.Orgs {
		t.Items += o.Items
		t.Collections += o.Collections
		t.Passwords.Checked += o.Passwords.Checked
		t.Passwords.NotChecked += o.Passwords.NotChecked
		t.Passwords.Weak += o.Passwords.Weak
		if o.Members != nil {
			t.MembersKnown++
			t.Members.add(*o.Members)
			t.Pending += *o.Pending
		}
		if o.SeatsUsed != nil && o.Seats != nil {
			t.SeatsUsed += *o.SeatsUsed
			t.Seats += *o.Seats
		}
	}
	return ov, nil
}

// countMembers lists the members of each organization the account may
// administer, maxParallel at a time, and fills in the counts.
func (s *Session) countMembers(ctx context.Context, orgs []vault.Org, out []OrgOverview) {
	sem := make(chan struct{}, maxParallel)
	var wg sync.WaitGroup
	for i, o := range orgs {
		if !CanViewAdmin(o) {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			members, err := s.c.ListMembers(ctx, o.ID)
			if err != nil {
				out[i].MembersError = fmt.Sprintf("list members: %v", err)
				return
			}
			var mc MemberCounts
			for _, m := range members {
				switch m.Status {
				case api.OrgInvited:
					mc.Invited++
				case api.OrgAccepted:
					mc.Accepted++
				case api.OrgConfirmed:
					mc.Confirmed++
				case api.OrgRevoked:
					mc.Revoked++
				}
			}
			used := mc.Invited + mc.Accepted + mc.Confirmed
			pending := mc.Accepted
			out[i].Members, out[i].Pending, out[i].SeatsUsed = &mc, &pending, &used
		}()
	}
	wg.Wait()
}

// digest is a password's HMAC under the call's key.
type digest [sha256.Size]byte

// checked is one live login item whose password was read.
type checked struct {
	org int
	d   digest
}

// passwordHealth counts items and checks the passwords of live logins.
func (s *Session) passwordHealth(ctx context.Context, idx map[string]int, ov *Overview, known Verdicts) error {
	set := vault.NewSet()
	set.Add(s.v)
	live, err := set.Search("", vault.Filter{AccountID: s.v.Account().ID}, 0)
	if err != nil {
		return err
	}
	var ids []string
	var orgOf []int
	for _, r := range live {
		i, ok := idx[r.OrgID]
		if !ok || r.Deleted {
			continue
		}
		o := &ov.Orgs[i]
		o.Items++
		if r.Type != api.CipherLogin || !r.HasPassword {
			continue
		}
		if r.Damaged || !r.CanViewPassword {
			o.Passwords.NotChecked++
			continue
		}
		ids = append(ids, r.ID)
		orgOf = append(orgOf, i)
	}

	key := make([]byte, 32)
	rand.Read(key)
	defer clear(key)

	// Estimate on every core; each password's digest is kept, its
	// plaintext zeroed.
	results := make([]checked, len(ids))
	ok := make([]bool, len(ids))
	weak := make([]bool, len(ids))
	var locked atomic.Bool
	parallel.Blocks(len(ids), 32, 0, func(_, lo, hi int) {
		mac := hmac.New(sha256.New, key)
		for j := lo; j < hi; j++ {
			if locked.Load() || ctx.Err() != nil {
				return
			}
			pw, err := s.v.RevealPassword(ids[j])
			if errors.Is(err, vault.ErrLocked) {
				locked.Store(true)
				return
			}
			if err != nil {
				continue // not checked
			}
			b := pw.Bytes()
			mac.Reset()
			mac.Write(b)
			mac.Sum(results[j].d[:0])
			results[j].org = orgOf[j]
			weak[j] = isWeak(b, known)
			ok[j] = true
			pw.Clear()
		}
	})
	if locked.Load() {
		return vault.ErrLocked
	}

	// Reuse: within each organization, and across all of them.
	type orgDigest struct {
		org int
		d   digest
	}
	perOrg := map[orgDigest]int{}
	all := map[digest]int{}
	for j, r := range results {
		if !ok[j] {
			ov.Orgs[orgOf[j]].Passwords.NotChecked++
			continue
		}
		p := &ov.Orgs[r.org].Passwords
		p.Checked++
		if weak[j] {
			p.Weak++
		}
		perOrg[orgDigest{r.org, r.d}]++
		all[r.d]++
	}
	for j, r := range results {
		if !ok[j] {
			continue
		}
		if perOrg[orgDigest{r.org, r.d}] > 1 {
			ov.Orgs[r.org].Passwords.Reused++
		}
		if all[r.d] > 1 {
			ov.Total.Passwords.Reused++
		}
	}
	clear(results)
	return nil
}

// isWeak estimates the password, or takes the verdict known remembers.
func isWeak(password []byte, known Verdicts) bool {
	var d [32]byte
	if known != nil {
		d = known.Digest(password)
		if weak, ok := known.Lookup(d); ok {
			return weak
		}
	}
	weak := zxcvbn.PasswordStrength(string(password[:min(len(password), maxEstimate)]), nil).Score < WeakScore
	if known != nil {
		known.Store(d, weak)
	}
	return weak
}
