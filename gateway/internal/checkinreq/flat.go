package checkinreq

// parseFlatJSON is the fast path of parseJSON for the body every client sends: one object whose
// values are plain strings (no escapes) or null. It reports false for anything else (escapes,
// numbers, nested values, a repeated field, malformed JSON), and parseJSON then takes the
// general decoder, which gives the exact error. Profiles showed the general decoder's token
// API taking most of a check-in's CPU time in the handler.
func parseFlatJSON(body []byte) (checkinFields, bool) {
	p := flatParser{b: body}
	p.space()
	if !p.byte('{') {
		return checkinFields{}, false
	}
	var f checkinFields
	p.space()
	if p.byte('}') {
		return f, p.end()
	}
	for {
		p.space()
		key, ok := p.str()
		if !ok {
			return checkinFields{}, false
		}
		p.space()
		if !p.byte(':') {
			return checkinFields{}, false
		}
		p.space()
		value, isNull, ok := p.value()
		if !ok {
			return checkinFields{}, false
		}
		if miscased(string(key)) {
			return checkinFields{}, false // the general decoder names the error
		}
		if checkinKeys[string(key)] {
			k := string(key)
			if f.has.Has(k) || (isNull && k != "info") {
				return checkinFields{}, false // the general decoder names the error
			}
			if isNull {
				f.has.Add(k)
			} else {
				f.set(k, string(value))
			}
		}
		p.space()
		if p.byte('}') {
			return f, p.end()
		}
		if !p.byte(',') {
			return checkinFields{}, false
		}
	}
}

type flatParser struct {
	b []byte
	i int
}

func (p *flatParser) space() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n' || p.b[p.i] == '\r') {
		p.i++
	}
}

func (p *flatParser) byte(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *flatParser) end() bool {
	p.space()
	return p.i == len(p.b)
}

// str reads a string without escapes or raw control characters; the body is valid UTF-8.
func (p *flatParser) str() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	start := p.i
	for ; p.i < len(p.b); p.i++ {
		switch c := p.b[p.i]; {
		case c == '"':
			p.i++
			return p.b[start : p.i-1], true
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

func (p *flatParser) value() (value []byte, isNull, ok bool) {
	if p.i+4 <= len(p.b) && string(p.b[p.i:p.i+4]) == "null" {
		p.i += 4
		return nil, true, true
	}
	value, ok = p.str()
	return value, false, ok
}
