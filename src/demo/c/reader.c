/* reader.c — attaches read-only to the writer's segment, prints the message, detaches.
 * Build: gcc -Wall -o reader reader.c    Run: ./reader /tmp/some-file */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include "demo_message.h"

int main(int argc, char **argv) {
    key_t key = ftok(argc > 1 ? argv[1] : "/tmp", 1);
    int id = shmget(key, 0, 0);
    if (id == -1) { perror("shmget"); return 1; }
    const demo_message_t *msg = shmat(id, NULL, SHM_RDONLY);
    if (msg == (void *)-1) { perror("shmat"); return 1; }
    printf("pid %d wrote: %.*s\n", msg->writer_pid, msg->length, msg->text);
    shmdt(msg);
    return 0;
}
