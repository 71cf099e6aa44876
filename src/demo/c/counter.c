/* counter.c — adds 1 to a shared counter, with or without a System V semaphore around the
 * read-modify-write. Without it, increments get lost; each worker also counts its own.
 * Build: gcc -Wall -o counter counter.c
 * Run:   ./counter /tmp/some-file <slot 0..3> [lock]   (start several, then compare) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include "counter.h"

static void sem_add(int semid, short delta) {
    struct sembuf op = { 0, delta, SEM_UNDO };
    if (semop(semid, &op, 1) == -1) { perror("semop"); exit(1); }
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "/tmp";
    int slot = argc > 2 ? atoi(argv[2]) : 0;
    int locked = argc > 3 && strcmp(argv[3], "lock") == 0;
    int id = shmget(ftok(path, locked ? 20 : 22), sizeof(counter_t), IPC_CREAT | 0644);
    if (id == -1 || slot < 0 || slot >= MAX_WORKERS) { fprintf(stderr, "bad setup\n"); return 1; }
    counter_t *c = shmat(id, NULL, 0);
    if (c == (void *)-1) { perror("shmat"); return 1; }
    int semid = -1;
    if (locked) {
        semid = semget(ftok(path, 21), 1, IPC_CREAT | IPC_EXCL | 0600);
        if (semid != -1) semctl(semid, 0, SETVAL, 1);     /* the first worker creates it free */
        else semid = semget(ftok(path, 21), 1, 0);
    }
    for (;;) {
        if (locked) sem_add(semid, -1);
        int v = c->counter;                               /* read ... */
        c->counter = v + 1;                               /* ... modify, write: not atomic */
        c->increments[slot]++;
        if (locked) sem_add(semid, +1);
        if (c->increments[slot] % 50 == 0) usleep(15000);
    }
}
