/* writer.c — the classic System V writer: ftok a key, create a segment, write a message,
 * wait for readers, mark it for removal (IPC_RMID) while still attached, then detach.
 * Build: gcc -Wall -o writer writer.c    Run: ./writer /tmp/some-file */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include "demo_message.h"

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "/tmp";
    key_t key = ftok(path, 1);
    if (key == -1) { perror("ftok"); return 1; }
    int id = shmget(key, sizeof(demo_message_t), IPC_CREAT | IPC_EXCL | 0644);
    if (id == -1) { perror("shmget"); return 1; }
    demo_message_t *msg = shmat(id, NULL, 0);
    if (msg == (void *)-1) { perror("shmat"); return 1; }
    msg->writer_pid = getpid();
    snprintf(msg->text, sizeof msg->text, "Hello from the writer (pid %d)", (int)getpid());
    msg->length = (int)strlen(msg->text);
    printf("shmid %d, key 0x%08x: message written; readers may attach now\n", id, (unsigned)key);
    sleep(9);
    shmctl(id, IPC_RMID, NULL); /* marked for destruction: it lives until the last detach */
    printf("marked for removal; still attached for 4 s\n");
    sleep(4);
    shmdt(msg);
    return 0;
}
