-- Named slots beside the account record: small values the client core
-- keeps per account. A slot holds either a row sealed under the cache's
-- SealKey (Store.SaveSealed: tokens) or a blob sealed under some other key
-- by its owner (Store.SaveBlob: the user key under a CLI session key).
CREATE TABLE slots (
	name TEXT PRIMARY KEY,
	blob BLOB NOT NULL
) STRICT;
