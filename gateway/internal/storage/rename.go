package storage

import "errors"

// ErrRenameTaken is RenameService's refusal when the new name already has check-ins: the two
// histories would mix.
var ErrRenameTaken = errors.New("the new name already has check-ins")
