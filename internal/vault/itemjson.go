package vault

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/parallel"
)

// This file is the `bw get item` JSON shape (docs/cli.md), both ways:
// [Vault.ItemJSON] prints a decrypted item like `bw get item`, and
// [ParseItemJSON] reads what `bw get item` and `bw get template item`
// print, for `vdesk create item` and `vdesk edit item`.
//
// Output follows bw (docs/platform.md): null properties are left out,
// except login.password, login.totp and login.passwordRevisionDate and a
// field's value, which are printed as null; attachments is always printed
// ([] when none); dates are cut to milliseconds. Where hide-passwords
// applies, password, TOTP, hidden field values (and card number and code,
// which Vaultdesk never decrypts then) are null and passwordHistory is
// left out.

// MaxItemJSON bounds the input of ParseItemJSON.
const MaxItemJSON = 4 << 20

// jsonItem is the bw item object. Pointers are null or absent.
type jsonItem struct {
	PasswordHistory []jsonHistory    `json:"passwordHistory,omitempty"`
	RevisionDate    *string          `json:"revisionDate,omitempty"`
	CreationDate    *string          `json:"creationDate,omitempty"`
	DeletedDate     *string          `json:"deletedDate,omitempty"`
	Object          string           `json:"object,omitempty"`
	ID              string           `json:"id,omitempty"`
	OrganizationID  *string          `json:"organizationId,omitempty"`
	FolderID        *string          `json:"folderId,omitempty"`
	Type            int              `json:"type"`
	Reprompt        int              `json:"reprompt"`
	Name            *string          `json:"name"`
	Notes           *string          `json:"notes,omitempty"`
	Favorite        bool             `json:"favorite"`
	Fields          []jsonField      `json:"fields,omitempty"`
	Login           *jsonLogin       `json:"login,omitempty"`
	SecureNote      *jsonSecureNote  `json:"secureNote,omitempty"`
	Card            *jsonCard        `json:"card,omitempty"`
	Identity        *jsonIdentity    `json:"identity,omitempty"`
	SSHKey          *jsonSSHKey      `json:"sshKey,omitempty"`
	CollectionIDs   []string         `json:"collectionIds"`
	Attachments     []jsonAttachment `json:"attachments"`
}

type jsonHistory struct {
	LastUsedDate *string `json:"lastUsedDate"`
	Password     *string `json:"password"`
}

type jsonField struct {
	Name     *string       `json:"name,omitempty"`
	Value    *string       `json:"value"`
	Type     int           `json:"type"`
	LinkedID *api.LinkedID `json:"linkedId,omitempty"`
}

type jsonLogin struct {
	URIs                 []jsonURI `json:"uris,omitempty"`
	Username             *string   `json:"username,omitempty"`
	Password             *string   `json:"password"`
	TOTP                 *string   `json:"totp"`
	PasswordRevisionDate *string   `json:"passwordRevisionDate"`
}

type jsonURI struct {
	Match *api.URIMatch `json:"match,omitempty"`
	URI   *string       `json:"uri,omitempty"`
}

type jsonSecureNote struct {
	Type int `json:"type"`
}

type jsonCard struct {
	CardholderName *string `json:"cardholderName,omitempty"`
	Brand          *string `json:"brand,omitempty"`
	Number         *string `json:"number,omitempty"`
	ExpMonth       *string `json:"expMonth,omitempty"`
	ExpYear        *string `json:"expYear,omitempty"`
	Code           *string `json:"code,omitempty"`
}

type jsonIdentity struct {
	Title          *string `json:"title,omitempty"`
	FirstName      *string `json:"firstName,omitempty"`
	MiddleName     *string `json:"middleName,omitempty"`
	LastName       *string `json:"lastName,omitempty"`
	Address1       *string `json:"address1,omitempty"`
	Address2       *string `json:"address2,omitempty"`
	Address3       *string `json:"address3,omitempty"`
	City           *string `json:"city,omitempty"`
	State          *string `json:"state,omitempty"`
	PostalCode     *string `json:"postalCode,omitempty"`
	Country        *string `json:"country,omitempty"`
	Company        *string `json:"company,omitempty"`
	Email          *string `json:"email,omitempty"`
	Phone          *string `json:"phone,omitempty"`
	SSN            *string `json:"ssn,omitempty"`
	Username       *string `json:"username,omitempty"`
	PassportNumber *string `json:"passportNumber,omitempty"`
	LicenseNumber  *string `json:"licenseNumber,omitempty"`
}

