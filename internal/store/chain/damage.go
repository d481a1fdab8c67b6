package chain

import (
	"fmt"
	"runtime/debug"
)

// Guard turns panics and memory faults raised while reading a damaged file
// into ErrDamaged, about the record file at path.
func Guard(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = Damaged(path, fmt.Sprint(r))
		}
	}()
	return fn()
}

// damagedError explains a refused file to a person.
type damagedError struct {
	path, detail string
	msg          string // the whole message, when the usual one does not fit
}

// Damaged says the record file at path is damaged, and how.
func Damaged(path, detail string) error { return &damagedError{path: path, detail: detail} }

// DamagedWith says the record file at path is damaged, in msg.
func DamagedWith(path, msg string) error { return &damagedError{path: path, msg: msg} }

func (e *damagedError) Error() string {
	if e.msg != "" {
		return e.msg
	}
	return fmt.Sprintf("the record file %s is damaged (%s); it has not been changed. "+
		"Restore it from a backup or ask whoever looks after the course for help.", e.path, e.detail)
}

func (e *damagedError) Unwrap() error { return ErrDamaged }
