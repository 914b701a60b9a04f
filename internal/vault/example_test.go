package vault_test

import (
	"context"
	"fmt"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

func ExampleSet_Search() {
	// A synced personal vault of two logins, encrypted under the user key.
	userKey := crypto.GenerateSymmetricKey()
	enc := func(s string) *crypto.EncString {
		e, _ := userKey.EncryptString(s)
		return &e
	}
	sync := &api.SyncResponse{Ciphers: []api.Cipher{
		{ID: "1", Type: api.CipherLogin, Name: *enc("Main router"), Login: &api.Login{Username: enc("admin"), Password: enc("s3cret")}, Edit: true, ViewPassword: true},
		{ID: "2", Type: api.CipherLogin, Name: *enc("Router (backup site)"), Edit: true, ViewPassword: true},
	}}

	v, err := vault.Unlock(context.Background(), vault.AccountRef{ID: "user-1", Email: "tech@msp.example"}, userKey, sync)
	if err != nil {
		panic(err)
	}
	set := vault.NewSet()
	set.Add(v)
	defer set.Lock()

	res, _ := set.Search("rout", vault.Filter{}, 10)
	for _, r := range res {
		fmt.Println(r.Name, "-", r.Match)
	}
	pw, _ := v.RevealPassword(res[1].ID)
	fmt.Println(pw) // secrets print redacted
	pw.Clear()
	// Output:
	// Router (backup site) - name-prefix
	// Main router - name-word
	// Secret(REDACTED)
}