type jsonSSHKey struct {
	PrivateKey     *string `json:"privateKey"`
	PublicKey      *string `json:"publicKey,omitempty"`
	KeyFingerprint *string `json:"keyFingerprint,omitempty"`
}

type jsonAttachment struct {
	ID       string `json:"id"`
	FileName string `json:"fileName"`
	Size     string `json:"size"`
	SizeName string `json:"sizeName"`
}

// bwTime is bw's date format: UTC, milliseconds.
const bwTime = "2006-01-02T15:04:05.000Z"

func fmtTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(bwTime)
	return &s
}

// opt returns nil for "", else a pointer to s.
func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// optSecret is opt for a secret; it turns the secret into a string, which
// is what printing JSON needs.
func optSecret(s Secret) *string { return opt(s.Reveal()) }

// ItemJSON returns the item as `bw get item` prints it (see the top of
// itemjson.go), compact. When the user's access hides the
// item's passwords, the secrets it covers are null and the password
// history is left out. The result holds secrets: clear it when done.
func (v *Vault) ItemJSON(id string) ([]byte, error) {
	it, err := v.Item(id)
	if err != nil {
		return nil, err
	}
	defer it.Clear()
	return MarshalItemJSON(it)
}

// WriteItemsJSON writes the items of results to w as one compact JSON
// array in the ItemJSON shape, like `bw list items`. It decrypts a block of
// items on every core, writes it, and wipes it before the next, so the
// output never sits whole in memory. Damaged items, and items found damaged
// only now, are left out, as the list marks them.
func (s *Set) WriteItemsJSON(w io.Writer, results []Result) error {
	const block = 512
	var (
		buf  = make([][]byte, block)
		errs = make([]error, block)
		sep  = []byte{'['}
	)
	for lo := 0; lo < len(results); lo += block {
		part := results[lo:min(lo+block, len(results))]
		parallel.Blocks(len(part), 32, 0, func(_, a, b int) {
			for i := a; i < b; i++ {
				buf[i], errs[i] = nil, nil
				if part[i].Damaged {
					continue
				}
				v, err := s.Vault(part[i].Account.ID)
				if err == nil {
					buf[i], err = v.ItemJSON(part[i].ID)
				}
				if err != nil && !errors.Is(err, ErrDamaged) {
					errs[i] = fmt.Errorf("item %s: %w", part[i].ID, err)
				}
			}
		})
		err := errors.Join(errs[:len(part)]...)
		for i := range part {
			if err == nil && buf[i] != nil {
				if _, err = w.Write(sep); err == nil {
					_, err = w.Write(buf[i])
				}
				sep[0] = ','
			}
			clear(buf[i])
		}
		if err != nil {
			return err
		}
	}
	if sep[0] == '[' {
		_, err := w.Write([]byte("[]\n"))
		return err
	}
	_, err := w.Write([]byte("]\n"))
	return err
}

