module github.com/checkin-gateway/checkin-gateway/gateway

go 1.26.0

replace github.com/checkin-gateway/checkin-gateway/shared => ../shared

require (
	github.com/alecthomas/kong v1.17.0
	github.com/checkin-gateway/checkin-gateway/shared v0.0.0-00010101000000-000000000000
	github.com/go-chi/chi/v5 v5.5.0
	github.com/google/go-cmp v0.7.0
	github.com/mattn/go-sqlite3 v1.14.53
)
