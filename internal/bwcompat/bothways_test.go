package bwcompat

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

// vdesk runs the vdesk binary, built once per test, with its own data
// directory and session, as a script would.
type vdesk struct {
	tb           testing.TB
	bin, dataDir string
	session      string
}

func newVdesk(tb testing.TB) *vdesk {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "vdesk")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/vaultdesk/vaultdesk/cmd/vdesk").CombinedOutput()
	if err != nil {
		tb.Fatalf("go build vdesk: %v\n%s", err, out)
	}
	return &vdesk{tb: tb, bin: bin, dataDir: tb.TempDir()}
}

func (v *vdesk) cmd(stdin string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(v.bin, append(args, "--data-dir", v.dataDir)...)
	cmd.Env = append(os.Environ(), "VDESK_SESSION="+v.session)
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdin = strings.NewReader(stdin)
	return cmd
}

func (v *vdesk) run(stdin string, env []string, args ...string) string {
	v.tb.Helper()
	cmd := v.cmd(stdin, env, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		v.tb.Fatalf("vdesk %s: %v: %s", strings.Join(redactArgs(args), " "), err, stderr.String())
	}
	return stdout.String()
}

// essence is what both clients must agree on for an item: every field a
// user entered, with null and absent treated alike; ids, dates and the
// server's bookkeeping left out.
func essence(t *testing.T, raw string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatalf("not an item: %v: %.200q", err, raw)
	}
	out := map[string]any{}
	for _, k := range []string{"type", "name", "notes", "favorite", "reprompt", "fields", "card", "identity", "secureNote"} {
		if v := prune(m[k]); v != nil {
			out[k] = v
		}
	}
	if l, ok := m["login"].(map[string]any); ok {
		login := map[string]any{}
		for _, k := range []string{"username", "password", "totp", "uris"} {
			if v := prune(l[k]); v != nil {
				login[k] = v
			}
		}
		out["login"] = login
	}
	return out
}

// prune drops nulls, empty strings, empty lists and bookkeeping keys.
func prune(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if x == "" {
			return nil
		}
	case []any:
		var out []any
		for _, e := range x {
			if p := prune(e); p != nil {
				out = append(out, p)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if k == "object" || k == "uriChecksum" {
				continue
			}
			if p := prune(e); p != nil {
				out[k] = p
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	return v
}

// items written by one client, read by the other: every type, every field
// type, URIs with match detection, TOTP.
var interopItems = []string{
	`{"type":1,"name":"Core switch (interop)","notes":"rack 2, port 48 uplink","favorite":true,"reprompt":0,
	  "login":{"username":"netadmin","password":"Sw1tch-Interop!","totp":"otpauth://totp/Switch?secret=JBSWY3DPEHPK3PXP&issuer=Core",
	    "uris":[{"uri":"https://switch.example:8443","match":0},{"uri":"ssh://10.0.0.2","match":3},{"uri":"https://backup.switch.example","match":null}]},
	  "fields":[{"name":"Site","value":"Main office","type":0},{"name":"Enable secret","value":"3nable!","type":1},
	    {"name":"Managed","value":"true","type":2},{"name":"User","value":null,"type":3,"linkedId":100}]}`,
	`{"type":2,"favorite":false,"reprompt":0,"name":"Escalation notes (interop)","notes":"Call the on-call line first.\nThen the vendor.","secureNote":{"type":0}}`,
	`{"type":3,"favorite":false,"reprompt":1,"name":"Company card (interop)","card":{"cardholderName":"MSP Operations","brand":"Visa","number":"4111111111111111","expMonth":"7","expYear":"2031","code":"123"}}`,
	`{"type":4,"favorite":true,"reprompt":0,"name":"Client contact (interop)","identity":{"title":"Ms","firstName":"Dana","lastName":"Reyes","company":"Business X","email":"dana@businessx.example","phone":"+1 555 0100","address1":"1 Main St","city":"Springfield","postalCode":"12345","country":"US"}}`,
}

func TestInteropBothWays(t *testing.T) {
	t.Parallel()
	e := startSandbox(t)
	tech := e.m.Account(demodata.TechEmail)
	v := newVdesk(t)
	v.session = strings.TrimSpace(v.run("", []string{"TEST_PW=" + tech.Password},
		"login", tech.Email, "--server", e.url, "--ca-file", e.certFile, "--passwordenv", "TEST_PW", "--raw"))

	b := newBW(t, e.url, e.certFile)
	if err := b.login(tech.Email, tech.Password); err != nil {
		t.Fatal(err)
	}

	t.Run("written by vdesk, read by bw", func(t *testing.T) {
		var ids []string
		for _, in := range interopItems {
			var out struct{ ID string }
			json.Unmarshal([]byte(v.run(in, nil, "create", "item")), &out)
			if out.ID == "" {
				t.Fatalf("vdesk create item printed no id for %.60s", in)
			}
			ids = append(ids, out.ID)
		}
		b.must("sync")
		for i, id := range ids {
			got, want := essence(t, b.must("get", "item", id)), essence(t, interopItems[i])
			if !reflect.DeepEqual(got, want) {
				t.Errorf("bw get item %s:\n got %v\nwant %v", id, got, want)
			}
		}
	})

	t.Run("written by bw, read by vdesk", func(t *testing.T) {
		var ids []string
		for _, in := range interopItems {
			var out struct{ ID string }
			b.json(&out, "create", "item", encodeItem(t, json.RawMessage(in)))
			ids = append(ids, out.ID)
		}
		v.run("", nil, "sync")
		for i, id := range ids {
			got, want := essence(t, v.run("", nil, "get", "item", id)), essence(t, interopItems[i])
			if !reflect.DeepEqual(got, want) {
				t.Errorf("vdesk get item %s:\n got %v\nwant %v", id, got, want)
			}
		}
	})
}
