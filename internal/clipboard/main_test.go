package clipboard

import (
	"context"
	"fmt"
	"io"
	"os"
	"testing"
	"time"
)

// helperEnv makes the test binary act as the CLI in the detached-clearer
// test: "copy" copies stdin and hands the clear to a background process of
// the same binary, as `vdesk copy` does, then exits; "clear" is that
// background process, as `vdesk clipboard-clear` is.
const helperEnv = "VDESK_CLIPBOARD_HELPER"

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		os.Exit(m.Run())
	case "copy":
		os.Exit(helperCopy())
	case "clear":
		if err := RunClearer(context.Background(), System(), os.Stdin); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	default:
		fmt.Fprintf(os.Stderr, "unknown %s\n", helperEnv)
		os.Exit(2)
	}
}

// helperCopy prints the time the clear is due, so the test knows when the
// clipboard may be empty.
func helperCopy() int {
	after, err := time.ParseDuration(os.Getenv("VDESK_CLIPBOARD_AFTER"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	secret, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := System().Write(context.Background(), secret); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	clearAt := time.Now().Add(after)
	d := Sum(secret)
	clear(secret)
	os.Setenv(helperEnv, "clear")
	if err := SpawnClearer(os.Args[0], []string{"-test.run=^$"}, clearAt, d); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(clearAt.Format(time.RFC3339Nano))
	return 0
}
