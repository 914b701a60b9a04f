package app

// Placeholder: slice D (administration) replaces this file.

// AdminService answers the administration screens.
type AdminService struct{ c *Core }

// NewAdminService binds the administration screens to c.
func NewAdminService(c *Core) *AdminService { return &AdminService{c: c} }
