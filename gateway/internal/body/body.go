// Package body reads a request's body within a size limit, the same way for every endpoint
// that takes one: gzip-compressed bodies are decompressed (the limit holds for what they
// decompress to), other encodings are refused, and of a body over the limit a bounded amount
// more is read and dropped, so that a client still writing gets to see the 413. Its errors are
// *respond.Error, ready for respond.Fail.
package body

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
)

// maxDiscardBytes is how much more of a too large body the gateway reads, and throws away,
// before it answers 413. A client that writes its whole body before it reads (Python's urllib
// does) would otherwise have its connection reset under it and never see the answer. The read
// timeout bounds the time this takes.
const maxDiscardBytes = 4 << 20

// gzipSlack is how much larger than the limit a gzip-compressed body may be: gzip adds a few
// bytes even to text it cannot compress.
const gzipSlack = 1 << 10

var errEncoding = &respond.Error{Code: http.StatusUnsupportedMediaType,
	Msg: "Content-Encoding not supported: send the body uncompressed or with Content-Encoding: gzip"}

// Read reads r's body of at most limit bytes, decompressing a gzip body first (the limit holds
// for what it decompresses to).
func Read(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))) {
	case "", "identity":
		if unsentTooLarge(r, limit) {
			return nil, tooLarge(limit)
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		return body, readError(r, err, limit)
	case "gzip", "x-gzip":
		return readGzip(w, r, limit)
	default:
		return nil, errEncoding
	}
}

func readGzip(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if unsentTooLarge(r, limit+gzipSlack) {
		return nil, tooLarge(limit)
	}
	zr, err := gzip.NewReader(http.MaxBytesReader(w, r.Body, limit+gzipSlack))
	if err != nil {
		return nil, readError(r, err, limit)
	}
	body, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err == nil && int64(len(body)) > limit {
		discard(r)
		return nil, &respond.Error{Code: http.StatusRequestEntityTooLarge,
			Msg: fmt.Sprintf("body is larger than %d bytes after decompression", limit)}
	}
	return body, readError(r, err, limit)
}

// readError maps an error reading the body to the client's error; 413 when the body is over
// the limit, after reading (and dropping) a bounded amount more of it.
func readError(r *http.Request, err error, limit int64) error {
	var maxBytes *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &maxBytes):
		discard(r)
		return tooLarge(limit)
	case errors.Is(err, os.ErrDeadlineExceeded):
		return &respond.Error{Code: http.StatusRequestTimeout, Msg: "the body did not arrive in time"}
	case errors.Is(err, gzip.ErrHeader), errors.Is(err, gzip.ErrChecksum), errors.Is(err, io.ErrUnexpectedEOF):
		return respond.BadRequest("body is not valid gzip (Content-Encoding: gzip)")
	default:
		return respond.BadRequest("could not read the body: %v", err)
	}
}

// unsentTooLarge reports a body whose Content-Length is over most while its client waits for
// "100 Continue" before it sends it (curl does for large bodies): the answer is then 413 at
// once, and the client is never invited to send what would be dropped.
func unsentTooLarge(r *http.Request, most int64) bool {
	return r.ContentLength > most && strings.EqualFold(strings.TrimSpace(r.Header.Get("Expect")), "100-continue")
}

func tooLarge(limit int64) error {
	return &respond.Error{Code: http.StatusRequestEntityTooLarge, Msg: fmt.Sprintf("body is larger than %d bytes", limit)}
}

// discard reads up to maxDiscardBytes more of the body and drops it, so that the answer
// reaches a client still writing. The connection closes after the answer.
func discard(r *http.Request) {
	_, _ = io.CopyN(io.Discard, r.Body, maxDiscardBytes)
}
