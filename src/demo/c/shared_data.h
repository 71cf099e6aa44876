/* shared_data.h: the producer updates it, consumers poll it */
typedef struct {
    int counter;
    char message[256];
    int ready;
} shared_data_t;
