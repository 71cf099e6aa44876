/* producer.c — updates shared_data_t five times a second; consumer.c polls it.
 * Build: gcc -Wall -o producer producer.c    Run: ./producer /tmp/some-file */
#include <stdio.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include "shared_data.h"

int main(int argc, char **argv) {
    key_t key = ftok(argc > 1 ? argv[1] : "/tmp", 2);
    int id = shmget(key, sizeof(shared_data_t), IPC_CREAT | 0644);
    if (id == -1) { perror("shmget"); return 1; }
    shared_data_t *data = shmat(id, NULL, 0);
    if (data == (void *)-1) { perror("shmat"); return 1; }
    for (int n = 1;; n++) {
        data->ready = 0;
        data->counter = n;
        snprintf(data->message, sizeof data->message, "update %d from producer %d", n, (int)getpid());
        data->ready = 1;
        usleep(200000);
    }
}
