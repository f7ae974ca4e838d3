// A malloc counter for the allocation test of TCPFlowObserverAllocationTests. Build and preload it:
//   cc -shared -fPIC -O2 -o /tmp/malloc-counter.so Tests/TCPValidationTests/Fixtures/malloc-counter.c
//   LD_PRELOAD=/tmp/malloc-counter.so swift test --filter TCPFlowObserverAllocationTests
// Counting is per thread, switched on and off by the test; without the preload the test is skipped.
#include <stddef.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static __thread int counting;
static __thread size_t count;

void tcp_validation_malloc_counter_start(void) { count = 0; counting = 1; }
size_t tcp_validation_malloc_counter_stop(void) { counting = 0; return count; }

void *malloc(size_t size) { if (counting) count++; return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { if (counting) count++; return __libc_calloc(n, size); }
void *realloc(void *p, size_t size) { if (counting) count++; return __libc_realloc(p, size); }
void *aligned_alloc(size_t alignment, size_t size) { if (counting) count++; return __libc_memalign(alignment, size); }
void *memalign(size_t alignment, size_t size) { if (counting) count++; return __libc_memalign(alignment, size); }
int posix_memalign(void **out, size_t alignment, size_t size) {
    if (counting) count++;
    void *p = __libc_memalign(alignment, size);
    if (!p) return 12;
    *out = p;
    return 0;
}
