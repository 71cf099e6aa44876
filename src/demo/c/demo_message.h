/* demo_message.h: what the writer leaves in the segment for its readers */
typedef struct {
    int writer_pid;
    int length;
    char text[248];
} demo_message_t;
