package httpx

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"healthgrid/internal/apperr"
)

// The text rules every string of every request meets, checked once for all
// routes by CheckInput: valid UTF-8 (a U+FFFD counts as invalid, since JSON
// decoding puts one where the bytes were not UTF-8, and nobody types it); no
// control characters, and no tab or line break unless the field is tagged
// `text:"multiline"` (descriptions, comments, criteria); no bidirectional
// overrides or isolates, which make text read differently from how it is
// stored; and not made only of invisible characters (a name of zero-width
// spaces looks empty but passes a TrimSpace). A field tagged `text:"secret"`
// (a password) is never shown, so only its encoding is checked. Numbers must
// be finite: a NaN passes every minimum and maximum.
const (
	singleLine = iota
	multiLine
	secret
)

// maxTextErrors bounds the field errors one request gets back.
const maxTextErrors = 20

var (
	timeType    = reflect.TypeFor[time.Time]()
	rawJSONType = reflect.TypeFor[json.RawMessage]()
)

// CheckInput checks a route's parsed input — its path, query, header and
// cookie parameters and its Body — against the text rules, naming each bad
// field as huma does (query.q, body.items[0].name).
func CheckInput(in any) apperr.Invalid {
	var c checker
	c.params(reflect.ValueOf(in))
	return c.bad
}

// TextProblem is why s breaks the text rules, "" when it meets them, for
// input read outside huma (the Open311 form); multiline allows tabs and line
// breaks.
func TextProblem(s string, multiline bool) string {
	if multiline {
		return textProblem(s, multiLine)
	}
	return textProblem(s, singleLine)
}

type checker struct{ bad apperr.Invalid }

func (c *checker) add(loc string, f apperr.FieldError) {
	if len(c.bad) < maxTextErrors {
		f.Field = loc
		c.bad = append(c.bad, f)
	}
}

// params walks the input struct's top level, where the fields are parameters
// (named by their path/query/header/cookie tag), the Body, or embedded
// structs of parameters (Page).
func (c *checker) params(v reflect.Value) {
	v = reflect.Indirect(v)
	if v.Kind() != reflect.Struct {
		return
	}
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Name == "Body" {
			c.value("body", v.Field(i), modeOf(f))
			continue
		}
		named := false
		for _, in := range []string{"path", "query", "header", "cookie"} {
			if name, _, _ := strings.Cut(f.Tag.Get(in), ","); name != "" {
				c.value(in+"."+name, v.Field(i), modeOf(f))
				named = true
			}
		}
		if !named && f.Anonymous {
			c.params(v.Field(i))
		}
	}
}

func (c *checker) value(loc string, v reflect.Value, mode int) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			c.value(loc, v.Elem(), mode)
		}
	case reflect.String:
		if f := textFault(v.String(), mode); f.Message != "" {
			c.add(loc, f)
		}
	case reflect.Float32, reflect.Float64:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			c.add(loc, apperr.FieldError{Message: "应为有限数值 / must be a finite number", Code: codeNotFinite})
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			if v.Type() == rawJSONType && !utf8.Valid(v.Bytes()) {
				c.add(loc, notUTF8)
			}
			return
		}
		for i := range v.Len() {
			c.value(fmt.Sprintf("%s[%d]", loc, i), v.Index(i), mode)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			key := fmt.Sprint(it.Key().Interface())
			if f := textFault(key, singleLine); f.Message != "" {
				c.add(loc, f)
			}
			c.value(loc+"."+key, it.Value(), mode)
		}
	case reflect.Struct:
		if v.Type() == timeType {
			return
		}
		c.fields(loc, v)
	}
}

// fields walks a body struct by its JSON names; an embedded struct without
// a name is inlined, as encoding/json does.
func (c *checker) fields(loc string, v reflect.Value) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-":
		case name == "" && f.Anonymous:
			c.value(loc, v.Field(i), modeOf(f))
		case name == "":
			c.value(loc+"."+f.Name, v.Field(i), modeOf(f))
		default:
			c.value(loc+"."+name, v.Field(i), modeOf(f))
		}
	}
}

func modeOf(f reflect.StructField) int {
	switch f.Tag.Get("text") {
	case "multiline":
		return multiLine
	case "secret":
		return secret
	}
	return singleLine
}

var notUTF8 = apperr.FieldError{Message: "不是有效的UTF-8文本 / not valid UTF-8", Code: codeNotUTF8}

// textProblem is why s breaks the text rules for its mode, "" when it does not.
func textProblem(s string, mode int) string { return textFault(s, mode).Message }

// textFault is textProblem with its code, without a field.
func textFault(s string, mode int) apperr.FieldError {
	if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) {
		return notUTF8
	}
	if mode == secret {
		return apperr.FieldError{}
	}
	visible, hidden := false, false
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			if mode != multiLine {
				return apperr.FieldError{Message: "不能包含换行或制表符 / must be one line, without tabs", Code: codeOneLine}
			}
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
			return apperr.FieldError{Message: fmt.Sprintf("不能包含控制字符 / must not contain control characters (U+%04X)", r),
				Code: codeControl, Params: apperr.P{"char": fmt.Sprintf("U+%04X", r)}}
		case r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
			return apperr.FieldError{Message: fmt.Sprintf("不能包含双向文本控制符 / must not contain bidirectional overrides or isolates (U+%04X)", r),
				Code: codeBidi, Params: apperr.P{"char": fmt.Sprintf("U+%04X", r)}}
		case invisible(r):
			hidden = true
		case !unicode.IsSpace(r):
			visible = true
		}
	}
	if hidden && !visible {
		return apperr.FieldError{Message: "不能只由不可见字符组成 / must not consist of invisible characters only", Code: codeInvisible}
	}
	return apperr.FieldError{}
}

// invisible reports a character that draws nothing and is not white space:
// format characters (zero-width space and joiners, word joiner, BOM, soft
// hyphen), Hangul fillers, the blank braille pattern, the combining grapheme
// joiner and the variation selectors.
func invisible(r rune) bool {
	switch {
	case unicode.Is(unicode.Cf, r):
		return true
	case r == 0x115f || r == 0x1160 || r == 0x3164 || r == 0xffa0 || r == 0x2800 || r == 0x034f:
		return true
	case r >= 0xfe00 && r <= 0xfe0f || r >= 0xe0100 && r <= 0xe01ef:
		return true
	}
	return false
}
