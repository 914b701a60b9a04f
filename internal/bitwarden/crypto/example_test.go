package crypto_test

import (
	"encoding/base64"
	"fmt"
	"log"
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// Registering an account and unlocking it again: the master key wraps the
// user key, the user key encrypts the vault.
func Example() {
	password := []byte("correct horse battery staple")
	kdf := crypto.KDFParams{Type: crypto.KDFPBKDF2, Iterations: 600_000} // from prelogin

	// Registration.
	mk, err := crypto.DeriveMasterKey(password, "Alice@Example.com", kdf)
	if err != nil {
		log.Fatal(err)
	}
	userKey := crypto.GenerateSymmetricKey()
	protected, err := mk.EncryptUserKey(userKey) // sent as masterKeyWrappedUserKey
	if err != nil {
		log.Fatal(err)
	}
	name, err := userKey.EncryptString("GitHub")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("server hash:", mk.ServerHash(password))
	mk.Clear()
	userKey.Clear()

	// Unlock, from what the server sends back.
	mk, err = crypto.DeriveMasterKey(password, "alice@example.com", kdf)
	if err != nil {
		log.Fatal(err)
	}
	defer mk.Clear()
	key, err := crypto.ParseEncString(protected.String())
	if err != nil {
		log.Fatal(err)
	}
	userKey, err = mk.DecryptUserKey(key)
	if err != nil {
		log.Fatal(err)
	}
	defer userKey.Clear()
	plain, err := userKey.DecryptString(name)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("item name:", plain)
	fmt.Println("user key:", userKey)
	// Output:
	// server hash: 4Aa46Fc7qpSyhQZ1PBBTSDpBMGrkvVsIOK5CG+1yzBE=
	// item name: GitHub
	// user key: SymmetricKey(REDACTED)
}

func ExampleParseEncString() {
	key := make([]byte, 64)
	for i := range key {
		key[i] = byte(i)
	}
	k, err := crypto.SymmetricKeyFromBytes(key)
	if err != nil {
		log.Fatal(err)
	}
	e, err := crypto.ParseEncString("2.2NokAMS6llUxk26oueMqrA==|6k0QD71SJLy2WEBDkV4esiTrgkP/z7eoSedSesGLGYE=|PE4sb0jpAwZW+tnyPuW43eeWvSxjvdw3xMJlPGbDlYI=")
	if err != nil {
		log.Fatal(err)
	}
	plain, err := k.DecryptString(e)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Type(), plain)
	// Output: type 2 Bitwarden SDK test vector
}

func ExampleFingerprint() {
	spki, _ := base64.StdEncoding.DecodeString("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuyYs8W7NWf0Zv35Ueco93730dtRKi4Jhc6Snar+86drE+ruSfaCWMcbgsAoAj2Pm6KAzaJrTIVCqBERQ23OncpzjfcGAeyf+v3w/gSw/EjihMJ4AG5ICY4hLFYcGdgwa+7is+TVO0i6PEWjKQa3l2+mQo2XY7pg2ngHDMssV4gxSqq+qoBX3+FBhewCYdOV+3cebwsAzz7HwoFTxKViwNW8crbHonhZPhZgfIAzEkzo5MvzQg5azhLKW6vuPfaOQFC5HqPykVnh8OPzO0uzUi3+97CguAu4N2CgwVYXltZuw2fGamdVw3kjbxQPbOE1tL0j7gyTwYKkfUl2m8gMh1QIDAQAB")
	pub, err := crypto.ParsePublicKey(spki)
	if err != nil {
		log.Fatal(err)
	}
	// The member's user id, and the public key the server says is theirs.
	words := crypto.Fingerprint("a09726a0-9590-49d1-a5f5-afe300b6a515", pub)
	fmt.Println(strings.Join(words, "-"))
	// Output: turban-deftly-anime-chatroom-unselfish
}
