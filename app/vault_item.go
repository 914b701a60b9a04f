package app

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/totp"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// ItemView is what the item view shows of an item. It holds no hidden
// value: those come one at a time from Reveal, or go to the clipboard with
// Copy. Dates are Unix milliseconds, 0 for none.
type ItemView struct {
	ID           string `json:"id"`
	AccountID    string `json:"accountId"`
	AccountEmail string `json:"accountEmail"`
	Type         int    `json:"type"`
	TypeName     string `json:"typeName"`
	Name         string `json:"name"`
	OrgID        string `json:"orgId"`   // "" for a personal item
	OrgName      string `json:"orgName"` // "" for a personal item
	FolderID     string `json:"folderId"`
	FolderName   string `json:"folderName"`

	Collections []ItemCollection `json:"collections"`

	Favorite bool `json:"favorite"`
	Deleted  bool `json:"deleted"`
	// Damaged says the item could not be decrypted: only its list entry
	// is shown.
	Damaged bool `json:"damaged"`
	CanEdit bool `json:"canEdit"`
	// CanViewPassword is false where hide-passwords applies: no reveal and
	// no copy of the password, TOTP, card number and code, hidden fields,
	// SSH private key or password history.
	CanViewPassword bool `json:"canViewPassword"`
	Reprompt        bool `json:"reprompt"`

	Login    *ItemLogin    `json:"login,omitempty"`
	Card     *ItemCard     `json:"card,omitempty"`
	Identity *ItemIdentity `json:"identity,omitempty"`
	SSHKey   *ItemSSHKey   `json:"sshKey,omitempty"`

	Notes       string           `json:"notes"`
	Fields      []ItemField      `json:"fields"`
	History     []ItemHistory    `json:"history"` // newest first
	Attachments []ItemAttachment `json:"attachments"`

	Created   int64 `json:"created"`
	Revised   int64 `json:"revised"`
	DeletedAt int64 `json:"deletedAt"`
}

// ItemCollection is a collection the item is in, with the account's rights.
type ItemCollection struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	ReadOnly      bool   `json:"readOnly"`
	HidePasswords bool   `json:"hidePasswords"`
}

// ItemLogin is a login's visible data.
type ItemLogin struct {
	Username        string    `json:"username"`
	URIs            []ItemURI `json:"uris"`
	HasPassword     bool      `json:"hasPassword"`
	HasTOTP         bool      `json:"hasTotp"`
	PasswordRevised int64     `json:"passwordRevised"`
}

// ItemURI is one URI of a login.
type ItemURI struct {
	URI   string `json:"uri"`
	Match string `json:"match"` // "default", "domain", "host", "startsWith", "exact", "regex", "never"
	// Launchable says LaunchURI opens it: http and https only.
	Launchable bool `json:"launchable"`
}

// ItemCard is a card's visible data.
type ItemCard struct {
	Holder    string `json:"holder"`
	Brand     string `json:"brand"`
	ExpMonth  string `json:"expMonth"`
	ExpYear   string `json:"expYear"`
	HasNumber bool   `json:"hasNumber"`
	HasCode   bool   `json:"hasCode"`
}

// ItemIdentity is an identity's visible data; the SSN, passport and
// licence numbers are revealed on request.
type ItemIdentity struct {
	Title       string `json:"title"`
	FirstName   string `json:"firstName"`
	MiddleName  string `json:"middleName"`
	LastName    string `json:"lastName"`
	Company     string `json:"company"`
	Email       string `json:"email"`
	Phone       string `json:"phone"`
	Username    string `json:"username"`
	Address1    string `json:"address1"`
	Address2    string `json:"address2"`
	Address3    string `json:"address3"`
	City        string `json:"city"`
	State       string `json:"state"`
	PostalCode  string `json:"postalCode"`
	Country     string `json:"country"`
	HasSSN      bool   `json:"hasSsn"`
	HasPassport bool   `json:"hasPassport"`
	HasLicense  bool   `json:"hasLicense"`
}

