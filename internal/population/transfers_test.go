package population_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/population"
)

// list is every request the caller sees in one direction.
func transfers(t *testing.T, e *env, p *access.Principal, dir string) []population.Transfer {
	t.Helper()
	items, n, err := e.s.Transfers(ctxAs(p), p, dir, "", 0, 50)
	if err != nil || n != len(items) {
		t.Fatalf("transfers %s: %d %v", dir, n, err)
	}
	return items
}

// A region asks for a resident registered in another; the holding region
// sees it and approves, and the resident moves with their history; the
// requester sees only the decision.
func TestTransferApproved(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		theirs := idNumber("140921", 19700101, 1)
		r, err := e.s.Create(ctxAs(e.other), e.other, population.Input{Name: "王五", IDNumber: theirs, GridCode: dxGrid,
			Status: "moved_out", Tags: []string{"高血压"}})
		if err != nil {
			t.Fatal(err)
		}
		ctx := ctxAs(e.town)
		req, err := e.s.RequestTransfer(ctx, e.town, population.TransferInput{IDNumber: theirs, Name: "王五", ToGridCode: grid1, Reason: "随子女迁入"})
		if err != nil {
			t.Fatal(err)
		}
		if req.Direction != population.Outgoing || req.Status != population.TransferPending || req.ResidentID != "" || req.FromGridCode != "" ||
			req.IDNumber != theirs[:6]+"********"+theirs[14:] || req.ToGridName != "东大街社区第一网格" {
			t.Errorf("the requester's view: %+v", req)
		}
		if _, err := e.s.RequestTransfer(ctx, e.town, population.TransferInput{IDNumber: theirs, Name: "王五", ToGridCode: grid1, Reason: "再次"}); !errors.Is(err, population.ErrTransferOpen) {
			t.Errorf("a second open request: %v", err)
		}
		if got := transfers(t, e, e.town, population.Incoming); len(got) != 0 {
			t.Errorf("the requester's incoming: %+v", got)
		}
		in := transfers(t, e, e.other, population.Incoming)
		if len(in) != 1 || in[0].ResidentID != r.ID || in[0].FromGridCode != dxGrid || in[0].FromGridName != "北关村第一网格" ||
			in[0].Reason != "随子女迁入" || in[0].Requester != "street测试" {
			t.Fatalf("the holder's incoming: %+v", in)
		}
		if _, err := e.s.ApproveTransfer(ctx, e.town, req.ID, population.Decision{}); !errors.Is(err, population.ErrTransferNotFound) {
			t.Errorf("the requester approves: %v", err)
		}
		before := counts(t, e)
		d, err := e.s.ApproveTransfer(ctxAs(e.other), e.other, req.ID, population.Decision{Note: "同意"})
		if err != nil || d.Status != population.TransferApproved || d.Decider != "dingxiang测试" {
			t.Fatalf("approve: %+v %v", d, err)
		}
		if _, err := e.s.RefuseTransfer(ctxAs(e.other), e.other, req.ID, population.Decision{}); !errors.Is(err, population.ErrTransferDecided) {
			t.Errorf("decided twice: %v", err)
		}
		moved, err := e.s.Get(ctx, street, r.ID)
		if err != nil || moved.GridCode != grid1 || moved.Status != "active" || !slices.Contains(moved.Tags, "hypertension") {
			t.Fatalf("the resident in the new region: %+v %v", moved, err)
		}
		if _, err := e.s.Get(ctxAs(e.other), "140900000000/140921000000/", r.ID); !errors.Is(err, population.ErrNotFound) {
			t.Errorf("still in the old region: %v", err)
		}
		after := counts(t, e)
		if after["xinfu"] != before["xinfu"]+1 || after["dingxiang"] != before["dingxiang"]-1 || after["xinfu:hypertension"] != before["xinfu:hypertension"]+1 ||
			after["city"] != before["city"] {
			t.Errorf("counts %v, then %v", before, after)
		}
		h, err := e.s.History(ctx, street, r.ID)
		if err != nil || len(h) != 2 || h[1].Action != population.ActTransferred || h[1].Detail["transfer"] != req.ID || h[1].Actor != "dingxiang测试" {
			t.Fatalf("history: %+v %v", h, err)
		}
		if g, _ := h[1].Detail["grid"].(map[string]any); g["from"] != dxGrid || g["to"] != grid1 {
			t.Errorf("history detail: %+v", h[1].Detail)
		}
		out := transfers(t, e, e.town, population.Outgoing)
		if len(out) != 1 || out[0].Status != population.TransferApproved || out[0].Note != "同意" || out[0].DecidedAt == nil ||
			out[0].Decider != "" || out[0].FromGridCode != "" || out[0].ResidentID != "" {
			t.Errorf("the requester sees the outcome only: %+v", out)
		}
		for _, a := range []string{"resident.transfer_request", "resident.transfer_approve"} {
			if got := audited(t, e, a); len(got) != 1 {
				t.Errorf("%s audited %d times", a, len(got))
			}
		}
		if got := audited(t, e, "resident.transfer_request"); strings.Contains(got[0], r.ID) || strings.Contains(got[0], dxGrid) {
			t.Errorf("the request's audit, read in the requester's region, names the holder: %s", got[0])
		}
	})
}

