package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// maxAnswerBytes bounds what the plugin reads; a state answer is well under a kilobyte plus the
// info text, which the gateway limits to 64 KiB.
const maxAnswerBytes = 1 << 20

// State asks the gateway for a service's state. Every failure is an *Error.
func (c *Client) State(ctx context.Context, name string) (checkin.State, error) {
	resp, err := c.get(ctx, name)
	if err != nil {
		return checkin.State{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	if err != nil {
		return checkin.State{}, c.transportError(err)
	}
	if resp.StatusCode != http.StatusOK {
		return checkin.State{}, c.statusError(resp, body, name)
	}
	if len(body) > maxAnswerBytes {
		return checkin.State{}, c.malformed("answer larger than %d bytes", maxAnswerBytes)
	}
	st, err := decodeState(body, name)
	if err != nil {
		return checkin.State{}, c.malformed("%v", err)
	}
	return st, nil
}

func (c *Client) malformed(format string, args ...any) *Error {
	return &Error{Kind: Malformed, Msg: fmt.Sprintf("malformed answer from the gateway at %s: ", c.where()) + fmt.Sprintf(format, args...)}
}

// decodeState reads a state answer and refuses one that could be misread: not JSON, missing
// service, status or timestamp (a missing status would otherwise read as OK), or about another
// service.
func decodeState(body []byte, name string) (checkin.State, error) {
	var required struct {
		Service   *string         `json:"service"`
		Status    *checkin.Status `json:"status"`
		Timestamp *int64          `json:"timestamp"`
	}
	if err := json.Unmarshal(body, &required); err != nil {
		return checkin.State{}, fmt.Errorf("not a state: %w (starts with %q)", err, snippet(body))
	}
	var missing []string
	if required.Service == nil {
		missing = append(missing, "service")
	}
	if required.Status == nil {
		missing = append(missing, "status")
	}
	if required.Timestamp == nil {
		missing = append(missing, "timestamp")
	}
	if len(missing) > 0 {
		return checkin.State{}, fmt.Errorf("no %s in %q", strings.Join(missing, ", "), snippet(body))
	}
	var st checkin.State
	if err := json.Unmarshal(body, &st); err != nil {
		return checkin.State{}, fmt.Errorf("not a state: %w", err)
	}
	if st.Service != name {
		return checkin.State{}, fmt.Errorf("it is about service %q, not %q", st.Service, name)
	}
	return st, nil
}

// statusError explains an answer other than 200, with the gateway's own {"error"} message
// when there is one.
func (c *Client) statusError(resp *http.Response, body []byte, name string) *Error {
	msg, isGatewayError := gatewayMessage(resp, body)
	if resp.StatusCode == http.StatusNotFound && isGatewayError {
		if strings.HasPrefix(msg, "no such endpoint") {
			return &Error{Kind: HTTPStatus, Msg: fmt.Sprintf("the gateway at %s has no state endpoint (HTTP 404: %s); check --url", c.where(), msg)}
		}
		return &Error{Kind: NotConfigured, Msg: fmt.Sprintf("service %q is not configured on the gateway at %s", name, c.where())}
	}
	line := fmt.Sprintf("the gateway at %s answered HTTP %s", c.where(), resp.Status)
	if msg != "" {
		line += ": " + msg
	}
	return &Error{Kind: HTTPStatus, Msg: line}
}

// gatewayMessage is the "error" of a JSON error body, or else the start of the body as text.
// isGatewayError says whether the body was the gateway's JSON error.
func gatewayMessage(resp *http.Response, body []byte) (msg string, isGatewayError bool) {
	var e checkin.Error
	mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if mediaType == "application/json" && json.Unmarshal(body, &e) == nil && e.Error != "" {
		return e.Error, true
	}
	return snippet(body), false
}

// snippet is the start of a body, trimmed, for messages.
func snippet(body []byte) string {
	const limit = 120
	body = bytes.TrimSpace(body)
	if len(body) > limit {
		return strings.ToValidUTF8(string(body[:limit]), "") + "..."
	}
	return string(body)
}
