package api

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/version"
)

// DefaultClientVersion is sent as Bitwarden-Client-Version. The official
// identity server refuses token requests without one, and both servers hide
// newer cipher types from older versions (§1.2), so it tracks the Bitwarden
// client release whose protocol this package speaks.
const DefaultClientVersion = "2026.9.0"

// DefaultMaxResponseBytes bounds a response body: a full sync of 100,000
// items is well below it.
const DefaultMaxResponseBytes = 512 << 20

// maxErrorBytes bounds the part of an error body that is parsed.
const maxErrorBytes = 64 << 10

// DeviceType is Bitwarden's device type number (§2.6), sent in the
// Device-Type header and the token request.
type DeviceType int

// Device types a Vaultdesk build identifies as.
const (
	DeviceWindowsDesktop DeviceType = 6
	DeviceMacOSDesktop   DeviceType = 7
	DeviceLinuxDesktop   DeviceType = 8
	DeviceWindowsCLI     DeviceType = 23
	DeviceMacOSCLI       DeviceType = 24
	DeviceLinuxCLI       DeviceType = 25
)

// isCLI reports whether t is one of the command-line device types.
func (t DeviceType) isCLI() bool { return t >= DeviceWindowsCLI && t <= DeviceLinuxCLI }

// Region is a Bitwarden cloud region (§1.1).
type Region string

// Bitwarden's cloud regions.
const (
	RegionUS Region = "us"
	RegionEU Region = "eu"
)

// Options configure a Client. The zero value is usable.
type Options struct {
	// HTTP is the client to send requests with. Nil means a client with
	// timeouts that verifies TLS against RootCAs (or the system roots).
	// A client whose transport skips certificate verification is refused.
	HTTP *http.Client
	// RootCAs, when set, replaces the system roots for the default client
	// (for example the sandbox's self-signed cert.pem; see CertPoolWithPEM to
	// add to the system roots instead).
	RootCAs *x509.CertPool
	// Logger receives one debug line per request (method, path, status,
	// duration; never bodies). Nil discards.
	Logger *slog.Logger

	// DeviceType defaults to DeviceLinuxDesktop.
	DeviceType DeviceType
	// DeviceIdentifier is this installation's stable UUID; servers list
	// devices by it and may ask a new one for an emailed code. Empty means a
	// random one, which is new for every Client.
	DeviceIdentifier string
	// DeviceName defaults to "linux".
	DeviceName string
	// ClientName is the Bitwarden-Client-Name header and the OAuth client_id;
	// it defaults to "cli" for CLI device types and "desktop" otherwise.
	ClientName string
	// ClientVersion defaults to DefaultClientVersion.
	ClientVersion string
	// MaxResponseBytes defaults to DefaultMaxResponseBytes.
	MaxResponseBytes int64
	// Now defaults to time.Now; tests use it to move the token clock.
	Now func() time.Time
}

// Device identifies this installation to the server (§2.3).
type Device struct {
	Type       DeviceType
	Identifier string
	Name       string
}

// Client talks to one Bitwarden-compatible server as one user. Build it with
// New or NewCloud and do not change its exported fields once requests are in
// flight. A Client is safe for concurrent use.
type Client struct {
	// BaseURL is the server's base URL: the self-hosted base, or the web
	// vault for the cloud regions.
	BaseURL *url.URL
	// APIURL and IdentityURL are where /api/… and /identity/… requests go.
	APIURL      *url.URL
	IdentityURL *url.URL

	HTTP   *http.Client
	Logger *slog.Logger

	Device           Device
	ClientName       string
	ClientVersion    string
	MaxResponseBytes int64
	Now              func() time.Time

	refreshMu sync.Mutex // serializes token renewals

	mu   sync.Mutex // guards sess
	sess session
}

// New returns a client for a server with the self-hosted layout: base/api
// and base/identity (§1.1). baseURL must be https, or http to a loopback
// host (localhost, 127.0.0.0/8, ::1).
func New(baseURL string, opts Options) (*Client, error) {
	base, err := parseBase(baseURL)
	if err != nil {
		return nil, err
	}
	return newClient(base, base.JoinPath("api"), base.JoinPath("identity"), opts)
}

// NewCloud returns a client for a Bitwarden cloud region, whose API and
// identity services have their own hosts (§1.1).
func NewCloud(r Region, opts Options) (*Client, error) {
	var tld string
	switch r {
	case RegionUS:
		tld = "com"
	case RegionEU:
		tld = "eu"
	default:
		return nil, fmt.Errorf("unknown Bitwarden region %q (want us or eu)", string(r))
	}
	host := func(name string) *url.URL { return &url.URL{Scheme: "https", Host: name + ".bitwarden." + tld} }
	return newClient(host("vault"), host("api"), host("identity"), opts)
}

