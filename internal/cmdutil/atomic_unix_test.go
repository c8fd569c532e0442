//go:build unix

package cmdutil

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
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

// A FIFO named as the file to write, or a link to one, is written into and
// stays a FIFO: the reader at its other end gets the data. It used to be
// replaced by a regular file, and the reader got nothing. The reader opens
// its end first, without waiting for a writer, and reads only once the
// write is done (the data fits the pipe's buffer): a writer that never
// comes makes the test fail rather than hang, and a reader that read
// before the writer opened would see the end at once and leave the
// writer waiting for a reader forever.
func TestWriteFileAtomicIntoFIFO(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "results.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Symlink("results.jsonl", link); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{fifo, link} {
		r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteFileAtomic(name, []byte("{\"id\":1}\n")); err != nil {
			r.Close()
			t.Fatalf("%s: %v", name, err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil || string(data) != "{\"id\":1}\n" {
			t.Errorf("%s: the reader got %q (%v)", name, data, err)
		}
		if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
			t.Fatalf("%s: %s is no longer a FIFO (%v)", name, fifo, err)
		}
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("%s is no longer a symbolic link (%v)", link, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left beside the FIFO: %v", entries)
	}
}

// A character device is written into and stays a device. The device is a
// node made for the test (the null device's numbers) in a temporary
// directory: the machine's own /dev/null is never named, so that a bug
// cannot replace it.
func TestWriteFileAtomicIntoDevice(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 || runtime.GOOS != "linux" {
		t.Skip("making a device node needs root, and Linux's device numbers")
	}
	dir := t.TempDir()
	dev := filepath.Join(dir, "null")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, int(mkdev(1, 3))); err != nil {
		t.Skipf("mknod: %v", err)
	}
	a, err := CreateAtomic(dev)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Write([]byte("results\n")); err != nil {
		t.Fatal(err)
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(dev); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Errorf("%s is no longer a character device (%v)", dev, err)
	}
	// An aborted write leaves the device as well.
	if a, err = CreateAtomic(dev); err != nil {
		t.Fatal(err)
	}
	a.Abort()
	if st, err := os.Lstat(dev); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Errorf("%s is gone after Abort (%v)", dev, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left beside the device: %v", entries)
	}
}

// mkdev is Linux's makedev for the small numbers the test uses.
func mkdev(major, minor uint32) uint64 { return uint64(major)<<8 | uint64(minor) }
