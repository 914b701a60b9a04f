package generator_test

import (
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/generator"
)

func ExamplePassword() {
	o := generator.DefaultPasswordOptions()
	o.Length = 24
	o.AvoidAmbiguous = true
	pw, err := generator.Password(o)
	if err != nil {
		log.Fatal(err)
	}
	// The password is random; print only what is certain about it.
	fmt.Println(len(pw), strings.ContainsAny(pw, "IOl01"))
	// Output: 24 false
}

func ExamplePassword_invalid() {
	_, err := generator.Password(generator.PasswordOptions{Length: 4, Lowercase: true})
	fmt.Println(errors.Is(err, generator.ErrInvalidOptions))
	fmt.Println(err)
	// Output:
	// true
	// invalid generator options: Length is 4, must be 5..128
}

func ExamplePassphrase() {
	o := generator.DefaultPassphraseOptions()
	o.Separator = " "
	o.Capitalize = true
	phrase, err := generator.Passphrase(o)
	if err != nil {
		log.Fatal(err)
	}
	// The phrase is random, such as "Crown Tiling Unsure Scarce Unsaid";
	// print only its number of words.
	fmt.Println(len(strings.Fields(phrase)))
	// Output: 5
}
