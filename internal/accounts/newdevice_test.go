package accounts_test

import (
	"errors"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

func TestNewDeviceVerification(t *testing.T) {
	e := seeded(t)
	ts := e.serve(t, nil)
	a := e.account(demodata.NewDeviceEmail)
	m, _ := open(t, t.TempDir())
	req := accounts.LoginRequest{Email: a.Email, Server: ts.URL, Password: []byte(a.Password)}

	if _, err := m.Login(t.Context(), req); !errors.Is(err, accounts.ErrNewDeviceCode) {
		t.Fatalf("Login from a new device = %v, want ErrNewDeviceCode", err)
	}
	mails, err := e.srv.Mailbox(t.Context(), a.Email)
	if err != nil || len(mails) == 0 || mails[len(mails)-1].Kind != "new-device" {
		t.Fatalf("mailbox: %v, %d mails", err, len(mails))
	}
	code := mails[len(mails)-1].Token

	req.NewDeviceCode = "000000"
	if _, err := m.Login(t.Context(), req); !errors.Is(err, accounts.ErrWrongNewDeviceCode) {
		t.Fatalf("Login with a wrong code = %v, want ErrWrongNewDeviceCode", err)
	}
	req.NewDeviceCode = code
	if st, err := m.Login(t.Context(), req); err != nil || st.Locked {
		t.Fatalf("Login with the mailed code = %+v, %v", st, err)
	}
	if !findItem(t, m, e.firstItem(t, a.Email)) {
		t.Error("after a verified login search does not find the account's item")
	}

	// The data directory is the device: after logging out, signing in
	// again needs no code.
	if err := m.Logout(t.Context(), a.Email); err != nil {
		t.Fatal(err)
	}
	req.NewDeviceCode = ""
	if _, err := m.Login(t.Context(), req); err != nil {
		t.Fatalf("Login again from the verified device = %v", err)
	}
}
