package app

// Placeholder: slice B (browse the vault) replaces this file.

// VaultService answers the vault screens: sidebar, list, item view, copy.
type VaultService struct{ c *Core }

// NewVaultService binds the vault screens to c.
func NewVaultService(c *Core) *VaultService { return &VaultService{c: c} }
