package sandbox

import "net/http"

// maxBody bounds every request body.
const maxBody = 8 << 20

// Handler returns the server's HTTP handler: one private ServeMux with every
// route, wrapped in the body limit, the request log and panic recovery.
func (s *Server) Handler() http.Handler {
	s.handlerOnce.Do(func() {
		s.handler = http.MaxBytesHandler(s.middleware(s.routes()), maxBody)
	})
	return s.handler
}

func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	h, a := s.h, s.authed
	handle := func(patterns []string, handler http.Handler) {
		for _, p := range patterns {
			mux.Handle(p, handler)
		}
	}

	// Discovery (§1.1).
	mux.Handle("GET /api/config", h(s.config))
	mux.Handle("GET /api/alive", h(s.alive))
	mux.Handle("GET /api/now", h(s.alive))
	mux.Handle("GET /api/version", h(s.version))

	// Identity (§2).
	handle([]string{"POST /identity/accounts/prelogin/password", "POST /identity/accounts/prelogin", "POST /api/accounts/prelogin"}, h(s.prelogin))
	mux.Handle("POST /identity/accounts/register/send-verification-email", h(s.sendVerificationEmail))
	handle([]string{"POST /identity/accounts/register/finish", "POST /identity/accounts/register"}, h(s.register))
	mux.Handle("POST /identity/connect/token", h(s.token))

	// Account (§2.7).
	mux.Handle("GET /api/accounts/profile", a(s.getProfile))
	handle([]string{"PUT /api/accounts/profile", "POST /api/accounts/profile"}, a(s.putProfile))
	mux.Handle("GET /api/accounts/revision-date", a(s.revisionDate))
	mux.Handle("POST /api/accounts/keys", a(s.postKeys))
	mux.Handle("POST /api/accounts/api-key", a(s.apiKey))
	mux.Handle("POST /api/accounts/rotate-api-key", a(s.rotateAPIKey))
	mux.Handle("POST /api/accounts/key-management/user-key-id", a(s.userKeyID))
	mux.Handle("POST /api/accounts/verify-password", a(s.verifyPassword))
	handle([]string{"PUT /api/accounts/verify-devices", "POST /api/accounts/verify-devices"}, a(s.setVerifyDevices))
	mux.Handle("POST /api/accounts/resend-new-device-otp", h(s.resendNewDeviceOTP))
	mux.Handle("GET /api/users/{id}/public-key", a(s.userPublicKey))
	mux.Handle("GET /api/devices/knowndevice", h(s.knownDevice))

	// Two-step login.
	mux.Handle("GET /api/two-factor", a(s.twoFactorList))
	mux.Handle("POST /api/two-factor/get-authenticator", a(s.getAuthenticator))
	handle([]string{"PUT /api/two-factor/authenticator", "POST /api/two-factor/authenticator"}, a(s.putAuthenticator))
	mux.Handle("POST /api/two-factor/send-email", a(s.sendEmailSetup))
	handle([]string{"PUT /api/two-factor/email", "POST /api/two-factor/email"}, a(s.putEmail))
	mux.Handle("POST /api/two-factor/send-email-login", h(s.sendEmailLogin))

	// Vault (§3, §4.5, §4.6).
	mux.Handle("GET /api/sync", a(s.sync))
	mux.Handle("GET /api/ciphers", a(s.listCiphers))
	mux.Handle("POST /api/ciphers", a(s.createCipher))
	mux.Handle("POST /api/ciphers/create", a(s.createCipherWithCollections))
	handle([]string{"GET /api/ciphers/{id}", "GET /api/ciphers/{id}/details"}, a(s.getCipher))
	handle([]string{"PUT /api/ciphers/{id}", "POST /api/ciphers/{id}"}, a(s.updateCipher))
	handle([]string{"PUT /api/ciphers/{id}/partial", "POST /api/ciphers/{id}/partial"}, a(s.partialCipher))
	handle([]string{"PUT /api/ciphers/{id}/share", "POST /api/ciphers/{id}/share"}, a(s.shareCipher))
	handle([]string{"PUT /api/ciphers/{id}/collections_v2", "POST /api/ciphers/{id}/collections_v2"}, a(s.setCipherCollections(true)))
	handle([]string{"PUT /api/ciphers/{id}/collections", "POST /api/ciphers/{id}/collections"}, a(s.setCipherCollections(false)))
	mux.Handle("PUT /api/ciphers/{id}/delete", a(s.cipherRoute(actSoftDelete)))
	handle([]string{"DELETE /api/ciphers/{id}", "POST /api/ciphers/{id}/delete"}, a(s.cipherRoute(actHardDelete)))
	mux.Handle("PUT /api/ciphers/{id}/restore", a(s.restoreCipher))
	mux.Handle("PUT /api/ciphers/delete", a(s.bulkCipherRoute(actSoftDelete)))
	handle([]string{"DELETE /api/ciphers", "POST /api/ciphers/delete"}, a(s.bulkCipherRoute(actHardDelete)))
	mux.Handle("PUT /api/ciphers/restore", a(s.restoreCiphers))
	handle([]string{"PUT /api/ciphers/move", "POST /api/ciphers/move"}, a(s.moveCiphers))
	mux.Handle("POST /api/ciphers/import", a(s.importCiphers))
	mux.Handle("POST /api/ciphers/import-organization", a(s.importOrgCiphers))

	mux.Handle("GET /api/folders", a(s.listFolders))
	mux.Handle("POST /api/folders", a(s.createFolder))
	mux.Handle("GET /api/folders/{id}", a(s.getFolder))
	handle([]string{"PUT /api/folders/{id}", "POST /api/folders/{id}"}, a(s.updateFolder))
	handle([]string{"DELETE /api/folders/{id}", "POST /api/folders/{id}/delete"}, a(s.deleteFolder))

	// Organizations (§4.8, §4.12).
	const org = "/api/organizations/{orgID}"
	mux.Handle("GET /api/organizations", a(s.listMyOrgs))
	mux.Handle("POST /api/organizations", a(s.createOrg))
	mux.Handle("GET "+org, a(s.getOrg))
	handle([]string{"PUT " + org, "POST " + org}, a(s.updateOrg))
	handle([]string{"GET " + org + "/public-key", "GET " + org + "/keys"}, a(s.orgPublicKey))
	mux.Handle("GET "+org+"/policies", a(s.orgPolicies))

	// Collections (§4.10).
	mux.Handle("GET /api/collections", a(s.listAllCollections))
	mux.Handle("GET "+org+"/collections", a(s.listOrgCollections))
	mux.Handle("GET "+org+"/collections/details", a(s.listOrgCollectionDetails))
	mux.Handle("GET "+org+"/collections/{id}", a(s.getOrgCollection("")))
	mux.Handle("GET "+org+"/collections/{id}/details", a(s.getOrgCollection("details")))
	mux.Handle("GET "+org+"/collections/{id}/users", a(s.getOrgCollection("users")))
	mux.Handle("POST "+org+"/collections", a(s.createCollection))
	handle([]string{"PUT " + org + "/collections/{id}", "POST " + org + "/collections/{id}"}, a(s.updateCollection))
	handle([]string{"DELETE " + org + "/collections/{id}", "POST " + org + "/collections/{id}/delete"}, a(s.deleteCollection))
	handle([]string{"DELETE " + org + "/collections", "POST " + org + "/collections/delete"}, a(s.deleteCollectionsBulk))

	// Members (§4.9).
	const users = org + "/users"
	mux.Handle("GET "+users, a(s.listMembers))
	mux.Handle("GET "+users+"/mini-details", a(s.memberMiniDetails))
	mux.Handle("GET "+users+"/{id}", a(s.getMember))
	mux.Handle("POST "+users+"/invite", a(s.inviteMembers))
	mux.Handle("POST "+users+"/reinvite", a(s.reinviteMembers))
	mux.Handle("POST "+users+"/{id}/reinvite", a(s.reinviteMember))
	mux.Handle("POST "+users+"/{id}/accept", a(s.acceptMember))
	mux.Handle("POST "+users+"/public-keys", a(s.memberPublicKeys))
	mux.Handle("POST "+users+"/confirm", a(s.confirmMembers))
	mux.Handle("POST "+users+"/{id}/confirm", a(s.confirmMember))
	handle([]string{"PUT " + users + "/{id}", "POST " + users + "/{id}"}, a(s.updateMember))
	handle([]string{"PUT " + users + "/{id}/revoke", "PATCH " + users + "/{id}/revoke"}, a(s.memberOp(s.revokeOp)))
	handle([]string{"PUT " + users + "/{id}/restore", "PATCH " + users + "/{id}/restore"}, a(s.memberOp(s.restoreOp)))
	handle([]string{"PUT " + users + "/revoke", "PATCH " + users + "/revoke"}, a(s.memberBulkOp(s.revokeOp)))
	handle([]string{"PUT " + users + "/restore", "PATCH " + users + "/restore"}, a(s.memberBulkOp(s.restoreOp)))
	handle([]string{"DELETE " + users + "/{id}", "POST " + users + "/{id}/remove", "POST " + users + "/{id}/delete"}, a(s.memberOp(s.removeOp)))
	handle([]string{"DELETE " + users, "POST " + users + "/remove"}, a(s.memberBulkOp(s.removeOp)))

	// Groups (§4.11).
	const groups = org + "/groups"
	mux.Handle("GET "+groups, a(s.listGroups(false)))
	mux.Handle("GET "+groups+"/details", a(s.listGroups(true)))
	mux.Handle("GET "+groups+"/{id}", a(s.getGroup("")))
	mux.Handle("GET "+groups+"/{id}/details", a(s.getGroup("details")))
	mux.Handle("GET "+groups+"/{id}/users", a(s.getGroup("users")))
	mux.Handle("POST "+groups, a(s.createGroup))
	handle([]string{"PUT " + groups + "/{id}", "POST " + groups + "/{id}"}, a(s.updateGroup))
	handle([]string{"DELETE " + groups + "/{id}", "POST " + groups + "/{id}/delete"}, a(s.deleteGroup))
	handle([]string{"DELETE " + groups, "POST " + groups + "/delete"}, a(s.deleteGroupsBulk))
	handle([]string{"PUT " + groups + "/{id}/users", "POST " + groups + "/{id}/users"}, a(s.putGroupUsers))
	handle([]string{"DELETE " + groups + "/{id}/user/{memberID}", "POST " + groups + "/{id}/delete-user/{memberID}"}, a(s.deleteGroupUser))

	// Sandbox only.
	mux.Handle("GET /sandbox/mailbox", h(s.mailbox))

	mux.Handle("/", h(s.notFound))
	return mux
}
