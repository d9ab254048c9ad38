package files

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/flopp/go-findfont"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// MaxMarkPixels is the largest photo a watermark is burned into (decoding
// one costs 4 bytes a pixel): 40 MP, twice a phone's full-size photo and
// twenty times what the app uploads (long side ≤ 1,920 px).
const MaxMarkPixels = 40 << 20

// Markable reports whether a watermark can be burned into content of type ct:
// JPEG and PNG. WebP and HEIC/HEIF photos (no encoder in the standard library
// or x/image) and videos are kept as uploaded.
func Markable(ct string) bool { return ct == "image/jpeg" || ct == "image/png" }

// cjkFonts are the system fonts the watermark looks for, in order: Debian's
// fonts-noto-cjk, Adobe's Source Han, WenQuanYi, Android's fallback.
var cjkFonts = []string{"NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansSC-Regular.otf",
	"SourceHanSansSC-Regular.otf", "wqy-microhei.ttc", "wqy-zenhei.ttc", "DroidSansFallbackFull.ttf"}

// marker burns watermarks. Its font is found on first use: the configured
// file, else the first of cjkFonts on the system, else Go's own (Latin only:
// the time and the codes read, Chinese shows as boxes — install
// fonts-noto-cjk or set HEALTHGRID_WATERMARK_FONT).
type marker struct {
	path string
	once sync.Once
	font *sfnt.Font
}

func (m *marker) loaded() *sfnt.Font {
	m.once.Do(func() { m.font = loadFont(m.path) })
	return m.font
}

func (m *marker) face(size float64) (font.Face, error) {
	return opentype.NewFace(m.loaded(), &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
}

// Face is the watermarks' font at size points (72 dpi): other modules draw
// their Chinese text in it (the venues' QR posters).
func (s *Service) Face(size float64) (font.Face, error) { return s.marker.face(size) }

// FontName is the family of the font watermarks are drawn in, and whether it
// has Chinese.
func (s *Service) FontName() (string, bool) {
	f := s.marker.loaded()
	name, _ := f.Name(nil, sfnt.NameIDFamily)
	return name, hasCJK(f)
}

func loadFont(configured string) *sfnt.Font {
	paths := []string{configured}
	for _, name := range cjkFonts {
		if p, err := findfont.Find(name); err == nil {
			paths = append(paths, p)
		}
	}
	for _, p := range paths {
		if f := openFont(p); f != nil {
			return f
		}
	}
	f, _ := opentype.Parse(goregular.TTF) // embedded: always parses
	return f
}

// openFont is the font of path with Chinese glyphs — of a collection, its
// Simplified Chinese member — or nil. The file stays open: glyphs are read
// from it as they are drawn.
func openFont(path string) *sfnt.Font {
	if path == "" {
		return nil
	}
	file, err := os.Open(path)
	if err != nil {
		return nil
	}
	c, err := opentype.ParseCollectionReaderAt(file)
	if err != nil {
		file.Close()
		return nil
	}
	var found *sfnt.Font
	for i := range c.NumFonts() {
		f, err := c.Font(i)
		if err != nil || !hasCJK(f) {
			continue
		}
		name, _ := f.Name(nil, sfnt.NameIDFamily)
		if found == nil || strings.HasSuffix(name, " SC") && !strings.Contains(name, "Mono") {
			found = f
		}
	}
	if found == nil {
		file.Close()
	}
	return found
}

func hasCJK(f *sfnt.Font) bool {
	i, err := f.GlyphIndex(nil, '网')
	return err == nil && i != 0
}

// burn writes to w the image read from r (of type ct, Markable) with lines
// drawn white on a dark band across its foot, at its own size and type.
func (m *marker) burn(w io.Writer, r io.ReadSeeker, ct string, lines []string) error {
	cfg, _, err := image.DecodeConfig(r)
	if err != nil {
		return fmt.Errorf("files: watermark: %w", err)
	}
	if cfg.Width*cfg.Height > MaxMarkPixels {
		return fmt.Errorf("files: watermark: %d×%d is over %d pixels", cfg.Width, cfg.Height, MaxMarkPixels)
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return err
	}
	src, _, err := image.Decode(r)
	if err != nil {
		return fmt.Errorf("files: watermark: %w", err)
	}
	b := src.Bounds()
	img := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(img, img.Bounds(), src, b.Min, draw.Src)
	if err := m.draw(img, lines); err != nil {
		return err
	}
	if ct == "image/png" {
		return png.Encode(w, img)
	}
	return jpeg.Encode(w, img, &jpeg.Options{Quality: 90})
}

// draw writes lines on a translucent band at the foot of img, in a size that
// scales with the photo and shrinks until the longest line fits its width.
func (m *marker) draw(img *image.RGBA, lines []string) error {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	size := min(max(float64(min(w, h))/28, 10), 96)
	margin := size / 2
	face, err := m.face(size)
	if err != nil {
		return fmt.Errorf("files: watermark: %w", err)
	}
	widest := fixed.I(0)
	for _, l := range lines {
		widest = max(widest, font.MeasureString(face, l))
	}
	if room := float64(w) - 2*margin; widest.Ceil() > int(room) && room > 0 {
		size = max(size*room/float64(widest.Ceil()), 6)
		if face, err = m.face(size); err != nil {
			return fmt.Errorf("files: watermark: %w", err)
		}
	}
	step := size * 1.35
	top := h - int(float64(len(lines))*step+margin*1.5)
	draw.Draw(img, image.Rect(0, max(top, 0), w, h), image.NewUniform(color.NRGBA{A: 120}), image.Point{}, draw.Over)
	d := font.Drawer{Dst: img, Src: image.White, Face: face}
	for i, l := range lines {
		d.Dot = fixed.P(int(margin), top+int(margin*0.75+float64(i+1)*step-size*0.3))
		d.DrawString(l)
	}
	return nil
}
