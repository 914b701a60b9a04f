package cache

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// The child half of TestKilledDuringApply: it applies big syncs to the
// cache named by the environment and is killed by the parent.
const (
	childEnvPath = "VAULTDESK_CACHE_TEST_CHILD_PATH"
	childEnvKey  = "VAULTDESK_CACHE_TEST_CHILD_KEY"
	childEnvMode = "VAULTDESK_CACHE_TEST_CHILD_MODE"
	childCiphers = 6000
)

var childRev = rev0.Add(24 * time.Hour)

func TestChildApply(t *testing.T) {
	path := os.Getenv(childEnvPath)
	if path == "" {
		t.Skip("only runs as the child of TestKilledDuringApply")
	}
	kb, _ := hex.DecodeString(os.Getenv(childEnvKey))
	uk, err := crypto.SymmetricKeyFromBytes(kb)
	if err != nil {
		t.Fatal(err)
	}
	k := DeriveSealKey(uk)
	// A small page cache, so the transaction spills uncommitted pages
	// into the WAL before it commits.
	s, err := openStore(path, "cache_size(-500)")
	if err != nil {
		t.Fatal(err)
	}
	sync, _ := buildSync(t, uk, childCiphers, "child")
	if os.Getenv(childEnvMode) == "hook" {
		// Stop halfway through the ciphers, inside the transaction, and
		// wait to be killed.
		testHookApplyRow = func(table string, i int) error {
			if table == tCiphers && i == childCiphers/2 {
				fi, _ := os.Stat(path + "-wal")
				fmt.Printf("mid wal=%d\n", fi.Size())
				select {}
			}
			return nil
		}
	}
	if os.Getenv(childEnvMode) == "loop" {
		// Say when the second sync is inside its transaction, and go on:
		// the kill lands somewhere after that.
		n := 0
		testHookApplyRow = func(table string, i int) error {
			if table == tCiphers && i == 1000 {
				if n++; n == 2 {
					fmt.Println("inside")
				}
			}
			return nil
		}
	}
	fmt.Println("start")
	for {
		if err := s.ApplySync(t.Context(), k, sync, childRev); err != nil {
			t.Fatal(err)
		}
	}
}

func TestKilledDuringApply(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	for _, mode := range []string{"hook", "loop"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "account.db")
			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			uk, k := testKeys(t)
			prev, _ := buildSync(t, uk, 50, "prev")
			if err := s.ApplySync(t.Context(), k, prev, rev0); err != nil {
				t.Fatal(err)
			}
			before := mustLoad(t, s, k)
			s.Close()

			ukb := uk.Bytes()
			cmd := exec.Command(os.Args[0], "-test.run=^TestChildApply$", "-test.count=1")
			cmd.Env = append(os.Environ(), childEnvPath+"="+path, childEnvKey+"="+hex.EncodeToString(ukb), childEnvMode+"="+mode)
			cmd.Stderr = os.Stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(out)
			want := map[string]string{"hook": "mid", "loop": "inside"}[mode]
			for sc.Scan() {
				t.Logf("child: %s", sc.Text())
				if strings.HasPrefix(sc.Text(), want) {
					break
				}
			}
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			fi, err := os.Stat(path + "-wal")
			if err != nil || fi.Size() == 0 {
				t.Fatalf("the killed child left no WAL (%v): the test did not kill it mid-write", err)
			}
			t.Logf("WAL left by the killed child: %d bytes", fi.Size())

			s, err = Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			after := mustLoad(t, s, k)
			if len(after.Damaged) != 0 {
				t.Fatalf("after kill: Damaged = %v", after.Damaged)
			}
			switch mode {
			case "hook":
				// Killed inside the child's only sync: the state before it.
				if !after.Revision.Equal(rev0) {
					t.Fatalf("after kill: revision %v, want %v", after.Revision, rev0)
				}
				checkSyncEqual(t, after.Sync, before.Sync)
			case "loop":
				// Killed during or after the child's second sync: the
				// child's last committed sync, whole.
				if !after.Revision.Equal(childRev) || len(after.Sync.Ciphers) != childCiphers {
					t.Fatalf("after kill: revision %v, %d ciphers, want %v, %d",
						after.Revision, len(after.Sync.Ciphers), childRev, childCiphers)
				}
			}
		})
	}
}