// ItemSSHKey is an SSH key's public half; the private key is revealed on
// request.
type ItemSSHKey struct {
	PublicKey     string `json:"publicKey"`
	Fingerprint   string `json:"fingerprint"`
	HasPrivateKey bool   `json:"hasPrivateKey"`
}

// ItemField is a custom field. Text and boolean values are shown; a hidden
// field's value is revealed on request ("field:N"); a linked field names
// the item field it shows.
type ItemField struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"` // "text", "hidden", "boolean", "linked"
	Value    string `json:"value"`
	HasValue bool   `json:"hasValue"`
	// Withheld says the value is hidden by collection access.
	Withheld bool   `json:"withheld"`
	Linked   string `json:"linked"` // the linked field's label
}

// ItemHistory is one old password, by date only ("history:N" reveals it).
type ItemHistory struct {
	LastUsed int64 `json:"lastUsed"`
}

// ItemAttachment is a file attached to the item (listed, not downloaded).
type ItemAttachment struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Size string `json:"size"` // as the server words it: "1.2 MB"
}

// Item returns what the item view shows of an item, without any hidden
// value. A damaged item gives its list entry, marked damaged.
func (s *VaultService) Item(accountID, id string) (ItemView, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	v, err := s.vault(ctx, accountID)
	if err != nil {
		return ItemView{}, err
	}
	colls, err := v.Collections()
	if err != nil {
		return ItemView{}, fmt.Errorf("open item %s: %w", id, err)
	}
	it, err := v.Item(id)
	if errors.Is(err, vault.ErrDamaged) {
		sum, serr := v.Summary(id)
		if serr != nil {
			return ItemView{}, fmt.Errorf("open item %s: %w", id, err)
		}
		view := itemHead(sum, v.Account(), colls)
		view.Damaged = true
		return view, nil
	}
	if err != nil {
		return ItemView{}, fmt.Errorf("open item %s: %w", id, err)
	}
	defer it.Clear()
	return itemView(it, colls), nil
}

// itemHead fills what the list entry already tells.
func itemHead(sum vault.Summary, acct vault.AccountRef, colls []vault.Collection) ItemView {
	view := ItemView{
		ID: sum.ID, AccountID: acct.ID, AccountEmail: acct.Email,
		Type: int(sum.Type), TypeName: typeName(sum.Type), Name: sum.Name,
		OrgID: sum.OrgID, FolderID: sum.FolderID,
		Collections: []ItemCollection{},
		Favorite:    sum.Favorite, Deleted: sum.Deleted, Damaged: sum.Damaged,
		CanEdit: sum.CanEdit, CanViewPassword: sum.CanViewPassword, Reprompt: sum.Reprompt,
		Fields: []ItemField{}, History: []ItemHistory{}, Attachments: []ItemAttachment{},
		Revised: unixMilli(&sum.RevisionDate),
	}
	for _, cid := range sum.CollectionIDs {
		i := slices.IndexFunc(colls, func(c vault.Collection) bool { return c.ID == cid })
		if i < 0 {
			continue // a collection this account cannot see
		}
		c := colls[i]
		view.Collections = append(view.Collections, ItemCollection{ID: c.ID, Name: c.Name, ReadOnly: c.ReadOnly, HidePasswords: c.HidePasswords})
	}
	return view
}

