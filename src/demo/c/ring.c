/* ring.c — a single-producer single-consumer ring buffer in a POSIX shm_open() object.
 * Build: gcc -Wall -o ring ring.c -lrt    Run: ./ring produce  and, in another shell, ./ring consume */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "ring.h"

int main(int argc, char **argv) {
    int producer = argc > 1 && strcmp(argv[1], "produce") == 0;
    int fd = shm_open("/demo-ring", O_RDWR | (producer ? O_CREAT : 0), 0644);
    if (fd == -1) { perror("shm_open"); return 1; }
    if (producer && ftruncate(fd, sizeof(ring_t)) == -1) { perror("ftruncate"); return 1; }
    ring_t *r = mmap(NULL, sizeof(ring_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (r == MAP_FAILED) { perror("mmap"); return 1; }
    close(fd);
    if (producer) r->capacity = RING_SLOTS;
    for (;;) {
        if (producer && r->head - r->tail < RING_SLOTS) {
            r->slots[r->head % RING_SLOTS] = (int32_t)r->head;
            r->head++;
            r->produced++;
        } else if (!producer && r->tail < r->head) {
            printf("got %d\n", r->slots[r->tail % RING_SLOTS]);
            r->tail++;
        }
        usleep(producer ? 150000 : 250000);
    }
}
