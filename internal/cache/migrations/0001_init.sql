-- Vaultdesk offline cache, schema 1. See doc.go for what is sealed.

-- The account: readable without any key (what unlocking needs).
CREATE TABLE account (
	id               INTEGER PRIMARY KEY CHECK (id = 1),
	user_id          TEXT    NOT NULL,
	email            TEXT    NOT NULL,
	salt             TEXT    NOT NULL,
	server_url       TEXT    NOT NULL,
	kdf_type         INTEGER NOT NULL,
	kdf_iterations   INTEGER NOT NULL,
	kdf_memory       INTEGER NOT NULL,
	kdf_parallelism  INTEGER NOT NULL,
	wrapped_user_key TEXT    NOT NULL, -- EncString under the master key
	created          INTEGER NOT NULL, -- unix nanoseconds
	updated          INTEGER NOT NULL
) STRICT;

-- The user key sealed under a random key kept in the OS keychain.
CREATE TABLE keychain (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	blob BLOB    NOT NULL
) STRICT;

-- Sealed vault rows: blob = version ‖ nonce ‖ AES-256-GCM(JSON), with
-- "vaultdesk cache v1\0<table>\0<id>" as additional data. pos keeps the
-- server's order.
CREATE TABLE sync_state (
	pos  INTEGER PRIMARY KEY,
	id   TEXT    NOT NULL UNIQUE,
	blob BLOB    NOT NULL
) STRICT;

CREATE TABLE profile (
	pos  INTEGER PRIMARY KEY,
	id   TEXT    NOT NULL UNIQUE,
	blob BLOB    NOT NULL
) STRICT;

CREATE TABLE orgs (
	pos  INTEGER PRIMARY KEY,
	id   TEXT    NOT NULL UNIQUE,
	blob BLOB    NOT NULL
) STRICT;

CREATE TABLE folders (
	pos  INTEGER PRIMARY KEY,
	id   TEXT    NOT NULL UNIQUE,
	blob BLOB    NOT NULL
) STRICT;

CREATE TABLE collections (
	pos  INTEGER PRIMARY KEY,
	id   TEXT    NOT NULL UNIQUE,
	blob BLOB    NOT NULL
) STRICT;

CREATE TABLE ciphers (
	pos  INTEGER PRIMARY KEY,
	id   TEXT    NOT NULL UNIQUE,
	blob BLOB    NOT NULL
) STRICT;
