package vault

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestWriteItemsJSON(t *testing.T) {
	f, items := realisticFixture(t)
	v := f.unlock(t, account1)
	defer v.Lock()
	s := NewSet()
	s.Add(v)
	res, err := s.Search("", Filter{}, 0)
	if err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	if err := s.WriteItemsJSON(&buf, res); err != nil {
		t.Fatal(err)
	}
	var got []json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("not a JSON array: %v", err)
	}
	// Every item but the damaged ones, in the order of the results, each
	// exactly as ItemJSON prints it.
	var want []json.RawMessage
	for _, r := range res {
		if b, err := v.ItemJSON(r.ID); err == nil {
			want = append(want, b)
		}
	}
	if len(want) != len(items)-1 { // the trashed item is not listed
		t.Fatalf("ItemJSON opened %d items, want the %d undamaged live ones", len(want), len(items)-1)
	}
	if len(got) != len(want) {
		t.Fatalf("WriteItemsJSON wrote %d items, want %d", len(got), len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("item %d = %s, want %s", i, got[i], want[i])
		}
	}

	buf.Reset()
	if err := s.WriteItemsJSON(&buf, nil); err != nil || buf.String() != "[]\n" {
		t.Errorf("no results: %q, %v; want []", buf.String(), err)
	}
}
