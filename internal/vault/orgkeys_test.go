package vault

import "testing"

func TestUnlockWithKeptOrgKeys(t *testing.T) {
	f, items := realisticFixture(t)
	v := f.unlock(t, account1)
	kept, err := v.OrgKeys()
	if err != nil {
		t.Fatal(err)
	}
	v.Lock()
	if len(kept) != 2 || kept["org-x"].From == "" || kept["org-x"].Key.IsZero() {
		t.Fatalf("OrgKeys = %+v, want both organizations", kept)
	}

	// Without the private key, only the kept keys can open the organizations.
	noRSA := *f.sync
	noRSA.Profile = f.sync.Profile
	noRSA.Profile.PrivateKey = nil
	check := func(known OrgKeys, wantDamaged map[string]bool) {
		t.Helper()
		v, err := UnlockWith(t.Context(), account1, f.userKey, &noRSA, known)
		if err != nil {
			t.Fatal(err)
		}
		defer v.Lock()
		orgs, _ := v.Orgs()
		for _, o := range orgs {
			if o.Damaged != wantDamaged[o.ID] {
				t.Errorf("org %s damaged = %v, want %v", o.ID, o.Damaged, wantDamaged[o.ID])
			}
		}
		for _, it := range items {
			if it.org == "" || wantDamaged[it.org] {
				continue
			}
			if s, err := v.Summary(it.id); err != nil || s.Damaged || s.Name != it.name {
				t.Errorf("item %s = %+v, %v; want it decrypted with the kept key", it.id, s, err)
			}
		}
	}
	check(kept, map[string]bool{})

	// A key the server changed since is not taken from the kept ones.
	rotated := OrgKeys{"org-x": {From: "0" + kept["org-x"].From[1:], Key: kept["org-x"].Key}, "org-y": kept["org-y"]}
	check(rotated, map[string]bool{"org-x": true})
	check(nil, map[string]bool{"org-x": true, "org-y": true})
}
