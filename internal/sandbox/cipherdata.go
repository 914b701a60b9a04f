package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// cipherRequest is CipherRequestModel (§4.4). Type-specific objects, fields
// and password history stay raw until they are validated.
type cipherRequest struct {
	Type                  int             `json:"type"`
	OrganizationID        *string         `json:"organizationId"`
	FolderID              *string         `json:"folderId"`
	Favorite              bool            `json:"favorite"`
	Reprompt              *int            `json:"reprompt"`
	Key                   *string         `json:"key"`
	Name                  *string         `json:"name"`
	Notes                 *string         `json:"notes"`
	Fields                json.RawMessage `json:"fields"`
	PasswordHistory       json.RawMessage `json:"passwordHistory"`
	Login                 json.RawMessage `json:"login"`
	SecureNote            json.RawMessage `json:"secureNote"`
	Card                  json.RawMessage `json:"card"`
	Identity              json.RawMessage `json:"identity"`
	SSHKey                json.RawMessage `json:"sshKey"`
	BankAccount           json.RawMessage `json:"bankAccount"`
	DriversLicense        json.RawMessage `json:"driversLicense"`
	Passport              json.RawMessage `json:"passport"`
	LastKnownRevisionDate *string         `json:"lastKnownRevisionDate"`
	EncryptedFor          *string         `json:"encryptedFor"`
}

// Cipher types (§4.1) and the name of each one's object.
var typeObjects = [...]string{1: "login", 2: "secureNote", 3: "card", 4: "identity", 5: "sshKey",
	6: "bankAccount", 7: "driversLicense", 8: "passport"}

// cipherData is the stored form of a cipher's encrypted fields, in wire
// order. It is written into responses as is.
type cipherData struct {
	Key             any    `json:"key"`
	Name            string `json:"name"`
	Notes           any    `json:"notes"`
	Reprompt        int    `json:"reprompt"`
	Fields          any    `json:"fields"`
	PasswordHistory any    `json:"passwordHistory"`
	Login           any    `json:"login"`
	SecureNote      any    `json:"secureNote"`
	Card            any    `json:"card"`
	Identity        any    `json:"identity"`
	SSHKey          any    `json:"sshKey"`
	BankAccount     any    `json:"bankAccount"`
	DriversLicense  any    `json:"driversLicense"`
	Passport        any    `json:"passport"`
}

// parsedCipher is a validated cipher request.
type parsedCipher struct {
	typ      int
	data     string
	orgID    string // "" for personal
	folderID string // "" for none
	favorite bool
}

