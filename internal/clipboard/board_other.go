//go:build !unix && !windows

package clipboard

import (
	"context"
	"fmt"
	"runtime"
)

// System returns a Board that always fails with ErrUnavailable: this
// platform has no clipboard backend.
func System() Board { return noBoard{} }

type noBoard struct{}

func (noBoard) Write(context.Context, []byte) error {
	return fmt.Errorf("%w: not supported on %s", ErrUnavailable, runtime.GOOS)
}

func (noBoard) Read(context.Context) ([]byte, error) {
	return nil, fmt.Errorf("%w: not supported on %s", ErrUnavailable, runtime.GOOS)
}
