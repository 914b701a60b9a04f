package admin

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// InviteLink is an invitation to an organization as its mail carries it:
// the web vault link "…/#/accept-organization?organizationId=…&
// organizationUserId=…&email=…&organizationName=…&token=…".
type InviteLink struct {
	OrgID    string
	MemberID string
	Email    string
	OrgName  string
	Token    api.Secret
}

// ErrBadInvite means the text is neither an invitation link nor a token.
var ErrBadInvite = errors.New("not an invitation link or token")

// ParseInvite reads an invitation link, or a bare token (then OrgID and
// MemberID must come from elsewhere).
func ParseInvite(s string) (*InviteLink, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, ErrBadInvite
	}
	if !strings.Contains(s, "?") && !strings.Contains(s, "://") {
		if strings.ContainsAny(s, " \t\r\n&=") {
			return nil, ErrBadInvite
		}
		return &InviteLink{Token: api.Secret(s)}, nil
	}
	// The query is in the fragment of the web vault link ("#/…?"), or in
	// the query of other forms.
	_, q, ok := strings.Cut(s, "?")
	if !ok {
		return nil, fmt.Errorf("invitation link: no parameters: %w", ErrBadInvite)
	}
	q, _, _ = strings.Cut(q, "#")
	v, err := url.ParseQuery(q)
	if err != nil {
		return nil, fmt.Errorf("invitation link: %w", ErrBadInvite)
	}
	l := &InviteLink{OrgID: v.Get("organizationId"), MemberID: v.Get("organizationUserId"), Email: v.Get("email"),
		OrgName: v.Get("organizationName"), Token: api.Secret(v.Get("token"))}
	if l.OrgID == "" || l.MemberID == "" || l.Token == "" {
		return nil, fmt.Errorf("invitation link: it lacks organizationId, organizationUserId or token: %w", ErrBadInvite)
	}
	return l, nil
}

// AcceptInvite accepts an invitation as the account c is signed in to.
// email is that account's address: an invitation sent to another address
// is refused before any request.
func AcceptInvite(ctx context.Context, c *api.Client, email string, l *InviteLink) error {
	if l == nil || l.OrgID == "" || l.MemberID == "" || l.Token == "" {
		return fmt.Errorf("accept the invitation: it needs the organization id, the membership id and the token: %w", ErrBadInvite)
	}
	what := l.OrgName
	if what == "" {
		what = "organization " + l.OrgID
	}
	if l.Email != "" && email != "" && !strings.EqualFold(strings.TrimSpace(l.Email), strings.TrimSpace(email)) {
		return fmt.Errorf("accept the invitation to %s: it was sent to %s, not to %s; sign in as %s", what, l.Email, email, l.Email)
	}
	if err := c.AcceptInvite(ctx, l.OrgID, l.MemberID, l.Token); err != nil {
		return fmt.Errorf("accept the invitation to %s: %w", what, err)
	}
	return nil
}

// Accept accepts an invitation as the session's account. An owner or
// admin of the organization then confirms the membership.
func (s *Session) Accept(ctx context.Context, l *InviteLink) error {
	return AcceptInvite(ctx, s.c, s.v.Account().Email, l)
}

// CreateAndAccept creates an account for an invitation (see
// accounts.Manager.Register), which leaves it signed in and unlocked, and
// accepts the invitation as that account. r.Email defaults to the
// invitation's address.
func CreateAndAccept(ctx context.Context, m *accounts.Manager, r accounts.RegisterRequest, l *InviteLink) (accounts.Status, error) {
	if l == nil || l.OrgID == "" || l.MemberID == "" || l.Token == "" {
		return accounts.Status{}, fmt.Errorf("accept the invitation: it needs the organization id, the membership id and the token: %w", ErrBadInvite)
	}
	if r.Email == "" {
		r.Email = l.Email
	}
	if l.Email != "" && !strings.EqualFold(strings.TrimSpace(l.Email), strings.TrimSpace(r.Email)) {
		return accounts.Status{}, fmt.Errorf("accept the invitation: it was sent to %s, not to %s", l.Email, r.Email)
	}
	st, err := m.Register(ctx, r)
	if errors.Is(err, accounts.ErrVerificationMailed) {
		// The invitation proves the address, as in the web vault's
		// register-from-invite flow; the server may accept it then.
		r.OrgInviteToken, r.OrganizationUserID = l.Token, l.MemberID
		st, err = m.Register(ctx, r)
		if err == nil {
			return st, nil
		}
	}
	if err != nil {
		return accounts.Status{}, err
	}
	err = m.Admin(ctx, st.Email, func(v *vault.Vault, c *api.Client) error {
		return AcceptInvite(ctx, c, st.Email, l)
	})
	if err != nil {
		return st, fmt.Errorf("account %s created and signed in, but: %w", st.Email, err)
	}
	return st, nil
}
