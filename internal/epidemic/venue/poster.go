package venue

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"net/url"

	qrcode "github.com/skip2/go-qrcode"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"healthgrid/internal/china"
)

// Poster sizes: A4 at 150 dpi, the QR code a little over half its width.
const (
	posterW, posterH = 1240, 1754
	qrSide           = 760
)

var (
	brand = color.RGBA{0x0b, 0x6e, 0x4f, 0xff} // health green
	ink   = color.RGBA{0x1f, 0x29, 0x37, 0xff}
	muted = color.RGBA{0x6b, 0x72, 0x80, 0xff}
)

// ScanURL is the address a venue's QR code opens: the app's landing page
// with the venue's code and current token.
func ScanURL(base string, v Venue) string {
	return base + "/app/venue?" + url.Values{"code": {v.Code}, "t": {v.QRToken}}.Encode()
}

// WritePoster draws v's printable poster (场所码) as a PNG to w, its QR code
// opening the app at base.
func (s *Service) WritePoster(w io.Writer, base string, v Venue) error {
	q, err := qrcode.New(ScanURL(base, v), qrcode.Medium)
	if err != nil {
		return fmt.Errorf("venue: qr: %w", err)
	}
	q.DisableBorder = true
	img := image.NewRGBA(image.Rect(0, 0, posterW, posterH))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, 0, posterW, 230), image.NewUniform(brand), image.Point{}, draw.Src)
	code := q.Image(qrSide)
	left := (posterW - qrSide) / 2
	draw.Draw(img, image.Rect(left, 520, left+qrSide, 520+qrSide), code, image.Point{}, draw.Src)
	texts := []struct {
		text  string
		size  float64
		y     int
		color color.Color
	}{
		{"场所码 · 扫码登记", 88, 150, color.White},
		{v.Name, 72, 350, ink},
		{v.Address, 36, 430, muted},
		{"场所编码 " + v.Code, 44, 1380, ink},
		{"进入请用“健康网格”App 扫码登记，离开时点“离开”", 36, 1480, ink},
		{"请勿遮挡 · 以现场最新张贴的场所码为准", 32, 1560, muted},
		{"更新于 " + v.QRRotatedAt.In(china.Zone).Format("2006-01-02 15:04"), 28, 1660, muted},
	}
	for _, t := range texts {
		if err := s.centre(img, t.text, t.size, t.y, t.color); err != nil {
			return err
		}
	}
	return png.Encode(w, img)
}

// centre draws text centred at baseline y, shrunk to fit the width.
func (s *Service) centre(img *image.RGBA, text string, size float64, y int, c color.Color) error {
	if text == "" {
		return nil
	}
	for ; ; size *= 0.9 {
		face, err := s.fonts.Face(size)
		if err != nil {
			return fmt.Errorf("venue: font: %w", err)
		}
		width := font.MeasureString(face, text).Ceil()
		if width <= posterW-120 || size < 14 {
			d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: face,
				Dot: fixed.P((posterW-width)/2, y)}
			d.DrawString(text)
			return nil
		}
	}
}
