module github.com/checkin-gateway/checkin-gateway/gateway

go 1.26

replace github.com/checkin-gateway/checkin-gateway/shared => ../shared