func parseBase(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("server URL: %w", err)
	}
	if u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("server URL %q: want scheme://host[:port][/path]", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		// A query or fragment would be silently dropped, user info sent
		// where nobody expects it.
		return nil, fmt.Errorf("server URL: user info, query and fragment are not allowed")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("server URL: plain http is only allowed to a loopback host, not %q", u.Hostname())
		}
	default:
		return nil, fmt.Errorf("server URL: scheme %q, want https", u.Scheme)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func newClient(base, apiURL, identityURL *url.URL, opts Options) (*Client, error) {
	c := &Client{
		BaseURL:          base,
		APIURL:           apiURL,
		IdentityURL:      identityURL,
		Logger:           opts.Logger,
		Device:           Device{Type: opts.DeviceType, Identifier: opts.DeviceIdentifier, Name: opts.DeviceName},
		ClientName:       opts.ClientName,
		ClientVersion:    opts.ClientVersion,
		MaxResponseBytes: opts.MaxResponseBytes,
		Now:              opts.Now,
	}
	if c.Device.Type == 0 {
		c.Device.Type = DeviceLinuxDesktop
	}
	if c.Device.Identifier == "" {
		c.Device.Identifier = randomUUID()
	}
	if c.Device.Name == "" {
		c.Device.Name = "linux"
	}
	if c.ClientName == "" {
		c.ClientName = "desktop"
		if c.Device.Type.isCLI() {
			c.ClientName = "cli"
		}
	}
	if c.ClientVersion == "" {
		c.ClientVersion = DefaultClientVersion
	}
	if c.MaxResponseBytes <= 0 {
		c.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	switch {
	case opts.HTTP == nil:
		c.HTTP = defaultHTTPClient(opts.RootCAs)
	case opts.RootCAs != nil:
		return nil, errors.New("api options: set RootCAs on your own HTTP client's transport, not both")
	default:
		if tr, ok := opts.HTTP.Transport.(*http.Transport); ok && tr.TLSClientConfig != nil && tr.TLSClientConfig.InsecureSkipVerify {
			return nil, errors.New("api options: the HTTP client skips TLS verification; Vaultdesk always verifies")
		}
		c.HTTP = opts.HTTP
	}
	return c, nil
}

// defaultHTTPClient has timeouts on every phase but the body, whose size
// varies by four orders of magnitude between a prelogin and a big sync, and
// follows no redirects: Bitwarden servers do not send any, and following one
// could move a bearer token or a password hash to another origin.
func defaultHTTPClient(roots *x509.CertPool) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots}
	tr.ResponseHeaderTimeout = 2 * time.Minute
	tr.MaxIdleConnsPerHost = 16
	return &http.Client{
		Transport: tr,
		Timeout:   10 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// CertPoolWithPEM returns the system roots plus the certificates in pemCerts,
// for Options.RootCAs (a self-hosted server with a private CA).
func CertPoolWithPEM(pemCerts []byte) (*x509.CertPool, error) {
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pemCerts) {
		return nil, errors.New("no PEM certificate found")
	}
	return pool, nil
}

func randomUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

const (
	jsonType = "application/json; charset=utf-8"
	formType = "application/x-www-form-urlencoded; charset=utf-8"
)

// call is one request. Paths start with /api/ or /identity/ as in the
// protocol document and may carry a query.
type call struct {
	method, path string
	in           any  // nil, url.Values (sent as a form) or a value sent as JSON
	out          any  // nil or a pointer to decode a JSON answer into
	anon         bool // send no bearer token
}

// do sends one request and decodes the JSON answer into out. Requests under
// /api carry the session's bearer token; /identity ones do not. Every
// non-2xx status becomes a *StatusError (which matches ErrUnauthorized,
// ErrNotFound and ErrRateLimited) or a *TwoFactorRequiredError.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	return c.send(ctx, call{method: method, path: path, in: in, out: out, anon: !strings.HasPrefix(path, "/api/")})
}

