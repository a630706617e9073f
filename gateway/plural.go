package main

import "strconv"

// plural writes a count with its noun: "1 check-in", "2 check-ins", "0 services".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
