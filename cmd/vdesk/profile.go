package main

import (
	"bytes"
	"os"
	"runtime/pprof"
)

// startProfile serves the benchmarks (see README, Benchmarks): with
// $VDESK_CPUPROFILE set it writes a CPU profile of this run there, and
// with $VDESK_PEAKRSS set it writes there, when the run ends, the
// process's peak resident memory as Linux counts it (the VmHWM line of
// /proc/self/status). The parent cannot measure it: a child started by
// the Go runtime shares the parent's memory until exec, and the kernel
// counts that in the child's peak. It returns the function that ends both.
func startProfile() func() {
	stopCPU := func() {}
	if path := os.Getenv("VDESK_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				stopCPU = func() { pprof.StopCPUProfile(); f.Close() }
			} else {
				f.Close()
			}
		}
	}
	return func() {
		stopCPU()
		if path := os.Getenv("VDESK_PEAKRSS"); path != "" {
			if st, err := os.ReadFile("/proc/self/status"); err == nil {
				for line := range bytes.Lines(st) {
					if bytes.HasPrefix(line, []byte("VmHWM:")) {
						os.WriteFile(path, bytes.TrimSpace(line[len("VmHWM:"):]), 0o600)
					}
				}
			}
		}
	}
}
