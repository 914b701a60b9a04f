package app

// Placeholder: slice C (edit items) replaces this file.

// EditService answers the item editor, the generator and bulk actions.
type EditService struct{ c *Core }

// NewEditService binds the editing screens to c.
func NewEditService(c *Core) *EditService { return &EditService{c: c} }
