package app

import (
	"errors"
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/generator"
)

// GeneratorOptions are the generator popover's settings. Kind is
// "password" or "passphrase"; each kind reads only its own options.
type GeneratorOptions struct {
	Kind string `json:"kind"`

	Length         int  `json:"length"`
	Lowercase      bool `json:"lowercase"`
	Uppercase      bool `json:"uppercase"`
	Digits         bool `json:"digits"`
	Symbols        bool `json:"symbols"`
	MinDigits      int  `json:"minDigits"`
	MinSymbols     int  `json:"minSymbols"`
	AvoidAmbiguous bool `json:"avoidAmbiguous"`

	Words         int    `json:"words"`
	Separator     string `json:"separator"`
	Capitalize    bool   `json:"capitalize"`
	IncludeNumber bool   `json:"includeNumber"`
}

// GeneratorLimits are the bounds the popover's inputs enforce, the same as
// the generator's.
type GeneratorLimits struct {
	MinLength       int `json:"minLength"`
	MaxLength       int `json:"maxLength"`
	MaxMinCount     int `json:"maxMinCount"`
	MinWords        int `json:"minWords"`
	MaxWords        int `json:"maxWords"`
	MaxSeparatorLen int `json:"maxSeparatorLen"` // bytes of UTF-8
}

// GeneratorDefaults are the options the popover opens with, and the limits
// of each.
type GeneratorDefaults struct {
	Password   GeneratorOptions `json:"password"`
	Passphrase GeneratorOptions `json:"passphrase"`
	Limits     GeneratorLimits  `json:"limits"`
}

// GeneratorDefaults returns the generator's default options for both kinds
// and its limits.
func (s *EditService) GeneratorDefaults() GeneratorDefaults {
	pw, pp := generator.DefaultPasswordOptions(), generator.DefaultPassphraseOptions()
	return GeneratorDefaults{
		Password: GeneratorOptions{Kind: "password", Length: pw.Length, Lowercase: pw.Lowercase, Uppercase: pw.Uppercase,
			Digits: pw.Digits, Symbols: pw.Symbols, MinDigits: pw.MinDigits, MinSymbols: pw.MinSymbols, AvoidAmbiguous: pw.AvoidAmbiguous},
		Passphrase: GeneratorOptions{Kind: "passphrase", Words: pp.Words, Separator: pp.Separator,
			Capitalize: pp.Capitalize, IncludeNumber: pp.IncludeNumber},
		Limits: GeneratorLimits{MinLength: generator.MinPasswordLength, MaxLength: generator.MaxPasswordLength,
			MaxMinCount: generator.MaxMinCount, MinWords: generator.MinWords, MaxWords: generator.MaxWords,
			MaxSeparatorLen: generator.MaxSeparatorLen},
	}
}

// Generate makes a new random password or passphrase. Options out of range
// give code "invalid" with a message naming the option and its range.
func (s *EditService) Generate(o GeneratorOptions) (string, error) {
	var out string
	var err error
	switch o.Kind {
	case "password":
		out, err = generator.Password(generator.PasswordOptions{
			Length: o.Length, Lowercase: o.Lowercase, Uppercase: o.Uppercase, Digits: o.Digits, Symbols: o.Symbols,
			MinDigits: o.MinDigits, MinSymbols: o.MinSymbols, AvoidAmbiguous: o.AvoidAmbiguous,
		})
	case "passphrase":
		out, err = generator.Passphrase(generator.PassphraseOptions{
			Words: o.Words, Separator: o.Separator, Capitalize: o.Capitalize, IncludeNumber: o.IncludeNumber,
		})
	default:
		return "", invalid(`choose "password" or "passphrase"`)
	}
	if errors.Is(err, generator.ErrInvalidOptions) {
		// The generator's message names the option and its range.
		msg := strings.TrimPrefix(err.Error(), generator.ErrInvalidOptions.Error()+": ")
		return "", invalid(msg)
	}
	return out, err
}
