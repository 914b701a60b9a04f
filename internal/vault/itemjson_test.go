package vault_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// bwTemplate is `bw get template item` (bw 2025.x).
const bwTemplate = `{"passwordHistory":[],"revisionDate":null,"creationDate":null,"deletedDate":null,"organizationId":null,"collectionIds":null,"folderId":null,"type":1,"name":"Item name","notes":"Some notes about this item.","favorite":false,"fields":[],"login":null,"secureNote":null,"card":null,"identity":null,"reprompt":0}`

// bwItem is a `bw get item` of a login, with properties Vaultdesk ignores.
const bwItem = `{
  "passwordHistory": [{"lastUsedDate": "2025-05-01T10:00:00.123Z", "password": "old"}],
  "revisionDate": "2026-01-02T03:04:05.678Z",
  "creationDate": "2026-01-02T03:04:05.678Z",
  "deletedDate": null,
  "archivedDate": null,
  "object": "item",
  "id": "2f5e7a52-0e9c-4d25-8b59-b2a30116c9a3",
  "organizationId": null,
  "folderId": null,
  "type": 1,
  "reprompt": 0,
  "name": "Router",
  "notes": null,
  "favorite": true,
  "fields": [
    {"name": "enable", "value": "s3cret", "type": 1, "linkedId": null},
    {"name": "pw", "value": null, "type": 3, "linkedId": 101}
  ],
  "login": {
    "fido2Credentials": [],
    "uris": [{"match": 1, "uri": "https://10.0.0.1"}, {"match": null, "uri": "ssh://10.0.0.1"}],
    "username": "admin",
    "password": "pw",
    "totp": "JBSWY3DPEHPK3PXP",
    "passwordRevisionDate": null
  },
  "collectionIds": [],
  "attachments": []
}`

func TestParseItemJSON(t *testing.T) {
	e, err := vault.ParseItemJSON([]byte(bwTemplate))
	if err != nil {
		t.Fatalf("template: %v", err)
	}
	want := &vault.EditItem{Type: api.CipherLogin, Name: "Item name", Notes: "Some notes about this item.", Login: &vault.EditLogin{}}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("template = %+v, want %+v", e, want)
	}

	e, err = vault.ParseItemJSON([]byte(bwItem))
	if err != nil {
		t.Fatalf("item: %v", err)
	}
	host, linked := api.MatchHost, api.LinkedLoginPassword
	want = &vault.EditItem{
		Type: api.CipherLogin, Name: "Router", Favorite: true,
		Login: &vault.EditLogin{Username: "admin", Password: "pw", TOTP: "JBSWY3DPEHPK3PXP",
			URIs: []vault.EditURI{{URI: "https://10.0.0.1", Match: &host}, {URI: "ssh://10.0.0.1"}}},
		Fields: []vault.EditField{{Name: "enable", Value: "s3cret", Type: api.FieldHidden},
			{Name: "pw", Type: api.FieldLinked, LinkedID: &linked}},
		PasswordHistory: []vault.EditPassword{{Password: "old", LastUsed: time.Date(2025, 5, 1, 10, 0, 0, 123e6, time.UTC)}},
	}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("item = %+v, want %+v", e, want)
	}
}

