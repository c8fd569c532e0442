//go:build unix

package cmdutil

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A symbolic link named as the file to write is written through: the link
// stays a link, and its target gets the new content, atomically. It used
// to be replaced by a regular file while the target kept its old content.
func TestWriteFileAtomicThroughSymlink(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sub := filepath.Join(dir, "real")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(sub, "answers.yaml")
	if err := os.WriteFile(target, []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink(filepath.Join("real", "answers.yaml"), link); err != nil {
		t.Fatal(err)
	}
	chain := filepath.Join(dir, "chain.yaml")
	if err := os.Symlink("link.yaml", chain); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{link, chain} {
		want := []string{"new\n", "newer\n"}[i]
		if err := WriteFileAtomic(name, []byte(want)); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Lstat(name); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a symbolic link (%v)", name, err)
		}
		data, _ := os.ReadFile(target)
		st, _ := os.Stat(target)
		if string(data) != want || st.Mode().Perm() != 0o640 {
			t.Errorf("target after writing %s: %q mode %v, want %q mode 0640", name, data, st.Mode().Perm(), want)
		}
	}
	// A link to a file not yet there creates it, as a shell's > would.
	dangling := filepath.Join(dir, "dangling.yaml")
	if err := os.Symlink(filepath.Join("real", "new.yaml"), dangling); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(dangling, []byte("x\n")); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(sub, "new.yaml")); string(data) != "x\n" {
		t.Errorf("dangling link's target holds %q", data)
	}
	loop := filepath.Join(dir, "loop.yaml")
	if err := os.Symlink("loop.yaml", loop); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(loop, nil); err == nil || err.Error() != loop+": cannot write: too many levels of symbolic links" {
		t.Errorf("link loop: %v", err)
	}
	for _, d := range []string{dir, sub} {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if filepath.Ext(e.Name()) != ".yaml" && e.Name() != "real" {
				t.Errorf("temporary file left: %s", e.Name())
			}
		}
	}
}

// A new file gets the mode the umask allows (0600 under umask 077), not
// 0644 whatever the umask. Not parallel: the umask is the process's.
func TestWriteFileAtomicRespectsUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := t.TempDir()
	p := filepath.Join(dir, "new.yaml")
	if err := WriteFileAtomic(p, []byte("x\n")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
		t.Errorf("new file under umask 077: mode %v, want 0600", st.Mode().Perm())
	}
	f, err := CreateAtomic(filepath.Join(dir, "out.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("a,b\n")); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(filepath.Join(dir, "out.csv")); st.Mode().Perm() != 0o600 {
		t.Errorf("new output file under umask 077: mode %v, want 0600", st.Mode().Perm())
	}
}
