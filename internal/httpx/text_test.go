package httpx

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
)

func TestTextProblem(t *testing.T) {
	for _, c := range []struct {
		s          string
		mode       int
		wantReason string // "" for accepted
	}{
		{"张三", singleLine, ""},
		{"Zoë O'Brien-Smith", singleLine, ""},
		{"   ", singleLine, ""}, // white space only is the modules' "required" to judge
		{"👩‍👩‍👧 family", singleLine, ""},
		{"a\x00b", singleLine, "control"},
		{"a\x00b", multiLine, "control"},
		{"a\x1bb", multiLine, "control"},
		{"a\u0085b", multiLine, "control"},
		{"a\x7fb", singleLine, "control"},
		{"第一行\n第二行", singleLine, "one line"},
		{"a\tb", singleLine, "one line"},
		{"第一行\r\n第二行\t缩进", multiLine, ""},
		{"abc\u202edcba", singleLine, "bidirectional"},
		{"abc\u2067x\u2069", multiLine, "bidirectional"},
		{"\u200b\u200b", singleLine, "invisible"},
		{"\u200b \u2060\ufeff", singleLine, "invisible"},
		{"\u3164", singleLine, "invisible"},
		{"张\u200b三", singleLine, ""}, // visible text with a joiner in it
		{"a\xffb", singleLine, "UTF-8"},
		{"a\ufffdb", singleLine, "UTF-8"},
		{"pass\x00word\u202e", secret, ""},
		{"pass\xff", secret, "UTF-8"},
	} {
		got := textProblem(c.s, c.mode)
		if (got == "") != (c.wantReason == "") || !strings.Contains(got, c.wantReason) {
			t.Errorf("textProblem(%q, %d) = %q, want %q", c.s, c.mode, got, c.wantReason)
		}
	}
}

type textItem struct {
	Name string   `json:"name"`
	Note string   `json:"note,omitempty" text:"multiline"`
	Tags []string `json:"tags"`
}

type textBody struct {
	Title    string            `json:"title"`
	Password string            `json:"password" text:"secret"`
	Items    []textItem        `json:"items"`
	Extra    map[string]string `json:"extra"`
	Lng      *float64          `json:"lng"`
	Raw      json.RawMessage   `json:"raw"`
	At       time.Time         `json:"at"`
	Skipped  string            `json:"-"`
}

type textInput struct {
	Page
	ID   string `path:"id"`
	Q    string `query:"q"`
	Body textBody
}

func TestCheckInput(t *testing.T) {
	nan := math.NaN()
	in := &textInput{Page: Page{Page: 1, Size: 20}, ID: "x\x00", Q: "a\nb", Body: textBody{
		Title: "\u200b", Password: "\x00ok", Skipped: "\x00",
		Items: []textItem{{Name: "ok", Note: "two\nlines"}, {Name: "a\tb", Tags: []string{"ok", "\u202e"}}},
		Extra: map[string]string{"k": "\x01"}, Lng: &nan, Raw: json.RawMessage("\"\xff\""),
	}}
	got := map[string]string{}
	for _, f := range CheckInput(in) {
		got[f.Field] = f.Message
	}
	for _, loc := range []string{"path.id", "query.q", "body.title", "body.items[1].name", "body.items[1].tags[1]",
		"body.extra.k", "body.lng", "body.raw"} {
		if got[loc] == "" {
			t.Errorf("no error at %s: %v", loc, got)
		}
		delete(got, loc)
	}
	if len(got) != 0 {
		t.Errorf("unexpected errors: %v", got)
	}
	ok := &textInput{Page: Page{Page: 1, Size: 20}, Body: textBody{Title: "标题", Items: []textItem{{Name: "x", Note: "a\nb"}}}}
	if bad := CheckInput(ok); len(bad) != 0 {
		t.Errorf("a clean input refused: %v", bad)
	}
	many := &textBody{}
	for range 100 {
		many.Items = append(many.Items, textItem{Name: "\x00"})
	}
	if bad := CheckInput(&textInput{Body: *many}); len(bad) != maxTextErrors {
		t.Errorf("%d errors for 100 bad fields, want %d", len(bad), maxTextErrors)
	}
}

func TestOverflowing(t *testing.T) {
	for _, c := range []struct{ body, loc, value string }{
		{`{"lng":1e999}`, "body.lng", "1e999"},
		{`{"a":{"b":[1,2,-1E+400]}}`, "body.a.b[2]", "-1E+400"},
		{`{"lng":NaN,"lat":1}`, "body.lng", "NaN"},
		{`{"pts":[1, -Infinity]}`, "body.pts[1]", "-Infinity"},
		{`{"x":1e308,"name":"NaN and Infinity"}`, "", ""},
		{`{"x":1.5e-999}`, "", ""}, // underflows to 0: finite
		{`{"x":` + strings.Repeat("9", 400) + `}`, "body.x", strings.Repeat("9", 400)},
	} {
		loc, value, found := overflowing([]byte(c.body))
		if loc != c.loc || value != c.value || found != (c.loc != "") {
			t.Errorf("%.60s: %q %q %v; want %q %q", c.body, loc, value, found, c.loc, c.value)
		}
		if c.loc != "" && !mayOverflow([]byte(c.body)) {
			t.Errorf("%.60s: the quick look missed it", c.body)
		}
	}
	if mayOverflow([]byte(`{"lng":112.5,"lat":38.4e1,"page":12345}`)) {
		t.Error("an ordinary body needs the full walk")
	}
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	if _, _, found := overflowing([]byte(deep)); found {
		t.Error("deep nesting")
	}
}