func TestParseItemJSONHostile(t *testing.T) {
	for _, tc := range []struct {
		name, in, field string // field: what the error must name
	}{
		{"empty", ``, "(document)"},
		{"not json", `hello`, "(document)"},
		{"array", `[]`, "(document)"},
		{"string", `"x"`, "(document)"},
		{"null", `null`, "type"},
		{"two values", `{"type":2,"name":"a"} {}`, "(document)"},
		{"cut", `{"type":1,"name":"a"`, "(document)"},
		{"no type", `{"name":"a"}`, "type"},
		{"type string", `{"type":"1","name":"a"}`, "type"},
		{"type float", `{"type":1.5,"name":"a"}`, "type"},
		{"type huge", `{"type":1e999,"name":"a"}`, "type"},
		{"type 9", `{"type":9,"name":"a"}`, "type"},
		{"type -1", `{"type":-1,"name":"a"}`, "type"},
		{"ssh", `{"type":5,"name":"a"}`, "type"},
		{"no name", `{"type":1}`, "name"},
		{"blank name", `{"type":1,"name":"  "}`, "name"},
		{"name number", `{"type":1,"name":1}`, "name"},
		{"notes object", `{"type":1,"name":"a","notes":{}}`, "notes"},
		{"favorite string", `{"type":1,"name":"a","favorite":"yes"}`, "favorite"},
		{"reprompt 2", `{"type":1,"name":"a","reprompt":2}`, "reprompt"},
		{"login array", `{"type":1,"name":"a","login":[]}`, "login"},
		{"uris object", `{"type":1,"name":"a","login":{"uris":{}}}`, "login.uris"},
		{"uri number", `{"type":1,"name":"a","login":{"uris":[{"uri":5}]}}`, "login.uris.uri"},
		{"match string", `{"type":1,"name":"a","login":{"uris":[{"uri":"x","match":"host"}]}}`, "login.uris.match"},
		{"match 9", `{"type":1,"name":"a","login":{"uris":[{"uri":"x","match":9}]}}`, "login.uris[0].match"},
		{"password number", `{"type":1,"name":"a","login":{"password":1234}}`, "login.password"},
		{"field type 7", `{"type":2,"name":"a","fields":[{"name":"x","type":7}]}`, "fields[0].type"},
		{"field value bool", `{"type":2,"name":"a","fields":[{"name":"x","value":true,"type":2}]}`, "fields.value"},
		{"linked without id", `{"type":2,"name":"a","fields":[{"name":"x","type":3}]}`, "fields[0].linkedId"},
		{"history date", `{"type":1,"name":"a","passwordHistory":[{"password":"p","lastUsedDate":"yesterday"}]}`, "passwordHistory[0].lastUsedDate"},
		{"collection number", `{"type":1,"name":"a","collectionIds":[1]}`, "collectionIds"},
		{"collection empty", `{"type":1,"name":"a","collectionIds":[""]}`, "collectionIds[0]"},
		{"card string", `{"type":3,"name":"a","card":"4111"}`, "card"},
		{"identity number", `{"type":4,"name":"a","identity":{"ssn":123}}`, "identity.ssn"},
		{"invalid utf8", "{\"type\":1,\"name\":\"\xff\"}", "(document)"},
		{"too long", `{"type":1,"name":"` + strings.Repeat("a", vault.MaxItemJSON) + `"}`, "(document)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := vault.ParseItemJSON([]byte(tc.in))
			if err == nil {
				t.Fatalf("ParseItemJSON = %+v, want an error", e)
			}
			if !errors.Is(err, vault.ErrInvalidItem) {
				t.Errorf("err = %v, want ErrInvalidItem", err)
			}
			if !strings.Contains(err.Error(), "item json: "+tc.field+":") {
				t.Errorf("err = %q, want it to name %s", err, tc.field)
			}
		})
	}
}

// TestParseItemJSONTypes checks that only the object matching type is used.
func TestParseItemJSONTypes(t *testing.T) {
	e, err := vault.ParseItemJSON([]byte(`{"type":3,"name":"c","login":{"password":"x"},"card":{"number":"4111","code":"123"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if e.Login != nil || e.Card == nil || e.Card.Number != "4111" || e.Card.Code != "123" {
		t.Errorf("card = %+v", e)
	}
	e, err = vault.ParseItemJSON([]byte(`{"type":4,"name":"i","identity":null}`))
	if err != nil || e.Identity == nil {
		t.Errorf("identity null = %+v, %v", e, err)
	}
	e, err = vault.ParseItemJSON([]byte(`{"type":2,"name":"n","secureNote":{"type":0},"unknown":{"deep":[1,2,{}]}}`))
	if err != nil || e.Type != api.CipherSecureNote {
		t.Errorf("note = %+v, %v", e, err)
	}
}

func FuzzParseItemJSON(f *testing.F) {
	f.Add([]byte(bwTemplate))
	f.Add([]byte(bwItem))
	f.Add([]byte(`{"type":3,"name":"c","card":{"number":"4111"},"fields":[{"type":3,"linkedId":300}]}`))
	f.Add([]byte(`{"type":4,"name":"i","identity":{"ssn":"1"},"collectionIds":["a"],"organizationId":"o"}`))
	f.Add([]byte(`{"type":1,"name":"a","login":{"uris":[{"uri":"x","match":5}]},"passwordHistory":[{"password":"p","lastUsedDate":"2025-01-01T00:00:00Z"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := vault.ParseItemJSON(data)
		if err != nil {
			if e != nil || !errors.Is(err, vault.ErrInvalidItem) {
				t.Fatalf("ParseItemJSON = %v, %v", e, err)
			}
			return
		}
		if e.Name == "" || e.Type < api.CipherLogin || e.Type > api.CipherIdentity {
			t.Fatalf("accepted %+v", e)
		}
		if (e.Type == api.CipherLogin) != (e.Login != nil) || (e.Type == api.CipherCard) != (e.Card != nil) || (e.Type == api.CipherIdentity) != (e.Identity != nil) {
			t.Fatalf("type %v with objects %+v", e.Type, e)
		}
		for _, fl := range e.Fields {
			if fl.Type == api.FieldLinked && (fl.LinkedID == nil || fl.Value != "") {
				t.Fatalf("linked field %+v", fl)
			}
		}
	})
}
