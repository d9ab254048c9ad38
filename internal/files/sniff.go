package files

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"

	"healthgrid/internal/apperr"
)

// Type is what a file's content is, told by its first bytes.
type Type struct {
	ContentType string
	Video       bool
	Label       string // JPEG, PNG, … for messages
}

// SniffLen is how many leading bytes Detect needs at most.
const SniffLen = 512

// The types an attachment may be: photos as phones and cameras take them,
// short videos as phones record them.
var (
	JPEG      = Type{ContentType: "image/jpeg", Label: "JPEG"}
	PNG       = Type{ContentType: "image/png", Label: "PNG"}
	WebP      = Type{ContentType: "image/webp", Label: "WebP"}
	HEIC      = Type{ContentType: "image/heic", Label: "HEIC"}
	HEIF      = Type{ContentType: "image/heif", Label: "HEIF"}
	MP4       = Type{ContentType: "video/mp4", Video: true, Label: "MP4"}
	QuickTime = Type{ContentType: "video/quicktime", Video: true, Label: "MOV"}
)

// kind names what a type is, for messages.
func (t Type) kind() (zh, en string) {
	if t.Video {
		return "视频", "a video"
	}
	return "图片", "a photo"
}

// ContentTypes are the content types Detect accepts.
var ContentTypes = []string{JPEG.ContentType, PNG.ContentType, WebP.ContentType, HEIC.ContentType, HEIF.ContentType,
	MP4.ContentType, QuickTime.ContentType}

// ISO base media (MP4, MOV, HEIF) brands, major or compatible, by what they make the file.
var brands = map[string]Type{
	"heic": HEIC, "heix": HEIC, "heim": HEIC, "heis": HEIC, "hevc": HEIC, "hevx": HEIC, "hevm": HEIC, "hevs": HEIC,
	"mif1": HEIF, "msf1": HEIF,
	"isom": MP4, "iso2": MP4, "iso3": MP4, "iso4": MP4, "iso5": MP4, "iso6": MP4, "mp41": MP4, "mp42": MP4,
	"avc1": MP4, "M4V ": MP4, "MSNV": MP4, "dash": MP4, "mmp4": MP4,
	"qt  ": QuickTime,
}

// extensions say what a name promises; a name whose extension promises
// the other kind (a photo named .mp4) is refused.
var (
	imageExts = []string{".jpg", ".jpeg", ".jfif", ".png", ".webp", ".heic", ".heif"}
	videoExts = []string{".mp4", ".m4v", ".mov", ".qt"}
)

// Detect tells the type of a file named name from its first bytes (at
// least SniffLen of them when the file is longer). The name does not choose
// the type, but a name that promises a video for a photo, or the reverse,
// is refused. The error names the file and the reason, for body.file.
func Detect(name string, head []byte) (Type, error) {
	t, ok := sniff(head)
	switch {
	case len(head) == 0:
		return Type{}, refuse(fmt.Sprintf("「%s」是空文件 / %s is empty", name, name))
	case !ok:
		what := describe(head)
		return Type{}, refuse(fmt.Sprintf("「%s」的内容是%s,只能上传 JPEG、PNG、WebP、HEIC 图片或 MP4、MOV 视频 / "+
			"%s is %s: only JPEG, PNG, WebP or HEIC photos and MP4 or MOV videos may be attached", name, what.zh, name, what.en))
	}
	ext := strings.ToLower(filepath.Ext(name))
	if t.Video && slices.Contains(imageExts, ext) || !t.Video && slices.Contains(videoExts, ext) {
		zh, en := t.kind()
		return Type{}, refuse(fmt.Sprintf("「%s」的扩展名与内容不符:内容是 %s %s / %s does not hold what its name says: it is %s (%s)",
			name, t.Label, zh, name, en, t.Label))
	}
	return t, nil
}

func refuse(msg string) error { return apperr.Field("body.file", msg) }

// sniff reads the magic bytes.
func sniff(b []byte) (Type, bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG, true
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) && len(b) >= 16 && string(b[12:16]) == "IHDR":
		return PNG, true
	case len(b) >= 16 && string(b[0:4]) == "RIFF" && string(b[8:12]) == "WEBP" && string(b[12:15]) == "VP8":
		return WebP, true
	}
	return sniffISO(b)
}

// sniffISO reads the ftyp box that begins an ISO base media file: its size,
// then the major brand, a minor version and the compatible brands. The
// major brand decides; an unknown one falls back on the compatible brands.
func sniffISO(b []byte) (Type, bool) {
	if len(b) < 16 || string(b[4:8]) != "ftyp" {
		return Type{}, false
	}
	size := binary.BigEndian.Uint32(b[0:4])
	if size < 16 || size%4 != 0 || size > SniffLen {
		return Type{}, false
	}
	if t, ok := brands[string(b[8:12])]; ok {
		if t == HEIF && compatible(b, size, "heic") {
			return HEIC, true
		}
		return t, true
	}
	for i := 16; i+4 <= int(size) && i+4 <= len(b); i += 4 {
		if t, ok := brands[string(b[i:i+4])]; ok {
			return t, true
		}
	}
	return Type{}, false
}

func compatible(b []byte, size uint32, brand string) bool {
	for i := 16; i+4 <= int(size) && i+4 <= len(b); i += 4 {
		if string(b[i:i+4]) == brand {
			return true
		}
	}
	return false
}

type description struct{ zh, en string }

// describe names what a refused file seems to be, for the message.
func describe(b []byte) description {
	switch {
	case bytes.HasPrefix(b, []byte("MZ")):
		return description{"Windows 程序", "a Windows program"}
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		return description{fmt.Sprintf("不支持的媒体格式(%q)", b[8:12]), fmt.Sprintf("an unsupported media format (%q)", b[8:12])}
	}
	ct, _, _ := strings.Cut(http.DetectContentType(b), ";")
	switch {
	case slices.Contains(ContentTypes, ct):
		return description{"损坏或不完整的 " + ct + " 文件", "a damaged or truncated " + ct + " file"}
	case ct == "application/octet-stream":
		return description{"无法识别的数据", "not a known format"}
	case strings.HasPrefix(ct, "text/"):
		return description{"文本(" + ct + ")", "text (" + ct + ")"}
	}
	return description{ct, ct}
}
