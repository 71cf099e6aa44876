/* sensor.c — one sensor writing struct SensorData ten times a second: a slow wave.
 * Build: gcc -Wall -o sensor sensor.c -lm    Run: ./sensor /tmp/some-file 1 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include "sensor.h"

int main(int argc, char **argv) {
    int sensor = argc > 2 ? atoi(argv[2]) : 1;
    int id = shmget(ftok(argc > 1 ? argv[1] : "/tmp", 9 + sensor), sizeof(struct SensorData), IPC_CREAT | 0644);
    if (id == -1) { perror("shmget"); return 1; }
    struct SensorData *d = shmat(id, NULL, 0);
    if (d == (void *)-1) { perror("shmat"); return 1; }
    d->sensor_id = sensor;
    for (double t = 0;; t += 0.1) {
        d->value = 20 + sensor * 3 + 6 * sin(t * 2 * M_PI / (14 + sensor * 5));
        strcpy(d->status, d->value > 27 + sensor * 3 ? "HIGH" : d->value < 15 + sensor * 3 ? "LOW" : "OK");
        usleep(100000);
    }
}
