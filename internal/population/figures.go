package population

import (
	"context"
	"strings"
	"sync"
	"time"
)

// The map and the team screens show every grid's figures (residents, key
// populations, buildings, households). Counted from the rows, a county's
// are 300,000 residents read off an index (40 ms); the city's ten times
// that. So each grid's figures, once counted, are kept in memory:
//   - for the day they were counted on, since key populations include the
//     age-based ones (65 and over, 0–6), which move at midnight;
//   - until a committed write on this instance touches the grid: every
//     write of a resident goes through reindex, and buildings and
//     households are written by their own few functions, each of which
//     calls forget;
//   - for figuresTTL at most, so that writes made on other instances show
//     within it.

// figuresTTL is the longest a grid's figures are kept.
const figuresTTL = 5 * time.Minute

type figure struct {
	c  Counts
	at time.Time
}

type figureCache struct {
	mu     sync.Mutex
	day    int
	byCode map[string]figure
	// gen moves with every forget, and forgot holds the generation each
	// grid was last forgotten at: a grid's figures counted while a write to
	// it committed are not kept (they may predate it). Both are bounded by
	// the number of grids.
	gen    uint64
	forgot map[string]uint64
}

func newFigureCache() *figureCache {
	return &figureCache{byCode: map[string]figure{}, forgot: map[string]uint64{}}
}

// lookup is the kept figures of codes, the codes not kept, and the
// generation to keep their counts under.
func (c *figureCache) lookup(codes []string, day int, now time.Time) (map[string]Counts, []string, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.day != day {
		c.day, c.byCode, c.forgot = day, map[string]figure{}, map[string]uint64{}
	}
	out := make(map[string]Counts, len(codes))
	var missing []string
	for _, code := range codes {
		if f, ok := c.byCode[code]; ok && now.Sub(f.at) < figuresTTL {
			out[code] = f.c
		} else {
			missing = append(missing, code)
		}
	}
	return out, missing, c.gen
}

// keep stores figures counted under generation gen, but a grid's not if
// it was written since.
func (c *figureCache) keep(counted map[string]Counts, day int, gen uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.day != day {
		return
	}
	for code, n := range counted {
		if c.forgot[code] <= gen {
			c.byCode[code] = figure{n, now}
		}
	}
}

// forget drops the figures of the grids at paths.
func (c *figureCache) forget(paths []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, p := range paths {
		p = strings.TrimSuffix(p, "/")
		code := p[strings.LastIndex(p, "/")+1:]
		delete(c.byCode, code)
		c.forgot[code] = c.gen
	}
}

// touched forgets, once the write commits, the figures of the grids at
// paths (a resident's, a building's or a household's).
func (s *Service) touched(ctx context.Context, paths ...string) {
	s.db.AfterCommit(ctx, func(context.Context) { s.figures.forget(paths) })
}
