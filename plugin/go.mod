module github.com/checkin-gateway/checkin-gateway/plugin

go 1.26

replace github.com/checkin-gateway/checkin-gateway/shared => ../shared
