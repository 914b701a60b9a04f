package main

import (
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile of this run to $VDESK_CPUPROFILE, for
// finding where a command's time goes (see README, Benchmarks). It returns
// the function that ends it.
func startProfile() func() {
	path := os.Getenv("VDESK_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
