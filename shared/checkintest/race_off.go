//go:build !race

package checkintest

// raceEnabled says the test binary runs with the race detector: programs it builds get it too.
const raceEnabled = false
