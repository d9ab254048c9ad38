package main

import (
	"context"
	"fmt"
	"io"

	"healthgrid/internal/app"
	"healthgrid/internal/audit"
)

// verifyFlags choose, for `audit verify`, another anchor log (one copied
// from a syslog collector, say) and the public key a verifier holds.
type verifyFlags struct{ anchors, publicKey string }

// verifyAudit checks the chain against the anchors and fails, naming the
// problem, when it is broken.
func verifyAudit(ctx context.Context, a *app.App, f verifyFlags, stdout io.Writer) error {
	path := audit.AnchorLogPath(a.Config.AuditAnchorSink, a.Config.DataDir)
	if f.anchors != "" {
		path = f.anchors
	}
	pub := a.Anchors.PublicKey()
	if f.publicKey != "" {
		var err error
		if pub, err = audit.ParsePublicKey(f.publicKey); err != nil {
			return err
		}
	}
	v, err := a.Audit.WithAnchors(path, pub).Verify(ctx)
	switch {
	case err != nil:
		return err
	case !v.OK && v.BrokenSeq == 0:
		return fmt.Errorf("audit anchors not trusted: %s", v.Reason)
	case !v.OK:
		return fmt.Errorf("audit chain broken at record %d after %d good records: %s", v.BrokenSeq, v.Checked, v.Reason)
	case v.AnchorNote != "" && path != "":
		fmt.Fprintf(stdout, "audit chain intact: %d records checked; %s (anchor log %s)\n", v.Checked, v.AnchorNote, path)
	case v.AnchorNote != "":
		fmt.Fprintf(stdout, "audit chain intact: %d records checked; %s\n", v.Checked, v.AnchorNote)
	default:
		fmt.Fprintf(stdout, "audit chain intact: %d records checked against %d anchors, the newest of %s naming record %d\n",
			v.Checked, v.Anchors, v.AnchorTime.Format("2006-01-02 15:04:05 MST"), v.AnchoredSeq)
	}
	return nil
}
