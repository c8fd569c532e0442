package ptytest

import "golang.org/x/sys/unix"

// canonical reports whether the terminal reads whole lines (ICANON), as it
// does when no prompt is reading keys.
func canonical(fd int) (bool, error) {
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return false, err
	}
	return t.Lflag&unix.ICANON != 0, nil
}
