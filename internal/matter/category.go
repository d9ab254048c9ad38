package matter

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
)

// CreateCategory adds a category, at the top or below an existing one.
func (s *Service) CreateCategory(ctx context.Context, in CreateCategoryInput) (Category, error) {
	bad := append(checkCategoryCode(in.Code), checkCategory(&in.CategoryInput)...)
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.checkParent(ctx, "", in.ParentCode, &bad); err != nil {
			return err
		}
		if len(bad) > 0 {
			return bad
		}
		now := s.now()
		if _, err := s.db.Exec(ctx, `INSERT INTO matter_categories (code, parent_code, name, sort, created_at, updated_at)
			VALUES (?,?,?,?,?,?)`, in.Code, nullable(in.ParentCode), in.Name, in.Sort, now, now); err != nil {
			if errors.Is(err, db.ErrUnique) {
				return fmt.Errorf("分类编码 %s 已存在 / matter category %s: %w", in.Code, in.Code, ErrCodeTaken)
			}
			return fmt.Errorf("matter category: create: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "matter_category.create", ObjectType: "matter_category", ObjectID: in.Code,
			Detail: map[string]any{"name": in.Name, "parent_code": in.ParentCode}})
	})
	if err != nil {
		return Category{}, err
	}
	return s.category(ctx, in.Code)
}

// UpdateCategory renames, re-sorts or moves a category; it may not move
// below itself.
func (s *Service) UpdateCategory(ctx context.Context, code string, in CategoryInput) (Category, error) {
	bad := checkCategory(&in)
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.category(ctx, code); err != nil {
			return err
		}
		if err := s.checkParent(ctx, code, in.ParentCode, &bad); err != nil {
			return err
		}
		if len(bad) > 0 {
			return bad
		}
		if _, err := s.db.Exec(ctx, "UPDATE matter_categories SET parent_code = ?, name = ?, sort = ?, updated_at = ? WHERE code = ?",
			nullable(in.ParentCode), in.Name, in.Sort, s.now(), code); err != nil {
			return fmt.Errorf("matter category: update: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "matter_category.update", ObjectType: "matter_category", ObjectID: code,
			Detail: map[string]any{"name": in.Name, "parent_code": in.ParentCode, "sort": in.Sort}})
	})
	if err != nil {
		return Category{}, err
	}
	s.peers.ChangedIn(ctx, s.db) // matters carry their category's name
	return s.category(ctx, code)
}

// DeleteCategory removes a category that has neither subcategories nor
// matters.
func (s *Service) DeleteCategory(ctx context.Context, code string) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		c, err := s.category(ctx, code)
		if err != nil {
			return err
		}
		var n int
		if err := s.db.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM matter_categories WHERE parent_code = ?)
			+ (SELECT COUNT(*) FROM matters WHERE category_code = ?)`, code, code).Scan(&n); err != nil {
			return fmt.Errorf("matter category: delete: %w", err)
		}
		if n > 0 {
			return ErrCategoryInUse
		}
		if _, err := s.db.Exec(ctx, "DELETE FROM matter_categories WHERE code = ?", code); err != nil {
			return fmt.Errorf("matter category: delete: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "matter_category.delete", ObjectType: "matter_category", ObjectID: code,
			Detail: map[string]any{"name": c.Name}})
	})
}

// checkParent adds to bad a parent that does not exist or that is the
// category itself or one below it (code is "" for a new category).
func (s *Service) checkParent(ctx context.Context, code, parent string, bad *apperr.Invalid) error {
	if parent == "" {
		return nil
	}
	cats, err := s.Categories(ctx)
	if err != nil {
		return err
	}
	switch {
	case !slices.ContainsFunc(cats, func(c Category) bool { return c.Code == parent }):
		*bad = append(*bad, apperr.NoSuch.On("body.parent_code", "上级分类不存在 / no matter category "+parent))
	case code != "" && slices.Contains(descendants(cats, code), parent):
		*bad = append(*bad, apperr.FieldError{Field: "body.parent_code", Message: "不能移到自身或其下级分类之下 / a category cannot move below itself"})
	}
	return nil
}

// nullable stores an empty parent as NULL, which the foreign key lets by.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
