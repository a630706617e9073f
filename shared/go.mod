module github.com/checkin-gateway/checkin-gateway/shared

go 1.26
