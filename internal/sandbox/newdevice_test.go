package sandbox

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestNewDeviceVerification(t *testing.T) {
	e := newEnv(t)
	a := e.register("roamer@example.com")
	body := func(on bool) map[string]any { return map[string]any{"masterPasswordHash": a.hash, "verifyDevices": on} }
	e.fail(400, "PUT", "/api/accounts/verify-devices", a.token, map[string]any{"masterPasswordHash": "d3Jvbmc=", "verifyDevices": true})
	e.ok("PUT", "/api/accounts/verify-devices", a.token, body(true), nil)

	// The device that turned it on is known and signs in as before.
	e.login(a)

	// A new device gets the device_error the official clients look for,
	// and a code by mail.
	laptop := *a
	laptop.deviceID = newID()
	st, data := e.form(laptop.loginForm())
	var de struct {
		Error      string `json:"error"`
		ErrorModel struct{ Message string }
	}
	json.Unmarshal(data, &de)
	if st != 400 || de.Error != "device_error" || de.ErrorModel.Message != msgNewDeviceRequired {
		t.Fatalf("new device login = %d %s, want 400 device_error %q", st, data, msgNewDeviceRequired)
	}
	first := e.mail(a.email, "new-device")
	if len(first.Token) != 6 || !strings.Contains(first.Body, first.Token) {
		t.Fatalf("new-device mail = %+v", first)
	}

	f := laptop.loginForm()
	f.Set("newDeviceOtp", "000000x")
	st, data = e.form(f)
	json.Unmarshal(data, &de)
	if st != 400 || de.ErrorModel.Message != msgNewDeviceInvalid {
		t.Fatalf("wrong code = %d %s, want %q", st, data, msgNewDeviceInvalid)
	}

	// A resent code works; the wrong password gets no code.
	e.fail(400, "POST", "/api/accounts/resend-new-device-otp", "", map[string]string{"email": a.email, "masterPasswordHash": "d3Jvbmc="})
	e.ok("POST", "/api/accounts/resend-new-device-otp", "", map[string]string{"email": a.email, "masterPasswordHash": a.hash}, nil)
	resent := e.mail(a.email, "new-device")
	if resent.ID == first.ID {
		t.Fatal("resend-new-device-otp sent no mail")
	}
	f.Set("newDeviceOtp", resent.Token)
	if st, data := e.form(f); st != 200 {
		t.Fatalf("login with the mailed code = %d %s", st, data)
	}
	// Verified once, the device is known from then on.
	e.login(&laptop)

	e.ok("PUT", "/api/accounts/verify-devices", a.token, body(false), nil)
	phone := *a
	phone.deviceID = newID()
	e.login(&phone)
}
