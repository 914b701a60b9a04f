// Package clipboard copies secrets to the system clipboard and clears them
// again after a delay (30 s by default), but only if the clipboard still
// holds the value we copied (product doc, "Quick copy").
//
// # Use
//
// The app keeps one [Copier] and calls [Copier.Copy]; it calls
// [Copier.ClearNow] on lock and on quit, since a pending clear dies with the
// process. A CLI that exits right after copying hands the clear to a
// background process of its own binary:
//
//	b := clipboard.System()
//	if err := b.Write(ctx, secret); err != nil { … }
//	d := clipboard.Sum(secret)
//	clear(secret)
//	exe, _ := os.Executable()
//	err := clipboard.SpawnClearer(exe, []string{"clipboard-clear"}, time.Now().Add(30*time.Second), d)
//
// and its hidden `clipboard-clear` subcommand runs
// `clipboard.RunClearer(ctx, clipboard.System(), os.Stdin)`. The clearer is
// detached (own session, or DETACHED_PROCESS on Windows; stdio on the null
// device) and reads the digest and the time on stdin: the secret is never
// passed, and nothing is in argv or the environment.
//
// # Recognising our value
//
// Only the SHA-256 [Digest] of what was written is kept, compared in
// constant time with the digest of what the clipboard holds at clear time;
// the secret itself is not retained. Between that read and the clear another
// program could still copy: no clipboard API offers compare-and-swap, so the
// window is one round trip. A second Copy cancels the pending clear of the
// first, even for the same value. Two CLI copies of the same value clear at
// the first one's time, which errs on the safe side.
//
// # Backends
//
// All run without cgo, so `go build ./...`, `go vet ./...` and `go test ./...`
// need no X11 or GTK headers, and the Windows build cross-compiles with
// CGO_ENABLED=0. golang.design/x/clipboard was not used: it needs cgo and
// libx11-dev on Linux and cannot add extra formats. github.com/atotto/clipboard
// was not used either: it takes and returns strings (which cannot be
// zeroed), takes no context, and cannot add the history-exclusion formats;
// what it does on Linux and macOS (run xclip/pbcopy) is a few lines here.
//
//   - Linux and BSD, X11: xclip (the package to install). xclip forks a child
//     that serves the selection until another program takes it, so the value
//     outlives the copying process and a CLI may exit; the child gets its own
//     session so a terminal hangup does not end it. xclip's parent exits
//     before the child's request for the selection reaches the X server, so
//     Write reads back until the clipboard holds the value (a few ms).
//     Clearing writes an empty value.
//   - Wayland (WAYLAND_DISPLAY set and wl-copy found): wl-copy/wl-paste from
//     wl-clipboard, which also forks a server; clearing is `wl-copy --clear`.
//     Not exercised by the tests (no compositor here); XWayland falls back to
//     xclip.
//   - Windows: user32 directly through syscall. The OS owns the data once
//     set, so it outlives the process.
//   - macOS: osascript's JavaScript bridge to NSPasteboard for writes (falls
//     back to pbcopy if that fails), pbpaste for reads. The pasteboard server
//     owns the data. Compile-checked only.
//
// No backend keeps a process of ours alive to serve the clipboard; that is
// why an in-process X11 library, whose selection dies with the process, was
// not chosen for the CLI's sake.
//
// # Clipboard history and managers
//
//   - Windows: every write also sets ExcludeClipboardContentFromMonitorProcessing,
//     CanIncludeInClipboardHistory = 0 and CanUploadToCloudClipboard = 0, so
//     Win+V history, cloud sync and well-behaved monitors skip the value.
//     Compile-checked only.
//   - macOS: org.nspasteboard.ConcealedType is added beside the string, which
//     clipboard managers following nspasteboard.org honour. Lost if the pbcopy
//     fallback is used. Compile-checked only.
//   - Linux: not done. KDE's Klipper skips a value offered with the extra
//     target x-kde-passwordManagerHint = "secret", but xclip and wl-copy each
//     serve one target per process, so the hint would need our own X11
//     selection owner (a process of ours serving the clipboard, as KeePassXC
//     does); the 30 s clear is what limits exposure there.
//
// # Errors
//
// Errors that mean there is no clipboard wrap [ErrUnavailable] and read
// "no clipboard available: neither DISPLAY nor WAYLAND_DISPLAY is set"; no error or log line contains the
// copied value or its digest.
package clipboard
