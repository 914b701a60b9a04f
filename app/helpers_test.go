package app

import "testing"

// uiCode is the code err reaches the frontend with ("" for nil).
func uiCode(err error) string {
	if err == nil {
		return ""
	}
	return FormatError(err).(*UIError).Code
}

// wantCode stops the test unless err reaches the frontend with code.
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want code %q", what, code)
	}
	if got := FormatError(err).(*UIError); got.Code != code {
		t.Fatalf("%s: error %q has code %q, want %q", what, got.Message, got.Code, code)
	}
}
