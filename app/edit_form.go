package app

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// ItemForm is the editable state of an item, as the editor shows it and
// sends it back. Hidden values are HiddenValues: null unless the user typed
// one. The editor shows a stored one only when the user asks, through
// VaultService.Reveal (whose field names it uses, "field:N" being the
// field at Index N), and sends it back as null when it is unchanged. For a
// new item the frontend fills the form itself (ID and RevisionDate empty).
type ItemForm struct {
	ID           string `json:"id"`
	RevisionDate string `json:"revisionDate"` // the revision the form was read from
	Type         int    `json:"type"`         // 1 login, 2 secure note, 3 card, 4 identity, 5 SSH key
	Name         string `json:"name"`
	Notes        string `json:"notes"`
	FolderID     string `json:"folderId"`
	FolderName   string `json:"folderName"` // shown only
	Favorite     bool   `json:"favorite"`
	Reprompt     bool   `json:"reprompt"` // master-password re-prompt

	// OrgID and CollectionIDs place a new item ("" for the personal
	// vault). For an existing item they are shown only: moving and
	// collections have their own actions.
	OrgID           string   `json:"orgId"`
	OrgName         string   `json:"orgName"`
	CollectionIDs   []string `json:"collectionIds"`
	CollectionNames []string `json:"collectionNames"`

	// ReadOnly says the editor shows the item but cannot save it, and why.
	ReadOnly       bool   `json:"readOnly"`
	ReadOnlyReason string `json:"readOnlyReason"`
	// HiddenByAccess: the user's collection access hides this item's
	// passwords ("hide passwords"); hidden values cannot be revealed and
	// are kept as they are.
	HiddenByAccess bool `json:"hiddenByAccess"`

	Login    *LoginForm    `json:"login,omitempty"`
	Card     *CardForm     `json:"card,omitempty"`
	Identity *IdentityForm `json:"identity,omitempty"`
	SSHKey   *SSHKeyForm   `json:"sshKey,omitempty"`
	Fields   []FieldForm   `json:"fields"`
}

// HiddenValue is a hidden value in a form. From Form, Value is null and Set
// says whether the item has a value; Tag identifies that value without
// revealing it (a keyed MAC that never leaves this run), so that Changes can
// tell it changed on the server. To Save, null Value keeps the item's
// value and a string (even "") replaces it.
type HiddenValue struct {
	Value *string `json:"value"`
	Set   bool    `json:"set"`
	Tag   string  `json:"tag"`
}

// LoginForm is a login's data.
type LoginForm struct {
	Username string      `json:"username"`
	Password HiddenValue `json:"password"`
	TOTP     HiddenValue `json:"totp"` // otpauth:// URI or base32 secret
	URIs     []URIForm   `json:"uris"`
}

// URIForm is a login URI. Match is null for the default match detection,
// else 0 domain, 1 host, 2 starts with, 3 exact, 4 regular expression,
// 5 never.
type URIForm struct {
	URI   string `json:"uri"`
	Match *int   `json:"match"`
}

// CardForm is a payment card.
type CardForm struct {
	CardholderName string      `json:"cardholderName"`
	Brand          string      `json:"brand"`
	ExpMonth       string      `json:"expMonth"`
	ExpYear        string      `json:"expYear"`
	Number         HiddenValue `json:"number"`
	Code           HiddenValue `json:"code"`
}

// IdentityForm is an identity. SSN, passport and licence numbers are hidden.
type IdentityForm struct {
	Title          string      `json:"title"`
	FirstName      string      `json:"firstName"`
	MiddleName     string      `json:"middleName"`
	LastName       string      `json:"lastName"`
	Username       string      `json:"username"`
	Company        string      `json:"company"`
	Email          string      `json:"email"`
	Phone          string      `json:"phone"`
	Address1       string      `json:"address1"`
	Address2       string      `json:"address2"`
	Address3       string      `json:"address3"`
	City           string      `json:"city"`
	State          string      `json:"state"`
	PostalCode     string      `json:"postalCode"`
	Country        string      `json:"country"`
	SSN            HiddenValue `json:"ssn"`
	PassportNumber HiddenValue `json:"passportNumber"`
	LicenseNumber  HiddenValue `json:"licenseNumber"`
}

// SSHKeyForm is what the editor shows of an SSH key item (read-only); the
// private key stays in Go.
type SSHKeyForm struct {
	PublicKey     string `json:"publicKey"`
	Fingerprint   string `json:"fingerprint"`
	HasPrivateKey bool   `json:"hasPrivateKey"`
}

