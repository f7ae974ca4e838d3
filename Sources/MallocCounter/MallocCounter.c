// Allocation counting wrappers: see include/MallocCounter.h.

#include "MallocCounter.h"

#if defined(__linux__) && defined(__GLIBC__)

#include <errno.h>
#include <stddef.h>

// glibc's allocator under its internal names, which stay reachable when malloc and friends are replaced.
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

// Per thread, so that allocations by other threads (a test runner's, the system's) never count. The
// initial-exec model keeps the access itself free of any allocation.
static _Thread_local bool counting __attribute__((tls_model("initial-exec")));
static _Thread_local uint64_t allocations __attribute__((tls_model("initial-exec")));

static inline void note_allocation(void) {
    if (counting) {
        allocations += 1;
    }
}

bool malloc_counter_is_available(void) { return true; }

void malloc_counter_start(void) {
    allocations = 0;
    counting = true;
}

uint64_t malloc_counter_stop(void) {
    counting = false;
    return allocations;
}

void *malloc(size_t size) {
    note_allocation();
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    note_allocation();
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    note_allocation();
    return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
    note_allocation();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    note_allocation();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    note_allocation();
    // The POSIX rule: a power of two that is a multiple of sizeof(void *).
    if (alignment == 0 || (alignment & (alignment - 1)) != 0 || alignment % sizeof(void *) != 0) {
        return EINVAL;
    }
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) {
        return ENOMEM;
    }
    *result = pointer;
    return 0;
}

#else

bool malloc_counter_is_available(void) { return false; }

void malloc_counter_start(void) {}

uint64_t malloc_counter_stop(void) { return 0; }

#endif
