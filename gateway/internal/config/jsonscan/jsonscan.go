// Package jsonscan reads the plain shapes services.json is usually written in (an object of
// objects; keys and strings without escapes; whole numbers, true, false and null) straight from
// the bytes, without encoding/json's reflection: at 100,000 services that is most of start-up.
// Anything it does not know it refuses (ok false), and the caller decodes with encoding/json.
package jsonscan

import "unicode/utf8"

// Entry is one member of a JSON object as written: its key and the bytes of its value, an
// object.
type Entry struct {
	Name, Raw []byte
}

// Split cuts a JSON object of objects (services.json) into its members without decoding their
// values, handing each to each in the order written; no list of them is built, so that a file
// of 100,000 services costs no large allocation. It takes only the plain shape: keys without
// escapes that validKey accepts, values that are objects. ok is false for anything else, or
// when each returns false; the members given so far are then to be discarded, and the caller
// decodes the data with encoding/json, which words the error (or accepts what Split does not
// know). Keys given twice are the caller's to find; the values are checked when decoded.
func Split(data []byte, validKey func(key []byte) bool, each func(Entry) bool) (ok bool) {
	i := SkipSpace(data, 0)
	if i == len(data) || data[i] != '{' {
		return false
	}
	i = SkipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return SkipSpace(data, i+1) == len(data)
	}
	for {
		// "name"
		if i == len(data) || data[i] != '"' {
			return false
		}
		end := i + 1
		for end < len(data) && data[end] != '"' && data[end] != '\\' {
			end++
		}
		if end == len(data) || data[end] != '"' {
			return false
		}
		name := data[i+1 : end]
		if !validKey(name) {
			return false
		}
		// :
		i = SkipSpace(data, end+1)
		if i == len(data) || data[i] != ':' {
			return false
		}
		// {settings}
		i = SkipSpace(data, i+1)
		end, ok := ObjectEnd(data, i)
		if !ok {
			return false
		}
		if !each(Entry{name, data[i:end]}) {
			return false
		}
		// , or }
		i = SkipSpace(data, end)
		if i == len(data) {
			return false
		}
		switch data[i] {
		case ',':
			i = SkipSpace(data, i+1)
		case '}':
			return SkipSpace(data, i+1) == len(data)
		default:
			return false
		}
	}
}

// ObjectEnd returns the index just after the object that starts at data[i]: its closing
// brace, counting nested objects and arrays and skipping strings. It does not check what is
// between; the decoder does.
func ObjectEnd(data []byte, i int) (int, bool) {
	if i == len(data) || data[i] != '{' {
		return 0, false
	}
	depth := 0
	for ; i < len(data); i++ {
		switch data[i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, data[i] == '}'
			}
		case '"':
			for i++; i < len(data) && data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++
				}
			}
		}
	}
	return 0, false
}

// SkipSpace returns the index of the first byte at or after i that is not JSON white space.
func SkipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// PlainString reads the key or string at raw[i], which must hold no escape and no control
// character, and be valid UTF-8; it returns the text and the index after the closing quote.
func PlainString(raw []byte, i int) ([]byte, int, bool) {
	if i == len(raw) || raw[i] != '"' {
		return nil, 0, false
	}
	ascii := true
	for j := i + 1; j < len(raw); j++ {
		switch c := raw[j]; {
		case c == '"':
			if !ascii && !utf8.Valid(raw[i+1:j]) {
				return nil, 0, false
			}
			return raw[i+1 : j], j + 1, true
		case c == '\\' || c < 0x20:
			return nil, 0, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, 0, false
}

// ValueEnd returns the index after the plain string, whole number (no leading zeros, no
// fraction or exponent), true, false or null at raw[i].
func ValueEnd(raw []byte, i int) (int, bool) {
	if i == len(raw) {
		return 0, false
	}
	switch c := raw[i]; {
	case c == '"':
		_, end, ok := PlainString(raw, i)
		return end, ok
	case c == '-' || '0' <= c && c <= '9':
		j := i
		if c == '-' {
			j++
		}
		if j == len(raw) || raw[j] < '0' || raw[j] > '9' {
			return 0, false
		}
		if raw[j] == '0' {
			return j + 1, true // a digit after it is caught as no separator
		}
		for j < len(raw) && '0' <= raw[j] && raw[j] <= '9' {
			j++
		}
		return j, true
	}
	for _, lit := range []string{"true", "false", "null"} {
		if len(raw)-i >= len(lit) && string(raw[i:i+len(lit)]) == lit {
			return i + len(lit), true
		}
	}
	return 0, false
}
