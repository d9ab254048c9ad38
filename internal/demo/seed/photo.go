package seed

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
)

// Photo size of the demo visits: a phone's photo after the app's compression.
const (
	photoW = 1280
	photoH = 960
)

// scene is what a demo visit photo shows.
type scene int

const (
	outside scene = iota // the resident's block from the path: sky, a six-storey facade with its unit door, the paving
	inside               // at the table: a wall, a window, a table with a blood-pressure monitor on it
)

// photo draws a plausible visit photo as a JPEG: simple shapes in light
// that falls off across the frame, with sensor noise, so that it reads as a
// photograph and compresses like one.
func photo(s scene, rng *rand.Rand) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, photoW, photoH))
	put := func(x0, y0, x1, y1 int, c color.RGBA) {
		for y := max(y0, 0); y < min(y1, photoH); y++ {
			for x := max(x0, 0); x < min(x1, photoW); x++ {
				img.SetRGBA(x, y, c)
			}
		}
	}
	jitter := func(c color.RGBA, n int) color.RGBA {
		d := func(v uint8) uint8 { return uint8(min(max(int(v)+rng.IntN(2*n+1)-n, 0), 255)) }
		return color.RGBA{d(c.R), d(c.G), d(c.B), 255}
	}
	switch s {
	case outside:
		horizon := 640 + rng.IntN(60)
		for y := range horizon { // sky: deeper blue above
			t := float64(y) / float64(horizon)
			put(0, y, photoW, y+1, color.RGBA{uint8(110 + 100*t), uint8(160 + 70*t), uint8(225 + 25*t), 255})
		}
		put(0, horizon, photoW, photoH, color.RGBA{128, 126, 120, 255}) // paving
		for x := -200; x < photoW; x += 160 {
			put(x+(photoH-horizon)/3, horizon, x+(photoH-horizon)/3+4, photoH, color.RGBA{104, 102, 98, 255})
		}
		left, right, top := 120+rng.IntN(80), 1120+rng.IntN(80), 40+rng.IntN(60)
		put(left, top, right, horizon, jitter(color.RGBA{214, 196, 170, 255}, 12))
		put(left-12, top-16, right+12, top, color.RGBA{150, 92, 72, 255}) // the roof's edge
		storey := (horizon - top) / 6
		for f := range 5 { // the ground floor has the door and shop fronts
			y := top + f*storey + storey/5
			for x := left + 50; x+110 < right; x += 170 {
				put(x, y, x+110, y+storey*11/20, color.RGBA{235, 235, 230, 255})
				put(x+6, y+6, x+104, y+storey*11/20-6, jitter(color.RGBA{92, 120, 140, 255}, 18))
				put(x, y+storey*11/20, x+110, y+storey*11/20+8, color.RGBA{190, 186, 178, 255}) // the sill
			}
		}
		door := left + (right-left)*(2+rng.IntN(3))/6
		put(left, horizon-storey/4, right, horizon, color.RGBA{170, 160, 146, 255})              // the plinth
		put(door-55, horizon-storey*9/10, door+55, horizon, color.RGBA{70, 60, 52, 255})         // the unit's door
		put(door-75, horizon-storey, door+75, horizon-storey*9/10, color.RGBA{180, 40, 36, 255}) // its canopy
		tx := 40 + rng.IntN(40)
		put(tx, horizon-300, tx+26, horizon+90, color.RGBA{88, 70, 54, 255}) // a tree by the path
		disc(img, tx+13, horizon-340, 110, color.RGBA{70, 120, 64, 255})
	case inside:
		put(0, 0, photoW, photoH, color.RGBA{226, 220, 206, 255}) // the wall
		wx := 760 + rng.IntN(120)
		put(wx, 90, wx+360, 420, color.RGBA{240, 240, 236, 255})
		put(wx+12, 102, wx+348, 408, color.RGBA{176, 206, 230, 255}) // the window
		table := 560 + rng.IntN(60)
		put(0, table, photoW, photoH, color.RGBA{140, 98, 64, 255})
		put(0, table, photoW, table+14, color.RGBA{112, 76, 48, 255})
		mx := 380 + rng.IntN(120)
		put(mx, table-150, mx+300, table+30, color.RGBA{236, 238, 240, 255}) // the monitor
		put(mx+30, table-120, mx+270, table-40, color.RGBA{150, 178, 160, 255})
		put(mx+120, table-20, mx+180, table+10, color.RGBA{40, 110, 190, 255})
		put(mx-260, table-60, mx-40, table+20, color.RGBA{30, 60, 120, 255})    // the cuff, rolled
		put(mx+420, table-90, mx+500, table+10, color.RGBA{250, 250, 250, 255}) // a cup
	}
	// light falling off from the upper left, and sensor noise
	for y := range photoH {
		for x := range photoW {
			i := img.PixOffset(x, y)
			f := 1.08 - 0.22*float64(x+y)/float64(photoW+photoH)
			for c := range 3 {
				v := float64(img.Pix[i+c])*f + float64(rng.IntN(9)-4)
				img.Pix[i+c] = uint8(min(max(v, 0), 255))
			}
		}
	}
	var out bytes.Buffer
	err := jpeg.Encode(&out, img, &jpeg.Options{Quality: 85})
	return out.Bytes(), err
}

// disc fills a disc of radius r at (cx, cy).
func disc(img *image.RGBA, cx, cy, r int, c color.RGBA) {
	for y := max(cy-r, 0); y < min(cy+r, photoH); y++ {
		for x := max(cx-r, 0); x < min(cx+r, photoW); x++ {
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r {
				img.SetRGBA(x, y, c)
			}
		}
	}
}
