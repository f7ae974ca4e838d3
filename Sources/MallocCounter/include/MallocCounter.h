// MallocCounter: counts the heap allocations the calling thread makes, for tests that prove a path allocates
// nothing.
//
// On Linux with glibc the C allocation functions (malloc, calloc, realloc, posix_memalign, aligned_alloc and
// memalign) are replaced, for the whole process that links this module, by thin wrappers that count a call when
// the calling thread has counting switched on and then call glibc's own allocator. The Swift runtime allocates
// through these functions, so every Swift heap object, array buffer and boxed error is counted.

#ifndef MALLOC_COUNTER_H
#define MALLOC_COUNTER_H

#include <stdbool.h>
#include <stdint.h>

/// Whether allocations can be counted on this platform (Linux with glibc).
bool malloc_counter_is_available(void);

/// Starts counting the calling thread's allocations, from zero.
void malloc_counter_start(void);

/// Stops counting and returns the number of allocations the calling thread made since
/// malloc_counter_start().
uint64_t malloc_counter_stop(void);

#endif
