package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// apiError is an error with a status and a message that is safe to show to
// the client. Any other error becomes a 500 whose detail only goes to the log.
type apiError struct {
	status int
	msg    string
	// oauth, when set, is the OAuth "error" code of an identity error
	// (invalid_grant, …); the body then also carries error_description and
	// the PascalCase ErrorModel that clients read from identity responses.
	oauth     string
	oauthDesc string
	// body, when set, replaces the envelope entirely (the 2FA challenge).
	body map[string]any
}

func (e *apiError) Error() string { return fmt.Sprintf("%d: %s", e.status, e.msg) }

func errBadRequest(format string, args ...any) error {
	return &apiError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

func errNotFound(what string) error {
	return &apiError{status: http.StatusNotFound, msg: what + " not found."}
}

var errUnauthorized = &apiError{status: http.StatusUnauthorized, msg: "Invalid or expired access token."}

// rawJSON is a response body that is already encoded. It also encodes as
// itself inside other values.
type rawJSON []byte

func (r rawJSON) MarshalJSON() ([]byte, error) { return r, nil }

// pooledJSON is an encoded body in a pooled buffer, returned to the pool
// once written. Large responses (sync) reuse their buffer this way instead
// of growing a new one each time.
type pooledJSON struct{ buf *bytes.Buffer }

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return bufPool.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 256<<20 {
		return
	}
	b.Reset()
	bufPool.Put(b)
}

// list is Bitwarden's list envelope.
func list[T any](data []T) map[string]any {
	if data == nil {
		data = []T{}
	}
	return map[string]any{"object": "list", "data": data, "continuationToken": nil}
}

// writeJSON writes a 200 response. A nil body gives an empty 200, which is
// what Bitwarden servers answer for operations without a result (§1.4).
func writeJSON(w http.ResponseWriter, body any) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	switch b := body.(type) {
	case nil:
		w.WriteHeader(http.StatusOK)
		return
	case rawJSON:
		h.Set("Content-Type", "application/json; charset=utf-8")
		w.Write(b)
		return
	case pooledJSON:
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(b.buf.Len()))
		w.Write(b.buf.Bytes())
		putBuffer(b.buf)
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(body); err != nil {
		// Only our own values are encoded here, so this is a bug.
		panic(fmt.Sprintf("encode response: %v", err))
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	w.Write(buf.Bytes())
}

// writeError writes the error envelope. Bitwarden clients read the message
// from different places depending on the endpoint, so the body is the union
// of Vaultwarden's envelope (§6.2) and, for identity errors, the OAuth
// fields with the PascalCase ErrorModel of §2.4.
func writeError(w http.ResponseWriter, status int, e *apiError) {
	var body map[string]any
	if e.body != nil {
		body = e.body
	} else {
		body = map[string]any{
			"message":               e.msg,
			"validationErrors":      map[string][]string{"": {e.msg}},
			"errorModel":            map[string]any{"message": e.msg, "object": "error"},
			"error":                 e.oauth,
			"error_description":     e.oauthDesc,
			"exceptionMessage":      nil,
			"exceptionStackTrace":   nil,
			"innerExceptionMessage": nil,
			"object":                "error",
		}
		if e.oauth != "" {
			body["ErrorModel"] = map[string]any{"Message": e.msg, "Object": "error"}
		}
	}
	b, _ := json.Marshal(body)
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
}

// handlerFunc is an unauthenticated handler core.
type handlerFunc func(r *http.Request) (any, error)

// authedFunc is a handler core that runs for a caller with a valid token.
type authedFunc func(r *http.Request, c *caller) (any, error)

func (s *Server) respond(w http.ResponseWriter, r *http.Request, body any, err error) {
	if err == nil {
		writeJSON(w, body)
		return
	}
	var ae *apiError
	if errors.As(err, &ae) {
		writeError(w, ae.status, ae)
		return
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeError(w, http.StatusRequestEntityTooLarge, &apiError{msg: fmt.Sprintf("The request body is larger than %d bytes.", mbe.Limit)})
		return
	}
	s.log.ErrorContext(r.Context(), "request failed", "op", r.Pattern, "err", err)
	writeError(w, http.StatusInternalServerError, &apiError{msg: "Internal server error."})
}

func (s *Server) h(f handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := f(r)
		s.respond(w, r, body, err)
	})
}

func (s *Server) authed(f authedFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := s.authenticate(r)
		if err != nil {
			s.respond(w, r, nil, err)
			return
		}
		body, err := f(r, c)
		s.respond(w, r, body, err)
	})
}

// decodeJSON decodes a JSON request body into v. Field names match case-
// insensitively (encoding/json v1), as ASP.NET binds them (§1.3).
func decodeJSON(r *http.Request, v any) error {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return mbe
		}
		return errBadRequest("Could not read the request body.")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return errBadRequest("The request body is empty.")
	}
	return unmarshalBody(data, v)
}

func unmarshalBody(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			field := te.Field
			if field == "" {
				field = "body"
			}
			return errBadRequest("The field %q has the wrong JSON type (got %s).", field, te.Value)
		}
		return errBadRequest("The request body is not valid JSON.")
	}
	if dec.More() {
		return errBadRequest("The request body has data after the JSON value.")
	}
	return nil
}

// statusWriter records the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// middleware logs each request (method, route pattern, status, duration;
// never bodies, queries or headers) and turns a panic into a 500 envelope
// without a stack trace for the client.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "handler panic", "op", r.Pattern, "err", fmt.Sprint(v))
				if sw.status == 0 {
					writeError(sw, http.StatusInternalServerError, &apiError{msg: "Internal server error."})
				}
			}
			s.log.DebugContext(r.Context(), "request", "method", r.Method, "op", r.Pattern,
				"status", sw.status, "dur", time.Since(start))
		}()
		next.ServeHTTP(sw, r)
	})
}

func (s *Server) notFound(r *http.Request) (any, error) {
	return nil, &apiError{status: http.StatusNotFound, msg: "Not found: no route for " + r.Method + " " + truncate(r.URL.Path, 200) + "."}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// jsonMarshal encodes without HTML escaping and without a trailing newline.
func jsonMarshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func jsonUnmarshalString(s string, v any) error { return json.Unmarshal([]byte(s), v) }
