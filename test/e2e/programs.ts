// C programs the end-to-end tests run as real processes: a producer that writes a struct into a new segment, and an attacher.
import { compileC } from '../helpers/native'

/** The header the producer includes, as a user would paste it. */
export const SENSOR_HEADER = `#include <stdint.h>
#define STATUS_LEN 16

struct SensorData {
    int sensor_id;
    double value;
    char status[STATUS_LEN];
    uint32_t counter;
};
`

/**
 * producer <key>: creates a 4 KiB segment with that key (IPC_CREAT|IPC_EXCL), prints
 * "shmid N", then every 50 ms writes sensor_id 4242, value = counter * 0.5, status "RUNNING", counter++.
 * Removes the segment on SIGTERM.
 */
const PRODUCER = `
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/shm.h>
${SENSOR_HEADER}
static volatile sig_atomic_t stop = 0;
static void on_term(int s) { (void)s; stop = 1; }
int main(int argc, char **argv) {
    key_t key = (key_t)strtoul(argv[1], NULL, 0);
    int id = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0644);
    if (id < 0) { perror("shmget"); return 1; }
    struct SensorData *d = shmat(id, NULL, 0);
    if (d == (void *)-1) { perror("shmat"); return 1; }
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    printf("shmid %d\\n", id);
    fflush(stdout);
    uint32_t n = 0;
    while (!stop) {
        d->sensor_id = 4242;
        d->value = n * 0.5;
        strcpy(d->status, "RUNNING");
        d->counter = n++;
        usleep(50000);
    }
    shmdt(d);
    shmctl(id, IPC_RMID, NULL);
    return 0;
}
`

/** attacher <shmid>: attaches, prints "attached", sleeps until killed. */
const ATTACHER = `
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/shm.h>
int main(int argc, char **argv) {
    int id = atoi(argv[1]);
    void *p = shmat(id, NULL, SHM_RDONLY);
    if (p == (void *)-1) { perror("shmat"); return 1; }
    printf("attached\\n");
    fflush(stdout);
    for (;;) pause();
}
`

/** creator: a 8 KiB IPC_PRIVATE segment, prints "shmid N", keeps it attached until killed. */
const CREATOR = `
#include <stdio.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/shm.h>
int main(void) {
    int id = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
    if (id < 0) { perror("shmget"); return 1; }
    if (shmat(id, NULL, 0) == (void *)-1) { perror("shmat"); return 1; }
    printf("shmid %d\\n", id);
    fflush(stdout);
    for (;;) pause();
}
`

export const producerBin = (): Promise<string> => compileC('e2e-producer', PRODUCER)
export const attacherBin = (): Promise<string> => compileC('e2e-attacher', ATTACHER)
export const creatorBin = (): Promise<string> => compileC('e2e-creator', CREATOR)
