package app

import "context"

// sealLegacyText does what migration 0027 listed for a database that had
// events before free text was scanned: the numbers typed into events' text
// are sealed, and those copied into notifications and file names masked.
// It runs at every start and has nothing to do once done; a start cut short
// resumes it.
func (a *App) sealLegacyText(ctx context.Context) error {
	events, err := a.Events.SealLegacy(ctx)
	if err != nil {
		return err
	}
	notes, err := a.Notify.MaskLegacy(ctx)
	if err != nil {
		return err
	}
	names, err := a.Files.MaskLegacy(ctx)
	if err != nil {
		return err
	}
	if events+notes+names > 0 {
		a.Log.Info("free text written before it was scanned: numbers sealed or masked",
			"event_texts", events, "notifications", notes, "file_names", names)
	}
	return nil
}
