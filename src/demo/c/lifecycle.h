/* lifecycle.h: who made the segment and what it is for */
typedef struct {
    int owner_pid;
    int generation;
    char role[24];
} lifecycle_t;
