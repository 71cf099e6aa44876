/* counter.h: workers add 1 to counter; each also counts its own increments */
#define MAX_WORKERS 4
typedef struct {
    int counter;
    int workers;
    int increments[MAX_WORKERS];
} counter_t;
