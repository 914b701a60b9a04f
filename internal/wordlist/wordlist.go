// Package wordlist holds the EFF long word list (7,776 words) that Bitwarden
// uses for fingerprint phrases and passphrases.
//
// The words come from github.com/sethvargo/go-diceware, which ships the list
// keyed by dice rolls (11111…66666); here it is flattened to the index order
// Bitwarden uses (index 0 = "abacus", index 7775 = "zoom"), so that a
// fingerprint computed here matches the one every Bitwarden client shows.
package wordlist

import (
	"sync"

	"github.com/sethvargo/go-diceware/diceware"
)

// Size is the number of words in the EFF long list.
const Size = 7776

// EFFLong returns the EFF long word list in Bitwarden's index order.
// The returned slice is shared: callers must not modify it.
var EFFLong = sync.OnceValue(func() []string {
	src := diceware.WordListEffLarge()
	words := make([]string, Size)
	for i := range words {
		words[i] = src.WordAt(rollOf(i))
	}
	return words
})

// rollOf maps an index 0…7775 to the five-dice roll that keys it in
// go-diceware: the index written in base 6, each digit plus one.
func rollOf(i int) int {
	roll, place := 0, 1
	for range 5 {
		roll += (i%6 + 1) * place
		i /= 6
		place *= 10
	}
	return roll
}
