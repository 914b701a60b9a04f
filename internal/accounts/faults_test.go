package accounts_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// Faults: the server fails (5xx, hangs, answers garbage) while the cache
// holds a good sync. The user gets a clear error and keeps the cache.

// openWith is open with Options (logs still go to the test log).
func openWith(t *testing.T, dir string, opts accounts.Options) *accounts.Manager {
	t.Helper()
	opts.Logger = slog.New(slog.NewTextHandler(&logBuffer{t: t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	m, err := accounts.Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// faulty serves h, but while a fault is set answers the requests that
// match with it. It counts those and remembers the last bearer token sent,
// so that a test can check the fault was hit and no token leaked.
type faulty struct {
	h     http.Handler
	match func(*http.Request) bool
	fault atomic.Pointer[http.HandlerFunc]
	hits  atomic.Int64
	token atomic.Value // string
}

func newFaulty(h http.Handler, match func(*http.Request) bool) *faulty {
	return &faulty{h: h, match: match}
}

func (f *faulty) set(h http.HandlerFunc) {
	if h == nil {
		f.fault.Store(nil)
		return
	}
	f.fault.Store(&h)
}

func (f *faulty) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		f.token.Store(tok)
	}
	if h := f.fault.Load(); h != nil && f.match(r) {
		f.hits.Add(1)
		(*h)(w, r)
		return
	}
	f.h.ServeHTTP(w, r)
}

func isSync(r *http.Request) bool { return r.URL.Path == "/api/sync" }

// status answers code with a Bitwarden error body.
func status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		w.Write([]byte(`{"message":"Something went wrong","object":"error"}`))
	}
}

// body answers 200 with b.
func body(b []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(b)
	}
}

// hang sends nothing until the client gives up (or 5 s). It reads the
// request body first: only then does the server notice a closed connection.
func hang(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	select {
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
	}
}

