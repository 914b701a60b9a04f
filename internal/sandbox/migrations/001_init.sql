-- Initial schema. Times are integers: *_us columns are Unix microseconds
-- (UTC), revision_ms is Unix milliseconds (the account revision date).

CREATE TABLE meta (
	k TEXT PRIMARY KEY,
	v BLOB NOT NULL
) STRICT;

CREATE TABLE users (
	id              TEXT PRIMARY KEY,
	email           TEXT NOT NULL UNIQUE,
	name            TEXT NOT NULL DEFAULT '',
	hint            TEXT,
	pw_hash         BLOB NOT NULL,
	pw_salt         BLOB NOT NULL,
	pw_iter         INTEGER NOT NULL,
	kdf             INTEGER NOT NULL,
	kdf_iter        INTEGER NOT NULL,
	kdf_mem         INTEGER,
	kdf_par         INTEGER,
	akey            TEXT NOT NULL,
	private_key     TEXT,
	public_key      TEXT,
	security_stamp  TEXT NOT NULL,
	api_key         TEXT NOT NULL,
	user_key_id     TEXT,
	totp_secret     TEXT,
	totp_last_step  INTEGER NOT NULL DEFAULT 0,
	email_2fa       TEXT,
	avatar_color    TEXT,
	created_us      INTEGER NOT NULL,
	revision_ms     INTEGER NOT NULL
) STRICT;

CREATE TABLE devices (
	id                TEXT PRIMARY KEY,
	user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	identifier        TEXT NOT NULL,
	name              TEXT NOT NULL,
	type              INTEGER NOT NULL,
	client_id         TEXT NOT NULL,
	refresh_hash      BLOB UNIQUE,
	refresh_expires_us INTEGER,
	remember_hash     BLOB,
	remember_expires_us INTEGER,
	created_us        INTEGER NOT NULL,
	UNIQUE (user_id, identifier)
) STRICT;

CREATE TABLE email_codes (
	user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	purpose    TEXT NOT NULL, -- 'login' or 'setup'
	email      TEXT NOT NULL,
	code       TEXT NOT NULL,
	expires_us INTEGER NOT NULL
) STRICT;
CREATE INDEX email_codes_user ON email_codes(user_id, purpose);

CREATE TABLE folders (
	id          TEXT PRIMARY KEY,
	user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name        TEXT NOT NULL,
	revision_us INTEGER NOT NULL
) STRICT;
CREATE INDEX folders_user ON folders(user_id);

CREATE TABLE orgs (
	id            TEXT PRIMARY KEY,
	name          TEXT NOT NULL,
	business_name TEXT,
	billing_email TEXT NOT NULL,
	plan_type     INTEGER NOT NULL,
	seats         INTEGER NOT NULL,
	public_key    TEXT,
	private_key   TEXT,
	created_us    INTEGER NOT NULL
) STRICT;

-- A membership. user_id is NULL for an invited email without an account.
-- revoked keeps status, so that restoring gives the previous status back.
CREATE TABLE members (
	id            TEXT PRIMARY KEY,
	org_id        TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
	user_id       TEXT REFERENCES users(id) ON DELETE CASCADE,
	email         TEXT NOT NULL,
	type          INTEGER NOT NULL,
	status        INTEGER NOT NULL,
	revoked       INTEGER NOT NULL DEFAULT 0,
	akey          TEXT,
	permissions   TEXT,
	external_id   TEXT,
	invite_hash   BLOB,
	created_us    INTEGER NOT NULL,
	UNIQUE (org_id, email)
) STRICT;
CREATE INDEX members_user ON members(user_id);

CREATE TABLE collections (
	id          TEXT PRIMARY KEY,
	org_id      TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
	name        TEXT NOT NULL,
	external_id TEXT,
	created_us  INTEGER NOT NULL
) STRICT;
CREATE INDEX collections_org ON collections(org_id);

CREATE TABLE collection_members (
	collection_id  TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
	member_id      TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	read_only      INTEGER NOT NULL,
	hide_passwords INTEGER NOT NULL,
	manage         INTEGER NOT NULL,
	PRIMARY KEY (collection_id, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX collection_members_member ON collection_members(member_id);

CREATE TABLE groups (
	id          TEXT PRIMARY KEY,
	org_id      TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
	name        TEXT NOT NULL,
	external_id TEXT,
	created_us  INTEGER NOT NULL
) STRICT;
CREATE INDEX groups_org ON groups(org_id);

CREATE TABLE group_members (
	group_id  TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	PRIMARY KEY (group_id, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_members_member ON group_members(member_id);

CREATE TABLE collection_groups (
	collection_id  TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
	group_id       TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	read_only      INTEGER NOT NULL,
	hide_passwords INTEGER NOT NULL,
	manage         INTEGER NOT NULL,
	PRIMARY KEY (collection_id, group_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX collection_groups_group ON collection_groups(group_id);

-- A cipher belongs to a user (personal) or to an organization. data holds
-- the encrypted fields exactly as they go on the wire, as one JSON object.
CREATE TABLE ciphers (
	id          TEXT PRIMARY KEY,
	user_id     TEXT REFERENCES users(id) ON DELETE CASCADE,
	org_id      TEXT REFERENCES orgs(id) ON DELETE CASCADE,
	type        INTEGER NOT NULL,
	data        TEXT NOT NULL,
	created_us  INTEGER NOT NULL,
	revision_us INTEGER NOT NULL,
	deleted_us  INTEGER,
	CHECK ((user_id IS NULL) <> (org_id IS NULL))
) STRICT;
CREATE INDEX ciphers_user ON ciphers(user_id);
CREATE INDEX ciphers_org ON ciphers(org_id);

-- Per-user folder and favorite of a cipher.
CREATE TABLE cipher_user (
	cipher_id TEXT NOT NULL REFERENCES ciphers(id) ON DELETE CASCADE,
	user_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	folder_id TEXT REFERENCES folders(id) ON DELETE SET NULL,
	favorite  INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (user_id, cipher_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX cipher_user_folder ON cipher_user(folder_id);
CREATE INDEX cipher_user_cipher ON cipher_user(cipher_id);

CREATE TABLE cipher_collections (
	cipher_id     TEXT NOT NULL REFERENCES ciphers(id) ON DELETE CASCADE,
	collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
	PRIMARY KEY (cipher_id, collection_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX cipher_collections_collection ON cipher_collections(collection_id);

CREATE TABLE mail (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	id         TEXT NOT NULL UNIQUE,
	to_email   TEXT NOT NULL,
	kind       TEXT NOT NULL,
	subject    TEXT NOT NULL,
	body       TEXT NOT NULL,
	token      TEXT NOT NULL,
	link       TEXT NOT NULL,
	created_us INTEGER NOT NULL
) STRICT;
CREATE INDEX mail_to ON mail(to_email);
