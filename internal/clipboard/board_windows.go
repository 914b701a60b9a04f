//go:build windows

package clipboard

import (
	"context"
	"fmt"
	"runtime"
	"syscall"
	"time"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// System returns the Windows clipboard, through user32 directly (no cgo).
// Each write also sets the formats that keep the value out of clipboard
// history, cloud clipboard sync and clipboard monitors.
func System() Board { return windowsBoard{} }

type windowsBoard struct{}

// user32 and kernel32 are KnownDLLs, always loaded from the system
// directory, so the DLL search order cannot substitute them.
var (
	user32   = syscall.NewLazyDLL("user32.dll")
	kernel32 = syscall.NewLazyDLL("kernel32.dll")

	procOpenClipboard              = user32.NewProc("OpenClipboard")
	procCloseClipboard             = user32.NewProc("CloseClipboard")
	procEmptyClipboard             = user32.NewProc("EmptyClipboard")
	procGetClipboardData           = user32.NewProc("GetClipboardData")
	procSetClipboardData           = user32.NewProc("SetClipboardData")
	procIsClipboardFormatAvailable = user32.NewProc("IsClipboardFormatAvailable")
	procRegisterClipboardFormatW   = user32.NewProc("RegisterClipboardFormatW")
	procGlobalAlloc                = kernel32.NewProc("GlobalAlloc")
	procGlobalFree                 = kernel32.NewProc("GlobalFree")
	procGlobalLock                 = kernel32.NewProc("GlobalLock")
	procGlobalUnlock               = kernel32.NewProc("GlobalUnlock")
	procGlobalSize                 = kernel32.NewProc("GlobalSize")
)

const (
	cfUnicodeText = 13     // CF_UNICODETEXT
	gmemMoveable  = 0x0002 // GMEM_MOVEABLE
)

// exclusionFormats are the registered formats that Windows' clipboard
// history (Win+V), cloud clipboard and well-behaved monitors honour, see
// https://learn.microsoft.com/windows/win32/dataxchg/clipboard-formats#cloud-clipboard-and-clipboard-history-formats
// The first one's presence is enough; the other two hold a DWORD 0.
var exclusionFormats = []string{
	"ExcludeClipboardContentFromMonitorProcessing",
	"CanIncludeInClipboardHistory",
	"CanUploadToCloudClipboard",
}

// openClipboard retries while another program holds the clipboard open,
// which it does only briefly. The caller must have locked its OS thread:
// the clipboard is open for the thread, and CloseClipboard must run there.
func openClipboard(ctx context.Context) error {
	for {
		r, _, err := procOpenClipboard.Call(0)
		if r != 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("open clipboard: %w (last: %v)", ctx.Err(), err)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// Write replaces the clipboard's content with text as CF_UNICODETEXT plus
// the exclusion formats; empty text just empties the clipboard. Windows keeps
// the data after this process exits.
func (windowsBoard) Write(ctx context.Context, text []byte) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := openClipboard(ctx); err != nil {
		return err
	}
	defer procCloseClipboard.Call()
	if r, _, err := procEmptyClipboard.Call(); r == 0 {
		return fmt.Errorf("empty clipboard: %w", err)
	}
	if len(text) == 0 {
		return nil
	}
	u := make([]uint16, 0, len(text)+1)
	for b := text; len(b) > 0; {
		r, n := utf8.DecodeRune(b)
		u = utf16.AppendRune(u, r)
		b = b[n:]
	}
	u = append(u, 0)
	defer clear(u)
	if err := setData(cfUnicodeText, unsafe.Slice((*byte)(unsafe.Pointer(&u[0])), 2*len(u))); err != nil {
		return fmt.Errorf("set clipboard text: %w", err)
	}
	var zero [4]byte // DWORD 0
	for _, name := range exclusionFormats {
		p, err := syscall.UTF16PtrFromString(name)
		if err != nil {
			panic(err) // constant names
		}
		f, _, err := procRegisterClipboardFormatW.Call(uintptr(unsafe.Pointer(p)))
		if f == 0 {
			return fmt.Errorf("register clipboard format %s: %w", name, err)
		}
		if err := setData(f, zero[:]); err != nil {
			return fmt.Errorf("set clipboard format %s: %w", name, err)
		}
	}
	return nil
}

// setData copies data into a movable global block and hands it to the
// clipboard, which owns it from then on.
func setData(format uintptr, data []byte) error {
	h, _, err := procGlobalAlloc.Call(gmemMoveable, uintptr(len(data)))
	if h == 0 {
		return fmt.Errorf("GlobalAlloc: %w", err)
	}
	p, _, err := procGlobalLock.Call(h)
	if p == 0 {
		procGlobalFree.Call(h)
		return fmt.Errorf("GlobalLock: %w", err)
	}
	copy(unsafe.Slice((*byte)(ptr(p)), len(data)), data)
	procGlobalUnlock.Call(h)
	if r, _, err := procSetClipboardData.Call(format, h); r == 0 {
		procGlobalFree.Call(h)
		return fmt.Errorf("SetClipboardData: %w", err)
	}
	return nil
}

// Read returns the clipboard's text as UTF-8, empty if it holds no text.
func (windowsBoard) Read(ctx context.Context) ([]byte, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := openClipboard(ctx); err != nil {
		return nil, err
	}
	defer procCloseClipboard.Call()
	if r, _, _ := procIsClipboardFormatAvailable.Call(cfUnicodeText); r == 0 {
		return []byte{}, nil
	}
	h, _, err := procGetClipboardData.Call(cfUnicodeText)
	if h == 0 {
		return nil, fmt.Errorf("get clipboard text: %w", err)
	}
	p, _, err := procGlobalLock.Call(h)
	if p == 0 {
		return nil, fmt.Errorf("get clipboard text: GlobalLock: %w", err)
	}
	defer procGlobalUnlock.Call(h)
	size, _, _ := procGlobalSize.Call(h)
	u := unsafe.Slice((*uint16)(ptr(p)), size/2)
	out := make([]byte, 0, 3*len(u)) // never regrown: no stray copies
	for i := 0; i < len(u) && u[i] != 0; i++ {
		r := rune(u[i])
		if utf16.IsSurrogate(r) && i+1 < len(u) {
			if d := utf16.DecodeRune(r, rune(u[i+1])); d != utf8.RuneError {
				r = d
				i++
			}
		}
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}

// ptr turns an address returned by a Windows call into a pointer; the
// memory is not Go's, so the conversion is safe, and this form keeps vet's
// unsafeptr check quiet as x/sys/windows does.
func ptr(u uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&u)) }
