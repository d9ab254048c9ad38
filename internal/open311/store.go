package open311

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// insert writes what a request carries beyond its event; the email is
// sealed like every personal datum.
func (a *API) insert(ctx context.Context, eventID, keyID string, c contact) error {
	email := ""
	if c.email != "" {
		email = a.pii.Seal(c.email)
	}
	_, err := a.db.Exec(ctx, `INSERT INTO open311_requests (event_id, api_key_id, email_enc, device_id, account_id, media_url,
		created_at) VALUES (?,?,?,?,?,?,?)`, eventID, keyID, email, c.deviceID, c.accountID, c.mediaURL,
		a.now().UTC().Truncate(time.Microsecond))
	if err != nil {
		return fmt.Errorf("open311: insert: %w", err)
	}
	return nil
}

// mediaURLs are the media links of the events filed through Open311 among ids.
func (a *API) mediaURLs(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := a.db.Query(ctx, "SELECT event_id, media_url FROM open311_requests WHERE media_url <> '' AND event_id IN (?"+
		strings.Repeat(",?", len(ids)-1)+")", args...)
	if err != nil {
		return nil, fmt.Errorf("open311: media: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, u string
		if err := rows.Scan(&id, &u); err != nil {
			return nil, fmt.Errorf("open311: media: %w", err)
		}
		out[id] = u
	}
	return out, rows.Err()
}
