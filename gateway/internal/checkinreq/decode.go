// Package checkinreq reads a check-in request: its body as JSON or a form, a fast path for the
// usual flat JSON object, and the fields checked (service, token, status or START, info,
// run_id). Every refusal is a respond.Error naming the problem, never quoting a value.
package checkinreq

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/body"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Decode reads and validates a check-in body. The body is JSON whatever the
// Content-Type says (the older gateway's README sent JSON as curl's default form type), unless
// it is form-encoded and does not look like JSON.
func Decode(w http.ResponseWriter, r *http.Request) (checkin.Request, error) {
	b, err := body.Read(w, r, checkin.MaxBodyBytes)
	if err != nil {
		return checkin.Request{}, err
	}
	return parseCheckin(b, isForm(r))
}

// parseCheckin validates a check-in body; form says the Content-Type was form-encoded. Its
// errors are *respond.Error, 400.
func parseCheckin(body []byte, form bool) (checkin.Request, error) {
	body = bytes.TrimPrefix(body, utf8BOM) // as Windows tools write it
	if !utf8.Valid(body) {
		return checkin.Request{}, respond.BadRequest("body is not valid UTF-8")
	}
	var f checkinFields
	var err error
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if form && len(trimmed) > 0 && trimmed[0] != '{' && trimmed[0] != '[' {
		f, err = parseForm(body)
	} else {
		f, err = parseJSON(body)
	}
	if err != nil {
		return checkin.Request{}, err
	}
	return f.validate()
}

// utf8BOM is the byte order mark some editors and Windows tools put before UTF-8 text.
var utf8BOM = []byte("\uFEFF")

func isForm(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "application/x-www-form-urlencoded"
}

func parseForm(body []byte) (checkinFields, error) {
	values, err := parseQuery(string(body))
	if err != nil {
		return checkinFields{}, err
	}
	var f checkinFields
	for key, vs := range values {
		if miscased(key) {
			return checkinFields{}, miscasedError(key)
		}
		if !checkinKeys[key] {
			continue
		}
		if len(vs) > 1 {
			return checkinFields{}, respond.BadRequest("field %s is given more than once", key)
		}
		f.set(key, vs[0])
	}
	return f, nil
}

// parseQuery is url.ParseQuery with errors that quote nothing of the body: its own quote the
// broken escape, which may be part of a token.
func parseQuery(body string) (url.Values, error) {
	values := url.Values{}
	for body != "" {
		var pair string
		pair, body, _ = strings.Cut(body, "&")
		if strings.Contains(pair, ";") {
			return nil, respond.BadRequest("malformed form body: fields are separated by &, not ;")
		}
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return nil, respond.BadRequest("malformed form body: a field name has a %% not followed by two hex digits")
		}
		value, err := url.QueryUnescape(v)
		if err != nil {
			if !checkinKeys[key] {
				key = "a field"
			}
			return nil, respond.BadRequest("malformed form body: the value of %s has a %% not followed by two hex digits", key)
		}
		values[key] = append(values[key], value)
	}
	return values, nil
}

func parseJSON(body []byte) (checkinFields, error) {
	if f, ok := parseFlatJSON(body); ok {
		return f, nil
	}
	return parseJSONTokens(body)
}

// parseJSONTokens is the general decoder: any JSON, and a precise error for every mistake.
func parseJSONTokens(body []byte) (checkinFields, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	tok, err := dec.Token()
	if err != nil {
		return checkinFields{}, malformed(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return checkinFields{}, respond.BadRequest("body must be a JSON object like {\"service\": \"...\", \"token\": \"...\", \"status\": \"OK\"}")
	}
	var f checkinFields
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return checkinFields{}, malformed(err)
		}
		key := tok.(string) // object keys are always strings
		if miscased(key) {
			return checkinFields{}, miscasedError(key)
		}
		if !checkinKeys[key] {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return checkinFields{}, malformed(err)
			}
			continue
		}
		if f.has.Has(key) {
			return checkinFields{}, respond.BadRequest("field %s is given more than once", key)
		}
		tok, err = dec.Token()
		if err != nil {
			return checkinFields{}, malformed(err)
		}
		switch v := tok.(type) {
		case string:
			f.set(key, v)
		case nil:
			if key != "info" {
				return checkinFields{}, respond.BadRequest("field %s must be a string, not null", key)
			}
			f.has.Add(key)
		default:
			return checkinFields{}, respond.BadRequest("field %s must be a string", key)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return checkinFields{}, malformed(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return checkinFields{}, respond.BadRequest("malformed JSON: unexpected data after the object")
	}
	return f, nil
}

func malformed(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return respond.BadRequest("malformed JSON: unexpected end of body")
	}
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return respond.BadRequest("malformed JSON at byte %d: %s", syntax.Offset, unquoteChar(syntax.Error()))
	}
	return respond.BadRequest("malformed JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// unquoteChar drops the character that encoding/json quotes in "invalid character 'x' ...":
// it may be part of a token.
func unquoteChar(msg string) string {
	const prefix = "invalid character '"
	if !strings.HasPrefix(msg, prefix) {
		return msg
	}
	if end := strings.Index(msg[len(prefix):], "' "); end >= 0 {
		return "invalid character " + msg[len(prefix)+end+2:]
	}
	return "invalid character"
}