// counts are the residents of the two counties and the city, from the tallies.
func counts(t *testing.T, e *env) map[string]int {
	t.Helper()
	out := map[string]int{}
	for k, f := range map[string]population.Filter{"city": {}, "xinfu": {Path: xinfu}, "dingxiang": {Path: "140900000000/140921000000/"},
		"xinfu:hypertension": {Path: xinfu, Tag: "hypertension"}} {
		f.AgeMin, f.AgeMax = -1, -1
		_, n, err := e.s.List(ctxAs(e.admin), cityPath, f, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	return out
}

// A request matching nobody — an ID number not registered, or registered
// under another name — looks to the requester like any other, and waits for
// the city level, which can only refuse it.
func TestTransferUnmatched(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		theirs := idNumber("140921", 19700101, 1)
		if _, err := e.s.Create(ctxAs(e.other), e.other, population.Input{Name: "王五", IDNumber: theirs, GridCode: dxGrid}); err != nil {
			t.Fatal(err)
		}
		ctx := ctxAs(e.town)
		matched, err := e.s.RequestTransfer(ctx, e.town, population.TransferInput{IDNumber: theirs, Name: "王五", ToGridCode: grid1, Reason: "迁入"})
		if err != nil {
			t.Fatal(err)
		}
		var asked []population.Transfer
		for _, in := range []population.TransferInput{
			{IDNumber: idNumber("140921", 19700101, 3), Name: "赵六", ToGridCode: grid1, Reason: "迁入"}, // nobody
			{IDNumber: theirs, Name: "王六", ToGridCode: grid2, Reason: "迁入"},                          // another name
		} {
			tr, err := e.s.RequestTransfer(ctx, e.town, in)
			if err != nil {
				t.Fatal(err)
			}
			asked = append(asked, tr)
			if tr.Status != matched.Status || tr.ResidentID != "" || tr.FromGridCode != "" || tr.Direction != matched.Direction {
				t.Errorf("told apart from a matched request: %+v against %+v", tr, matched)
			}
		}
		if in := transfers(t, e, e.other, population.Incoming); len(in) != 1 || in[0].ID != matched.ID {
			t.Errorf("the holder sees %+v, want only the matched request", in)
		}
		city := transfers(t, e, e.admin, population.Incoming)
		if len(city) != 3 {
			t.Fatalf("the city sees %d incoming, want 3", len(city))
		}
		for _, tr := range asked {
			if _, err := e.s.ApproveTransfer(ctxAs(e.admin), e.admin, tr.ID, population.Decision{}); !errors.Is(err, population.ErrTransferNoMatch) {
				t.Errorf("approve an unmatched request: %v", err)
			}
			if _, err := e.s.RefuseTransfer(ctxAs(e.other), e.other, tr.ID, population.Decision{}); !errors.Is(err, population.ErrTransferNotFound) {
				t.Errorf("a county decides an unmatched request: %v", err)
			}
			if _, err := e.s.RefuseTransfer(ctxAs(e.admin), e.admin, tr.ID, population.Decision{Note: "未查到该人员登记信息"}); err != nil {
				t.Fatal(err)
			}
			got, err := e.s.Transfer(ctx, e.town, tr.ID)
			if err != nil || got.Status != population.TransferRefused || got.Note != "未查到该人员登记信息" || got.Decider != "" {
				t.Errorf("the requester's view: %+v %v", got, err)
			}
		}
	})
}

// A request is refused when the caller could act themselves, or names a
// grid outside their region; only the two regions concerned see it.
func TestTransferRefusals(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := ctxAs(e.town)
		mine := idNumber("140902", 19700101, 1)
		if _, err := e.s.Create(ctx, e.town, population.Input{Name: "本辖区", IDNumber: mine, GridCode: grid1}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.RequestTransfer(ctx, e.town, population.TransferInput{IDNumber: mine, Name: "本辖区", ToGridCode: grid2, Reason: "迁入"}); !errors.Is(err, population.ErrTransferInScope) {
			t.Errorf("a resident of the caller's own region: %v", err)
		}
		_, err := e.s.RequestTransfer(ctx, e.town, population.TransferInput{IDNumber: "123", Name: "", ToGridCode: dxGrid})
		var inv apperr.Invalid
		if !errors.As(err, &inv) || len(inv) != 4 {
			t.Errorf("bad input: %v", err)
		}
		tr, err := e.s.RequestTransfer(ctxAs(e.other), e.other, population.TransferInput{IDNumber: mine, Name: "本辖区", ToGridCode: dxGrid, Reason: "迁入"})
		if err != nil {
			t.Fatal(err)
		}
		third := *e.other
		third.RegionPath = "140900000000/140902000000/140902002000/" // another township of 忻府区
		if _, err := e.s.Transfer(ctxAs(&third), &third, tr.ID); !errors.Is(err, population.ErrTransferNotFound) {
			t.Errorf("a third region reads it: %v", err)
		}
		if _, err := e.s.RefuseTransfer(ctxAs(&third), &third, tr.ID, population.Decision{}); !errors.Is(err, population.ErrTransferNotFound) {
			t.Errorf("a third region refuses it: %v", err)
		}
		if got, err := e.s.RefuseTransfer(ctx, e.town, tr.ID, population.Decision{Note: "本人未迁出"}); err != nil || got.Status != population.TransferRefused {
			t.Errorf("the holder refuses: %+v %v", got, err)
		}
		if got := audited(t, e, "resident.transfer_refuse"); len(got) != 1 || !strings.Contains(got[0], "本人未迁出") {
			t.Errorf("refusal audit: %v", got)
		}
	})
}
