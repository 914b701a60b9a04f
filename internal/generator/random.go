package generator

import (
	"crypto/rand"
	"encoding/binary"
)

// source hands out uniformly distributed integers backed by crypto/rand.
//
// It reads random bytes in blocks so that a 20-character password costs one
// call into the operating system's generator instead of forty. The zero value
// is ready to use; call wipe when done so the bytes that decided a password do
// not linger in memory.
type source struct {
	buf  [256]byte
	left int // unread bytes at the end of buf; 0 in the zero value
}

// uint32 returns 32 uniformly random bits.
func (s *source) uint32() uint32 {
	if s.left < 4 {
		// Since Go 1.24 rand.Read never returns an error: if the operating
		// system's generator fails it crashes the program, which is the
		// right outcome for a password generator, rather than a weak password.
		rand.Read(s.buf[:])
		s.left = len(s.buf)
	}
	v := binary.LittleEndian.Uint32(s.buf[len(s.buf)-s.left:])
	s.left -= 4
	return v
}

// intn returns a uniform integer in [0, n). It panics if n is 0, which only
// our own code could cause.
//
// Reducing a random uint32 modulo n would favour the first 2³² mod n values.
// Instead intn rejects the lowest 2³² mod n draws, leaving a range whose size
// is an exact multiple of n, and reduces only draws from that range. For the
// set sizes used here (at most 7,776) a draw is rejected with probability
// below 2⁻¹⁹, so the loop almost never repeats.
func (s *source) intn(n uint32) uint32 {
	if n == 0 {
		panic("generator: intn(0)")
	}
	threshold := -n % n // 2³² mod n, computed in uint32 arithmetic
	for {
		if v := s.uint32(); v >= threshold {
			return v % n
		}
	}
}

// shuffle permutes b uniformly at random with the Fisher–Yates algorithm:
// each of the len(b)! orders is equally likely, provided intn is unbiased.
func (s *source) shuffle(b []byte) {
	for i := len(b) - 1; i > 0; i-- {
		j := s.intn(uint32(i + 1))
		b[i], b[j] = b[j], b[i]
	}
}

// wipe zeroes the buffered random bytes.
func (s *source) wipe() {
	clear(s.buf[:])
	s.left = 0
}
