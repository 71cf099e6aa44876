/* ring.h: single producer, single consumer; head is written by the producer, tail by the consumer */
#include <stdint.h>
#define RING_SLOTS 32
typedef struct {
    uint32_t head;
    uint32_t tail;
    uint32_t capacity;
    uint32_t produced;
    int32_t slots[RING_SLOTS];
} ring_t;
