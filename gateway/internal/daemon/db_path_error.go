package daemon

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
)

// explainDBPathError adds to a SQLite database that cannot be opened where the file really is
// and who tried: a relative --db resolves against the working folder, which under systemd or
// cron is not where the operator stood (data/checkins.db from / is /data/checkins.db), and a
// refusal depends on the user the gateway runs as.
func explainDBPathError(path string, err error) error {
	who := currentUser()
	if !filepath.IsAbs(path) {
		abs, aerr := filepath.Abs(path)
		if aerr != nil {
			return err
		}
		wd, _ := os.Getwd()
		return fmt.Errorf("%w (--db %s is relative: from the working folder %s it is %s, opened as the user %s; give an absolute path, like /var/lib/checkin-gateway/checkins.db)",
			err, path, wd, abs, who)
	}
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("%w (%s, opened as the user %s)", err, path, who)
	}
	return err
}

// currentUser is the process's user name, or its uid when it has no name.
func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "uid " + strconv.Itoa(os.Getuid())
}
