package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vaultdesk/vaultdesk/internal/version"
)

// vdesk runs one invocation in-process and returns its exit code and output.
func vdesk(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(t.Context(), args, &cli{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut})
	return code, out.String(), errOut.String()
}

func TestVersion(t *testing.T) {
	code, out, _ := vdesk(t, "version")
	if code != exitOK || !strings.HasPrefix(out, "vdesk "+version.Version) {
		t.Errorf("vdesk version = %d, %q; want 0 and a line starting with %q", code, out, "vdesk "+version.Version)
	}
	code, out, _ = vdesk(t, "version", "--json")
	var info version.Info
	if err := json.Unmarshal([]byte(out), &info); code != exitOK || err != nil || info.Version != version.Version {
		t.Errorf("vdesk version --json = %d, %q (%v); want JSON with version %q", code, out, err, version.Version)
	}
}

func TestGenerate(t *testing.T) {
	tests := []struct {
		args  []string
		check func(string) bool
		what  string
	}{
		{nil, func(s string) bool { return len(s) == 20 }, "20 characters"},
		{[]string{"--length", "64"}, func(s string) bool { return len(s) == 64 }, "64 characters"},
		{[]string{"--length", "40", "--no-symbols"}, func(s string) bool {
			return len(s) == 40 && !strings.ContainsAny(s, "!@#$%^&*")
		}, "40 characters without symbols"},
		{[]string{"--length", "30", "--no-uppercase", "--no-lowercase", "--no-symbols"}, func(s string) bool {
			return len(s) == 30 && strings.Trim(s, "0123456789") == ""
		}, "30 digits"},
		{[]string{"--passphrase", "--words", "6", "--separator", "_"}, func(s string) bool {
			return len(strings.Split(s, "_")) >= 6 && utf8.ValidString(s)
		}, "6 words joined by _"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := vdesk(t, append([]string{"generate"}, tt.args...)...)
			got := strings.TrimSuffix(out, "\n")
			if code != exitOK || !tt.check(got) {
				t.Errorf("vdesk generate %v = %d, %q (stderr %q); want %s", tt.args, code, got, errOut, tt.what)
			}
		})
	}
}

func TestGenerateJSON(t *testing.T) {
	code, out, _ := vdesk(t, "generate", "--json", "--length", "25")
	var v struct{ Value string }
	if err := json.Unmarshal([]byte(out), &v); code != exitOK || err != nil || len(v.Value) != 25 {
		t.Errorf("vdesk generate --json = %d, %q (%v); want {\"value\": <25 characters>}", code, out, err)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string // in stderr
	}{
		{[]string{"nonsense"}, `unknown command "nonsense"`},
		{[]string{"generate", "--length", "3"}, "Length"},
		{[]string{"generate", "--length", "many"}, "invalid value"},
		{[]string{"generate", "--passphrase", "--words", "99"}, "Words"},
		{[]string{"generate", "extra"}, `unexpected argument "extra"`},
		{[]string{"version", "--bogus"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := vdesk(t, tt.args...)
			if code != exitUsage || out != "" || !strings.Contains(errOut, tt.want) {
				t.Errorf("vdesk %v = %d, stdout %q, stderr %q; want exit %d, no stdout, stderr containing %q",
					tt.args, code, out, errOut, exitUsage, tt.want)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	code, out, _ := vdesk(t, "help")
	if code != exitOK {
		t.Errorf("vdesk help exit = %d, want 0", code)
	}
	for _, c := range commands {
		if !strings.Contains(out, c.name) {
			t.Errorf("vdesk help does not list %q", c.name)
		}
	}
	if code, _, _ := vdesk(t); code != exitUsage {
		t.Errorf("vdesk with no command exit = %d, want %d", code, exitUsage)
	}
}
