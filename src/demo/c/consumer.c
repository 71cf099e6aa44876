/* consumer.c — polls the producer's shared_data_t, read-only.
 * Build: gcc -Wall -o consumer consumer.c    Run: ./consumer /tmp/some-file */
#include <stdio.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include "shared_data.h"

int main(int argc, char **argv) {
    key_t key = ftok(argc > 1 ? argv[1] : "/tmp", 2);
    int id = shmget(key, 0, 0);
    if (id == -1) { perror("shmget"); return 1; }
    const shared_data_t *data = shmat(id, NULL, SHM_RDONLY);
    if (data == (void *)-1) { perror("shmat"); return 1; }
    int last = -1;
    for (;;) {
        if (data->ready && data->counter != last) {
            last = data->counter;
            printf("%d: %s\n", last, data->message);
        }
        usleep(300000);
    }
}