func (c *Client) send(ctx context.Context, r call) error {
	var body []byte
	var ctype string
	switch in := r.in.(type) {
	case nil:
	case url.Values:
		body, ctype = []byte(in.Encode()), formType
	default:
		b, err := json.Marshal(in)
		if err != nil {
			return opError(r.method, r.path, fmt.Errorf("encode request: %w", err))
		}
		body, ctype = b, jsonType
	}
	u := c.url(r.path)
	var used string // the bearer token of the previous attempt
	for attempt := 0; ; attempt++ {
		var rd io.Reader = http.NoBody
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, r.method, u, rd)
		if err != nil {
			return opError(r.method, r.path, err)
		}
		c.setHeaders(req, ctype)
		if !r.anon {
			tok, err := c.bearer(ctx, used)
			if err != nil {
				return opError(r.method, r.path, err)
			}
			req.Header.Set("Authorization", "Bearer "+tok)
			used = tok
		}
		start := time.Now()
		resp, err := c.HTTP.Do(req)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err // the URL is already in opError's prefix
			}
			return opError(r.method, r.path, err)
		}
		ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
		limit := c.MaxResponseBytes
		if !ok {
			limit = maxErrorBytes
		}
		data, rerr := readBody(resp.Body, limit, ok)
		c.Logger.LogAttrs(ctx, slog.LevelDebug, "api request",
			slog.String("op", r.method+" "+pathOnly(r.path)),
			slog.Int("status", resp.StatusCode),
			slog.Duration("dur", time.Since(start)))
		if rerr != nil {
			return opError(r.method, r.path, rerr)
		}
		if resp.StatusCode == http.StatusUnauthorized && !r.anon && attempt == 0 && c.renewable() {
			continue // bearer renews the token, then we try once more
		}
		if !ok {
			return opError(r.method, r.path, errorFromResponse(resp.StatusCode, data))
		}
		if r.out != nil && len(bytes.TrimSpace(data)) > 0 {
			if err := decodeBody(data, r.out); err != nil {
				return opError(r.method, r.path, fmt.Errorf("unusable answer, not the expected JSON: %w", err))
			}
		}
		return nil
	}
}

// decodeBody decodes an answer into out, directly when out knows how (see
// SyncResponse.decodeBody).
func decodeBody(data []byte, out any) error {
	if d, ok := out.(interface{ decodeBody([]byte) error }); ok {
		return d.decodeBody(data)
	}
	return json.Unmarshal(data, out)
}

// url resolves a protocol path against APIURL or IdentityURL.
func (c *Client) url(path string) string {
	var base *url.URL
	var rest string
	switch {
	case strings.HasPrefix(path, "/api/"):
		base, rest = c.APIURL, path[len("/api"):]
	case strings.HasPrefix(path, "/identity/"):
		base, rest = c.IdentityURL, path[len("/identity"):]
	default:
		panic("api: request path " + path + " is neither /api/ nor /identity/")
	}
	return strings.TrimRight(base.String(), "/") + rest
}

func (c *Client) setHeaders(req *http.Request, ctype string) {
	h := req.Header
	if ctype != "" {
		h.Set("Content-Type", ctype)
	}
	h.Set("Accept", "application/json")
	h.Set("Device-Type", strconv.Itoa(int(c.Device.Type)))
	h.Set("Bitwarden-Client-Name", c.ClientName)
	h.Set("Bitwarden-Client-Version", c.ClientVersion)
	h.Set("User-Agent", "Vaultdesk/"+version.Version)
	if req.Method == http.MethodGet {
		h.Set("Cache-Control", "no-store")
		h.Set("Pragma", "no-cache")
	}
}

// readBody reads at most limit bytes. An oversized success body is an error
// (decoding a truncated one would fail confusingly); an oversized error body
// is simply cut, since only its message is wanted.
func readBody(body io.ReadCloser, limit int64, strict bool) ([]byte, error) {
	defer body.Close()
	data, err := io.ReadAll(io.LimitReader(body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read response: %w", err)
	}
	if int64(len(data)) > limit {
		if strict {
			return nil, fmt.Errorf("response body exceeds %d bytes", limit)
		}
		data = data[:limit]
	}
	// Drain a little so the connection can be reused.
	io.CopyN(io.Discard, body, 4<<10)
	return data, nil
}

func pathOnly(p string) string {
	if i := strings.IndexByte(p, '?'); i >= 0 {
		return p[:i]
	}
	return p
}

// decode unmarshals a JSON document into a new T.
func decode[T any](data []byte) (T, error) {
	var v T
	err := json.Unmarshal(data, &v)
	return v, err
}

// get, post and put are do with a typed result.
func get[T any](ctx context.Context, c *Client, path string) (*T, error) {
	v := new(T)
	if err := c.do(ctx, http.MethodGet, path, nil, v); err != nil {
		return nil, err
	}
	return v, nil
}

func post[T any](ctx context.Context, c *Client, path string, in any) (*T, error) {
	v := new(T)
	if err := c.do(ctx, http.MethodPost, path, in, v); err != nil {
		return nil, err
	}
	return v, nil
}

func put[T any](ctx context.Context, c *Client, path string, in any) (*T, error) {
	v := new(T)
	if err := c.do(ctx, http.MethodPut, path, in, v); err != nil {
		return nil, err
	}
	return v, nil
}

// list is Bitwarden's list envelope (§1.3).
type list[T any] struct {
	Data              []T     `json:"data"`
	ContinuationToken *string `json:"continuationToken"`
}

func getList[T any](ctx context.Context, c *Client, path string) ([]T, error) {
	l, err := get[list[T]](ctx, c, path)
	if err != nil {
		return nil, err
	}
	return l.Data, nil
}

// esc escapes an id for use as one path segment.
func esc(id string) string { return url.PathEscape(id) }
