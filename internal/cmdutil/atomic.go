package cmdutil

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// AtomicFile is a file that replaces path only when whole: it is written as
// a temporary file in the same directory as the file it replaces, synced
// and renamed over it by Commit. Until then, and after Abort, path is as it
// was. It is the one way orgadvisor writes a file (--save-answers,
// batch --out).
//
// When path is a symbolic link, the file it leads to is replaced and the
// link stays a link, as a shell's > would write through it. An existing
// file keeps its permissions; a new one gets 0666 less the umask.
//
// When path exists and is not a regular file (a device such as /dev/null
// or /dev/stdout, a FIFO, a socket), it is written straight into, as a
// shell's > would: renaming a file over it would replace the device or
// the pipe with a regular file. Such a write is not atomic.
type AtomicFile struct {
	f *os.File
	// direct is true when f is path itself, not a temporary file.
	direct bool
	// path is the name given, for messages; target is the file replaced.
	path, target string
	// mode is the existing file's, applied on Commit; 0 for a new file,
	// which was created with the umask's mode.
	mode os.FileMode
}

// CreateAtomic starts writing path: see AtomicFile. A path that cannot be
// written (its directory missing, a directory, no right to create a file
// there) is the user's: its error is an *InputError (exit 2). Errors
// while writing, such as a full disk, are not.
func CreateAtomic(path string) (*AtomicFile, error) {
	a, err := createAtomic(path)
	return a, BadInput(err)
}

func createAtomic(path string) (*AtomicFile, error) {
	if err := CheckWritable(path); err != nil {
		return nil, err
	}
	// Stat follows links as the kernel does, /dev/stdout's
	// /proc/self/fd/1 to a pipe included, which resolveLinks cannot.
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() && !st.IsDir() {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return nil, fmt.Errorf("%s: cannot write: %w", path, unwrapPath(err))
		}
		return &AtomicFile{f: f, direct: true, path: path, target: path}, nil
	}
	target, err := resolveLinks(path)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot write: %w", path, err)
	}
	a := &AtomicFile{path: path, target: target}
	perm := os.FileMode(0o666) // less the umask, by the kernel
	if st, err := os.Stat(target); err == nil {
		if st.IsDir() {
			return nil, fmt.Errorf("%s: is a directory, not a file", path)
		}
		a.mode, perm = st.Mode().Perm(), 0o600
	}
	if a.f, err = createTemp(target, perm); err != nil {
		return nil, fmt.Errorf("%s: cannot write: %w", path, unwrapPath(err))
	}
	return a, nil
}

// Write writes to the temporary file.
func (a *AtomicFile) Write(p []byte) (int, error) { return a.f.Write(p) }

// Commit puts the whole file in place of the old one. On failure the old
// file is left as it was. Written straight into a device or a FIFO, it
// only closes it.
func (a *AtomicFile) Commit() error {
	fail := func(err error) error {
		a.Abort()
		return fmt.Errorf("%s: cannot write: %w", a.path, unwrapPath(err))
	}
	if a.direct {
		if err := a.f.Close(); err != nil {
			return fmt.Errorf("%s: cannot write: %w", a.path, unwrapPath(err))
		}
		return nil
	}
	if a.mode != 0 {
		if err := a.f.Chmod(a.mode); err != nil {
			return fail(err)
		}
	}
	if err := a.f.Sync(); err != nil {
		return fail(err)
	}
	if err := a.f.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(a.f.Name(), a.target); err != nil {
		return fail(err)
	}
	return nil
}

// Abort removes the temporary file, leaving the old file as it was. It may
// be called after a failed Commit. Written straight into a device or a
// FIFO, it only closes it: what was written is gone.
func (a *AtomicFile) Abort() {
	a.f.Close()
	if a.direct {
		return
	}
	os.Remove(a.f.Name())
}

// WriteFileAtomic writes data to path through an AtomicFile: readers see
// the old file or the whole new one, never a part.
func WriteFileAtomic(path string, data []byte) error {
	a, err := CreateAtomic(path)
	if err != nil {
		return err
	}
	if _, err := a.Write(data); err != nil {
		a.Abort()
		return fmt.Errorf("%s: cannot write: %w", path, unwrapPath(err))
	}
	return a.Commit()
}

// createTemp creates a new file beside target, as os.CreateTemp does, but
// with the mode perm (less the umask) where os.CreateTemp always uses 0600.
func createTemp(target string, perm os.FileMode) (*os.File, error) {
	prefix := filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".tmp")
	for try := 0; ; try++ {
		f, err := os.OpenFile(prefix+strconv.FormatUint(uint64(rand.Uint32()), 10), os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, os.ErrExist) || try == 100 {
			return f, err
		}
	}
}

// maxLinks bounds the symbolic links followed, as the kernel's ELOOP does.
const maxLinks = 40

// resolveLinks follows path while it is a symbolic link and returns the
// name of the file it leads to, which may not exist yet.
func resolveLinks(path string) (string, error) {
	for range maxLinks {
		st, err := os.Lstat(path)
		if err != nil || st.Mode()&os.ModeSymlink == 0 {
			return path, nil
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", unwrapPath(err)
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return "", syscall.ELOOP
}

// CheckWritable reports early, before any work, that path cannot be
// written because its directory is missing or path is a directory.
func CheckWritable(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case err != nil:
		return fmt.Errorf("%s: cannot write: directory %s: %w", path, dir, unwrapPath(err))
	case !st.IsDir():
		return fmt.Errorf("%s: cannot write: %s is not a directory", path, dir)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s: is a directory, not a file", path)
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}