func itemView(it *vault.Item, colls []vault.Collection) ItemView {
	view := itemHead(it.Summary, it.Account, colls)
	view.OrgName, view.FolderName = it.OrgName, it.FolderName
	view.Notes = it.Notes.Reveal()
	view.Created = unixMilli(&it.CreationDate)
	view.DeletedAt = unixMilli(it.DeletedDate)
	if l := it.Login; l != nil {
		il := &ItemLogin{
			Username: l.Username, URIs: []ItemURI{},
			HasPassword: it.HasPassword, HasTOTP: it.HasTOTP,
			PasswordRevised: unixMilli(l.PasswordRevisionDate),
		}
		for _, u := range l.URIs {
			il.URIs = append(il.URIs, ItemURI{URI: u.URI, Match: matchName(u.Match), Launchable: launchable(u.URI)})
		}
		view.Login = il
	}
	if c := it.Card; c != nil {
		view.Card = &ItemCard{
			Holder: c.CardholderName, Brand: c.Brand, ExpMonth: c.ExpMonth, ExpYear: c.ExpYear,
			HasNumber: !c.Number.IsZero(), HasCode: !c.Code.IsZero(),
		}
	}
	if d := it.Identity; d != nil {
		view.Identity = &ItemIdentity{
			Title: d.Title, FirstName: d.FirstName, MiddleName: d.MiddleName, LastName: d.LastName,
			Company: d.Company, Email: d.Email, Phone: d.Phone, Username: d.Username,
			Address1: d.Address1, Address2: d.Address2, Address3: d.Address3,
			City: d.City, State: d.State, PostalCode: d.PostalCode, Country: d.Country,
			HasSSN: !d.SSN.IsZero(), HasPassport: !d.PassportNumber.IsZero(), HasLicense: !d.LicenseNumber.IsZero(),
		}
	}
	if k := it.SSHKey; k != nil {
		view.SSHKey = &ItemSSHKey{PublicKey: k.PublicKey, Fingerprint: k.Fingerprint, HasPrivateKey: !k.PrivateKey.IsZero()}
	}
	for _, f := range it.Fields {
		vf := ItemField{Name: f.Name, HasValue: !f.Value.IsZero()}
		switch f.Type {
		case api.FieldText:
			vf.Kind, vf.Value = "text", f.Value.Reveal()
		case api.FieldBoolean:
			vf.Kind, vf.Value, vf.HasValue = "boolean", strconv.FormatBool(string(f.Value.Bytes()) == "true"), true
		case api.FieldHidden:
			vf.Kind, vf.Withheld = "hidden", it.Hidden
		case api.FieldLinked:
			vf.Kind, vf.HasValue = "linked", false
			if f.LinkedID != nil {
				vf.Linked = linkedName(*f.LinkedID)
			}
		default:
			vf.Kind = "unknown"
		}
		view.Fields = append(view.Fields, vf)
	}
	for _, h := range it.PasswordHistory {
		view.History = append(view.History, ItemHistory{LastUsed: unixMilli(&h.LastUsed)})
	}
	for _, a := range it.Attachments {
		view.Attachments = append(view.Attachments, ItemAttachment{ID: a.ID, Name: a.FileName, Size: a.SizeName})
	}
	return view
}

