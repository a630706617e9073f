// Package mallocarena caps the C allocator's arenas at two, in any program that imports it.
// SQLite allocates through glibc's malloc, which gives each thread that calls it an arena of
// its own, up to eight per core; Go runs the writer's and the readers' SQLite calls on
// whichever thread is free, so after load a gateway holds many arenas, each keeping memory it
// freed. Two arenas serve one writer and a few readers as well and keep the gateway about 1 MB
// smaller after load. glibc fixes the cap when it makes its second arena, before Go's main
// could run, so the cap is set by a C constructor as the program loads (as MALLOC_ARENA_MAX=2
// in the environment would).
package mallocarena

/*
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_ARENAS 2

static void __attribute__((constructor)) limit_arenas(void) { mallopt(M_ARENA_MAX, MAX_ARENAS); }

// heaps writes malloc_info's XML (one <heap nr="..."> per arena) to a buffer and returns it.
static char *heaps(size_t *len) {
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	if (f == NULL) return NULL;
	malloc_info(0, f);
	fclose(f);
	return buf;
}

static void churn(size_t n) { free(malloc(n)); }
*/
import "C"

import (
	"errors"
	"strings"
	"unsafe"
)

// Max is the cap on the arenas.
const Max = C.MAX_ARENAS

// Arenas returns how many arenas the C allocator has made so far (for tests).
func Arenas() (int, error) {
	var n C.size_t
	buf := C.heaps(&n)
	if buf == nil {
		return 0, errors.New("malloc_info: no memory stream")
	}
	defer C.free(unsafe.Pointer(buf))
	return strings.Count(C.GoStringN(buf, C.int(n)), "<heap nr="), nil
}

// churn allocates and frees n bytes through the C allocator on the calling thread.
func churn(n int) { C.churn(C.size_t(n)) }
