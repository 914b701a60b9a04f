// Package demodata seeds a Bitwarden-compatible server (Vaultdesk's sandbox)
// with a demo MSP data set, through the HTTP API exactly as a client would:
// every key, name and secret is encrypted here with internal/bitwarden/crypto
// and the server only ever sees EncStrings.
//
// The demo set is an MSP technician (TechEmail, password TechPassword) with
// a personal vault, a second technician on Argon2id, and three client
// organizations ("Business X", "Business Y", "Business Z") with nested
// collections, groups, members in every role and status, and about 300 items
// of every type. Two accounts have two-step login (authenticator and email)
// and one has new-device verification.
// The plaintext comes from a seeded generator, so every run makes the same
// names, usernames, passwords and notes; it is demo data, never real secrets.
//
// With a Scale, Seed makes a large synthetic MSP instead (for example 50
// organizations and 10,000 items) for benchmarks, encrypting on every core
// and importing in batches.
//
// Seed returns a Manifest: the plaintext and the server ids of everything it
// created, which tests compare with what a client decrypts.
package demodata
