-- New-device verification (§2.4): when on, a password login without
-- two-step login from a device not yet known must prove the account's
-- email with a mailed code. Off by default, as the demo accounts are used
-- from fresh test directories all the time.
ALTER TABLE users ADD COLUMN verify_devices INTEGER NOT NULL DEFAULT 0;
