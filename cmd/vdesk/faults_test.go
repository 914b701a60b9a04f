package main

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

// TestSyncServerErrors: a 503 on /api/sync is "unreachable" (exit 5), a
// 500 a plain error (exit 1); each is one line on stderr, and the cache
// still answers a search.
func TestSyncServerErrors(t *testing.T) {
	ts, man := seededSandbox(t)
	tech := man.Account(demodata.TechEmail)
	var it demodata.Item
	for _, i := range man.Items {
		if i.Owner == tech.Email && !i.Deleted {
			it = i
			break
		}
	}
	target, _ := url.Parse(ts.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var code, hits atomic.Int64
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c := code.Load(); c != 0 && r.URL.Path == "/api/sync" {
			hits.Add(1)
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(int(c))
			w.Write([]byte("<html>proxy error</html>"))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)

	dd := "--data-dir=" + t.TempDir()
	t.Setenv("VDESK_SESSION", "")
	t.Setenv("VDESK_DATA_DIR", "")
	t.Setenv("TEST_PW", tech.Password)
	key := strings.TrimSpace(want(t, exitOK, "login", tech.Email, "--server", front.URL, "--passwordenv", "TEST_PW", "--raw", dd))
	t.Setenv("VDESK_SESSION", key)

	for _, tc := range []struct {
		status, exit int
	}{
		{http.StatusServiceUnavailable, exitUnreachable},
		{http.StatusInternalServerError, exitError},
	} {
		code.Store(int64(tc.status))
		before := hits.Load()
		got, out, errOut := vdesk(t, "sync", "--force", dd)
		if hits.Load() != before+1 {
			t.Errorf("%d: /api/sync was not asked", tc.status)
		}
		if got != tc.exit || out != "" || strings.Count(errOut, "\n") != 1 {
			t.Errorf("sync with a %d = exit %d, stdout %q, stderr %q; want exit %d and one line on stderr",
				tc.status, got, out, errOut, tc.exit)
		}
		if !strings.Contains(errOut, http.StatusText(tc.status)) || strings.Contains(errOut, tech.Password) ||
			strings.Contains(errOut, key) || strings.Contains(errOut, "<html>") {
			t.Errorf("sync with a %d: stderr %q, want the status and no secret or body", tc.status, errOut)
		}
		if out := want(t, exitOK, "search", it.Name, dd); !strings.Contains(out, it.ID) && !strings.Contains(out, it.Name) {
			t.Errorf("search %q after a failed sync = %q", it.Name, out)
		}
	}
	code.Store(0)
	want(t, exitOK, "sync", "--force", dd)
}
