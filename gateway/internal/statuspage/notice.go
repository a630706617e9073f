package statuspage

import (
	"context"
	"net/http"
)

type noticeKey struct{}

// Notices makes every status page built for a request through it show notice()'s text, when
// not "", as a banner at the top: something the operator must see, like a failed reload.
func Notices(notice func() string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), noticeKey{}, notice)))
		})
	}
}

// noticeFor is the banner text for r's page, "" when there is none.
func noticeFor(r *http.Request) string {
	if notice, ok := r.Context().Value(noticeKey{}).(func() string); ok {
		return notice()
	}
	return ""
}
