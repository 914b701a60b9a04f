package clipboard

import (
	"bufio"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"
)

// MaxClearDelay bounds how far in the future a background clearer accepts to
// clear: a clearer is a process left behind, and one told to wait for a year
// is a bug.
const MaxClearDelay = 24 * time.Hour

// requestMagic starts the one line a clearer reads on stdin:
//
//	vaultdesk-clipboard-clear/1 <digest hex> <clear-at RFC 3339>
const requestMagic = "vaultdesk-clipboard-clear/1"

// maxRequestLen bounds the read of that line.
const maxRequestLen = 256

// SpawnClearer starts exe with args as a background process, detached from
// the terminal (its own session, stdio on the null device), that clears the
// clipboard at clearAt if it still holds the value whose digest is d, then
// exits. The digest and time reach it on stdin, never in argv or the
// environment, and the secret never does. exe must run [RunClearer] for
// these args; SpawnClearer returns once the request is handed over.
//
// It is for a CLI that exits right after copying:
//
//	exe, _ := os.Executable()
//	clipboard.SpawnClearer(exe, []string{"clipboard-clear"}, clearAt, clipboard.Sum(secret))
func SpawnClearer(exe string, args []string, clearAt time.Time, d Digest) error {
	if delay := time.Until(clearAt); delay > MaxClearDelay {
		return fmt.Errorf("spawn clipboard clearer: clear in %v is beyond the %v limit", delay.Round(time.Second), MaxClearDelay)
	}
	cmd := exec.Command(exe, args...)
	cmd.SysProcAttr = detached()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("spawn clipboard clearer: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("spawn clipboard clearer: %w", err)
	}
	_, werr := fmt.Fprintf(stdin, "%s %s %s\n", requestMagic, hex.EncodeToString(d[:]), clearAt.UTC().Format(time.RFC3339Nano))
	cerr := stdin.Close()
	if err := errors.Join(werr, cerr); err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return fmt.Errorf("spawn clipboard clearer: send request: %w", err)
	}
	// Not waited for: it outlives us and is reaped by init once we exit.
	// A long-lived caller keeps a zombie until then, which is harmless.
	return cmd.Process.Release()
}

// RunClearer is the body of the background process that [SpawnClearer]
// starts: it reads the request from in (the process's stdin), waits until the
// requested time, then clears b if it still holds the value the request
// names. It returns early with ctx's error if ctx ends first.
func RunClearer(ctx context.Context, b Board, in io.Reader) error {
	d, clearAt, err := readRequest(in)
	if err != nil {
		return err
	}
	t := time.NewTimer(time.Until(clearAt))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
	}
	ctx, cancel := context.WithTimeout(ctx, ioTimeout)
	defer cancel()
	_, err = clearIfEqual(ctx, b, d)
	return err
}

// readRequest parses the request line strictly.
func readRequest(in io.Reader) (Digest, time.Time, error) {
	line, err := bufio.NewReader(io.LimitReader(in, maxRequestLen)).ReadString('\n')
	if err != nil {
		return Digest{}, time.Time{}, fmt.Errorf("read clipboard clear request: %w", err)
	}
	f := strings.Fields(line)
	if len(f) != 3 || f[0] != requestMagic {
		return Digest{}, time.Time{}, fmt.Errorf("read clipboard clear request: malformed request of %d fields", len(f))
	}
	var d Digest
	if len(f[1]) != hex.EncodedLen(len(d)) {
		return Digest{}, time.Time{}, fmt.Errorf("read clipboard clear request: digest of %d hex digits, want %d", len(f[1]), hex.EncodedLen(len(d)))
	}
	if _, err := hex.Decode(d[:], []byte(f[1])); err != nil {
		return Digest{}, time.Time{}, errors.New("read clipboard clear request: bad digest")
	}
	clearAt, err := time.Parse(time.RFC3339Nano, f[2])
	if err != nil {
		return Digest{}, time.Time{}, fmt.Errorf("read clipboard clear request: bad time: %w", err)
	}
	if time.Until(clearAt) > MaxClearDelay {
		return Digest{}, time.Time{}, fmt.Errorf("read clipboard clear request: clear time beyond the %v limit", MaxClearDelay)
	}
	return d, clearAt, nil
}
