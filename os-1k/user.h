/* user.h: the system calls as seen by user programs. */
/* SPDX-License-Identifier: MIT */
#ifndef OS1K_USER_H
#define OS1K_USER_H

#include "common.h"

int getchar(void);
__attribute__((noreturn)) void exit(void);
int readfile(const char *name, char *buf, int len);
int writefile(const char *name, const char *buf, int len);
int listfile(int index, char *name, int len);
int spawn(void (*fn)(void));
int wait(int pid);
void sleep(int ms);
unsigned uptime(void);  /* timer ticks since boot, 100 a second */
int write(const char *buf, int len);

#endif