// FieldForm is a custom field: type 0 text, 1 hidden, 2 boolean ("true" or
// "false" in Value), 3 linked (LinkedID names the item field it shows).
// A hidden field's value is in Hidden, not Value. Index is the field's
// position in the item as read (null for a field added in the form): a
// hidden field left null keeps the value of the field at that index.
type FieldForm struct {
	Name     string       `json:"name"`
	Type     int          `json:"type"`
	Value    string       `json:"value"`
	Hidden   *HiddenValue `json:"hidden,omitempty"`
	LinkedID *int         `json:"linkedId"`
	Index    *int         `json:"index"`
}

// editTagger builds forms of one item, tagging its hidden values.
type editTagger struct {
	key       []byte
	accountID string
	id        string
}

func (s *EditService) tagger(accountID, id string) editTagger {
	return editTagger{key: s.tagKey[:], accountID: accountID, id: id}
}

// hidden describes a secret for a form: null value, set, and its tag.
func (t editTagger) hidden(name string, sec vault.Secret) HiddenValue {
	if sec.IsZero() {
		return HiddenValue{}
	}
	m := hmac.New(sha256.New, t.key)
	m.Write([]byte(t.accountID + "\x00" + t.id + "\x00" + name + "\x00"))
	m.Write(sec.Bytes())
	return HiddenValue{Set: true, Tag: base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])}
}

// form turns an open item into a form.
func (t editTagger) form(it *vault.Item) ItemForm {
	f := ItemForm{
		ID: it.ID, RevisionDate: editTime(it.RevisionDate), Type: int(it.Type),
		Name: it.Name, Notes: it.Notes.Reveal(), FolderID: it.FolderID, FolderName: it.FolderName, Favorite: it.Favorite, Reprompt: it.Reprompt,
		OrgID: it.OrgID, OrgName: it.OrgName,
		CollectionIDs: editNonNil(slices.Clone(it.CollectionIDs)), CollectionNames: editNonNil(slices.Clone(it.CollectionNames)),
		HiddenByAccess: it.Hidden, Fields: []FieldForm{},
	}
	switch {
	case it.Deleted:
		f.ReadOnly, f.ReadOnlyReason = true, "In the trash: restore it to edit it"
	case it.Type == api.CipherSSHKey:
		f.ReadOnly, f.ReadOnlyReason = true, "SSH key items are shown read-only"
	case !editableType(it.Type):
		f.ReadOnly, f.ReadOnlyReason = true, "Vaultdesk cannot edit this type of item yet"
	case !it.CanEdit:
		f.ReadOnly, f.ReadOnlyReason = true, "Read-only in this collection"
	}
	if l := it.Login; l != nil {
		f.Login = &LoginForm{Username: l.Username, Password: t.hidden("password", l.Password), TOTP: t.hidden("totp", l.TOTP), URIs: []URIForm{}}
		if it.Hidden && it.HasPassword {
			f.Login.Password.Set = true
		}
		if it.Hidden && it.HasTOTP {
			f.Login.TOTP.Set = true
		}
		for _, u := range l.URIs {
			f.Login.URIs = append(f.Login.URIs, URIForm{URI: u.URI, Match: editMatch(u.Match)})
		}
	}
	if c := it.Card; c != nil {
		f.Card = &CardForm{CardholderName: c.CardholderName, Brand: c.Brand, ExpMonth: c.ExpMonth, ExpYear: c.ExpYear,
			Number: t.hidden("cardNumber", c.Number), Code: t.hidden("cardCode", c.Code)}
	}
	if d := it.Identity; d != nil {
		f.Identity = &IdentityForm{Title: d.Title, FirstName: d.FirstName, MiddleName: d.MiddleName, LastName: d.LastName,
			Username: d.Username, Company: d.Company, Email: d.Email, Phone: d.Phone,
			Address1: d.Address1, Address2: d.Address2, Address3: d.Address3, City: d.City, State: d.State,
			PostalCode: d.PostalCode, Country: d.Country,
			SSN: t.hidden("ssn", d.SSN), PassportNumber: t.hidden("passportNumber", d.PassportNumber),
			LicenseNumber: t.hidden("licenseNumber", d.LicenseNumber)}
	}
	if k := it.SSHKey; k != nil {
		f.SSHKey = &SSHKeyForm{PublicKey: k.PublicKey, Fingerprint: k.Fingerprint, HasPrivateKey: !k.PrivateKey.IsZero()}
	}
	for i, fl := range it.Fields {
		ff := FieldForm{Name: fl.Name, Type: int(fl.Type), Index: &i}
		switch fl.Type {
		case api.FieldHidden:
			h := t.hidden("field:"+fl.Name, fl.Value)
			if it.Hidden {
				// Withheld, not absent: say there may be one.
				h.Set = true
			}
			ff.Hidden = &h
		case api.FieldLinked:
			if fl.LinkedID != nil {
				id := int(*fl.LinkedID)
				ff.LinkedID = &id
			}
		default:
			ff.Value = fl.Value.Reveal()
		}
		f.Fields = append(f.Fields, ff)
	}
	return f
}

func editNonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func editMatch(m *api.URIMatch) *int {
	if m == nil {
		return nil
	}
	i := int(*m)
	return &i
}

func editableType(t api.CipherType) bool {
	switch t {
	case api.CipherLogin, api.CipherSecureNote, api.CipherCard, api.CipherIdentity:
		return true
	}
	return false
}

func (f *ItemForm) apiType() api.CipherType { return api.CipherType(f.Type) }

// checkPlace checks where a new item goes.
func (f *ItemForm) checkPlace() error {
	if f.OrgID != "" && len(f.CollectionIDs) == 0 {
		return invalid("choose at least one collection for an item in an organization")
	}
	if f.OrgID == "" && len(f.CollectionIDs) > 0 {
		return invalid("collections belong to an organization: choose the organization too")
	}
	return nil
}

// pick is the value a hidden value sets: the typed one, or base's.
func (h HiddenValue) pick(base string) string {
	if h.Value == nil {
		return base
	}
	return *h.Value
}

// apply merges the form over base (the item as it is now, the source of a
// clone, or an empty item) and returns the result; base is not changed.
// Hidden values left null keep base's.
func (f *ItemForm) apply(base *vault.EditItem) (*vault.EditItem, error) {
	t := f.apiType()
	switch {
	case t == api.CipherSSHKey:
		return nil, fmt.Errorf("ssh key items: %w", vault.ErrReadOnly)
	case !editableType(t):
		return nil, invalid(fmt.Sprintf("items of type %d cannot be edited", f.Type))
	case base.Type != 0 && base.Type != t:
		return nil, invalid("an item's type cannot be changed")
	case strings.TrimSpace(f.Name) == "":
		return nil, invalid("give the item a name")
	}
	e := &vault.EditItem{
		Type: t, Name: f.Name, Notes: f.Notes, Favorite: f.Favorite, FolderID: f.FolderID,
		OrganizationID: base.OrganizationID, CollectionIDs: slices.Clone(base.CollectionIDs),
		PasswordHistory: slices.Clone(base.PasswordHistory),
	}
	if f.Reprompt {
		e.Reprompt = api.RepromptPassword
	}
	switch t {
	case api.CipherLogin:
		b := base.Login
		if b == nil {
			b = &vault.EditLogin{}
		}
		l := &vault.EditLogin{}
		if fl := f.Login; fl != nil {
			l.Username = fl.Username
			l.Password = fl.Password.pick(b.Password)
			l.TOTP = strings.TrimSpace(fl.TOTP.pick(b.TOTP))
			for i, u := range fl.URIs {
				uri := strings.TrimSpace(u.URI)
				if uri == "" {
					continue
				}
				eu := vault.EditURI{URI: uri}
				if u.Match != nil {
					if *u.Match < int(api.MatchDomain) || *u.Match > int(api.MatchNever) {
						return nil, invalid(fmt.Sprintf("URI %d: unknown match detection %d", i+1, *u.Match))
					}
					m := api.URIMatch(*u.Match)
					eu.Match = &m
				}
				l.URIs = append(l.URIs, eu)
			}
		} else {
			l.Password, l.TOTP = b.Password, b.TOTP
		}
		e.Login = l
	case api.CipherCard:
		b := base.Card
		if b == nil {
			b = &vault.EditCard{}
		}
		c := &vault.EditCard{Number: b.Number, Code: b.Code}
		if fc := f.Card; fc != nil {
			c.CardholderName, c.Brand, c.ExpMonth, c.ExpYear = fc.CardholderName, fc.Brand, fc.ExpMonth, fc.ExpYear
			c.Number, c.Code = strings.TrimSpace(fc.Number.pick(b.Number)), fc.Code.pick(b.Code)
		}
		e.Card = c
	case api.CipherIdentity:
		b := base.Identity
		if b == nil {
			b = &vault.EditIdentity{}
		}
		d := &vault.EditIdentity{SSN: b.SSN, PassportNumber: b.PassportNumber, LicenseNumber: b.LicenseNumber}
		if fd := f.Identity; fd != nil {
			d.Title, d.FirstName, d.MiddleName, d.LastName = fd.Title, fd.FirstName, fd.MiddleName, fd.LastName
			d.Username, d.Company, d.Email, d.Phone = fd.Username, fd.Company, fd.Email, fd.Phone
			d.Address1, d.Address2, d.Address3 = fd.Address1, fd.Address2, fd.Address3
			d.City, d.State, d.PostalCode, d.Country = fd.City, fd.State, fd.PostalCode, fd.Country
			d.SSN = fd.SSN.pick(b.SSN)
			d.PassportNumber = fd.PassportNumber.pick(b.PassportNumber)
			d.LicenseNumber = fd.LicenseNumber.pick(b.LicenseNumber)
		}
		e.Identity = d
	}
	for i, ff := range f.Fields {
		ef := vault.EditField{Name: ff.Name, Type: api.FieldType(ff.Type)}
		switch ef.Type {
		case api.FieldText:
			ef.Value = ff.Value
		case api.FieldBoolean:
			if ff.Value != "true" && ff.Value != "false" && ff.Value != "" {
				return nil, invalid(fmt.Sprintf("custom field %q: a boolean is true or false", ff.Name))
			}
			ef.Value = editOr(ff.Value, "false")
		case api.FieldHidden:
			var h HiddenValue
			if ff.Hidden != nil {
				h = *ff.Hidden
			}
			old := ""
			if ff.Index != nil && *ff.Index >= 0 && *ff.Index < len(base.Fields) && base.Fields[*ff.Index].Type == api.FieldHidden {
				old = base.Fields[*ff.Index].Value
			}
			ef.Value = h.pick(old)
		case api.FieldLinked:
			if ff.LinkedID == nil {
				return nil, invalid(fmt.Sprintf("custom field %q: choose the item field it links to", ff.Name))
			}
			id := api.LinkedID(*ff.LinkedID)
			ef.LinkedID = &id
		default:
			return nil, invalid(fmt.Sprintf("custom field %d: unknown type %d", i+1, ff.Type))
		}
		e.Fields = append(e.Fields, ef)
	}
	return e, nil
}

func editOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// editDiff lists what differs between two forms of the same item: was, as
// a form read it, and now, as the server has it. Hidden values are compared
// by tag and never shown.
func editDiff(was, now *ItemForm) []Change {
	out := []Change{}
	text := func(field, a, b string) {
		if a != b {
			out = append(out, Change{Field: field, Old: a, New: b})
		}
	}
	secret := func(field string, a, b HiddenValue) {
		if a.Set != b.Set || a.Tag != b.Tag {
			out = append(out, Change{Field: field, Secret: true})
		}
	}
	yesNo := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	text("Name", was.Name, now.Name)
	text("Notes", was.Notes, now.Notes)
	if was.FolderID != now.FolderID {
		text("Folder", editOr(was.FolderName, "No folder"), editOr(now.FolderName, "No folder"))
	}
	if was.Favorite != now.Favorite {
		text("Favorite", yesNo(was.Favorite), yesNo(now.Favorite))
	}
	if was.Reprompt != now.Reprompt {
		text("Master password re-prompt", yesNo(was.Reprompt), yesNo(now.Reprompt))
	}
	if !slices.Equal(editSorted(was.CollectionIDs), editSorted(now.CollectionIDs)) {
		text("Collections", strings.Join(was.CollectionNames, ", "), strings.Join(now.CollectionNames, ", "))
	}
	if was.ReadOnly != now.ReadOnly && now.ReadOnly {
		text("Access", "", now.ReadOnlyReason)
	}
	if a, b := was.Login, now.Login; a != nil && b != nil {
		text("Username", a.Username, b.Username)
		secret("Password", a.Password, b.Password)
		secret("TOTP secret", a.TOTP, b.TOTP)
		n := max(len(a.URIs), len(b.URIs))
		for i := range n {
			var x, y URIForm
			if i < len(a.URIs) {
				x = a.URIs[i]
			}
			if i < len(b.URIs) {
				y = b.URIs[i]
			}
			text(fmt.Sprintf("URI %d", i+1), x.URI, y.URI)
			if x.URI != "" && y.URI != "" && !editSamePtr(x.Match, y.Match) {
				text(fmt.Sprintf("URI %d match detection", i+1), editMatchLabel(x.Match), editMatchLabel(y.Match))
			}
		}
	}
	if a, b := was.Card, now.Card; a != nil && b != nil {
		text("Cardholder name", a.CardholderName, b.CardholderName)
		text("Brand", a.Brand, b.Brand)
		text("Expiry month", a.ExpMonth, b.ExpMonth)
		text("Expiry year", a.ExpYear, b.ExpYear)
		secret("Card number", a.Number, b.Number)
		secret("Security code", a.Code, b.Code)
	}
	if a, b := was.Identity, now.Identity; a != nil && b != nil {
		for _, p := range []struct{ name, x, y string }{
			{"Title", a.Title, b.Title}, {"First name", a.FirstName, b.FirstName},
			{"Middle name", a.MiddleName, b.MiddleName}, {"Last name", a.LastName, b.LastName},
			{"Username", a.Username, b.Username}, {"Company", a.Company, b.Company},
			{"Email", a.Email, b.Email}, {"Phone", a.Phone, b.Phone},
			{"Address 1", a.Address1, b.Address1}, {"Address 2", a.Address2, b.Address2},
			{"Address 3", a.Address3, b.Address3}, {"City", a.City, b.City}, {"State", a.State, b.State},
			{"Postal code", a.PostalCode, b.PostalCode}, {"Country", a.Country, b.Country},
		} {
			text(p.name, p.x, p.y)
		}
		secret("Social security number", a.SSN, b.SSN)
		secret("Passport number", a.PassportNumber, b.PassportNumber)
		secret("Licence number", a.LicenseNumber, b.LicenseNumber)
	}
	out = append(out, editDiffFields(was.Fields, now.Fields)...)
	return out
}

