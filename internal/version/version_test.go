package version

import "testing"

func TestInfoString(t *testing.T) {
	tests := []struct {
		in   Info
		want string
	}{
		{Info{Version: "1.2.3"}, "1.2.3"},
		{Info{Version: "1.2.3", Commit: "abcdef123456"}, "1.2.3 (abcdef123456)"},
		{Info{Version: "1.2.3", Commit: "abcdef123456", Modified: true}, "1.2.3 (abcdef123456, modified)"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGet(t *testing.T) {
	got := Get()
	if got.Version != Version {
		t.Errorf("Get().Version = %q, want %q", got.Version, Version)
	}
	if got.GoVersion == "" {
		t.Error("Get().GoVersion is empty; the test binary carries build info")
	}
}
