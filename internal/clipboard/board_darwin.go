//go:build darwin

package clipboard

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// System returns the macOS general pasteboard. Writes go through
// osascript's JavaScript-to-Objective-C bridge, which can add the
// org.nspasteboard.ConcealedType marker that clipboard managers honour
// (nspasteboard.org); pbcopy cannot, and linking AppKit would need cgo,
// which the cross-build from Linux rules out. Reads use pbpaste.
func System() Board { return darwinBoard{} }

type darwinBoard struct{}

// concealedCopy reads UTF-8 text on stdin and puts it on the general
// pasteboard as a string plus the concealed marker; empty input only clears
// the pasteboard. The text never appears in argv.
const concealedCopy = `ObjC.import('AppKit');
var data = $.NSFileHandle.fileHandleWithStandardInput.readDataToEndOfFile;
var pb = $.NSPasteboard.generalPasteboard;
pb.clearContents;
if (data.length > 0) {
  var s = $.NSString.alloc.initWithDataEncoding(data, $.NSUTF8StringEncoding);
  if (!pb.setStringForType(s, $.NSPasteboardTypeString)) { throw new Error('setString failed'); }
  pb.setStringForType($(''), 'org.nspasteboard.ConcealedType');
}`

// Write puts text on the pasteboard, marked concealed. If osascript fails
// it falls back to pbcopy, which copies without the marker: a working copy
// matters more to the technician than the marker. The pasteboard server
// keeps the value after this process exits.
func (darwinBoard) Write(ctx context.Context, text []byte) error {
	err := run(ctx, text, "osascript", "-l", "JavaScript", "-e", concealedCopy)
	if err == nil {
		return nil
	}
	if err2 := run(ctx, text, "pbcopy"); err2 != nil {
		return fmt.Errorf("%w (osascript: %v)", err2, err)
	}
	return nil
}

// Read returns the pasteboard's text, empty if it holds none.
func (darwinBoard) Read(ctx context.Context) ([]byte, error) {
	var out, stderr bytes.Buffer
	out.Grow(4096) // most values fit, so no stray copies from regrowing
	cmd := exec.CommandContext(ctx, "pbpaste")
	cmd.Stdout = &out
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		clear(out.Bytes())
		return nil, toolFailed("pbpaste", err, stderr.Bytes())
	}
	return out.Bytes(), nil
}

func run(ctx context.Context, stdin []byte, name string, args ...string) error {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return toolFailed(name, err, stderr.Bytes())
	}
	return nil
}

// toolFailed reports a failed tool run with its diagnostic, cut short; the
// tools print no clipboard content on stderr.
func toolFailed(name string, err error, stderr []byte) error {
	msg := strings.TrimSpace(string(stderr))
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	if msg == "" {
		return fmt.Errorf("%s: %w", name, err)
	}
	return fmt.Errorf("%s: %w: %s", name, err, msg)
}
