package files_test

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"healthgrid/internal/files"
)

// ftyp is the box an ISO base media file opens with: major brand, minor
// version, compatible brands.
func ftyp(major string, compatible ...string) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(16+4*len(compatible)))
	b = append(b, "ftyp"+major+"\x00\x00\x00\x00"...)
	for _, c := range compatible {
		b = append(b, c...)
	}
	// what follows the box in a real file
	return append(b, "\x00\x00\x00\x08free\x00\x00\x00\x10mdat"...)
}

// The first bytes of real files of each kind, as phones and cameras write them.
var (
	jpegHead = []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
	exifHead = []byte("\xFF\xD8\xFF\xE1\x1b\x4eExif\x00\x00MM\x00\x2a")
	pngHead  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00")
	webpHead = []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00\x30\x01\x00\x9d\x01\x2a")
	webpLoss = []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00")
	iphone   = ftyp("heic", "mif1", "heic")                 // an iPhone photo
	heifMif1 = ftyp("mif1", "mif1", "heic", "miaf", "MiHB") // a Samsung photo: mif1 major, heic compatible
	heifOnly = ftyp("mif1", "mif1", "miaf")
	android  = ftyp("mp42", "isom", "mp42") // an Android phone's video
	isom     = ftyp("isom", "isom", "iso2", "avc1", "mp41")
	iphoneMV = ftyp("qt  ", "qt  ") // an iPhone's video
	otherMP4 = ftyp("XAVC", "XAVC", "mp42", "iso2")
)

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		name string
		head []byte
		want string // content type; "" refused
		why  string // in the refusal
	}{
		{"现场照片.jpg", jpegHead, "image/jpeg", ""},
		{"IMG_0001.JPG", exifHead, "image/jpeg", ""},
		{"shot.png", pngHead, "image/png", ""},
		{"a.webp", webpHead, "image/webp", ""},
		{"b.webp", webpLoss, "image/webp", ""},
		{"IMG_4021.HEIC", iphone, "image/heic", ""},
		{"20261123.heic", heifMif1, "image/heic", ""},
		{"x.heif", heifOnly, "image/heif", ""},
		{"VID_20261123.mp4", android, "video/mp4", ""},
		{"clip.mp4", isom, "video/mp4", ""},
		{"IMG_4022.MOV", iphoneMV, "video/quicktime", ""},
		{"camera.mp4", otherMP4, "video/mp4", ""},
		{"无扩展名", jpegHead, "image/jpeg", ""},
		// the content decides the type; a name of the same kind is no lie worth refusing
		{"saved-from-chat.jpg", pngHead, "image/png", ""},
		// a photo named as a video, a video named as a photo
		{"photo.mp4", pngHead, "", "PNG"},
		{"video.jpg", android, "", "MP4"},
		{"setup.exe", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), "", "Windows"},
		{"photo.jpg", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), "", "Windows"},
		{"empty.jpg", nil, "", "空文件"},
		{"note.txt", []byte("现场情况说明:垃圾已清运。\n"), "", "text/plain"},
		{"scan.pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "", "application/pdf"},
		{"anim.gif", []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00"), "", "image/gif"},
		{"short.png", []byte("\x89PNG\r\n\x1a\n"), "", "不完整"},
		{"broken.jpg", []byte("\xFF\xD8\x00\x10\x00\x00"), "", "无法识别"},
		{"bad-box.mp4", append([]byte("\x00\x00\x00\x13ftypisom"), make([]byte, 16)...), "", `"isom"`},
		{"other.3gp", ftyp("3gp4", "3gp4"), "", `"3gp4"`},
	} {
		got, err := files.Detect(c.name, c.head)
		if c.want != "" {
			if err != nil || got.ContentType != c.want {
				t.Errorf("%s: %+v, %v; want %s", c.name, got, err, c.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: accepted as %s", c.name, got.ContentType)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, c.name) || !strings.Contains(msg, c.why) || !strings.Contains(msg, "body.file") {
			t.Errorf("%s: %q should name the file and say %q", c.name, msg, c.why)
		}
	}
}

// FuzzDetect: Detect never panics, answers a type or an error, accepts only
// what begins with its type's magic bytes, and reads no further than SniffLen.
func FuzzDetect(f *testing.F) {
	for _, h := range [][]byte{jpegHead, exifHead, pngHead, webpHead, iphone, heifMif1, android, isom, iphoneMV, otherMP4,
		[]byte("MZ"), nil, []byte("hello")} {
		f.Add("a.jpg", h)
		f.Add("b.mp4", h)
	}
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		got, err := files.Detect(name, head)
		if (err == nil) == (got == files.Type{}) {
			t.Fatalf("type %+v and error %v", got, err)
		}
		if len(head) > files.SniffLen {
			if again, err2 := files.Detect(name, head[:files.SniffLen]); again != got || (err == nil) != (err2 == nil) {
				t.Fatalf("bytes past SniffLen changed the answer: %+v/%v then %+v/%v", got, err, again, err2)
			}
		}
		if err != nil {
			return
		}
		var magic bool
		switch got {
		case files.JPEG:
			magic = bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF})
		case files.PNG:
			magic = bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n"))
		case files.WebP:
			magic = bytes.HasPrefix(head, []byte("RIFF")) && string(head[8:12]) == "WEBP"
		case files.HEIC, files.HEIF, files.MP4, files.QuickTime:
			magic = string(head[4:8]) == "ftyp"
		}
		if !magic {
			t.Fatalf("accepted %x as %s", head, got.ContentType)
		}
	})
}

func TestDisposition(t *testing.T) {
	for name, want := range map[string]string{
		"现场照片 1.jpg":    `inline; filename="attachment.jpg"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87%201.jpg`,
		"IMG_0001.JPG":  `inline; filename="IMG_0001.JPG"; filename*=UTF-8''IMG_0001.JPG`,
		`a"b;c,d'e.png`: `inline; filename="attachment.png"; filename*=UTF-8''a%22b%3Bc%2Cd%27e.png`,
		"报告.图片":         `inline; filename="attachment"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.%E5%9B%BE%E7%89%87`,
	} {
		if got := files.Disposition("inline", name); got != want {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
}