// MarshalItemJSON is [Vault.ItemJSON] for an item already decrypted.
func MarshalItemJSON(it *Item) ([]byte, error) {
	j := jsonItem{
		RevisionDate:   fmtTime(it.RevisionDate),
		CreationDate:   fmtTime(it.CreationDate),
		Object:         "item",
		ID:             it.ID,
		OrganizationID: opt(it.OrgID),
		FolderID:       opt(it.FolderID),
		Type:           int(it.Type),
		Name:           &it.Name,
		Notes:          optSecret(it.Notes),
		Favorite:       it.Favorite,
		CollectionIDs:  nonNilStrings(it.CollectionIDs),
		Attachments:    []jsonAttachment{},
	}
	if it.DeletedDate != nil {
		j.DeletedDate = fmtTime(*it.DeletedDate)
	}
	if it.Reprompt {
		j.Reprompt = int(api.RepromptPassword)
	}
	if !it.Hidden {
		for _, h := range it.PasswordHistory {
			j.PasswordHistory = append(j.PasswordHistory, jsonHistory{LastUsedDate: fmtTime(h.LastUsed), Password: optSecret(h.Password)})
		}
	}
	for _, f := range it.Fields {
		jf := jsonField{Name: opt(f.Name), Type: int(f.Type), LinkedID: f.LinkedID}
		if f.Type != api.FieldLinked && !(it.Hidden && f.Type == api.FieldHidden) {
			jf.Value = optSecret(f.Value)
		}
		j.Fields = append(j.Fields, jf)
	}
	switch it.Type {
	case api.CipherLogin:
		l := it.Login
		if l == nil {
			l = &Login{}
		}
		jl := &jsonLogin{Username: opt(l.Username)}
		if !it.Hidden {
			jl.Password, jl.TOTP = optSecret(l.Password), optSecret(l.TOTP)
		}
		if l.PasswordRevisionDate != nil {
			jl.PasswordRevisionDate = fmtTime(*l.PasswordRevisionDate)
		}
		for _, u := range l.URIs {
			jl.URIs = append(jl.URIs, jsonURI{Match: u.Match, URI: opt(u.URI)})
		}
		j.Login = jl
	case api.CipherSecureNote:
		j.SecureNote = &jsonSecureNote{}
	case api.CipherCard:
		if c := it.Card; c != nil {
			j.Card = &jsonCard{
				CardholderName: opt(c.CardholderName), Brand: opt(c.Brand), Number: optSecret(c.Number),
				ExpMonth: opt(c.ExpMonth), ExpYear: opt(c.ExpYear), Code: optSecret(c.Code),
			}
		} else {
			j.Card = &jsonCard{}
		}
	case api.CipherIdentity:
		if d := it.Identity; d != nil {
			j.Identity = &jsonIdentity{
				Title: opt(d.Title), FirstName: opt(d.FirstName), MiddleName: opt(d.MiddleName), LastName: opt(d.LastName),
				Address1: opt(d.Address1), Address2: opt(d.Address2), Address3: opt(d.Address3),
				City: opt(d.City), State: opt(d.State), PostalCode: opt(d.PostalCode), Country: opt(d.Country),
				Company: opt(d.Company), Email: opt(d.Email), Phone: opt(d.Phone),
				SSN: optSecret(d.SSN), Username: opt(d.Username),
				PassportNumber: optSecret(d.PassportNumber), LicenseNumber: optSecret(d.LicenseNumber),
			}
		} else {
			j.Identity = &jsonIdentity{}
		}
	case api.CipherSSHKey:
		if k := it.SSHKey; k != nil {
			j.SSHKey = &jsonSSHKey{PublicKey: opt(k.PublicKey), KeyFingerprint: opt(k.Fingerprint)}
			if !it.Hidden {
				j.SSHKey.PrivateKey = optSecret(k.PrivateKey)
			}
		}
	}
	for _, a := range it.Attachments {
		j.Attachments = append(j.Attachments, jsonAttachment{ID: a.ID, FileName: a.FileName, Size: a.Size, SizeName: a.SizeName})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&j); err != nil {
		return nil, fmt.Errorf("item %s: encode json: %w", it.ID, err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte{'\n'}), nil
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ErrInvalidItem means item JSON could not be used: not JSON, a property of
// the wrong type, or a value out of range. The error names the property.
var ErrInvalidItem = errors.New("invalid item")

func invalid(field, format string, a ...any) error {
	return fmt.Errorf("item json: %s: %s: %w", field, fmt.Sprintf(format, a...), ErrInvalidItem)
}

// ParseItemJSON reads an item as `bw get item` or `bw get template item`
// prints it. Unknown properties are ignored, and so are id, object, the
// dates other than password history's, and attachments; every property may
// be null. The object matching type is used and the others ignored. SSH
// key items (type 5) and newer types are refused: Vaultdesk shows them
// read-only. A wrong type or value gives an error wrapping
// [ErrInvalidItem] that names the property.
func ParseItemJSON(data []byte) (*EditItem, error) {
	if len(data) > MaxItemJSON {
		return nil, invalid("(document)", "longer than %d bytes", MaxItemJSON)
	}
	if !utf8.Valid(data) {
		return nil, invalid("(document)", "not UTF-8")
	}
	var j jsonItem
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&j); err != nil {
		return nil, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, invalid("(document)", "more than one JSON value")
	}
	e := &EditItem{
		Type:           api.CipherType(j.Type),
		Notes:          deref(j.Notes),
		Favorite:       j.Favorite,
		FolderID:       deref(j.FolderID),
		OrganizationID: deref(j.OrganizationID),
		CollectionIDs:  j.CollectionIDs,
		Reprompt:       api.RepromptType(j.Reprompt),
	}
	switch e.Type {
	case api.CipherLogin, api.CipherSecureNote, api.CipherCard, api.CipherIdentity:
	case 0:
		return nil, invalid("type", "missing")
	case api.CipherSSHKey:
		return nil, invalid("type", "SSH key items (5) are read-only in Vaultdesk")
	default:
		return nil, invalid("type", "%d is not 1 (login), 2 (secure note), 3 (card) or 4 (identity)", j.Type)
	}
	if j.Name == nil || strings.TrimSpace(*j.Name) == "" {
		return nil, invalid("name", "missing")
	}
	e.Name = *j.Name
	if e.Reprompt != api.RepromptNone && e.Reprompt != api.RepromptPassword {
		return nil, invalid("reprompt", "%d is not 0 or 1", j.Reprompt)
	}
	if len(e.CollectionIDs) == 0 {
		e.CollectionIDs = nil
	}
	for i, id := range e.CollectionIDs {
		if id == "" {
			return nil, invalid(fmt.Sprintf("collectionIds[%d]", i), "empty")
		}
	}
	for i, h := range j.PasswordHistory {
		if h.Password == nil || *h.Password == "" {
			continue // nothing to keep
		}
		pe := EditPassword{Password: *h.Password}
		if h.LastUsedDate != nil {
			t, err := time.Parse(time.RFC3339Nano, *h.LastUsedDate)
			if err != nil {
				return nil, invalid(fmt.Sprintf("passwordHistory[%d].lastUsedDate", i), "not an ISO 8601 date")
			}
			pe.LastUsed = t
		}
		e.PasswordHistory = append(e.PasswordHistory, pe)
	}
	for i, f := range j.Fields {
		ef := EditField{Name: deref(f.Name), Value: deref(f.Value), Type: api.FieldType(f.Type), LinkedID: f.LinkedID}
		switch ef.Type {
		case api.FieldText, api.FieldHidden, api.FieldBoolean:
			ef.LinkedID = nil
		case api.FieldLinked:
			ef.Value = ""
			if ef.LinkedID == nil {
				return nil, invalid(fmt.Sprintf("fields[%d].linkedId", i), "missing for a linked field")
			}
		default:
			return nil, invalid(fmt.Sprintf("fields[%d].type", i), "%d is not 0 (text), 1 (hidden), 2 (boolean) or 3 (linked)", f.Type)
		}
		e.Fields = append(e.Fields, ef)
	}
	switch e.Type {
	case api.CipherLogin:
		l := &EditLogin{}
		if jl := j.Login; jl != nil {
			l.Username, l.Password, l.TOTP = deref(jl.Username), deref(jl.Password), deref(jl.TOTP)
			for i, u := range jl.URIs {
				if u.Match != nil && (*u.Match < api.MatchDomain || *u.Match > api.MatchNever) {
					return nil, invalid(fmt.Sprintf("login.uris[%d].match", i), "%d is not 0–5", *u.Match)
				}
				if u.URI == nil || *u.URI == "" {
					continue // bw drops empty URIs too
				}
				l.URIs = append(l.URIs, EditURI{URI: *u.URI, Match: u.Match})
			}
		}
		e.Login = l
	case api.CipherCard:
		c := &EditCard{}
		if jc := j.Card; jc != nil {
			*c = EditCard{
				CardholderName: deref(jc.CardholderName), Brand: deref(jc.Brand), Number: deref(jc.Number),
				ExpMonth: deref(jc.ExpMonth), ExpYear: deref(jc.ExpYear), Code: deref(jc.Code),
			}
		}
		e.Card = c
	case api.CipherIdentity:
		d := &EditIdentity{}
		if ji := j.Identity; ji != nil {
			*d = EditIdentity{
				Title: deref(ji.Title), FirstName: deref(ji.FirstName), MiddleName: deref(ji.MiddleName), LastName: deref(ji.LastName),
				Address1: deref(ji.Address1), Address2: deref(ji.Address2), Address3: deref(ji.Address3),
				City: deref(ji.City), State: deref(ji.State), PostalCode: deref(ji.PostalCode), Country: deref(ji.Country),
				Company: deref(ji.Company), Email: deref(ji.Email), Phone: deref(ji.Phone),
				SSN: deref(ji.SSN), Username: deref(ji.Username),
				PassportNumber: deref(ji.PassportNumber), LicenseNumber: deref(ji.LicenseNumber),
			}
		}
		e.Identity = d
	}
	return e, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// jsonError names the property of a decoding error.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "(document)"
		}
		return invalid(field, "got a JSON %s, want %s", te.Value, jsonKind(te.Type.Kind().String()))
	case errors.As(err, &se):
		return invalid("(document)", "not JSON at byte %d", se.Offset)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("(document)", "empty or cut short")
	}
	return invalid("(document)", "%v", err)
}

func jsonKind(k string) string {
	switch k {
	case "int", "int64", "int32":
		return "a number"
	case "string", "ptr":
		return "a string"
	case "bool":
		return "true or false"
	case "slice":
		return "an array"
	case "struct":
		return "an object"
	}
	return k
}