func unixMilli(t *time.Time) int64 {
	if t == nil || t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func matchName(m *api.URIMatch) string {
	if m == nil {
		return "default"
	}
	switch *m {
	case api.MatchDomain:
		return "domain"
	case api.MatchHost:
		return "host"
	case api.MatchStartsWith:
		return "startsWith"
	case api.MatchExact:
		return "exact"
	case api.MatchRegex:
		return "regex"
	case api.MatchNever:
		return "never"
	}
	return "default"
}

// launchable reports whether a URI may be opened in the browser: http and
// https only, never file:, javascript: or an app's own scheme.
func launchable(uri string) bool {
	u, err := url.Parse(strings.TrimSpace(uri))
	if err != nil || u.Host == "" {
		return false
	}
	s := strings.ToLower(u.Scheme)
	return s == "http" || s == "https"
}

// linkedNames label the item fields a linked custom field can show
// (Bitwarden's LinkedId values).
var linkedNames = map[api.LinkedID]string{
	100: "Username", 101: "Password",
	300: "Cardholder name", 301: "Expiration month", 302: "Expiration year", 303: "Security code", 304: "Brand", 305: "Number",
	400: "Title", 401: "Middle name", 402: "Address 1", 403: "Address 2", 404: "Address 3", 405: "City / Town",
	406: "State / Province", 407: "Zip / Postal code", 408: "Country", 409: "Company", 410: "Email", 411: "Phone",
	412: "Social Security number", 413: "Username", 414: "Passport number", 415: "License number",
	416: "First name", 417: "Last name", 418: "Full name",
}

func linkedName(id api.LinkedID) string {
	if n, ok := linkedNames[id]; ok {
		return n
	}
	return "Field " + strconv.Itoa(int(id))
}

// --- Reveal and copy ---

// revealable are the fields Reveal hands out: the hidden ones. Copy takes
// these and the visible ones.
var revealable = []string{"password", "totpSecret", "cardNumber", "cardCode", "ssn", "passport", "license", "sshPrivateKey"}

// Reveal returns one hidden value of an item, for the moment it is shown:
// password, totpSecret, cardNumber, cardCode, ssn, passport, license,
// sshPrivateKey, field:N (a custom field) or history:N (an old password).
// What hide-passwords covers is refused (code not-allowed).
func (s *VaultService) Reveal(accountID, id, field string) (string, error) {
	if !slices.Contains(revealable, field) && !strings.HasPrefix(field, "field:") && !strings.HasPrefix(field, "history:") {
		return "", invalid(fmt.Sprintf("%q is not a field that can be revealed", field))
	}
	ctx, cancel := s.ctx()
	defer cancel()
	v, err := s.vault(ctx, accountID)
	if err != nil {
		return "", err
	}
	it, err := v.Item(id)
	if err != nil {
		return "", fmt.Errorf("reveal a field of item %s: %w", id, err)
	}
	defer it.Clear()
	if err := s.c.checkReprompt(accountID, it.Summary); err != nil {
		return "", err
	}
	_, value, err := itemValue(it, field)
	if err != nil {
		return "", err
	}
	defer clear(value)
	return string(value), nil
}

// CopyView is what the copy banner shows.
type CopyView struct {
	Field        string `json:"field"`
	Label        string `json:"label"` // "Password"
	ItemName     string `json:"itemName"`
	OrgName      string `json:"orgName"` // the organization, or "My vault"
	AccountEmail string `json:"accountEmail"`
	// ClearsAt is when the clipboard is cleared if it still holds the
	// value, in Unix milliseconds; 0 if never.
	ClearsAt int64 `json:"clearsAt"`
}

// Copy copies one value of an item to the clipboard, in Go, and schedules
// the clipboard clear. field is username, password, totp (the current
// code), uri:N, notes, or any field Reveal takes; also name, cardholderName,
// cardBrand, cardExpiry, sshPublicKey, sshFingerprint and the identity's
// plain fields (title, firstName, middleName, lastName, fullName, company,
// email, phone, identityUsername, address).
func (s *VaultService) Copy(accountID, id, field string) (CopyView, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	v, err := s.vault(ctx, accountID)
	if err != nil {
		return CopyView{}, err
	}
	it, err := v.Item(id)
	if err != nil {
		return CopyView{}, fmt.Errorf("copy from item %s: %w", id, err)
	}
	defer it.Clear()
	if secretField(field) {
		if err := s.c.checkReprompt(accountID, it.Summary); err != nil {
			return CopyView{}, err
		}
	}
	var label string
	var value []byte
	if field == "totp" {
		label = "TOTP code"
		code, err := itemTOTP(v, it)
		if err != nil {
			return CopyView{}, err
		}
		value = []byte(code.Code)
	} else if label, value, err = itemValue(it, field); err != nil {
		return CopyView{}, err
	}
	defer clear(value)
	clearAt, err := s.c.copier.Copy(ctx, value)
	if err != nil {
		return CopyView{}, fmt.Errorf("copy the %s of %s: %w", strings.ToLower(label), it.Name, err)
	}
	where := it.OrgName
	if it.OrgID == "" {
		where = "My vault"
	}
	out := CopyView{Field: field, Label: label, ItemName: it.Name, OrgName: where, AccountEmail: it.Account.Email}
	if s.c.settings.get().ClipboardClearSeconds > 0 {
		out.ClearsAt = clearAt.UnixMilli()
	}
	return out, nil
}

// itemValue returns the label and a copy of one value of it (the caller
// clears it), refusing what the account's access hides.
func itemValue(it *vault.Item, field string) (string, []byte, error) {
	var label string
	var val []byte
	covered := false // by hide-passwords
	missing := func(what string) (string, []byte, error) {
		return "", nil, fmt.Errorf("%s has no %s: %w", it.Name, what, vault.ErrNotFound)
	}
	str := func(s string) []byte { return []byte(s) }
	sec := func(s vault.Secret) []byte { return append([]byte(nil), s.Bytes()...) }
	l, c, d, k := it.Login, it.Card, it.Identity, it.SSHKey
	var idf *namedValue
	if d != nil {
		idf = identityField(d, field)
	}
	kind, index, hasIndex := strings.Cut(field, ":")
	n := -1
	if hasIndex {
		i, err := strconv.Atoi(index)
		if err != nil || i < 0 {
			return "", nil, invalid(fmt.Sprintf("%q: the field number must be 0 or more", field))
		}
		n = i
	}
	switch {
	case field == "name":
		label, val = "Name", str(it.Name)
	case field == "notes":
		label, val = "Notes", sec(it.Notes)
	case field == "username" && l != nil:
		label, val = "Username", str(l.Username)
	case field == "password" && l != nil:
		label, val, covered = "Password", sec(l.Password), true
	case field == "totpSecret" && l != nil:
		label, val, covered = "Authenticator key", sec(l.TOTP), true
	case kind == "uri" && hasIndex && l != nil:
		if n >= len(l.URIs) {
			return missing("URI " + strconv.Itoa(n+1))
		}
		label, val = "URI", str(l.URIs[n].URI)
	case field == "cardholderName" && c != nil:
		label, val = "Cardholder name", str(c.CardholderName)
	case field == "cardBrand" && c != nil:
		label, val = "Brand", str(c.Brand)
	case field == "cardExpiry" && c != nil:
		if c.ExpMonth != "" || c.ExpYear != "" {
			val = str(strings.Trim(c.ExpMonth+"/"+c.ExpYear, "/"))
		}
		label = "Expiration"
	case field == "cardNumber" && c != nil:
		label, val, covered = "Card number", sec(c.Number), true
	case field == "cardCode" && c != nil:
		label, val, covered = "Security code", sec(c.Code), true
	case field == "ssn" && d != nil:
		label, val = "Social Security number", sec(d.SSN)
	case field == "passport" && d != nil:
		label, val = "Passport number", sec(d.PassportNumber)
	case field == "license" && d != nil:
		label, val = "License number", sec(d.LicenseNumber)
	case idf != nil:
		label, val = idf.label, str(idf.value)
	case field == "sshPublicKey" && k != nil:
		label, val = "Public key", str(k.PublicKey)
	case field == "sshFingerprint" && k != nil:
		label, val = "Fingerprint", str(k.Fingerprint)
	case field == "sshPrivateKey" && k != nil:
		label, val, covered = "Private key", sec(k.PrivateKey), true
	case kind == "field" && hasIndex:
		if n >= len(it.Fields) {
			return missing("custom field " + strconv.Itoa(n+1))
		}
		f := it.Fields[n]
		label = f.Name
		if label == "" {
			label = "Custom field"
		}
		if f.Type == api.FieldLinked {
			return "", nil, invalid(fmt.Sprintf("%s is a linked field: copy the field it shows", label))
		}
		val, covered = sec(f.Value), f.Type == api.FieldHidden
	case kind == "history" && hasIndex:
		label, covered = "Old password", true
		if it.Hidden {
			break
		}
		if n >= len(it.PasswordHistory) {
			return missing("old password " + strconv.Itoa(n+1))
		}
		val = sec(it.PasswordHistory[n].Password)
	default:
		return "", nil, invalid(fmt.Sprintf("%s has no field %q", it.Name, field))
	}
	if covered && it.Hidden {
		clear(val)
		return "", nil, fmt.Errorf("%s of %s: %w", label, it.Name, vault.ErrHiddenByAccess)
	}
	if len(val) == 0 {
		return missing(strings.ToLower(label))
	}
	return label, val, nil
}

type namedValue struct{ label, value string }

// identityField returns an identity's plain field, nil for another name.
func identityField(d *vault.Identity, field string) *namedValue {
	switch field {
	case "title":
		return &namedValue{"Title", d.Title}
	case "firstName":
		return &namedValue{"First name", d.FirstName}
	case "middleName":
		return &namedValue{"Middle name", d.MiddleName}
	case "lastName":
		return &namedValue{"Last name", d.LastName}
	case "fullName":
		return &namedValue{"Full name", strings.Join(slices.DeleteFunc([]string{d.Title, d.FirstName, d.MiddleName, d.LastName}, func(s string) bool { return s == "" }), " ")}
	case "company":
		return &namedValue{"Company", d.Company}
	case "email":
		return &namedValue{"Email", d.Email}
	case "phone":
		return &namedValue{"Phone", d.Phone}
	case "identityUsername":
		return &namedValue{"Username", d.Username}
	case "address":
		var lines []string
		for _, s := range []string{d.Address1, d.Address2, d.Address3, strings.TrimSpace(d.City + " " + d.State + " " + d.PostalCode), d.Country} {
			if s = strings.TrimSpace(s); s != "" {
				lines = append(lines, s)
			}
		}
		return &namedValue{"Address", strings.Join(lines, "\n")}
	}
	return nil
}

// --- TOTP ---

// TOTPView is an item's current TOTP code.
type TOTPView struct {
	Code   string `json:"code"`
	Period int    `json:"period"` // seconds
	// Remaining is how long the code stays valid, in seconds;
	// RemainingMs the same in milliseconds, for the countdown ring.
	Remaining   int   `json:"remaining"`
	RemainingMs int64 `json:"remainingMs"`
}

// TOTP returns an item's current TOTP code. Refused where hide-passwords
// applies.
func (s *VaultService) TOTP(accountID, id string) (TOTPView, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	v, err := s.vault(ctx, accountID)
	if err != nil {
		return TOTPView{}, err
	}
	sum, err := v.Summary(id)
	if err != nil {
		return TOTPView{}, fmt.Errorf("TOTP code of item %s: %w", id, err)
	}
	if err := s.c.checkReprompt(accountID, sum); err != nil {
		return TOTPView{}, err
	}
	return itemTOTP(v, &vault.Item{Summary: sum})
}

// itemTOTP computes the current code of it's TOTP secret.
func itemTOTP(v *vault.Vault, it *vault.Item) (TOTPView, error) {
	sec, err := v.RevealTOTP(it.ID)
	if errors.Is(err, vault.ErrNotFound) {
		return TOTPView{}, fmt.Errorf("%s has no TOTP: %w", it.Name, vault.ErrNotFound)
	}
	if err != nil {
		return TOTPView{}, fmt.Errorf("TOTP code of %s: %w", it.Name, err)
	}
	defer sec.Clear()
	p, err := totp.Parse(sec.Reveal())
	if err != nil {
		return TOTPView{}, invalid(fmt.Sprintf("the authenticator key of %s is not valid: %v", it.Name, err))
	}
	code, rem, err := p.Code(time.Now())
	if err != nil {
		return TOTPView{}, fmt.Errorf("TOTP code of %s: %w", it.Name, err)
	}
	return TOTPView{
		Code: code, Period: int(p.Period / time.Second),
		Remaining: int((rem + time.Second - 1) / time.Second), RemainingMs: rem.Milliseconds(),
	}, nil
}

// --- Launch ---

// LaunchURI opens an item's URI (index from 0) in the browser; only http
// and https URIs open.
func (s *VaultService) LaunchURI(accountID, id string, index int) error {
	ctx, cancel := s.ctx()
	defer cancel()
	v, err := s.vault(ctx, accountID)
	if err != nil {
		return err
	}
	it, err := v.Item(id)
	if err != nil {
		return fmt.Errorf("open a URI of item %s: %w", id, err)
	}
	defer it.Clear()
	if it.Login == nil || index < 0 || index >= len(it.Login.URIs) {
		return fmt.Errorf("%s has no URI %d: %w", it.Name, index+1, vault.ErrNotFound)
	}
	uri := strings.TrimSpace(it.Login.URIs[index].URI)
	if !launchable(uri) {
		return invalid(fmt.Sprintf("only http and https addresses open in the browser, not %q", uri))
	}
	s.c.OpenURL(uri)
	return nil
}
