package app

import (
	"testing"
	"time"
)

func TestRepromptGrants(t *testing.T) {
	var g repromptGrants
	now := time.Now()
	if g.allowed("a", "i", now) {
		t.Fatal("an item is allowed before any re-prompt was answered")
	}
	g.allow("a", "i", now)
	g.allow("b", "i", now)
	switch {
	case !g.allowed("a", "i", now.Add(repromptFor-time.Second)):
		t.Error("a grant ended before repromptFor")
	case g.allowed("a", "i", now.Add(repromptFor)):
		t.Error("a grant outlived repromptFor")
	case g.allowed("a", "other", now):
		t.Error("a grant for one item allowed another")
	}
	g.forget("a") // the account was locked
	if g.allowed("a", "i", now) || !g.allowed("b", "i", now) {
		t.Error("forget(a) must drop a's grants and keep b's")
	}
	g.forget("")
	if g.allowed("b", "i", now) {
		t.Error("forget(\"\") kept a grant")
	}
}
