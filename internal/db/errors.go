package db

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"healthgrid/internal/apperr"
)

// Store-level error kinds, wrapping apperr kinds so that a module can pass
// them up unchanged or wrap them in its own sentinels.
var (
	// ErrUnique is a unique or primary-key violation.
	ErrUnique = apperr.New(apperr.ErrConflict, "db.duplicate", "db: duplicate key")
	// ErrForeignKey is a reference to a row that does not exist (or a delete of a referenced row).
	ErrForeignKey = apperr.New(apperr.ErrConflict, "db.foreign_key", "db: foreign key violation")
)

func (d *DB) mapErr(err error) error {
	if err == nil {
		return nil
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "23505":
			return fmt.Errorf("%w (%s)", ErrUnique, pg.ConstraintName)
		case "23503":
			return fmt.Errorf("%w (%s)", ErrForeignKey, pg.ConstraintName)
		}
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w (%s)", ErrUnique, se.Error())
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%w (%s)", ErrForeignKey, se.Error())
		}
	}
	return err
}
