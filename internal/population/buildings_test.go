package population_test

import (
	"errors"
	"testing"

	"healthgrid/internal/apperr"
	"healthgrid/internal/population"
)

func TestBuildingsAndHouseholds(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := ctxAs(e.town)
		lng, lat := 112.705, 38.405
		b, err := e.s.CreateBuilding(ctx, street, population.BuildingInput{Name: "3号楼", Address: "秀容街道东大街社区3号楼", Lng: &lng, Lat: &lat})
		if err != nil || b.GridCode != grid1 || b.GridName != "东大街社区第一网格" {
			t.Fatalf("building located by its point: %+v %v", b, err)
		}
		if _, err := e.s.CreateBuilding(ctx, street, population.BuildingInput{Name: "外", GridCode: dxGrid}); !errors.Is(err, apperr.ErrInvalid) {
			t.Errorf("building out of scope: %v", err)
		}
		head, err := e.s.Create(ctx, e.town, population.Input{Name: "户主", IDNumber: idNumber("140902", 19700101, 5), GridCode: grid2})
		if err != nil {
			t.Fatal(err)
		}
		h, err := e.s.CreateHousehold(ctx, e.town, population.HouseholdInput{BuildingID: b.ID, Room: "2单元301", HeadResidentID: head.ID})
		if err != nil || h.HeadName != "户主" || h.Members != 1 || h.GridCode != grid1 {
			t.Fatalf("household: %+v %v", h, err)
		}
		if _, err := e.s.CreateHousehold(ctx, e.town, population.HouseholdInput{BuildingID: b.ID, Room: "2单元301"}); !errors.Is(err, population.ErrRoomTaken) {
			t.Errorf("same room twice: %v", err)
		}
		moved, _ := e.s.Get(ctx, street, head.ID)
		if moved.HouseholdID != h.ID || moved.BuildingID != b.ID || moved.GridCode != grid1 {
			t.Errorf("the head moves in: %+v", moved)
		}
		member, err := e.s.Create(ctx, e.town, population.Input{Name: "家人", IDNumber: idNumber("140902", 20000101, 6), HouseholdID: h.ID})
		if err != nil || member.GridCode != grid1 || member.BuildingID != b.ID || member.Address != "秀容街道东大街社区3号楼 2单元301" {
			t.Fatalf("member placed by household: %+v %v", member, err)
		}
		neighbour, err := e.s.Create(ctx, e.town, population.Input{Name: "邻居", IDNumber: idNumber("140902", 19800101, 7), GridCode: grid1})
		if err != nil {
			t.Fatal(err)
		}
		byHousehold := population.Filter{Household: h.ID, AgeMin: -1, AgeMax: -1}
		if got, n, err := e.s.List(ctx, street, byHousehold, 0, 10); err != nil || n != 2 || len(got) != 2 {
			t.Errorf("the household's members: %d %+v %v", n, got, err)
		}
		if _, n, err := e.s.List(ctxAs(e.other), "140900000000/140921000000/", byHousehold, 0, 10); err != nil || n != 0 {
			t.Errorf("a household's members out of scope: %d %v", n, err)
		}
		if err := e.s.DeleteBuilding(ctx, street, b.ID); !errors.Is(err, population.ErrBuildingInUse) {
			t.Errorf("delete a building in use: %v", err)
		}
		if err := e.s.DeleteHousehold(ctx, street, h.ID); !errors.Is(err, population.ErrHouseholdInUse) {
			t.Errorf("delete a household in use: %v", err)
		}
		if _, err := e.s.UpdateBuilding(ctx, street, b.ID, population.BuildingInput{Name: "3号楼", GridCode: grid2}); !errors.Is(err, population.ErrBuildingMove) {
			t.Errorf("move a building with people: %v", err)
		}
		counts, err := e.s.GridCounts(ctx, []string{grid1, grid2, "nope"})
		if err != nil || counts[grid1] != (population.Counts{Buildings: 1, Households: 1, Residents: 3}) || counts[grid2] != (population.Counts{}) {
			t.Errorf("grid counts: %+v %v", counts, err)
		}
		if _, ok := counts["nope"]; ok {
			t.Error("an unknown grid has counts")
		}
		if _, err := e.s.GetHousehold(ctxAs(e.other), "140900000000/140921000000/", h.ID); !errors.Is(err, population.ErrHouseholdNotFound) {
			t.Errorf("household out of scope: %v", err)
		}
		for _, id := range []string{member.ID, head.ID, neighbour.ID} {
			if err := e.s.Delete(ctx, e.town, id); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.s.DeleteHousehold(ctx, street, h.ID); err != nil {
			t.Errorf("delete an empty household: %v", err)
		}
		if err := e.s.DeleteBuilding(ctx, street, b.ID); err != nil {
			t.Errorf("delete an empty building: %v", err)
		}
	})
}
