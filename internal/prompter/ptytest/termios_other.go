//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd && !dragonfly

package ptytest

// canonical cannot tell on this system; Send then types at once.
func canonical(int) (bool, error) { return false, nil }