// editDiffFields compares custom fields by name (then position among fields
// of the same name).
func editDiffFields(was, now []FieldForm) []Change {
	var out []Change
	key := func(fs []FieldForm) map[string][]FieldForm {
		m := map[string][]FieldForm{}
		for _, f := range fs {
			m[f.Name] = append(m[f.Name], f)
		}
		return m
	}
	a, b := key(was), key(now)
	label := func(name string) string { return fmt.Sprintf("Custom field “%s”", name) }
	seen := map[string]bool{}
	for _, f := range append(slices.Clone(was), now...) {
		if seen[f.Name] {
			continue
		}
		seen[f.Name] = true
		xs, ys := a[f.Name], b[f.Name]
		for i := range max(len(xs), len(ys)) {
			switch {
			case i >= len(ys):
				out = append(out, Change{Field: label(f.Name), Old: editFieldShown(xs[i]), New: "(removed)", Secret: xs[i].Type == int(api.FieldHidden)})
			case i >= len(xs):
				out = append(out, Change{Field: label(f.Name), Old: "(none)", New: editFieldShown(ys[i]), Secret: ys[i].Type == int(api.FieldHidden)})
			default:
				x, y := xs[i], ys[i]
				switch {
				case x.Type != y.Type:
					out = append(out, Change{Field: label(f.Name), Old: editFieldTypeName(x.Type), New: editFieldTypeName(y.Type)})
				case x.Type == int(api.FieldHidden):
					var hx, hy HiddenValue
					if x.Hidden != nil {
						hx = *x.Hidden
					}
					if y.Hidden != nil {
						hy = *y.Hidden
					}
					if hx.Tag != hy.Tag || hx.Set != hy.Set {
						out = append(out, Change{Field: label(f.Name), Secret: true})
					}
				case x.Value != y.Value || !editSamePtr(x.LinkedID, y.LinkedID):
					out = append(out, Change{Field: label(f.Name), Old: editFieldShown(x), New: editFieldShown(y)})
				}
			}
		}
	}
	return out
}

// editFieldShown is what a change shows of a field: never a hidden value.
func editFieldShown(f FieldForm) string {
	switch f.Type {
	case int(api.FieldHidden):
		return ""
	case int(api.FieldLinked):
		if f.LinkedID != nil {
			return "linked to " + strconv.Itoa(*f.LinkedID)
		}
		return "linked"
	}
	return f.Value
}

func editFieldTypeName(t int) string {
	switch api.FieldType(t) {
	case api.FieldText:
		return "text"
	case api.FieldHidden:
		return "hidden"
	case api.FieldBoolean:
		return "boolean"
	case api.FieldLinked:
		return "linked"
	}
	return "unknown"
}

func editMatchLabel(m *int) string {
	if m == nil {
		return "default"
	}
	names := []string{"base domain", "host", "starts with", "exact", "regular expression", "never"}
	if *m >= 0 && *m < len(names) {
		return names[*m]
	}
	return strconv.Itoa(*m)
}

func editSamePtr(a, b *int) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func editSorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
