package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/vaultdesk/vaultdesk/internal/generator"
	"github.com/vaultdesk/vaultdesk/internal/version"
)

func runVersion(_ context.Context, cl *cli, args []string) error {
	fs := cl.flags("version")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	info := version.Get()
	if *asJSON {
		return writeJSON(cl, info)
	}
	_, err := fmt.Fprintf(cl.stdout, "vdesk %s\n", info)
	return err
}

func runGenerate(_ context.Context, cl *cli, args []string) error {
	pw, pp := generator.DefaultPasswordOptions(), generator.DefaultPassphraseOptions()
	fs := cl.flags("generate")
	fs.IntVar(&pw.Length, "length", pw.Length, "password length")
	noUpper := fs.Bool("no-uppercase", false, "leave out A-Z")
	noLower := fs.Bool("no-lowercase", false, "leave out a-z")
	noDigits := fs.Bool("no-digits", false, "leave out 0-9")
	noSymbols := fs.Bool("no-symbols", false, "leave out symbols")
	fs.IntVar(&pw.MinDigits, "min-digits", pw.MinDigits, "at least this many digits")
	fs.IntVar(&pw.MinSymbols, "min-symbols", pw.MinSymbols, "at least this many symbols")
	fs.BoolVar(&pw.AvoidAmbiguous, "avoid-ambiguous", pw.AvoidAmbiguous, "leave out characters that look alike (I l 1 O 0)")
	passphrase := fs.Bool("passphrase", false, "generate a passphrase of EFF long-list words instead")
	fs.IntVar(&pp.Words, "words", pp.Words, "passphrase: number of words")
	fs.StringVar(&pp.Separator, "separator", pp.Separator, "passphrase: text between words")
	fs.BoolVar(&pp.Capitalize, "capitalize", pp.Capitalize, "passphrase: capitalize each word")
	fs.BoolVar(&pp.IncludeNumber, "include-number", pp.IncludeNumber, "passphrase: add a digit to one word")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}

	var (
		secret string
		err    error
	)
	if *passphrase {
		secret, err = generator.Passphrase(pp)
	} else {
		pw.Uppercase = pw.Uppercase && !*noUpper
		pw.Lowercase = pw.Lowercase && !*noLower
		if *noDigits {
			pw.Digits, pw.MinDigits = false, 0
		}
		if *noSymbols {
			pw.Symbols, pw.MinSymbols = false, 0
		}
		secret, err = generator.Password(pw)
	}
	if err != nil {
		return usagef("%v", err)
	}
	if *asJSON {
		return writeJSON(cl, map[string]string{"value": secret})
	}
	_, err = fmt.Fprintln(cl.stdout, secret)
	return err
}

// writeItemJSON prints one item's JSON indented, for reading; it wipes
// the indented copy, which holds the item's secrets.
func writeItemJSON(cl *cli, item []byte) error {
	var b bytes.Buffer
	defer func() { clear(b.Bytes()[:b.Cap()]) }()
	if err := json.Indent(&b, item, "", "  "); err != nil {
		return err
	}
	b.WriteByte('\n')
	_, err := cl.stdout.Write(b.Bytes())
	return err
}

func writeJSON(cl *cli, v any) error {
	enc := json.NewEncoder(cl.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
