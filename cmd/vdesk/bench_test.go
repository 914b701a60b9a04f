package main

import (
	"encoding/json"
	"testing"
)

func TestBenchCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a sandbox")
	}
	var out struct {
		Runs  int         `json:"runs"`
		Steps []benchStep `json:"steps"`
	}
	if err := json.Unmarshal([]byte(want(t, exitOK, "bench", "--scale", "2:40", "--runs", "1", "--json")), &out); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range out.Steps {
		if s.Median <= 0 {
			t.Errorf("step %q took %v", s.Name, s.Median)
		}
		names[s.Name] = true
	}
	for _, n := range []string{"full sync into the cache", "unlock to searchable, KDF excluded", "search, one keystroke (p99 of 400)",
		"list every item as JSON", "confirm queue, every organization", "client overview, new passwords", "client overview, known passwords"} {
		if !names[n] {
			t.Errorf("no step %q in %+v", n, out.Steps)
		}
	}
	want(t, exitUsage, "bench", "--scale", "50")
	want(t, exitUsage, "bench", "--runs", "0")
}
