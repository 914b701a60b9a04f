package admin_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

func TestAcceptParseInvite(t *testing.T) {
	l, err := admin.ParseInvite("http://127.0.0.1:8080/#/accept-organization?email=a%40b.example&organizationId=o-1&organizationName=Business+X&organizationUserId=m-1&token=tok%2Bx")
	if err != nil || l.OrgID != "o-1" || l.MemberID != "m-1" || l.Email != "a@b.example" || l.OrgName != "Business X" || l.Token != "tok+x" {
		t.Errorf("link: %+v, %v", l, err)
	}
	if l, err := admin.ParseInvite("  abcDEF123  "); err != nil || l.Token != "abcDEF123" || l.OrgID != "" {
		t.Errorf("bare token: %+v, %v", l, err)
	}
	for _, bad := range []string{"", "https://x.example/#/accept-organization?organizationId=o", "two words", "https://x.example/"} {
		if _, err := admin.ParseInvite(bad); !errors.Is(err, admin.ErrBadInvite) {
			t.Errorf("ParseInvite(%q) = %v, want ErrBadInvite", bad, err)
		}
	}
}

func TestAcceptInviteRefusals(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	tech := e.login(t, demodata.TechEmail)
	y := e.m.Org("Business Y")
	const who = "accept.refusals@businessy.example"
	if err := adminDo(t, tech, func(s *admin.Session) error {
		return s.Invite(ctx, y.ID, admin.Invitation{Emails: []string{who}, Role: api.OrgUser})
	}); err != nil {
		t.Fatal(err)
	}
	link := inviteLink(t, e, who, y.ID)
	// Someone else's invitation: refused before any request.
	err, n := offline(t, tech, func(s *admin.Session) error { return s.Accept(ctx, link) })
	if err == nil || !strings.Contains(err.Error(), "sent to "+who) || n != 0 {
		t.Errorf("accept another's invitation: %v after %d requests", err, n)
	}
	// A bare token without the ids.
	if err := adminDo(t, tech, func(s *admin.Session) error { return s.Accept(ctx, &admin.InviteLink{Token: "x"}) }); !errors.Is(err, admin.ErrBadInvite) {
		t.Errorf("accept a bare token: %v", err)
	}
	// A wrong token: the server refuses.
	bad := *link
	bad.Token = "not-the-token"
	bad.Email = ""
	helpdesk := e.login(t, demodata.HelpdeskEmail)
	if err := adminDo(t, helpdesk, func(s *admin.Session) error { return s.Accept(ctx, &bad) }); err == nil || !strings.Contains(err.Error(), "not valid") {
		t.Errorf("accept with a wrong token: %v", err)
	}
}