// parse validates the request: the type, every EncString (by field path,
// never echoing a value) and the ids, and builds the stored data. where
// prefixes messages, e.g. "Cipher 3: " for an import.
func (req *cipherRequest) parse(where string) (*parsedCipher, error) {
	fail := func(format string, args ...any) error {
		return errBadRequest(where+format, args...)
	}
	typ := req.Type
	if typ < 1 || typ >= len(typeObjects) {
		return nil, fail("type must be a cipher type from 1 to %d.", len(typeObjects)-1)
	}
	p := &parsedCipher{typ: typ, favorite: req.Favorite}
	var err error
	if req.OrganizationID != nil && *req.OrganizationID != "" {
		if !validID(*req.OrganizationID) {
			return nil, fail("organizationId is not a valid id.")
		}
		p.orgID = normID(*req.OrganizationID)
	}
	if req.FolderID != nil && *req.FolderID != "" {
		if !validID(*req.FolderID) {
			return nil, fail("folderId is not a valid id.")
		}
		p.folderID = normID(*req.FolderID)
	}
	d := cipherData{}
	if req.Name == nil || *req.Name == "" {
		return nil, fail("name is required.")
	}
	if err := checkEnc(*req.Name, "name"); err != nil {
		return nil, fail("%v", err)
	}
	d.Name = *req.Name
	if req.Notes != nil {
		if err := checkEnc(*req.Notes, "notes"); err != nil {
			return nil, fail("%v", err)
		}
		d.Notes = *req.Notes
	}
	if req.Key != nil {
		if err := checkEnc(*req.Key, "key"); err != nil {
			return nil, fail("%v", err)
		}
		d.Key = *req.Key
	}
	if req.Reprompt != nil && *req.Reprompt == 1 {
		d.Reprompt = 1
	}
	if d.Fields, err = encTree(req.Fields, "fields", true); err != nil {
		return nil, fail("%v", err)
	}
	if d.PasswordHistory, err = encTree(req.PasswordHistory, "passwordHistory", true); err != nil {
		return nil, fail("%v", err)
	}
	raws := [...]json.RawMessage{1: req.Login, 2: req.SecureNote, 3: req.Card, 4: req.Identity, 5: req.SSHKey,
		6: req.BankAccount, 7: req.DriversLicense, 8: req.Passport}
	name := typeObjects[typ]
	obj, err := encTree(raws[typ], name, false)
	if err != nil {
		return nil, fail("%v", err)
	}
	m, _ := obj.(map[string]any)
	if obj != nil && m == nil {
		return nil, fail("%s must be an object.", name)
	}
	if m == nil {
		m = map[string]any{}
	}
	switch typ {
	case 1:
		d.Login = m
		// Clients still read the obsolete login.uri as uris[0].uri.
		if _, ok := m["uri"]; !ok {
			m["uri"] = nil
			if uris, ok := m["uris"].([]any); ok && len(uris) > 0 {
				if u0, ok := uris[0].(map[string]any); ok {
					m["uri"] = u0["uri"]
				}
			}
		}
	case 2:
		if _, ok := m["type"].(json.Number); !ok {
			m["type"] = 0
		}
		d.SecureNote = m
	case 3:
		d.Card = m
	case 4:
		d.Identity = m
	case 5:
		d.SSHKey = m
	case 6:
		d.BankAccount = m
	case 7:
		d.DriversLicense = m
	case 8:
		d.Passport = m
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return nil, fail("the item could not be encoded.")
	}
	p.data = strings.TrimSpace(buf.String())
	return p, nil
}

func checkEnc(s, field string) error {
	if _, err := crypto.ParseEncString(s); err != nil {
		return fmt.Errorf("%s is not a valid EncString", field)
	}
	return nil
}

// plainKey reports whether a string under this key is plain text rather
// than an EncString: dates, enums and flags.
func plainKey(k string) bool {
	switch k {
	case "type", "match", "linkedId", "autofillOnPageLoad":
		return true
	}
	return strings.HasSuffix(k, "Date")
}

const maxTreeDepth = 8

// encTree decodes raw JSON (null or absent gives nil), lower-cases the
// first letter of every object key, as clients may send PascalCase, and
// checks that every string that is not under a plain key is an EncString.
// An array is accepted at the top only if wantArray.
func encTree(raw json.RawMessage, path string, wantArray bool) (any, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%s is not valid JSON", path)
	}
	switch v.(type) {
	case []any:
		if !wantArray {
			return nil, fmt.Errorf("%s must be an object", path)
		}
	case map[string]any:
		if wantArray {
			return nil, fmt.Errorf("%s must be an array", path)
		}
	default:
		return nil, fmt.Errorf("%s must be an %s", path, map[bool]string{true: "array", false: "object"}[wantArray])
	}
	return walkEnc(v, path, "", 0)
}

func walkEnc(v any, path, key string, depth int) (any, error) {
	if depth > maxTreeDepth {
		return nil, fmt.Errorf("%s is nested too deeply", path)
	}
	switch t := v.(type) {
	case string:
		if plainKey(key) {
			return t, nil
		}
		if t == "" {
			return nil, nil // clients send "" for an empty optional field
		}
		if err := checkEnc(t, path); err != nil {
			return nil, err
		}
		return t, nil
	case []any:
		for i := range t {
			x, err := walkEnc(t[i], fmt.Sprintf("%s[%d]", path, i), key, depth+1)
			if err != nil {
				return nil, err
			}
			t[i] = x
		}
		return t, nil
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			lk := lowerFirst(k)
			y, err := walkEnc(x, path+"."+lk, lk, depth+1)
			if err != nil {
				return nil, err
			}
			out[lk] = y
		}
		return out, nil
	}
	return v, nil // numbers, bools, null
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}
