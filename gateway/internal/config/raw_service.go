package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// fieldError rewrites encoding/json's errors about one service's object into ones that name
// the field in services.json's words.
func fieldError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		want := typeErr.Type.String()
		switch want {
		case "string":
			want = "a string"
		case "bool":
			want = "true or false"
		}
		if typeErr.Field == "" {
			return fmt.Errorf("want an object of settings, got %s", typeErr.Value)
		}
		return fmt.Errorf("field %s: want %s, got %s", typeErr.Field, want, typeErr.Value)
	}
	if msg, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return fmt.Errorf("unknown field %s (known: token, token_sha256, timeout, schedule, tz, max_runtime, grace, tolerate_failures, owner, icinga, rate, history_max_bytes, "+pingFields+")", msg)
	}
	return err
}

// durationField reads a duration written as a JSON number of seconds or as a string.
func durationField(raw json.RawMessage) (time.Duration, error) {
	// The usual forms, "1d" and 3600, without a decoder of their own.
	if len(raw) > 1 && raw[0] == '"' && bytes.IndexByte(raw[1:], '\\') < 0 && bytes.IndexByte(raw[1:], '"') == len(raw)-2 {
		text := string(raw[1 : len(raw)-1])
		d, err := checkin.ParseDuration(text)
		if err != nil {
			return 0, withOlderForm(text, err)
		}
		return d, nil
	}
	if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
		return checkin.Seconds(n)
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return 0, err
	}
	switch v := v.(type) {
	case json.Number:
		n, err := v.Int64()
		if err != nil {
			return 0, fmt.Errorf("invalid duration %s: want whole seconds or a string like \"1d12h\"", v)
		}
		return checkin.Seconds(n)
	case string:
		d, err := checkin.ParseDuration(v)
		if err != nil {
			return 0, withOlderForm(v, err)
		}
		return d, nil
	default:
		return 0, errors.New("want seconds as a number or a string like \"1d12h\"")
	}
}
