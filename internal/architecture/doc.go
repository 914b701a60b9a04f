// Package architecture holds no code, only tests that keep the layout honest:
// dependencies point inward, the crypto core stays on the standard library,
// and every package says what it is for.
package architecture
