// The C headers the demo programs share with the monitor: the app decodes each scenario out of the box with these.

/** writer/reader: the message the writer leaves for its readers. */
export const MESSAGE_HEADER = `/* demo_message.h: what the writer leaves in the segment for its readers */
typedef struct {
    int writer_pid;
    int length;
    char text[248];
} demo_message_t;
`

/** producer/consumer: the textbook struct. */
export const SHARED_DATA_HEADER = `/* shared_data.h: the producer updates it, consumers poll it */
typedef struct {
    int counter;
    char message[256];
    int ready;
} shared_data_t;
`

/** sensors: one segment per sensor. */
export const SENSOR_HEADER = `/* sensor.h: one reading per sensor, rewritten ten times a second */
struct SensorData {
    int sensor_id;
    double value;
    char status[16];
};
`

/** locked counter: the counter and, per worker, the increments it made (only that worker writes its slot). */
export const COUNTER_HEADER = `/* counter.h: workers add 1 to counter; each also counts its own increments */
#define MAX_WORKERS 4
typedef struct {
    int counter;
    int workers;
    int increments[MAX_WORKERS];
} counter_t;
`

/** POSIX ring: a single-producer single-consumer ring buffer. */
export const RING_HEADER = `/* ring.h: single producer, single consumer; head is written by the producer, tail by the consumer */
#include <stdint.h>
#define RING_SLOTS 32
typedef struct {
    uint32_t head;
    uint32_t tail;
    uint32_t capacity;
    uint32_t produced;
    int32_t slots[RING_SLOTS];
} ring_t;
`

/** lifecycle: a small record each troublemaker writes. */
export const LIFECYCLE_HEADER = `/* lifecycle.h: who made the segment and what it is for */
typedef struct {
    int owner_pid;
    int generation;
    char role[24];
} lifecycle_t;
`

/** Byte sizes (x86_64 and aarch64 alike) the workers allocate. */
export const SIZES = { message: 256, sharedData: 264, sensor: 32, counter: 24, ring: 144, lifecycle: 32 } as const
