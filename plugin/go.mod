module github.com/checkin-gateway/checkin-gateway/plugin

go 1.26

replace github.com/checkin-gateway/checkin-gateway/shared => ../shared

require (
	github.com/alecthomas/kong v1.17.0
	github.com/checkin-gateway/checkin-gateway/shared v0.0.0-00010101000000-000000000000
)
