package servicehistory

import (
	"os"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