// hangBody sends the headers and a little of the body, then stalls.
func hangBody(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"profile":{`))
	w.(http.Flusher).Flush()
	hang(w, r)
}

// snapshot is what the user sees of an unlocked account's cache.
type snapshot struct {
	items    int
	lastSync time.Time
}

func snap(t *testing.T, m *accounts.Manager) snapshot {
	t.Helper()
	v, err := m.Vault(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	st, err := m.Status(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if st.LastSync.IsZero() || v.Len() == 0 {
		t.Fatalf("no cache to protect: %d items, last sync %v", v.Len(), st.LastSync)
	}
	return snapshot{v.Len(), st.LastSync}
}

// intact checks that m still shows want and finds it.
func intact(t *testing.T, m *accounts.Manager, want snapshot, it demodata.Item) {
	t.Helper()
	if got := snap(t, m); got.items != want.items || !got.lastSync.Equal(want.lastSync) {
		t.Errorf("cache now has %d items, last sync %v; want %d items, last sync %v",
			got.items, got.lastSync, want.items, want.lastSync)
	}
	if !findItem(t, m, it) {
		t.Errorf("Search(%q) no longer finds it", it.Name)
	}
}

// reopen closes m and unlocks the account again from the cache alone.
func reopen(t *testing.T, m *accounts.Manager, dir string, a demodata.Account) *accounts.Manager {
	t.Helper()
	m.Close()
	m2, _ := open(t, dir)
	if err := m2.Unlock(t.Context(), "", []byte(a.Password)); err != nil {
		t.Fatalf("unlock after the fault: %v", err)
	}
	return m2
}

// noSecret checks that err names what failed and holds no secret.
func noSecret(t *testing.T, err error, a demodata.Account, f *faulty, what ...string) {
	t.Helper()
	s := err.Error()
	for _, w := range what {
		if !strings.Contains(s, w) {
			t.Errorf("error %q does not say %q", s, w)
		}
	}
	secrets := []string{a.Password}
	if tok, _ := f.token.Load().(string); tok != "" {
		secrets = append(secrets, tok)
	}
	for _, sec := range secrets {
		if strings.Contains(s, sec) {
			t.Errorf("error %q holds a secret", s)
		}
	}
	if strings.Contains(s, "Bearer") || strings.Contains(s, "<html>") {
		t.Errorf("error %q holds a header or the raw body", s)
	}
}

// faultEnv is a logged-in Tech2 with a full cache, behind a faulty server.
type faultEnv struct {
	e   *sandboxEnv
	f   *faulty
	ts  *httptest.Server
	a   demodata.Account
	dir string
	m   *accounts.Manager
	it  demodata.Item
}

func newFaultEnv(t *testing.T, e *sandboxEnv, match func(*http.Request) bool) *faultEnv {
	t.Helper()
	f := newFaulty(e.srv.Handler(), match)
	fe := &faultEnv{e: e, f: f, ts: e.serve(t, f), a: e.account(demodata.Tech2Email), dir: t.TempDir()}
	m, _ := open(t, fe.dir)
	login(t, m, fe.ts.URL, fe.a)
	fe.m = m
	fe.it = e.firstItem(t, fe.a.Email)
	return fe
}

// forceSync runs a forced sync with fault h and checks it was hit once.
func (fe *faultEnv) forceSync(t *testing.T, m *accounts.Manager, h http.HandlerFunc) error {
	t.Helper()
	fe.f.set(h)
	defer fe.f.set(nil)
	before := fe.f.hits.Load()
	_, err := m.Sync(t.Context(), "", true)
	if n := fe.f.hits.Load() - before; n != 1 {
		t.Errorf("the fault was hit %d times, want 1", n)
	}
	if err == nil {
		t.Fatal("Sync = nil error, want the fault reported")
	}
	t.Logf("Sync: %v", err)
	return err
}

// forceSyncOK runs a forced sync through h, which must pass it on.
func (fe *faultEnv) forceSyncOK(t *testing.T, h http.HandlerFunc) error {
	t.Helper()
	fe.f.set(h)
	defer fe.f.set(nil)
	_, err := fe.m.Sync(t.Context(), "", true)
	return err
}

func TestFaultSync5xx(t *testing.T) {
	e := seeded(t)
	fe := newFaultEnv(t, e, isSync)
	want := snap(t, fe.m)
	for _, tc := range []struct {
		code        int
		unreachable bool
	}{
		{http.StatusInternalServerError, false},
		{http.StatusBadGateway, true},
		{http.StatusServiceUnavailable, true},
		{http.StatusGatewayTimeout, true},
	} {
		t.Run(http.StatusText(tc.code), func(t *testing.T) {
			err := fe.forceSync(t, fe.m, status(tc.code))
			if got := errors.Is(err, accounts.ErrUnreachable); got != tc.unreachable {
				t.Errorf("errors.Is(%v, ErrUnreachable) = %v, want %v", err, got, tc.unreachable)
			}
			// A 500 is the server's own failure: no accounts sentinel
			// (neither unreachable nor signed out), the status error as is.
			var se *api.StatusError
			if !errors.As(err, &se) || se.Code != tc.code {
				t.Errorf("Sync error %v does not carry status %d", err, tc.code)
			}
			if errors.Is(err, accounts.ErrNotSignedIn) || errors.Is(err, accounts.ErrLocked) {
				t.Errorf("Sync error %v claims a session problem", err)
			}
			noSecret(t, err, fe.a, fe.f, "sync "+fe.a.Email, "GET /api/sync", http.StatusText(tc.code))
			intact(t, fe.m, want, fe.it)
		})
	}

	// The server recovers: a sync works again with the same session.
	if res, err := fe.m.Sync(t.Context(), "", true); err != nil || !res.Synced {
		t.Fatalf("Sync after the server recovered = %+v, %v", res, err)
	}
	want = snap(t, fe.m)
	fe.forceSync(t, fe.m, status(http.StatusInternalServerError))
	m := reopen(t, fe.m, fe.dir, fe.a)
	intact(t, m, want, fe.it)
}

func TestFaultSyncTimeout(t *testing.T) {
	e := seeded(t)
	fe := newFaultEnv(t, e, isSync)
	want := snap(t, fe.m)
	fe.m.Close()
	// The same cache, with a client that gives up after 300 ms.
	m := openWith(t, fe.dir, accounts.Options{HTTP: &http.Client{Timeout: 300 * time.Millisecond}})
	if err := m.Unlock(t.Context(), "", []byte(fe.a.Password)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		h    http.HandlerFunc
	}{
		{"no answer", hang},
		{"body stalls", hangBody},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			err := fe.forceSync(t, m, tc.h)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Sync took %v with a 300 ms client timeout", d)
			}
			if !errors.Is(err, accounts.ErrUnreachable) {
				t.Errorf("Sync timing out = %v, want ErrUnreachable", err)
			}
			noSecret(t, err, fe.a, fe.f, "sync "+fe.a.Email, "GET /api/sync")
			intact(t, m, want, fe.it)
		})
	}

	// The caller's own deadline, with the default client.
	t.Run("context deadline", func(t *testing.T) {
		fe.f.set(hang)
		defer fe.f.set(nil)
		m2 := reopen(t, m, fe.dir, fe.a)
		before := fe.f.hits.Load()
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		defer cancel()
		_, err := m2.Sync(ctx, "", true)
		if n := fe.f.hits.Load() - before; n != 1 {
			t.Errorf("the fault was hit %d times, want 1", n)
		}
		if !errors.Is(err, accounts.ErrUnreachable) {
			t.Errorf("Sync past its deadline = %v, want ErrUnreachable", err)
		}
		intact(t, m2, want, fe.it)
		m = m2
	})

	m = reopen(t, m, fe.dir, fe.a)
	intact(t, m, want, fe.it)
}

func TestFaultMalformedSync(t *testing.T) {
	e := seeded(t)
	fe := newFaultEnv(t, e, isSync)

	// A real sync answer of this account, to truncate and to strip.
	got := make(chan []byte, 1)
	if err := fe.forceSyncOK(t, func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		e.srv.Handler().ServeHTTP(rec, r)
		got <- rec.Body.Bytes()
		w.Write(rec.Body.Bytes())
	}); err != nil {
		t.Fatal(err)
	}
	good := <-got
	if !json.Valid(good) || len(good) < 1000 {
		t.Fatalf("sync answer: %d bytes", len(good))
	}
	want := snap(t, fe.m)
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(good, &doc); err != nil {
		t.Fatal(err)
	}
	n := len(doc)
	for k := range doc {
		if strings.EqualFold(k, "profile") {
			delete(doc, k)
		}
	}
	if len(doc) != n-1 {
		t.Fatalf("sync answer keys: no single profile")
	}
	noProfile, _ := json.Marshal(doc)

	for _, tc := range []struct {
		name string
		body []byte
	}{
		{"not JSON", []byte("<html>proxy error</html>")},
		{"truncated", good[:len(good)/2]},
		{"wrong shape", []byte(`{"ciphers": "nope"}`)},
		{"array", []byte(`[]`)},
		{"empty object", []byte(`{}`)},
		{"empty", nil},
		{"no profile", noProfile},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := fe.forceSync(t, fe.m, body(tc.body))
			// The server answered: this is not a network problem, nor a
			// session one.
			for _, s := range []error{accounts.ErrUnreachable, accounts.ErrNotSignedIn, accounts.ErrLocked} {
				if errors.Is(err, s) {
					t.Errorf("Sync with a malformed answer = %v, want not %v", err, s)
				}
			}
			noSecret(t, err, fe.a, fe.f, "sync "+fe.a.Email, "GET /api/sync", "unusable")
			intact(t, fe.m, want, fe.it)
		})
	}

	m := reopen(t, fe.m, fe.dir, fe.a)
	intact(t, m, want, fe.it)
	// The next good sync works.
	if res, err := m.Sync(t.Context(), "", true); err != nil || !res.Synced {
		t.Fatalf("Sync after the server recovered = %+v, %v", res, err)
	}
	if got := snap(t, m); got.items != want.items || !got.lastSync.After(want.lastSync) {
		t.Errorf("after a good sync: %+v, want %d items synced after %v", got, want.items, want.lastSync)
	}
}

// loginItem is a personal login of tech2 with a password.
func loginItem(t *testing.T, e *sandboxEnv) demodata.Item {
	t.Helper()
	for _, it := range e.m.Items {
		if it.Owner == demodata.Tech2Email && !it.Deleted && it.Type == api.CipherLogin && it.Password != "" && !it.Reprompt {
			return it
		}
	}
	t.Fatal("tech2 has no login item")
	return demodata.Item{}
}

// rename edits item id's name through m.Edit.
func rename(ctx context.Context, m *accounts.Manager, id, name string) error {
	return m.Edit(ctx, "", func(v *vault.Vault, c vault.CipherAPI) error {
		ei, err := v.EditItem(id)
		if err != nil {
			return err
		}
		ei.Name = name
		_, err = v.Update(ctx, c, id, ei)
		return err
	})
}

// create creates a secure note through m.Edit.
func create(ctx context.Context, m *accounts.Manager, name string) error {
	return m.Edit(ctx, "", func(v *vault.Vault, c vault.CipherAPI) error {
		_, err := v.Create(ctx, c, &vault.EditItem{Type: api.CipherSecureNote, Name: name, Notes: "fault test"})
		return err
	})
}

// itemName is the cached name of item id.
func itemName(t *testing.T, m *accounts.Manager, id string) string {
	t.Helper()
	v, err := m.Vault(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	s, err := v.Summary(id)
	if err != nil {
		t.Fatal(err)
	}
	return s.Name
}

func TestFaultWrite(t *testing.T) {
	e := seeded(t)
	it := loginItem(t, e)
	isWrite := func(r *http.Request) bool {
		return (r.Method == http.MethodPut && r.URL.Path == "/api/ciphers/"+it.ID) ||
			(r.Method == http.MethodPost && r.URL.Path == "/api/ciphers")
	}
	fe := newFaultEnv(t, e, isWrite)
	want := snap(t, fe.m)
	fe.m.Close()
	m := openWith(t, fe.dir, accounts.Options{HTTP: &http.Client{Timeout: 300 * time.Millisecond}})
	if err := m.Unlock(t.Context(), "", []byte(fe.a.Password)); err != nil {
		t.Fatal(err)
	}
	if got := itemName(t, m, it.ID); got != it.Name {
		t.Fatalf("item %s is named %q, want %q", it.ID, got, it.Name)
	}

	for _, tc := range []struct {
		name        string
		h           http.HandlerFunc
		unreachable bool
		says        string
	}{
		{"500", status(http.StatusInternalServerError), false, "500 Internal Server Error"},
		{"503", status(http.StatusServiceUnavailable), true, "503 Service Unavailable"},
		{"timeout", hang, true, ""},
	} {
		for _, op := range []struct {
			name string
			do   func() error
			says string
		}{
			{"edit", func() error { return rename(t.Context(), m, it.ID, "Renamed by a fault test") }, "PUT /api/ciphers/" + it.ID},
			{"create", func() error { return create(t.Context(), m, "Created by a fault test") }, "POST /api/ciphers"},
		} {
			t.Run(tc.name+"/"+op.name, func(t *testing.T) {
				fe.f.set(tc.h)
				defer fe.f.set(nil)
				before := fe.f.hits.Load()
				start := time.Now()
				err := op.do()
				if n := fe.f.hits.Load() - before; n != 1 {
					t.Errorf("the fault was hit %d times, want 1", n)
				}
				if d := time.Since(start); d > 2*time.Second {
					t.Errorf("the write took %v", d)
				}
				if err == nil {
					t.Fatal("the write succeeded")
				}
				t.Logf("%s: %v", op.name, err)
				if got := errors.Is(err, accounts.ErrUnreachable); got != tc.unreachable {
					t.Errorf("errors.Is(%v, ErrUnreachable) = %v, want %v", err, got, tc.unreachable)
				}
				if strings.Contains(err.Error(), "saved on the server") {
					t.Errorf("error %q says the change was saved", err)
				}
				noSecret(t, err, fe.a, fe.f, "edit "+fe.a.Email, op.says, tc.says)
				if strings.Contains(err.Error(), it.Password) {
					t.Errorf("error %q holds the item's password", err)
				}
				intact(t, m, want, fe.it)
				if got := itemName(t, m, it.ID); got != it.Name {
					t.Errorf("after a failed edit the item is named %q, want %q", got, it.Name)
				}
			})
		}
	}

	m = reopen(t, m, fe.dir, fe.a)
	intact(t, m, want, fe.it)
	if got := itemName(t, m, it.ID); got != it.Name {
		t.Errorf("after restart the item is named %q, want %q", got, it.Name)
	}
}

// TestFaultWriteThenSync5xx: the write is saved but the sync after it gets
// a 503. The error says so, and the cache keeps the last good sync until a
// later sync brings the change in.
func TestFaultWriteThenSync5xx(t *testing.T) {
	e := newSeeded(t)
	it := loginItem(t, e)
	fe := newFaultEnv(t, e, isSync)
	want := snap(t, fe.m)

	fe.f.set(status(http.StatusServiceUnavailable))
	time.Sleep(2 * time.Millisecond) // revision dates are in milliseconds
	err := rename(t.Context(), fe.m, it.ID, "Renamed before a 503")
	fe.f.set(nil)
	if fe.f.hits.Load() != 1 {
		t.Errorf("the sync after the write was hit %d times, want 1", fe.f.hits.Load())
	}
	if err == nil {
		t.Fatal("Edit = nil, want the failed sync reported")
	}
	t.Logf("Edit: %v", err)
	if !errors.Is(err, accounts.ErrUnreachable) {
		t.Errorf("Edit = %v, want ErrUnreachable", err)
	}
	noSecret(t, err, fe.a, fe.f, "saved on the server", "vdesk sync", "503")
	intact(t, fe.m, want, fe.it)
	if got := itemName(t, fe.m, it.ID); got != it.Name {
		t.Errorf("before the next sync the item is named %q, want %q", got, it.Name)
	}

	m := reopen(t, fe.m, fe.dir, fe.a)
	if res, err := m.Sync(t.Context(), "", false); err != nil || !res.Synced {
		t.Fatalf("Sync after the server recovered = %+v, %v", res, err)
	}
	if got := itemName(t, m, it.ID); got != "Renamed before a 503" {
		t.Errorf("after the next sync the item is named %q", got)
	}
}
