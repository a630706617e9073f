package config

// entry is one service of services.json as written: its name and the bytes of its settings
// object.
type entry struct {
	name, raw []byte
}

// split cuts services.json into its services without decoding their settings. It takes only
// the plain shape, a JSON object whose keys are valid service names without escapes and whose
// values are objects; ok is false for anything else, and the caller then
// parses the file with encoding/json, which words the error (or accepts what split does not
// know). Names defined twice are the caller's to find. The settings are checked when decoded, or were checked before when a reload finds
// them written byte for byte as in the configuration in force.
func split(data []byte) (entries []entry, ok bool) {
	i := skipSpace(data, 0)
	if i == len(data) || data[i] != '{' {
		return nil, false
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return nil, skipSpace(data, i+1) == len(data)
	}
	for {
		// "name"
		if i == len(data) || data[i] != '"' {
			return nil, false
		}
		end := i + 1
		for end < len(data) && data[end] != '"' && data[end] != '\\' {
			end++
		}
		if end == len(data) || data[end] != '"' {
			return nil, false
		}
		name := data[i+1 : end]
		if !ValidName(string(name)) { // no copy: the conversion does not escape
			return nil, false
		}
		// :
		i = skipSpace(data, end+1)
		if i == len(data) || data[i] != ':' {
			return nil, false
		}
		// {settings}
		i = skipSpace(data, i+1)
		end, ok := objectEnd(data, i)
		if !ok {
			return nil, false
		}
		entries = append(entries, entry{name, data[i:end]})
		// , or }
		i = skipSpace(data, end)
		if i == len(data) {
			return nil, false
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case '}':
			return entries, skipSpace(data, i+1) == len(data)
		default:
			return nil, false
		}
	}
}

// objectEnd returns the index just after the object that starts at data[i]: its closing
// brace, counting nested objects and arrays and skipping strings. It does not check what is
// between; the decoder does.
func objectEnd(data []byte, i int) (int, bool) {
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

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}
