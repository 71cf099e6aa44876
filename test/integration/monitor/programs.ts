// C programs the monitor tests run as real processes, each printing what it did so the test knows the ground truth.
import { compileC } from '../../helpers/native'

/** The producer/consumer struct, as its programs include it. */
export const SHARED_HEADER = `typedef struct {
    int counter;
    char message[256];
    int ready;
} shared_data_t;
`

/** producer <periodUs>: an IPC_PRIVATE segment holding shared_data_t; prints "shmid N", then counter++ every period. */
const PRODUCER = `
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/shm.h>
${SHARED_HEADER}
int main(int argc, char **argv) {
    long period = argc > 1 ? atol(argv[1]) : 100000;
    int id = shmget(IPC_PRIVATE, sizeof(shared_data_t), IPC_CREAT | 0600);
    if (id < 0) { perror("shmget"); return 1; }
    shared_data_t *d = shmat(id, NULL, 0);
    if (d == (void *)-1) { perror("shmat"); return 1; }
    printf("shmid %d\\n", id);
    fflush(stdout);
    for (int n = 1;; n++) {
        d->ready = 0;
        d->counter = n;
        snprintf(d->message, sizeof d->message, "update %d", n);
        d->ready = 1;
        usleep(period);
    }
}
`

/** holder: an IPC_PRIVATE segment, attached; stdin "rmid" marks it for destruction, "detach" detaches; each answered on stdout. */
const HOLDER = `
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
int main(void) {
    int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    if (id < 0) { perror("shmget"); return 1; }
    void *p = shmat(id, NULL, 0);
    if (p == (void *)-1) { perror("shmat"); return 1; }
    printf("shmid %d\\n", id);
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        if (strncmp(line, "rmid", 4) == 0) { shmctl(id, IPC_RMID, NULL); printf("rmid\\n"); }
        else if (strncmp(line, "detach", 6) == 0) { shmdt(p); printf("detached\\n"); }
        fflush(stdout);
    }
    return 0;
}
`

/**
 * cycler <key> <cycles> <stepUs>: per cycle create (IPC_EXCL) a 4 KiB segment under key,
 * attach, detach, IPC_RMID, with stepUs between steps; prints "created N" per cycle and "done".
 */
const CYCLER = `
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/shm.h>
int main(int argc, char **argv) {
    key_t key = (key_t)strtoul(argv[1], NULL, 0);
    int cycles = atoi(argv[2]);
    long step = atol(argv[3]);
    for (int i = 0; i < cycles; i++) {
        int id = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
        if (id < 0) { perror("shmget"); return 1; }
        printf("created %d\\n", id);
        fflush(stdout);
        usleep(step);
        void *p = shmat(id, NULL, 0);
        if (p == (void *)-1) { perror("shmat"); return 1; }
        ((volatile int *)p)[0] = i;
        usleep(step);
        shmdt(p);
        usleep(step);
        shmctl(id, IPC_RMID, NULL);
        usleep(step);
    }
    printf("done\\n");
    fflush(stdout);
    return 0;
}
`

/** visitor <shmid>: attaches read-only, detaches at once, prints "visited", then waits to be killed. */
const VISITOR = `
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/shm.h>
int main(int argc, char **argv) {
    void *p = shmat(atoi(argv[1]), NULL, SHM_RDONLY);
    if (p == (void *)-1) { perror("shmat"); return 1; }
    shmdt(p);
    printf("visited\\n");
    fflush(stdout);
    pause();
    return 0;
}
`

export const producerBin = (): Promise<string> => compileC('monitor-producer', PRODUCER)
export const holderBin = (): Promise<string> => compileC('monitor-holder', HOLDER)
export const cyclerBin = (): Promise<string> => compileC('monitor-cycler', CYCLER)
export const visitorBin = (): Promise<string> => compileC('monitor-visitor', VISITOR)
