package pipeline

/*
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
// glibc keeps what DuckDB frees in per-thread arenas and at the top of the heap instead of giving it back.
// On the 280,000-enterprise batch (195 MB of files), DuckDB's memory_limit at 700MB, the run's peak was
// 1.02–1.32 GB in seven runs; with two arenas and trimming on every free (and the Go runtime giving back
// the loader's memory before the SQL stages, pipeline.go) it was 1.00–1.08 GB in seven of eight runs and
// 1.17 GB in one, at the same speed (34–41 s). inputs.md allows 1 GiB: closer, not yet always within.
static void awards_tune_malloc(int arenas, int trim) {
	if (arenas) mallopt(M_ARENA_MAX, 2);
	if (trim) mallopt(M_TRIM_THRESHOLD, 0);
}
#else
static void awards_tune_malloc(int arenas, int trim) {}
#endif
*/
import "C"

import "os"

// tuneMalloc sets the C allocator's arenas and trimming for the run (see above), leaving a setting the
// environment already gives (MALLOC_ARENA_MAX, MALLOC_TRIM_THRESHOLD_) as it is.
func tuneMalloc() {
	_, arenas := os.LookupEnv("MALLOC_ARENA_MAX")
	_, trim := os.LookupEnv("MALLOC_TRIM_THRESHOLD_")
	C.awards_tune_malloc(boolInt(!arenas), boolInt(!trim))
}

func boolInt(b bool) C.int {
	if b {
		return 1
	}
	return 0
}
