// Package icingaplace reads the "icinga" object of a service in services.json: the Icinga 2
// Host it belongs to, its display name, groups and custom variables, which
// `checkin-gateway icinga-config` writes into the Service object. The gateway itself does not
// use them.
package icingaplace

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// Settings say where and how `checkin-gateway icinga-config` writes a service's Icinga 2 Service
// object: the "icinga" object of a service in services.json. The gateway itself does not use it.
type Settings struct {
	// Host is the Icinga Host object the Service belongs to; "" means the gateway's own Host.
	Host string
	// DisplayName is the Service's display_name; "" leaves Icinga's default (the name).
	DisplayName string
	// Groups are the ServiceGroups the Service is in, in the order given.
	Groups []string
	// Vars are custom variables of the Service. Each value is a string, a json.Number written as
	// a plain decimal, a bool, or a []any of those.
	Vars map[string]any
}

// VarNames lists the keys of Vars in lexical order.
func (ic *Settings) VarNames() []string {
	names := make([]string, 0, len(ic.Vars))
	for k := range ic.Vars {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// ReservedVars are the custom variables icinga-config writes itself from its flags; services.json
// cannot set them.
var ReservedVars = []string{"checkin_service", "checkin_url", "checkin_protocol", "checkin_host",
	"checkin_port", "checkin_ca_file", "checkin_gateway_host"}

// rawSettings is the "icinga" object as written.
type rawSettings struct {
	Host        *string                    `json:"host"`
	DisplayName *string                    `json:"display_name"`
	Groups      []string                   `json:"groups"`
	Vars        map[string]json.RawMessage `json:"vars"`
}

// varName is what a custom variable may be called: usable as $service.vars.NAME$ in Icinga
// macros, where a dot would be read as a step into a nested value.
var varName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// plainNumber is a number Icinga's config language reads as written (it has no exponents).
var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// Parse reads a service's "icinga" object. Its errors name the key, like
// "field icinga.vars.team: ...". null is the same as no "icinga" object: nil.
func Parse(raw json.RawMessage) (*Settings, error) {
	if len(raw) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return nil, nil
	}
	// Keys are matched exactly: encoding/json alone would take "Host" for "host".
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		return nil, fmt.Errorf("field icinga: want an object like {\"host\": \"laptop-1\"}, got %s", jsonKind(raw))
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) { // the same key named on every run
		if k != "host" && k != "display_name" && k != "groups" && k != "vars" {
			return nil, fmt.Errorf("field icinga: unknown key %q (known: host, display_name, groups, vars)", k)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var r rawSettings
	if err := dec.Decode(&r); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return nil, fmt.Errorf("field icinga.%s: want %s, got %s", typeErr.Field, icingaWant(typeErr.Field), typeErr.Value)
		}
		return nil, fmt.Errorf("field icinga: %w", err)
	}
	ic := &Settings{Groups: r.Groups}
	if r.Host != nil {
		if err := checkObjectName(*r.Host); err != nil {
			return nil, fmt.Errorf("field icinga.host: %w", err)
		}
		ic.Host = *r.Host
	}
	if r.DisplayName != nil {
		if *r.DisplayName == "" || strings.ContainsFunc(*r.DisplayName, unicode.IsControl) {
			return nil, errors.New("field icinga.display_name: want a non-empty text on one line")
		}
		ic.DisplayName = *r.DisplayName
	}
	for i, g := range r.Groups {
		if err := checkObjectName(g); err != nil {
			return nil, fmt.Errorf("field icinga.groups[%d]: %w", i, err)
		}
	}
	if len(r.Vars) > 0 {
		ic.Vars = make(map[string]any, len(r.Vars))
	}
	for k, v := range r.Vars {
		if !varName.MatchString(k) {
			return nil, fmt.Errorf("field icinga.vars: invalid name %q: use 1 to 64 letters, digits, _ and -", k)
		}
		for _, reserved := range ReservedVars {
			if k == reserved {
				return nil, fmt.Errorf("field icinga.vars.%s: icinga-config sets this one from its flags", k)
			}
		}
		val, err := varValue(v, true)
		if err != nil {
			return nil, fmt.Errorf("field icinga.vars.%s: %w", k, err)
		}
		ic.Vars[k] = val
	}
	return ic, nil
}

// checkObjectName refuses names Icinga 2 refuses (with !, which joins host and service names)
// and names no one means (empty, with line breaks or other control characters).
func checkObjectName(name string) error {
	switch {
	case name == "":
		return errors.New("must not be empty")
	case strings.Contains(name, "!"):
		//lint:ignore ST1005 the ! is the character it names, not punctuation
		return fmt.Errorf("%q: Icinga object names cannot hold !", name)
	case strings.ContainsFunc(name, unicode.IsControl):
		return fmt.Errorf("%q: Icinga object names here cannot hold line breaks or other control characters", name)
	}
	return nil
}

// varValue reads one custom variable's value: a string, number, true or false, or (at the top
// level) an array of those.
func varValue(raw json.RawMessage, arrayOK bool) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	switch v := v.(type) {
	case string, bool:
		return v, nil
	case json.Number:
		if !plainNumber.MatchString(v.String()) {
			return nil, fmt.Errorf("number %s: write it without an exponent, like 1000 or 2.5", v)
		}
		return v, nil
	case []any:
		if !arrayOK {
			break
		}
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, err
		}
		out := make([]any, 0, len(items))
		for i, item := range items {
			x, err := varValue(item, false)
			if err != nil {
				return nil, fmt.Errorf("item %d: %w", i, err)
			}
			out = append(out, x)
		}
		return out, nil
	}
	if arrayOK {
		return nil, errors.New("want a string, a number, true, false or an array of them")
	}
	return nil, errors.New("want a string, a number, true or false")
}

// jsonKind names the kind of a JSON value, as encoding/json's errors do.
func jsonKind(raw json.RawMessage) string {
	switch b := bytes.TrimSpace(raw); {
	case len(b) == 0:
		return "nothing"
	case b[0] == '"':
		return "string"
	case b[0] == '[':
		return "array"
	case b[0] == 't' || b[0] == 'f':
		return "bool"
	default:
		return "number"
	}
}

func icingaWant(field string) string {
	switch field {
	case "host", "display_name":
		return "a string"
	case "groups":
		return "an array of group names"
	case "vars":
		return "an object of custom variables"
	}
	if strings.HasPrefix(field, "groups") {
		return "a group name (a string)"
	}
	return "another type"
}
