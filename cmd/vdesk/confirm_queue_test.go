package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestConfirmQueueBulkConfirm(t *testing.T) {
	ts, man := seededSandbox(t)
	dd := loginTech(t, ts.URL, man)

	var q []fingerprintJSON
	if err := json.Unmarshal([]byte(want(t, exitOK, "confirm-queue", "--json", dd)), &q); err != nil {
		t.Fatal(err)
	}
	if len(q) < 3 {
		t.Fatalf("confirm queue has %d members, want the 3 accepted contractors", len(q))
	}
	good, bad, skip := q[0], q[1], q[2]
	code, out, errOut := vdesk(t, "confirm-queue", "confirm", dd,
		"--checked-key", good.MemberID+"="+good.CheckedKey,
		"--checked-key", bad.MemberID+"="+good.CheckedKey, // another member's key
		"--fingerprint-checked", skip.MemberID)
	if code != exitConflict || strings.Count(errOut, "\n") != 1 ||
		!strings.Contains(errOut, "1 of 3 members not confirmed") || !strings.Contains(errOut, bad.MemberID) {
		t.Errorf("exit %d, stderr %q; want exit 4 and one line naming the member not confirmed", code, errOut)
	}
	for _, line := range []string{good.MemberID + ": confirmed " + good.Email, skip.MemberID + ": confirmed " + skip.Email,
		bad.MemberID + ": not confirmed"} {
		if !strings.Contains(out, line) {
			t.Errorf("stdout %q; want a line %q", out, line)
		}
	}

	var after []fingerprintJSON
	if err := json.Unmarshal([]byte(want(t, exitOK, "confirm-queue", "--json", dd)), &after); err != nil {
		t.Fatal(err)
	}
	left := map[string]bool{}
	for _, e := range after {
		left[e.MemberID] = true
	}
	if left[good.MemberID] || left[skip.MemberID] || !left[bad.MemberID] || len(after) != len(q)-2 {
		t.Errorf("queue after = %d members (%v); want only %s of the three left", len(after), left, bad.MemberID)
	}
	want(t, exitUsage, "confirm-queue", "confirm", dd)
	want(t, exitUsage, "confirm-queue", "confirm", "--checked-key", "no-equals-sign", dd)
}
